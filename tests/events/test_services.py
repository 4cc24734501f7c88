"""Booking, waiting list, cancellation and officer workflows."""

import datetime
import threading
import uuid

import pytest
from django.core import mail
from django.db import close_old_connections
from django.utils import timezone

from events import services
from events.models import Booking
from events.models import BookingStatus
from events.models import Event
from events.models import EventStatus
from sendportal.audit.models import AuditEvent
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
from tests.events.factories import in_days
from tests.helpers import enqueued

pytestmark = pytest.mark.django_db

BOOKER = {
    "name": "Sam Parent",
    "email": "sam@example.org",
    "respondent_type": "PARENT_CARER",
    "access_requirements": "Step-free access, please",
    "places": 1,
}


def book(event: Event, **changes: object) -> Booking:
    return services.booking_create(event=event, data=BOOKER | changes)


def test_booking_with_places_left_is_confirmed_and_emailed(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, capacity=2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        booking = book(event, places=2)
    assert booking.status == BookingStatus.CONFIRMED
    assert enqueued(callbacks) == [
        ("events.tasks.send_booking_confirmation", (booking.pk,))
    ]
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert "booked" in mail.outbox[0].subject


def test_booking_that_does_not_fit_joins_the_waiting_list(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, capacity=2)
    BookingFactory.create(event=event, places=1)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(event, places=2)
    assert booking.status == BookingStatus.WAITING
    assert "waiting list" in mail.outbox[0].subject
    assert mail.outbox[0].attachments == []


def test_booking_is_refused_when_the_event_is_not_open(area):
    event = EventFactory.create(area=area, status=EventStatus.PLANNED)
    with pytest.raises(services.EventError):
        book(event)
    assert not Booking.objects.exists()


def test_audit_trail_of_a_booking_holds_no_personal_data(area):
    event = EventFactory.create(area=area)
    booking = book(event)
    audit = AuditEvent.objects.get(verb="booking.confirmed")
    assert audit.target_id == str(booking.pk)
    assert "sam" not in (audit.target_repr + str(audit.changes)).lower()


def test_cancelling_a_confirmed_booking_promotes_the_first_waiting_and_emails_them(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, capacity=1)
    confirmed = BookingFactory.create(event=event)
    first = BookingFactory.create(event=event, status=BookingStatus.WAITING)
    second = BookingFactory.create(event=event, status=BookingStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=confirmed)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == BookingStatus.CONFIRMED
    assert first.promoted_at is not None
    assert second.status == BookingStatus.WAITING
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert mail.outbox[0].attachments[0][0] == "event.ics"


def test_a_booking_that_did_not_fit_keeps_its_place_in_the_queue(area):
    event = EventFactory.create(area=area, capacity=2)
    confirmed = BookingFactory.create(event=event, places=1)
    other = BookingFactory.create(event=event, places=1)
    first = BookingFactory.create(event=event, places=2, status="waiting")
    later = BookingFactory.create(event=event, places=1, status="waiting")
    last = BookingFactory.create(event=event, places=2, status="waiting")
    services.booking_cancel(booking=confirmed)
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.status == BookingStatus.WAITING
    assert later.status == BookingStatus.CONFIRMED
    services.booking_cancel(booking=other)
    services.booking_cancel(booking=later)
    first.refresh_from_db()
    last.refresh_from_db()
    assert first.status == BookingStatus.CONFIRMED
    assert last.status == BookingStatus.WAITING


def test_cancelling_a_waiting_booking_promotes_nobody(area):
    event = EventFactory.create(area=area, capacity=1)
    BookingFactory.create(event=event)
    waiting = BookingFactory.create(event=event, status="waiting")
    other = BookingFactory.create(event=event, status="waiting")
    services.booking_cancel(booking=waiting)
    other.refresh_from_db()
    assert other.status == BookingStatus.WAITING
    assert mail.outbox == []


def test_cancelling_twice_changes_nothing_more(area):
    booking = BookingFactory.create(event__area=area)
    services.booking_cancel(booking=booking)
    services.booking_cancel(booking=booking)
    assert AuditEvent.objects.filter(verb="booking.cancelled").count() == 1


def test_officer_cancelling_an_event_emails_everyone_booked_or_waiting(
    area, officer, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, capacity=1)
    booked = BookingFactory.create(event=event)
    waiting = BookingFactory.create(event=event, status="waiting")
    BookingFactory.create(event=event, status="cancelled")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.event_cancel(event=event, by=officer)
    # The service queues the run; the run queues its batch of bookings.
    assert enqueued(callbacks) == [
        ("events.tasks.send_event_cancelled", (event.pk,)),
        ("events.tasks.send_booking_emails", ("cancellation", [booked.pk, waiting.pk])),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([booked.email, waiting.email])
    assert all("cancelled" in m.subject for m in mail.outbox)
    from events.tasks import send_event_cancelled

    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_cancelled(event.pk) == 2
    assert len(mail.outbox) == 2


def test_a_held_event_cannot_be_cancelled(area, officer):
    event = EventFactory.create(area=area, status=EventStatus.HELD)
    with pytest.raises(services.EventError):
        services.event_cancel(event=event, by=officer)


def test_event_lifecycle_moves_forward_only(area, officer):
    # Under way, so it may be marked as held (never before it starts).
    event = EventFactory.create(
        area=area,
        status=EventStatus.PLANNED,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    services.event_transition(event=event, by=officer, to=EventStatus.OPEN)
    with pytest.raises(services.EventError):
        services.event_transition(event=event, by=officer, to=EventStatus.WRITTEN_UP)
    services.event_transition(event=event, by=officer, to=EventStatus.HELD)
    services.event_transition(event=event, by=officer, to=EventStatus.WRITTEN_UP)
    event.refresh_from_db()
    assert event.status == EventStatus.WRITTEN_UP
    assert AuditEvent.objects.filter(verb__startswith="event.").count() == 3


def test_attendance_counts_replace_earlier_counts(area, officer):
    event = EventFactory.create(area=area, status=EventStatus.HELD)
    services.attendance_record(
        event=event, by=officer, counts={"PARENT_CARER": 12, "CYP": 3}
    )
    services.attendance_record(
        event=event, by=officer, counts={"PARENT_CARER": 14, "CYP": None}
    )
    assert dict(event.attendance_counts.values_list("respondent_type", "count")) == {
        "PARENT_CARER": 14
    }


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_place_at_once_only_one_gets_it(area):
    rounds = 4
    for round_number in range(rounds):
        event = EventFactory.create(area=area, capacity=3)
        BookingFactory.create_batch(2, event=event)
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def attempt(n: int, event: Event = event, barrier=barrier, errors=errors):
            try:
                barrier.wait(timeout=5)
                book(event, email=f"racer{n}@example.org")
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                close_old_connections()

        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [], round_number
        statuses = sorted(
            event.bookings.filter(email__startswith="racer").values_list(
                "status", flat=True
            )
        )
        assert statuses == ["confirmed", "waiting"], round_number
        assert event.bookings.confirmed().total_places() == 3


def test_booking_more_places_than_the_event_has_is_refused(area):
    event = EventFactory.create(area=area, capacity=2)
    with pytest.raises(services.EventError):
        book(event, places=3)


def test_adding_places_to_an_open_event_promotes_the_waiting_list(
    area, officer, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, capacity=1)
    BookingFactory.create(event=event)
    waiting = BookingFactory.create(event=event, status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, by=officer, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_online_link_is_emailed_only_to_people_with_a_place(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(
        area=area, capacity=1, venue_name="", online_url="https://meet.example/x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        book(event, email="first@example.org")
        book(event, email="second@example.org")
    confirmed, waiting = mail.outbox
    assert "https://meet.example/x" in confirmed.body
    assert "https://meet.example/x" not in waiting.body


def test_waiting_list_is_served_in_the_order_people_booked(area, officer):
    # created_at, not the row id, decides the order: rows can be written out
    # of order (an import, a retried request).
    event = EventFactory.create(area=area, capacity=2)
    first_in = BookingFactory.create(event=event, places=2)
    booked_later = BookingFactory.create(
        event=event, status="waiting", created_at=in_days(-1)
    )
    booked_earlier = BookingFactory.create(
        event=event, status="waiting", created_at=in_days(-2)
    )
    assert list(event.bookings.waiting()) == [booked_earlier, booked_later]
    mail.outbox.clear()
    services.event_update(event=event, by=officer, data={"capacity": 3})
    booked_earlier.refresh_from_db()
    booked_later.refresh_from_db()
    assert booked_earlier.status == BookingStatus.CONFIRMED
    assert booked_later.status == BookingStatus.WAITING
    services.booking_cancel(booking=first_in)
    booked_later.refresh_from_db()
    assert booked_later.status == BookingStatus.CONFIRMED


def test_a_freed_place_goes_to_the_first_waiting_booking_that_fits(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, capacity=3)
    leaving = BookingFactory.create(event=event, places=1)
    BookingFactory.create(event=event, places=2)
    family = BookingFactory.create(event=event, places=2, status="waiting")
    single = BookingFactory.create(event=event, places=1, status="waiting")
    also_single = BookingFactory.create(event=event, places=1, status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=leaving)
    for booking in (family, single, also_single):
        booking.refresh_from_db()
    assert family.status == BookingStatus.WAITING
    assert single.status == BookingStatus.CONFIRMED
    assert also_single.status == BookingStatus.WAITING
    assert [m.to for m in mail.outbox] == [[single.email]]
    assert event.bookings.confirmed().total_places() == event.capacity
    # Somebody booking now joins the waiting list behind them.
    assert book(event).status == BookingStatus.WAITING


def test_cancelling_a_booking_for_a_held_event_promotes_nobody(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, capacity=1, status=EventStatus.HELD)
    booked = BookingFactory.create(event=event)
    waiting = BookingFactory.create(event=event, status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.booking_cancel(booking=booked)
    waiting.refresh_from_db()
    assert cancelled.status == BookingStatus.CANCELLED
    assert cancelled.cancelled_at is not None
    assert waiting.status == BookingStatus.WAITING
    assert waiting.promoted_at is None
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb="booking.promoted").exists()


def test_a_cancelled_event_cannot_be_edited(area, officer):
    event = EventFactory.create(area=area, title="Summer roadshow", capacity=1)
    BookingFactory.create(event=event)
    waiting = BookingFactory.create(event=event, status="waiting")
    services.event_cancel(event=event, by=officer)
    with pytest.raises(services.EventError, match="cancelled event cannot be changed"):
        services.event_update(
            event=event, by=officer, data={"title": "Renamed", "capacity": 5}
        )
    event.refresh_from_db()
    waiting.refresh_from_db()
    assert (event.title, event.capacity) == ("Summer roadshow", 1)
    assert waiting.status == BookingStatus.WAITING
    assert not AuditEvent.objects.filter(verb="event.updated").exists()


def test_a_cancelled_event_cannot_be_cancelled_again_or_reopened(area, officer):
    event = EventFactory.create(area=area)
    services.event_cancel(event=event, by=officer)
    with pytest.raises(services.EventError):
        services.event_cancel(event=event, by=officer)
    with pytest.raises(services.EventError):
        services.event_transition(event=event, by=officer, to=EventStatus.OPEN)
    assert AuditEvent.objects.filter(verb="event.cancelled").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_and_a_booking_at_once_never_overfill_the_event(area):
    """One place is free and a family of two waits; a booking is cancelled as
    someone books the free place.

    Whichever takes the event's lock first, exactly one of them gets places:
    the family (the cancellation came first) or the newcomer (the family no
    longer fits). Without the lock both would, and the event would overfill.
    """
    rounds = 4
    for round_number in range(rounds):
        event = EventFactory.create(area=area, capacity=2)
        leaving = BookingFactory.create(event=event, places=1)
        family = BookingFactory.create(event=event, places=2, status="waiting")
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def run(step, barrier=barrier, errors=errors):
            try:
                barrier.wait(timeout=5)
                step()
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                close_old_connections()

        steps = [
            lambda leaving=leaving: services.booking_cancel(booking=leaving),
            lambda event=event: book(event, email="newcomer@example.org"),
        ]
        threads = [threading.Thread(target=run, args=(step,)) for step in steps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [], round_number
        family.refresh_from_db()
        newcomer = event.bookings.get(email="newcomer@example.org")
        assert event.bookings.confirmed().total_places() <= 2, round_number
        statuses = sorted([family.status, newcomer.status])
        assert statuses == ["confirmed", "waiting"], round_number


def test_editing_a_topic_records_what_changed(area, officer):
    event = EventFactory.create(area=area)
    session = services.session_save(
        event=event, by=officer, data={"title": "Transport", "sort": 1}
    )
    session.title = "Changed in memory by a bound form"
    services.session_save(
        event=event,
        by=officer,
        data={"title": "School transport", "sort": 1},
        session=session,
    )
    session.refresh_from_db()
    assert session.title == "School transport"
    latest = AuditEvent.objects.filter(verb="event.session_saved").latest("pk")
    assert latest.changes["title"] == ["Transport", "School transport"]


def test_booking_again_with_the_same_token_returns_the_first_booking(
    area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area, capacity=5)
    token = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.booking_create(event=event, data=BOOKER, token=token)
        again = services.booking_create(
            event=event, data=BOOKER | {"places": 3}, token=token
        )
    assert again == first
    assert again.places == 1
    assert Booking.objects.count() == 1
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="booking.confirmed").count() == 1


def test_a_retry_after_booking_has_closed_still_finds_the_booking(area):
    event = EventFactory.create(area=area)
    token = uuid.uuid4()
    first = services.booking_create(event=event, data=BOOKER, token=token)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.HELD)
    assert services.booking_create(event=event, data=BOOKER, token=token) == first


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_stores_one_booking(area):
    event = EventFactory.create(area=area, capacity=5)
    token = uuid.uuid4()
    barrier = threading.Barrier(3)
    booked: list[int] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            barrier.wait(timeout=5)
            booked.append(
                services.booking_create(event=event, data=BOOKER, token=token).pk
            )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(booked)) == 1
    assert Booking.objects.count() == 1


def test_one_email_address_holds_one_booking_per_event_in_any_case(area):
    event = EventFactory.create(area=area, capacity=10)
    book(event, email="Sam@Example.org")
    with pytest.raises(services.EventError) as refused:
        book(event, email="sam@example.ORG")
    assert refused.value.code == "already_booked"
    assert "already have a booking" in refused.value.messages[0]
    # Another event, or another address, books as usual.
    book(EventFactory.create(area=area), email="sam@example.org")
    book(event, email="jo@example.org")
    assert event.bookings.count() == 2


def test_a_waiting_list_place_counts_and_a_cancelled_booking_does_not(area):
    event = EventFactory.create(area=area, capacity=1)
    BookingFactory.create(event=event)
    waiting = book(event)
    assert waiting.status == BookingStatus.WAITING
    with pytest.raises(services.EventError):
        book(event)
    services.booking_cancel(booking=waiting)
    assert book(event).status == BookingStatus.WAITING


def test_the_officer_can_let_one_address_make_more_bookings(area):
    event = EventFactory.create(area=area, capacity=20, bookings_per_email=3)
    for _ in range(3):
        book(event, email="school@example.org", places=4)
    with pytest.raises(services.EventError) as refused:
        book(event, email="SCHOOL@example.org")
    assert "already has 3 bookings" in refused.value.messages[0]
    assert event.bookings.count() == 3
