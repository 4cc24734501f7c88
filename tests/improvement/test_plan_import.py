"""Importing a whole plan from a spreadsheet, and starting next year's plan."""

import datetime
import io
from collections.abc import Sequence

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from improvement.models import Action
from improvement.models import ActionStatus
from improvement.models import ActionUpdate
from improvement.models import FinanceLine
from improvement.models import FinanceValue
from improvement.models import Kpi
from improvement.models import KpiBreakdown
from improvement.models import KpiTarget
from improvement.models import KpiValue
from improvement.models import Milestone
from improvement.models import Plan
from improvement.models import Rag
from improvement.models import Workstream
from improvement.plan_import import next_year_title
from improvement.plan_import import plan_actions_import
from improvement.plan_import import plan_import_check
from improvement.plan_import import plan_import_template
from improvement.plan_import import plan_start_next_year
from improvement.services import action_update_record
from sendportal.accounts.models import Role
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.factories import member
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import FinanceLineFactory
from tests.improvement.factories import FinanceValueFactory
from tests.improvement.factories import KpiFactory
from tests.improvement.factories import KpiTargetFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.factories import WorkstreamFactory
from tests.strategies.factories import PriorityFactory

pytestmark = pytest.mark.django_db

HEADINGS = "Workstream,Action number,Action title,Priority,Owner,Due date,Current RAG"


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def priorities(plan: Plan):
    return [
        PriorityFactory.create(strategy=plan.strategy, number=1),
        PriorityFactory.create(strategy=plan.strategy, number=2),
    ]


def csv(*rows: str) -> bytes:
    return "\n".join([HEADINGS, *rows]).encode()


# The file -----------------------------------------------------------------


def test_a_good_file_imports_exactly(plan, officer, priorities, workstream) -> None:
    content = csv(
        "SEND Support,1.1,Train SENCOs,1,officer@fenmere.example,31/03/2027,",
        "send support,1.2,Review the Local Offer,2,,30/09/2026,Amber",
        "Preparing for adulthood,2.1,Map post-16 routes,,Lead Person,01/12/2026,blue",
    )
    lead = workstream.lead
    lead.name = "Lead Person"
    lead.save()

    result = plan_actions_import(
        plan=plan, by=officer, content=content, extension="csv"
    )

    assert (result.actions, result.workstreams_created) == (3, 1)
    rows = {
        a.reference: (
            a.workstream.name,
            a.title,
            a.priority.number if a.priority else None,
            a.owner.email if a.owner else None,
            a.due_date,
            a.rag,
            a.status,
        )
        for a in Action.objects.for_plan(plan)
    }
    assert rows == {
        "1.1": (
            "SEND Support",
            "Train SENCOs",
            1,
            "officer@fenmere.example",
            datetime.date(2027, 3, 31),
            Rag.GREY,
            ActionStatus.NOT_STARTED,
        ),
        "1.2": (
            "SEND Support",
            "Review the Local Offer",
            2,
            None,
            datetime.date(2026, 9, 30),
            Rag.AMBER,
            ActionStatus.IN_PROGRESS,
        ),
        "2.1": (
            "Preparing for adulthood",
            "Map post-16 routes",
            None,
            "lead@fenmere.example",
            datetime.date(2026, 12, 1),
            Rag.BLUE,
            ActionStatus.COMPLETE,
        ),
    }
    assert list(Workstream.objects.for_plan(plan).values_list("name", flat=True)) == [
        "SEND Support",
        "Preparing for adulthood",
    ]
    event = AuditEvent.objects.get(verb=AuditVerb.PLAN_ACTIONS_IMPORTED)
    assert event.actor == officer
    assert event.area_id == plan.area_id
    assert event.changes == {"actions": [None, 3], "workstreams_created": [None, 1]}


def test_real_excel_dates_and_numbers_are_read(plan, officer, priorities) -> None:
    content = xlsx_bytes(
        [
            HEADINGS.split(","),
            [
                "Sufficiency",
                3.1,
                "Open a resource base",
                2.0,
                None,
                datetime.date(2027, 1, 15),
            ],
            ["Sufficiency", "3.2", "Second", 1, None, "15/02/2027"],
        ]
    )
    plan_actions_import(plan=plan, by=officer, content=content, extension="xlsx")
    assert dict(Action.objects.for_plan(plan).values_list("reference", "due_date")) == {
        "3.1": datetime.date(2027, 1, 15),
        "3.2": datetime.date(2027, 2, 15),
    }


def test_bad_rows_are_all_listed_and_nothing_is_stored(
    plan, officer, priorities, other_area
) -> None:
    ActionFactory.create(plan=plan, workstream__plan=plan, reference="9.9")
    member(other_area, Role.OFFICER, "stranger@eastwold.example")
    content = csv(
        "Good,1.1,Fine row,1,,31/03/2027,",
        ",1.2,No workstream,1,,31/03/2027,",
        "Good,1.1,Same number,1,,31/03/2027,",
        "Good,9.9,Number already in plan,,,31/03/2027,",
        "Good,1.4,,99,stranger@eastwold.example,next March,Purple",
    )
    before = (Action.objects.count(), Workstream.objects.count())

    check = plan_import_check(plan=plan, content=content, extension="csv")

    assert [(e.row, e.column, e.value) for e in check.errors] == [
        (3, "Workstream", ""),
        (4, "Action number", "1.1"),
        (5, "Action number", "9.9"),
        (6, "Action title", ""),
        (6, "Priority", "99"),
        (6, "Owner", "stranger@eastwold.example"),
        (6, "Due date", "next March"),
        (6, "Current RAG", "Purple"),
    ]
    messages = [e.message for e in check.errors]
    assert messages[0] == "Enter the workstream of the action"
    assert messages[1] == "Row 2 has the same action number"
    assert "Enter the due date as a real date, like 31/03/2027" in messages
    with pytest.raises(ValidationError, match="8 problem"):
        plan_actions_import(plan=plan, by=officer, content=content, extension="csv")
    assert (Action.objects.count(), Workstream.objects.count()) == before
    assert not AuditEvent.objects.filter(verb=AuditVerb.PLAN_ACTIONS_IMPORTED).exists()


def test_a_file_without_the_required_columns_is_explained(plan) -> None:
    with pytest.raises(ValidationError) as error:
        plan_import_check(
            plan=plan, content=b"Workstream,Title\nA,B\n", extension="csv"
        )
    assert "Action number, Due date" in error.value.messages[0]


def test_a_formula_in_a_workbook_is_refused(plan) -> None:
    content = xlsx_bytes(
        [
            HEADINGS.split(","),
            ["A", "1.1", '=HYPERLINK("http://x")', 1, "", "31/03/2027"],
        ]
    )
    with pytest.raises(ValidationError) as error:
        plan_import_check(plan=plan, content=content, extension="xlsx")
    assert "Cell C2 contains a formula" in error.value.messages[0]


def test_hostile_text_in_a_csv_is_stored_as_text(plan, officer) -> None:
    content = csv("<script>alert(1)</script>,1.1,\"=cmd|' /C calc'!A0\",,,31/03/2027,")
    plan_actions_import(plan=plan, by=officer, content=content, extension="csv")
    action = Action.objects.get(plan=plan)
    assert action.title == "=cmd|' /C calc'!A0"
    assert action.workstream.name == "<script>alert(1)</script>"


def test_the_template_downloads_and_imports_its_example_row(
    plan, officer, priorities
) -> None:
    content = plan_import_template(plan)
    check = plan_import_check(plan=plan, content=content, extension="xlsx")
    assert check.ok, check.errors
    plan_actions_import(plan=plan, by=officer, content=content, extension="xlsx")
    action = Action.objects.get(plan=plan)
    assert action.priority == priorities[0]
    assert action.reference == "1.1"


# Next year's plan ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("SEND Plan 2025/26", "SEND Plan 2026/27"),
        ("SEND Plan 2029-30", "SEND Plan 2030-31"),
        ("SEND Plan 2026", "SEND Plan 2027"),
        ("SEND Plan", "SEND Plan (next year)"),
    ],
)
def test_next_year_title(title: str, expected: str) -> None:
    assert next_year_title(title) == expected


def test_next_years_plan_has_the_structure_but_no_history(
    plan, officer, workstream, lead
) -> None:
    priority = PriorityFactory.create(strategy=plan.strategy, number=1)
    workstream.priorities.add(priority)
    action = ActionFactory.create(
        workstream=workstream,
        reference="1.1",
        priority=priority,
        owner=lead,
        start_date=datetime.date(2024, 2, 29),
        due_date=datetime.date(2025, 3, 31),
    )
    Milestone.objects.create(
        action=action, title="Draft", due_date=datetime.date(2025, 1, 31)
    )
    action_update_record(
        action=action, by=officer, rag=Rag.RED, status="in_progress", narrative="Late"
    )
    workstream.rag = Rag.RED
    workstream.rag_reason = "Behind"
    workstream.save()
    kpi = KpiFactory.create(plan=plan, workstream=workstream, code="EHCP_20WK")
    KpiTargetFactory.create(kpi=kpi)
    KpiValueFactory.create(kpi=kpi)
    line = FinanceLineFactory.create(plan=plan, code="top-up", name="Top-up funding")
    FinanceValueFactory.create(line=line)

    new = plan_start_next_year(plan=plan, by=officer, title="Next plan")

    assert (new.strategy, new.area, new.board, new.is_published) == (
        plan.strategy,
        plan.area,
        plan.board,
        False,
    )
    new_workstream = Workstream.objects.get(plan=new)
    assert (new_workstream.name, new_workstream.lead, new_workstream.rag) == (
        "SEND Support",
        lead,
        Rag.GREY,
    )
    assert new_workstream.rag_reason == ""
    assert list(new_workstream.priorities.all()) == [priority]
    new_action = Action.objects.get(plan=new)
    assert (
        new_action.reference,
        new_action.workstream,
        new_action.owner,
        new_action.start_date,
        new_action.due_date,
        new_action.rag,
        new_action.status,
        new_action.last_updated_at,
    ) == (
        "1.1",
        new_workstream,
        lead,
        datetime.date(2025, 2, 28),
        datetime.date(2026, 3, 31),
        Rag.GREY,
        ActionStatus.NOT_STARTED,
        None,
    )
    assert list(new_action.milestones.values_list("due_date", "completed_on")) == [
        (datetime.date(2026, 1, 31), None)
    ]
    assert not ActionUpdate.objects.filter(action__plan=new).exists()
    new_kpi = Kpi.objects.get(plan=new)
    assert (new_kpi.code, new_kpi.workstream, new_kpi.tolerance) == (
        "EHCP_20WK",
        new_workstream,
        kpi.tolerance,
    )
    assert not KpiTarget.objects.filter(kpi__plan=new).exists()
    assert not KpiValue.objects.filter(kpi__plan=new).exists()
    assert list(FinanceLine.objects.filter(plan=new).values_list("code", "name")) == [
        ("top-up", "Top-up funding")
    ]
    assert not FinanceValue.objects.filter(line__plan=new).exists()
    # This year's plan keeps everything.
    assert ActionUpdate.objects.filter(action=action).count() == 1
    event = AuditEvent.objects.get(verb=AuditVerb.PLAN_COPIED_FOR_NEXT_YEAR)
    assert event.actor == officer
    assert event.changes["actions"] == [None, 1]


def test_next_years_plan_leaves_behind_what_is_retired_and_keeps_kpi_groups(
    plan, officer, workstream
) -> None:
    retired_at = timezone.now()
    ActionFactory.create(workstream=workstream, reference="1.1", title="Kept")
    ActionFactory.create(
        workstream=workstream, reference="1.2", title="Dropped", retired_at=retired_at
    )
    WorkstreamFactory.create(plan=plan, name="Old group", retired_at=retired_at)
    kpi = KpiFactory.create(plan=plan, code="EHCP_20WK")
    KpiBreakdown.objects.create(kpi=kpi, breakdown="district", group="Dearne")
    KpiBreakdown.objects.create(
        kpi=kpi, breakdown="district", group="Old ward", retired_at=retired_at
    )
    KpiFactory.create(plan=plan, code="OLD", retired_at=retired_at)
    FinanceLineFactory.create(plan=plan, code="old-line", retired_at=retired_at)

    new = plan_start_next_year(plan=plan, by=officer, title="Next plan")

    assert list(new.workstreams.values_list("name", flat=True)) == ["SEND Support"]
    assert list(new.actions.values_list("title", flat=True)) == ["Kept"]
    new_kpi = new.kpis.get()
    assert new_kpi.code == "EHCP_20WK"
    assert list(new_kpi.breakdowns.values_list("group", "retired_at")) == [
        ("Dearne", None)
    ]
    assert not new.finance_lines.exists()


def test_next_years_plan_needs_a_new_title(plan, officer) -> None:
    with pytest.raises(ValidationError) as error:
        plan_start_next_year(plan=plan, by=officer, title=plan.title.upper())
    assert error.value.message_dict == {
        "title": ["The strategy already has a plan with this title"]
    }
    with pytest.raises(ValidationError):
        plan_start_next_year(plan=plan, by=officer, title="  ")
    assert Plan.objects.count() == 1


# The pages ----------------------------------------------------------------

ROLES = ("anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer")
# Who may import a plan, download its template and start next year's plan
# (improvement.manage_plan): officers and area admins of the plan's area.
MAY_MANAGE = {"officer": True, "admin": True}


@pytest.mark.parametrize("role", ROLES)
def test_truth_table_for_the_plan_import_and_next_year_pages(
    role: str, users_by_role, plan: Plan
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from tests.helpers import client_for
    from tests.helpers import staff_url

    user = users_by_role[role]
    allowed = MAY_MANAGE.get(role, False)
    assert (user or AnonymousUser()).has_perm("improvement.manage_plan", plan) is (
        allowed
    )
    client = client_for(user)
    for name in ("plan_import", "plan_import_template", "plan_next_year"):
        response = client.get(staff_url(name, plan, plan_pk=plan.pk))
        if role == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if allowed else 403), name
    response = client.post(
        staff_url("plan_next_year", plan, plan_pk=plan.pk), {"title": "Copy"}
    )
    assert response.status_code in (
        (302,) if allowed or role == "anonymous" else (403,)
    )
    assert Plan.objects.filter(title="Copy").exists() is allowed


def test_another_areas_plan_is_not_found(client, plan, other_area) -> None:
    from tests.helpers import client_for

    other_admin = member(other_area, Role.AREA_ADMIN, "admin@eastwold.example")
    url = f"/staff/{other_area.slug}/improvement/{plan.pk}/import-plan/"
    assert client_for(other_admin).get(url).status_code == 404


def _upload(content: bytes, name: str = "plan.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_officer_checks_then_imports_a_plan(plan, officer, priorities) -> None:
    from tests.helpers import client_for
    from tests.helpers import staff_url

    client = client_for(officer)
    url = staff_url("plan_import", plan, plan_pk=plan.pk)
    response = client.post(
        url,
        {"file": _upload(csv("SEND Support,1.1,<b>Train</b> SENCOs,1,,31/03/2027,"))},
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "&lt;b&gt;Train&lt;/b&gt; SENCOs" in html
    assert "<b>Train</b>" not in html
    assert not Action.objects.exists()  # nothing until confirmed
    done = client.post(response["Location"])
    assert done.status_code == 302
    assert done["Location"] == plan.get_staff_url()
    assert Action.objects.get(plan=plan).title == "<b>Train</b> SENCOs"
    # The checked file is used once.
    assert client.post(response["Location"]).status_code == 404


def test_the_page_lists_every_bad_row_and_imports_nothing(plan, officer) -> None:
    from tests.helpers import client_for
    from tests.helpers import staff_url

    response = client_for(officer).post(
        staff_url("plan_import", plan, plan_pk=plan.pk),
        {
            "file": _upload(
                csv("A,1.1,One,,,31/02/2027,", "<i>x</i>,,Two,,,01/01/2027,")
            )
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file has 2 problems. Nothing was imported." in html
    assert "govuk-error-summary" in html
    assert "31/02/2027" in html
    assert "Enter the due date as a real date, like 31/03/2027" in html
    assert "Enter the action number, like 1.2" in html
    assert "<i>x</i>" not in html
    assert not Action.objects.exists()
    assert not Workstream.objects.filter(plan=plan).exists()


def test_an_empty_upload_gets_a_govuk_error(plan, officer) -> None:
    from tests.helpers import client_for
    from tests.helpers import staff_url

    response = client_for(officer).post(staff_url("plan_import", plan, plan_pk=plan.pk))
    assert "Select a CSV or XLSX file" in response.content.decode()
    assert "This field is required." not in response.content.decode()


def test_the_template_downloads_from_its_page(plan, officer) -> None:
    from tests.helpers import client_for
    from tests.helpers import staff_url

    response = client_for(officer).get(
        staff_url("plan_import_template", plan, plan_pk=plan.pk)
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    check = plan_import_check(plan=plan, content=response.content, extension="xlsx")
    assert check.ok


def test_next_year_page_suggests_a_title_and_copies(plan, officer) -> None:
    from tests.helpers import client_for
    from tests.helpers import staff_url

    plan.title = "SEND Plan 2025/26"
    plan.save()
    client = client_for(officer)
    url = staff_url("plan_next_year", plan, plan_pk=plan.pk)
    assert 'value="SEND Plan 2026/27"' in client.get(url).content.decode()
    response = client.post(url, {"title": "SEND Plan 2026/27"})
    new = Plan.objects.get(title="SEND Plan 2026/27")
    assert response["Location"] == new.get_staff_url()
    again = client.post(url, {"title": "SEND Plan 2026/27"})
    assert "The strategy already has a plan with this title" in again.content.decode()
    blank = client.post(url, {"title": ""})
    assert "Enter a title for next year’s plan" in blank.content.decode()
