"""Who may read and change improvement plans.

Officers and area admins change everything of their area's plans; a workstream
lead updates only the actions and KPIs of the workstreams they lead; cabinet
members (and every member of the area) read everything of their area; anyone
may read a published plan of a public strategy.
"""

from typing import Any

import rules

from sendportal.accounts.models import Role
from sendportal.accounts.predicates import has_area_role
from sendportal.accounts.predicates import is_area_editor
from sendportal.accounts.predicates import is_area_member

from .models import Plan
from .models import Workstream


def _plan_of(obj: Any) -> Any:
    return obj if isinstance(obj, Plan) else getattr(obj, "plan", None)


@rules.predicate
def is_published_plan(user: Any, obj: Any) -> bool:
    """The plan (or the plan of the row) is published with a public strategy."""
    plan = _plan_of(obj) if obj is not None else None
    return plan is not None and plan.is_public


@rules.predicate
def leads_its_workstream(user: Any, obj: Any) -> bool:
    """The user is the named lead of the workstream the row belongs to."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    workstream = obj if isinstance(obj, Workstream) else None
    if workstream is None:
        workstream_id = getattr(obj, "workstream_id", None)
        if workstream_id is None:
            return False
        workstream = obj.workstream
    return workstream.lead_id is not None and workstream.lead_id == user.pk


is_area_lead = has_area_role(Role.WORKSTREAM_LEAD)

# The object is a Plan (or a row of one) for reading.
rules.add_perm("improvement.view_plan", is_published_plan | is_area_member)
# Starting a plan for one of the area's strategies. The object is a LocalArea.
rules.add_perm("improvement.add_plan", is_area_editor)
# Setting up plans, workstreams, actions, KPIs and finance; publishing; imports.
# The object is a LocalArea or a Plan.
rules.add_perm("improvement.manage_plan", is_area_editor)
# The object is an Action.
rules.add_perm(
    "improvement.update_action",
    is_area_editor | (is_area_lead & leads_its_workstream),
)
# The object is a Workstream: its overall RAG, reason and mitigation.
rules.add_perm(
    "improvement.update_workstream",
    is_area_editor | (is_area_lead & leads_its_workstream),
)
# The object is a Kpi: entering its values.
rules.add_perm(
    "improvement.record_kpi",
    is_area_editor | (is_area_lead & leads_its_workstream),
)
# Citing answers or findings as evidence, in bulk from the pages that list
# them. The object is a LocalArea; a lead is offered (and may cite for) only
# the actions of the workstreams they lead (`improvement.update_action`).
rules.add_perm("improvement.cite_evidence", is_area_editor | is_area_lead)
