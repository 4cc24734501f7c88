"""Booking rules at their edges: the booking window, capacity changes, audit.

Written for the mutants that the first mutation run left alive
(docs/mutation-testing.md): each test pins one boundary.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from events import services
from events.models import Booking
from events.models import BookingStatus
from events.models import Event
from events.models import EventStatus
from sendportal.audit.models import AuditEvent
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def at(hours: float) -> datetime.datetime:
    return NOW + datetime.timedelta(hours=hours)


@pytest.mark.parametrize(
    ("when", "open_"),
    [
        (at(-1), False),  # before booking opens
        (at(0), True),  # the moment booking opens
        (at(5), True),
        (at(10) - datetime.timedelta(seconds=1), True),  # just before it closes
        (at(10), False),  # the moment booking closes
    ],
)
def test_the_booking_window_opens_and_closes_on_the_dot(
    area, when: datetime.datetime, open_: bool
) -> None:
    event = EventFactory.build(
        area=area,
        starts_at=at(24),
        booking_opens_at=at(0),
        booking_closes_at=at(10),
    )
    assert event.is_booking_open(at=when) is open_


def test_booking_closes_when_the_event_starts_and_only_opens_when_open(area) -> None:
    event = EventFactory.build(area=area, starts_at=at(2))
    assert event.is_booking_open(at=at(2) - datetime.timedelta(seconds=1))
    assert not event.is_booking_open(at=at(2))
    event.status = EventStatus.PLANNED
    assert not event.is_booking_open(at=at(0))


def test_an_event_with_no_bookings_has_every_place_left(area) -> None:
    EventFactory.create(area=area, capacity=12)
    event = Event.objects.with_places_taken().get()
    assert event.places_taken() == 0
    assert event.places_left() == 12


def test_places_left_never_goes_below_none(area) -> None:
    event = EventFactory.create(area=area, capacity=3)
    BookingFactory.create(event=event, places=3)
    Event.objects.filter(pk=event.pk).update(capacity=2)
    event.refresh_from_db()
    assert event.places_left() == 0


def test_each_booking_is_audited_as_confirmed_or_waiting(area) -> None:
    event = EventFactory.create(area=area, capacity=1)
    data = {"name": "A", "respondent_type": "PARENT_CARER", "places": 1}
    services.booking_create(event=event, data={**data, "email": "a@example.org"})
    services.booking_create(event=event, data={**data, "email": "b@example.org"})
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="booking.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["booking.confirmed", "booking.waiting"]


def test_adding_places_to_an_open_event_confirms_the_waiting_list(
    area, officer
) -> None:
    event = EventFactory.create(area=area, capacity=1)
    BookingFactory.create(event=event, places=1)
    waiting = BookingFactory.create(event=event, places=1, status="waiting")
    services.event_update(event=event, by=officer, data={"capacity": 1})
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.WAITING  # the same capacity: no change
    services.event_update(event=event, by=officer, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED


def test_adding_places_to_a_planned_event_confirms_nobody(area, officer) -> None:
    event = EventFactory.create(area=area, capacity=1, status=EventStatus.PLANNED)
    waiting = BookingFactory.create(event=event, places=1, status="waiting")
    services.event_update(event=event, by=officer, data={"capacity": 5})
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.WAITING


def test_cancelling_a_waiting_booking_promotes_nobody(area) -> None:
    event = EventFactory.create(area=area, capacity=1)
    BookingFactory.create(event=event, places=1)
    first = BookingFactory.create(event=event, places=1, status="waiting")
    second = BookingFactory.create(event=event, places=1, status="waiting")
    services.booking_cancel(booking=first)
    second.refresh_from_db()
    assert second.status == BookingStatus.WAITING


def test_cancelling_twice_is_recorded_once(area) -> None:
    booking = BookingFactory.create(event=EventFactory.create(area=area))
    services.booking_cancel(booking=booking)
    again = services.booking_cancel(booking=booking)
    assert again.status == BookingStatus.CANCELLED
    assert AuditEvent.objects.filter(verb="booking.cancelled").count() == 1


@pytest.mark.django_db(transaction=True)
def test_event_changes_lock_their_row_in_their_own_transaction(area, officer) -> None:
    """Called outside any transaction (as a task would), each service opens its
    own: `select_for_update` refuses to run without one."""
    event = EventFactory.create(area=area, capacity=1)
    assert not transaction.get_connection().in_atomic_block
    services.event_update(event=event, by=officer, data={"capacity": 3})
    services.event_cancel(event=event, by=officer)
    event.refresh_from_db()
    assert (event.capacity, event.status) == (3, EventStatus.CANCELLED)
    assert not Booking.objects.exists()
