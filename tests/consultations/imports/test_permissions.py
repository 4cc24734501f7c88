"""Truth table: only officers and admins of the survey's area may import."""

import pytest

from consultations.models import Survey
from sendportal.accounts.models import User
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

ALLOWED = {"officer", "admin"}


@pytest.mark.parametrize(
    "role",
    ["anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer"],
)
def test_only_officers_and_admins_of_the_area_may_import(
    role: str, users_by_role: dict[str, User | None], import_survey: Survey
) -> None:
    from django.contrib.auth.models import AnonymousUser

    user = users_by_role[role] or AnonymousUser()
    consultation = import_survey.consultation

    assert user.has_perm("consultations.import_response", consultation) is (
        role in ALLOWED
    )
    assert user.has_perm("consultations.import_response", consultation.area) is (
        role in ALLOWED
    )


def test_an_officer_may_not_import_into_another_areas_survey(
    users_by_role: dict[str, User | None], other_area: object
) -> None:
    elsewhere = ConsultationFactory.create(area=other_area)
    officer = users_by_role["officer"]
    assert officer is not None
    assert not officer.has_perm("consultations.import_response", elsewhere)
    other_officer = users_by_role["other_officer"]
    assert other_officer is not None
    assert other_officer.has_perm("consultations.import_response", elsewhere)
