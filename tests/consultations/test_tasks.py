"""Reminder emails: one per opted-in respondent, whatever retries happen."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from consultations import tasks
from consultations.models import SentReminder
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import ResponseContactFactory
from tests.consultations.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def contacts(consultation, count: int, **extra) -> None:
    survey = SurveyFactory.create(consultation=consultation)
    for _ in range(count):
        ResponseContactFactory.create(response__survey=survey, **extra)


def test_feedback_email_goes_once_to_each_opted_in_respondent_after_a_retry(
    django_capture_on_commit_callbacks,
) -> None:
    consultation = ConsultationFactory.create(
        status="feedback_published", title="<b>Draft</b> {{ 7*7 }}"
    )
    contacts(consultation, 3)
    contacts(consultation, 1, wants_updates=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_feedback_published(consultation.pk) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_feedback_published(consultation.pk) == 0
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        SentReminder.objects.values_list("contact__email", flat=True)
    )
    assert "<b>Draft</b> {{ 7*7 }}" in mail.outbox[0].subject


def test_a_failed_send_is_retried_without_duplicates(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:
    consultation = ConsultationFactory.create()
    contacts(consultation, 2)
    calls = {"n": 0}
    real_send = tasks.send_mail

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("SMTP down")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(tasks, "send_mail", flaky)
    with (
        pytest.raises(ConnectionError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.send_closing_soon(consultation.pk)
    assert SentReminder.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_closing_soon(consultation.pk) == 1
    assert len(mail.outbox) == 2
    assert len({m.to[0] for m in mail.outbox}) == 2


def test_daily_task_reminds_only_consultations_closing_within_a_week(
    django_capture_on_commit_callbacks,
) -> None:
    now = timezone.now()
    soon = ConsultationFactory.create(closes_at=now + datetime.timedelta(days=3))
    later = ConsultationFactory.create(closes_at=now + datetime.timedelta(days=30))
    contacts(soon, 1)
    contacts(later, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_closing_consultations() == 1
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_closing_consultations() == 1
    assert len(mail.outbox) == 1


def test_contact_details_are_erased_after_the_retention_period() -> None:
    import time_machine

    from consultations.models import Response
    from consultations.models import ResponseContact
    from consultations.tasks import months_before

    closes = timezone.now() - datetime.timedelta(days=1)
    consultation = ConsultationFactory.create(
        status="closed",
        opens_at=closes - datetime.timedelta(days=30),
        closes_at=closes,
    )
    contacts(consultation, 2)
    retention = consultation.area.response_retention_months
    just_before = months_before(closes, -retention) - datetime.timedelta(minutes=1)
    with time_machine.travel(just_before):
        assert tasks.erase_expired_contacts() == 0
    with time_machine.travel(just_before + datetime.timedelta(minutes=2)):
        assert tasks.erase_expired_contacts() == 2
    assert not ResponseContact.objects.exists()
    assert Response.objects.count() == 2


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        ("2026-03-31T10:00:00+00:00", 1, "2026-02-28T10:00:00+00:00"),
        ("2026-01-15T10:00:00+00:00", 12, "2025-01-15T10:00:00+00:00"),
        ("2026-01-15T10:00:00+00:00", -2, "2026-03-15T10:00:00+00:00"),
    ],
)
def test_months_before_keeps_the_day_where_it_can(
    moment: str, months: int, expected: str
) -> None:
    from consultations.tasks import months_before

    result = months_before(datetime.datetime.fromisoformat(moment), months)
    assert result.isoformat() == expected


def test_one_address_typed_into_many_responses_gets_at_most_the_daily_cap(
    redis_cache: str, settings, django_capture_on_commit_callbacks
) -> None:
    settings.PUBLIC_EMAILS_PER_ADDRESS_PER_DAY = 2
    consultation = ConsultationFactory.create()
    contacts(consultation, 5, email="victim@example.org")
    contacts(consultation, 1, email="parent@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        # All six are queued; the cap holds three back when they are sent.
        assert tasks.send_closing_soon(consultation.pk) == 6
    assert sorted(m.to[0] for m in mail.outbox) == [
        "parent@example.org",
        "victim@example.org",
        "victim@example.org",
    ]
    # Held-back emails are dealt with: the next run queues no more.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_closing_soon(consultation.pk) == 0
    assert SentReminder.objects.count() == 6
