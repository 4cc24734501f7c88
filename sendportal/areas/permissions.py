"""Who may use an area's staff pages, set an area up, and create areas."""

import rules

from sendportal.accounts.models import Role
from sendportal.accounts.predicates import has_area_role
from sendportal.accounts.predicates import is_area_member

is_area_admin = has_area_role(Role.AREA_ADMIN)

# The object is a LocalArea.
rules.add_perm("areas.view_staff_area", is_area_member)
# Settings, districts and partner organisations of the area.
rules.add_perm("areas.change_localarea", is_area_admin)
# A platform administrator is a superuser; no area role grants this. (Django
# grants superusers every permission before the rules are asked; the rule says
# so here too, for anyone who reads the rules alone.)
rules.add_perm("areas.add_localarea", rules.is_superuser)
