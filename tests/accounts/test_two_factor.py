"""Two-factor authentication: required on every page that is not public, the
Django admin included; set up with a QR code or key; codes, recovery codes;
the reset by an area admin or a platform administrator."""

import base64
import re
import uuid
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern
from django.urls import get_resolver
from django.urls import resolve
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendportal.accounts import services
from sendportal.accounts.middleware import is_public
from sendportal.accounts.models import Membership
from sendportal.accounts.models import Role
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.factories import UserFactory
from tests.factories import member
from tests.helpers import app_code
from tests.helpers import authentication_app_for
from tests.helpers import client_for
from tests.test_staff_permissions import walk

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def password_only(user) -> Client:
    """Signed in with the password, the second factor not yet passed."""
    client = Client()
    client.force_login(user)
    return client


def url_of(route: str, area_slug: str) -> str:
    def fill(match: re.Match[str]) -> str:
        kind, name = match.group(1) or "str", match.group(2)
        if name == "area_slug":
            return area_slug
        return {"int": "1", "uuid": str(uuid.uuid4())}.get(kind, "x")

    return "/" + CONVERTER.sub(fill, route)


def private_urls(area_slug: str) -> list[str]:
    """Every address whose page is not public, nor part of the second step:
    the staff pages, the account pages and the Django admin."""
    urls = []
    for route, pattern in walk(get_resolver().url_patterns):
        if not isinstance(pattern, URLPattern) or "(?P" in route or "^" in route:
            continue  # the admin's catch-all and app index regexes
        url = url_of(route, area_slug)
        match = resolve(url)
        view_class = getattr(match.func, "view_class", None)
        exempt = getattr(match.func, "two_factor_exempt", False) or getattr(
            view_class, "two_factor_exempt", False
        )
        if exempt or (is_public(match.func) and "admin" not in match.namespaces):
            continue
        urls.append(url)
    return urls


def test_the_walk_covers_staff_account_and_admin_pages(area) -> None:
    urls = private_urls(area.slug)
    assert len([u for u in urls if u.startswith("/staff/")]) > 50
    for expected in (
        "/staff/",
        f"/staff/{area.slug}/",
        f"/staff/{area.slug}/people/",
        "/accounts/account/",
        "/accounts/two-factor/recovery-codes/",
        "/django-admin/",
        "/django-admin/login/",
        "/django-admin/accounts/user/",
    ):
        assert expected in urls, expected


def test_every_private_page_sends_an_unverified_person_to_set_up_two_factor(
    officer, area
) -> None:
    client = password_only(officer)
    setup = reverse("accounts:two_factor_setup")
    for url in private_urls(area.slug):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == HTTPStatus.FOUND, (method, url)
            assert urlsplit(response["Location"]).path == setup, url
    assert not AuditEvent.objects.exists()  # no POST did anything


def test_with_an_app_set_up_they_are_sent_to_the_code_page_and_back(
    officer, area
) -> None:
    device = authentication_app_for(officer)
    client = password_only(officer)
    page = f"/staff/{area.slug}/strategies/"
    response = client.get(page)
    assert response["Location"] == (
        reverse("accounts:two_factor_code") + "?next=%2Fstaff%2Ffenmere%2Fstrategies%2F"
    )
    done = client.post(response["Location"], {"code": app_code(device), "next": page})
    assert done["Location"] == page
    assert client.get(page).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "role", [Role.OFFICER, Role.WORKSTREAM_LEAD, Role.CABINET_MEMBER, Role.AREA_ADMIN]
)
def test_every_staff_role_needs_the_second_factor(role, area) -> None:
    person = member(area, role, f"{role}@fenmere.example")
    client = password_only(person)
    for url in ("/staff/", f"/staff/{area.slug}/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert client_for(person).get(f"/staff/{area.slug}/").status_code == HTTPStatus.OK


def test_public_pages_stay_open_before_the_second_factor(officer, area) -> None:
    client = password_only(officer)
    for url in ("/", f"/{area.slug}/", reverse("accounts:password_reset")):
        assert client.get(url).status_code == HTTPStatus.OK, url


def test_the_django_admin_needs_the_second_factor(area) -> None:
    root = UserFactory.create(
        email="root@example.org", is_staff=True, is_superuser=True
    )
    authentication_app_for(root)
    response = password_only(root).get("/django-admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("accounts:two_factor_code"))
    assert client_for(root).get("/django-admin/").status_code == HTTPStatus.OK
    # The admin's own check says the same, whatever the middleware does.
    request = Client().get("/").wsgi_request
    request.user = root
    root.is_verified = lambda: False  # type: ignore[attr-defined]  # as OTPMiddleware sets it
    assert not admin.site.has_permission(request)


def test_the_admin_sign_in_leads_to_the_code_page(area) -> None:
    root = UserFactory.create(
        email="root@example.org", is_staff=True, is_superuser=True
    )
    device = authentication_app_for(root)
    client = Client()
    signed = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": root.email, "password": PASSWORD, "next": "/django-admin/"},
        follow=True,
    )
    assert signed.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_code"))
    code_page = signed.redirect_chain[-1][0]
    done = client.post(code_page, {"code": app_code(device), "next": "/django-admin/"})
    assert done["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == HTTPStatus.OK


def test_without_the_requirement_only_those_with_an_app_are_asked(
    officer, users_by_role, area, settings
) -> None:
    settings.TWO_FACTOR_REQUIRED = False
    assert password_only(officer).get(f"/staff/{area.slug}/").status_code == 200
    lead = users_by_role["lead"]
    authentication_app_for(lead)
    response = password_only(lead).get(f"/staff/{area.slug}/")
    assert response["Location"].startswith(reverse("accounts:two_factor_code"))


def secret_from(page: str) -> bytes:
    found = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page)
    assert found, "no key shown as text"
    return base64.b32decode(found.group(1).replace(" ", ""))


def test_setting_up_the_app_with_the_key_shown_as_text(officer, area) -> None:
    client = password_only(officer)
    url = reverse("accounts:two_factor_setup") + "?next=/staff/fenmere/"
    page = client.get(url).content.decode()
    assert "<svg" in page
    assert 'class="app-qr-code"' in page
    # Its own size for wide screens, and a viewBox to shrink whole on a phone.
    assert re.search(r'<svg width="(\d+)" height="\1" viewBox="0 0 \1 \1"', page)
    assert "<title>Set up two-factor authentication" in page
    key = secret_from(page)
    # The same key until it is confirmed: the page can be shown again.
    assert secret_from(client.get(url).content.decode()) == key

    wrong = client.post(url, {"code": "000000", "next": "/staff/fenmere/"})
    assert wrong.status_code == HTTPStatus.OK
    assert "<title>Error:" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()

    device = TOTPDevice.objects.get(user=officer)
    device.throttle_reset()
    done = client.post(url, {"code": f"{totp(key):06d}", "next": "/staff/fenmere/"})
    assert urlsplit(done["Location"]).path == reverse("accounts:recovery_codes")
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert client.get("/staff/fenmere/").status_code == HTTPStatus.OK
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs == {AuditVerb.TWO_FACTOR_SET_UP, AuditVerb.RECOVERY_CODES_CREATED}


def test_recovery_codes_are_shown_once_with_a_download(officer) -> None:
    client = password_only(officer)
    url = reverse("accounts:two_factor_setup")
    key = secret_from(client.get(url).content.decode())
    codes_page = client.post(url, {"code": f"{totp(key):06d}"})["Location"]
    page = client.get(codes_page).content.decode()
    codes = list(
        StaticDevice.objects.get(user=officer).token_set.values_list("token", flat=True)
    )
    assert len(codes) == 10
    for code in codes:
        assert f"<code>{code}</code>" in page
    download = client.get(reverse("accounts:recovery_codes_download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.content.decode() for code in codes)

    done = client.post(codes_page, {"action": "continue", "next": "/staff/"})
    assert done["Location"] == "/staff/"
    later = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert "You have 10 recovery codes left." in later
    assert not any(code in later for code in codes)
    assert (
        client.get(reverse("accounts:recovery_codes_download")).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_a_wrong_code_is_refused_and_then_tries_must_wait(officer) -> None:
    device = authentication_app_for(officer)
    client = password_only(officer)
    url = reverse("accounts:two_factor_code")
    wrong = client.post(url, {"code": "123 456"}).content.decode()
    assert "this one is not right or has run out" in wrong
    right_too_soon = client.post(url, {"code": app_code(device)}).content.decode()
    assert "You have entered a wrong code too many times" in right_too_soon
    assert not client.session.get("otp_device_id")
    assert (
        "Enter the code as 6 numbers"
        in client.post(url, {"code": "12ab"}).content.decode()
    )


def test_each_app_code_works_once(officer) -> None:
    device = authentication_app_for(officer)
    code = app_code(device)
    first = password_only(officer)
    assert first.post(
        reverse("accounts:two_factor_code"), {"code": code}
    ).status_code == (HTTPStatus.FOUND)
    second = password_only(officer)
    replay = second.post(reverse("accounts:two_factor_code"), {"code": code})
    assert replay.status_code == HTTPStatus.OK
    assert "this one is not right" in replay.content.decode()


def test_the_code_step_starts_a_new_session_key(officer) -> None:
    device = authentication_app_for(officer)
    client = password_only(officer)
    before = client.session.session_key
    client.post(reverse("accounts:two_factor_code"), {"code": app_code(device)})
    assert client.session.session_key != before
    assert client.get("/staff/").status_code == HTTPStatus.OK


def test_a_recovery_code_works_once_instead_of_the_app(officer) -> None:
    authentication_app_for(officer)
    codes = services.recovery_codes_replace(user=officer)
    client = password_only(officer)
    url = reverse("accounts:two_factor_recovery")
    done = client.post(url, {"code": codes[0].upper(), "next": "/staff/"})
    assert done["Location"] == "/staff/"
    page = client.get("/staff/").content.decode()
    assert "You have 9 codes left." in page
    event = AuditEvent.objects.get(verb=AuditVerb.RECOVERY_CODE_USED)
    assert event.changes == {"codes_left": [None, 9]}

    again = password_only(officer).post(url, {"code": codes[0]})
    assert again.status_code == HTTPStatus.OK
    assert "this one is not right" in again.content.decode()


def test_replacing_the_app_needs_the_second_factor_first(officer) -> None:
    authentication_app_for(officer)
    client = password_only(officer)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert urlsplit(response["Location"]).path == reverse("accounts:two_factor_code")
    response = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert urlsplit(response["Location"]).path == reverse("accounts:two_factor_code")


def test_a_new_phone_replaces_the_old_app_and_keeps_the_codes(officer) -> None:
    old = authentication_app_for(officer)
    services.recovery_codes_replace(user=officer)
    client = client_for(officer)
    url = reverse("accounts:two_factor_setup")
    page = client.get(url).content.decode()
    assert "Set up a new authentication app" in page
    key = secret_from(page)
    done = client.post(url, {"code": f"{totp(key):06d}"})
    assert done["Location"] == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert StaticDevice.objects.get(user=officer).token_set.count() == 10
    assert client.get("/staff/").status_code == HTTPStatus.OK  # still verified


def test_the_account_page_shows_two_factor(officer) -> None:
    client = client_for(officer)
    services.recovery_codes_replace(user=officer)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Two-factor authentication" in page
    assert "You have 10 recovery codes left." in page
    assert reverse("accounts:two_factor_setup") in page


# Resets ----------------------------------------------------------------------


def reset_url(area, membership) -> str:
    return reverse(
        "accounts_staff:membership_two_factor_reset",
        kwargs={"area_slug": area.slug, "pk": membership.pk},
    )


def test_an_area_admin_resets_a_members_two_factor_audited(users_by_role, area) -> None:
    officer = users_by_role["officer"]
    officers_session = client_for(officer)
    services.recovery_codes_replace(user=officer)
    membership = Membership.objects.get(user=officer)
    admin_client = client_for(users_by_role["admin"])
    people = admin_client.get(
        reverse("accounts_staff:people", kwargs={"area_slug": area.slug})
    ).content.decode()
    assert reset_url(area, membership) in people
    assert admin_client.get(reset_url(area, membership)).status_code == HTTPStatus.OK
    done = admin_client.post(reset_url(area, membership))
    assert done.status_code == HTTPStatus.FOUND
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(verb=AuditVerb.TWO_FACTOR_RESET)
    assert (event.actor, event.area_id, event.target_id) == (
        users_by_role["admin"],
        area.pk,
        str(officer.pk),
    )
    # Their session is no longer verified: they set up an app again.
    response = officers_session.get(f"/staff/{area.slug}/")
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


@pytest.mark.parametrize("role", ["officer", "lead", "cabinet", "other_officer"])
def test_other_roles_may_not_reset(role, users_by_role, area) -> None:
    membership = Membership.objects.get(user=users_by_role["lead"])
    authentication_app_for(users_by_role["lead"])
    client = client_for(users_by_role[role])
    assert client.get(reset_url(area, membership)).status_code == HTTPStatus.FORBIDDEN
    assert client.post(reset_url(area, membership)).status_code == HTTPStatus.FORBIDDEN
    assert TOTPDevice.objects.filter(user=users_by_role["lead"]).exists()


def test_an_admin_of_another_area_cannot_reset(users_by_role, area, other_area) -> None:
    other_admin = member(other_area, Role.AREA_ADMIN, "admin@eastwold.example")
    officer = users_by_role["officer"]
    authentication_app_for(officer)
    membership = Membership.objects.get(user=officer)
    client = client_for(other_admin)
    assert client.post(reset_url(area, membership)).status_code == HTTPStatus.FORBIDDEN
    # This area's member under the other area's address is not found.
    assert (
        client.post(reset_url(other_area, membership)).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert not AuditEvent.objects.filter(verb=AuditVerb.TWO_FACTOR_RESET).exists()


def test_only_a_platform_administrator_resets_a_platform_administrator(
    users_by_role, area
) -> None:
    root = UserFactory.create(
        email="root@example.org", is_superuser=True, is_staff=True
    )
    membership = Membership.objects.create(user=root, area=area, role=Role.OFFICER)
    authentication_app_for(root)
    admin_client = client_for(users_by_role["admin"])
    assert admin_client.post(reset_url(area, membership)).status_code == 403
    people = admin_client.get(
        reverse("accounts_staff:people", kwargs={"area_slug": area.slug})
    ).content.decode()
    assert reset_url(area, membership) not in people
    other_root = UserFactory.create(email="root2@example.org", is_superuser=True)
    assert client_for(other_root).post(reset_url(area, membership)).status_code == 302
    assert not TOTPDevice.objects.filter(user=root).exists()


def test_a_platform_administrator_resets_anyone_from_the_admin(users_by_role) -> None:
    root = UserFactory.create(
        email="root@example.org", is_superuser=True, is_staff=True
    )
    lead = users_by_role["lead"]
    authentication_app_for(lead)
    response = client_for(root).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [lead.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not TOTPDevice.objects.filter(user=lead).exists()
    event = AuditEvent.objects.get(verb=AuditVerb.TWO_FACTOR_RESET)
    assert (event.actor, event.area_id) == (root, None)


def test_the_admin_does_not_show_the_apps_secret_keys() -> None:
    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)


def test_production_settings_always_require_two_factor() -> None:
    """Only the run command's demo switches it off, never the environment."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sendportal.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "TWO_FACTOR_REQUIRED": "false",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.TWO_FACTOR_REQUIRED)",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "True", result.stderr
