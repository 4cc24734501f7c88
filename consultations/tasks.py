"""Emails to respondents who asked for updates; each is sent once, whatever retries."""

import calendar
import datetime

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from sendportal.areas.models import LocalArea
from sendportal.throttle import email_allowed

from .models import Consultation
from .models import ResponseContact
from .models import SentReminder

logger = get_task_logger(__name__)

CLOSING_SOON_DAYS = 7


def _send_once(consultation_id: int, kind: str, template: str) -> int:
    """Email every opted-in respondent of a consultation once for `kind`.

    The SentReminder row is written in the same transaction as the send: a
    failed send rolls it back (so a retry sends), and a sent email's row makes
    any retry skip that respondent. The address was typed into the public
    survey, so each email counts against its daily cap; one over it is not
    sent, and its row still marks it as dealt with.
    """
    consultation = Consultation.objects.select_related("area").get(pk=consultation_id)
    pending = (
        ResponseContact.objects.filter(
            response__consultation=consultation, wants_updates=True
        )
        .exclude(reminders__kind=kind)
        .order_by("pk")
    )
    sent = 0
    for contact in pending.iterator():
        try:
            with transaction.atomic():
                SentReminder.objects.create(contact=contact, kind=kind)
                if not email_allowed(contact.email):
                    continue
                context = {
                    "consultation": consultation,
                    "area": consultation.area,
                    "site_url": settings.SITE_URL,
                }
                send_mail(
                    subject=render_to_string(
                        f"consultations/emails/{template}_subject.txt", context
                    ).strip(),
                    message=render_to_string(
                        f"consultations/emails/{template}.txt", context
                    ),
                    from_email=None,
                    recipient_list=[contact.email],
                )
        except IntegrityError:
            # Another copy of this task sent it first.
            continue
        sent += 1
    logger.info("Sent %s %s emails for consultation %s", sent, kind, consultation_id)
    return sent


@shared_task
def send_feedback_published(consultation_id: int) -> int:
    """Tell opted-in respondents that “You said, we did” is published."""
    return _send_once(consultation_id, "feedback_published", "feedback_published")


@shared_task
def send_closing_soon(consultation_id: int) -> int:
    """Remind opted-in respondents' that a consultation closes soon."""
    return _send_once(consultation_id, "closing_soon", "closing_soon")


@shared_task
def remind_closing_consultations() -> int:
    """Daily: queue “closing soon” emails for consultations closing within a week."""
    now = timezone.now()
    ids = list(
        Consultation.objects.open(at=now)
        .filter(closes_at__lte=now + datetime.timedelta(days=CLOSING_SOON_DAYS))
        .values_list("pk", flat=True)
    )
    for consultation_id in ids:
        send_closing_soon.delay(consultation_id)
    return len(ids)


@shared_task
def erase_expired_contacts() -> int:
    """Daily: erase respondents' contact details once their area's retention period
    (months after the consultation closed) has passed. Answers stay, anonymous."""
    now = timezone.now()
    deleted = 0
    for area_id, months in LocalArea.objects.values_list(
        "pk", "response_retention_months"
    ):
        cutoff = months_before(now, months)
        count, _ = ResponseContact.objects.filter(
            response__consultation__area_id=area_id,
            response__consultation__closes_at__lte=cutoff,
        ).delete()
        deleted += count
    logger.info("Erased %s expired respondent contacts", deleted)
    return deleted


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` earlier (the month's last day if shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
