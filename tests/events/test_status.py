"""One rule for an event's status, wherever it is shown, and held means held."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event
from events.models import EventStatus
from events.services import EventError
from events.services import event_transition
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_marked_as_held_before_it_starts(area, officer) -> None:
    event = EventFactory.create(area=area)
    with pytest.raises(EventError, match="has not started yet"):
        event_transition(event=event, by=officer, to=EventStatus.HELD)
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN


def test_an_event_under_way_can_be_marked_as_held_and_leaves_upcoming(
    area, officer
) -> None:
    now = timezone.now()
    event = EventFactory.create(
        area=area,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
    )
    assert list(Event.objects.upcoming()) == [event]
    event_transition(event=event, by=officer, to=EventStatus.HELD)
    assert list(Event.objects.upcoming()) == []
    assert list(Event.objects.past()) == [event]


def test_a_full_event_reads_the_same_to_staff_and_to_families(
    client, area, officer
) -> None:
    event = EventFactory.create(area=area, capacity=2, title="Small workshop")
    BookingFactory.create(event=event, places=2, status="confirmed")
    assert Event.objects.get(pk=event.pk).status_label == "Full: waiting list"
    public = client.get(f"/{area.slug}/events/").content.decode()
    staff = client_for(officer)
    for url in (f"/staff/{area.slug}/events/", event.get_staff_url()):
        html = staff.get(url).content.decode()
        assert "Full: waiting list" in html, url
        assert "Open for booking" not in html.split("<main", 1)[1].split("<form")[0]
    assert "Full: waiting list" in public
