"""Recording audit events; every service with a side effect calls this."""

from collections.abc import Mapping
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
    return str(value)
