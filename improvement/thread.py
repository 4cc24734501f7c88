"""The golden thread as the public reads it: what people said about a theme,
and what has been done for it.

Every figure is a GROUP BY in the database, so a page costs the same number
of queries however many answers are coded. Only public things are read:
themes of public strategies, coded answers of public consultations,
findings of written-up events, and actions and KPIs of published plans.
Counts of people go through the disclosure rule (sendportal/disclosure.py).
"""

import datetime
import hashlib
from collections import Counter
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count
from django.db.models import Max
from django.db.models import QuerySet

from consultations.models import AnswerTheme
from consultations.models import Consultation
from consultations.models import PublishedAnswer
from consultations.models.consultations import PUBLIC_CONSULTATION_STATUSES
from events.models import Event
from events.models import EventStatus
from events.models import Finding
from sendportal.areas.models import LocalArea
from sendportal.disclosure import SuppressedTable
from sendportal.disclosure import suppress
from strategies.codes import RespondentGroup
from strategies.codes import group_of
from strategies.models import PUBLIC_STATUSES
from strategies.models import Priority
from strategies.models import Strategy
from strategies.models import Theme

from .models import Action
from .models import ActionTheme
from .models import ActionUpdate
from .models import Kpi
from .models import Plan

# Findings are public once the event's write-up is.
PUBLIC_FINDING_STATUSES = (EventStatus.WRITTEN_UP,)


def public_themes(area: LocalArea | int) -> QuerySet[Theme]:
    """The themes of the area's public strategies (retired ones too: they
    keep what was coded to them)."""
    return Theme.objects.filter(
        strategy__area=area, strategy__status__in=PUBLIC_STATUSES
    )


def public_plans(area: LocalArea | int) -> QuerySet[Plan]:
    """The plans the public progress page shows."""
    return Plan.objects.for_area(area).published()


def _in_period(
    rows: QuerySet[Any],
    moment: str,
    since: datetime.datetime | None,
    before: datetime.datetime | None,
) -> QuerySet[Any]:
    """Rows whose `moment` falls in [since, before), either end open."""
    if since is not None:
        rows = rows.filter(**{f"{moment}__gte": since})
    if before is not None:
        rows = rows.filter(**{f"{moment}__lt": before})
    return rows


def public_codings(
    *, since: datetime.datetime | None = None, before: datetime.datetime | None = None
) -> QuerySet[AnswerTheme]:
    """Codings of answers to public consultations, optionally of responses
    submitted in [since, before)."""
    codings = AnswerTheme.objects.filter(
        answer__response__consultation__status__in=PUBLIC_CONSULTATION_STATUSES
    )
    return _in_period(codings, "answer__response__submitted_at", since, before)


def public_findings(
    *, since: datetime.datetime | None = None, before: datetime.datetime | None = None
) -> QuerySet[Any]:
    """Theme codings of findings of written-up events, optionally of events
    that started in [since, before)."""
    codings = Finding.themes.through.objects.filter(
        finding__event__status__in=PUBLIC_FINDING_STATUSES
    )
    return _in_period(codings, "finding__event__starts_at", since, before)


def _people_rows(codings: QuerySet[AnswerTheme]) -> list[tuple[int, int, str, int]]:
    """(theme, consultation, respondent type, distinct responses) of `codings`,
    in one query.

    Distinct (theme, response) pairs first, then a plain count: a response
    with several answers coded to a theme counts once, and PostgreSQL can
    hash both steps rather than sort for a COUNT(DISTINCT).
    """
    pairs = (
        codings.values_list(
            "theme_id",
            "answer__response__consultation_id",
            "answer__response__respondent_type",
            "answer__response_id",
        )
        .distinct()
        .order_by()
    )
    try:
        sql, params = pairs.query.sql_with_params()
    except EmptyResultSet:  # no theme asked for
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pairs.theme_id, pairs.consultation_id, pairs.respondent_type, "  # noqa: S608  # the inner query's own SQL
            f"COUNT(*) FROM ({sql}) AS pairs(theme_id, consultation_id, "
            f"respondent_type, response_id) GROUP BY 1, 2, 3",
            params,
        )
        return cursor.fetchall()


# How long a cached count may be kept; the key changes as soon as anything
# counted changes, so this only bounds the cache's size.
PEOPLE_CACHE_SECONDS = 24 * 60 * 60


def _all_time_people_rows(
    theme_ids: list[int], area: LocalArea | int
) -> list[tuple[int, int, str, int]]:
    """`_people_rows` of every public coding of the themes, cached.

    The key is a fingerprint of what the rows depend on, read without the
    joins that make the count slow: how many codings the themes have and the
    newest (any coding, uncoding or erased response changes one of them), and
    when the area's consultations last changed (one becoming public or a
    draft again). So a page never shows a stale count.
    """
    fingerprint = AnswerTheme.objects.filter(theme_id__in=theme_ids).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    changed = Consultation.objects.filter(area=area).aggregate(last=Max("updated_at"))
    key = (
        "thread-people:"
        + hashlib.sha256(
            repr(
                (
                    sorted(theme_ids),
                    fingerprint["n"],
                    fingerprint["last"],
                    changed["last"],
                )
            ).encode()
        ).hexdigest()
    )
    rows: list[tuple[int, int, str, int]] | None = cache.get(key)
    if rows is None:
        rows = _people_rows(public_codings().filter(theme_id__in=theme_ids))
        cache.set(key, rows, timeout=PEOPLE_CACHE_SECONDS)
    return rows


def people_by_group(
    theme_ids: Iterable[int],
    *,
    area: LocalArea | int | None = None,
    since: datetime.datetime | None = None,
    before: datetime.datetime | None = None,
) -> dict[int, Counter[str]]:
    """For each theme, how many responses had an answer coded to it, by
    respondent group (one query).

    A response has one respondent type and one consultation, so the counts
    of its types and consultations add up to the count of the group. Counts
    of all time for an `area`'s themes are cached (`_all_time_people_rows`).
    """
    ids = list(theme_ids)
    if area is not None and since is None and before is None:
        rows = _all_time_people_rows(ids, area)
    else:
        rows = _people_rows(
            public_codings(since=since, before=before).filter(theme_id__in=ids)
        )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for theme_id, _consultation_id, respondent_type, n in rows:
        counts[theme_id][group_of(respondent_type)] += n
    return counts


def findings_by_theme(
    theme_ids: Iterable[int],
    *,
    since: datetime.datetime | None = None,
    before: datetime.datetime | None = None,
) -> Counter[int]:
    """How many public findings were coded to each theme: one grouped query."""
    rows = (
        public_findings(since=since, before=before)
        .filter(theme_id__in=list(theme_ids))
        .values_list("theme_id")
        .annotate(n=Count("finding_id"))
        .order_by()
    )
    return Counter(dict(rows))


def group_table(counts: Counter[str]) -> SuppressedTable:
    """People by respondent group in the code list's order, rule applied."""
    return suppress({str(group.label): counts[group] for group in RespondentGroup})


@dataclass
class ThemeSummary:
    """A theme on the area's list: how many people raised it, and findings."""

    theme: Theme
    people: SuppressedTable
    findings: int

    @property
    def heard(self) -> bool:
        return self.people.total.high > 0 or self.findings > 0


@dataclass
class PriorityThemes:
    priority: Priority | None
    themes: list[ThemeSummary] = field(default_factory=list)


@dataclass
class StrategyThemes:
    strategy: Strategy
    priorities: list[PriorityThemes] = field(default_factory=list)


def area_themes(area: LocalArea) -> list[StrategyThemes]:
    """The area's public themes by strategy and priority, with how many people
    raised each (one query for the themes, one per kind of count)."""
    themes = list(
        public_themes(area)
        .select_related("strategy", "priority")
        .order_by(
            "-strategy__period_start",
            "strategy__title",
            "strategy_id",
            "priority__is_enabler",
            "priority__number",
            "name",
        )
    )
    ids = [theme.pk for theme in themes]
    people = people_by_group(ids, area=area)
    findings = findings_by_theme(ids)
    strategies: dict[int, StrategyThemes] = {}
    for theme in themes:
        group = strategies.setdefault(theme.strategy_id, StrategyThemes(theme.strategy))
        if not group.priorities or group.priorities[-1].priority != theme.priority:
            group.priorities.append(PriorityThemes(theme.priority))
        group.priorities[-1].themes.append(
            ThemeSummary(theme, group_table(people[theme.pk]), findings[theme.pk])
        )
    for group in strategies.values():
        # Themes without a priority come last.
        group.priorities.sort(key=lambda p: p.priority is None)
    return list(strategies.values())


@dataclass
class ThemeThread:
    """Everything the public page of one theme shows."""

    theme: Theme
    people: SuppressedTable
    consultations: list[Consultation]
    events: list[Event]
    actions: list[Action]
    kpis: list[Kpi]

    @property
    def findings(self) -> int:
        return sum(event.theme_findings for event in self.events)  # type: ignore[attr-defined]


def theme_people(theme: Theme) -> tuple[Counter[str], list[Consultation]]:
    """Who raised the theme, by respondent group, and the public
    consultations they answered (one grouped query, then the consultations)."""
    people: Counter[str] = Counter()
    consultation_ids = set()
    for _theme_id, consultation_id, respondent_type, n in _all_time_people_rows(
        [theme.pk], theme.strategy.area_id
    ):
        people[group_of(respondent_type)] += n
        consultation_ids.add(consultation_id)
    consultations = list(
        Consultation.objects.filter(
            pk__in=consultation_ids, area_id=theme.strategy.area_id
        ).order_by("-opens_at", "pk")
    )
    return people, consultations


def theme_events(theme: Theme) -> list[Event]:
    """Written-up events with findings coded to the theme, each annotated
    with `theme_findings`, their number."""
    return list(
        Event.objects.filter(
            area_id=theme.strategy.area_id,
            status__in=PUBLIC_FINDING_STATUSES,
            findings__themes=theme,
        )
        .annotate(theme_findings=Count("findings", distinct=True))
        .select_related("area")
        .order_by("-starts_at", "pk")
    )


def latest_updates(actions: list[Action]) -> dict[int, ActionUpdate]:
    """Each action's newest update, in one query (portable DISTINCT ON)."""
    latest: dict[int, ActionUpdate] = {}
    for update in ActionUpdate.objects.filter(
        action_id__in=[action.pk for action in actions]
    ).order_by("action_id", "-created_at", "-pk"):
        latest.setdefault(update.action_id, update)
    return latest


def theme_actions(theme: Theme) -> list[Action]:
    """The active actions of published plans linked to the theme, each with
    `latest_update` (or None)."""
    actions = list(
        Action.objects.for_theme(theme)
        .filter(plan__in=public_plans(theme.strategy.area_id))
        .active()
        .select_related("plan__strategy__area", "priority")
        .order_by("plan__strategy_id", "sort_key", "pk")
    )
    latest = latest_updates(actions)
    for action in actions:
        action.latest_update = latest.get(action.pk)  # type: ignore[attr-defined]
    return actions


def theme_kpis(theme: Theme) -> list[Kpi]:
    """The public KPIs measuring the theme's priority in published plans
    (a KPI belongs to a priority, not to an action)."""
    if theme.priority_id is None:
        return []
    return list(
        Kpi.objects.filter(
            plan__in=public_plans(theme.strategy.area_id), priority=theme.priority_id
        )
        .public()
        .active()
    )


def theme_thread(theme: Theme) -> ThemeThread:
    people, consultations = theme_people(theme)
    return ThemeThread(
        theme=theme,
        people=group_table(people),
        consultations=consultations,
        events=theme_events(theme),
        actions=theme_actions(theme),
        kpis=theme_kpis(theme),
    )


# Enough to hear people's voices; the consultations' published lists have all.
QUOTES_SHOWN = 6


def theme_quotes(theme: Theme) -> list[PublishedAnswer]:
    """Quotes about the theme for its public page: the redacted copies of
    free-text answers coded to it, from responses whose authors said yes to
    publication and an officer has published. Never `Answer.text_value`."""
    return list(
        PublishedAnswer.objects.for_theme(theme).filter(
            publication__response__consultation__status__in=PUBLIC_CONSULTATION_STATUSES
        )[:QUOTES_SHOWN]
    )


def themes_of_actions(actions: Iterable[Action]) -> dict[int, list[Theme]]:
    """Each action's public themes, by action id, in one query."""
    by_action: dict[int, list[Theme]] = defaultdict(list)
    action_ids = [action.pk for action in actions]
    if not action_ids:
        return by_action
    links = (
        ActionTheme.objects.filter(
            action_id__in=action_ids,
            theme__strategy__status__in=PUBLIC_STATUSES,
        )
        .select_related("theme")
        .order_by("theme__name", "pk")
    )
    for link in links:
        by_action[link.action_id].append(link.theme)
    return by_action
