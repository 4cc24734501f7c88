"""Background work for events: booking emails, reminders and erasure.

Every email is sent once. A task locks the booking's row, sends, and records
the send on the row in the same transaction: a second copy of the task waits
for the lock, then finds the email recorded; a send that fails, or a worker
killed before the commit, records nothing, so the next delivery sends it. Only
a worker killed in the instant between the mail server accepting the email
and the commit could lead to a second one.

Emails to many bookers (reminders, a cancelled event) go out in small batches,
one task each, so a killed worker holds up only its own batch.
"""

import datetime
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sendportal.outbox.services import enqueue
from sendportal.outbox.services import in_batches
from sendportal.throttle import email_allowed

from . import emails
from .models import Booking
from .models import BookingStatus
from .models import EventStatus

logger = get_task_logger(__name__)


@dataclass(frozen=True)
class BookingEmail:
    """One of the emails a booker may get, and where its sending is recorded."""

    marker: str
    build: Callable[[Booking], EmailMessage]
    # Which bookings still get it when the task runs, and for which events.
    condition: Q | None = None
    event_status: str | None = None
    # News the booker must get (a freed place, a cancelled event) goes even
    # over the daily cap on emails to one address; it still counts.
    essential: bool = False


BOOKING_EMAILS = {
    "confirmation": BookingEmail(
        "confirmation_sent_at",
        emails.booking_confirmation_message,
        ~Q(status=BookingStatus.CANCELLED),
    ),
    "promotion": BookingEmail(
        "promotion_sent_at",
        emails.booking_promoted_message,
        Q(status=BookingStatus.CONFIRMED),
        essential=True,
    ),
    "reminder": BookingEmail(
        "reminder_sent_at",
        emails.event_reminder_message,
        Q(status=BookingStatus.CONFIRMED),
        event_status=EventStatus.OPEN,
    ),
    "cancellation": BookingEmail(
        "cancellation_sent_at",
        emails.event_cancelled_message,
        ~Q(status=BookingStatus.CANCELLED),
        event_status=EventStatus.CANCELLED,
        essential=True,
    ),
}


def _send_once(booking_id: int, email: BookingEmail) -> bool:
    """Send the booking its email unless the email is recorded as sent."""
    if (
        email.event_status is not None
        and not Booking.objects.filter(
            pk=booking_id, event__status=email.event_status
        ).exists()
    ):
        return False
    with transaction.atomic():
        # Only columns of the booking row: PostgreSQL re-checks them once a
        # concurrent copy's lock is released, so that copy's send is seen.
        claim = Booking.objects.select_for_update().filter(
            pk=booking_id, erased_at__isnull=True, **{f"{email.marker}__isnull": True}
        )
        claim = claim.exclude(email="")
        if email.condition is not None:
            claim = claim.filter(email.condition)
        if claim.first() is None:
            return False
        booking = Booking.objects.select_related("event__area").get(pk=booking_id)
        # The address was typed into a public form, so the email counts
        # against its daily cap; one over it is not sent, and its marker is
        # still set so it is never sent later.
        sent = email_allowed(booking.email, essential=email.essential)
        if sent:
            # A failure to send rolls the record back, so a retry sends it.
            email.build(booking).send()
        else:
            logger.warning(
                "Booking %s: %s not sent, daily cap reached", booking_id, email.marker
            )
        Booking.objects.filter(pk=booking_id).update(**{email.marker: timezone.now()})
    return sent


def _queue_batches(kind: str, booking_ids: Iterable[int]) -> int:
    """Hand the bookings' emails of `kind` to workers, a small batch per task."""
    ids = list(booking_ids)
    with transaction.atomic():
        for batch in in_batches(ids):
            enqueue(send_booking_emails, kind, batch)
    return len(ids)


@shared_task
def send_booking_emails(kind: str, booking_ids: list[int]) -> int:
    """Send a batch of bookings the email of `kind`, each at most once."""
    email = BOOKING_EMAILS[kind]
    return sum(_send_once(booking_id, email) for booking_id in booking_ids)


@shared_task
def send_booking_confirmation(booking_id: int) -> None:
    """Email the booker their confirmation (or waiting-list place)."""
    _send_once(booking_id, BOOKING_EMAILS["confirmation"])


@shared_task
def send_booking_promoted(booking_id: int) -> None:
    """Tell someone on the waiting list that a place is now theirs."""
    _send_once(booking_id, BOOKING_EMAILS["promotion"])


@shared_task
def send_event_reminder(booking_id: int) -> bool:
    """Remind one confirmed booker of an event that is still going ahead."""
    return _send_once(booking_id, BOOKING_EMAILS["reminder"])


@shared_task
def send_event_reminders() -> int:
    """Queue reminders to confirmed bookers of events within the reminder window."""
    now = timezone.now()
    horizon = now + datetime.timedelta(hours=settings.EVENT_REMINDER_HOURS_BEFORE)
    due = (
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status=EventStatus.OPEN,
            event__starts_at__gt=now,
            event__starts_at__lte=horizon,
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    queued = _queue_batches("reminder", due)
    logger.info("Queued %s event reminders", queued)
    return queued


@shared_task
def send_event_cancelled(event_id: int) -> int:
    """Queue the email telling everyone booked or waiting that the event is off."""
    bookings = (
        Booking.objects.filter(event_id=event_id, event__status=EventStatus.CANCELLED)
        .exclude(status=BookingStatus.CANCELLED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return _queue_batches("cancellation", bookings)


@shared_task
def send_missing_booking_emails() -> int:
    """Every few minutes: queue the booking emails that should have gone by now.

    A confirmation, a waiting-list place becoming a place, or a cancelled
    event, for an event still to come, not recorded as sent a while after it
    was due: its task was lost (a broker that lost its queue, say).
    """
    now = timezone.now()
    due_before = now - datetime.timedelta(seconds=settings.STALE_WORK_AFTER)
    bookings = Booking.objects.filter(
        erased_at__isnull=True, event__starts_at__gt=now
    ).exclude(email="")
    missing = {
        "confirmation": bookings.filter(
            confirmation_sent_at__isnull=True, created_at__lt=due_before
        ).exclude(status=BookingStatus.CANCELLED),
        "promotion": bookings.filter(
            status=BookingStatus.CONFIRMED,
            promoted_at__lt=due_before,
            promotion_sent_at__isnull=True,
        ),
        "cancellation": bookings.filter(
            event__status=EventStatus.CANCELLED,
            event__cancelled_at__lt=due_before,
            cancellation_sent_at__isnull=True,
        ).exclude(status=BookingStatus.CANCELLED),
    }
    queued = 0
    for kind, pending in missing.items():
        queued += _queue_batches(
            kind, pending.order_by("pk").values_list("pk", flat=True)
        )
    if queued:
        logger.warning("Queued %s booking emails that had not been sent", queued)
    return queued


@shared_task
def erase_booking_personal_data() -> int:
    """Erase bookers' personal data once the retention period has passed."""
    # Imported here, not at the top: the services import this module to
    # enqueue its tasks, and tasks are the one side that imports lazily.
    from . import services

    erased = services.booking_erase_personal_data()
    logger.info("Erased personal data of %s bookings", erased)
    return erased
