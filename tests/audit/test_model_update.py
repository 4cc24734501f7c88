"""model_update: copy, validate, save only what changed, and report it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from improvement.models import Action
from improvement.models import Workstream
from sendportal.audit.services import model_update
from strategies.models import Strategy
from strategies.models import StrategyStatus
from tests.events.factories import FindingFactory
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import PlanFactory
from tests.improvement.factories import WorkstreamFactory
from tests.strategies.factories import StrategyFactory
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db

FIELDS = ("title", "period_start", "period_end", "vision")


def test_a_changed_field_is_saved_and_reported_as_old_and_new(area) -> None:
    strategy = StrategyFactory.create(area=area, title="Old", period_start=2026)
    changes = model_update(
        instance=strategy,
        fields=FIELDS,
        data={"title": "New", "period_start": 2026},
    )
    assert changes == {"title": ["Old", "New"]}
    assert Strategy.objects.get(pk=strategy.pk).title == "New"


def test_only_changed_columns_are_written_so_a_concurrent_change_survives(
    area,
) -> None:
    strategy = StrategyFactory.create(area=area, title="Old", vision="First")
    Strategy.objects.filter(pk=strategy.pk).update(vision="Changed meanwhile")
    model_update(instance=strategy, fields=FIELDS, data={"title": "New"})
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.title, stored.vision) == ("New", "Changed meanwhile")


def test_the_timestamp_moves_on_only_when_something_changed(area) -> None:
    strategy = StrategyFactory.create(area=area, title="Same")
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Strategy.objects.filter(pk=strategy.pk).update(updated_at=long_ago)
    strategy.refresh_from_db()

    assert model_update(instance=strategy, fields=FIELDS, data={"title": "Same"}) == {}
    assert Strategy.objects.get(pk=strategy.pk).updated_at == long_ago

    model_update(instance=strategy, fields=FIELDS, data={"title": "Other"})
    assert Strategy.objects.get(pk=strategy.pk).updated_at > long_ago


def test_values_are_compared_after_cleaning(area) -> None:
    strategy = StrategyFactory.create(area=area, period_start=2026)
    changes = model_update(
        instance=strategy, fields=FIELDS, data={"period_start": "2026"}
    )
    assert changes == {}


def test_a_new_row_is_inserted_and_reported_from_nothing(area) -> None:
    strategy = Strategy(area=area, status=StrategyStatus.DRAFT)
    changes = model_update(
        instance=strategy,
        fields=(*FIELDS, "supersedes"),
        data={"title": "T", "period_start": 2026, "period_end": 2029, "vision": "V"},
    )
    assert strategy.pk is not None
    assert changes == {
        "title": [None, "T"],
        "period_start": [None, 2026],
        "period_end": [None, 2029],
        "vision": [None, "V"],
    }


def test_invalid_data_is_refused_and_nothing_is_stored(area) -> None:
    strategy = StrategyFactory.create(area=area, title="Kept")
    with pytest.raises(ValidationError):
        model_update(instance=strategy, fields=FIELDS, data={"title": ""})
    assert Strategy.objects.get(pk=strategy.pk).title == "Kept"


def test_foreign_keys_are_reported_by_primary_key(area) -> None:
    old = StrategyFactory.create(area=area)
    strategy = StrategyFactory.create(area=area)
    changes = model_update(
        instance=strategy, fields=("supersedes",), data={"supersedes": old}
    )
    assert changes == {"supersedes": [None, old.pk]}


def test_many_to_many_fields_are_set_and_reported_by_primary_key(area) -> None:
    finding = FindingFactory.create(event__area=area)
    first, second = ThemeFactory.create_batch(2)
    finding.themes.set([first])
    changes = model_update(
        instance=finding, fields=("text", "themes"), data={"themes": [second, first]}
    )
    assert changes == {"themes": [[first.pk], sorted([first.pk, second.pk])]}
    assert set(finding.themes.all()) == {first, second}


def test_without_an_allow_list_every_key_of_data_is_copied(area) -> None:
    strategy = StrategyFactory.create(area=area, title="Old", vision="Old vision")
    changes = model_update(instance=strategy, data={"title": "New", "vision": "V"})
    assert changes == {"title": ["Old", "New"], "vision": ["Old vision", "V"]}


def test_an_allow_list_ignores_keys_outside_it(area) -> None:
    strategy = StrategyFactory.create(area=area, status=StrategyStatus.DRAFT)
    model_update(
        instance=strategy, fields=FIELDS, data={"status": StrategyStatus.APPROVED}
    )
    assert Strategy.objects.get(pk=strategy.pk).status == StrategyStatus.DRAFT


def test_an_edit_still_checks_the_constraints_its_fields_are_in(area) -> None:
    # Workstream names are unique in a plan: renaming onto another's name is
    # refused, although the plan itself is not part of the edit.
    plan = PlanFactory.create(strategy=StrategyFactory.create(area=area))
    WorkstreamFactory.create(plan=plan, name="Taken")
    workstream = WorkstreamFactory.create(plan=plan, name="Mine")
    with pytest.raises(ValidationError) as caught:
        model_update(instance=workstream, data={"name": "Taken"})
    assert "__all__" in caught.value.error_dict
    assert Workstream.objects.get(pk=workstream.pk).name == "Mine"


def test_an_edit_does_not_check_again_what_it_leaves_alone(
    area, django_assert_num_queries
) -> None:
    # Each stored foreign key (plan, workstream, owner...) would be looked up
    # again by a full check; rating an action reads only the row it changes.
    plan = PlanFactory.create(strategy=StrategyFactory.create(area=area))
    action = ActionFactory.create(plan=plan, workstream__plan=plan)
    action = Action.objects.select_related("plan", "workstream", "priority").get(
        pk=action.pk
    )
    with django_assert_num_queries(2):  # the stored values, then the update
        changes = model_update(instance=action, data={"rag": "red"})
    assert changes == {"rag": ["grey", "red"]}
