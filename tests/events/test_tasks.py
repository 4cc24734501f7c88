"""Reminders (once only, whatever retries happen) and erasure on a schedule."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from events import tasks
from events.models import AttendanceCount
from events.models import Booking
from events.models import EventStatus
from sendportal.audit.models import AuditEvent
from tests.events.factories import AttendanceCountFactory
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
from tests.events.factories import in_days

pytestmark = pytest.mark.django_db


def test_reminder_goes_to_confirmed_bookings_two_days_before(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, starts_at=in_days(1.5))
    confirmed = BookingFactory.create(event=event)
    BookingFactory.create(event=event, status="waiting")
    BookingFactory.create(event=event, status="cancelled")
    later = EventFactory.create(area=area, starts_at=in_days(3))
    BookingFactory.create(event=later)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_event_reminders() == 1
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert "Reminder" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0] == "event.ics"


def test_running_the_reminder_task_twice_sends_one_email(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, starts_at=in_days(1))
    BookingFactory.create(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_event_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_event_reminders() == 0
    assert len(mail.outbox) == 1


def test_a_retried_reminder_for_the_same_booking_sends_one_email(area):
    booking = BookingFactory.create(event__area=area, event__starts_at=in_days(1))
    assert tasks.send_event_reminder(booking.pk) is True
    # A redelivered message (worker killed after sending) runs it again.
    assert tasks.send_event_reminder.apply(args=(booking.pk,)).get() is False
    assert len(mail.outbox) == 1


def test_a_reminder_that_failed_to_send_is_retried_and_sent_once(
    area, django_capture_on_commit_callbacks
):
    booking = BookingFactory.create(event__area=area, event__starts_at=in_days(1))
    with (
        mock.patch(
            "django.core.mail.EmailMessage.send", side_effect=ConnectionError("down")
        ),
        pytest.raises(ConnectionError),
    ):
        tasks.send_event_reminder(booking.pk)
    booking.refresh_from_db()
    assert booking.reminder_sent_at is None
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_event_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_event_reminders()
    assert len(mail.outbox) == 1


def test_no_reminders_for_a_cancelled_event(area):
    event = EventFactory.create(
        area=area, starts_at=in_days(1), status=EventStatus.CANCELLED
    )
    booking = BookingFactory.create(event=event)
    assert tasks.send_event_reminders() == 0
    assert tasks.send_event_reminder(booking.pk) is False
    assert mail.outbox == []


def test_no_reminder_for_a_booking_cancelled_after_it_was_queued(area):
    booking = BookingFactory.create(event__area=area, event__starts_at=in_days(1))
    Booking.objects.filter(pk=booking.pk).update(status="cancelled")
    assert tasks.send_event_reminder(booking.pk) is False
    assert mail.outbox == []


def test_personal_data_is_erased_after_the_retention_period_leaving_counts(
    area, settings
):
    settings.EVENT_BOOKING_RETENTION_DAYS = 30
    start = timezone.now().replace(microsecond=0)
    event = EventFactory.create(
        area=area,
        starts_at=start + datetime.timedelta(days=1),
        ends_at=start + datetime.timedelta(days=1, hours=2),
    )
    BookingFactory.create_batch(3, event=event, access_requirements="Quiet room")
    BookingFactory.create(event=event, status="cancelled")
    AttendanceCountFactory.create(event=event, count=17)
    with time_machine.travel(start + datetime.timedelta(days=30), tick=False):
        assert tasks.erase_booking_personal_data() == 0
    with time_machine.travel(start + datetime.timedelta(days=32), tick=False):
        assert tasks.erase_booking_personal_data() == 4
        assert tasks.erase_booking_personal_data() == 0
    assert not Booking.objects.exclude(name="").exists()
    assert not Booking.objects.exclude(email="").exists()
    assert not Booking.objects.exclude(access_requirements="").exists()
    assert event.bookings.confirmed().count() == 3
    assert event.bookings.confirmed().total_places() == 3
    assert AttendanceCount.objects.get(event=event).count == 17
    audit = AuditEvent.objects.get(verb="event.bookings_erased")
    assert audit.changes == {"bookings": 4}


def test_erased_bookings_get_no_emails(area):
    booking = BookingFactory.create(event__area=area, event__starts_at=in_days(1))
    Booking.objects.filter(pk=booking.pk).update(
        name="", email="", erased_at=timezone.now()
    )
    assert tasks.send_event_reminder(booking.pk) is False


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_reminder_at_once_send_one_email(area):
    import threading

    from django.db import close_old_connections

    booking = BookingFactory.create(event__area=area, event__starts_at=in_days(1))
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            barrier.wait(timeout=5)
            tasks.send_event_reminder(booking.pk)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mail.outbox) == 1


def test_a_reminder_recorded_as_sent_is_never_sent_again(area):
    booking = BookingFactory.create(event__area=area, event__starts_at=in_days(1))
    # Recorded in the transaction of the send: the mail server has it.
    Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=timezone.now())
    assert tasks.send_event_reminders() == 0
    assert tasks.send_event_reminder(booking.pk) is False
    assert mail.outbox == []


def test_beat_schedule_names_registered_tasks(settings):
    from sendportal.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_bookings_are_kept_for_90_days_after_the_event_by_default(area):
    start = timezone.now().replace(microsecond=0)
    booking = BookingFactory.create(
        event__area=area,
        event__starts_at=start - datetime.timedelta(hours=3),
        event__ends_at=start - datetime.timedelta(hours=1),
    )
    with time_machine.travel(start + datetime.timedelta(days=89), tick=False):
        assert tasks.erase_booking_personal_data() == 0
    with time_machine.travel(start + datetime.timedelta(days=90), tick=False):
        assert tasks.erase_booking_personal_data() == 1
    booking.refresh_from_db()
    assert booking.is_erased
    assert booking.email == ""


def test_a_booking_whose_confirmation_never_went_gets_one_later(
    area, settings, django_capture_on_commit_callbacks
):
    settings.STALE_WORK_AFTER = 600
    event = EventFactory.create(area=area, starts_at=in_days(5))
    lost = BookingFactory.create(event=event, created_at=timezone.now())
    Booking.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=601)
    )
    BookingFactory.create(event=event)  # booked a moment ago: its task is on the way
    BookingFactory.create(
        event=event,
        status="cancelled",
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    past = EventFactory.create(area=area, starts_at=in_days(-1))
    BookingFactory.create(
        event=past, created_at=timezone.now() - datetime.timedelta(days=5)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_missing_booking_emails() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_missing_booking_emails() == 0

    assert [m.to for m in mail.outbox] == [[lost.email]]
    assert "Your place is booked" in mail.outbox[0].subject
    assert lost.get_cancel_url() in mail.outbox[0].body


def test_promotions_and_cancellations_that_never_went_are_sent_later(
    area, settings, django_capture_on_commit_callbacks
):
    settings.STALE_WORK_AFTER = 600
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory.create(area=area, starts_at=in_days(5))
    promoted = BookingFactory.create(
        event=event, promoted_at=long_ago, confirmation_sent_at=long_ago
    )
    cancelled_event = EventFactory.create(
        area=area,
        starts_at=in_days(6),
        status=EventStatus.CANCELLED,
        cancelled_at=long_ago,
    )
    told = BookingFactory.create(event=cancelled_event, confirmation_sent_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_missing_booking_emails() == 2

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[promoted.email].startswith("A place is now yours")
    assert subjects[told.email].startswith("Event cancelled")
    assert len(mail.outbox) == 2


def test_a_reminder_run_goes_out_in_small_batches(
    area, settings, django_capture_on_commit_callbacks
):
    from tests.helpers import enqueued

    settings.TASK_BATCH_SIZE = 2
    event = EventFactory.create(area=area, starts_at=in_days(1))
    bookings = BookingFactory.create_batch(5, event=event)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tasks.send_event_reminders() == 5

    ids = [b.pk for b in bookings]
    assert enqueued(callbacks) == [
        ("events.tasks.send_booking_emails", ("reminder", ids[0:2])),
        ("events.tasks.send_booking_emails", ("reminder", ids[2:4])),
        ("events.tasks.send_booking_emails", ("reminder", ids[4:5])),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(b.email for b in bookings)
