"""Emails to respondents who asked for updates; each is sent once, whatever retries.

A run ("closing soon", "you said, we did") hands its respondents to workers in
small batches, one task each, so a worker killed mid-run holds up only its own
batch, which comes back within the broker's visibility timeout.
"""

import calendar
import datetime

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sendportal.areas.models import LocalArea
from sendportal.outbox.services import enqueue
from sendportal.outbox.services import in_batches
from sendportal.throttle import email_allowed

from .models import Consultation
from .models import ResponseContact
from .models import SavedJourney
from .models import SentReminder

logger = get_task_logger(__name__)

CLOSING_SOON_DAYS = 7
# The emails a run sends, by the kind recorded in SentReminder: their template.
TEMPLATES = {
    "feedback_published": "feedback_published",
    "closing_soon": "closing_soon",
}


def _pending_contacts(consultation_id: int, kind: str) -> list[int]:
    return list(
        ResponseContact.objects.filter(
            response__consultation_id=consultation_id, wants_updates=True
        )
        .exclude(reminders__kind=kind)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _queue_batches(consultation_id: int, kind: str) -> int:
    """Hand the run's respondents to workers, a small batch per task."""
    contact_ids = _pending_contacts(consultation_id, kind)
    with transaction.atomic():
        for batch in in_batches(contact_ids):
            enqueue(send_consultation_emails, consultation_id, kind, batch)
    return len(contact_ids)


@shared_task
def send_consultation_emails(
    consultation_id: int, kind: str, contact_ids: list[int]
) -> int:
    """Email a batch of opted-in respondents of a consultation once for `kind`.

    The SentReminder row is written in the same transaction as the send: a
    failed send (or a worker killed before the commit) rolls it back, so a
    retry sends; a sent email's row makes any retry skip that respondent, and
    a concurrent copy waits on its unique key, then skips. The address was
    typed into the public survey, so each email counts against its daily cap;
    one over it is not sent, and its row still marks it as dealt with.
    """
    template = TEMPLATES[kind]
    consultation = Consultation.objects.select_related("area").get(pk=consultation_id)
    pending = (
        ResponseContact.objects.filter(
            pk__in=contact_ids, response__consultation=consultation, wants_updates=True
        )
        .exclude(reminders__kind=kind)
        .select_related("response__consultation__area")
        .order_by("pk")
    )
    context = {
        "consultation": consultation,
        "area": consultation.area,
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string(
        f"consultations/emails/{template}_subject.txt", context
    ).strip()
    sent = 0
    for contact in pending:
        try:
            with transaction.atomic():
                SentReminder.objects.create(contact=contact, kind=kind)
                if not email_allowed(contact.email):
                    continue
                # Each respondent's own link to follow what became of it.
                message = render_to_string(
                    f"consultations/emails/{template}.txt",
                    {**context, "follow_path": contact.response.get_follow_url()},
                )
                send_mail(
                    subject=subject,
                    message=message,
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
    """Queue “You said, we did is published” emails to opted-in respondents."""
    return _queue_batches(consultation_id, "feedback_published")


@shared_task
def send_closing_soon(consultation_id: int) -> int:
    """Queue “closing soon” reminders to opted-in respondents."""
    return _queue_batches(consultation_id, "closing_soon")


def saved_journey_link(saved: SavedJourney, token: str) -> str:
    """The address that brings the saved answers back (absolute, for an email)."""
    survey = saved.survey
    path = reverse(
        "consultations:journey_resume",
        kwargs={
            "area_slug": survey.consultation.area.slug,
            "pk": survey.consultation_id,
            "survey_pk": survey.pk,
            "token": token,
        },
    )
    return settings.SITE_URL.rstrip("/") + path


@shared_task
def send_saved_journey_link(saved_journey_id: int) -> bool:
    """Email a new link to a family's saved answers, once per save that asked.

    The link's secret is made here and never stored: in the transaction of
    the send, the row keeps only its hash and forgets the email address. A
    failed send rolls both back, so a retry sends it; a second copy of the
    task finds no address left and sends nothing. The new link replaces any
    earlier one. An address over its daily cap of emails gets none (its
    address is still forgotten).
    """
    with transaction.atomic():
        claim = (
            SavedJourney.objects.select_for_update()
            .filter(pk=saved_journey_id)
            .exclude(email="")
        )
        if claim.first() is None:
            return False
        saved = SavedJourney.objects.select_related("survey__consultation__area").get(
            pk=saved_journey_id
        )
        consultation = saved.survey.consultation
        token = SavedJourney.new_token()
        sent = email_allowed(saved.email)
        if sent:
            context = {
                "consultation": consultation,
                "area": consultation.area,
                "survey": saved.survey,
                "link": saved_journey_link(saved, token),
            }
            send_mail(
                subject=render_to_string(
                    "consultations/emails/journey_saved_subject.txt", context
                ).strip(),
                message=render_to_string(
                    "consultations/emails/journey_saved.txt", context
                ),
                from_email=None,
                recipient_list=[saved.email],
            )
            saved.token_hash = SavedJourney.hash_token(token)
            saved.link_sent_at = timezone.now()
        else:
            logger.warning(
                "Saved answers %s: link not sent, daily cap reached", saved.pk
            )
        saved.email = ""
        saved.save(update_fields=["email", "token_hash", "link_sent_at"])
    return sent


@shared_task
def remind_closing_consultations() -> int:
    """Daily: queue “closing soon” emails for consultations closing within a week."""
    now = timezone.now()
    ids = list(
        Consultation.objects.open(at=now)
        .filter(closes_at__lte=now + datetime.timedelta(days=CLOSING_SOON_DAYS))
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for consultation_id in ids:
            enqueue(send_closing_soon, consultation_id)
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


@shared_task
def erase_expired_saved_journeys() -> int:
    """Daily: erase saved answers once their consultation has closed."""
    deleted, _ = SavedJourney.objects.expired().delete()
    logger.info("Erased %s saved answers of closed consultations", deleted)
    return deleted


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` earlier (the month's last day if shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
