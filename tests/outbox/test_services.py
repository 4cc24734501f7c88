"""The outbox against a real Redis: hand-off after commit, outages, relays."""

import datetime
import threading
import uuid

import pytest
from django.core.management import call_command
from django.db import close_old_connections
from django.db import transaction
from django.utils import timezone

from events import services as event_services
from events.models import Booking
from events.tasks import send_booking_confirmation
from sendportal.outbox import services
from sendportal.outbox.models import OutboxTask
from sendportal.outbox.tasks import delete_sent_outbox_tasks
from sendportal.outbox.tasks import relay_outbox
from tests.events.factories import EventFactory

from .conftest import Broker

pytestmark = pytest.mark.django_db

BOOKING = {
    "name": "Sam Jones",
    "email": "sam@example.org",
    "respondent_type": "PARENT_CARER",
    "access_requirements": "",
    "places": 1,
}


def book(area) -> Booking:
    return event_services.booking_create(
        event=EventFactory.create(area=area), data=BOOKING
    )


def test_a_committed_change_hands_its_task_to_the_broker_straight_away(
    area, broker: Broker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(area)

    row = OutboxTask.objects.get()
    assert broker.messages() == [
        ("events.tasks.send_booking_confirmation", [booking.pk], str(row.task_id))
    ]
    assert row.sent_at is not None
    assert (row.attempts, row.last_error) == (1, "")


def test_a_rolled_back_change_leaves_no_task(area, broker: Broker) -> None:
    event = EventFactory.create(area=area)

    def book_then_fail() -> None:
        with transaction.atomic():
            event_services.booking_create(event=event, data=BOOKING)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        book_then_fail()

    assert not Booking.objects.exists()
    assert not OutboxTask.objects.exists()
    assert broker.messages() == []


def test_with_the_broker_down_the_change_commits_and_its_task_waits_to_go_once(
    area, broker: Broker, django_capture_on_commit_callbacks
) -> None:
    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        booking = book(area)

    assert Booking.objects.filter(pk=booking.pk).exists()
    row = OutboxTask.objects.get()
    assert row.sent_at is None
    assert row.attempts == 1
    assert "Connection refused" in row.last_error
    assert broker.messages() == []

    assert relay_outbox() == 1
    assert relay_outbox() == 0
    assert broker.task_names() == ["events.tasks.send_booking_confirmation"]
    row.refresh_from_db()
    assert row.sent_at is not None
    assert (row.attempts, row.last_error) == (2, "")


def test_a_relay_with_the_broker_down_stops_at_the_first_task(broker: Broker) -> None:
    for pk in (1, 2, 3):
        services.enqueue(send_booking_confirmation, pk)

    with broker.down():
        assert relay_outbox() == 0

    assert list(OutboxTask.objects.pending().values_list("attempts", flat=True)) == [
        1,
        0,
        0,
    ]


def test_asking_again_for_a_waiting_task_adds_nothing(
    broker: Broker, django_capture_on_commit_callbacks
) -> None:
    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        services.enqueue(send_booking_confirmation, 7)
        services.enqueue(send_booking_confirmation, 7)
        services.enqueue(send_booking_confirmation, 8)

    assert OutboxTask.objects.pending().count() == 2
    assert relay_outbox() == 2
    assert sorted(args for _name, args, _id in broker.messages()) == [[7], [8]]


def test_a_task_sent_before_may_be_asked_for_again(
    broker: Broker, django_capture_on_commit_callbacks
) -> None:
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.enqueue(send_booking_confirmation, 7)

    assert OutboxTask.objects.sent().count() == 2
    assert len(broker.messages()) == 2


def test_an_argument_that_is_not_json_is_refused_in_the_caller(broker: Broker) -> None:
    with pytest.raises(TypeError):
        services.enqueue(send_booking_confirmation, uuid.uuid4())  # type: ignore[arg-type]  # the point of the test
    assert not OutboxTask.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_send_each_task_once(broker: Broker) -> None:
    with broker.down():
        for pk in range(60):
            services.enqueue(send_booking_confirmation, pk)
    barrier = threading.Barrier(3)
    sent: list[int] = []

    def relay() -> None:
        try:
            barrier.wait(timeout=5)
            sent.append(services.relay(limit=60).sent)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=relay) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(sent) == 60
    args = sorted(args[0] for _name, args, _id in broker.messages())
    assert args == list(range(60))
    assert not OutboxTask.objects.pending().exists()


def test_a_sent_task_can_be_replayed_as_a_new_copy(
    broker: Broker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue(send_booking_confirmation, 5)
    first = OutboxTask.objects.get()

    result = services.outbox_replay(task=first)

    assert (result.sent, result.error) == (1, "")
    ids = [task_id for _name, _args, task_id in broker.messages()]
    assert len(ids) == 2
    assert len(set(ids)) == 2
    assert OutboxTask.objects.count() == 2


def test_the_command_lists_waiting_tasks_then_sends_them(
    broker: Broker, django_capture_on_commit_callbacks, capsys
) -> None:
    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        services.enqueue(send_booking_confirmation, 9)

    call_command("relay_outbox", "--list")
    listed = capsys.readouterr().out
    assert "events.tasks.send_booking_confirmation\t[9]" in listed
    assert "1 attempts" in listed
    assert "1 waiting for the broker." in listed
    assert broker.messages() == []

    call_command("relay_outbox")
    assert "1 sent to the broker." in capsys.readouterr().out
    assert broker.task_names() == ["events.tasks.send_booking_confirmation"]


def test_tasks_sent_a_week_ago_are_forgotten_and_waiting_ones_kept(settings) -> None:
    settings.OUTBOX_KEEP_SENT_DAYS = 7
    now = timezone.now()
    for key, sent_at in [
        ("old", now - datetime.timedelta(days=8)),
        ("recent", now - datetime.timedelta(days=6)),
        ("waiting", None),
    ]:
        OutboxTask.objects.create(task_name="x", key=key, sent_at=sent_at)

    assert delete_sent_outbox_tasks() == 1
    assert sorted(OutboxTask.objects.values_list("key", flat=True)) == [
        "recent",
        "waiting",
    ]


def test_reminders_are_queued_in_small_batches(settings) -> None:
    settings.TASK_BATCH_SIZE = 3
    assert list(services.in_batches(range(7))) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(services.in_batches([])) == []
