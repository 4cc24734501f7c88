"""Sign-in lockout: wrong passwords counted per email and address, per email,
per address; the Django admin's sign-in counts too; the page names no account."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendportal.accounts.lockout import client_ip
from tests.factories import UserFactory
from tests.markup import without_csrf_tokens

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/django-admin/login/"
HERE = "192.0.2.10"
ELSEWHERE = "198.51.100.20"


def sign_in(
    client: Client,
    email: str,
    password: str,
    address: str = HERE,
    url: str = LOGIN,
):
    return client.post(
        url, {"username": email, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(times: int, email: str, address: str = HERE, url: str = LOGIN) -> list:
    return [
        sign_in(Client(), email, "wrong password", address, url).status_code
        for _ in range(times)
    ]


def test_the_fifth_wrong_password_locks_out_even_the_right_one(officer) -> None:
    assert fail(4, officer.email) == [HTTPStatus.OK] * 4
    fifth = sign_in(Client(), officer.email, "wrong password")
    assert fifth.status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = fifth.content.decode()
    assert "You cannot sign in at the moment" in page
    assert "You can try again in 15 minutes." in page

    client = Client()
    right = sign_in(client, officer.email, PASSWORD)
    assert right.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not signed_in(client)


def test_the_right_password_works_again_once_the_lockout_has_expired(officer) -> None:
    fail(5, officer.email)
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=10)):
        page = sign_in(Client(), officer.email, PASSWORD)
        assert page.status_code == HTTPStatus.TOO_MANY_REQUESTS
        # Tries during the lockout neither count nor put its end off.
        assert "You can try again in 5 minutes." in page.content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=16)):
        client = Client()
        assert sign_in(client, officer.email, PASSWORD).status_code == HTTPStatus.FOUND
        assert signed_in(client)


def test_an_unknown_email_gets_the_same_answers_as_a_real_one(officer) -> None:
    unknown = "nobody-here@example.org"
    real = [sign_in(Client(), officer.email, "wrong") for _ in range(6)]
    fake = [sign_in(Client(), unknown, "wrong") for _ in range(6)]
    assert [r.status_code for r in real] == [r.status_code for r in fake]
    assert real[-1].status_code == HTTPStatus.TOO_MANY_REQUESTS

    def text(response) -> str:
        page = response.content.decode().split('id="main-content"', 1)[1]
        return without_csrf_tokens(page)

    assert text(real[-1]) == text(fake[-1])
    assert officer.email not in text(real[-1])


def test_the_email_counts_however_it_is_typed(officer) -> None:
    for typed in ("Officer@Fenmere.example", " officer@FENMERE.example ", "OFFICER@x"):
        sign_in(Client(), typed.replace("@x", "@FENMERE.EXAMPLE"), "wrong")
    fail(2, officer.email)
    assert (
        sign_in(Client(), officer.email, PASSWORD).status_code
        == HTTPStatus.TOO_MANY_REQUESTS
    )


def test_one_address_cannot_lock_the_person_out_from_another(officer) -> None:
    fail(5, officer.email, address=ELSEWHERE)
    client = Client()
    assert sign_in(client, officer.email, PASSWORD).status_code == HTTPStatus.FOUND
    assert signed_in(client)


def test_guesses_at_one_account_from_many_addresses_lock_the_account(
    officer,
) -> None:
    # 4 from each of 5 addresses: no pair reaches 5, the account reaches 20.
    for n in range(5):
        fail(4, officer.email, address=f"203.0.113.{n}")
    client = Client()
    response = sign_in(client, officer.email, PASSWORD, address="203.0.113.99")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not signed_in(client)


def test_one_address_trying_many_accounts_is_locked_out(officer) -> None:
    for n in range(50):
        sign_in(Client(), f"guess{n}@example.org", "wrong")
    client = Client()
    assert (
        sign_in(client, officer.email, PASSWORD).status_code
        == HTTPStatus.TOO_MANY_REQUESTS
    )
    assert sign_in(
        Client(), officer.email, PASSWORD, address=ELSEWHERE
    ).status_code == (HTTPStatus.FOUND)


def test_the_django_admin_sign_in_is_counted_and_locked_out_too() -> None:
    root = UserFactory.create(
        email="root@example.org", is_staff=True, is_superuser=True
    )
    assert fail(4, root.email, url=ADMIN_LOGIN) == [HTTPStatus.OK] * 4
    # The admin's tries and the portal's are one count.
    assert fail(1, root.email) == [HTTPStatus.TOO_MANY_REQUESTS]
    client = Client()
    admin = sign_in(client, root.email, PASSWORD, url=ADMIN_LOGIN)
    assert admin.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "You cannot sign in at the moment" in admin.content.decode()
    assert not signed_in(client)


def test_the_right_password_clears_ones_own_mistakes_only(officer) -> None:
    fail(4, officer.email)
    fail(4, officer.email, address=ELSEWHERE)
    assert sign_in(Client(), officer.email, PASSWORD).status_code == HTTPStatus.FOUND
    assert fail(4, officer.email) == [HTTPStatus.OK] * 4
    # The guesses from elsewhere still count: one more there locks that pair.
    assert fail(1, officer.email, address=ELSEWHERE) == [HTTPStatus.TOO_MANY_REQUESTS]


def test_sign_ins_are_logged_by_address_and_user_id_never_the_email(
    officer, caplog
) -> None:
    with caplog.at_level("INFO", logger="sendportal.accounts.sign_in"):
        fail(5, officer.email)
        Client().post(
            LOGIN,
            {"username": "someone@example.org", "password": PASSWORD},
            REMOTE_ADDR=ELSEWHERE,
        )
        sign_in(Client(), officer.email, PASSWORD, address=ELSEWHERE)
    lines = [r.getMessage() for r in caplog.records]
    assert f"Sign-in refused from {HERE}" in lines
    assert f"Sign-in locked out from {HERE}" in lines
    assert f"Password accepted for user {officer.pk} from {ELSEWHERE}" in lines
    assert officer.email not in caplog.text
    assert "someone@example.org" not in caplog.text


def test_the_lockout_page_links_to_password_reset(
    officer,
) -> None:
    fail(4, officer.email)
    page = sign_in(Client(), officer.email, "wrong").content.decode()
    assert reverse("accounts:password_reset") in page
    assert "<title>You cannot sign in at the moment" in page


def test_the_client_address_behind_a_proxy_is_the_one_it_added(rf, settings) -> None:
    request = rf.post(
        LOGIN, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 1
    # The left-hand entry is whatever the client sent: never trusted.
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.5"
