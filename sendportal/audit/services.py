"""Recording audit events, and the changes they describe.

Every service with a side effect calls `record_event`; services that copy
submitted values onto a row use `model_update`, whose result is the record's
`changes`.
"""

from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from sendportal.accounts.models import User

from .models import AuditEvent
from .models import AuditVerb
from .models import subject_key


def record_event(
    *,
    by: User | AnonymousUser | None,
    verb: AuditVerb,
    target: models.Model,
    area_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    subject: models.Model | None = None,
) -> AuditEvent:
    """Record that `by` did `verb` to `target` (within the caller's transaction)."""
    actor = by if isinstance(by, User) and by.pk else None
    return AuditEvent.objects.create(
        actor=actor,
        area_id=area_id,
        # A string that is not a member fails here, in the service's own tests,
        # rather than later as a history line nobody can translate.
        verb=AuditVerb(verb),
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        changes=dict(changes or {}),
        subject=subject_key(subject if subject is not None else target),
    )


def model_update(
    *,
    instance: models.Model,
    data: Mapping[str, Any],
    fields: Sequence[str] | None = None,
) -> dict[str, list[Any]]:
    """Copy `fields` found in `data` onto `instance`, validate it, save it, and
    return what changed as {field: [old, new]}, ready for `record_event`.

    A row not yet in the database is inserted, and each of `fields` that has a
    value is reported as [None, value]. An existing row is compared with what is
    stored (one query), and saves only the fields that changed (and any
    `auto_now` timestamp), so a concurrent change to another
    column is not overwritten; when nothing changed it is not saved at all.
    Many-to-many fields are compared and stored by primary key after the save.
    Foreign keys are reported by primary key, like `model_to_dict`.

    `fields` is the allow-list for data that came from a form or a caller; a
    service passing values it built itself may leave it out to copy them all.
    """
    adding = instance._state.adding
    before: dict[str, Any] = {}
    columns: list[models.Field[Any, Any]] = []
    related: dict[str, Any] = {}
    for name in data if fields is None else fields:
        field = instance._meta.get_field(name)
        if not isinstance(field, models.Field):
            raise TypeError(f"{name} is a reverse relation, not a field to copy.")
        if field.many_to_many:
            if not adding:
                before[name] = _pks(getattr(instance, name).all())
            if name in data:
                related[name] = data[name]
            continue
        columns.append(field)
    if not adding and columns:
        # The stored values, not the instance's: a bound ModelForm has already
        # copied its data onto the instance it was given, which would make an
        # edit look like no change (and leave it unsaved).
        stored = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values(*(field.attname for field in columns))
            .get()
        )
        before.update({field.name: stored[field.attname] for field in columns})
    for field in columns:
        if field.name in data:
            setattr(instance, field.name, data[field.name])
    # Compared after cleaning, which turns "2026" into 2026 for a number field.
    written = {field.name for field in columns if adding or field.name in data}
    instance.full_clean(
        exclude=None if adding else _unchecked_fields(instance, written)
    )
    # Only what the caller gave: another column of a stale instance must not
    # overwrite a change stored since it was loaded.
    after = {
        field.name: field.value_from_object(instance)
        for field in columns
        if adding or field.name in data
    }
    if adding:
        instance.save()
    elif changed := [name for name, value in after.items() if before[name] != value]:
        stamps = [
            f.name
            for f in instance._meta.concrete_fields
            if getattr(f, "auto_now", False)
        ]
        instance.save(update_fields=[*changed, *stamps])
    for name, value in related.items():
        getattr(instance, name).set(value)
        after[name] = _pks(getattr(instance, name).all())
    return model_changes(before, after)


def _unchecked_fields(instance: models.Model, written: set[str]) -> list[str]:
    """The fields of a stored row that an edit of `written` need not check again.

    What the row stores passed its checks when it was saved, and each check
    may cost a query (a foreign key's row, a constraint). A field that shares a
    unique or check constraint with a written one is checked with it, and
    `clean()` always sees the whole row.
    """
    meta = instance._meta
    groups: list[set[str]] = [set(names) for names in meta.unique_together]
    for constraint in meta.constraints:
        names = set(getattr(constraint, "fields", ()) or ())
        condition = getattr(constraint, "condition", None)
        if condition is not None:
            names |= models.Q(condition).referenced_base_fields
        if not names:
            # A constraint on expressions: which fields it reads is not known.
            return []
        groups.append({_field_name(meta, name) for name in names})
    checked = set(written)
    for group in groups:
        if group & written:
            checked |= group
    return [field.name for field in meta.concrete_fields if field.name not in checked]


def _field_name(meta: Any, name: str) -> str:
    """A field's name, also when a constraint names its column (`plan_id`)."""
    try:
        return str(meta.get_field(name).name)
    except Exception:  # "pk" and the like: keep the name as given
        return name


def _pks(queryset: models.QuerySet[Any]) -> list[Any]:
    return sorted(queryset.values_list("pk", flat=True))


def model_changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Fields whose values differ, as {field: [old, new]} in JSON-safe form."""
    return {
        name: [_json_safe(before.get(name)), _json_safe(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    return str(value)
