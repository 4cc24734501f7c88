"""Staff pages that link an action to what people said: themes and evidence."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views.generic import FormView
from django.views.generic import View

from sendportal.form_views import ServiceFormMixin
from strategies.models import Theme

from . import services
from .link_forms import ActionThemesForm
from .models import Action
from .models import ActionEvidence
from .staff_views import FormPageMixin
from .staff_views import PlanRowMixin


def links_url(action: Action) -> str:
    return f"{action.get_staff_url()}#what-people-said"


class ActionLinkMixin(PlanRowMixin[Action]):
    """Changing an action's links: for whoever may update the action."""

    permission_required = "improvement.update_action"

    def get_row_queryset(self) -> QuerySet[Action]:
        return Action.objects.for_plan(self.plan).select_related("plan__area")

    @property
    def action(self) -> Action:
        return self.plan_row


class ActionThemeLinkView(
    FormPageMixin,
    ActionLinkMixin,
    ServiceFormMixin[ActionThemesForm],
    FormView[ActionThemesForm],
):
    """Tick the themes an action responds to (the action page shows the same form)."""

    template_name = "staff/form_page.html"
    form_class = ActionThemesForm
    page_title = gettext_lazy("Which themes does this action respond to?")

    def page_caption(self) -> str:
        return str(self.action)

    def back_url(self) -> str:
        return links_url(self.action)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "action": self.action}

    def perform(self, form: ActionThemesForm) -> int:
        themes = list(form.cleaned_data["themes"])
        for theme in themes:
            services.action_theme_link(
                action=self.action, theme=theme, by=self.staff_user
            )
        return len(themes)

    def get_success_message(self, result: int) -> str:
        return ngettext(
            "%(count)d theme linked.", "%(count)d themes linked.", result
        ) % {"count": result}

    def success_url_for(self, result: int) -> str:
        return links_url(self.action)


class ActionThemeUnlinkView(ActionLinkMixin, View):
    """POST: the action no longer responds to this theme."""

    http_method_names = ["post"]

    @cached_property
    def theme(self) -> Theme:
        return get_object_or_404(
            Theme.objects.filter(action_links__action=self.action),
            pk=self.kwargs["theme_pk"],
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.action_theme_unlink(
            action=self.action, theme=self.theme, by=self.staff_user
        )
        messages.success(request, _("Theme link removed."))
        return redirect(links_url(self.action))


class ActionEvidenceRemoveView(ActionLinkMixin, View):
    """POST: stop citing this answer or finding as the action's evidence."""

    http_method_names = ["post"]

    @cached_property
    def evidence(self) -> ActionEvidence:
        return get_object_or_404(
            ActionEvidence.objects.filter(action=self.action).select_related(
                "answer", "finding"
            ),
            pk=self.kwargs["evidence_pk"],
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.action_evidence_remove(evidence=self.evidence, by=self.staff_user)
        messages.success(request, _("Evidence removed from the action."))
        return redirect(links_url(self.action))
