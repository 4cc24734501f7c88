"""Truth table: who may read and change an area's improvement plan."""

import pytest
from django.db.models import Model

from improvement.models import Plan
from improvement.models import Workstream
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from tests.factories import MembershipFactory
from tests.factories import UserFactory
from tests.factories import member
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import KpiFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer")

# role: (update action of own workstream A, of workstream B, record KPI of A,
#        of B, rate workstream A, rate workstream B, manage plan, view unpublished)
EXPECTED = {
    "anonymous": (False, False, False, False, False, False, False, False),
    "no_role": (False, False, False, False, False, False, False, False),
    "officer": (True, True, True, True, True, True, True, True),
    "lead": (True, False, True, False, True, False, False, True),
    "cabinet": (False, False, False, False, False, False, False, True),
    "admin": (True, True, True, True, True, True, True, True),
    "other_officer": (False, False, False, False, False, False, False, False),
}


def _check(user, perm: str, obj) -> bool:
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser().has_perm(perm, obj)
    return user.has_perm(perm, obj)


@pytest.mark.parametrize("role", ROLES)
def test_permission_truth_table_by_role_and_workstream(
    role: str,
    users_by_role,
    plan: Plan,
    workstream: Workstream,
    other_workstream: Workstream,
) -> None:
    user = users_by_role[role]
    action_a = ActionFactory.create(workstream=workstream)
    action_b = ActionFactory.create(workstream=other_workstream)
    kpi_a = KpiFactory.create(plan=plan, workstream=workstream)
    kpi_b = KpiFactory.create(plan=plan, workstream=other_workstream)
    actual = (
        _check(user, "improvement.update_action", action_a),
        _check(user, "improvement.update_action", action_b),
        _check(user, "improvement.record_kpi", kpi_a),
        _check(user, "improvement.record_kpi", kpi_b),
        _check(user, "improvement.update_workstream", workstream),
        _check(user, "improvement.update_workstream", other_workstream),
        _check(user, "improvement.manage_plan", plan),
        _check(user, "improvement.view_plan", plan),
    )
    assert actual == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_can_read_a_published_plan_of_a_public_strategy(
    role: str, users_by_role, plan: Plan
) -> None:
    plan.is_published = True
    plan.save()
    assert _check(users_by_role[role], "improvement.view_plan", plan) is True


def test_a_published_plan_of_a_draft_strategy_stays_private(
    users_by_role, plan: Plan
) -> None:
    plan.is_published = True
    plan.save()
    plan.strategy.status = "draft"
    plan.strategy.approved_on = None
    plan.strategy.approval_body = ""
    plan.strategy.save()
    assert not _check(users_by_role["other_officer"], "improvement.view_plan", plan)
    assert not _check(None, "improvement.view_plan", plan)


def test_a_lead_of_another_area_cannot_update_an_action_they_are_named_on(
    users_by_role, other_area, workstream: Workstream
) -> None:
    """Leading the workstream is not enough without the lead role in its area."""
    outsider = users_by_role["other_officer"]
    workstream.lead = outsider
    workstream.save()
    action = ActionFactory.create(workstream=workstream)
    assert not outsider.has_perm("improvement.update_action", action)


def test_a_workstream_lead_not_named_on_any_workstream_updates_nothing(
    users_by_role, other_workstream: Workstream
) -> None:
    action = ActionFactory.create(workstream=other_workstream)
    assert not users_by_role["lead"].has_perm("improvement.update_action", action)


LEAD_PERMISSIONS = (
    "improvement.update_action",
    "improvement.update_workstream",
    "improvement.record_kpi",
)


def _rows_of(workstream: Workstream) -> dict[str, Model]:
    """The object each lead permission is checked on, all of `workstream`."""
    return {
        "improvement.update_action": ActionFactory.create(workstream=workstream),
        "improvement.update_workstream": workstream,
        "improvement.record_kpi": KpiFactory.create(
            plan=workstream.plan, workstream=workstream
        ),
    }


@pytest.mark.parametrize("perm", LEAD_PERMISSIONS)
@pytest.mark.parametrize("named", ["lead_of_another_area", "cabinet_member"])
def test_someone_named_as_lead_without_the_lead_role_in_its_area_is_refused(
    perm: str, named: str, users_by_role, other_area, workstream: Workstream
) -> None:
    """Being named on the workstream is not enough: the lead role must be held
    in the area that owns it."""
    if named == "lead_of_another_area":
        user = member(other_area, Role.WORKSTREAM_LEAD, "lead@eastwold.example")
    else:
        user = users_by_role["cabinet"]
    workstream.lead = user
    workstream.save()
    assert not user.has_perm(perm, _rows_of(workstream)[perm])


@pytest.mark.parametrize("perm", LEAD_PERMISSIONS)
def test_the_named_lead_holds_each_lead_permission(
    perm: str, users_by_role, workstream: Workstream
) -> None:
    """The other half of the two refusals above: the right user is let in."""
    assert users_by_role["lead"].has_perm(perm, _rows_of(workstream)[perm])


def test_only_editors_record_a_kpi_of_no_workstream(users_by_role, plan: Plan) -> None:
    kpi = KpiFactory.create(plan=plan, workstream=None)
    allowed = {
        role
        for role in ROLES
        if _check(users_by_role[role], "improvement.record_kpi", kpi)
    }
    assert allowed == {"officer", "admin"}


# Who may start a plan for a strategy of the area (the object is the area).
ADD_PLAN = {
    "anonymous": False,
    "no_role": False,
    "officer": True,
    "lead": False,
    "cabinet": False,
    "admin": True,
    "other_officer": False,
}


@pytest.mark.parametrize("role", ROLES)
def test_add_plan_truth_table_for_this_and_another_area(
    role: str, users_by_role, area, other_area
) -> None:
    user = users_by_role[role]
    assert _check(user, "improvement.add_plan", area) is ADD_PLAN[role]
    # An officer of the other area may start one there, and nobody of this one may.
    expected_elsewhere = role == "other_officer"
    assert _check(user, "improvement.add_plan", other_area) is expected_elsewhere


@pytest.mark.parametrize("role", ROLES)
def test_set_up_pages_need_manage_plan_on_the_row(
    role: str, users_by_role, plan: Plan, workstream: Workstream
) -> None:
    """Editing a workstream or action checks `manage_plan` on the row itself:
    a lead may not change even the workstream they lead."""
    user = users_by_role[role]
    action = ActionFactory.create(workstream=workstream)
    expected = role in {"officer", "admin"}
    assert _check(user, "improvement.manage_plan", workstream) is expected
    assert _check(user, "improvement.manage_plan", action) is expected


@pytest.mark.parametrize("perm", LEAD_PERMISSIONS)
def test_an_officer_who_also_leads_the_workstream_keeps_every_lead_permission(
    perm: str, area, workstream: Workstream
) -> None:
    """Two roles in one area add up: being the lead as well takes nothing away."""
    both = member(area, Role.OFFICER, "both@fenmere.example")
    MembershipFactory.create(user=both, area=area, role=Role.WORKSTREAM_LEAD)
    workstream.lead = both
    workstream.save()
    assert both.has_perm(perm, _rows_of(workstream)[perm])


@pytest.mark.parametrize("perm", LEAD_PERMISSIONS)
def test_only_the_named_lead_whatever_the_order_people_joined_in(
    perm: str, area, workstream: Workstream
) -> None:
    named = member(area, Role.WORKSTREAM_LEAD, "named@fenmere.example")
    later = member(area, Role.WORKSTREAM_LEAD, "later@fenmere.example")
    assert named.pk < later.pk
    workstream.lead = named
    workstream.save()
    row = _rows_of(workstream)[perm]
    assert named.has_perm(perm, row)
    assert not later.has_perm(perm, row)


@pytest.mark.parametrize("perm", LEAD_PERMISSIONS)
def test_a_lead_with_a_large_id_is_recognised(
    perm: str, area, workstream: Workstream
) -> None:
    """Ids are compared by value (an identity test only works for small ints)."""
    lead = UserFactory.create(pk=100_000, email="big@fenmere.example")
    MembershipFactory.create(user=lead, area=area, role=Role.WORKSTREAM_LEAD)
    workstream.lead = User.objects.get(pk=100_000)
    workstream.save()
    row = _rows_of(workstream)[perm]
    assert User.objects.get(pk=100_000).has_perm(
        perm, type(row)._default_manager.get(pk=row.pk)
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("officer", True),
        ("lead", True),
        ("cabinet", False),
        ("admin", True),
        ("other_officer", False),
    ],
)
def test_cite_evidence_truth_table(users_by_role, area, role, allowed) -> None:
    """Leads may cite, for their own workstreams' actions (update_action)."""
    assert _check(users_by_role[role], "improvement.cite_evidence", area) is allowed
