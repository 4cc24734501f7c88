"""Changes to events and bookings: each is atomic, audited, and emails after commit."""

import datetime
import uuid
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import model_changes
from sendportal.audit.services import model_update
from sendportal.audit.services import record_event
from sendportal.bsl import BSL_FIELDS
from sendportal.outbox.services import enqueue
from sendportal.submissions import earlier_submission
from strategies.models import Priority
from strategies.models import Theme

from .models import CANCELLABLE_EVENT_STATUSES
from .models import AttendanceCount
from .models import Booking
from .models import BookingStatus
from .models import Event
from .models import EventSession
from .models import EventStatus
from .models import Finding
from .tasks import send_booking_confirmation as send_booking_confirmation_task
from .tasks import send_booking_promoted as send_booking_promoted_task
from .tasks import send_event_cancelled as send_event_cancelled_task

EVENT_FIELDS = (
    "title",
    "event_type",
    "strategy",
    "phase_focus",
    "description",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "online_url",
    "district",
    "capacity",
    "bookings_per_email",
    "accessibility",
    "booking_opens_at",
    "booking_closes_at",
    "recording_url",
    "write_up",
    "coproduction_level",
    *BSL_FIELDS,
)
FINDING_FIELDS = ("session", "kind", "text", "priority", "sort", "themes")
SESSION_FIELDS = ("title", "description", "priority", "sort")
BOOKING_FIELDS = ("name", "email", "respondent_type", "access_requirements", "places")

# The lifecycle steps an officer can take, and the statuses each starts from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    EventStatus.OPEN: (EventStatus.PLANNED,),
    EventStatus.HELD: (EventStatus.OPEN, EventStatus.PLANNED),
    EventStatus.WRITTEN_UP: (EventStatus.HELD,),
}
TRANSITION_VERBS: dict[str, AuditVerb] = {
    EventStatus.OPEN: AuditVerb.EVENT_OPENED,
    EventStatus.HELD: AuditVerb.EVENT_HELD,
    EventStatus.WRITTEN_UP: AuditVerb.EVENT_WRITTEN_UP,
}


class EventError(ValidationError):
    """A step that does not fit the event's status or its places."""


@transaction.atomic
def event_create(*, area: LocalArea, by: User, data: Mapping[str, Any]) -> Event:
    """Plan a new event for an area; it stays private until booking opens."""
    event = Event(area=area, status=EventStatus.PLANNED)
    changes = model_update(instance=event, fields=EVENT_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.EVENT_CREATED,
        target=event,
        area_id=area.pk,
        changes=changes,
    )
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, data: Mapping[str, Any]) -> Event:
    """Change an event's details (not its status)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise EventError(_("A cancelled event cannot be changed."))
    capacity_before = event.capacity
    changes = model_update(instance=event, fields=EVENT_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.EVENT_UPDATED,
        target=event,
        area_id=event.area_id,
        changes=changes,
    )
    if event.status == EventStatus.OPEN and event.capacity > capacity_before:
        _promote_and_notify(event, by=by)
    return event


@transaction.atomic
def event_transition(*, event: Event, by: User, to: str) -> Event:
    """Open booking, mark as held, or publish the write-up."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    allowed_from = TRANSITIONS.get(to)
    if allowed_from is None or event.status not in allowed_from:
        raise EventError(
            _("This event is “%(status)s”, so that step is not possible.")
            % {"status": event.get_status_display()}
        )
    if to == EventStatus.HELD and event.starts_at > timezone.now():
        raise EventError(
            _("This event has not started yet. Mark it as held once it has begun.")
        )
    before = event.status
    event.status = to
    event.save(update_fields=["status", "updated_at"])
    record_event(
        by=by,
        verb=TRANSITION_VERBS[to],
        target=event,
        area_id=event.area_id,
        changes={"status": [before, to]},
    )
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: User) -> Event:
    """Cancel an event and email everyone booked or waiting."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in CANCELLABLE_EVENT_STATUSES:
        raise EventError(_("Only planned or open events can be cancelled."))
    before = event.status
    event.status = EventStatus.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    record_event(
        by=by,
        verb=AuditVerb.EVENT_CANCELLED,
        target=event,
        area_id=event.area_id,
        changes={"status": [before, EventStatus.CANCELLED]},
    )
    enqueue(send_event_cancelled_task, event.pk)
    return event


@transaction.atomic
def booking_create(
    *, event: Event, data: Mapping[str, Any], token: uuid.UUID | None = None
) -> Booking:
    """Book places, or join the waiting list when they would not fit.

    The event row is locked first, so two people booking the last place at
    the same moment are served one after the other: exactly one gets it. The
    form's `token` makes a retry or a double submit return the booking
    stored first; an email address holds at most the event's
    `bookings_per_email` bookings (waiting-list places included).
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    # Under the lock, so a second copy of the same form waits for the first
    # and then finds its booking.
    earlier = earlier_submission(Booking.objects.all(), token)
    if earlier is not None:
        return earlier
    if not event.is_booking_open():
        raise EventError(_("Booking for this event has closed."))
    booking = Booking(
        event=event,
        submission_token=token,
        **{name: data[name] for name in BOOKING_FIELDS if name in data},
    )
    held = event.bookings.held_by_email(booking.email).count() if booking.email else 0
    if held >= event.bookings_per_email:
        message = (
            _("You already have a booking for this event with this email address")
            if event.bookings_per_email == 1
            else _(
                "This email address already has %(count)s bookings for this "
                "event, the most one email address can make"
            )
            % {"count": held}
        )
        raise EventError(message, code="already_booked")
    if booking.places > event.capacity:
        raise EventError(
            _("This event has %(capacity)s places. Choose fewer places.")
            % {"capacity": event.capacity},
            code="too_many_places",
        )
    taken = event.bookings.confirmed().total_places()
    if taken + booking.places <= event.capacity:
        booking.status = BookingStatus.CONFIRMED
    else:
        booking.status = BookingStatus.WAITING
    booking.full_clean()
    booking.save()
    record_event(
        by=None,
        verb=(
            AuditVerb.BOOKING_CONFIRMED
            if booking.status == BookingStatus.CONFIRMED
            else AuditVerb.BOOKING_WAITING
        ),
        target=booking,
        area_id=event.area_id,
        changes={"places": booking.places, "status": booking.status},
        subject=event,
    )
    enqueue(send_booking_confirmation_task, booking.pk)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User | None = None) -> Booking:
    """Cancel a booking and offer freed places to the waiting list (see below)."""
    event = Event.objects.select_for_update().get(pk=booking.event_id)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        return booking
    was_confirmed = booking.status == BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    record_event(
        by=by,
        verb=AuditVerb.BOOKING_CANCELLED,
        target=booking,
        area_id=event.area_id,
        subject=event,
    )
    if was_confirmed and event.status == EventStatus.OPEN:
        _promote_and_notify(event, by=by)
    return booking


def _promote_and_notify(event: Event, *, by: User | None) -> list[Booking]:
    """Offer free places down the waiting list, in the order people booked.

    A booking too large for the places left is skipped, keeps its place in
    the queue and is offered the next places freed: otherwise a single place
    would stay empty until a newcomer booked it, ahead of everyone waiting
    (booking_create confirms whoever fits). An officer who adds places
    promotes the larger booking. The caller holds the lock on the event row.
    """
    free = event.capacity - event.bookings.confirmed().total_places()
    promoted = []
    for waiting in event.bookings.waiting():
        if waiting.places > free:
            continue
        waiting.status = BookingStatus.CONFIRMED
        waiting.promoted_at = timezone.now()
        waiting.save(update_fields=["status", "promoted_at"])
        free -= waiting.places
        promoted.append(waiting)
        record_event(
            by=by,
            verb=AuditVerb.BOOKING_PROMOTED,
            target=waiting,
            area_id=event.area_id,
            subject=event,
        )
        enqueue(send_booking_promoted_task, waiting.pk)
    return promoted


@transaction.atomic
def attendance_record(
    *, event: Event, by: User, counts: Mapping[str, int | None]
) -> None:
    """Record how many of each respondent type came (blank removes a count)."""
    before = dict(event.attendance_counts.values_list("respondent_type", "count"))
    for respondent_type, count in counts.items():
        if count is None:
            event.attendance_counts.filter(respondent_type=respondent_type).delete()
        else:
            AttendanceCount.objects.update_or_create(
                event=event, respondent_type=respondent_type, defaults={"count": count}
            )
    after = dict(event.attendance_counts.values_list("respondent_type", "count"))
    record_event(
        by=by,
        verb=AuditVerb.EVENT_ATTENDANCE_RECORDED,
        target=event,
        area_id=event.area_id,
        changes=model_changes(before, after),
    )


@transaction.atomic
def session_save(
    *,
    event: Event,
    by: User,
    data: Mapping[str, Any],
    session: EventSession | None = None,
) -> EventSession:
    """Add a topic to an event, or edit one, recording the change."""
    # Edits start from the stored row (a bound ModelForm has already changed
    # the instance it was given), locked so two edits cannot interleave.
    if session is None:
        session = EventSession(event=event)
    else:
        session = EventSession.objects.select_for_update().get(pk=session.pk)
    changes = model_update(instance=session, fields=SESSION_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.EVENT_SESSION_SAVED,
        target=session,
        area_id=event.area_id,
        changes=changes,
        subject=event,
    )
    return session


@transaction.atomic
def finding_save(
    *, event: Event, by: User, data: Mapping[str, Any], finding: Finding | None = None
) -> Finding:
    """Record (or correct) a finding and its coding to themes and a priority."""
    created = finding is None
    if finding is None:
        finding = Finding(event=event)
    changes = model_update(instance=finding, fields=FINDING_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.FINDING_CREATED if created else AuditVerb.FINDING_UPDATED,
        target=finding,
        area_id=event.area_id,
        changes=changes,
        subject=event,
    )
    return finding


@transaction.atomic
def findings_record_for_topic(
    *,
    session: EventSession,
    by: User,
    statements: Mapping[str, Sequence[str]],
    themes: Sequence[Theme] = (),
    priority: Priority | None = None,
) -> list[Finding]:
    """Record a topic's statements (works well, better if...) coded alike."""
    event = session.event
    start = session.findings.count()
    findings: list[Finding] = []
    for kind, texts in statements.items():
        for text in texts:
            finding = Finding(
                event=event,
                session=session,
                kind=kind,
                text=text,
                priority=priority,
                sort=start + len(findings),
            )
            finding.full_clean()
            findings.append(finding)
    Finding.objects.bulk_create(findings)
    through = Finding.themes.through
    through.objects.bulk_create(
        [through(finding_id=f.pk, theme_id=t.pk) for f in findings for t in themes]
    )
    record_event(
        by=by,
        verb=AuditVerb.FINDING_RECORDED_FOR_TOPIC,
        target=session,
        area_id=event.area_id,
        changes={
            "findings": len(findings),
            "themes": sorted(t.pk for t in themes),
            "priority": priority.pk if priority else None,
        },
        subject=event,
    )
    return findings


@transaction.atomic
def booking_erase_personal_data(*, at: datetime.datetime | None = None) -> int:
    """Erase names, emails and access needs once the retention period has passed.

    Places, respondent types and statuses stay, so the counts still add up.
    """
    now = at or timezone.now()
    erased = 0
    # Each area's own period (its settings page), else the portal's standard one.
    for area in LocalArea.objects.all():
        cutoff = now - datetime.timedelta(days=area.booking_retention())
        erased += _erase_bookings_before(area=area, cutoff=cutoff, now=now)
    return erased


def _erase_bookings_before(
    *, area: LocalArea, cutoff: datetime.datetime, now: datetime.datetime
) -> int:
    due = Booking.objects.due_for_erasure(before=cutoff).filter(event__area=area)
    event_ids = sorted(set(due.values_list("event_id", flat=True)))
    erased = 0
    for event in Event.objects.filter(pk__in=event_ids):
        count = due.filter(event=event).update(
            name="", email="", access_requirements="", erased_at=now
        )
        erased += count
        record_event(
            by=None,
            verb=AuditVerb.EVENT_BOOKINGS_ERASED,
            target=event,
            area_id=event.area_id,
            changes={"bookings": count},
        )
    return erased
