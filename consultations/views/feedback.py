"""Officers write “You said, we did” items for a consultation."""

from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _
from django.views.generic import FormView

from sendportal.form_views import ServiceFormMixin

from .. import services
from ..models import YouSaidWeDid
from ..staff_forms import YouSaidWeDidForm
from .staff import FORM_PAGE
from .staff import ConsultationObjectMixin


class YouSaidWeDidFormView(
    ConsultationObjectMixin,
    ServiceFormMixin[YouSaidWeDidForm],
    FormView[YouSaidWeDidForm],
):
    """Add an item to a consultation's feedback, or edit one when the URL names it."""

    permission_required = "consultations.manage_consultation"
    form_class = YouSaidWeDidForm
    template_name = FORM_PAGE

    @cached_property
    def item(self) -> YouSaidWeDid | None:
        """The item being edited, one of this consultation's; none when adding."""
        return self.part_named(self.consultation.feedback_items.all(), "item_pk")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["strategy"] = self.consultation.strategy
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

    def perform(self, form: YouSaidWeDidForm) -> YouSaidWeDid:
        return services.feedback_item_save(
            consultation=self.consultation,
            by=self.staff_user,
            data=form.cleaned_data,
            item=self.item,
        )
