"""Officers' pages for planning events, bookings, attendance and findings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django.views.generic import ListView
from django.views.generic import TemplateView

from sendportal.areas.mixins import StaffAreaMixin
from sendportal.audit.models import AuditEvent

from . import services
from .forms import AttendanceForm
from .forms import EventForm
from .forms import EventSessionForm
from .forms import FindingForm
from .forms import TopicFindingsForm
from .models import Event
from .models import EventSession
from .models import Finding
from .models import FindingKind
from .resources import BookingExportResource


class EventListView(StaffAreaMixin, ListView[Event]):
    template_name = "events/staff/event_list.html"
    context_object_name = "events"

    def get_queryset(self) -> QuerySet[Event]:
        return (
            Event.objects.for_area(self.area)
            .select_related("area")
            .with_places_taken()
            .order_by("-starts_at")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add_event"] = self.request.user.has_perm(
            "events.add_event", self.area
        )
        return context


class EventObjectMixin(StaffAreaMixin):
    """Loads `self.event` from the URL, scoped to the area (404 elsewhere)."""

    event: Event
    kwargs: dict[str, Any]

    def load_event(self) -> Event:
        self.event = get_object_or_404(
            Event.objects.for_area(self.area)
            .select_related("area", "strategy", "district")
            .with_places_taken(),
            pk=self.kwargs["pk"],
        )
        return self.event

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["caption"] = self.event.title
        context["back_url"] = self.event.get_staff_url()
        return context


class EventDetailView(EventObjectMixin, TemplateView):
    template_name = "events/staff/event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.load_event()
        context = super().get_context_data(**kwargs)
        user = self.request.user
        event = self.event
        context["back_url"] = reverse(
            "events_staff:event_list", kwargs={"area_slug": self.area.slug}
        )
        context["sessions"] = event.sessions.select_related("priority")
        context["bookings_by_status"] = {
            status: event.bookings.filter(status=status).count()
            for status in ("confirmed", "waiting", "cancelled")
        }
        context["attendance"] = event.attendance_counts.all()
        context["findings"] = (
            Finding.objects.filter(event=event)
            .select_related("session", "priority")
            .prefetch_related("themes")
        )
        context["can_change"] = user.has_perm("events.change_event", event)
        context["can_manage"] = user.has_perm("events.manage_event", event)
        context["can_cancel"] = user.has_perm("events.cancel_event", event)
        context["can_view_bookings"] = user.has_perm("events.view_bookings", event)
        context["can_record"] = user.has_perm("events.record_outcomes", event)
        context["next_steps"] = [
            (to, label)
            for to, label in (
                ("open", _("Open for booking")),
                ("held", _("Mark as held")),
                ("written_up", _("Publish the write-up")),
            )
            if event.status in services.TRANSITIONS[to]
        ]
        context["history"] = AuditEvent.objects.for_subject(event)[:50]
        return context


class EventFormView(StaffAreaMixin, FormView[EventForm]):
    """Plan an event, or edit one when the URL names it."""

    form_class = EventForm
    template_name = "strategies/staff/form_page.html"
    event: Event | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        if "pk" in self.kwargs:
            self.event = get_object_or_404(
                Event.objects.for_area(self.area), pk=self.kwargs["pk"]
            )
            self.require("events.change_event", self.event)
        else:
            self.require("events.add_event", self.area)
        kwargs = super().get_form_kwargs()
        kwargs["area"] = self.area
        kwargs["instance"] = self.event
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.event:
            context["title"] = _("Edit event")
            context["caption"] = self.event.title
            context["back_url"] = self.event.get_staff_url()
        else:
            context["title"] = _("Plan an event")
            context["back_url"] = reverse(
                "events_staff:event_list", kwargs={"area_slug": self.area.slug}
            )
        return context

    def form_valid(self, form: EventForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        try:
            if self.event:
                event = services.event_update(
                    event=self.event, by=self.staff_user, data=data
                )
            else:
                event = services.event_create(
                    area=self.area, by=self.staff_user, data=data
                )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Event saved"))
        return redirect(event.get_staff_url())


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


TRANSITION_TEXT = {
    "open": (
        _("Open this event for booking?"),
        _("The event will be shown on the public events page and families can book."),
        _("Open for booking"),
    ),
    "held": (
        _("Mark this event as held?"),
        _("You can then record who came and what was said."),
        _("Mark as held"),
    ),
    "written_up": (
        _("Publish the write-up?"),
        _("The findings, attendance and recording will be shown to the public."),
        _("Publish the write-up"),
    ),
    "cancel": (
        _("Cancel this event?"),
        _("Everyone booked or on the waiting list will be emailed that it is off."),
        _("Cancel event"),
    ),
}


class EventTransitionView(EventObjectMixin, TemplateView):
    """Confirm and take one lifecycle step: open, held, write-up or cancel."""

    template_name = "strategies/staff/confirm.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if kwargs["step"] not in TRANSITION_TEXT:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def check(self) -> None:
        self.load_event()
        step = self.kwargs["step"]
        permission = (
            "events.cancel_event" if step == "cancel" else "events.manage_event"
        )
        self.require(permission, self.event)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        title, lead, button = TRANSITION_TEXT[self.kwargs["step"]]
        context.update(
            title=title,
            lead=lead,
            button=button,
            warning=self.kwargs["step"] == "cancel",
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check()
        step = self.kwargs["step"]
        try:
            if step == "cancel":
                services.event_cancel(event=self.event, by=self.staff_user)
            else:
                services.event_transition(event=self.event, by=self.staff_user, to=step)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Event updated"))
        return redirect(self.event.get_staff_url())


class SessionFormView(EventObjectMixin, FormView[EventSessionForm]):
    form_class = EventSessionForm
    template_name = "strategies/staff/form_page.html"
    session: EventSession | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        self.load_event()
        self.require("events.change_event", self.event)
        if "session_pk" in self.kwargs:
            self.session = get_object_or_404(
                self.event.sessions.all(), pk=self.kwargs["session_pk"]
            )
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        kwargs["instance"] = self.session
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit topic") if self.session else _("Add a topic")
        return context

    def form_valid(self, form: EventSessionForm) -> HttpResponse:
        form.instance.event = self.event
        session = form.save()
        from sendportal.audit.models import AuditVerb
        from sendportal.audit.services import record_event

        record_event(
            by=self.staff_user,
            verb=AuditVerb.EVENT_SESSION_SAVED,
            target=session,
            area_id=self.area.pk,
            subject=self.event,
        )
        messages.success(self.request, _("Topic saved"))
        return redirect(self.event.get_staff_url())


class BookingListView(EventObjectMixin, TemplateView):
    template_name = "events/staff/booking_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.load_event()
        self.require("events.view_bookings", self.event)
        context = super().get_context_data(**kwargs)
        context["bookings"] = self.event.bookings.order_by("status", "created_at")
        return context


def booking_export(
    request: HttpRequest, area_slug: str, pk: int, file_format: str
) -> HttpResponse:
    """The event's bookings as CSV or XLSX, every text cell formula-escaped."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    from sendportal.areas.mixins import area_from_slug

    area = area_from_slug(request, area_slug)
    if not request.user.has_perm("areas.view_staff_area", area):
        raise PermissionDenied
    event = get_object_or_404(Event.objects.for_area(area), pk=pk)
    if not request.user.has_perm("events.view_bookings", event):
        raise PermissionDenied
    dataset = BookingExportResource().export(
        event.bookings.order_by("status", "created_at")
    )
    stamp = timezone.localdate().isoformat()
    filename = f"bookings-event-{event.pk}-{stamp}.{file_format}"
    if file_format == "csv":
        response = HttpResponse(dataset.csv, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            dataset.xlsx,
            content_type="application/vnd.openxmlformats-officedocument."
            "spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class AttendanceFormView(EventObjectMixin, FormView[AttendanceForm]):
    form_class = AttendanceForm
    template_name = "strategies/staff/form_page.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        self.load_event()
        self.require("events.record_outcomes", self.event)
        return super().get_form_kwargs()

    def get_initial(self) -> dict[str, Any]:
        return dict(
            self.event.attendance_counts.values_list("respondent_type", "count")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Who came")
        context["lead"] = _(
            "Enter how many people of each kind came. Leave a box blank if none did."
        )
        return context

    def form_valid(self, form: AttendanceForm) -> HttpResponse:
        services.attendance_record(
            event=self.event, by=self.staff_user, counts=form.cleaned_data
        )
        messages.success(self.request, _("Attendance saved"))
        return redirect(self.event.get_staff_url())


class FindingFormView(EventObjectMixin, FormView[FindingForm]):
    form_class = FindingForm
    template_name = "strategies/staff/form_page.html"
    finding: Finding | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        self.load_event()
        self.require("events.record_outcomes", self.event)
        if "finding_pk" in self.kwargs:
            self.finding = get_object_or_404(
                Finding.objects.filter(event=self.event), pk=self.kwargs["finding_pk"]
            )
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        kwargs["instance"] = self.finding
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        session = self.request.GET.get("session")
        if session and session.isdigit():
            initial["session"] = int(session)
        if self.request.GET.get("kind") in FindingKind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit finding") if self.finding else _("Add a finding")
        context["lead"] = _(
            "Record what people said, in their words, and code it to the themes "
            "and priority it speaks to."
        )
        return context

    def form_valid(self, form: FindingForm) -> HttpResponse:
        try:
            services.finding_save(
                event=self.event,
                by=self.staff_user,
                data=form.cleaned_data,
                finding=self.finding,
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Finding saved"))
        return redirect(self.event.get_staff_url())


class TopicFindingsView(EventObjectMixin, FormView[TopicFindingsForm]):
    """Type up a topic's flipchart: what works well, what would be better if."""

    form_class = TopicFindingsForm
    template_name = "strategies/staff/form_page.html"
    session: EventSession

    def get_form_kwargs(self) -> dict[str, Any]:
        self.load_event()
        self.require("events.record_outcomes", self.event)
        self.session = get_object_or_404(
            self.event.sessions.select_related("event", "priority"),
            pk=self.kwargs["session_pk"],
        )
        kwargs = super().get_form_kwargs()
        kwargs["session"] = self.session
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["caption"] = self.session.title
        context["title"] = _("Record what people said about this topic")
        context["lead"] = _(
            "Type each statement on its own line, as it was written on the "
            "flipchart. The themes and priority you choose apply to all of them; "
            "you can change any one afterwards."
        )
        return context

    def form_valid(self, form: TopicFindingsForm) -> HttpResponse:
        findings = services.findings_record_for_topic(
            session=self.session,
            by=self.staff_user,
            statements=form.statements(),
            themes=list(form.cleaned_data["themes"]),
            priority=form.cleaned_data["priority"],
        )
        messages.success(
            self.request,
            _("%(count)s findings saved") % {"count": len(findings)},
        )
        return redirect(self.event.get_staff_url())
