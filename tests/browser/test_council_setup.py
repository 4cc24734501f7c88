"""A council starting from nothing, in Chromium: only the platform administrator
(a superuser) is created by the test, and the invitation links are read from the
emails. Everything else is done through the staff and public pages: no Django
admin and no shell on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page
from playwright.sync_api import expect

from sendportal.accounts.models import User
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long council password 42"
INVITATION_PATH = re.compile(r"/accounts/invitations/[^/\s]+/")


def invitation_path(email: str) -> str:
    """The invitation link of the newest email to `email`, as a path."""
    sent = [message for message in mail.outbox if email in message.to]
    assert sent, f"no email to {email}"
    found = INVITATION_PATH.search(sent[-1].body)
    assert found, sent[-1].body
    return found.group(0)


def accept_invitation(page: Page, base: str, email: str, name: str) -> None:
    page.goto(base + invitation_path(email))
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Accept invitation").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def sign_out(page: Page) -> None:
    page.context.clear_cookies()


def invite(page: Page, base: str, area_slug: str, email: str, role: str) -> None:
    page.goto(f"{base}/staff/{area_slug}/people/")
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_a_council_sets_itself_up_from_nothing(live_server, page: Page) -> None:
    base = live_server.url
    User.objects.create_superuser(email="platform@example.org", password=PASSWORD)

    # The platform administrator creates the area; its first admin is invited.
    sign_in(page, base, "platform@example.org", PASSWORD)
    page.goto(base + "/staff/")
    page.get_by_role("link", name="Create a local area").click()
    page.get_by_label("Name of the local area").fill("Newshire")
    page.get_by_label("Web address").fill("newshire")
    page.get_by_label("Contact email for the SEND team").fill("send@newshire.example")
    page.get_by_label("Email of the first area admin").fill("admin@newshire.example")
    page.get_by_role("button", name="Create local area").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    sign_out(page)

    # The area admin accepts, then invites an officer and a workstream lead.
    accept_invitation(page, base, "admin@newshire.example", "Ada Admin")
    invite(page, base, "newshire", "officer@newshire.example", "Officer")
    invite(page, base, "newshire", "lead@newshire.example", "Workstream lead")
    sign_out(page)
    accept_invitation(page, base, "lead@newshire.example", "Lee Lead")
    sign_out(page)
    accept_invitation(page, base, "officer@newshire.example", "Olu Officer")
    page.screenshot(path="/tmp/p12b/officer.png")
    print(page.url, page.locator("main").inner_text())
