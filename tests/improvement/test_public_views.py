"""The progress pages as families see them, and what a lead is told on staff pages."""

import datetime
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.conftest import HOSTILE
from tests.improvement.factories import ActionFactory
from tests.improvement.reports.factories import ActionUpdateFactory

pytestmark = pytest.mark.django_db


def action_url(plan, action) -> str:
    return reverse(
        "improvement:action_progress",
        kwargs={
            "area_slug": plan.area.slug,
            "strategy_pk": plan.strategy_id,
            "pk": action.pk,
        },
    )


def test_each_row_links_to_its_action_and_shows_the_latest_update(
    published, workstream
) -> None:
    action = ActionFactory.create(workstream=workstream, title="Recruit SENCOs")
    ActionUpdateFactory.create(
        action=action,
        narrative="Advert out.",
        created_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
    )
    ActionUpdateFactory.create(
        action=action,
        narrative="Two SENCOs start in May.",
        created_at=datetime.datetime(2026, 4, 14, 9, 0, tzinfo=datetime.UTC),
    )
    silent = ActionFactory.create(workstream=workstream, title="Review transport")
    html = Client().get(published.get_absolute_url()).content.decode()
    assert f'href="{action_url(published, action)}"' in html
    assert "Updated 14 April 2026: Two SENCOs start in May." in html
    assert "Advert out." not in html
    assert f'href="{action_url(published, silent)}"' in html
    assert "No update yet." in html


def test_the_action_page_shows_every_update_newest_first_and_escapes_text(
    published, workstream
) -> None:
    action = ActionFactory.create(workstream=workstream, title=HOSTILE, rag="amber")
    for day, text in [(2, "First step."), (20, HOSTILE)]:
        ActionUpdateFactory.create(
            action=action,
            narrative=text,
            created_at=datetime.datetime(2026, 3, day, 9, 0, tzinfo=datetime.UTC),
        )
    response = Client().get(action_url(published, action))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<script>" not in html
    assert "{{ 7|add:7 }}" in html  # shown as typed, not run
    assert html.index("20 March 2026") < html.index("2 March 2026")


def test_an_action_of_an_unpublished_or_other_plan_is_not_found(
    plan, workstream, other_area
) -> None:
    action = ActionFactory.create(workstream=workstream)
    assert Client().get(action_url(plan, action)).status_code == HTTPStatus.NOT_FOUND
    plan.is_published = True
    plan.save()
    assert Client().get(action_url(plan, action)).status_code == HTTPStatus.OK
    elsewhere = reverse(
        "improvement:action_progress",
        kwargs={
            "area_slug": other_area.slug,
            "strategy_pk": plan.strategy_id,
            "pk": action.pk,
        },
    )
    assert Client().get(elsewhere).status_code == HTTPStatus.NOT_FOUND


def test_a_lead_of_another_workstream_is_told_who_can_update(
    plan, workstream, other_workstream, lead
) -> None:
    action = ActionFactory.create(workstream=other_workstream)
    html = (
        client_for(lead)
        .get(staff_url("action_detail", plan, plan_pk=plan.pk, pk=action.pk))
        .content.decode()
    )
    assert "Who can record updates" in html
    assert other_workstream.name in html.split("Who can record updates", 1)[1]
    own = ActionFactory.create(workstream=workstream)
    html = (
        client_for(lead)
        .get(staff_url("action_detail", plan, plan_pk=plan.pk, pk=own.pk))
        .content.decode()
    )
    assert "Who can record updates" not in html
