"""Who may read, change, analyse and answer consultations.

The object is a Consultation, or a LocalArea for adding one.
"""

from typing import Any

import rules

from sendportal.accounts.models import Role
from sendportal.accounts.predicates import has_area_role
from sendportal.accounts.predicates import is_area_editor
from sendportal.accounts.predicates import is_area_member

from .models import PUBLIC_CONSULTATION_STATUSES
from .models import ConsultationStatus


@rules.predicate
def is_public_consultation(user: Any, consultation: Any) -> bool:
    return consultation is not None and consultation.status in (
        PUBLIC_CONSULTATION_STATUSES
    )


@rules.predicate
def is_editable_consultation(user: Any, consultation: Any) -> bool:
    """Questions change only while no one can have answered them yet."""
    return consultation is not None and consultation.is_editable


@rules.predicate
def is_draft_consultation(user: Any, consultation: Any) -> bool:
    """Surveys are added, reordered and removed only before publishing."""
    return consultation is not None and consultation.status == ConsultationStatus.DRAFT


@rules.predicate
def is_accepting_responses(user: Any, consultation: Any) -> bool:
    return consultation is not None and consultation.accepts_responses()


# Responses are personal data until reviewed: officers and area admins only;
# cabinet members read the published summary.
can_read_responses = has_area_role(Role.OFFICER, Role.AREA_ADMIN)

rules.add_perm(
    "consultations.view_consultation", is_public_consultation | is_area_member
)
rules.add_perm("consultations.add_consultation", is_area_editor)
rules.add_perm(
    "consultations.change_consultation", is_area_editor & is_editable_consultation
)
# Publishing, closing and publishing feedback: the service decides whether the
# step fits the status, so that the officer gets a clear message.
rules.add_perm("consultations.manage_consultation", is_area_editor)
# A consultation's surveys (a standard and an Easy Read one, say): only while
# it is a draft, since families see the list of surveys once it is published.
rules.add_perm("consultations.change_survey", is_area_editor & is_draft_consultation)
rules.add_perm("consultations.view_response", can_read_responses)
rules.add_perm("consultations.code_answer", is_area_editor)
rules.add_perm("consultations.export_response", can_read_responses)
# Reading answers to strike out what identifies people, then publishing or
# withholding them (docs/publishing-responses.md).
rules.add_perm("consultations.publish_response", can_read_responses)
# Anyone, signed in or not, may answer while the consultation is open; the
# journey's pages check this, and response_submit checks it again at the
# moment of submitting.
rules.add_perm("consultations.respond_consultation", is_accepting_responses)
