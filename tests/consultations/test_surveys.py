"""A consultation's surveys (a standard and an Easy Read one, say): added,
reordered and removed while the consultation is a draft."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError

from consultations import services
from consultations.models import Survey
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import SurveyFactory
from tests.helpers import client_for
from tests.helpers import staff_url

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer"]
EDITORS = {"officer", "admin"}


@pytest.fixture
def draft(area):
    consultation = ConsultationFactory.create(area=area, status="draft")
    SurveyFactory.create(consultation=consultation, title="Have your say", sort=1)
    return consultation


def titles(consultation) -> list[str]:
    return list(consultation.surveys.values_list("title", flat=True))


def test_add_an_easy_read_survey_with_its_own_audience(officer, draft) -> None:
    response = client_for(officer).post(
        staff_url("survey_create", draft),
        {
            "title": "Have your say (Easy Read)",
            "audience": "CYP",
            "is_easy_read": "on",
            "intro": "",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    survey = draft.surveys.get(title="Have your say (Easy Read)")
    assert (survey.audience, survey.is_easy_read) == ("CYP", True)
    assert titles(draft) == ["Have your say", "Have your say (Easy Read)"]
    assert AuditEvent.objects.filter(verb=AuditVerb.SURVEY_ADDED).count() == 1


def test_survey_errors_use_govuk_wording_and_keep_what_was_typed(
    officer, draft
) -> None:
    html = client_for(officer).post(
        staff_url("survey_create", draft), {"title": "", "intro": "Kept intro"}
    )
    page = html.content.decode()
    assert "Enter the survey’s title" in page
    assert "Select who the survey is for" in page
    assert "Kept intro" in page
    assert "This field is required." not in page
    assert draft.surveys.count() == 1


def test_reorder_surveys(officer, draft) -> None:
    easy = SurveyFactory.create(consultation=draft, title="Easy Read", sort=2)
    client = client_for(officer)
    url = staff_url("survey_move", draft, survey_pk=easy.pk)
    assert client.post(url, {"direction": "up"}).status_code == HTTPStatus.FOUND
    assert titles(draft) == ["Easy Read", "Have your say"]
    client.post(url, {"direction": "up"})  # already first: nothing changes
    assert titles(draft) == ["Easy Read", "Have your say"]
    client.post(url, {"direction": "down"})
    assert titles(draft) == ["Have your say", "Easy Read"]
    assert AuditEvent.objects.filter(verb=AuditVerb.SURVEY_MOVED).count() == 2
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_remove_a_survey_without_responses(officer, draft) -> None:
    easy = SurveyFactory.create(consultation=draft, title="Easy Read", sort=2)
    QuestionFactory.create(survey=easy)
    client = client_for(officer)
    url = staff_url("survey_remove", draft, survey_pk=easy.pk)
    assert "Remove this survey?" in client.get(url).content.decode()
    assert client.post(url).status_code == HTTPStatus.FOUND
    assert titles(draft) == ["Have your say"]
    event = AuditEvent.objects.get(verb=AuditVerb.SURVEY_REMOVED)
    assert event.changes == {"title": ["Easy Read", None]}


def test_a_survey_with_responses_or_the_only_survey_is_not_removed(
    officer, draft
) -> None:
    only = draft.surveys.get()
    with pytest.raises(ValidationError, match="at least one survey"):
        services.survey_remove(survey=only, by=officer)
    answered = SurveyFactory.create(consultation=draft, title="Answered", sort=2)
    ResponseFactory.create(survey=answered)
    with pytest.raises(ValidationError, match="has responses"):
        services.survey_remove(survey=answered, by=officer)
    response = client_for(officer).post(
        staff_url("survey_remove", draft, survey_pk=answered.pk), follow=True
    )
    assert "This survey has responses and cannot be removed." in (
        response.content.decode()
    )
    assert draft.surveys.count() == 2


@pytest.mark.parametrize("status", ["scheduled", "open", "closed"])
def test_surveys_change_only_while_the_consultation_is_a_draft(
    officer, area, status
) -> None:
    consultation = ConsultationFactory.create(area=area, status=status)
    first = SurveyFactory.create(consultation=consultation, sort=1)
    second = SurveyFactory.create(consultation=consultation, sort=2)
    for call in (
        lambda: services.survey_add(
            consultation=consultation, by=officer, data={"title": "Easy Read"}
        ),
        lambda: services.survey_move(survey=second, up=True, by=officer),
        lambda: services.survey_remove(survey=second, by=officer),
    ):
        with pytest.raises(ValidationError, match="while the consultation is a draft"):
            call()
    client = client_for(officer)
    for url in (
        staff_url("survey_create", consultation),
        staff_url("survey_remove", consultation, survey_pk=second.pk),
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert (
        client.post(
            staff_url("survey_move", consultation, survey_pk=second.pk),
            {"direction": "up"},
        ).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert list(consultation.surveys.all()) == [first, second]
    assert (
        "Add a survey" not in client.get(consultation.get_staff_url()).content.decode()
    )


@pytest.mark.parametrize("role", ROLES)
def test_survey_pages_answer_by_role(role: str, users_by_role, draft) -> None:
    easy = SurveyFactory.create(consultation=draft, title="Easy Read", sort=2)
    client = client_for(users_by_role[role])
    expected = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    if role == "anonymous":
        expected = HTTPStatus.FOUND
    for url in (
        staff_url("survey_create", draft),
        staff_url("survey_remove", draft, survey_pk=easy.pk),
    ):
        assert client.get(url).status_code == expected
    if role not in EDITORS:
        for url in (
            staff_url("survey_create", draft),
            staff_url("survey_move", draft, survey_pk=easy.pk),
            staff_url("survey_remove", draft, survey_pk=easy.pk),
        ):
            assert client.post(url, {"direction": "up"}).status_code == expected
        assert titles(draft) == ["Have your say", "Easy Read"]


def test_another_consultations_survey_is_not_found(officer, area, draft) -> None:
    stranger = SurveyFactory.create(
        consultation=ConsultationFactory.create(area=area, status="draft")
    )
    client = client_for(officer)
    assert (
        client.get(staff_url("survey_remove", draft, survey_pk=stranger.pk)).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client.post(
            staff_url("survey_move", draft, survey_pk=stranger.pk),
            {"direction": "up"},
        ).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert Survey.objects.filter(pk=stranger.pk).exists()


def test_the_consultation_page_lists_surveys_with_their_controls(
    officer, draft
) -> None:
    SurveyFactory.create(consultation=draft, title="<b>Easy</b>", sort=2)
    html = client_for(officer).get(draft.get_staff_url()).content.decode()
    assert staff_url("survey_create", draft) in html
    assert "Move survey down" in html
    assert "&lt;b&gt;Easy&lt;/b&gt;" in html
    assert "<b>Easy</b>" not in html
