"""The public progress page of a strategy's published improvement plans."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from sendportal.areas.mixins import AreaMixin
from strategies.models import Strategy

from .dashboards import actions_by_priority
from .dashboards import kpi_rows
from .models import Action
from .models import ActionUpdate
from .models import FeedbackAction
from .models import Kpi
from .models import Plan
from .thread import latest_updates
from .thread import themes_of_actions


class PublishedPlanMixin(AreaMixin):
    """A public strategy of the area with at least one published plan (404 if none).

    Staff of the area see these pages only once a plan is published too: the
    pages are what families see.
    """

    kwargs: dict[str, Any]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.strategy = get_object_or_404(
            Strategy.objects.for_area(self.area).public(), pk=kwargs["strategy_pk"]
        )
        self.plans = list(
            Plan.objects.for_area(self.area)
            .published()
            .filter(strategy=self.strategy)
            .select_related("area", "strategy")
        )
        if not self.plans:
            raise Http404
        return super().get(request, *args, **kwargs)  # type: ignore[misc]


@method_decorator(login_not_required, name="dispatch")
class ProgressView(PublishedPlanMixin, TemplateView):
    """Priorities with their actions' RAG ratings, and the public KPIs."""

    template_name = "improvement/progress.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        priorities = list(self.strategy.priorities.all())
        # Families see the plan as it stands: retired actions and KPIs keep
        # their history on the staff pages only.
        actions = list(
            Action.objects.filter(plan__in=self.plans)
            .active()
            .select_related("priority")
            .order_by("priority__number", "sort_key")
        )
        latest = latest_updates(actions)
        themes = themes_of_actions(actions)
        for action in actions:
            action.latest_update = latest.get(action.pk)  # type: ignore[attr-defined]
            action.public_themes = themes[action.pk]  # type: ignore[attr-defined]
        context.update(
            strategy=self.strategy,
            plans=self.plans,
            groups=actions_by_priority(
                self.plans[0], actions, today=today, priorities=priorities
            ),
            kpi_rows=kpi_rows(
                list(Kpi.objects.filter(plan__in=self.plans).public().active())
            ),
        )
        return context


@method_decorator(login_not_required, name="dispatch")
class ActionProgressView(PublishedPlanMixin, TemplateView):
    """One action of a published plan: what it is, and every progress update."""

    template_name = "improvement/action_progress.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action = get_object_or_404(
            Action.objects.filter(plan__in=self.plans)
            .active()
            .select_related("priority", "workstream", "plan"),
            pk=self.kwargs["pk"],
        )
        context.update(
            strategy=self.strategy,
            action=action,
            overdue=action.is_overdue(timezone.localdate()),
            updates=list(ActionUpdate.objects.filter(action=action)),
            themes=themes_of_actions([action])[action.pk],
            feedback_links=list(FeedbackAction.objects.for_action(action)),
        )
        return context
