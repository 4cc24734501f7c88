"""Who may see, book and run events; the object is an Event or a LocalArea."""

from typing import Any

import rules

from sendportal.accounts.models import Role
from sendportal.accounts.predicates import has_area_role
from sendportal.accounts.predicates import is_area_editor
from sendportal.accounts.predicates import is_area_member

from .models import CANCELLABLE_EVENT_STATUSES
from .models import EDITABLE_EVENT_STATUSES
from .models import PUBLIC_EVENT_STATUSES
from .models import RECORDABLE_EVENT_STATUSES
from .models import Event
from .models import EventStatus


def _status_in(*statuses: str) -> rules.Predicate:
    def check(user: Any, event: Any) -> bool:
        return isinstance(event, Event) and event.status in statuses

    return rules.Predicate(check, name="event_status_in:" + ",".join(statuses))


is_public_event = _status_in(*PUBLIC_EVENT_STATUSES)
is_editable_event = _status_in(*EDITABLE_EVENT_STATUSES)
is_cancellable_event = _status_in(*CANCELLABLE_EVENT_STATUSES)
is_recordable_event = _status_in(*RECORDABLE_EVENT_STATUSES)
is_written_up_event = _status_in(EventStatus.WRITTEN_UP)


@rules.predicate
def is_bookable_event(user: Any, event: Any) -> bool:
    """Open for booking, inside the booking window and not yet started."""
    return isinstance(event, Event) and event.is_booking_open()


rules.add_perm("events.view_event", is_public_event | is_area_member)
rules.add_perm("events.book_event", is_bookable_event)
rules.add_perm("events.view_writeup", is_written_up_event | is_area_member)
rules.add_perm("events.add_event", is_area_editor)
rules.add_perm("events.change_event", is_area_editor & is_editable_event)
rules.add_perm("events.cancel_event", is_area_editor & is_cancellable_event)
# Whether a lifecycle step fits the status is the service's decision, so the
# officer sees a clear message rather than a bare refusal.
rules.add_perm("events.manage_event", is_area_editor & is_editable_event)
# Bookings hold names, emails and access needs: officers and admins only.
rules.add_perm("events.view_bookings", is_area_editor)
rules.add_perm("events.record_outcomes", is_area_editor & is_recordable_event)
# Citing an event's findings as evidence for an improvement action, like coding
# them (the action's own rule, improvement.update_action, is checked as well).
# Workstream leads cite findings for the actions of their own workstreams
# only (the action's rights are checked too, in improvement).
rules.add_perm(
    "events.cite_findings", is_area_editor | has_area_role(Role.WORKSTREAM_LEAD)
)
