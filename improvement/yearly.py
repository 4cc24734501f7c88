"""An area's yearly "You said, we did": comments received and the action taken.

The SEND Code of Practice (4.1-4.28) and the SEND Regulations 2014 (reg. 54)
ask each local area to publish the comments families made on the Local Offer
and its services, and what it did or will do about them. This read gathers a
calendar year of them: the published "You said, we did" items of every
consultation of the area (by when their feedback was published) and the
findings of the events written up that year, grouped by theme and priority,
each theme with the public actions that answer it and their RAG.
"""

from dataclasses import dataclass
from dataclasses import field

from django.db.models import Prefetch
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear

from consultations.models import YouSaidWeDid
from events.models import EventStatus
from events.models import Finding
from sendportal.areas.models import LocalArea
from strategies.models import Priority
from strategies.models import Theme

from .models import Action
from .models import ActionTheme
from .models import FeedbackAction
from .models import Plan


@dataclass
class ThemeComments:
    """One theme (or none: comments not coded to a theme) of the year."""

    theme: Theme | None
    items: list[YouSaidWeDid] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    actions: dict[int, Action] = field(default_factory=dict)

    @property
    def priority(self) -> Priority | None:
        return self.theme.priority if self.theme is not None else None

    @property
    def action_list(self) -> list[Action]:
        return sorted(self.actions.values(), key=lambda a: (a.sort_key, a.pk))

    def sort_key(self) -> tuple[int, int, str]:
        if self.theme is None:
            return (2, 0, "")
        priority = self.theme.priority
        if priority is None:
            return (1, 0, self.theme.name)
        return (0, priority.number, self.theme.name)


def _published_items(area: LocalArea) -> QuerySet[YouSaidWeDid]:
    return YouSaidWeDid.objects.published().filter(consultation__area=area)


def _written_up_findings(area: LocalArea) -> QuerySet[Finding]:
    return Finding.objects.filter(
        event__area=area, event__status=EventStatus.WRITTEN_UP
    ).exclude(themes=None)


def feedback_years(area: LocalArea) -> list[int]:
    """The years with published comments, the latest first."""
    years = set(
        _published_items(area)
        .annotate(year=ExtractYear("consultation__feedback_published_at"))
        .values_list("year", flat=True)
    ) | set(
        _written_up_findings(area)
        .annotate(year=ExtractYear("event__starts_at"))
        .values_list("year", flat=True)
    )
    return sorted((y for y in years if y is not None), reverse=True)


def yearly_comments(area: LocalArea, year: int) -> list[ThemeComments]:
    """The year's comments by theme, in priority order, in a fixed few queries."""
    items = list(
        _published_items(area)
        .filter(consultation__feedback_published_at__year=year)
        .select_related("consultation", "theme__priority")
        .prefetch_related(
            Prefetch(
                "action_links",
                queryset=FeedbackAction.objects.public(),
                to_attr="public_action_links",
            )
        )
        .order_by("consultation__feedback_published_at", "consultation_id", "sort")
    )
    findings = list(
        _written_up_findings(area)
        .filter(event__starts_at__year=year)
        .select_related("event")
        .prefetch_related("themes__priority")
        .order_by("event__starts_at", "sort", "pk")
    )
    groups: dict[int | None, ThemeComments] = {}

    def group(theme: Theme | None) -> ThemeComments:
        key = theme.pk if theme is not None else None
        if key not in groups:
            groups[key] = ThemeComments(theme=theme)
        return groups[key]

    for item in items:
        comments = group(item.theme)
        comments.items.append(item)
        for feedback_link in item.public_action_links:
            comments.actions[feedback_link.action_id] = feedback_link.action
    for finding in findings:
        for theme in finding.themes.all():
            group(theme).findings.append(finding)
    themed = [key for key in groups if key is not None]
    for link in ActionTheme.objects.filter(
        theme_id__in=themed,
        action__plan__in=Plan.objects.published(),
        action__retired_at=None,
    ).select_related("action__plan"):
        groups[link.theme_id].actions.setdefault(link.action_id, link.action)
    return sorted(groups.values(), key=ThemeComments.sort_key)
