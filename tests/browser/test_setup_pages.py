"""The set-up pages of issue 12 on the demo, in Chromium: each as the role that
may use it, at 1024 px and at 320 px, with 0 axe-core violations; and the links
that lead to them from the staff home, the menu and the plan page."""

import datetime
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page
from playwright.sync_api import expect

from consultations.models import Consultation
from improvement.models import BoardMeeting
from improvement.models import FinanceLine
from improvement.models import Milestone
from improvement.models import Plan
from sendportal.accounts import services as account_services
from sendportal.accounts.models import Membership
from sendportal.accounts.models import Role
from sendportal.areas.models import District
from sendportal.areas.models import LocalArea
from sendportal.areas.models import PartnerOrganisation
from strategies.models import Strategy
from strategies.models import Theme
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.conftest import sign_in
from tests.consultations.conftest import make_survey
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import SurveyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "barnsley"
PASSWORD = settings.DEMO_PASSWORD
PLAN_HEADINGS = (
    "Workstream,Action number,Action title,Priority,Owner,Due date,Current RAG"
)

# The links, buttons and fields in the page's main content under 24 px either
# way (WCAG 2.2 target size), as "text width x height".
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main a, main button, main input, main select, main textarea')]
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
  .map(([e, r]) => `${e.textContent.trim() || e.name} ${r.width}x${r.height}`)"""


@pytest.fixture
def demo(transactional_db: None, demo_db: None) -> None:
    """The demo, committed for the live server."""


def url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs=kwargs)


def area_url(name: str, **kwargs: object) -> str:
    return url(name, area_slug=SLUG, **kwargs)


def visit(pages: Iterable[Page], base: str, paths: Iterable[str]) -> None:
    """Each path on each page (screen width): it answers, has one h1, passes axe."""
    for path in paths:
        for page in pages:
            response = page.goto(base + path)
            assert response is not None, path
            assert response.ok, (path, response.status)
            assert page.locator("h1").count() == 1, path
            assert_accessible(page)


def signed_in(base: str, email: str, *pages: Page) -> tuple[Page, ...]:
    for page in pages:
        sign_in(page, base, email, PASSWORD)
        page.wait_for_url("**/staff/**")
    return pages


def demo_plan() -> Plan:
    plan = Plan.objects.filter(area__slug=SLUG).order_by("pk").first()
    assert plan is not None
    return plan


# Area admins -----------------------------------------------------------------


def test_an_area_admins_people_and_settings_pages(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    area = LocalArea.objects.get(slug=SLUG)
    officer = Membership.objects.get(area=area, user__email=f"officer@{SLUG}.demo")
    district = District.objects.filter(area=area).first()
    partner = PartnerOrganisation.objects.filter(area=area).first()
    assert district is not None
    assert partner is not None
    pages = signed_in(live_server.url, f"admin@{SLUG}.demo", page, phone_page)
    visit(
        pages,
        live_server.url,
        [
            area_url("accounts_staff:people"),
            area_url("accounts_staff:invitation_create"),
            area_url("accounts_staff:membership_role", pk=officer.pk),
            area_url("accounts_staff:membership_remove", pk=officer.pk),
            area_url("areas_staff:settings"),
            area_url("areas_staff:details"),
            area_url("areas_staff:mix"),
            area_url("areas_staff:district_add"),
            area_url("areas_staff:district_rename", pk=district.pk),
            area_url("areas_staff:district_remove", pk=district.pk),
            area_url("areas_staff:partner_add"),
            area_url("areas_staff:partner_edit", pk=partner.pk),
            area_url("areas_staff:partner_retire", pk=partner.pk),
        ],
    )


def test_an_invitation_with_errors_passes_axe(
    demo: None, live_server, page: Page
) -> None:
    signed_in(live_server.url, f"admin@{SLUG}.demo", page)
    page.goto(live_server.url + area_url("accounts_staff:invitation_create"))
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name=re.compile("invitation", re.I)).click()
    assert_error_page(page)
    assert page.get_by_label("Email address").input_value() == "not an email"
    assert_accessible(page)


def test_the_staff_home_links_to_people_settings_and_each_coding_frame(
    demo: None, live_server, page: Page
) -> None:
    signed_in(live_server.url, f"admin@{SLUG}.demo", page)
    home = live_server.url + area_url("staff:area_home")
    page.goto(home)
    page.get_by_role("link", name=re.compile(r"^People")).click()
    expect(page).to_have_url(live_server.url + area_url("accounts_staff:people"))
    page.goto(home)
    page.get_by_role("link", name=re.compile(r"^Area settings")).click()
    expect(page).to_have_url(live_server.url + area_url("areas_staff:settings"))
    for strategy in Strategy.objects.filter(area__slug=SLUG):
        page.goto(home)
        page.get_by_role(
            "link", name=f"Themes for {strategy.title} {strategy.period_label}"
        ).click()
        expect(page).to_have_url(
            live_server.url + area_url("strategies_staff:theme_list", pk=strategy.pk)
        )
    page.get_by_role("link", name="Your account").click()
    expect(page).to_have_url(live_server.url + url("accounts:account"))
    assert_accessible(page)


def test_an_officer_sees_no_people_or_settings_links(
    demo: None, live_server, page: Page
) -> None:
    signed_in(live_server.url, f"officer@{SLUG}.demo", page)
    page.goto(live_server.url + area_url("staff:area_home"))
    assert page.get_by_role("link", name=re.compile(r"^People")).count() == 0
    assert page.get_by_role("link", name=re.compile(r"^Area settings")).count() == 0
    assert page.get_by_role("link", name=re.compile(r"^Themes for ")).count() >= 1


# Everyone's account; anonymous pages -----------------------------------------------


def test_account_and_password_pages(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    pages = signed_in(live_server.url, f"lead@{SLUG}.demo", page, phone_page)
    visit(
        pages,
        live_server.url,
        [url("accounts:account"), url("accounts:password_change")],
    )


def test_password_reset_and_invitation_accept_pages(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    area = LocalArea.objects.get(slug=SLUG)
    mail.outbox.clear()
    account_services.invitation_create(
        area=area, email="new.colleague@barnsley.example", role=Role.OFFICER, by=None
    )
    (email,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/invitations/\S+/", str(email.body))
    assert link is not None, email.body
    visit(
        (page, phone_page),
        live_server.url,
        [
            url("accounts:password_reset"),
            url("accounts:password_reset_done"),
            urlsplit(link.group(0)).path,
        ],
    )


def test_the_sign_in_and_password_reset_work_without_javascript(
    demo: None, live_server, no_js_page: Page
) -> None:
    no_js_page.goto(live_server.url + url("accounts:login"))
    no_js_page.get_by_role("link", name="Forgot your password?").click()
    assert no_js_page.locator("h1").count() == 1
    no_js_page.get_by_label("Email address").fill(f"lead@{SLUG}.demo")
    no_js_page.get_by_role("button", name="Send reset link").click()
    expect(no_js_page).to_have_url(
        live_server.url + url("accounts:password_reset_done")
    )
    assert no_js_page.locator("h1").count() == 1


# Platform administrator ---------------------------------------------------------


def test_a_platform_administrator_creates_an_area_page(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    pages = signed_in(live_server.url, "platform@admin.demo", page, phone_page)
    visit(pages, live_server.url, [url("staff:area_create")])
    page.goto(live_server.url + url("staff:dashboard"))
    page.get_by_role("link", name="Create a local area").click()
    expect(page).to_have_url(live_server.url + url("staff:area_create"))


# Officers: coding frame, surveys, the plan ----------------------------------------


def test_an_officers_coding_frame_and_survey_pages(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    area = LocalArea.objects.get(slug=SLUG)
    theme = (
        Theme.objects.filter(strategy__area=area, retired_at__isnull=True)
        .order_by("pk")
        .first()
    )
    strategy = theme.strategy if theme else Strategy.objects.filter(area=area).first()
    assert strategy is not None
    draft = ConsultationFactory.create(area=area, strategy=strategy, status="draft")
    SurveyFactory.create(consultation=draft, title="Have your say", sort=1)
    assert Consultation.objects.get(pk=draft.pk).status == "draft"
    # The area offers Polish: a survey's translation page, one input per text.
    LocalArea.objects.filter(pk=area.pk).update(languages=["pl"])
    translated = make_survey(draft)
    paths = [
        area_url(
            "consultations_staff:survey_translation",
            pk=draft.pk,
            survey_pk=translated.pk,
            language="pl",
        ),
        area_url("strategies_staff:theme_list", pk=strategy.pk),
        area_url("strategies_staff:theme_create", pk=strategy.pk),
        area_url("strategies_staff:coding_frame_copy", pk=strategy.pk),
        area_url("consultations_staff:survey_create", pk=draft.pk),
    ]
    if theme is not None:
        paths += [
            area_url(
                "strategies_staff:theme_update", pk=strategy.pk, theme_pk=theme.pk
            ),
            area_url("strategies_staff:theme_merge", pk=strategy.pk, theme_pk=theme.pk),
            area_url(
                "strategies_staff:theme_retire", pk=strategy.pk, theme_pk=theme.pk
            ),
        ]
    pages = signed_in(live_server.url, f"officer@{SLUG}.demo", page, phone_page)
    visit(pages, live_server.url, paths)


def test_an_officers_plan_set_up_pages(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    plan = demo_plan()
    workstream = plan.workstreams.order_by("pk").first()
    action = plan.actions.order_by("pk").first()
    kpi = plan.kpis.order_by("pk").first()
    paths = [
        area_url("improvement_staff:plan_create"),
        area_url("improvement_staff:plan_update", pk=plan.pk),
        area_url("improvement_staff:workstream_create", plan_pk=plan.pk),
        area_url("improvement_staff:action_create", plan_pk=plan.pk),
        area_url("improvement_staff:kpi_create", plan_pk=plan.pk),
        area_url("improvement_staff:plan_import", plan_pk=plan.pk),
        area_url("improvement_staff:plan_next_year", plan_pk=plan.pk),
    ]
    if workstream is not None:
        paths.append(
            area_url(
                "improvement_staff:workstream_update", plan_pk=plan.pk, pk=workstream.pk
            )
        )
    if action is not None:
        paths.append(
            area_url("improvement_staff:action_update", plan_pk=plan.pk, pk=action.pk)
        )
    if kpi is not None:
        paths.append(
            area_url("improvement_staff:kpi_update", plan_pk=plan.pk, pk=kpi.pk)
        )
    pages = signed_in(live_server.url, f"officer@{SLUG}.demo", page, phone_page)
    visit(pages, live_server.url, paths)


def test_an_officers_finance_kpi_milestone_meeting_and_retire_pages(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    plan = demo_plan()
    workstream = plan.workstreams.filter(retired_at__isnull=True).order_by("pk").first()
    action = plan.actions.filter(retired_at__isnull=True).order_by("pk").first()
    kpi = plan.kpis.filter(retired_at__isnull=True).order_by("pk").first()
    line = FinanceLine.objects.filter(plan=plan, retired_at__isnull=True).first()
    meeting = BoardMeeting.objects.filter(plan=plan).order_by("date").first()
    assert workstream is not None
    assert action is not None
    assert kpi is not None
    assert line is not None
    assert meeting is not None
    milestone = Milestone.objects.create(
        action=action,
        title="Agree the family hub sites",
        due_date=datetime.date(2026, 9, 30),
    )

    def plan_url(name: str, **kwargs: object) -> str:
        return area_url(f"improvement_staff:{name}", plan_pk=plan.pk, **kwargs)

    def milestone_url(name: str, **kwargs: object) -> str:
        return area_url(
            f"improvement_staff:{name}", plan_pk=plan.pk, action_pk=action.pk, **kwargs
        )

    paths = [
        plan_url("finance_line_create"),
        plan_url("finance_line_update", pk=line.pk),
        plan_url("finance_value_record", pk=line.pk),
        plan_url("finance_line_retire", pk=line.pk),
        plan_url("kpi_target_set", pk=kpi.pk),
        plan_url("kpi_benchmark_set", pk=kpi.pk),
        plan_url("kpi_retire", pk=kpi.pk),
        plan_url("workstream_retire", pk=workstream.pk),
        plan_url("action_retire", pk=action.pk),
        milestone_url("milestone_create"),
        milestone_url("milestone_update", pk=milestone.pk),
        milestone_url("milestone_complete", pk=milestone.pk),
        plan_url("board_meeting_list"),
        plan_url("board_meeting_create"),
        plan_url("board_meeting_update", pk=meeting.pk),
    ]
    pages = signed_in(live_server.url, f"officer@{SLUG}.demo", page, phone_page)
    visit(pages, live_server.url, paths)
    for path in paths:
        phone_page.goto(live_server.url + path)
        assert phone_page.evaluate(SMALL_TARGETS) == [], path


def test_an_officers_breakdown_member_and_retired_pages(
    demo: None, live_server, page: Page, phone_page: Page
) -> None:
    plan = demo_plan()
    kpi = plan.kpis.get(code="EHCP_20WK")
    group = kpi.breakdowns.order_by("group").first()
    workstream = plan.workstreams.order_by("pk").first()
    assert group is not None
    assert workstream is not None
    member = workstream.members.first()
    assert member is not None
    # Something retired, so that the plan's and the KPIs' Retired sections show.
    retired_kpi = plan.kpis.exclude(pk=kpi.pk).order_by("pk").first()
    retired_action = plan.actions.order_by("-pk").first()
    assert retired_kpi is not None
    assert retired_action is not None
    for row in (retired_kpi, retired_action):
        row.retired_at = datetime.datetime(2026, 4, 20, 9, 0, tzinfo=datetime.UTC)
        row.save(update_fields=["retired_at"])

    def plan_url(name: str, **kwargs: object) -> str:
        return area_url(f"improvement_staff:{name}", plan_pk=plan.pk, **kwargs)

    paths = [
        kpi.get_staff_url(),
        plan_url("kpi_breakdown_create", kpi_pk=kpi.pk),
        plan_url("kpi_breakdown_update", kpi_pk=kpi.pk, pk=group.pk),
        plan_url("kpi_breakdown_remove", kpi_pk=kpi.pk, pk=group.pk),
        workstream.get_staff_url(),
        plan_url("workstream_member_add", workstream_pk=workstream.pk),
        plan_url("workstream_member_remove", workstream_pk=workstream.pk, pk=member.pk),
        plan.get_staff_url(),
        plan_url("kpi_list"),
    ]
    pages = signed_in(live_server.url, f"officer@{SLUG}.demo", page, phone_page)
    visit(pages, live_server.url, paths)
    # The set-up pages themselves (not the dashboards that link to them).
    for path in paths[1:4] + paths[5:7]:
        phone_page.goto(live_server.url + path)
        assert phone_page.evaluate(SMALL_TARGETS) == [], path
    # The error states keep what was typed and pass axe too.
    for browser_page in pages:
        browser_page.goto(
            live_server.url + plan_url("kpi_breakdown_create", kpi_pk=kpi.pk)
        )
        browser_page.get_by_label("Group").fill(group.group.upper())
        browser_page.get_by_label("District").check()
        browser_page.get_by_role("button", name="Save breakdown group").click()
        assert_error_page(browser_page)
        expect(browser_page.get_by_label("Group")).to_have_value(group.group.upper())
        assert_accessible(browser_page)
        browser_page.goto(
            live_server.url
            + plan_url("workstream_member_add", workstream_pk=workstream.pk)
        )
        browser_page.get_by_role("button", name="Add member").click()
        assert_error_page(browser_page)
        assert_accessible(browser_page)
    # From the KPI page to a new group, and its value, by the forms alone.
    page.goto(live_server.url + kpi.get_staff_url())
    page.get_by_role("link", name="Add a breakdown group, such as a district").click()
    page.get_by_label("Age band").check()
    page.get_by_label("Group").fill("5 to 10")
    page.get_by_role("button", name="Save breakdown group").click()
    expect(page).to_have_url(
        re.compile(re.escape(kpi.get_staff_url()) + "#breakdowns$")
    )
    assert "Breakdown group added" in page.content()
    page.get_by_label("Who is the value for?").select_option(label="Age band: 5 to 10")
    page.get_by_label("Value", exact=True).fill("64.5")
    page.get_by_role("button", name="Save value").click()
    assert "Value saved" in page.content()
    assert_accessible(page)
    assert kpi.values.filter(breakdown="age_band", breakdown_value="5 to 10").exists()


def test_a_plan_import_preview_and_its_row_errors_pass_axe(
    demo: None, live_server, page: Page, phone_page: Page, tmp_path
) -> None:
    plan = demo_plan()
    good = tmp_path / "plan.csv"
    good.write_text(
        f"{PLAN_HEADINGS}\nFamily hubs,99.1,Open a family hub in each district,,,31/03/2027,\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{PLAN_HEADINGS}\nFamily hubs,,No number,,,31/02/2027,\n")
    import_url = live_server.url + area_url(
        "improvement_staff:plan_import", plan_pk=plan.pk
    )
    for screen in signed_in(live_server.url, f"officer@{SLUG}.demo", page, phone_page):
        screen.goto(import_url)
        screen.get_by_label("Upload a file").set_input_files(str(bad))
        screen.get_by_role("button", name="Check the file").click()
        assert_error_page(screen)
        assert_accessible(screen)
        screen.get_by_label("Upload a file").set_input_files(str(good))
        screen.get_by_role("button", name="Check the file").click()
        screen.wait_for_url(re.compile(r"/import-plan/[0-9a-f]{32}/$"))
        assert "Open a family hub in each district" in screen.content()
        assert_accessible(screen)
    assert not plan.actions.filter(reference="99.1").exists()


def test_the_plan_page_links_to_the_import_and_next_years_plan(
    demo: None, live_server, page: Page
) -> None:
    plan = demo_plan()
    plan_url = live_server.url + plan.get_staff_url()
    signed_in(live_server.url, f"officer@{SLUG}.demo", page)
    page.goto(plan_url)
    page.get_by_role("link", name="Import actions from a spreadsheet").click()
    expect(page).to_have_url(
        live_server.url + area_url("improvement_staff:plan_import", plan_pk=plan.pk)
    )
    page.goto(plan_url)
    page.get_by_role("link", name="Start next year's plan").click()
    expect(page).to_have_url(
        live_server.url + area_url("improvement_staff:plan_next_year", plan_pk=plan.pk)
    )


def test_a_workstream_lead_sees_no_plan_set_up_links(
    demo: None, live_server, page: Page
) -> None:
    plan = demo_plan()
    signed_in(live_server.url, f"lead@{SLUG}.demo", page)
    page.goto(live_server.url + plan.get_staff_url())
    assert page.locator("h1").count() == 1
    for name in ("Import actions from a spreadsheet", "Start next year's plan"):
        assert page.get_by_role("link", name=name).count() == 0
