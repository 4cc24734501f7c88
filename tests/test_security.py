"""Headers on every page, CSRF on forms, private pages kept out of caches."""

import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def test_every_page_carries_a_strict_content_security_policy(client, area) -> None:
    for path in ("/", f"/{area.slug}/", "/accounts/login/", "/missing/"):
        csp = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        for directive in (
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ):
            assert directive in csp


def test_permissions_policy_switches_off_device_features_with_current_names(
    client, area
) -> None:
    policy = client.get(f"/{area.slug}/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "browsing-topics"):
        assert f"{feature}=()" in policy
    # FLoC's directive was withdrawn: browsers warn about it.
    assert "interest-cohort" not in policy


def test_a_refused_page_is_logged_in_one_line_without_a_traceback(
    client, officer, other_area, caplog
) -> None:
    client.force_login(officer)
    with caplog.at_level("WARNING", logger="django.request"):
        assert client.get(f"/staff/{other_area.slug}/").status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage().startswith("Forbidden")
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_pages_for_signed_in_staff_are_not_cached(client, officer, area) -> None:
    client.force_login(officer)
    assert client.get(f"/staff/{area.slug}/")["Cache-Control"] == "no-store"


def test_forms_refuse_a_post_without_a_csrf_token(officer, area) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    response = strict.post(f"/staff/{area.slug}/strategies/new/", {"title": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_sign_in_with_a_wrong_password_shows_an_error_and_keeps_the_email(
    client, officer
) -> None:
    response = client.post(
        "/accounts/login/", {"username": officer.email, "password": "wrong"}
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f'value="{officer.email}"' in html


def test_deploy_checks_pass_with_production_settings() -> None:
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "sendportal.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "production-like-secret-key-for-the-check-only",
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_sign_in_page_has_no_autofocus_and_no_form_inside_a_form(client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "autofocus" not in html
    main = html.split('id="main-content"', 1)[1]
    assert main.count("<form") == 1


def test_no_template_relies_on_an_inline_style_the_policy_refuses() -> None:
    """style-src 'self' drops style="" attributes: such a rule silently fails."""
    offenders = [
        str(path)
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        if 'style="' in path.read_text()
    ]
    assert offenders == []


@pytest.mark.parametrize("query", ["q=%00", "q=Leeds\x00", "x%00=1"])
def test_a_nul_in_the_query_string_gets_the_bad_request_page(
    client, area, query: str
) -> None:
    page = client.get(f"/{area.slug}/", QUERY_STRING=query)
    assert page.status_code == HTTPStatus.BAD_REQUEST
    assert b"Sorry, there is a problem with your request" in page.content


def test_a_nul_in_a_posted_field_gets_the_forms_own_message(client) -> None:
    page = client.post(
        "/accounts/login/", {"username": "jo\x00@example.org", "password": "x"}
    )
    assert page.status_code == HTTPStatus.OK
    assert b"govuk-error-summary" in page.content


def test_a_sign_in_with_a_very_long_email_address_is_refused_not_a_500(client) -> None:
    page = client.post("/accounts/login/", {"username": "a" * 5000, "password": "x"})
    assert page.status_code == HTTPStatus.OK
    assert b"govuk-error-summary" in page.content


@pytest.mark.parametrize("wanted", ["-1", "²", "account", "[]"])
def test_a_next_page_that_is_not_a_path_is_ignored(officer, wanted: str) -> None:
    page = client_for(officer).get("/accounts/two-factor/", {"next": wanted})
    assert page.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}
