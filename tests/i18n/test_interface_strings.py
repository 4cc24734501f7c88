"""Every interface string can be translated, and the shipped translations
are compiled from their current .po files."""

import gettext
import re
import shutil
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer
from django.template.base import TokenType
from django.test import Client
from django.test import override_settings
from django.urls import reverse

from tests.factories import LocalAreaFactory

ROOT = Path(settings.BASE_DIR)
TAG = re.compile(r"<[^>]*>", re.S)
# Attributes people read (or hear) as text.
READ_ATTRIBUTES = re.compile(r'\b(?:alt|aria-label|title|placeholder)="([^"]*)"')
WORD = re.compile(r"[A-Za-z]{2,}")
# Text that is the same in every language: names, and codes a form sends.
UNTRANSLATED = {"CSV", "XLSX"}


def bare_text(source: str) -> list[str]:
    """Words in a template outside {% translate %} and {% blocktranslate %}:
    text nodes and read attributes, with template tags and variables taken
    out, and scripts, styles and comments ignored."""
    parts: list[str] = []
    in_translation = in_comment = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            in_translation += name in ("blocktranslate", "blocktrans")
            in_translation -= name in ("endblocktranslate", "endblocktrans")
            in_comment += name == "comment"
            in_comment -= name == "endcomment"
            parts.append("\x00")
        elif token.token_type == TokenType.TEXT and not (in_translation or in_comment):
            parts.append(token.contents)
        else:
            parts.append("\x00")
    text = "".join(parts)
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    found = READ_ATTRIBUTES.findall(text) + TAG.sub("\x00", text).split("\x00")
    return [
        piece.strip()
        for piece in found
        if WORD.search(re.sub(r"&[a-z]+;", "", piece))
        and piece.strip() not in UNTRANSLATED
    ]


def test_the_scan_finds_bare_text_and_passes_translated_text() -> None:
    assert bare_text("<p>Hello</p>") == ["Hello"]
    assert bare_text('<a aria-label="Open menu" href="{{ url }}">') == ["Open menu"]
    assert bare_text('<p>{% translate "Hello" %} {{ name }}</p>') == []
    assert bare_text("{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}") == []
    assert bare_text('<a class="govuk-link" href="{% url "home" %}">') == []
    assert bare_text("{% comment %}Notes{% endcomment %}<script>x = 1</script>") == []


def test_no_template_has_text_outside_translate_tags() -> None:
    bare = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if (found := bare_text(path.read_text()))
    }
    assert bare == {}


MSGFMT = shutil.which("msgfmt") or "msgfmt"
needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext is installed by bin/setup --browser",
)


@needs_gettext
@pytest.mark.slow
def test_makemessages_runs_clean(tmp_path: Path) -> None:
    """makemessages over a copy of the source finds every string without a
    warning (an unclosed tag, a bad format string, a non-UTF-8 file)."""
    for name in ("sendportal", "consultations", "events", "strategies", "improvement"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "locale").mkdir()
    result = subprocess.run(  # noqa: S603  # the portal's own manage.py
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "pl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    catalogue = (tmp_path / "locale" / "pl" / "LC_MESSAGES" / "django.po").read_text()
    assert 'msgid "Question %(number)s of %(total)s"' in catalogue
    assert 'msgid "Change language"' in catalogue


@needs_gettext
def test_the_committed_translations_are_compiled_from_their_po_files(
    tmp_path: Path,
) -> None:
    for language in settings.CONTENT_LANGUAGES:
        messages = ROOT / "locale" / language / "LC_MESSAGES"
        compiled = tmp_path / f"{language}.mo"
        subprocess.run(  # noqa: S603  # gettext's msgfmt on our own file
            [MSGFMT, "--check", "-o", str(compiled), str(messages / "django.po")],
            check=True,
        )
        with compiled.open("rb") as fresh, (messages / "django.mo").open("rb") as kept:
            assert gettext.GNUTranslations(fresh)._catalog == (  # type: ignore[attr-defined]
                gettext.GNUTranslations(kept)._catalog  # type: ignore[attr-defined]
            ), f"run: python manage.py compilemessages -l {language} --ignore=.venv"


def test_the_sample_translation_says_it_is_a_sample() -> None:
    catalogue = (ROOT / "locale" / "pl" / "LC_MESSAGES" / "django.po").read_text()
    assert catalogue.startswith("# SAMPLE TRANSLATION.")


@pytest.mark.django_db
def test_the_language_switcher_works_without_javascript() -> None:
    area = LocalAreaFactory.create(slug="fenmere")
    client = Client(enforce_csrf_checks=True)
    home = client.get(area.get_absolute_url())
    html = home.content.decode()
    assert '<html lang="en-gb"' in html
    form = html.split('class="app-language-switcher"', 1)[1].split("</form>", 1)[0]
    assert (
        '<form class="app-language-switcher" method="post" action="/i18n/setlang/">'
        in html
    )
    assert '<button type="submit"' in form
    assert '<option value="pl" lang="pl">Polski</option>' in form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    switched = client.post(
        reverse("set_language"),
        {
            "language": "pl",
            "next": area.get_absolute_url(),
            "csrfmiddlewaretoken": token.group(1),
        },
    )
    assert switched.status_code == HTTPStatus.FOUND
    assert switched["Location"] == area.get_absolute_url()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    polish = client.get(area.get_absolute_url()).content.decode()
    assert '<html lang="pl"' in polish
    assert "Przejdź do treści głównej" in polish  # "Skip to main content"
    assert 'dir="rtl"' not in polish
    assert '<option value="pl" lang="pl" selected>Polski</option>' in polish
    # Addresses stay the same in every language.
    assert switched["Location"].startswith(f"/{area.slug}/")


@pytest.mark.django_db
def test_the_switcher_goes_back_only_to_the_portal(client: Client) -> None:
    switched = client.post(
        reverse("set_language"),
        {"language": "pl", "next": "https://evil.example/"},
    )
    assert switched.status_code == HTTPStatus.FOUND
    assert not switched["Location"].startswith("https://evil.example")


@pytest.mark.django_db
def test_an_unknown_language_keeps_english(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="en-gb"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_right_to_left_language_sets_the_page_direction(client: Client) -> None:
    """No right-to-left language ships yet; adding one (Urdu, say) to
    LANGUAGES is enough for its pages to read right to left."""
    with override_settings(LANGUAGES=[*settings.LANGUAGES, ("ur", "اردو")]):
        client.post(reverse("set_language"), {"language": "ur", "next": "/"})
        page = client.get("/").content.decode()
    assert '<html lang="ur" dir="rtl"' in page
    assert '<option value="ur" lang="ur" selected>اردو</option>' in page
