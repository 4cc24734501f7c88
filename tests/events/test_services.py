"""Booking, waiting list, cancellation and officer workflows."""

import threading

import pytest
from django.core import mail
from django.db import close_old_connections

from events import services
from events.models import Booking
from events.models import BookingStatus
from events.models import Event
from events.models import EventStatus
from sendportal.audit.models import AuditEvent
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
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


def test_promotion_keeps_the_queue_order_when_the_first_does_not_fit(area):
    event = EventFactory.create(area=area, capacity=2)
    confirmed = BookingFactory.create(event=event, places=1)
    BookingFactory.create(event=event, places=1)
    first = BookingFactory.create(event=event, places=2, status="waiting")
    later = BookingFactory.create(event=event, places=1, status="waiting")
    services.booking_cancel(booking=confirmed)
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.status == later.status == BookingStatus.WAITING


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
    assert enqueued(callbacks) == [("events.tasks.send_event_cancelled", (event.pk,))]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([booked.email, waiting.email])
    assert all("cancelled" in m.subject for m in mail.outbox)
    from events.tasks import send_event_cancelled

    send_event_cancelled(event.pk)
    assert len(mail.outbox) == 2


def test_a_held_event_cannot_be_cancelled(area, officer):
    event = EventFactory.create(area=area, status=EventStatus.HELD)
    with pytest.raises(services.EventError):
        services.event_cancel(event=event, by=officer)


def test_event_lifecycle_moves_forward_only(area, officer):
    event = EventFactory.create(area=area, status=EventStatus.PLANNED)
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
