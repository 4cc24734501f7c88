"""Signed-in sessions end when the browser closes, after 30 idle minutes and
12 hours after signing in; the sign-in page says why and leads back."""

import datetime
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.helpers import app_code
from tests.helpers import authentication_app_for
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def staff_home(area) -> str:
    return reverse("staff:area_home", kwargs={"area_slug": area.slug})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_session_cookie_ends_when_the_browser_closes(officer) -> None:
    response = Client().post(
        reverse("accounts:login"), {"username": officer.email, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_after_30_idle_minutes_the_next_page_is_sign_in_saying_why(
    officer, area
) -> None:
    client = client_for(officer)
    start = timezone.now()
    assert client.get(staff_home(area)).status_code == HTTPStatus.OK
    with time_machine.travel(start + datetime.timedelta(minutes=31)):
        response = client.get(staff_home(area))
        assert response.status_code == HTTPStatus.FOUND
        login = urlsplit(response["Location"])
        assert login.path == reverse("accounts:login")
        assert not signed_in(client)
        page = client.get(response["Location"]).content.decode()
        assert (
            "You were signed out because you did not do anything for 30 minutes."
            in page
        )
        assert "govuk-notification-banner" in page
        # Said once: the next visit to the sign-in page is plain again.
        again = client.get(reverse("accounts:login")).content.decode()
        assert "You were signed out" not in again


def test_signing_in_again_returns_to_the_page_they_were_on(officer, area) -> None:
    client = client_for(officer)
    page = reverse("accounts:account")
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=31)):
        to_login = client.get(page)["Location"]
        client.get(to_login)
        next_url = dict(
            part.split("=", 1) for part in urlsplit(to_login).query.split("&")
        )["next"]
        response = client.post(
            to_login,
            {"username": officer.email, "password": PASSWORD, "next": next_url},
        )
        to_code = client.get(response["Location"])["Location"]
        assert urlsplit(to_code).path == reverse("accounts:two_factor_code")
        code = app_code(authentication_app_for(officer))
        back = client.post(to_code, {"code": code, "next": page})
        assert back["Location"] == page
        assert client.get(page).status_code == HTTPStatus.OK


def test_activity_keeps_the_session_alive(officer, area) -> None:
    client = client_for(officer)
    start = timezone.now()
    for minutes in (20, 40, 60):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            assert client.get(staff_home(area)).status_code == HTTPStatus.OK


def test_no_session_lasts_longer_than_12_hours_however_active(officer, area) -> None:
    client = client_for(officer)
    start = timezone.now()
    for step in range(1, 29):  # a request every 25 minutes: 11 h 40 min
        with time_machine.travel(start + datetime.timedelta(minutes=25 * step)):
            assert client.get(staff_home(area)).status_code == HTTPStatus.OK
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=1)):
        response = client.get(staff_home(area))
        assert response.status_code == HTTPStatus.FOUND
        assert not signed_in(client)
        page = client.get(response["Location"]).content.decode()
        assert "had been signed in for 12 hours" in page


def test_asking_how_long_is_left_does_not_count_as_activity(officer, area) -> None:
    client = client_for(officer)
    status_url = reverse("accounts:session_status")
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=20)):
        state = client.get(status_url).json()
        assert state["signed_in"] is True
        assert state["limit"] == "idle"
        assert 590 <= state["seconds_left"] <= 600
    with time_machine.travel(start + datetime.timedelta(minutes=31)):
        assert client.get(status_url).json() == {
            "signed_in": False,
            "seconds_left": 0,
            "limit": None,
        }
        assert not signed_in(client)


def test_stay_signed_in_starts_the_idle_time_again(officer, area) -> None:
    client = client_for(officer)
    extend_url = reverse("accounts:session_extend")
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=29)):
        state = client.post(extend_url, HTTP_ACCEPT="application/json").json()
        assert (state["signed_in"], state["limit"]) == (True, "idle")
        assert 1795 <= state["seconds_left"] <= 1800
        # Without JavaScript the form sends the person back to their page.
        back = client.post(extend_url, {"next": staff_home(area)})
        assert back["Location"] == staff_home(area)
    with time_machine.travel(start + datetime.timedelta(minutes=55)):
        assert client.get(staff_home(area)).status_code == HTTPStatus.OK


def test_near_the_longest_a_session_lasts_the_warning_says_so(officer) -> None:
    client = client_for(officer)
    start = timezone.now()
    for step in range(1, 29):  # active until 11 h 40 min
        with time_machine.travel(start + datetime.timedelta(minutes=25 * step)):
            client.post(reverse("accounts:session_extend"))
    with time_machine.travel(start + datetime.timedelta(hours=11, minutes=50)):
        state = client.get(reverse("accounts:session_status")).json()
        assert state["limit"] == "too_long"
        assert 590 <= state["seconds_left"] <= 600


def test_signed_in_pages_carry_the_timeout_warning_and_public_ones_do_not(
    officer, area
) -> None:
    html = client_for(officer).get(staff_home(area)).content.decode()
    assert 'data-module="app-session-timeout"' in html
    assert 'data-seconds-left="1800"' in html or 'data-seconds-left="1799"' in html
    assert "You’ll be signed out soon" in html
    public = Client().get(f"/{area.slug}/").content.decode()
    assert "app-session-timeout" not in public


def test_an_idle_session_on_a_public_page_is_signed_out_and_the_page_shown(
    officer, area
) -> None:
    client = client_for(officer)
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=31)):
        assert client.get(f"/{area.slug}/").status_code == HTTPStatus.OK
        assert not signed_in(client)
        page = client.get(reverse("accounts:login")).content.decode()
        assert "You were signed out because you did not do anything" in page


def test_the_timeouts_come_from_settings(officer, area, settings) -> None:
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client = client_for(officer)
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=6)):
        response = client.get(staff_home(area))
        assert response.status_code == HTTPStatus.FOUND
        page = client.get(response["Location"]).content.decode()
        assert "did not do anything for 5 minutes" in page
