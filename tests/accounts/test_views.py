"""The People pages, password reset and change, the account page, signing in."""

import re
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from sendportal.accounts.models import Invitation
from sendportal.accounts.models import Membership
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.accounts.factories import InvitationFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ROLES = ["no_role", "officer", "lead", "cabinet", "admin", "other_officer"]
PASSWORD = "a long unusual passphrase 42"


def people_urls(area, membership, invitation) -> list[str]:
    slug = area.slug
    return [
        reverse("accounts_staff:people", kwargs={"area_slug": slug}),
        reverse("accounts_staff:invitation_create", kwargs={"area_slug": slug}),
        reverse(
            "accounts_staff:membership_role",
            kwargs={"area_slug": slug, "pk": membership.pk},
        ),
        reverse(
            "accounts_staff:membership_remove",
            kwargs={"area_slug": slug, "pk": membership.pk},
        ),
        reverse(
            "accounts_staff:invitation_revoke",
            kwargs={"area_slug": slug, "pk": invitation.pk},
        ),
        reverse(
            "accounts_staff:invitation_resend",
            kwargs={"area_slug": slug, "pk": invitation.pk},
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_areas_admin_may_open_or_send_the_people_pages(
    role, users_by_role, area
) -> None:
    membership = Membership.objects.get(user=users_by_role["officer"])
    invitation = InvitationFactory.create(area=area)
    client = client_for(users_by_role[role])
    for url in people_urls(area, membership, invitation):
        expected = HTTPStatus.OK if role == "admin" else HTTPStatus.FORBIDDEN
        assert client.get(url).status_code == expected, url
        if role != "admin":
            assert (
                client.post(
                    url, {"role": "admin", "email": "x@example.org"}
                ).status_code
                == expected
            )
    assert Membership.objects.filter(pk=membership.pk, role=Role.OFFICER).exists()
    assert Invitation.objects.pending().count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(area) -> None:
    response = client_for(None).get(
        reverse("accounts_staff:people", kwargs={"area_slug": area.slug})
    )
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("accounts:login") in response["Location"]


def test_another_areas_member_or_invitation_is_not_found(
    users_by_role, area, other_area
) -> None:
    from tests.factories import member

    member(other_area, Role.AREA_ADMIN, "admin@eastwold.example")
    membership = Membership.objects.get(user=users_by_role["officer"])
    invitation = InvitationFactory.create(area=area)
    client = client_for("admin@eastwold.example")
    for url in people_urls(other_area, membership, invitation)[2:]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_people_page_lists_members_and_pending_invitations(users_by_role, area) -> None:
    InvitationFactory.create(area=area, email="pending@example.org")
    InvitationFactory.create(area=area, email="<b>hostile</b>@example.org")
    page = (
        client_for(users_by_role["admin"])
        .get(reverse("accounts_staff:people", kwargs={"area_slug": area.slug}))
        .content.decode()
    )
    for email in (
        "officer@fenmere.example",
        "lead@fenmere.example",
        "pending@example.org",
    ):
        assert email in page
    assert "officer@eastwold.example" not in page
    assert "<b>hostile</b>" not in page


def test_admin_invites_through_the_page(
    users_by_role, area, django_capture_on_commit_callbacks
) -> None:
    url = reverse("accounts_staff:invitation_create", kwargs={"area_slug": area.slug})
    client = client_for(users_by_role["admin"])
    errors = client.post(url, {"email": "not an email"}).content.decode()
    assert "Enter an email address in the correct format" in errors
    assert "Select the role they will have" in errors
    assert "This field is required." not in errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "Lead2@Example.org", "role": Role.WORKSTREAM_LEAD}
        )
    assert response.status_code == HTTPStatus.FOUND
    assert Invitation.objects.pending().get().email == "lead2@example.org"
    assert mail.outbox[0].to == ["lead2@example.org"]


def test_admin_changes_a_role_and_removes_a_member(users_by_role, area) -> None:
    officer = users_by_role["officer"]
    membership = Membership.objects.get(user=officer)
    client = client_for(users_by_role["admin"])
    url = reverse(
        "accounts_staff:membership_role",
        kwargs={"area_slug": area.slug, "pk": membership.pk},
    )
    assert client.post(url, {}).content.decode().count("Select the new role") >= 1
    assert (
        client.post(url, {"role": Role.CABINET_MEMBER}).status_code == HTTPStatus.FOUND
    )
    membership.refresh_from_db()
    assert membership.role == Role.CABINET_MEMBER
    event = AuditEvent.objects.get(verb=AuditVerb.MEMBER_ROLE_CHANGED)
    assert event.changes == {"role": [Role.OFFICER, Role.CABINET_MEMBER]}
    remove = reverse(
        "accounts_staff:membership_remove",
        kwargs={"area_slug": area.slug, "pk": membership.pk},
    )
    assert client.post(remove).status_code == HTTPStatus.FOUND
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(
        pk=officer.pk
    ).exists()  # the account and its history stay
    assert AuditEvent.objects.filter(
        verb=AuditVerb.MEMBER_REMOVED, target_id=str(officer.pk)
    ).exists()


def test_the_last_admin_cannot_be_removed_or_demoted(users_by_role, area) -> None:
    admin = users_by_role["admin"]
    membership = Membership.objects.get(user=admin)
    client = client_for(admin)
    role_url = reverse(
        "accounts_staff:membership_role",
        kwargs={"area_slug": area.slug, "pk": membership.pk},
    )
    assert (
        "another admin"
        in client.post(role_url, {"role": Role.OFFICER}).content.decode()
    )
    remove = reverse(
        "accounts_staff:membership_remove",
        kwargs={"area_slug": area.slug, "pk": membership.pk},
    )
    client.post(remove)
    assert Membership.objects.filter(pk=membership.pk, role=Role.AREA_ADMIN).exists()


def test_admin_revokes_and_reinvites(
    users_by_role, area, django_capture_on_commit_callbacks
) -> None:
    client = client_for(users_by_role["admin"])
    invitation = InvitationFactory.create(area=area, email="a@example.org")
    resend = reverse(
        "accounts_staff:invitation_resend",
        kwargs={"area_slug": area.slug, "pk": invitation.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(resend).status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1
    newer = Invitation.objects.pending().get()
    assert newer.pk != invitation.pk
    revoke = reverse(
        "accounts_staff:invitation_revoke",
        kwargs={"area_slug": area.slug, "pk": newer.pk},
    )
    assert client.post(revoke).status_code == HTTPStatus.FOUND
    assert not Invitation.objects.pending().exists()
    # A revoked invitation has no page any more.
    assert client.get(revoke).status_code == HTTPStatus.NOT_FOUND


def reset_link(message) -> str:
    match = re.search(r"https?://\S+/accounts/password-reset/\S+/\S+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def test_password_reset_gives_the_same_answer_whether_or_not_the_email_exists(
    users_by_role,
) -> None:
    url = reverse("accounts:password_reset")
    known = client_for(None).post(url, {"email": "OFFICER@fenmere.example"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@fenmere.example"]
    unknown = client_for(None).post(url, {"email": "nobody-here@example.org"})
    assert len(mail.outbox) == 1  # no email to an address without an account
    assert known.status_code == unknown.status_code == HTTPStatus.FOUND
    assert known["Location"] == unknown["Location"]
    done_known = client_for(None).get(known["Location"]).content.decode()
    assert "If the address you entered has an account" in done_known


def test_password_reset_link_works_once(users_by_role) -> None:
    client_for(None).post(
        reverse("accounts:password_reset"), {"email": "officer@fenmere.example"}
    )
    link = reset_link(mail.outbox[0])
    client = client_for(None)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == HTTPStatus.OK
    set_url = form_page.redirect_chain[-1][0]
    errors = client.post(set_url, {}).content.decode()
    assert "Enter a new password" in errors
    assert "This field is required." not in errors
    done = client.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == HTTPStatus.FOUND
    assert User.objects.get(email="officer@fenmere.example").check_password(PASSWORD)
    again = client_for(None).get(link, follow=True).content.decode()
    assert "This password reset link cannot be used" in again


def test_sign_in_email_is_not_case_sensitive(users_by_role) -> None:
    client = client_for(None)
    response = client.post(
        reverse("accounts:login"),
        {"username": "  Officer@FENMERE.example ", "password": "correct horse battery"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.session.get("_auth_user_id") == str(users_by_role["officer"].pk)


def test_sign_in_page_links_to_password_reset() -> None:
    page = client_for(None).get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in page
    assert "Forgot your password?" in page


def test_account_page_changes_name_and_email_and_password(users_by_role) -> None:
    officer = users_by_role["officer"]
    client = client_for(officer)
    url = reverse("accounts:account")
    assert client.get(url).status_code == HTTPStatus.OK
    taken = client.post(
        url, {"name": "O", "email": "LEAD@fenmere.example"}
    ).content.decode()
    assert "this one has an account" in taken
    assert (
        client.post(url, {"name": "Olu", "email": "Olu@Fenmere.example"}).status_code
        == HTTPStatus.FOUND
    )
    officer.refresh_from_db()
    assert (officer.name, officer.email) == ("Olu", "olu@fenmere.example")
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCOUNT_CHANGED).count() == 1
    change = reverse("accounts:password_change")
    wrong = client.post(
        change,
        {"old_password": "nope", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert "Enter your current password correctly" in wrong.content.decode()
    right = client.post(
        change,
        {
            "old_password": "correct horse battery",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert right.status_code == HTTPStatus.FOUND
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert client.get(url).status_code == HTTPStatus.OK  # still signed in
