"""“You said, we did” built from the golden thread: drafts and their actions.

A consultation's items are drafted from the themes its answers were coded to
(and the findings of the strategy's events), with how many people said each and
what the actions linked to the theme are doing. Officers edit the wording and
choose what to publish; each item keeps links to the actions that answer it.
"""

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations import services as consultation_services
from consultations.models import AnswerTheme
from consultations.models import Consultation
from consultations.models import YouSaidWeDid
from events.models import Finding
from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.disclosure import public_count
from strategies.models import Theme

from .models import FINISHED_STATUSES
from .models import Action
from .models import ActionTheme
from .models import FeedbackAction


def answerable_actions(consultation: Consultation) -> QuerySet[Action]:
    """The actions an item of the consultation may link to: the active actions
    of the area's plans for the consultation's strategy."""
    return (
        Action.objects.filter(
            plan__area_id=consultation.area_id,
            plan__strategy_id=consultation.strategy_id,
        )
        .active()
        .select_related("plan")
        .order_by("plan__pk", "sort_key", "reference")
    )


def _action_labels(actions: Iterable[Action]) -> list[str]:
    return sorted(action.reference for action in actions)


def _record_saved(
    *, item: YouSaidWeDid, by: User, changes: Mapping[str, list[Any]]
) -> None:
    record_event(
        by=by,
        verb=AuditVerb.FEEDBACK_ITEM_SAVED,
        target=item,
        area_id=item.consultation.area_id,
        changes=changes,
        subject=item.consultation,
    )


@transaction.atomic
def feedback_item_actions_set(
    *, item: YouSaidWeDid, actions: Iterable[Action], by: User
) -> bool:
    """Link the item to exactly these actions (of its consultation's strategy and
    area); audited when the set changes. False when nothing changed."""
    wanted = {action.pk: action for action in actions}
    allowed = set(
        answerable_actions(item.consultation)
        .filter(pk__in=list(wanted))
        .values_list("pk", flat=True)
    )
    if set(wanted) - allowed:
        raise ValidationError(
            _("Choose actions of this area’s plans for the consultation’s strategy."),
            code="feedback_action_area",
        )
    links = FeedbackAction.objects.filter(feedback_item=item).select_related("action")
    current = {link.action_id: link.action for link in links}
    if set(current) == set(wanted):
        return False
    FeedbackAction.objects.filter(feedback_item=item).exclude(
        action_id__in=list(wanted)
    ).delete()
    FeedbackAction.objects.bulk_create(
        [
            FeedbackAction(feedback_item=item, action=action, linked_by=by)
            for pk, action in wanted.items()
            if pk not in current
        ]
    )
    _record_saved(
        item=item,
        by=by,
        changes={
            "actions": [
                ", ".join(_action_labels(current.values())) or None,
                ", ".join(_action_labels(wanted.values())) or None,
            ]
        },
    )
    return True


@transaction.atomic
def feedback_item_save(
    *,
    consultation: Consultation,
    by: User,
    data: Mapping[str, Any],
    item: YouSaidWeDid | None = None,
) -> YouSaidWeDid:
    """Add or edit an item (the consultation's own service) and set its actions."""
    saved = consultation_services.feedback_item_save(
        consultation=consultation, by=by, data=data, item=item
    )
    if "actions" in data:
        feedback_item_actions_set(item=saved, actions=data["actions"], by=by)
    return saved


def _people_by_theme(consultation: Consultation) -> dict[int, int]:
    """Each coded theme: how many responses had an answer coded to it."""
    rows = (
        AnswerTheme.objects.filter(answer__response__consultation=consultation)
        .values("theme_id")
        .annotate(people=Count("answer__response_id", distinct=True))
        .order_by()
    )
    return {row["theme_id"]: row["people"] for row in rows}


def _findings_by_theme(consultation: Consultation) -> dict[int, int]:
    """Each theme: how many findings of the strategy's events were coded to it."""
    rows = (
        Finding.objects.filter(
            event__area_id=consultation.area_id,
            event__strategy_id=consultation.strategy_id,
        )
        .values("themes")
        .annotate(findings=Count("pk"))
        .exclude(themes=None)
        .order_by()
    )
    return {row["themes"]: row["findings"] for row in rows}


def draft_you_said(theme: Theme, people: int, findings: int) -> str:
    said = theme.description or _("People told us about %(theme)s.") % {
        "theme": theme.name
    }
    parts = [said]
    if people:
        # The draft may be published as it stands: the number is written as
        # the public may see it (docs/disclosure.md).
        # (So never "1 person": a count shown is 5 or more, or "fewer than 5".)
        parts.append(
            _("%(count)s people who answered raised this.")
            % {"count": public_count(people)}
        )
    if findings:
        parts.append(
            ngettext(
                "It was also raised at our events (%(count)d finding).",
                "It was also raised at our events (%(count)d findings).",
                findings,
            )
            % {"count": findings}
        )
    return " ".join(parts)


def draft_we_did(actions: list[Action]) -> str:
    if not actions:
        return _(
            "No action is linked to this theme yet. Say what will change, or link "
            "an action to the theme first."
        )
    lines = [_("Our improvement plan responds with:")]
    lines += [
        _("%(reference)s %(title)s: %(status)s (%(rag)s)")
        % {
            "reference": action.reference,
            "title": action.title,
            "status": action.get_status_display(),
            "rag": action.get_rag_display(),
        }
        for action in actions
    ]
    return "\n".join(lines)


@transaction.atomic
def feedback_drafts_create(
    *, consultation: Consultation, by: User
) -> list[YouSaidWeDid]:
    """Draft an unpublished item for each theme people raised that has none yet.

    A theme counts when answers of the consultation were coded to it, or
    findings of events of its strategy were. Each draft says how many people
    raised the theme, drafts "we did" from the actions linked to it and links
    those actions. Themes that already have an item (drafted or written) are
    left alone, so pressing the button again adds only new themes.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    people = _people_by_theme(consultation)
    findings = _findings_by_theme(consultation)
    taken = set(
        consultation.feedback_items.exclude(theme=None).values_list(
            "theme_id", flat=True
        )
    )
    themes = list(
        Theme.objects.filter(
            strategy_id=consultation.strategy_id,
            pk__in=(set(people) | set(findings)) - taken,
        ).order_by("priority__number", "name")
    )
    actions_by_theme: dict[int, list[Action]] = {}
    for link in (
        ActionTheme.objects.filter(
            theme__in=themes, action__in=answerable_actions(consultation)
        )
        .select_related("action")
        .order_by("action__sort_key", "action__pk")
    ):
        actions_by_theme.setdefault(link.theme_id, []).append(link.action)
    next_sort = max(
        consultation.feedback_items.values_list("sort", flat=True), default=0
    )
    drafted = []
    for sort, theme in enumerate(themes, start=next_sort + 1):
        actions = actions_by_theme.get(theme.pk, [])
        count = people.get(theme.pk, 0)
        item = YouSaidWeDid.objects.create(
            consultation=consultation,
            theme=theme,
            you_said=draft_you_said(theme, count, findings.get(theme.pk, 0)),
            said_count=count or None,
            we_did=draft_we_did(actions),
            status=YouSaidWeDid.Status.DONE
            if actions and all(a.status in FINISHED_STATUSES for a in actions)
            else YouSaidWeDid.Status.PLANNED,
            is_published=False,
            sort=sort,
        )
        FeedbackAction.objects.bulk_create(
            [
                FeedbackAction(feedback_item=item, action=a, linked_by=by)
                for a in actions
            ]
        )
        _record_saved(
            item=item,
            by=by,
            changes={
                "theme": [None, theme.name],
                "said_count": [None, item.said_count],
                "actions": [None, ", ".join(_action_labels(actions)) or None],
                "drafted": [None, True],
            },
        )
        drafted.append(item)
    return drafted
