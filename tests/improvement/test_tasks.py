"""Reminders: sent once, to the right people, at the right time."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone

from improvement import services
from improvement.models import BoardMeeting
from improvement.models import ReminderSent
from improvement.tasks import delete_stale_imports
from improvement.tasks import send_overdue_digests
from improvement.tasks import send_update_reminders
from tests.improvement.factories import ActionFactory

pytestmark = pytest.mark.django_db

# A Monday morning in London.
NOW = datetime.datetime(2026, 6, 8, 7, 30, tzinfo=datetime.UTC)


def test_owners_are_reminded_once_before_the_board_meets(
    plan, workstream, officer, lead, django_capture_on_commit_callbacks
) -> None:
    BoardMeeting.objects.create(plan=plan, date=datetime.date(2026, 6, 12))
    ActionFactory.create(workstream=workstream, owner=lead, title="Train SENCOs")
    ActionFactory.create(workstream=workstream, owner=lead, title="Toolkit")
    updated = ActionFactory.create(workstream=workstream, owner=officer)
    ActionFactory.create(workstream=workstream, owner=officer, status="complete")
    with time_machine.travel(NOW):
        services.action_update_record(
            action=updated,
            by=officer,
            rag="green",
            status="in_progress",
            narrative="Ok",
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert send_update_reminders.delay().get() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert send_update_reminders.delay().get() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]
    assert "Train SENCOs" in message.body
    assert "Toolkit" in message.body
    assert "/staff/fenmere/improvement/" in message.body


def test_no_reminder_when_the_board_is_more_than_a_week_away(
    plan, workstream, lead
) -> None:
    BoardMeeting.objects.create(plan=plan, date=datetime.date(2026, 6, 30))
    ActionFactory.create(workstream=workstream, owner=lead)
    with time_machine.travel(NOW):
        assert send_update_reminders() == 0
    assert mail.outbox == []


def test_the_next_meeting_gets_its_own_reminder(
    plan, workstream, lead, django_capture_on_commit_callbacks
) -> None:
    BoardMeeting.objects.create(plan=plan, date=datetime.date(2026, 6, 12))
    BoardMeeting.objects.create(plan=plan, date=datetime.date(2026, 7, 10))
    ActionFactory.create(workstream=workstream, owner=lead)
    with time_machine.travel(NOW), django_capture_on_commit_callbacks(execute=True):
        send_update_reminders()
    with time_machine.travel(NOW + datetime.timedelta(days=28)):
        with django_capture_on_commit_callbacks(execute=True):
            send_update_reminders()
        with django_capture_on_commit_callbacks(execute=True):
            send_update_reminders()
    assert len(mail.outbox) == 2


def test_weekly_overdue_digest_goes_to_each_lead_once_a_week(
    plan, workstream, other_workstream, lead, django_capture_on_commit_callbacks
) -> None:
    due = datetime.date(2026, 5, 31)
    ActionFactory.create(
        workstream=workstream, due_date=due, start_date=None, title="Late one"
    )
    ActionFactory.create(workstream=workstream, title="Not due yet")
    ActionFactory.create(
        workstream=other_workstream, due_date=due, start_date=None, title="Other late"
    )
    with time_machine.travel(NOW):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_overdue_digests() == 2
        with django_capture_on_commit_callbacks(execute=True):
            assert send_overdue_digests() == 0
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["lead2@fenmere.example", lead.email]
    mine = next(m for m in mail.outbox if m.to == [lead.email])
    assert "Late one" in mine.body
    assert "Not due yet" not in mine.body
    assert "Other late" not in mine.body
    with (
        time_machine.travel(NOW + datetime.timedelta(days=7)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_overdue_digests() == 2
    assert len(mail.outbox) == 4


def test_a_reminder_marker_is_unique(lead) -> None:
    ReminderSent.objects.create(kind="overdue_digest", recipient=lead, key="2026-W24")
    with pytest.raises(IntegrityError):
        ReminderSent.objects.create(
            kind="overdue_digest", recipient=lead, key="2026-W24"
        )


def test_a_failed_send_can_be_retried(
    plan, workstream, lead, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    ActionFactory.create(
        workstream=workstream, due_date=datetime.date(2026, 5, 1), start_date=None
    )

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("improvement.tasks.send_mail", broken)
    with (
        time_machine.travel(NOW),
        pytest.raises(ConnectionError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_overdue_digests()
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    with time_machine.travel(NOW), django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_digests() == 1
    assert len(mail.outbox) == 1


def test_unconfirmed_import_files_are_deleted_after_a_day(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    name = default_storage.save("improvement-imports/abc.csv", ContentFile(b"a,b\n"))
    assert delete_stale_imports() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert delete_stale_imports() == 1
        assert delete_stale_imports() == 0
    assert not default_storage.exists(name)
