"""Who may read and request progress reports.

Officers, area admins and cabinet members of the area read every version and
download its PDF, and may try again to make a PDF that failed (from the same
frozen figures); only officers and area admins request, correct or publish
one. Workstream leads and everyone else (other areas' staff too) get nothing.
"""

import rules

from sendportal.accounts.models import Role
from sendportal.accounts.predicates import has_area_role
from sendportal.accounts.predicates import is_area_editor

is_area_reader = has_area_role(Role.OFFICER, Role.AREA_ADMIN, Role.CABINET_MEMBER)

# The object is a LocalArea or a ProgressReport.
rules.add_perm("improvement.view_progressreport", is_area_reader)
# The object is a LocalArea, a Plan or a ProgressReport.
rules.add_perm("improvement.request_progressreport", is_area_editor)
# The object is a ProgressReport: making the PDF again changes no figure.
rules.add_perm("improvement.retry_progressreport", is_area_reader)
