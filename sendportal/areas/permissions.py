"""Who may use an area's staff pages."""

import rules

from sendportal.accounts.predicates import is_area_member

# The object is a LocalArea.
rules.add_perm("areas.view_staff_area", is_area_member)
