"""Who may read and change strategies; the object is a Strategy or a LocalArea."""

from typing import Any

import rules

from sendportal.accounts.predicates import is_area_editor
from sendportal.accounts.predicates import is_area_member

from .models import EDITABLE_STATUSES
from .models import PUBLIC_STATUSES


@rules.predicate
def is_public_strategy(user: Any, strategy: Any) -> bool:
    return strategy is not None and strategy.status in PUBLIC_STATUSES


@rules.predicate
def is_editable_strategy(user: Any, strategy: Any) -> bool:
    """Drafts and strategies in consultation; approved ones change by a new version."""
    return strategy is not None and strategy.status in EDITABLE_STATUSES


rules.add_perm("strategies.view_strategy", is_public_strategy | is_area_member)
rules.add_perm("strategies.add_strategy", is_area_editor)
rules.add_perm("strategies.change_strategy", is_area_editor & is_editable_strategy)
# Lifecycle steps: whether the step fits the status is the service's decision,
# so that an officer gets a clear message rather than a bare refusal.
rules.add_perm("strategies.manage_strategy", is_area_editor)
# The Easy Read version is a companion document: written and corrected in any
# status, by the same people who write the strategy (every change audited).
rules.add_perm("strategies.change_easy_read", is_area_editor)
# The coding frame: read by every member, kept by officers and area admins.
# Themes are coded after the strategy is approved too (a consultation's
# analysis goes on), so the strategy's status does not matter here.
rules.add_perm("strategies.view_theme", is_area_member)
rules.add_perm("strategies.change_theme", is_area_editor)
