"""Reminders (Celery beat): updates due before the board, weekly overdue digests.

Each reminder is recorded in ReminderSent, under a unique constraint, in the
same transaction as its send, so running a task twice (or two workers at
once) sends it once. A run hands its recipients to workers in small batches,
one task each, so a worker killed mid-run holds up only its own batch.
"""

import datetime
from collections import defaultdict

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from sendportal.accounts.models import User
from sendportal.outbox.services import enqueue
from sendportal.outbox.services import in_batches

from .models import Action
from .models import BoardMeeting
from .models import ReminderSent

logger = get_task_logger(__name__)

# Owners are reminded this many days before the board meets.
REMINDER_DAYS = 7


def _send_once(
    *, kind: str, recipient: User, key: str, subject: str, template: str, context: dict
) -> bool:
    """Record the reminder and send it; False when it had already been sent."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(kind=kind, recipient=recipient, key=key)
            body = render_to_string(
                template,
                {**context, "recipient": recipient, "site_url": settings.SITE_URL},
            )
            # A failure to send rolls back the marker, so a retry sends it.
            send_mail(subject, body, None, [recipient.email])
    except IntegrityError:
        return False
    return True


def _owners_due(
    meeting: BoardMeeting, today: datetime.date, owner_ids: list[int] | None = None
) -> dict[User, list[Action]]:
    """The owners of the meeting's plan's actions with no update this period."""
    period = meeting.plan.update_period(on=today)
    actions = (
        Action.objects.for_plan(meeting.plan)
        .open()
        .filter(owner__isnull=False, owner__is_active=True)
        .without_update_since(period.start)
        .select_related("owner", "plan__area")
        .order_by("sort_key")
    )
    if owner_ids is not None:
        actions = actions.filter(owner_id__in=owner_ids)
    by_owner: dict[User, list[Action]] = defaultdict(list)
    for action in actions:
        assert action.owner is not None  # noqa: S101  # filtered above
        by_owner[action.owner].append(action)
    return by_owner


@shared_task
def send_update_reminders(plan_id: int | None = None) -> int:
    """Queue reminders to action owners whose update is due before the next board."""
    today = timezone.localdate()
    meetings = (
        BoardMeeting.objects.filter(
            date__gte=today, date__lte=today + datetime.timedelta(days=REMINDER_DAYS)
        )
        .select_related("plan__area")
        .order_by("plan_id", "date")
    )
    if plan_id is not None:
        meetings = meetings.filter(plan_id=plan_id)
    queued = 0
    seen_plans: set[int] = set()
    with transaction.atomic():
        for meeting in meetings:
            if meeting.plan_id in seen_plans:
                continue
            seen_plans.add(meeting.plan_id)
            owners = sorted(
                owner.pk
                for owner in _owners_due(meeting, today)
                if not ReminderSent.objects.filter(
                    kind=ReminderSent.Kind.UPDATE_DUE,
                    recipient=owner,
                    key=f"meeting:{meeting.pk}",
                ).exists()
            )
            for batch in in_batches(owners):
                enqueue(
                    send_update_reminder_batch, meeting.pk, today.isoformat(), batch
                )
            queued += len(owners)
    logger.info("Queued %s update reminders", queued)
    return queued


@shared_task
def send_update_reminder_batch(
    meeting_id: int, today: str, owner_ids: list[int]
) -> int:
    """Remind a batch of owners, each once, of their updates due before the board."""
    meeting = BoardMeeting.objects.select_related("plan__area").get(pk=meeting_id)
    due = _owners_due(meeting, datetime.date.fromisoformat(today), owner_ids)
    sent = 0
    for owner, owned in due.items():
        sent += _send_once(
            kind=ReminderSent.Kind.UPDATE_DUE,
            recipient=owner,
            key=f"meeting:{meeting.pk}",
            subject=f"Update due before the {meeting.plan.board} on "
            f"{meeting.date:%-d %B %Y}",
            template="improvement/emails/update_due.txt",
            context={"meeting": meeting, "actions": owned},
        )
    logger.info("Sent %s update reminders", sent)
    return sent


def _overdue_by_lead(
    today: datetime.date, lead_ids: list[int] | None = None
) -> dict[User, list[Action]]:
    """Overdue actions by the lead of their workstream."""
    actions = (
        Action.objects.overdue(on=today)
        .filter(workstream__lead__isnull=False, workstream__lead__is_active=True)
        .select_related("workstream__lead", "plan__area", "owner")
        .order_by("plan_id", "sort_key")
    )
    if lead_ids is not None:
        actions = actions.filter(workstream__lead_id__in=lead_ids)
    by_lead: dict[User, list[Action]] = defaultdict(list)
    for action in actions:
        lead = action.workstream.lead
        assert lead is not None  # noqa: S101  # filtered above
        by_lead[lead].append(action)
    return by_lead


def _digest_key(today: datetime.date) -> str:
    year, week, _weekday = today.isocalendar()
    return f"{year}-W{week:02d}"


@shared_task
def send_overdue_digests() -> int:
    """Each week, queue for every workstream lead the list of their overdue actions."""
    today = timezone.localdate()
    leads = sorted(
        lead.pk
        for lead in _overdue_by_lead(today)
        if not ReminderSent.objects.filter(
            kind=ReminderSent.Kind.OVERDUE_DIGEST,
            recipient=lead,
            key=_digest_key(today),
        ).exists()
    )
    with transaction.atomic():
        for batch in in_batches(leads):
            enqueue(send_overdue_digest_batch, today.isoformat(), batch)
    logger.info("Queued %s overdue digests", len(leads))
    return len(leads)


@shared_task
def send_overdue_digest_batch(today: str, lead_ids: list[int]) -> int:
    """Send a batch of workstream leads their weekly overdue digest, each once."""
    day = datetime.date.fromisoformat(today)
    sent = 0
    for lead, overdue in _overdue_by_lead(day, lead_ids).items():
        sent += _send_once(
            kind=ReminderSent.Kind.OVERDUE_DIGEST,
            recipient=lead,
            key=_digest_key(day),
            subject=f"{len(overdue)} overdue action(s) in your workstreams",
            template="improvement/emails/overdue_digest.txt",
            context={"actions": overdue, "today": day},
        )
    logger.info("Sent %s overdue digests", sent)
    return sent


IMPORT_FOLDER = "improvement-imports"


@shared_task
def delete_stale_imports(max_age_hours: int = 24) -> int:
    """Delete checked spreadsheets that were never confirmed (or cancelled)."""
    try:
        _folders, names = default_storage.listdir(IMPORT_FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - datetime.timedelta(hours=max_age_hours)
    deleted = 0
    for name in names:
        path = f"{IMPORT_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted
