"""Asking for, confirming and stopping emails on what changed, and erasing them.

Every change is audited without the email address (the audit trail keeps no
personal data of the public).
"""

import datetime

from django.db import IntegrityError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultations.models import Response
from consultations.models import ResponseContact
from consultations.tasks import months_before
from events.models import Booking
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.outbox.services import enqueue

from .models import FollowSubscription
from .models import ToldChange
from .threads import writeup_key


def updates_address(response: Response) -> str:
    """The address given with the response, if its owner wanted updates."""
    contact = ResponseContact.objects.filter(
        response=response, wants_updates=True
    ).first()
    return contact.email.strip().lower() if contact else ""


@transaction.atomic
def follow_subscribe_response(
    *, response: Response, email: str = "", use_contact: bool = False
) -> FollowSubscription:
    """Ask for the weekly digest of a response's themes.

    With `use_contact`, the address given with the response (with consent to
    updates) is used and confirmed at once, never shown on the page. A typed
    address must confirm by the emailed link first: anyone holding a follow
    link could type someone else's.
    """
    contact_email = updates_address(response)
    if use_contact:
        email = contact_email
    email = email.strip().lower()
    if not email:
        raise ValueError("no email address to subscribe")
    existing = FollowSubscription.objects.filter(
        response=response, email=email, unsubscribed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    confirmed = email == contact_email
    try:
        with transaction.atomic():
            subscription = FollowSubscription.objects.create(
                response=response,
                email=email,
                confirmed_at=timezone.now() if confirmed else None,
            )
    except IntegrityError:
        # The same request twice at once (a double click): the first wins.
        return FollowSubscription.objects.get(
            response=response, email=email, unsubscribed_at__isnull=True
        )
    record_event(
        by=None,
        verb=AuditVerb.FOLLOW_SUBSCRIBED,
        target=subscription,
        area_id=response.consultation.area_id,
        changes={"confirmed": [None, confirmed]},
        subject=response,
    )
    if not confirmed:
        from . import tasks

        enqueue(tasks.send_follow_confirmation, subscription.pk)
    return subscription


@transaction.atomic
def follow_subscribe_booking(*, booking: Booking) -> FollowSubscription:
    """Ask for the digest of what comes of a booked event, at the booking's
    own address (the booking page is reached only by its signed link)."""
    existing = FollowSubscription.objects.filter(
        booking=booking, unsubscribed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    if not booking.email or booking.is_erased:
        raise ValueError("the booking has no email address")
    try:
        with transaction.atomic():
            subscription = FollowSubscription.objects.create(
                booking=booking,
                email=booking.email.strip().lower(),
                confirmed_at=timezone.now(),
            )
    except IntegrityError:
        return FollowSubscription.objects.get(
            booking=booking, unsubscribed_at__isnull=True
        )
    # A write-up already published is on the page: the digest does not repeat it.
    if (key := writeup_key(booking.event)) is not None:
        ToldChange.objects.create(subscription=subscription, key=key)
    record_event(
        by=None,
        verb=AuditVerb.FOLLOW_SUBSCRIBED,
        target=subscription,
        area_id=booking.event.area_id,
        changes={"confirmed": [None, True]},
        subject=booking.event,
    )
    return subscription


def subscription_area_id(subscription: FollowSubscription) -> int:
    if subscription.response is not None:
        return subscription.response.consultation.area_id
    assert subscription.booking is not None  # noqa: S101  # the check constraint
    return subscription.booking.event.area_id


@transaction.atomic
def follow_confirm(*, subscription: FollowSubscription) -> FollowSubscription:
    """The address answered the confirmation email; idempotent."""
    if subscription.confirmed_at is not None or subscription.unsubscribed_at:
        return subscription
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    record_event(
        by=None,
        verb=AuditVerb.FOLLOW_CONFIRMED,
        target=subscription,
        area_id=subscription_area_id(subscription),
    )
    return subscription


@transaction.atomic
def follow_unsubscribe(*, subscription: FollowSubscription) -> FollowSubscription:
    """Stop the emails and forget the address at once; idempotent.

    The row stays, without the address, so the link still says "you are
    unsubscribed"; the daily erasure removes it.
    """
    if subscription.unsubscribed_at is not None:
        return subscription
    subscription.unsubscribed_at = timezone.now()
    subscription.email = ""
    subscription.save(update_fields=["unsubscribed_at", "email"])
    record_event(
        by=None,
        verb=AuditVerb.FOLLOW_UNSUBSCRIBED,
        target=subscription,
        area_id=subscription_area_id(subscription),
    )
    return subscription


# Unconfirmed requests and unsubscribed rows go after this long.
STALE_AFTER = datetime.timedelta(days=7)


def follow_erase_expired(*, at: datetime.datetime | None = None) -> int:
    """Erase subscriptions on the schedule of the details they came with.

    A response's subscription goes with its contact details (the area's
    retention period after the consultation closed); a booking's once the
    booking's personal data is erased. Unsubscribed rows and requests never
    confirmed go after a week.
    """
    now = at or timezone.now()
    expired = Q(unsubscribed_at__lte=now - STALE_AFTER) | Q(
        confirmed_at__isnull=True, created_at__lte=now - STALE_AFTER
    )
    expired |= Q(booking__erased_at__isnull=False)
    for area_id, months in LocalArea.objects.values_list(
        "pk", "response_retention_months"
    ):
        expired |= Q(
            response__consultation__area_id=area_id,
            response__consultation__closes_at__lte=months_before(now, months),
        )
    _total, by_model = FollowSubscription.objects.filter(expired).delete()
    return by_model.get(FollowSubscription._meta.label, 0)
