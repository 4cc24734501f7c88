"""Who may import survey responses: officers and admins of the survey's area.

The object is the consultation, an import batch, or the local area.
"""

import rules

from sendportal.accounts.predicates import is_area_editor

rules.add_perm("consultations.import_response", is_area_editor)
