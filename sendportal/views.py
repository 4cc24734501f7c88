"""Pages that bring the domain apps together: home pages, staff dashboards, health."""

import re
from typing import Any

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count
from django.db.utils import DatabaseError
from django.http import HttpRequest
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import TemplateView

from consultations.models import Consultation
from events.models import Event
from improvement.models import Plan
from improvement.models import ProgressReport
from sendportal.areas.mixins import AreaMixin
from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.models import LocalArea
from sendportal.celery import app as celery_app
from sendportal.forms import render_advice
from sendportal.outbox.services import outbox_health
from sendportal.plain_english import check
from strategies.models import Strategy


@method_decorator(login_not_required, name="dispatch")
class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["areas"] = LocalArea.objects.active()
        return context


@method_decorator(login_not_required, name="dispatch")
class AreaHomeView(AreaMixin, TemplateView):
    template_name = "area_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        strategies = list(
            Strategy.objects.for_area(self.area)
            .public()
            .select_related("area")
            .order_by("-period_start")
        )
        context["current_strategies"] = [
            s for s in strategies if s.status != "superseded"
        ]
        context["past_strategies"] = [s for s in strategies if s.status == "superseded"]
        context["open_consultations"] = list(
            Consultation.objects.for_area(self.area).open().order_by("closes_at")
        )
        context["upcoming_events"] = (
            Event.objects.for_area(self.area)
            .public()
            .select_related("area")
            .upcoming()[:3]
        )
        context["published_plans"] = (
            Plan.objects.for_area(self.area).published().select_related("area")
        )
        context["has_published_reports"] = (
            ProgressReport.objects.for_area(self.area).published().exists()
        )
        return context


class StaffDashboardView(TemplateView):
    """The areas a member of staff works in, with their role in each."""

    template_name = "staff/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        areas = LocalArea.objects.active()
        if not user.is_superuser:
            areas = areas.filter(pk__in=user.area_ids_with_role())  # type: ignore[union-attr]
        context["areas"] = [
            (area, sorted(user.roles_in(area)))  # type: ignore[union-attr]
            for area in areas
        ]
        context["can_add_area"] = user.has_perm("areas.add_localarea")
        return context


class StaffAreaHomeView(StaffAreaMixin, TemplateView):
    permission_required = "areas.view_staff_area"
    template_name = "staff/area_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["strategies"] = (
            Strategy.objects.for_area(self.area)
            .select_related("area")
            .order_by("-period_start")
        )
        context["can_add_strategy"] = self.can("strategies.add_strategy")
        context["consultations"] = (
            Consultation.objects.for_area(self.area)
            .select_related("area")
            .annotate(response_count=Count("responses"))
            .order_by("-opens_at")[:5]
        )
        context["events"] = (
            Event.objects.for_area(self.area)
            .select_related("area")
            .upcoming()
            .with_places_taken()
            .order_by("starts_at")[:5]
        )
        context["plans"] = Plan.objects.for_area(self.area).select_related("area")
        context["can_read_reports"] = self.can("improvement.view_progressreport")
        context["can_change_settings"] = self.can("areas.change_localarea")
        context["can_manage_people"] = self.can("accounts.manage_members")
        return context


# A longer text is checked on its first part: public texts are at most 10,000.
WORDING_CHECK_MAX_CHARS = 20_000
ADVICE_ID = re.compile(r"[\w-]{1,100}")


class WordingCheckView(StaffAreaMixin, View):
    """The plain-English advice on a text as it is typed, for the form pages'
    script: the same advice that "Check the wording" shows without it."""

    permission_required = "areas.view_staff_area"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        text = request.POST.get("text", "")[:WORDING_CHECK_MAX_CHARS]
        advice_id = request.POST.get("advice_id", "")
        if not ADVICE_ID.fullmatch(advice_id):
            advice_id = "wording"
        report = None
        if text.strip():
            report = check(text, easy_read=request.POST.get("easy_read") == "1")
        html = render_advice(
            report, advice_id=advice_id, label=request.POST.get("label", "")[:200]
        )
        return JsonResponse({"html": html})


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: 200 while the database answers.

    Also for monitoring: whether Redis and the Celery broker answer, and how
    many background tasks wait in the outbox, the oldest for how long
    ("stale" past OUTBOX_HEALTHY_MAX_AGE seconds). Those never fail the check:
    pages still work and tasks wait for the broker without being lost.
    """
    state: dict[str, str | int | float | None] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        state["database"] = "ok"
    except DatabaseError:
        state["database"] = "unavailable"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        client.ping()
        state["redis"] = "ok"
    except (redis.RedisError, OSError):
        state["redis"] = "unavailable"
    state["broker"] = "ok" if _broker_answers() else "unavailable"
    state.update(_outbox_state())
    status = 200 if state["database"] == "ok" else 503
    response = JsonResponse(state, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _broker_answers() -> bool:
    try:
        with celery_app.connection_for_read(
            settings.CELERY_BROKER_URL, connect_timeout=0.5
        ) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=1)
    except Exception:  # whatever the transport raises, it is down
        return False
    return True


def _outbox_state() -> dict[str, str | int | float | None]:
    try:
        health = outbox_health()
    except DatabaseError:
        return {
            "outbox": "unavailable",
            "outbox_pending": None,
            "outbox_oldest_pending_seconds": None,
        }
    return {
        "outbox": "ok" if health.is_healthy else "stale",
        "outbox_pending": health.pending,
        "outbox_oldest_pending_seconds": health.oldest_pending_seconds,
    }
