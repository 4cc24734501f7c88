"""Officers' pages for planning events, bookings, attendance and findings."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
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
from django.views.generic import View

from improvement.citing import citable_actions
from improvement.citing import cite_selected
from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.mixins import StaffObjectMixin
from sendportal.audit.models import AuditEvent
from sendportal.exports import workbook_bytes
from sendportal.form_views import ServiceFormMixin
from sendportal.params import choice_param
from sendportal.params import int_param
from sendportal.params import int_values
from sendportal.plain_english import needing_attention

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
    permission_required = "areas.view_staff_area"
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
        context["can_add_event"] = self.can("events.add_event")
        return context


class EventObjectMixin(StaffObjectMixin[Event]):
    """A page about one event of the area (404 for another area's)."""

    permission_required = "events.change_event"

    def get_object_queryset(self) -> QuerySet[Event]:
        return (
            Event.objects.for_area(self.area)
            .select_related("area", "strategy", "district")
            .with_places_taken()
        )

    @property
    def event(self) -> Event:
        return self.staff_object

    def success_url_for(self, result: Any) -> str:
        return self.event.get_staff_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["caption"] = self.event.title
        context["back_url"] = self.event.get_staff_url()
        return context


class EventDetailView(EventObjectMixin, TemplateView):
    """An event, its findings, and citing findings as evidence for an action."""

    permission_required = "events.view_event"
    # Citing findings (the page's one form); the action's own rights are checked too.
    post_permission_required = "events.cite_findings"
    template_name = "events/staff/event_detail.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = cite_selected(
            request,
            area=self.area,
            user=self.staff_user,
            item_field="findings",
            items=Finding.objects.filter(event=self.event),
            item_required=_("Select at least one finding to cite"),
        )
        if form is None:
            return redirect(self.event.get_staff_url() + "#findings")
        selected = int_values(request.POST.getlist("findings"))
        return self.render_to_response(
            self.get_context_data(form=form, selected_findings=selected)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
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
        context["can_change"] = self.can("events.change_event", event)
        context["can_manage"] = self.can("events.manage_event", event)
        context["can_cancel"] = self.can("events.cancel_event", event)
        context["can_view_bookings"] = self.can("events.view_bookings", event)
        context["can_record"] = self.can("events.record_outcomes", event)
        context["cite_actions"] = (
            list(citable_actions(self.area, self.staff_user))
            if self.can("events.cite_findings", event)
            else []
        )
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


class EventCreateView(StaffAreaMixin, ServiceFormMixin[EventForm], FormView[EventForm]):
    """Plan an event; `EventUpdateView` edits one with the same form."""

    permission_required = "events.add_event"
    form_class = EventForm
    template_name = "staff/form_page.html"

    def editing(self) -> Event | None:
        """The event being edited; none when planning one."""
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["area"] = self.area
        kwargs["instance"] = self.editing()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if editing := self.editing():
            context["title"] = _("Edit event")
            context["caption"] = editing.title
            context["back_url"] = editing.get_staff_url()
        else:
            context["title"] = _("Plan an event")
            context["back_url"] = reverse(
                "events_staff:event_list", kwargs={"area_slug": self.area.slug}
            )
        return context

    success_message = _("Event saved")

    def perform(self, form: EventForm) -> Event:
        data = dict(form.cleaned_data)
        if editing := self.editing():
            return services.event_update(event=editing, by=self.staff_user, data=data)
        return services.event_create(area=self.area, by=self.staff_user, data=data)

    def success_url_for(self, result: Event) -> str:
        return result.get_staff_url()


class EventUpdateView(EventObjectMixin, EventCreateView):
    """Edit an event's details."""

    permission_required = "events.change_event"

    def editing(self) -> Event:
        return self.event


@dataclass(frozen=True)
class Step:
    """A lifecycle step: the permission it needs and its confirmation page."""

    permission: str
    title: str
    lead: str
    button: str


# Whether the step fits the event's status is the service's decision (the
# officer then sees why not); the permission only says who may try.
STEPS = {
    "open": Step(
        "events.manage_event",
        _("Open this event for booking?"),
        _("The event will be shown on the public events page and families can book."),
        _("Open for booking"),
    ),
    "held": Step(
        "events.manage_event",
        _("Mark this event as held?"),
        _("You can then record who came and what was said."),
        _("Mark as held"),
    ),
    "written_up": Step(
        "events.manage_event",
        _("Publish the write-up?"),
        _("The findings, attendance and recording will be shown to the public."),
        _("Publish the write-up"),
    ),
    "cancel": Step(
        "events.cancel_event",
        _("Cancel this event?"),
        _("Everyone booked or on the waiting list will be emailed that it is off."),
        _("Cancel event"),
    ),
}


class EventTransitionView(EventObjectMixin, TemplateView):
    """Confirm and take one lifecycle step: open, held, write-up or cancel."""

    template_name = "staff/confirm.html"

    @cached_property
    def step(self) -> Step:
        try:
            return STEPS[self.kwargs["step"]]
        except KeyError:
            raise Http404 from None

    def get_permission_required(self) -> tuple[str, ...]:
        return (self.step.permission,)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.step.title,
            lead=self.step.lead,
            button=self.step.button,
            warning=self.kwargs["step"] == "cancel",
        )
        if self.kwargs["step"] in ("open", "written_up"):
            context["wording_summary"] = needing_attention(self.event.public_texts())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
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


class SessionFormView(
    EventObjectMixin, ServiceFormMixin[EventSessionForm], FormView[EventSessionForm]
):
    """Add a topic to an event, or edit one when the URL names it."""

    permission_required = "events.change_event"
    form_class = EventSessionForm
    template_name = "staff/form_page.html"

    @cached_property
    def session(self) -> EventSession | None:
        return self.part_named(self.event.sessions.all(), "session_pk")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        kwargs["instance"] = self.session
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit topic") if self.session else _("Add a topic")
        return context

    success_message = _("Topic saved")

    def perform(self, form: EventSessionForm) -> EventSession:
        return services.session_save(
            event=self.event,
            by=self.staff_user,
            data=form.cleaned_data,
            session=self.session,
        )


class BookingListView(EventObjectMixin, TemplateView):
    permission_required = "events.view_bookings"
    template_name = "events/staff/booking_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["bookings"] = self.event.bookings.order_by("status", "created_at")
        return context


class BookingExportView(EventObjectMixin, View):
    """The event's bookings as CSV or XLSX, every text cell formula-escaped."""

    permission_required = "events.view_bookings"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        file_format = self.kwargs["file_format"]
        if file_format not in ("csv", "xlsx"):
            raise Http404
        event = self.event
        dataset = BookingExportResource().export(
            event.bookings.order_by("status", "created_at")
        )
        stamp = timezone.localdate().isoformat()
        filename = f"bookings-event-{event.pk}-{stamp}.{file_format}"
        if file_format == "csv":
            response = HttpResponse(dataset.csv, content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                workbook_bytes(dataset, title=str(_("Bookings"))),
                content_type="application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


class AttendanceFormView(
    EventObjectMixin, ServiceFormMixin[AttendanceForm], FormView[AttendanceForm]
):
    permission_required = "events.record_outcomes"
    form_class = AttendanceForm
    template_name = "staff/form_page.html"

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

    success_message = _("Attendance saved")

    def perform(self, form: AttendanceForm) -> None:
        services.attendance_record(
            event=self.event, by=self.staff_user, counts=form.cleaned_data
        )


class FindingFormView(
    EventObjectMixin, ServiceFormMixin[FindingForm], FormView[FindingForm]
):
    """Add a finding to a held event, or edit one when the URL names it."""

    permission_required = "events.record_outcomes"
    form_class = FindingForm
    template_name = "staff/form_page.html"

    @cached_property
    def finding(self) -> Finding | None:
        return self.part_named(self.event.findings.all(), "finding_pk")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        kwargs["instance"] = self.finding
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if (session := int_param(self.request.GET, "session")) is not None:
            initial["session"] = session
        if kind := choice_param(self.request.GET, "kind", FindingKind.values):
            initial["kind"] = kind
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit finding") if self.finding else _("Add a finding")
        context["lead"] = _(
            "Record what people said, in their words, and code it to the themes "
            "and priority it speaks to."
        )
        return context

    success_message = _("Finding saved")

    def perform(self, form: FindingForm) -> Finding:
        return services.finding_save(
            event=self.event,
            by=self.staff_user,
            data=form.cleaned_data,
            finding=self.finding,
        )


class TopicFindingsView(
    EventObjectMixin, ServiceFormMixin[TopicFindingsForm], FormView[TopicFindingsForm]
):
    """Type up a topic's flipchart: what works well, what would be better if."""

    permission_required = "events.record_outcomes"
    form_class = TopicFindingsForm
    template_name = "staff/form_page.html"

    @cached_property
    def session(self) -> EventSession:
        return get_object_or_404(
            self.event.sessions.select_related("event", "priority"),
            pk=self.kwargs["session_pk"],
        )

    def get_form_kwargs(self) -> dict[str, Any]:
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

    def perform(self, form: TopicFindingsForm) -> list[Finding]:
        return services.findings_record_for_topic(
            session=self.session,
            by=self.staff_user,
            statements=form.statements(),
            themes=list(form.cleaned_data["themes"]),
            priority=form.cleaned_data["priority"],
        )

    def get_success_message(self, result: list[Finding]) -> str:
        return _("%(count)s findings saved") % {"count": len(result)}
