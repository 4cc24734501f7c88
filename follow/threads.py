"""What became of what someone said: their themes, the public actions linked
to them, and what changed on those actions, derived from the RAG history.

Reads only, shared by the follow page and the weekly digest. Each function
is a fixed number of queries whatever the number of themes and actions.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from consultations.models import Response
from events.models import Event
from events.models import EventStatus
from improvement.models import Action
from improvement.models import ActionTheme
from improvement.models import ActionUpdate
from improvement.models import Plan
from improvement.models.plans import FINISHED_STATUSES
from improvement.models.plans import Rag
from sendportal.areas.models import LocalArea
from strategies.models import Theme


@dataclass(frozen=True)
class Change:
    """One progress update on an action, told as what it changed."""

    key: str
    action: Action
    at: datetime.datetime
    rag_before: str
    rag_after: str
    completed: bool

    @property
    def rag_changed(self) -> bool:
        return bool(self.rag_before) and self.rag_before != self.rag_after


@dataclass
class FollowedAction:
    """An action as a follower sees it: where it stands and what changed."""

    action: Action
    latest_update_at: datetime.datetime | None = None
    rag_then: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def completed_since(self) -> bool:
        return any(change.completed for change in self.changes)

    @property
    def rag_changed_since(self) -> bool:
        return bool(self.rag_then) and self.rag_then != self.action.rag

    @property
    def rag_then_label(self) -> str:
        return str(Rag(self.rag_then).label) if self.rag_then else ""


@dataclass
class FollowedTheme:
    theme: Theme
    actions: list[FollowedAction] = field(default_factory=list)


def response_themes(response: Response | int) -> list[Theme]:
    """The themes an officer coded any of the response's answers to."""
    return list(
        Theme.objects.filter(answertheme__answer__response=response)
        .distinct()
        .select_related("priority")
        .order_by("name", "pk")
    )


def event_themes(event: Event | int) -> list[Theme]:
    """The themes of the findings recorded at an event."""
    return list(
        Theme.objects.filter(event_findings__event=event)
        .distinct()
        .select_related("priority")
        .order_by("name", "pk")
    )


def followed_themes(
    *, area: LocalArea, themes: list[Theme], since: datetime.datetime
) -> list[FollowedTheme]:
    """Each theme with the public actions linked to it (of the area's
    published plans, not retired) and what changed on them after `since`."""
    rows = [FollowedTheme(theme=theme) for theme in themes]
    if not themes:
        return rows
    links = list(
        ActionTheme.objects.filter(
            theme__in=themes,
            action__plan__in=Plan.objects.for_area(area).published(),
            action__retired_at__isnull=True,
        )
        .select_related("action__plan")
        .order_by("action__sort_key", "action__reference", "pk")
    )
    followed: dict[int, FollowedAction] = {}
    by_theme: dict[int, list[FollowedAction]] = defaultdict(list)
    for link in links:
        item = followed.setdefault(link.action_id, FollowedAction(action=link.action))
        by_theme[link.theme_id].append(item)
    _add_history(followed, since=since)
    for row in rows:
        row.actions = by_theme.get(row.theme.pk, [])
    return rows


def _add_history(
    followed: dict[int, FollowedAction], *, since: datetime.datetime
) -> None:
    """Fill in each action's latest update, its RAG at `since` and the
    changes after it: one query for every action's whole history."""
    previous: dict[int, ActionUpdate] = {}
    updates = ActionUpdate.objects.filter(action_id__in=list(followed)).order_by(
        "action_id", "created_at", "pk"
    )
    for update in updates.only("pk", "action_id", "rag", "status", "created_at"):
        item = followed[update.action_id]
        before = previous.get(update.action_id)
        if update.created_at <= since:
            item.rag_then = update.rag
        else:
            item.changes.append(
                Change(
                    key=f"update:{update.pk}",
                    action=item.action,
                    at=update.created_at,
                    rag_before=before.rag if before else item.rag_then,
                    rag_after=update.rag,
                    completed=update.status in FINISHED_STATUSES
                    and (before is None or before.status not in FINISHED_STATUSES),
                )
            )
        item.latest_update_at = update.created_at
        previous[update.action_id] = update


def all_changes(rows: list[FollowedTheme]) -> list[Change]:
    """Every change once, even on an action linked to two of the themes."""
    seen: dict[str, Change] = {}
    for row in rows:
        for item in row.actions:
            for change in item.changes:
                seen.setdefault(change.key, change)
    return sorted(seen.values(), key=lambda change: (change.at, change.key))


def writeup_key(event: Event) -> str | None:
    """The change "the event's write-up is published", once it is."""
    return f"writeup:{event.pk}" if event.status == EventStatus.WRITTEN_UP else None
