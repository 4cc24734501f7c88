"""Public event pages: listings, booking without an account, write-ups."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django.views.generic import FormView
from django.views.generic import TemplateView

from sendportal.areas.mixins import AreaMixin
from sendportal.disclosure import SuppressedTable
from sendportal.disclosure import suppress
from sendportal.security import shows_personal_data
from sendportal.throttle import PublicFormMixin

from . import services
from .forms import BookingForm
from .models import AttendanceCount
from .models import Booking
from .models import BookingStatus
from .models import Event
from .models import EventQuerySet
from .models import EventSession
from .models import EventStatus
from .models import Finding
from .models import FindingKind
from .models import RespondentType


def attendance_table(counts: Iterable[AttendanceCount]) -> SuppressedTable:
    """Who came, by respondent type in the code list's order, as the public sees it."""
    order = {code: position for position, code in enumerate(RespondentType.values)}
    ordered = sorted(counts, key=lambda c: order.get(c.respondent_type, len(order)))
    return suppress({str(c.get_respondent_type_display()): c.count for c in ordered})


class PublicEventMixin(AreaMixin):
    kwargs: dict[str, Any]

    def event_queryset(self) -> EventQuerySet:
        return (
            Event.objects.for_area(self.area)
            .visible_to(self.request.user)
            .select_related("area", "district", "strategy")
        )

    def load_event(self) -> Event:
        return get_object_or_404(
            self.event_queryset().with_places_taken(), pk=self.kwargs["pk"]
        )


@method_decorator(login_not_required, name="dispatch")
class EventListView(PublicEventMixin, TemplateView):
    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        events = (
            Event.objects.for_area(self.area)
            .public()
            .select_related("area")
            .with_places_taken()
        )
        context["upcoming_events"] = events.upcoming()
        context["past_events"] = events.past().exclude(status=EventStatus.CANCELLED)
        return context


@method_decorator(login_not_required, name="dispatch")
class EventDetailView(PublicEventMixin, DetailView[Event]):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset: QuerySet[Event] | None = None) -> Event:
        return self.load_event()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.object
        context["sessions"] = event.sessions.select_related("priority")
        context["can_book"] = self.request.user.has_perm("events.book_event", event)
        context["is_full"] = event.places_left() == 0
        context["back_url"] = _list_url(self.area.slug)
        return context


def _list_url(area_slug: str) -> str:
    from django.urls import reverse

    return reverse("events:event_list", kwargs={"area_slug": area_slug})


# Which field a refusal from booking_create is about (None: the whole form).
ERROR_FIELDS = {"too_many_places": "places", "already_booked": "email"}


@method_decorator(login_not_required, name="dispatch")
class BookingCreateView(PublicFormMixin, PublicEventMixin, FormView[BookingForm]):
    template_name = "events/booking_form.html"
    form_class = BookingForm
    event: Event
    already_booked = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.event = self.load_event()
        if not request.user.has_perm("events.book_event", self.event):
            return redirect(self.event.get_absolute_url())
        return super().get(request, *args, **kwargs)

    @method_decorator(shows_personal_data)
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.event = self.load_event()
        if not request.user.has_perm("events.book_event", self.event):
            return redirect(self.event.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["is_full"] = self.event.places_left() == 0
        context["back_url"] = self.event.get_absolute_url()
        context["already_booked"] = self.already_booked
        return context

    def form_valid(self, form: BookingForm) -> HttpResponse:
        try:
            booking = services.booking_create(
                event=self.event,
                data=form.cleaned_data,
                token=form.cleaned_data.get("submission_token"),
            )
        except ValidationError as error:
            self.already_booked = error.code == "already_booked"
            form.add_error(ERROR_FIELDS.get(str(error.code)), error)
            return self.form_invalid(form)
        return redirect(booking.get_absolute_url())


class BookingTokenMixin(AreaMixin):
    kwargs: dict[str, Any]

    def load_booking(self) -> Booking:
        pk = Booking.pk_from_token(self.kwargs["token"])
        if pk is None:
            raise Http404
        return get_object_or_404(
            Booking.objects.select_related("event__area", "event__district"),
            pk=pk,
            event__area=self.area,
        )


@method_decorator([login_not_required, shows_personal_data], name="dispatch")
class BookingDetailView(BookingTokenMixin, TemplateView):
    """The confirmation page, reached after booking and from emailed links."""

    template_name = "events/booking_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        booking = self.load_booking()
        context["booking"] = booking
        context["event"] = booking.event
        # "Email me what comes of this event" (follow/): asked already or not.
        context["following"] = booking.follow_subscriptions.filter(
            unsubscribed_at__isnull=True
        ).exists()
        return context


@method_decorator([login_not_required, shows_personal_data], name="dispatch")
class BookingCancelView(PublicFormMixin, BookingTokenMixin, TemplateView):
    template_name = "events/booking_cancel.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        booking = self.load_booking()
        context["booking"] = booking
        context["event"] = booking.event
        context["back_url"] = booking.get_absolute_url()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        booking = self.load_booking()
        if booking.status != BookingStatus.CANCELLED:
            services.booking_cancel(booking=booking)
        return redirect(booking.get_absolute_url())


@method_decorator(login_not_required, name="dispatch")
class EventWriteUpView(PublicEventMixin, DetailView[Event]):
    """What was said at a held event, by topic, with who came and the recording."""

    template_name = "events/event_writeup.html"
    context_object_name = "event"

    def get_object(self, queryset: QuerySet[Event] | None = None) -> Event:
        event = self.load_event()
        if not self.request.user.has_perm("events.view_writeup", event):
            raise Http404
        return event

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.object
        findings = Finding.objects.select_related("priority").prefetch_related("themes")
        sessions = event.sessions.select_related("priority").prefetch_related(
            Prefetch("findings", queryset=findings)
        )
        context["topics"] = [
            _topic(session.title, session, list(session.findings.all()))
            for session in sessions
        ]
        general = list(findings.filter(event=event, session__isnull=True))
        if general:
            context["topics"].append(_topic(_("Across the event"), None, general))
        context["attendance"] = attendance_table(event.attendance_counts.all())
        context["back_url"] = event.get_absolute_url()
        return context


def _topic(
    title: str, session: EventSession | None, findings: list[Finding]
) -> dict[str, Any]:
    return {
        "title": title,
        "session": session,
        "groups": [
            (label, [f for f in findings if f.kind == kind])
            for kind, label in FindingKind.choices
            if any(f.kind == kind for f in findings)
        ],
    }
