"""The demo events tell the seed stories (tests/test_demo.py loads them twice)."""

import pytest
from django.utils import timezone

from consultations.models import Consultation
from events.models import Booking
from events.models import Event
from events.models import Finding

pytestmark = pytest.mark.django_db


def test_demo_events_tell_the_seed_stories(demo_db: None) -> None:
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


def test_every_demo_consultation_and_event_has_a_co_production_level(
    demo_db: None,
) -> None:
    assert not Event.objects.filter(coproduction_level="").exists()
    assert not Consultation.objects.filter(coproduction_level="").exists()
    workshops = Event.objects.filter(event_type="themed_workshop")
    assert workshops.exists()
    assert set(workshops.values_list("coproduction_level", flat=True)) == {"co_design"}
    herts = Consultation.objects.get(area__slug="hertfordshire", status="open")
    assert herts.coproduction_level == "consult"
