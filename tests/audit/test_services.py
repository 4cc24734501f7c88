"""The audit trail records only known verbs, and histories show their labels."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from events import services as event_services
from events.models import EventStatus
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from tests.events.factories import EventFactory
from tests.strategies.factories import StrategyFactory

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ("consultations", "events", "improvement", "strategies", "sendportal")


def record_event_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for folder in APP_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "record_event"
                ):
                    calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def test_every_record_event_call_names_a_member_of_the_enumeration() -> None:
    calls = record_event_calls()
    assert len(calls) > 40  # the walk found the services
    written_out = []
    for where, call in calls:
        verb = next(k.value for k in call.keywords if k.arg == "verb")
        for node in ast.walk(verb):
            if isinstance(node, ast.JoinedStr) or (
                isinstance(node, ast.Constant) and isinstance(node.value, str)
            ):
                written_out.append(where)
    assert written_out == []


def test_each_verb_has_its_own_value_and_a_label() -> None:
    # Two members with one value would make the second a silent alias.
    assert len(AuditVerb.__members__) == len(AuditVerb)
    for verb in AuditVerb:
        assert verb.label
        assert verb.label != verb.value


@pytest.mark.django_db
def test_a_verb_outside_the_enumeration_is_refused(area, officer) -> None:
    strategy = StrategyFactory.create(area=area)
    with pytest.raises(ValueError, match=r"strategy\.renamed"):
        record_event(by=officer, verb="strategy.renamed", target=strategy)  # type: ignore[arg-type]  # the point of the test
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_every_verb_an_event_records_is_a_member(area, officer) -> None:
    event = EventFactory.create(area=area, status=EventStatus.PLANNED)
    event_services.event_update(event=event, by=officer, data={"title": "New"})
    event_services.event_transition(event=event, by=officer, to=EventStatus.OPEN)
    event_services.event_cancel(event=event, by=officer)
    stored = list(
        AuditEvent.objects.for_subject(event)
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert stored == [
        AuditVerb.EVENT_UPDATED,
        AuditVerb.EVENT_OPENED,
        AuditVerb.EVENT_CANCELLED,
    ]


@pytest.mark.django_db
def test_the_event_history_shows_the_label_not_the_stored_verb(
    client, area, officer
) -> None:
    event = EventFactory.create(area=area, status=EventStatus.PLANNED)
    event_services.event_transition(event=event, by=officer, to=EventStatus.OPEN)
    client.force_login(officer)
    page = client.get(
        reverse("events_staff:event_detail", args=[area.slug, event.pk])
    ).content.decode()
    assert "Event opened for booking" in page
    assert "event.open" not in page
