"""Officers write “You said, we did” items for a consultation, or draft them
from what people said (the themes their answers were coded to)."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from improvement import feedback_services
from improvement.link_forms import FeedbackItemForm
from sendportal.form_views import ServiceFormMixin

from ..models import YouSaidWeDid
from .staff import FORM_PAGE
from .staff import ConsultationObjectMixin


class YouSaidWeDidFormView(
    ConsultationObjectMixin,
    ServiceFormMixin[FeedbackItemForm],
    FormView[FeedbackItemForm],
):
    """Add an item to a consultation's feedback, or edit one when the URL names it."""

    permission_required = "consultations.manage_consultation"
    form_class = FeedbackItemForm
    template_name = FORM_PAGE

    @cached_property
    def item(self) -> YouSaidWeDid | None:
        """The item being edited, one of this consultation's; none when adding."""
        return self.part_named(self.consultation.feedback_items.all(), "item_pk")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["strategy"] = self.consultation.strategy
        kwargs["actions"] = feedback_services.answerable_actions(self.consultation)
        kwargs["instance"] = self.item or YouSaidWeDid(consultation=self.consultation)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit “You said, we did”")
            if self.item
            else _("Add to “You said, we did”"),
            caption=self.consultation.title,
            lead=_(
                "Summarise what people said in your own words. Do not quote "
                "anything that could identify someone."
            ),
            back_url=self.consultation.get_staff_url(),
        )
        return context

    success_message = _("Saved.")

    def perform(self, form: FeedbackItemForm) -> YouSaidWeDid:
        return feedback_services.feedback_item_save(
            consultation=self.consultation,
            by=self.staff_user,
            data=form.cleaned_data,
            item=self.item,
        )


class FeedbackDraftView(ConsultationObjectMixin, View):
    """POST: draft an unpublished item for each theme people raised."""

    permission_required = "consultations.manage_consultation"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        drafted = feedback_services.feedback_drafts_create(
            consultation=self.consultation, by=self.staff_user
        )
        if drafted:
            messages.success(
                request,
                ngettext(
                    "%(count)d item drafted. Edit its wording, then choose to show "
                    "it on the public page.",
                    "%(count)d items drafted. Edit their wording, then choose which "
                    "to show on the public page.",
                    len(drafted),
                )
                % {"count": len(drafted)},
            )
        else:
            messages.info(
                request,
                _("Every theme people raised already has an item: nothing drafted."),
            )
        return redirect(f"{self.consultation.get_staff_url()}#you-said-we-did")
