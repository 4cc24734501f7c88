"""Background work for events: booking emails, reminders and erasure.

Every email is sent at most once: a task first claims the booking's marker
with a conditional UPDATE (only one caller can turn NULL into a time), and
releases it only if the email could not be handed to the mail server, so a
retry may try again. A worker killed between claim and send loses that email
rather than ever sending it twice.
"""

import datetime
from collections.abc import Callable

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone

from sendportal.throttle import email_allowed

from . import emails
from .models import Booking
from .models import BookingStatus
from .models import EventStatus

logger = get_task_logger(__name__)


def _send_once(
    booking_id: int,
    marker: str,
    build: Callable[[Booking], EmailMessage],
    condition: Q | None = None,
    event_status: str | None = None,
    essential: bool = False,
) -> bool:
    """Send the email built for the booking unless `marker` is already set.

    The address was typed into a public form, so the email counts against
    its daily cap; one over it is not sent (the marker stays: never later).
    """
    if (
        event_status is not None
        and not Booking.objects.filter(
            pk=booking_id, event__status=event_status
        ).exists()
    ):
        return False
    claimed_at = timezone.now()
    # Only columns of the booking row: with a join, Django would turn this
    # into UPDATE ... WHERE id IN (subquery), which PostgreSQL does not
    # re-check after waiting for a concurrent claim, so two could succeed.
    claim = Booking.objects.filter(
        pk=booking_id, erased_at__isnull=True, **{f"{marker}__isnull": True}
    ).exclude(email="")
    if condition is not None:
        claim = claim.filter(condition)
    if not claim.update(**{marker: claimed_at}):
        return False
    booking = Booking.objects.select_related("event__area").get(pk=booking_id)
    if not email_allowed(booking.email, essential=essential):
        logger.warning("Booking %s: %s not sent, daily cap reached", booking_id, marker)
        return False
    try:
        build(booking).send()
    except Exception:
        Booking.objects.filter(pk=booking_id, **{marker: claimed_at}).update(
            **{marker: None}
        )
        raise
    return True


@shared_task
def send_booking_confirmation(booking_id: int) -> None:
    """Email the booker their confirmation (or waiting-list place)."""
    _send_once(
        booking_id,
        "confirmation_sent_at",
        emails.booking_confirmation_message,
        ~Q(status=BookingStatus.CANCELLED),
    )


@shared_task
def send_booking_promoted(booking_id: int) -> None:
    """Tell someone on the waiting list that a place is now theirs."""
    _send_once(
        booking_id,
        "promotion_sent_at",
        emails.booking_promoted_message,
        Q(status=BookingStatus.CONFIRMED),
        essential=True,
    )


@shared_task
def send_event_reminder(booking_id: int) -> bool:
    """Remind one confirmed booker of an event that is still going ahead."""
    return _send_once(
        booking_id,
        "reminder_sent_at",
        emails.event_reminder_message,
        Q(status=BookingStatus.CONFIRMED),
        event_status=EventStatus.OPEN,
    )


@shared_task
def send_event_reminders() -> int:
    """Remind confirmed bookers of events starting within the reminder window."""
    now = timezone.now()
    horizon = now + datetime.timedelta(hours=settings.EVENT_REMINDER_HOURS_BEFORE)
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.OPEN,
        event__starts_at__gt=now,
        event__starts_at__lte=horizon,
    ).values_list("pk", flat=True)
    sent = sum(send_event_reminder(booking_id) for booking_id in list(due))
    logger.info("Sent %s event reminders", sent)
    return sent


@shared_task
def send_event_cancelled(event_id: int) -> int:
    """Email everyone booked or waiting that the event is cancelled."""
    bookings = Booking.objects.filter(
        event_id=event_id, event__status=EventStatus.CANCELLED
    ).exclude(status=BookingStatus.CANCELLED)
    return sum(
        _send_once(
            booking_id,
            "cancellation_sent_at",
            emails.event_cancelled_message,
            essential=True,
        )
        for booking_id in list(bookings.values_list("pk", flat=True))
    )


@shared_task
def erase_booking_personal_data() -> int:
    """Erase bookers' personal data once the retention period has passed."""
    # Imported here, not at the top: the services import this module to
    # enqueue its tasks, and tasks are the one side that imports lazily.
    from . import services

    erased = services.booking_erase_personal_data()
    logger.info("Erased personal data of %s bookings", erased)
    return erased
