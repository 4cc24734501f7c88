"""Emails to followers: the confirmation link, and the weekly digest of changes.

The digest goes at most once per subscriber per ISO week, only when there is
something they have not been told, and tells each change once. Its
FollowDigest row (unique per subscriber and week) and the ToldChange rows
(unique per subscriber and change) are written in the transaction of the
send: a failed send rolls them back, so a retry sends; a sent digest makes
any retry, or a second copy of the task, send nothing.
"""

import datetime
from dataclasses import dataclass

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sendportal.areas.models import LocalArea
from sendportal.outbox.services import enqueue
from sendportal.outbox.services import in_batches
from sendportal.throttle import email_allowed

from .models import FollowDigest
from .models import FollowSubscription
from .models import ToldChange
from .threads import Change
from .threads import all_changes
from .threads import event_themes
from .threads import followed_themes
from .threads import response_themes
from .threads import writeup_key

logger = get_task_logger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def subscription_links(
    subscription: FollowSubscription, area_slug: str
) -> dict[str, str]:
    kwargs = {"area_slug": area_slug, "token": subscription.token}
    return {
        "confirm_url": absolute(reverse("follow:confirm", kwargs=kwargs)),
        "unsubscribe_url": absolute(reverse("follow:unsubscribe", kwargs=kwargs)),
    }


def _load(subscription_id: int) -> FollowSubscription | None:
    return (
        FollowSubscription.objects.select_related(
            "response__consultation__area", "booking__event__area"
        )
        .filter(pk=subscription_id)
        .first()
    )


@shared_task
def send_follow_confirmation(subscription_id: int) -> bool:
    """Email the confirmation link for a typed address, once.

    The marker is claimed by a conditional UPDATE in the send's transaction:
    a failed send rolls it back, a second copy of the task finds it claimed.
    """
    with transaction.atomic():
        claimed = FollowSubscription.objects.filter(
            pk=subscription_id,
            confirmation_sent_at__isnull=True,
            confirmed_at__isnull=True,
            unsubscribed_at__isnull=True,
        ).update(confirmation_sent_at=timezone.now())
        subscription = _load(subscription_id)
        if not claimed or subscription is None or subscription.response is None:
            return False
        if not email_allowed(subscription.email):
            return False
        consultation = subscription.response.consultation
        context = {
            "consultation": consultation,
            "area": consultation.area,
            **subscription_links(subscription, consultation.area.slug),
        }
        EmailMessage(
            subject=render_to_string(
                "follow/emails/confirm_subject.txt", context
            ).strip(),
            body=render_to_string("follow/emails/confirm.txt", context),
            to=[subscription.email],
        ).send()
    return True


def week_key(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Digest:
    """What a subscriber has not been told yet, and what the email needs."""

    area: LocalArea
    about: str
    page_url: str
    changes: list[Change]
    writeup_key: str | None = None
    writeup_url: str = ""

    @property
    def keys(self) -> list[str]:
        keys = [change.key for change in self.changes]
        return [*keys, self.writeup_key] if self.writeup_key else keys


def pending_changes(subscription: FollowSubscription) -> Digest:
    """The changes on the subscriber's actions since they subscribed, less
    those already told."""
    told = set(subscription.told.values_list("key", flat=True))
    since = subscription.created_at
    if subscription.response is not None:
        response = subscription.response
        area = response.consultation.area
        rows = followed_themes(area=area, themes=response_themes(response), since=since)
        return Digest(
            area=area,
            about=response.consultation.title,
            page_url=absolute(response.get_follow_url()),
            changes=[c for c in all_changes(rows) if c.key not in told],
        )
    assert subscription.booking is not None  # noqa: S101  # the check constraint
    event = subscription.booking.event
    area = event.area
    rows = followed_themes(area=area, themes=event_themes(event), since=since)
    key = writeup_key(event)
    return Digest(
        area=area,
        about=event.title,
        page_url=absolute(event.get_absolute_url()),
        changes=[c for c in all_changes(rows) if c.key not in told],
        writeup_key=key if key and key not in told else None,
        writeup_url=absolute(
            reverse(
                "events:event_writeup", kwargs={"area_slug": area.slug, "pk": event.pk}
            )
        ),
    )


def digest_message(subscription: FollowSubscription, digest: Digest) -> EmailMessage:
    links = subscription_links(subscription, digest.area.slug)
    context = {**vars(digest), **links}
    return EmailMessage(
        subject=render_to_string("follow/emails/digest_subject.txt", context).strip(),
        body=render_to_string("follow/emails/digest.txt", context),
        to=[subscription.email],
        headers={
            # RFC 8058: mail programs offer "unsubscribe" and POST to it.
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_digest(subscription_id: int, week: str) -> bool:
    """Send one subscriber this week's digest, if there is anything new."""
    try:
        with transaction.atomic():
            subscription = _load(subscription_id)
            if subscription is None or not subscription.is_active:
                return False
            digest = pending_changes(subscription)
            if not digest.keys:
                return False
            # A second copy waits here on the unique key, then skips.
            sent = FollowDigest.objects.create(subscription=subscription, week=week)
            ToldChange.objects.bulk_create(
                [
                    ToldChange(subscription=subscription, key=key, digest=sent)
                    for key in digest.keys
                ]
            )
            if not email_allowed(subscription.email):
                return False
            digest_message(subscription, digest).send()
    except IntegrityError:
        return False
    return True


def _due(week: str) -> list[int]:
    return list(
        FollowSubscription.objects.active()
        .exclude(digests__week=week)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@shared_task
def send_follow_digests() -> int:
    """Weekly (beat): hand this week's subscribers to workers in small batches."""
    week = week_key(timezone.localdate())
    ids = _due(week)
    with transaction.atomic():
        for batch in in_batches(ids):
            enqueue(send_follow_digest_batch, week, batch)
    logger.info("Queued %s follow digests for %s", len(ids), week)
    return len(ids)


@shared_task
def send_follow_digest_batch(week: str, subscription_ids: list[int]) -> int:
    """Send a batch of subscribers their digest for `week`, each at most once."""
    sent = sum(send_digest(pk, week) for pk in subscription_ids)
    logger.info("Sent %s follow digests for %s", sent, week)
    return sent


@shared_task
def erase_expired_follow_subscriptions() -> int:
    """Daily: erase subscriptions on the retention schedule (follow/services.py)."""
    from .services import follow_erase_expired

    deleted = follow_erase_expired()
    logger.info("Erased %s follow subscriptions", deleted)
    return deleted
