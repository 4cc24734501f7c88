"""Every form page of the demo: valid markup, and errors in GOV.UK words.

The staff pages of two demo areas are crawled as their officer. Each page must
hold no form inside another form, and each form sent empty must answer with
the portal's own messages, never Django's defaults ("This field is required.").
"""

import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest

from consultations.models import Consultation
from events.models import Event
from improvement.models import Plan
from strategies.models import Strategy
from tests.helpers import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LINK = re.compile(r'href="(/staff/[^"#?]+)')
# Django's own wording, which GOV.UK pages never show.
DJANGO_DEFAULTS = (
    "This field is required.",
    "Enter a valid",
    "Select a valid choice",
    "Ensure this value",
    "is not one of the available choices",
    "Enter a whole number.",
    "Enter a number.",
    "out of range",
)


class FormNesting(HTMLParser):
    """Counts forms opened inside an open form."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.nested = 0
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            if self.depth:
                self.nested += 1
            self.depth += 1
            self.forms.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.depth:
            self.depth -= 1


def staff_pages(slug: str) -> set[str]:
    client = client_for(f"officer@{slug}.demo")
    starts = [f"/staff/{slug}/"]
    for model in (Strategy, Consultation, Event, Plan):
        starts += [obj.get_staff_url() for obj in model.objects.filter(area__slug=slug)]
    pages = set(starts)
    for url in starts:
        pages |= set(LINK.findall(client.get(url).content.decode()))
    return {
        page
        for page in pages
        if page.startswith(f"/staff/{slug}/") and not page.endswith((".csv", ".xlsx"))
    }


@pytest.mark.parametrize("slug", ["hertfordshire", "barnsley"])
def test_no_form_page_nests_forms_or_shows_djangos_wording(
    demo_db: None, slug: str
) -> None:
    client = client_for(f"officer@{slug}.demo")
    pages = staff_pages(slug) | {"/accounts/login/"}
    checked_posts = 0
    found: list[str] = []
    for url in sorted(pages):
        response = client.get(url)
        if response.status_code != HTTPStatus.OK or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        parser = FormNesting()
        parser.feed(response.content.decode())
        assert parser.nested == 0, f"{url} has a form inside a form"
        # Send each page's own form back empty: its errors must be the portal's.
        has_fields = re.search(
            r'<(input|textarea|select)(?![^>]*type="hidden")', response.content.decode()
        )
        own_form = any(form.get("action") in (None, "", url) for form in parser.forms)
        if not (has_fields and own_form) or url.endswith(("/publish/", "/close/")):
            continue
        if any(step in url for step in ("/withdraw/", "/new-version/", "/remove/")):
            continue
        answer = client.post(url, {})
        checked_posts += 1
        html = answer.content.decode()
        found += [
            f"{url}: {field} says {default!r}"
            for field, default in django_wording(html)
        ]
    assert found == [], "\n".join(found)
    assert checked_posts > 10, "the crawl sent too few forms to mean anything"


def django_wording(html: str) -> list[tuple[str, str]]:
    """(field, message) for each error summary link in Django's own words."""
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html)
    return [
        (field, message)
        for field, message in links
        if any(default in message for default in DJANGO_DEFAULTS)
    ]
