"""Truth table: every events permission for every role, area and event status."""

import pytest

from events.models import EventStatus
from tests.events.factories import EventFactory
from tests.events.factories import in_days

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer")
STATUSES = tuple(EventStatus.values)
PUBLIC = {"open", "held", "written_up", "cancelled"}

# Who holds each permission, by role, for an event of each status.
EXPECTED: dict[str, dict[str, set[str]]] = {
    "events.view_event": {
        **{role: PUBLIC for role in ("anonymous", "no_role", "other_officer")},
        **{role: set(STATUSES) for role in ("officer", "lead", "cabinet", "admin")},
    },
    "events.view_writeup": {
        **{role: {"written_up"} for role in ("anonymous", "no_role", "other_officer")},
        **{role: set(STATUSES) for role in ("officer", "lead", "cabinet", "admin")},
    },
    "events.book_event": {role: {"open"} for role in ROLES},
    "events.change_event": {
        "officer": {"planned", "open", "held", "written_up"},
        "admin": {"planned", "open", "held", "written_up"},
    },
    "events.manage_event": {
        "officer": {"planned", "open", "held", "written_up"},
        "admin": {"planned", "open", "held", "written_up"},
    },
    "events.cancel_event": {
        "officer": {"planned", "open"},
        "admin": {"planned", "open"},
    },
    "events.view_bookings": {
        "officer": set(STATUSES),
        "admin": set(STATUSES),
    },
    "events.record_outcomes": {
        "officer": {"held", "written_up"},
        "admin": {"held", "written_up"},
    },
}


def _has_perm(user, permission, obj):
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser().has_perm(permission, obj)
    return user.has_perm(permission, obj)


@pytest.mark.parametrize("status", STATUSES)
def test_event_permissions_by_role_and_area_for_each_status(
    status, users_by_role, area
):
    event = EventFactory.create(area=area, status=status)
    wrong = [
        (permission, role, not allowed)
        for permission, holders in EXPECTED.items()
        for role in ROLES
        if _has_perm(users_by_role[role], permission, event)
        is not (allowed := status in holders.get(role, set()))
    ]
    assert wrong == [], "(permission, role, actually allowed) unlike the table"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("officer", True),
        ("lead", False),
        ("cabinet", False),
        ("admin", True),
        ("other_officer", False),
    ],
)
def test_only_officers_and_admins_of_the_area_can_add_events(
    role, allowed, users_by_role, area
):
    assert _has_perm(users_by_role[role], "events.add_event", area) is allowed


def test_an_open_event_cannot_be_booked_once_it_has_started(area):
    event = EventFactory.create(
        area=area, starts_at=in_days(-0.01), ends_at=in_days(0.1)
    )
    assert _has_perm(None, "events.book_event", event) is False


def test_an_open_event_cannot_be_booked_outside_its_booking_window(area):
    not_yet = EventFactory.create(area=area, booking_opens_at=in_days(1))
    closed = EventFactory.create(area=area, booking_closes_at=in_days(-1))
    assert _has_perm(None, "events.book_event", not_yet) is False
    assert _has_perm(None, "events.book_event", closed) is False
