"""No member of staff reaches another area's private pages, in any app.

The demo's areas are crawled as their own officer: every staff link found from
the staff home and from each strategy, consultation, event and plan page. Each
link is then requested by every role of another area (refused), under the other
area's own address (not found when it names an object), and anonymously (sent
to sign in).
"""

import re
from http import HTTPStatus

import pytest
from django.test import Client

from consultations.models import Consultation
from events.models import Event
from improvement.models import Plan
from strategies.models import Strategy
from tests.helpers import client_for

# Crawling some hundred pages takes seconds.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LINK = re.compile(r'href="(/staff/[^"#?]+)')


def owner_links(client: Client, slug: str) -> set[str]:
    starts = [f"/staff/{slug}/"]
    for model in (Strategy, Consultation, Event, Plan):
        starts += [obj.get_staff_url() for obj in model.objects.filter(area__slug=slug)]
    links: set[str] = set(starts)
    for url in starts:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        links |= set(LINK.findall(response.content.decode()))
    return {link for link in links if link.startswith(f"/staff/{slug}/")}


@pytest.mark.parametrize(
    ("owner_slug", "other_slug"),
    # Between them these cover strategies, consultations (open and closed),
    # survey imports, events and improvement plans.
    [("buckinghamshire", "hertfordshire"), ("hertfordshire", "barnsley")],
)
def test_staff_of_one_area_never_reach_another_areas_staff_pages(
    demo_db: None, owner_slug: str, other_slug: str
) -> None:
    owner = client_for(f"officer@{owner_slug}.demo")
    links = owner_links(owner, owner_slug)
    assert len(links) > 30, "the crawl found too few pages to mean anything"
    outsiders = {
        role: client_for(f"{role}@{other_slug}.demo")
        for role in ("officer", "lead", "cabinet", "admin")
    }
    anonymous = Client()
    leaks = []
    for link in sorted(links):
        for role, client in outsiders.items():
            status = client.get(link).status_code
            if status not in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND):
                leaks.append((role, link, status))
        if re.search(r"/\d+/", link):
            swapped = link.replace(f"/staff/{owner_slug}/", f"/staff/{other_slug}/", 1)
            status = outsiders["officer"].get(swapped).status_code
            if status != HTTPStatus.NOT_FOUND:
                leaks.append(("officer via own address", swapped, status))
        response = anonymous.get(link)
        if response.status_code != HTTPStatus.FOUND or not response[
            "Location"
        ].startswith("/accounts/login/"):
            leaks.append(("anonymous", link, response.status_code))
    assert leaks == []
