"""Families can move around an area's public pages, on a phone as on a desktop."""

import re

import pytest

from strategies.models import StrategyStatus
from tests.consultations.factories import ConsultationFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db


def menu(html: str) -> str:
    return html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]


def test_the_public_menu_reaches_every_part_of_the_area(client, area) -> None:
    html = client.get(f"/{area.slug}/events/").content.decode()
    links = re.findall(r'href="([^"]+)"', menu(html))
    assert links == [
        f"/{area.slug}/",
        f"/{area.slug}/consultations/",
        f"/{area.slug}/events/",
        f"/{area.slug}/consultations/you-said-we-did/",
        "/accounts/login/",
    ]
    assert f'href="/{area.slug}/events/" aria-current="page"' in menu(html)


def test_the_menu_marks_you_said_we_did_not_consultations_on_its_page(
    client, area
) -> None:
    html = client.get(f"/{area.slug}/consultations/you-said-we-did/").content.decode()
    current = re.findall(r'href="([^"]+)" aria-current', menu(html))
    assert current == [f"/{area.slug}/consultations/you-said-we-did/"]


def test_a_strategy_in_consultation_links_to_its_open_consultation(
    client, area
) -> None:
    strategy = StrategyFactory.create(area=area, status=StrategyStatus.IN_CONSULTATION)
    open_one = ConsultationFactory.create(area=area, strategy=strategy)
    ConsultationFactory.create(area=area, strategy=strategy, status="draft")
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "Have your say" in html
    assert f'href="{open_one.get_absolute_url()}"' in html
    assert html.count("govuk-notification-banner__link") == 1


def test_every_public_page_describes_itself_for_search_results(client, area) -> None:
    strategy = StrategyFactory.create(
        area=area,
        status=StrategyStatus.IN_CONSULTATION,
        summary='Our plan "with" families <b>together</b>.',
    )
    consultation = ConsultationFactory.create(area=area, strategy=strategy)
    pages = {
        "/": "English local areas",
        f"/{area.slug}/": area.name,
        strategy.get_absolute_url(): "Our plan &quot;with&quot; families &lt;b&gt;",
        consultation.get_absolute_url(): consultation.summary,
        f"/{area.slug}/events/": area.name,
    }
    for url, expected in pages.items():
        html = client.get(url).content.decode()
        (description,) = re.findall(
            r'<meta name="description" content="([^"]*)">', html
        )
        assert expected in description, (url, description)
        assert len(description) > 50, url
