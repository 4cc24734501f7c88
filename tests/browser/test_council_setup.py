"""A council starting from nothing, in Chromium: only the platform administrator
(a superuser) is created by the test, and the invitation links are read from the
emails. Everything else is done through the staff and public pages: no Django
admin and no shell on the way."""

import base64
import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import ConsultationStatus
from consultations.models import Response
from improvement.models import Kpi
from sendportal.accounts.models import User
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long council password 42"
INVITATION_PATH = re.compile(r"/accounts/invitations/[^/\s]+/")


def scripts_run(page: Page) -> bool:
    """Whether the page's own scripts run (not with JavaScript turned off)."""
    page.wait_for_load_state("load")
    page.add_script_tag(content="document.documentElement.dataset.scripts = 'on'")
    return page.evaluate("document.documentElement.dataset.scripts === 'on'")


def accessible(page: Page) -> None:
    """axe-core needs JavaScript: without it the journey checks only that it works."""
    if scripts_run(page):
        assert_accessible(page)


def invitation_path(email: str) -> str:
    """The invitation link of the newest email to `email`, as a path."""
    sent = [message for message in mail.outbox if email in message.to]
    assert sent, f"no email to {email}"
    found = INVITATION_PATH.search(str(sent[-1].body))
    assert found, sent[-1].body
    return found.group(0)


def accept_invitation(page: Page, base: str, email: str, name: str) -> None:
    page.goto(base + invitation_path(email))
    accessible(page)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Accept invitation").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    set_up_two_factor(page)


def set_up_two_factor(page: Page) -> None:
    """What a new person does next: add the portal to an authentication app
    by typing the key shown on the page, enter the app's code, save the
    recovery codes; then they are on the area's staff home."""
    expect(page.locator("h1")).to_have_text("Set up two-factor authentication")
    accessible(page)
    key = page.locator("#secret-key").inner_text()
    code = totp(base64.b32decode(key.replace(" ", "")))
    page.get_by_label("Code from your authentication app").fill(f"{code:06d}")
    page.get_by_role("button", name="Set up two-factor authentication").click()
    expect(page.locator("h1")).to_have_text("Save your recovery codes")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    accessible(page)
    page.get_by_role("button", name="I have saved my codes").click()
    expect(page).to_have_url(re.compile(r"/staff/[^/]+/$"))


def sign_out(page: Page) -> None:
    page.context.clear_cookies()


def invite(page: Page, base: str, area_slug: str, email: str, role: str) -> None:
    page.goto(f"{base}/staff/{area_slug}/people/")
    follow(page, "Invite someone")
    accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def fill_date(page: Page, name: str, date: datetime.date) -> None:
    for part, value in enumerate((date.day, date.month, date.year)):
        page.locator(f"input[name={name}_{part}]").fill(str(value))


def follow(page: Page, name: str, *, exact: bool = True) -> None:
    """Click the link called `name` (some links are styled, and named, as buttons)."""
    page.get_by_role("link", name=name, exact=exact).or_(
        page.get_by_role("button", name=name, exact=exact)
    ).first.click()


def confirm(page: Page, link: str, button: str) -> None:
    """Follow a link to a confirm page and confirm."""
    follow(page, link)
    page.get_by_role("button", name=button).click()
    no_errors(page)


def answer_as_a_family(page: Page, free_text: str, answer: str) -> None:
    """The public journey: the first option of every question about the
    respondent, "No" to being contacted, `answer` to the free-text question."""
    follow(page, "Start now", exact=False)
    answered = False
    for _ in range(20):
        heading = page.locator("h1").inner_text()
        if heading.startswith("Check your answers"):
            break
        if free_text in heading:
            page.locator("textarea").fill(answer)
            answered = True
        elif page.get_by_label("No", exact=True).count():
            page.get_by_label("No", exact=True).check()
        elif page.locator("input[type=radio]").count():
            page.locator("input[type=radio]").first.check()
        elif page.locator("input[type=checkbox]").count():
            page.locator("input[type=checkbox]").first.check()
        page.get_by_role("button", name="Continue").click()
        no_errors(page)
    assert answered, "the free-text question was never asked"
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator("h1")).to_have_text("Response sent")


def no_errors(page: Page) -> None:
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


@pytest.mark.parametrize("page_fixture", ["page", "no_js_page"])
def test_a_council_sets_itself_up_from_nothing(
    live_server, browser: Browser, page_fixture: str, request: pytest.FixtureRequest
) -> None:
    """The whole journey, with JavaScript and without it."""
    page: Page = request.getfixturevalue(page_fixture)
    base = live_server.url
    User.objects.create_superuser(email="platform@example.org", password=PASSWORD)

    # The platform administrator creates the area; its first admin is invited.
    sign_in(page, base, "platform@example.org", PASSWORD)
    page.goto(base + "/staff/")
    # axe runs in the JavaScript variant: make sure it is not skipped there.
    assert scripts_run(page) == (page_fixture == "page")
    page.get_by_role("link", name="Create a local area").click()
    accessible(page)
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

    # The officer writes the strategy, its priorities and its coding frame.
    follow(page, "Start a new strategy")
    page.get_by_label("Title").fill("Newshire SEND and Inclusion Strategy")
    page.get_by_label("First year").fill("2026")
    page.get_by_label("Last year").fill("2029")
    page.get_by_label("Vision", exact=True).fill("Every child thrives close to home.")
    page.get_by_role("button", name="Save strategy").click()
    no_errors(page)
    strategy_url = page.url
    strategy_pk = strategy_url.rstrip("/").rsplit("/", 1)[-1]
    for title in ("Early help", "Preparing for adulthood"):
        follow(page, "Add a priority")
        page.get_by_label("Title").fill(title)
        page.get_by_role("button", name="Save priority").click()
        no_errors(page)
    page.goto(strategy_url)
    page.get_by_role(
        "link", name="Themes that answers and findings are coded to"
    ).click()
    for name in ("Waiting times", "Communication with families"):
        follow(page, "Add a theme")
        page.get_by_label("Name").fill(name)
        page.get_by_role("button", name="Save theme").click()
        no_errors(page)
    page.goto(strategy_url)
    confirm(page, "Publish for consultation", "Publish strategy")

    # A consultation on it with one free-text question, published and open.
    page.goto(f"{base}/staff/newshire/consultations/")
    follow(page, "Start a consultation")
    page.get_by_label("Which strategy is this consultation about?").select_option(
        strategy_pk
    )
    page.get_by_label("Title").fill("Tell us about SEND in Newshire")
    page.get_by_label("Summary").fill("What works, and what should change.")
    today = timezone.localdate()
    fill_date(page, "opens_on", today)
    fill_date(page, "closes_on", today + datetime.timedelta(days=30))
    page.get_by_role("button", name="Save consultation").click()
    no_errors(page)
    consultation_url = page.url
    question = "What would make the biggest difference?"
    follow(page, "Add a question", exact=False)
    page.get_by_label("Question", exact=True).fill(question)
    page.get_by_label("Free text").check()
    page.get_by_role("button", name="Save question").click()
    no_errors(page)
    page.goto(consultation_url)
    follow(page, "Publish")
    # No Easy Read survey or version yet: the officer says why.
    page.get_by_label("Why is there no Easy Read version?").fill(
        "An Easy Read survey is being made with the youth forum."
    )
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator("main")).to_contain_text("Consultation published.")
    assert Consultation.objects.get().status == ConsultationStatus.OPEN
    page.goto(consultation_url)
    public_url = page.get_by_role("link", name="View the public page").get_attribute(
        "href"
    )

    # A family answers through the public journey, in a browser of its own.
    family = browser.new_context(
        viewport={"width": 1024, "height": 768},
        java_script_enabled=page_fixture == "page",
    )
    family_page = family.new_page()
    family_page.goto(base + public_url)
    answer_as_a_family(family_page, question, "Shorter waits for an assessment.")
    family.close()
    assert Response.objects.count() == 1

    # The officer codes the answer to a theme.
    page.goto(consultation_url)
    follow(page, "Free-text answers and coding")
    page.get_by_label(re.compile("Shorter waits for an assessment")).check()
    page.get_by_label("Waiting times").check()
    page.get_by_role("button", name="Code selected answers").click()
    no_errors(page)
    coded = Answer.objects.get(question__text=question)
    assert [theme.name for theme in coded.themes.all()] == ["Waiting times"]

    # The officer sets up the plan: a workstream led by the lead, an action, a
    # KPI with a value (and a target).
    page.goto(f"{base}/staff/newshire/improvement/")
    follow(page, "Set up an improvement plan")
    accessible(page)
    page.get_by_label("Which strategy does the plan deliver?").select_option(
        strategy_pk
    )
    page.get_by_label("Title").fill("Newshire SEND improvement plan")
    page.get_by_label("Governance board").fill("SEND Partnership Board")
    page.get_by_role("radio", name="Month", exact=True).check()
    page.get_by_role("button", name="Save plan").click()
    no_errors(page)
    plan_url = page.url
    follow(page, "Add a workstream")
    accessible(page)
    page.get_by_label("Name").fill("Assessments on time")
    page.get_by_label("Lead (optional)").select_option(label="Lee Lead")
    page.get_by_label("Early help").check()
    page.get_by_role("button", name="Save workstream").click()
    no_errors(page)
    page.goto(plan_url)
    follow(page, "Add an action")
    accessible(page)
    page.get_by_label("Workstream").select_option(label="Assessments on time")
    page.get_by_label("Action number").fill("1.1")
    page.get_by_label("Title").fill("Recruit two educational psychologists")
    fill_date(page, "due_date", today + datetime.timedelta(days=90))
    page.get_by_role("button", name="Save action").click()
    no_errors(page)
    page.goto(plan_url)
    follow(page, "KPIs", exact=False)
    follow(page, "Add a KPI")
    accessible(page)
    page.get_by_label("Code").fill("EHCP_20WK")
    page.get_by_label("Name").fill("New EHC plans issued within 20 weeks")
    page.get_by_label("Percentage").check()
    page.get_by_label("Higher is better").check()
    page.get_by_role("radio", name="Month", exact=True).check()
    page.get_by_label("Tolerance").fill("2")
    page.get_by_label("Baseline (optional)").fill("48")
    page.get_by_label("Show it on the public progress page").check()
    page.get_by_role("button", name="Save KPI").click()
    no_errors(page)
    kpi_url = page.url
    page.get_by_label("Period").select_option(index=0)
    page.get_by_label("Value").fill("52.5")
    page.get_by_label("Provisional").check()
    page.get_by_role("button", name="Save value").click()
    no_errors(page)
    kpi = Kpi.objects.get(code="EHCP_20WK")
    value = kpi.values.get()
    assert value.value == Decimal("52.5")
    follow(page, "Set a target for a period")
    page.get_by_label("Period").select_option(label=value.period.label)
    page.get_by_label("Target").fill("60")
    page.get_by_role("button", name="Save target").click()
    no_errors(page)
    assert kpi.targets.get().value == Decimal("60")
    page.goto(kpi_url)
    expect(page.locator("main")).to_contain_text("60")
    sign_out(page)

    # The workstream lead records an update on the action.
    sign_in(page, base, "lead@newshire.example", PASSWORD)
    no_errors(page)
    page.goto(plan_url)
    follow(page, "Assessments on time", exact=False)
    follow(page, "Recruit two educational psychologists", exact=False)
    page.get_by_label("Amber: at risk").check()
    page.get_by_label("In progress").check()
    page.get_by_label("Progress since the last update").fill(
        "One psychologist appointed; the second post is advertised."
    )
    page.get_by_role("button", name="Record update").click()
    no_errors(page)
    expect(page.locator("main")).to_contain_text("Update recorded")
    sign_out(page)

    # The officer publishes the plan's progress; the public page shows it.
    sign_in(page, base, "officer@newshire.example", PASSWORD)
    page.goto(plan_url)
    confirm(page, "Publish progress", "Publish progress")
    sign_out(page)
    page.goto(f"{base}/newshire/")
    follow(page, "Newshire SEND improvement plan", exact=False)
    main = page.locator("main")
    expect(main).to_contain_text("Recruit two educational psychologists")
    expect(main).to_contain_text("One psychologist appointed")
    expect(main).to_contain_text("Amber")
    expect(main).to_contain_text("New EHC plans issued within 20 weeks")
    accessible(page)
