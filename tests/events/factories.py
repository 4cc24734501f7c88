import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import AttendanceCount
from events.models import Booking
from events.models import BookingStatus
from events.models import Event
from events.models import EventSession
from events.models import EventStatus
from events.models import EventType
from events.models import Finding
from events.models import FindingKind
from tests.factories import LocalAreaFactory


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


class EventFactory(DjangoModelFactory[Event]):
    class Meta:
        model = Event

    area = factory.SubFactory(LocalAreaFactory)
    title = factory.Sequence(lambda n: f"SEND listening event {n}")
    event_type = EventType.LISTENING_EVENT
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(
        lambda event: event.starts_at + datetime.timedelta(hours=2)
    )
    venue_name = "Fenmere Library"
    venue_address = "1 High Street, Fenmere"
    capacity = 20
    accessibility = factory.LazyFunction(lambda: ["bsl", "step_free"])
    status = EventStatus.OPEN


class EventSessionFactory(DjangoModelFactory[EventSession]):
    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Topic {n}")


class BookingFactory(DjangoModelFactory[Booking]):
    class Meta:
        model = Booking

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"booker{n}@example.org")
    respondent_type = "PARENT_CARER"
    places = 1
    status = BookingStatus.CONFIRMED


class AttendanceCountFactory(DjangoModelFactory[AttendanceCount]):
    class Meta:
        model = AttendanceCount

    event = factory.SubFactory(EventFactory)
    respondent_type = "PARENT_CARER"
    count = 10


class FindingFactory(DjangoModelFactory[Finding]):
    class Meta:
        model = Finding

    event = factory.SubFactory(EventFactory)
    session = factory.SubFactory(
        EventSessionFactory, event=factory.SelfAttribute("..event")
    )
    kind = FindingKind.WORKS_WELL
    text = factory.Sequence(lambda n: f"Something that works well {n}")


def event_form_data(**changes: object) -> dict[str, object]:
    """What an officer types into the event form: a themed workshop on 2 April 2030
    from 10am to 3pm, online, with 40 places; `changes` override or add fields."""
    return {
        "title": "Preparing for adulthood",
        "event_type": "themed_workshop",
        "phase_focus": "post_16",
        "date_0": "2",
        "date_1": "4",
        "date_2": "2030",
        "start_time": "10:00",
        "end_time": "15:00",
        "online_url": "https://meet.example/abc",
        "capacity": "40",
        **changes,
    }
