"""Officers' pages: access, the survey builder, analysis and coding."""

from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.urls import reverse

from consultations.models import AnswerTheme
from consultations.models import Consultation
from consultations.models import Question
from consultations.models import QuestionType
from consultations.models import Survey
from sendportal.accounts.models import User
from tests.consultations.conftest import questions
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.factories import consultation_form_data
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.markup import radio_values
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def add_responses(survey: Survey, count: int) -> None:
    likert, choice, free, _number = questions(survey)
    for i in range(count):
        response = ResponseFactory.create(
            survey=survey, respondent_type="PARENT_CARER" if i % 2 else "HEALTH"
        )
        AnswerFactory.create(response=response, question=likert, option_code="agree")
        AnswerFactory.create(response=response, question=choice, option_code="early")
        AnswerFactory.create(
            response=response, question=free, text_value=f"Answer {i} <script>"
        )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer", HTTPStatus.OK),
        ("admin", HTTPStatus.OK),
        ("cabinet", HTTPStatus.FORBIDDEN),
        ("other_officer", HTTPStatus.FORBIDDEN),
    ],
)
def test_only_officers_of_the_area_see_the_analysis(
    users_by_role, survey: Survey, role: str, status: int
) -> None:
    client = client_for(users_by_role[role])
    page = client.get(staff_url("analysis", survey.consultation))
    assert page.status_code == status


def test_officer_of_another_area_cannot_open_the_consultation(
    users_by_role, survey: Survey
) -> None:
    client = client_for(users_by_role["other_officer"])
    page = client.get(survey.consultation.get_staff_url())
    assert page.status_code == HTTPStatus.FORBIDDEN


def test_officer_starts_a_consultation_with_a_standard_survey(
    officer: User, area
) -> None:
    strategy = ConsultationFactory.create(area=area).strategy
    client = client_for(officer)
    page = client.post(
        reverse("consultations_staff:consultation_create", args=[area.slug]),
        consultation_form_data(strategy.pk),
    )
    assert page.status_code == HTTPStatus.FOUND, page.content.decode()[:3000]
    consultation = Consultation.objects.get(title="Draft strategy consultation")
    assert consultation.status == "draft"
    assert consultation.surveys.count() == 1
    assert consultation.closes_at.isoformat() == "2031-02-06T23:59:59+00:00"


def test_builder_adds_a_choice_question_tied_to_a_priority(officer: User, area) -> None:
    survey = SurveyFactory.create(consultation__area=area, consultation__status="draft")
    consultation = survey.consultation
    client = client_for(officer)
    page = client.post(
        staff_url("question_create", consultation, survey_pk=survey.pk),
        {
            "text": "Which priority matters most?",
            "help_text": "",
            "question_type": "SINGLE_CHOICE",
            "required": "on",
            "options_text": "Early support\nLocal schools\nDon't know",
            "show_to": ["PARENT_CARER", "CYP"],
        },
    )
    assert page.status_code == HTTPStatus.FOUND
    question = Question.objects.get()
    assert question.required
    assert question.show_to == ["PARENT_CARER", "CYP"]
    assert [o.label for o in question.options.all()] == [
        "Early support",
        "Local schools",
        "Don't know",
    ]
    assert question.options.get(label="Don't know").is_exclusive


def test_builder_refuses_a_choice_question_without_options(officer: User, area) -> None:
    survey = SurveyFactory.create(consultation__area=area, consultation__status="draft")
    client = client_for(officer)
    page = client.post(
        staff_url("question_create", survey.consultation, survey_pk=survey.pk),
        {"text": "Pick one", "question_type": "MULTI_CHOICE", "options_text": ""},
    )
    assert page.status_code == HTTPStatus.OK
    assert b"Enter at least 2 answer options" in page.content
    assert b"Pick one" in page.content


def test_builder_moves_questions_up(officer: User, area) -> None:
    survey = SurveyFactory.create(consultation__area=area, consultation__status="draft")
    first = Question.objects.create(
        survey=survey, text="First", question_type="FREE_TEXT", sort=1
    )
    second = Question.objects.create(
        survey=survey, text="Second", question_type="FREE_TEXT", sort=2
    )
    client = client_for(officer)
    client.post(
        staff_url("question_action", survey.consultation, question_pk=second.pk),
        {"action": "up"},
    )
    assert list(survey.questions.order_by("sort")) == [second, first]


def test_questions_cannot_change_once_open(officer: User, survey: Survey) -> None:
    client = client_for(officer)
    page = client.get(
        staff_url("question_create", survey.consultation, survey_pk=survey.pk)
    )
    assert page.status_code == HTTPStatus.FORBIDDEN


def test_analysis_query_count_does_not_grow_with_responses(
    officer: User, survey: Survey, django_assert_max_num_queries
) -> None:
    client = client_for(officer)
    url = staff_url("analysis", survey.consultation)
    add_responses(survey, 2)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == HTTPStatus.OK
    add_responses(survey, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert b"32 responses" in page.content
    assert b"<svg" in page.content


def test_free_text_list_query_count_does_not_grow(
    officer: User, survey: Survey, django_assert_max_num_queries
) -> None:
    client = client_for(officer)
    url = staff_url("free_text", survey.consultation)
    add_responses(survey, 2)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    add_responses(survey, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert b"Answer 3 &lt;script&gt;" in page.content


def test_officer_codes_answers_in_bulk_and_filters_uncoded(
    officer: User, survey: Survey
) -> None:
    add_responses(survey, 4)
    theme = ThemeFactory.create(strategy=survey.consultation.strategy)
    free = questions(survey)[2]
    ids = list(free.answers.order_by("pk").values_list("pk", flat=True))
    client = client_for(officer)
    url = staff_url("free_text", survey.consultation)
    page = client.post(url, {"answers": ids[:3], "themes": [theme.pk]})
    assert page.status_code == HTTPStatus.FOUND
    assert AnswerTheme.objects.count() == 3
    client.post(url, {"answers": [ids[0]], "themes": [theme.pk]})
    assert AnswerTheme.objects.count() == 3
    uncoded = client.get(url, {"theme": "none"})
    assert b"Answer 3 " in uncoded.content
    assert b"Answer 0 " not in uncoded.content


def test_coding_without_a_theme_shows_an_error(officer: User, survey: Survey) -> None:
    add_responses(survey, 1)
    free = questions(survey)[2]
    client = client_for(officer)
    page = client.post(
        staff_url("free_text", survey.consultation),
        {"answers": [free.answers.get().pk]},
    )
    assert page.status_code == HTTPStatus.OK
    assert b"Select at least one theme" in page.content
    assert b"govuk-error-summary" in page.content


def test_cabinet_member_cannot_code(users_by_role, survey) -> None:
    client = client_for(users_by_role["cabinet"])
    page = client.post(staff_url("free_text", survey.consultation), {})
    assert page.status_code == HTTPStatus.FORBIDDEN


def test_staff_area_home_lists_consultations(officer: User, survey: Survey) -> None:
    client = client_for(officer)
    page = client.get(reverse("staff:area_home", args=[survey.consultation.area.slug]))
    assert survey.consultation.title.encode() in page.content


def test_officer_publishes_a_draft_after_confirming(officer: User, area) -> None:
    survey = SurveyFactory.create(consultation__area=area, consultation__status="draft")
    Question.objects.create(survey=survey, text="Q", question_type="FREE_TEXT")
    consultation = survey.consultation
    client = client_for(officer)
    confirm = client.get(staff_url("consultation_publish", consultation))
    assert b"Publish this consultation?" in confirm.content
    client.post(
        staff_url("consultation_publish", consultation),
        {"no_easy_read_reason": "Made with young people next week."},
    )
    consultation.refresh_from_db()
    assert consultation.status == "open"


def test_publishing_twice_shows_a_message_not_an_error(
    officer: User, survey: Survey
) -> None:
    client = client_for(officer)
    page = client.post(
        staff_url("consultation_publish", survey.consultation), follow=True
    )
    assert b"Only a draft consultation can be published." in page.content


def test_officer_writes_you_said_we_did_and_publishes_it_after_closing(
    officer: User,
    survey: Survey,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    from tests.consultations.factories import ResponseContactFactory

    consultation = survey.consultation
    ResponseContactFactory.create(response__survey=survey)
    client = client_for(officer)
    page = client.post(
        staff_url("feedback_create", consultation),
        {
            "you_said": "Waits are too long",
            "said_count": "14",
            "we_did": "We hired more staff",
            "status": "done",
            "is_published": "on",
        },
    )
    assert page.status_code == HTTPStatus.FOUND
    client.post(staff_url("consultation_close", consultation))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(staff_url("feedback_publish", consultation))
    consultation.refresh_from_db()
    assert consultation.status == "feedback_published"
    public = client.get(
        reverse(
            "consultations:feedback_detail",
            args=[consultation.area.slug, consultation.pk],
        )
    )
    assert b"We hired more staff" in public.content
    assert len(mailoutbox) == 1


def test_expected_mix_over_100_percent_is_refused(
    officer: User, survey: Survey
) -> None:
    client = client_for(officer)
    page = client.post(
        staff_url("expected_mix", survey.consultation),
        {"FAMILIES": "80", "CYP": "30"},
    )
    assert page.status_code == HTTPStatus.OK
    assert b"add up to 100 or less" in page.content
    assert b'value="80"' in page.content


def test_under_heard_groups_are_flagged_while_open(
    officer: User, survey: Survey
) -> None:
    consultation = survey.consultation
    consultation.expected_mix = {"CYP": 20, "FAMILIES": 50}
    consultation.save()
    add_responses(survey, 4)
    client = client_for(officer)
    page = client.get(staff_url("analysis", consultation))
    assert page.content.count(b"Under-heard") == 1


def test_builder_groups_questions_into_a_named_section(officer: User, area) -> None:
    survey = SurveyFactory.create(consultation__area=area, consultation__status="draft")
    client = client_for(officer)
    for text in ("First?", "Second?"):
        client.post(
            staff_url("question_create", survey.consultation, survey_pk=survey.pk),
            {"text": text, "question_type": "FREE_TEXT", "section_title": "About you"},
        )
    assert survey.sections.get().questions.count() == 2


def test_the_question_page_offers_answer_types_without_a_blank_radio(
    officer: User, area
) -> None:
    survey = SurveyFactory.create(consultation__area=area, consultation__status="draft")
    client = client_for(officer)
    url = staff_url("question_create", survey.consultation, survey_pk=survey.pk)
    page = client.get(url).content.decode()
    assert radio_values(page, "question_type") == QuestionType.values
    # The shared form page writes the only <form>: the helper adds none inside it.
    assert page.count("<form") == page.count("</form>")
    # Besides the page's form: sign out, and the footer's language switcher.
    others = page.count("app-inline-form") + page.count("app-language-switcher")
    assert page.count('method="post"') == 1 + others
    refused = client.post(url, {"text": "Pick one", "question_type": ""})
    assert refused.status_code == HTTPStatus.OK
    assert b"Select the type of answer" in refused.content


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        # PostgreSQL refuses NUL in any text: it once reached the search.
        ("q=%00", 3),
        ("q=Answer%00%201", 1),
        # "²".isdigit() is true, int("²") is not: both once answered 500.
        ("district=²", 3),
        ("question=²", 0),
        ("theme=²", 3),
        ("respondent_type=%00", 0),
        ("district=" + "9" * 40, 3),
        ("district=١", 3),
    ],
)
def test_free_text_filters_read_odd_values_as_no_match_or_no_filter(
    officer: User, survey: Survey, settings, query: str, shown: int
) -> None:
    """Parsed by the page itself, not only refused by the NUL middleware."""
    settings.MIDDLEWARE = [
        entry
        for entry in settings.MIDDLEWARE
        if entry != "sendportal.security.RefuseNulMiddleware"
    ]
    add_responses(survey, 3)
    page = client_for(officer).get(
        staff_url("free_text", survey.consultation),
        QUERY_STRING=quote(query, safe="=%"),
    )
    assert page.status_code == HTTPStatus.OK
    assert len(page.context["answers"]) == shown


def test_a_nul_in_the_query_string_is_a_bad_request_page(
    officer: User, survey: Survey
) -> None:
    page = client_for(officer).get(
        staff_url("free_text", survey.consultation), QUERY_STRING="q=%00"
    )
    assert page.status_code == HTTPStatus.BAD_REQUEST
    assert b"Sorry, there is a problem with your request" in page.content
