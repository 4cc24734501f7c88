"""Status tags: one include, with each colour defined on its choices."""

from http import HTTPStatus
from pathlib import Path
from typing import get_args

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultations.models import ConsultationStatus
from consultations.models import YouSaidWeDid
from consultations.models.imports import ImportStatus
from events.models import EventStatus
from improvement.models import Rag
from improvement.reports.models import ReportStatus
from sendportal.choices import TagColour
from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours
from strategies.models import StrategyStatus
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
from tests.strategies.factories import StrategyFactory

# The colours GOV.UK Frontend has a `govuk-tag--<colour>` class for.
GOVUK_TAG_COLOURS = set(get_args(TagColour))


@pytest.mark.parametrize(
    "choices",
    [
        StrategyStatus,
        ConsultationStatus,
        ImportStatus,
        YouSaidWeDid.Status,
        EventStatus,
        ReportStatus,
        Rag,
    ],
)
def test_every_status_has_a_govuk_tag_colour(choices: type[TaggedChoices]) -> None:
    assert {member.tag_colour for member in choices} <= GOVUK_TAG_COLOURS


def test_amber_shows_as_the_yellow_tag() -> None:
    assert Rag.AMBER.tag_colour == "yellow"
    assert Rag("red").tag_colour == "red"


def test_choices_with_a_missing_or_unknown_colour_are_refused_at_import() -> None:
    with pytest.raises(ValueError, match="members"):

        @tag_colours({"draft": "grey"})
        class Incomplete(TaggedChoices):
            DRAFT = "draft", _("Draft")
            OPEN = "open", _("Open")

    with pytest.raises(ValueError, match="members"):

        @tag_colours({"draft": "grey", "gone": "red"})
        class Extra(TaggedChoices):
            DRAFT = "draft", _("Draft")


def test_the_include_escapes_its_label() -> None:
    html = render_to_string(
        "includes/_status_tag.html", {"label": "<script>x</script>", "colour": "red"}
    )
    assert html.strip() == (
        '<strong class="govuk-tag govuk-tag--red">'
        "&lt;script&gt;x&lt;/script&gt;</strong>"
    )


@pytest.mark.parametrize(
    ("rag", "expected"),
    [
        (
            "amber",
            '<strong class="govuk-tag govuk-tag--yellow">Amber: at risk</strong>',
        ),
        ("", '<span class="govuk-body-s">Not rated</span>'),
        (None, '<span class="govuk-body-s">Not rated</span>'),
    ],
)
def test_a_rag_rating_shows_its_colour_or_not_rated(
    rag: str | None, expected: str
) -> None:
    html = render_to_string(
        "improvement/includes/_rag_tag.html", {"rag": rag, "label": "Amber: at risk"}
    )
    assert html.strip() == expected


@pytest.mark.django_db
def test_a_strategy_page_shows_its_status_in_the_status_colour(client, area) -> None:
    strategy = StrategyFactory.create(area=area, status=StrategyStatus.IN_CONSULTATION)
    response = client.get(strategy.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert (
        '<strong class="govuk-tag govuk-tag--yellow">In consultation</strong>'
        in response.content.decode()
    )


@pytest.mark.django_db
def test_the_events_list_shows_each_status_in_its_colour(client, area) -> None:
    EventFactory.create(area=area, status=EventStatus.OPEN)
    EventFactory.create(area=area, status=EventStatus.OPEN, capacity=1)
    full = EventFactory.create(area=area, status=EventStatus.OPEN, capacity=1)
    BookingFactory.create(event=full)
    response = client.get(reverse("events:event_list", kwargs={"area_slug": area.slug}))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    open_tag = '<strong class="govuk-tag govuk-tag--green">Open for booking</strong>'
    full_tag = '<strong class="govuk-tag govuk-tag--orange">Full: waiting list</strong>'
    assert html.count(open_tag) == 2
    assert html.count(full_tag) == 1


def test_no_template_writes_a_tag_colour_itself() -> None:
    """Only the shared include spells out `govuk-tag--`: colours live on choices."""
    templates = Path(settings.BASE_DIR) / "templates"
    include = templates / "includes" / "_status_tag.html"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if path != include and "govuk-tag" in path.read_text()
    ]
    assert offenders == []
