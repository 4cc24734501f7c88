"""Changes to strategies: each is atomic and recorded in the audit trail."""

import datetime
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import model_update
from sendportal.audit.services import record_event

from .models import OutcomeStatement
from .models import Priority
from .models import Strategy
from .models import StrategyDocument
from .models import StrategyStatus

STRATEGY_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "summary",
    "vision",
    "supersedes",
)
PRIORITY_FIELDS = ("number", "title", "description", "pfa_outcome", "is_enabler")


class StrategyTransitionError(ValidationError):
    """A lifecycle step that does not fit the strategy's status."""


def _refuse(message: str) -> StrategyTransitionError:
    return StrategyTransitionError(message, code="invalid_transition")


@transaction.atomic
def strategy_create(*, area: LocalArea, by: User, data: Mapping[str, Any]) -> Strategy:
    """Start a draft strategy for an area."""
    strategy = Strategy(area=area, status=StrategyStatus.DRAFT)
    changes = model_update(instance=strategy, fields=STRATEGY_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.STRATEGY_CREATED,
        target=strategy,
        area_id=area.pk,
        changes=changes,
    )
    return strategy


@transaction.atomic
def strategy_update(
    *, strategy: Strategy, by: User, data: Mapping[str, Any]
) -> Strategy:
    """Change a draft (or in-consultation) strategy's text and period."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if not strategy.is_editable:
        raise _refuse(
            _(
                "An approved strategy cannot be changed. Start a new version "
                "that replaces it instead."
            )
        )
    changes = model_update(instance=strategy, fields=STRATEGY_FIELDS, data=data)
    if changes:
        record_event(
            by=by,
            verb=AuditVerb.STRATEGY_CHANGED,
            target=strategy,
            area_id=strategy.area_id,
            changes=changes,
        )
    return strategy


@transaction.atomic
def strategy_publish(*, strategy: Strategy, by: User) -> Strategy:
    """Publish a draft strategy so that families can read it and be consulted."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if strategy.status != StrategyStatus.DRAFT:
        raise _refuse(
            _("Only a draft can be published. This strategy is “%(status)s”.")
            % {"status": strategy.get_status_display()}
        )
    if not strategy.priorities.exists():
        raise _refuse(_("Add at least one priority before publishing the strategy."))
    strategy.status = StrategyStatus.IN_CONSULTATION
    strategy.published_at = strategy.published_at or timezone.now()
    strategy.save(update_fields=["status", "published_at", "updated_at"])
    record_event(
        by=by,
        verb=AuditVerb.STRATEGY_PUBLISHED,
        target=strategy,
        area_id=strategy.area_id,
        changes={"status": [StrategyStatus.DRAFT, strategy.status]},
    )
    return strategy


@transaction.atomic
def strategy_withdraw(*, strategy: Strategy, by: User) -> Strategy:
    """Take a strategy out of consultation and back to draft (for example, paused)."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if strategy.status != StrategyStatus.IN_CONSULTATION:
        raise _refuse(
            _(
                "Only a strategy in consultation can go back to draft. "
                "This strategy is “%(status)s”."
            )
            % {"status": strategy.get_status_display()}
        )
    strategy.status = StrategyStatus.DRAFT
    strategy.save(update_fields=["status", "updated_at"])
    record_event(
        by=by,
        verb=AuditVerb.STRATEGY_WITHDRAWN,
        target=strategy,
        area_id=strategy.area_id,
        changes={"status": [StrategyStatus.IN_CONSULTATION, StrategyStatus.DRAFT]},
    )
    return strategy


@transaction.atomic
def strategy_approve(
    *,
    strategy: Strategy,
    by: User,
    approval_body: str,
    approved_on: datetime.date,
    decision_reference: str = "",
) -> Strategy:
    """Record the approval of the final strategy; the one it replaces is superseded."""
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if strategy.status not in (StrategyStatus.DRAFT, StrategyStatus.IN_CONSULTATION):
        raise _refuse(
            _("This strategy is already “%(status)s”. It cannot be approved again.")
            % {"status": strategy.get_status_display()}
        )
    if not strategy.priorities.exists():
        raise _refuse(_("Add at least one priority before approving the strategy."))
    changes = model_update(
        instance=strategy,
        data={
            "status": StrategyStatus.APPROVED,
            "approval_body": approval_body,
            "approved_on": approved_on,
            "decision_reference": decision_reference,
            "published_at": strategy.published_at or timezone.now(),
        },
    )
    record_event(
        by=by,
        verb=AuditVerb.STRATEGY_APPROVED,
        target=strategy,
        area_id=strategy.area_id,
        changes=changes,
    )
    replaced = strategy.supersedes
    if replaced is not None and replaced.status == StrategyStatus.APPROVED:
        replaced.status = StrategyStatus.SUPERSEDED
        replaced.save(update_fields=["status", "updated_at"])
        record_event(
            by=by,
            verb=AuditVerb.STRATEGY_SUPERSEDED,
            target=replaced,
            area_id=replaced.area_id,
            changes={"status": [StrategyStatus.APPROVED, StrategyStatus.SUPERSEDED]},
        )
    return strategy


@transaction.atomic
def strategy_new_version(*, strategy: Strategy, by: User) -> Strategy:
    """Start a draft that copies a strategy and its priorities, and will replace it."""
    if strategy.status == StrategyStatus.DRAFT:
        raise _refuse(_("This strategy is still a draft: change it directly."))
    draft = strategy_create(
        area=strategy.area,
        by=by,
        data={
            "title": strategy.title,
            "period_start": strategy.period_start,
            "period_end": strategy.period_end,
            "summary": strategy.summary,
            "vision": strategy.vision,
            "supersedes": strategy,
        },
    )
    for priority in strategy.priorities.prefetch_related("outcomes"):
        copy = Priority.objects.create(
            strategy=draft,
            **{name: getattr(priority, name) for name in PRIORITY_FIELDS},
        )
        OutcomeStatement.objects.bulk_create(
            OutcomeStatement(
                priority=copy, text=outcome.text, voice=outcome.voice, sort=outcome.sort
            )
            for outcome in priority.outcomes.all()
        )
    return draft


def _guard_editable(strategy: Strategy) -> None:
    if not strategy.is_editable:
        raise _refuse(
            _(
                "The priorities and documents of an approved strategy cannot be "
                "changed. Start a new version that replaces it instead."
            )
        )


@transaction.atomic
def priority_save(
    *,
    strategy: Strategy,
    by: User,
    data: Mapping[str, Any],
    outcomes: Sequence[str],
    priority: Priority | None = None,
) -> Priority:
    """Add or change a priority and replace its outcome statements."""
    _guard_editable(strategy)
    is_new = priority is None
    if priority is None:
        priority = Priority(strategy=strategy)
        old_texts: list[str] = []
    else:
        old_texts = list(priority.outcomes.values_list("text", flat=True))
    changes = model_update(instance=priority, fields=PRIORITY_FIELDS, data=data)
    texts = [text.strip() for text in outcomes if text.strip()]
    priority.outcomes.all().delete()
    OutcomeStatement.objects.bulk_create(
        OutcomeStatement(
            priority=priority,
            text=text,
            voice=OutcomeStatement.voice_for(text),
            sort=index,
        )
        for index, text in enumerate(texts)
    )
    if is_new or old_texts != texts:
        changes["outcomes"] = [None if is_new else old_texts, texts]
    record_event(
        by=by,
        verb=AuditVerb.PRIORITY_CREATED if is_new else AuditVerb.PRIORITY_CHANGED,
        target=priority,
        subject=strategy,
        area_id=strategy.area_id,
        changes=changes,
    )
    return priority


@transaction.atomic
def priority_delete(*, priority: Priority, by: User) -> None:
    """Remove a priority from a strategy that can still change."""
    _guard_editable(priority.strategy)
    record_event(
        by=by,
        verb=AuditVerb.PRIORITY_DELETED,
        target=priority,
        subject=priority.strategy,
        area_id=priority.strategy.area_id,
        changes={"title": [priority.title, None]},
    )
    priority.delete()


@transaction.atomic
def document_add(
    *,
    strategy: Strategy,
    by: User,
    title: str,
    kind: str,
    file: UploadedFile | None = None,
    url: str = "",
) -> StrategyDocument:
    """Attach a document (uploaded file or link) to a strategy."""
    _guard_editable(strategy)
    document = StrategyDocument(strategy=strategy, title=title, kind=kind, url=url)
    if file is not None:
        document.file.save(file.name or "document", file, save=False)
    document.full_clean()
    document.save()
    record_event(
        by=by,
        verb=AuditVerb.DOCUMENT_ADDED,
        target=document,
        subject=strategy,
        area_id=strategy.area_id,
        changes={"title": [None, title], "kind": [None, kind]},
    )
    return document


@transaction.atomic
def document_remove(*, document: StrategyDocument, by: User) -> None:
    """Remove a document from a strategy that can still change."""
    _guard_editable(document.strategy)
    record_event(
        by=by,
        verb=AuditVerb.DOCUMENT_REMOVED,
        target=document,
        subject=document.strategy,
        area_id=document.strategy.area_id,
        changes={"title": [document.title, None]},
    )
    stored = document.file
    document.delete()
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
