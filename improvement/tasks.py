"""Reminders (Celery beat): updates due before the board, weekly overdue digests.

Each reminder is recorded in ReminderSent before it is sent, under a unique
constraint, so running a task twice (or two workers at once) sends it once.
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


@shared_task
def send_update_reminders(plan_id: int | None = None) -> int:
    """Remind action owners whose update is due before the next board meeting."""
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
    sent = 0
    seen_plans: set[int] = set()
    for meeting in meetings:
        if meeting.plan_id in seen_plans:
            continue
        seen_plans.add(meeting.plan_id)
        period = meeting.plan.update_period(on=today)
        actions = (
            Action.objects.for_plan(meeting.plan)
            .active()
            .open()
            .filter(owner__isnull=False, owner__is_active=True)
            .without_update_since(period.start)
            .select_related("owner", "plan__area")
            .order_by("sort_key")
        )
        by_owner: dict[User, list[Action]] = defaultdict(list)
        for action in actions:
            assert action.owner is not None  # noqa: S101  # filtered above
            by_owner[action.owner].append(action)
        for owner, owned in by_owner.items():
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


@shared_task
def send_overdue_digests() -> int:
    """Each week, tell every workstream lead which of their actions are overdue."""
    today = timezone.localdate()
    year, week, _weekday = today.isocalendar()
    actions = (
        Action.objects.active()
        .overdue(on=today)
        .filter(workstream__lead__isnull=False, workstream__lead__is_active=True)
        .select_related("workstream__lead", "plan__area", "owner")
        .order_by("plan_id", "sort_key")
    )
    by_lead: dict[User, list[Action]] = defaultdict(list)
    for action in actions:
        lead = action.workstream.lead
        assert lead is not None  # noqa: S101  # filtered above
        by_lead[lead].append(action)
    sent = 0
    for lead, overdue in by_lead.items():
        sent += _send_once(
            kind=ReminderSent.Kind.OVERDUE_DIGEST,
            recipient=lead,
            key=f"{year}-W{week:02d}",
            subject=f"{len(overdue)} overdue action(s) in your workstreams",
            template="improvement/emails/overdue_digest.txt",
            context={"actions": overdue, "today": today},
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
