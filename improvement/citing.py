"""'Cite as evidence for an action': shared by the free-text and findings pages.

Each page lists its items (answers or findings) with checkboxes; beside its own
bulk coding it offers the actions of the area's current plan. The page calls
`cite_selected` when that button was pressed.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.params import int_values

from . import services
from .link_forms import CiteEvidenceForm
from .models import Action
from .models import Plan

# The name of the submit button that cites rather than codes.
CITE_BUTTON = "cite"


def citable_actions(area: LocalArea, user: User) -> QuerySet[Action]:
    """The active actions of the area's current plan that the user may cite
    evidence for: all of them for officers and area admins, those of the
    workstreams they lead for a workstream lead."""
    if not user.has_perm("improvement.cite_evidence", area):
        return Action.objects.none()
    plan = Plan.objects.for_area(area).current(on=timezone.localdate())
    actions = Action.objects.citable_for(plan)
    if user.has_perm("improvement.manage_plan", area):
        return actions
    return actions.filter(workstream__lead=user)


def cite_selected(
    request: HttpRequest,
    *,
    area: LocalArea,
    user: User,
    item_field: str,
    items: QuerySet[Any],
    item_required: str,
) -> CiteEvidenceForm | None:
    """Cite the ticked items (of `items`, the page's own) for the chosen action.

    None when done (with a message saying how many); otherwise the form, with
    its errors, for the page to show again.
    """
    ticked = int_values(request.POST.getlist(item_field))
    # Ids that are not the page's own (another area's, made up) are ignored.
    item_ids = list(items.filter(pk__in=ticked).values_list("pk", flat=True))
    data = request.POST.copy()
    data.setlist(item_field, [str(pk) for pk in item_ids])
    form = CiteEvidenceForm(
        data,
        actions=citable_actions(area, user),
        user=user,
        item_field=item_field,
        item_ids=item_ids,
        item_required=item_required,
    )
    if not form.is_valid():
        return form
    action = form.cleaned_data["action"]
    chosen = list(items.filter(pk__in=form.item_ids()))
    try:
        added = services.action_evidence_cite(
            action=action, by=user, **{item_field: chosen}
        )
    except ValidationError as error:
        form.add_error(None, error)
        return form
    messages.success(
        request,
        ngettext(
            "%(count)d new piece of evidence cited for %(action)s.",
            "%(count)d new pieces of evidence cited for %(action)s.",
            added,
        )
        % {"count": added, "action": action},
    )
    return None
