"""Changes to strategies: each is atomic and recorded in the audit trail."""

import datetime
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import model_update
from sendportal.audit.services import record_event
from sendportal.ordering import move_one_place

from .models import EasyReadSection
from .models import OutcomeStatement
from .models import Priority
from .models import Strategy
from .models import StrategyDocument
from .models import StrategyStatus
from .models import Theme

STRATEGY_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "summary",
    "vision",
    "supersedes",
)
PRIORITY_FIELDS = ("number", "title", "description", "pfa_outcome", "is_enabler")
THEME_FIELDS = ("name", "description", "priority")
EASY_READ_FIELDS = ("heading", "text", "picture_symbol", "picture_alt")


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
    _copy_easy_read(strategy, draft)
    return draft


def _copy_easy_read(source: Strategy, target: Strategy) -> None:
    """Copy the Easy Read sections, with their own copies of uploaded pictures."""
    for section in source.easy_read_sections.all():
        copy = EasyReadSection(
            strategy=target,
            sort=section.sort,
            **{name: getattr(section, name) for name in EASY_READ_FIELDS},
        )
        if section.picture_image:
            try:
                with section.picture_image.open("rb") as handle:
                    content = ContentFile(handle.read())
            except OSError:
                content = None
            if content is not None:
                name = section.picture_image.name.rsplit("/", 1)[-1]
                copy.picture_image.save(name, content, save=False)
        copy.save()


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


# The Easy Read version --------------------------------------------------------
# A companion to the strategy: it may be written or corrected in any status
# (families read it while the strategy is in consultation and after it is
# approved), so there is no editable-status guard; every change is audited.


def _delete_file_on_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def easy_read_section_save(
    *,
    strategy: Strategy,
    by: User,
    data: Mapping[str, Any],
    picture_image: UploadedFile | None = None,
    remove_picture_image: bool = False,
    section: EasyReadSection | None = None,
) -> EasyReadSection:
    """Add a section to a strategy's Easy Read version (at the end), or change one.

    A new uploaded picture replaces the old one; `remove_picture_image` takes
    the uploaded picture away (the chosen symbol, if any, is shown instead).
    """
    is_new = section is None
    if section is None:
        last = strategy.easy_read_sections.order_by("-sort").first()
        section = EasyReadSection(
            strategy=strategy, sort=(last.sort + 1) if last else 1
        )
    elif section.strategy_id != strategy.pk:
        raise ValidationError(_("This section belongs to another strategy."))
    # The name now: saving a new upload changes the same FieldFile in place.
    old_image_name = section.picture_image.name or ""
    if picture_image is not None:
        section.picture_image.save(
            picture_image.name or "picture", picture_image, save=False
        )
    elif remove_picture_image:
        section.picture_image = ""
    changes = model_update(instance=section, fields=EASY_READ_FIELDS, data=data)
    new_image_name = section.picture_image.name if section.picture_image else ""
    if new_image_name != old_image_name:
        section.save(update_fields=["picture_image", "updated_at"])
        changes["picture_image"] = [old_image_name or None, new_image_name or None]
        _delete_file_on_commit(section.picture_image.storage, old_image_name)
    if is_new or changes:
        record_event(
            by=by,
            verb=(
                AuditVerb.EASY_READ_SECTION_ADDED
                if is_new
                else AuditVerb.EASY_READ_SECTION_CHANGED
            ),
            target=section,
            subject=strategy,
            area_id=strategy.area_id,
            changes=changes,
        )
    return section


@transaction.atomic
def easy_read_section_move(*, section: EasyReadSection, up: bool, by: User) -> None:
    """Swap a section with its neighbour above or below."""
    strategy = section.strategy
    ordered = strategy.easy_read_sections.select_for_update().order_by("sort", "pk")
    positions = move_one_place(ordered, section, up=up)
    if positions is None:
        return
    record_event(
        by=by,
        verb=AuditVerb.EASY_READ_SECTION_MOVED,
        target=section,
        subject=strategy,
        area_id=strategy.area_id,
        changes={"position": positions},
    )


@transaction.atomic
def easy_read_section_remove(*, section: EasyReadSection, by: User) -> None:
    """Remove a section from a strategy's Easy Read version, and its picture."""
    strategy = section.strategy
    record_event(
        by=by,
        verb=AuditVerb.EASY_READ_SECTION_REMOVED,
        target=section,
        subject=strategy,
        area_id=strategy.area_id,
        changes={"heading": [section.heading, None], "text": [section.text, None]},
    )
    storage, name = section.picture_image.storage, section.picture_image.name or ""
    section.delete()
    _delete_file_on_commit(storage, name)


# The coding frame ------------------------------------------------------------


def _guard_theme_name(strategy: Strategy, name: str, theme: Theme | None) -> None:
    """A theme's name is unique in its strategy, retired themes included."""
    taken = Theme.objects.for_strategy(strategy, include_retired=True).filter(
        name__iexact=name.strip()
    )
    if theme is not None and theme.pk:
        taken = taken.exclude(pk=theme.pk)
    if clash := taken.first():
        message = (
            _("A retired theme is already called “%(name)s”. Choose another name.")
            if clash.is_retired
            else _("A theme called “%(name)s” already exists. Choose another name.")
        )
        raise ValidationError({"name": message % {"name": clash.name}})


@transaction.atomic
def theme_save(
    *,
    strategy: Strategy,
    by: User,
    data: Mapping[str, Any],
    theme: Theme | None = None,
) -> Theme:
    """Add a theme to a strategy's coding frame, or change one."""
    is_new = theme is None
    if theme is None:
        theme = Theme(strategy=strategy)
    elif theme.strategy_id != strategy.pk:
        raise ValidationError(_("This theme belongs to another strategy."))
    priority = data.get("priority")
    if priority is not None and priority.strategy_id != strategy.pk:
        raise ValidationError({"priority": _("Select a priority of this strategy")})
    _guard_theme_name(strategy, data.get("name", theme.name), theme)
    changes = model_update(instance=theme, fields=THEME_FIELDS, data=data)
    if is_new or changes:
        record_event(
            by=by,
            verb=AuditVerb.THEME_CREATED if is_new else AuditVerb.THEME_CHANGED,
            target=theme,
            subject=strategy,
            area_id=strategy.area_id,
            changes=changes,
        )
    return theme


@transaction.atomic
def theme_retire(*, theme: Theme, by: User) -> Theme:
    """Stop offering a theme for coding; answers and findings coded to it keep it."""
    theme = (
        Theme.objects.select_for_update().select_related("strategy").get(pk=theme.pk)
    )
    if theme.is_retired:
        raise ValidationError(_("“%(name)s” is already retired.") % {"name": theme})
    theme.retired_at = timezone.now()
    theme.save(update_fields=["retired_at"])
    record_event(
        by=by,
        verb=AuditVerb.THEME_RETIRED,
        target=theme,
        subject=theme.strategy,
        area_id=theme.strategy.area_id,
        changes={"retired_at": [None, theme.retired_at.isoformat()]},
    )
    return theme


def _move_codings(
    through: Any, owner_field: str, *, merged: Theme, kept: Theme
) -> tuple[int, int]:
    """Move the rows of an answer or finding coding table from `merged` to `kept`.

    A row whose answer (or finding) is coded to both themes is dropped rather
    than moved, so that nothing is coded twice. Returns (moved, dropped).
    """
    already = through.objects.filter(theme_id=kept.pk).values(owner_field)
    duplicates = through.objects.filter(
        theme_id=merged.pk, **{f"{owner_field}__in": already}
    )
    dropped, _by_model = duplicates.delete()
    moved = through.objects.filter(theme_id=merged.pk).update(theme_id=kept.pk)
    return moved, dropped


@transaction.atomic
def theme_merge(*, merged: Theme, kept: Theme, by: User) -> Theme:
    """Merge one theme into another of the same strategy.

    Every answer, finding and "You said, we did" item coded to `merged` is
    coded to `kept` instead (once), and `merged` is retired. Returns `kept`.
    """
    from consultations.models import AnswerTheme
    from consultations.models import YouSaidWeDid

    themes = {
        t.pk: t
        for t in Theme.objects.select_for_update()
        .select_related("strategy")
        .filter(pk__in=[merged.pk, kept.pk])
    }
    merged, kept = themes[merged.pk], themes[kept.pk]
    if merged.pk == kept.pk:
        raise ValidationError({"kept": _("Select a different theme to merge into")})
    if merged.strategy_id != kept.strategy_id:
        raise ValidationError(
            {"kept": _("Select a theme of the same strategy to merge into")}
        )
    if merged.is_retired or kept.is_retired:
        raise ValidationError(_("A retired theme cannot be merged."))
    answers_moved, answers_dropped = _move_codings(
        AnswerTheme, "answer_id", merged=merged, kept=kept
    )
    findings_moved, findings_dropped = _move_codings(
        Theme.event_findings.through, "finding_id", merged=merged, kept=kept
    )
    feedback_moved = YouSaidWeDid.objects.filter(theme_id=merged.pk).update(
        theme_id=kept.pk
    )
    merged.retired_at = timezone.now()
    merged.save(update_fields=["retired_at"])
    record_event(
        by=by,
        verb=AuditVerb.THEME_MERGED,
        target=kept,
        subject=kept.strategy,
        area_id=kept.strategy.area_id,
        changes={
            "merged_theme": [merged.name, None],
            "kept_theme": [None, kept.name],
            "answer_codings_moved": [None, answers_moved],
            "answer_codings_already_on_kept_theme": [None, answers_dropped],
            "finding_codings_moved": [None, findings_moved],
            "finding_codings_already_on_kept_theme": [None, findings_dropped],
            "feedback_items_moved": [None, feedback_moved],
        },
    )
    return kept


@transaction.atomic
def coding_frame_copy(*, source: Strategy, target: Strategy, by: User) -> list[Theme]:
    """Copy the active themes of another strategy of the same area.

    A theme whose name the target already has (retired or not) is skipped; a
    theme's priority is matched by number in the target. Returns the new themes.
    """
    if source.area_id != target.area_id:
        raise ValidationError(
            {"source": _("Select a strategy of this area to copy from")}
        )
    if source.pk == target.pk:
        raise ValidationError({"source": _("Select another strategy to copy from")})
    taken = {
        name.casefold()
        for name in Theme.objects.for_strategy(
            target, include_retired=True
        ).values_list("name", flat=True)
    }
    priorities = {p.number: p for p in target.priorities.all()}
    created = []
    skipped = 0
    for theme in Theme.objects.for_strategy(source).select_related("priority"):
        if theme.name.casefold() in taken:
            skipped += 1
            continue
        taken.add(theme.name.casefold())
        created.append(
            Theme.objects.create(
                strategy=target,
                name=theme.name,
                description=theme.description,
                priority=(
                    priorities.get(theme.priority.number) if theme.priority else None
                ),
            )
        )
    record_event(
        by=by,
        verb=AuditVerb.CODING_FRAME_COPIED,
        target=target,
        area_id=target.area_id,
        changes={
            "copied_from": [None, str(source)],
            "themes_added": [None, len(created)],
            "themes_skipped": [None, skipped],
        },
    )
    return created
