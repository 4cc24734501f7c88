"""Invitations: the email's link works once, for 7 days, and can be revoked."""

import datetime
import re
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendportal.accounts import services
from sendportal.accounts.models import Invitation
from sendportal.accounts.models import Membership
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "a long unusual passphrase 42"


def invite(
    area,
    by,
    email="New.Person@Example.org",
    role=Role.OFFICER,
    *,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invitation_create(area=area, email=email, role=role, by=by)


def link_from(message) -> str:
    match = re.search(r"https?://\S+/accounts/invitations/[^/\s]+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


@pytest.fixture
def admin(users_by_role):
    return users_by_role["admin"]


def test_invitation_is_emailed_with_a_link_and_audited(
    area, admin, django_capture_on_commit_callbacks
) -> None:
    invitation = invite(
        area,
        admin,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    assert invitation.email == "new.person@example.org"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "Fenmere" in mail.outbox[0].subject
    token = link_from(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash  # only the hash is stored
    assert AuditEvent.objects.filter(verb=AuditVerb.INVITATION_SENT).count() == 1


def test_no_email_when_the_transaction_rolls_back(area, admin) -> None:
    # Without running on-commit callbacks nothing is sent.
    services.invitation_create(
        area=area, email="x@example.org", role="officer", by=admin
    )
    assert mail.outbox == []


def test_accept_creates_the_account_signs_in_and_link_works_once(
    area, admin, django_capture_on_commit_callbacks
) -> None:
    invite(
        area,
        admin,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    url = link_from(mail.outbox[0])
    client = client_for(None)
    assert client.get(url).status_code == HTTPStatus.OK
    response = client.post(
        url, {"name": "Nia Patel", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(
        "staff:area_home", kwargs={"area_slug": area.slug}
    )
    user = User.objects.get(email="new.person@example.org")
    assert user.name == "Nia Patel"
    assert user.check_password(PASSWORD)
    assert user.has_role(area, Role.OFFICER)
    # Signed in, and sent to set up two-factor authentication first.
    staff_home = client.get(response["Location"])
    assert staff_home.status_code == HTTPStatus.FOUND
    assert staff_home["Location"].startswith(reverse("accounts:two_factor_setup"))
    # The same link again: a clear page, nothing changed.
    again = client_for(None).post(
        url, {"name": "Someone", "password1": "x" * 20, "password2": "x" * 20}
    )
    assert again.status_code == HTTPStatus.GONE
    assert "already been used" in again.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(verb=AuditVerb.INVITATION_ACCEPTED).count() == 1


def test_invitation_page_keeps_the_token_on_this_site_and_the_form_passes_csrf(
    area, admin, django_capture_on_commit_callbacks
) -> None:
    """ "no-referrer" made browsers send "Origin: null", which Django's CSRF
    check refuses: "same-origin" keeps the token on this site and lets it in."""
    invite(
        area,
        admin,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    url = link_from(mail.outbox[0])
    client = client_for(None)
    client.handler.enforce_csrf_checks = True
    page = client.get(url)
    assert page["Referrer-Policy"] == "same-origin"
    response = client.post(
        url,
        {
            "name": "Nia Patel",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == HTTPStatus.FOUND


def test_accept_adds_a_role_to_an_existing_account_in_another_area(
    area, other_area, users_by_role, django_capture_on_commit_callbacks
) -> None:
    person = users_by_role["other_officer"]
    invite(
        area,
        users_by_role["admin"],
        email=person.email.upper(),
        role=Role.WORKSTREAM_LEAD,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    url = link_from(mail.outbox[0])
    page = client_for(None).get(url)
    assert "already have an account" in page.content.decode()
    assert client_for(None).post(url, {}).status_code == HTTPStatus.FOUND
    person.refresh_from_db()
    assert person.check_password("correct horse battery")  # password unchanged
    assert set(
        Membership.objects.filter(user=person).values_list("area__slug", "role")
    ) == {("eastwold", Role.OFFICER), ("fenmere", Role.WORKSTREAM_LEAD)}
    assert User.objects.filter(email__iexact=person.email).count() == 1


def test_an_expired_link_gets_a_clear_page(
    area, admin, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)):
        invite(
            area,
            admin,
            django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
        )
    url = link_from(mail.outbox[0])
    with time_machine.travel(datetime.datetime(2026, 3, 8, 8, 59, tzinfo=datetime.UTC)):
        assert client_for(None).get(url).status_code == HTTPStatus.OK
    with time_machine.travel(datetime.datetime(2026, 3, 8, 9, 0, tzinfo=datetime.UTC)):
        response = client_for(None).post(
            url, {"name": "A", "password1": PASSWORD, "password2": PASSWORD}
        )
    assert response.status_code == HTTPStatus.GONE
    assert "has expired" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_revoked_link_gets_a_clear_page(
    area, admin, django_capture_on_commit_callbacks
) -> None:
    invitation = invite(
        area,
        admin,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    services.invitation_revoke(invitation=invitation, by=admin)
    response = client_for(None).get(link_from(mail.outbox[0]))
    assert response.status_code == HTTPStatus.GONE
    assert "withdrawn" in response.content.decode()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, password=PASSWORD, name="A")
    with pytest.raises(ValidationError):
        services.invitation_revoke(invitation=invitation, by=admin)


def test_an_unknown_link_is_not_found() -> None:
    response = client_for(None).get(
        reverse("accounts:invitation_accept", kwargs={"token": "nonsense"})
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "not valid" in response.content.decode()


def test_reinviting_replaces_the_pending_invitation(
    area, admin, django_capture_on_commit_callbacks
) -> None:
    first = invite(
        area,
        admin,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    second = invite(
        area,
        admin,
        email="new.person@example.org",
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(Invitation.objects.pending()) == [second]
    assert (
        client_for(None).get(link_from(mail.outbox[0])).status_code == HTTPStatus.GONE
    )
    assert client_for(None).get(link_from(mail.outbox[1])).status_code == HTTPStatus.OK


def test_weak_password_and_missing_fields_get_govuk_errors(
    area, admin, django_capture_on_commit_callbacks
) -> None:
    invite(
        area,
        admin,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    url = link_from(mail.outbox[0])
    blank = (
        client_for(None)
        .post(url, {"name": "<script>alert(1)</script>"})
        .content.decode()
    )
    assert "Enter a password" in blank
    assert "This field is required." not in blank
    assert "<script>alert(1)</script>" not in blank
    assert "&lt;script&gt;" in blank  # what was typed is kept, inert
    short = client_for(None).post(
        url, {"name": "A", "password1": "short", "password2": "short"}
    )
    assert "too short" in short.content.decode()
    mismatch = client_for(None).post(
        url, {"name": "A", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert "Enter the same password in both boxes" in mismatch.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_inviting_someone_who_already_has_the_role_is_refused(
    area, users_by_role
) -> None:
    with pytest.raises(ValidationError):
        services.invitation_create(
            area=area,
            email="OFFICER@fenmere.example",
            role=Role.OFFICER,
            by=users_by_role["admin"],
        )
