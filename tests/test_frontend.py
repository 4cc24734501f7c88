"""Styles come from the Sass build only: no hand-written stylesheets beside it."""

import re
from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_every_stylesheet_is_built_from_sass() -> None:
    hand_written = [
        str(path.relative_to(STATIC))
        for path in STATIC.rglob("*.css")
        if STATIC / "dist" not in path.parents
    ]
    assert hand_written == []
    assert sorted(p.name for p in (STATIC / "scss").glob("*.scss")) == [
        "portal.scss",
        "report.scss",
    ]


def test_pages_link_only_the_built_stylesheets() -> None:
    links = {
        match
        for path in TEMPLATES.rglob("*.html")
        for match in re.findall(r'rel="stylesheet" href="([^"]+)"', path.read_text())
    }
    assert links == {"{% static 'dist/portal.css' %}", "/static/dist/report.css"}
    styled = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "<style" in path.read_text()
    ]
    assert styled == []


def test_the_report_stylesheet_tints_tags_with_govuk_colours() -> None:
    css = (STATIC / "dist" / "report.css").read_text()
    # GOV.UK red (#d4351c) tinted 75%, as on the portal's own red tag.
    assert ".govuk-tag--red{background:rgb(244.25,204.5,198.25)}" in css
    assert "color:#0b0c0c" in css
