"""The demo events load, tell the seed stories, and load again unchanged."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Booking
from events.models import Event
from events.models import Finding

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return [
        (
            event.area.slug,
            event.title,
            event.starts_at,
            event.status,
            event.sessions.count(),
            event.findings.count(),
            event.bookings.count(),
        )
        for event in Event.objects.select_related("area").order_by("pk")
    ]


def test_demo_events_load_twice_with_the_same_result():
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
    northants = Event.objects.filter(area__slug="northamptonshire")
    assert northants.filter(title__startswith="20:20 Vision").count() == 4
    day_one = northants.get(title__contains="day one")
    assert [s.title for s in day_one.sessions.all()] == [
        "Transition points",
        "Inclusion",
        "Education for employment or training for life",
    ]
    for session in day_one.sessions.all():
        kinds = list(session.findings.values_list("kind", flat=True))
        assert kinds.count("works_well") == kinds.count("better_if") == 3
    assert Finding.objects.filter(themes__isnull=False).exists()
    assert Event.objects.filter(
        area__slug="buckinghamshire", title="Shout Out for SEND conference"
    ).exists()
    herts = Event.objects.filter(area__slug="hertfordshire")
    assert all(event.is_booking_open() for event in herts)
    assert all("bsl" in event.accessibility for event in herts)
    assert herts.get(title__startswith="Coffee").places_left() == 0
    assert Booking.objects.filter(status="waiting").count() == 1
    assert herts.filter(starts_at__gt=timezone.now()).count() == 3
