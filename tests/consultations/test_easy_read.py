"""Easy Read surveys, Easy Read all the way: their own profile, pictures and
scales that count with the standard survey's."""

import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from consultations.analysis import analyse
from consultations.journey import journey_steps
from consultations.models import Consultation
from consultations.models import Question
from consultations.models import QuestionType
from consultations.models import Response
from consultations.models import ResponseContact
from consultations.models import Survey
from sendportal.accounts.models import User
from strategies.codes import GROUP_OF_TYPE
from strategies.codes import AgeBand
from strategies.codes import Channel
from strategies.codes import RespondentGroup
from strategies.codes import RespondentType
from tests.consultations.conftest import make_survey
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.test_journey import step
from tests.consultations.test_journey import url
from tests.helpers import client_for
from tests.helpers import staff_url

pytestmark = pytest.mark.django_db

PROFESSIONALS = {
    code
    for code, group in GROUP_OF_TYPE.items()
    if group in (RespondentGroup.PROFESSIONALS, RespondentGroup.VCS)
}
# The standard profile's pages about the child someone answers for.
ADULT_PROFILE_KEYS = {"need", "setting", "support"}


def png(name: str = "bus.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def walk(client: Client, survey: Survey, answers: dict[str, object]) -> list[str]:
    """Answer each page the journey shows, in order, and return their keys;
    a page not in `answers` is left empty (or answered "no" for contact)."""
    page = client.get(url(survey, "journey_start"))
    keys = []
    while page["Location"] != url(survey, "journey_check"):
        key = page["Location"].rstrip("/").rsplit("/", 1)[-1]
        keys.append(key)
        shown = client.get(page["Location"])
        assert shown.status_code == HTTPStatus.OK, key
        default = {
            "contact": {"answer": "no"},
            "helped": {"answer": "NOBODY"},
            "publish": {"answer": "no"},
        }.get(key, {})
        data = answers.get(key, default)
        page = client.post(step(survey, key), data)
        assert page.status_code == HTTPStatus.FOUND, (key, page.content[:1500])
    return keys


def test_easy_read_profile_is_short_with_plain_choices_and_no_professional_roles(
    easy_read_survey: Survey,
) -> None:
    steps = journey_steps(easy_read_survey, {})
    who = steps[0]
    assert who.title == "Who are you?"
    assert 3 <= len(who.choices) <= 5
    assert [label for _code, label in who.choices] == [
        "I am a young person",
        "I am a parent or carer",
        "I am someone else",
        "I do not want to say",
    ]
    assert not {code for code, _label in who.choices} & PROFESSIONALS
    # A picture beside the question and each answer.
    assert who.picture is not None
    assert all(who.choice_pictures)
    assert len(who.choice_pictures) == len(who.choices)
    for answers in ({}, {"type": "CYP"}, {"type": "PARENT_CARER"}):
        keys = [s.key for s in journey_steps(easy_read_survey, answers)]
        assert not ADULT_PROFILE_KEYS & set(keys)
        assert all("responding about" not in s.title for s in steps)


def test_a_young_person_meets_no_adult_only_question_and_is_stored_by_age(
    client: Client, easy_read_survey: Survey
) -> None:
    district = easy_read_survey.consultation.area.districts.all()[0]
    parents_only = easy_read_survey.questions.get(show_to=["PARENT_CARER"])
    choice = easy_read_survey.questions.get(question_type=QuestionType.SINGLE_CHOICE)
    first = easy_read_survey.questions.get(sort=1)
    keys = walk(
        client,
        easy_read_survey,
        {
            "type": {"answer": "CYP"},
            "age": {"answer": AgeBand.AGE_16_19},
            "district": {"answer": str(district.pk)},
            f"q{first.pk}": {"answer": "agree"},
            f"q{choice.pk}": {"answer": "o1"},
        },
    )
    assert keys[:3] == ["type", "age", "district"]
    assert f"q{parents_only.pk}" not in keys
    asked = Question.objects.filter(
        pk__in=[int(k[1:]) for k in keys if k[1:].isdigit()]
    )
    assert all(q.is_for(RespondentType.YOUNG_PERSON) for q in asked)
    assert all(not q.show_to for q in asked)
    client.post(url(easy_read_survey, "journey_check"))
    response = Response.objects.get()
    assert response.respondent_type == RespondentType.YOUNG_PERSON
    assert response.age_bands == [AgeBand.AGE_16_19]
    assert response.district == district
    assert response.need_codes == []
    assert response.setting_type == ""
    assert response.answers.get(question=first).option_code == "agree"
    # Counted by the way it was answered, apart from the standard survey's.
    assert response.channel == Channel.EASY_READ_SURVEY


def test_a_child_of_10_or_under_is_not_asked_for_an_email_address(
    client: Client, easy_read_survey: Survey
) -> None:
    required = {
        f"q{easy_read_survey.questions.get(sort=1).pk}": {"answer": "agree"},
        f"q{easy_read_survey.questions.get(sort=8).pk}": {"answer": "o1"},
    }
    keys = walk(
        client,
        easy_read_survey,
        {"type": {"answer": "CYP"}, "age": {"answer": AgeBand.AGE_5_10}, **required},
    )
    assert "contact" not in keys
    assert keys[-2:] == ["helped", "publish"]
    sent = client.post(url(easy_read_survey, "journey_check"))
    assert sent.status_code == HTTPStatus.FOUND
    response = Response.objects.get()
    assert response.age_bands == [AgeBand.AGE_5_10]
    assert not ResponseContact.objects.exists()
    # From 11 the page is asked, as before.
    keys = walk(
        client,
        easy_read_survey,
        {"type": {"answer": "CYP"}, "age": {"answer": AgeBand.AGE_11_15}, **required},
    )
    assert keys[-1] == "contact"


def test_a_young_person_under_16_is_counted_as_a_child_or_young_person(
    client: Client, easy_read_survey: Survey
) -> None:
    walk(
        client,
        easy_read_survey,
        {
            "type": {"answer": "CYP"},
            "age": {"answer": AgeBand.AGE_11_15},
            f"q{easy_read_survey.questions.get(sort=1).pk}": {"answer": "neither"},
            f"q{easy_read_survey.questions.get(sort=8).pk}": {"answer": "o2"},
        },
    )
    client.post(url(easy_read_survey, "journey_check"))
    response = Response.objects.get()
    assert response.respondent_type == RespondentType.CYP
    assert response.age_bands == [AgeBand.AGE_11_15]


def test_a_parent_skips_the_age_page_and_gets_the_parents_question(
    client: Client, easy_read_survey: Survey
) -> None:
    parents_only = easy_read_survey.questions.get(show_to=["PARENT_CARER"])
    keys = walk(
        client,
        easy_read_survey,
        {
            "type": {"answer": "PARENT_CARER"},
            "age": {"answer": AgeBand.AGE_20_25},
            "district": {"answer": "dont_know"},
            f"q{easy_read_survey.questions.get(sort=1).pk}": {"answer": "agree"},
            f"q{easy_read_survey.questions.get(sort=8).pk}": {"answer": "o2"},
        },
    )
    assert "age" not in keys
    assert f"q{parents_only.pk}" in keys
    client.post(url(easy_read_survey, "journey_check"))
    response = Response.objects.get()
    assert response.respondent_type == RespondentType.PARENT_CARER
    assert response.age_bands == []
    assert response.district is None


def test_easy_read_page_shows_large_text_pictures_and_plain_words(
    client: Client, easy_read_survey: Survey
) -> None:
    question = easy_read_survey.questions.get(sort=2)
    question.text = "<b>We will listen</b> {{ 7*7 }}"
    question.save()
    client.get(url(easy_read_survey, "journey_start"))
    page = client.get(step(easy_read_survey, "type"))
    content = page.content.decode()
    assert 'class="govuk-grid-row app-easy-read"' in content
    assert "I am a young person" in content
    assert "/static/symbols/child.svg" in content
    assert "Local authority officer" not in content
    client.post(step(easy_read_survey, "type"), {"answer": "CYP"})
    client.post(step(easy_read_survey, "age"), {})
    client.post(step(easy_read_survey, "district"), {})
    client.post(
        step(easy_read_survey, f"q{easy_read_survey.questions.get(sort=1).pk}"),
        {"answer": "agree"},
    )
    page = client.get(step(easy_read_survey, f"q{question.pk}"))
    content = page.content.decode()
    # Faces with words, each picture in its label with an empty alt.
    for label, face in (
        ("I agree", "happy"),
        ("Not sure", "not-sure"),
        ("I do not agree", "unhappy"),
    ):
        assert label in content
        assert f"/static/symbols/{face}.svg" in content
    assert 'alt="Talking"' in content  # the question's picture
    # One sentence a line.
    early = easy_read_survey.questions.get(sort=3)
    early_page = client.get(step(easy_read_survey, f"q{early.pk}"))
    assert (
        '<span class="app-easy-read-line">We will help you early.</span>'
        '<span class="app-easy-read-line">Do you agree?</span>'
    ) in early_page.content.decode()
    assert "&lt;b&gt;We will listen&lt;/b&gt; {{ 7*7 }}" in content
    assert "<b>We will listen" not in content
    assert "You do not have to answer this." in content


def test_easy_read_error_message_links_to_the_first_answer(
    client: Client, easy_read_survey: Survey
) -> None:
    client.get(url(easy_read_survey, "journey_start"))
    page = client.post(step(easy_read_survey, "type"), {})
    content = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert 'href="#id_answer"' in content
    assert 'id="id_answer"' in content
    assert "Pick who you are" in content


def test_easy_read_answers_count_with_the_standard_survey_and_side_by_side(
    consultation: Consultation,
) -> None:
    easy = SurveyFactory.create(consultation=consultation, is_easy_read=True)
    standard = make_survey(consultation)
    from tests.strategies.factories import PriorityFactory

    priority = PriorityFactory.create(strategy=consultation.strategy, number=1)
    likert = standard.questions.get(question_type=QuestionType.LIKERT)
    likert.priority = priority
    likert.save()
    faces = Question.objects.create(
        survey=easy,
        text="We will listen to you. Do you agree?",
        question_type=QuestionType.FACES_AGREE,
        priority=priority,
    )
    assert [code for code, _label in faces.choices()] == [
        "agree",
        "neither",
        "disagree",
    ]
    for survey, question, codes in (
        (standard, likert, ["strongly_agree", "agree", "disagree", "dont_know"]),
        (easy, faces, ["agree", "agree", "neither", "disagree"]),
    ):
        for code in codes:
            response = ResponseFactory.create(consultation=consultation, survey=survey)
            AnswerFactory.create(response=response, question=question, option_code=code)
    analysis = analyse(consultation)
    (row,) = analysis.priorities
    assert (row.agree, row.neutral, row.disagree, row.total) == (4, 1, 2, 7)
    (compared,) = analysis.comparison
    assert (compared.standard.agree, compared.standard.total) == (2, 3)
    assert (compared.easy_read.agree, compared.easy_read.total) == (2, 4)
    charts = dict(analysis.questions)
    assert [(bar.label, bar.count) for bar in charts[faces].bars] == [
        ("I agree", 2),
        ("Not sure", 1),
        ("I do not agree", 1),
    ]


def test_a_standard_only_consultation_has_no_comparison(survey: Survey) -> None:
    assert analyse(survey.consultation).comparison == []


def test_analysis_page_shows_the_surveys_side_by_side(
    officer: User, easy_read_survey: Survey
) -> None:
    consultation = easy_read_survey.consultation
    faces = easy_read_survey.questions.get(sort=2)
    response = ResponseFactory.create(
        consultation=consultation, survey=easy_read_survey
    )
    AnswerFactory.create(response=response, question=faces, option_code="agree")
    page = client_for(officer).get(staff_url("analysis", consultation))
    assert page.status_code == HTTPStatus.OK
    assert "Easy Read and standard survey side by side" in page.content.decode()


def draft_question(area) -> Question:
    survey = SurveyFactory.create(
        consultation__area=area, consultation__status="draft", is_easy_read=True
    )
    return Question.objects.create(
        survey=survey, text="Do you like our plans?", question_type="YES_NOT_SURE_NO"
    )


def edit_address(question: Question) -> str:
    return staff_url(
        "question_update",
        question.survey.consultation,
        survey_pk=question.survey.pk,
        question_pk=question.pk,
    )


def test_officer_picks_a_symbol_for_a_question_and_its_answers(
    officer: User, area
) -> None:
    question = draft_question(area)
    client = client_for(officer)
    address = edit_address(question)
    form = client.get(address).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert 'src="/static/symbols/bus.svg"' in form  # symbols shown beside names
    page = client.post(
        address,
        {
            "text": "What do you like most?",
            "question_type": "SINGLE_CHOICE",
            "options_text": "School\nHome",
            "picture_symbol": "heart",
        },
    )
    assert page.status_code == HTTPStatus.FOUND, page.content[:2000]
    question.refresh_from_db()
    assert question.picture_symbol == "heart"
    assert question.picture is not None
    assert question.picture.alt == "Heart"
    # Now it has options, each gets a picture too; unchanged words keep theirs.
    page = client.post(
        address,
        {
            "text": "What do you like most?",
            "question_type": "SINGLE_CHOICE",
            "options_text": "School\nHome",
            "picture_symbol": "heart",
            "option_symbol_1": "school",
            "option_symbol_2": "home",
        },
    )
    assert page.status_code == HTTPStatus.FOUND
    assert [o.picture_symbol for o in question.options.all()] == ["school", "home"]
    # A new option first: the pictures stay with their words.
    client.post(
        address,
        {
            "text": "What do you like most?",
            "question_type": "SINGLE_CHOICE",
            "options_text": "Friends\nSchool\nHome",
            "picture_symbol": "heart",
            "option_symbol_1": "school",
            "option_symbol_2": "home",
        },
    )
    assert [(o.label, o.picture_symbol) for o in question.options.all()] == [
        ("Friends", ""),
        ("School", "school"),
        ("Home", "home"),
    ]


def test_officer_uploads_a_picture_with_a_description(officer: User, area) -> None:
    question = draft_question(area)
    client = client_for(officer)
    address = edit_address(question)
    base = {"text": "Do you like our plans?", "question_type": "YES_NOT_SURE_NO"}
    page = client.post(address, {**base, "picture_upload": png()})
    assert page.status_code == HTTPStatus.OK
    assert "Describe what your picture shows" in page.content.decode()
    fake = SimpleUploadedFile("plans.png", b"<svg onload=alert(1)>", "image/png")
    page = client.post(address, {**base, "picture_upload": fake, "picture_alt": "x"})
    assert page.status_code == HTTPStatus.OK
    assert "not a real PNG file" in page.content.decode()
    page = client.post(
        address, {**base, "picture_upload": png(), "picture_alt": "Our plans"}
    )
    assert page.status_code == HTTPStatus.FOUND
    question.refresh_from_db()
    assert question.picture_image
    picture = question.picture
    assert picture is not None
    assert picture.alt == "Our plans"
    assert picture.url == reverse(
        "consultations:question_picture",
        kwargs={
            "area_slug": area.slug,
            "pk": question.survey.consultation.pk,
            "question_pk": question.pk,
        },
    )
    # The draft's picture is not public; its officers see it.
    assert Client().get(picture.url).status_code == HTTPStatus.NOT_FOUND
    seen = client.get(picture.url)
    assert seen.status_code == HTTPStatus.OK
    assert seen["Content-Type"] == "image/png"
    assert seen.getvalue().startswith(b"\x89PNG")
    consultation = question.survey.consultation
    consultation.status = "open"
    consultation.save()
    assert Client().get(picture.url).status_code == HTTPStatus.OK
    # Another consultation's address does not reach it.
    other = reverse(
        "consultations:question_picture",
        kwargs={"area_slug": area.slug, "pk": 999_999, "question_pk": question.pk},
    )
    assert Client().get(other).status_code == HTTPStatus.NOT_FOUND
    consultation.status = "draft"
    consultation.save()
    page = client.post(address, {**base, "picture_clear": "on"})
    assert page.status_code == HTTPStatus.FOUND
    question.refresh_from_db()
    assert not question.picture_image


def test_a_draft_option_picture_is_not_public(officer: User, area) -> None:
    question = draft_question(area)
    question.question_type = "SINGLE_CHOICE"
    question.save()
    option = question.options.create(code="bus", label="Bus", sort=1)
    option.picture_image.save("bus.png", png(), save=True)
    option.picture_alt = "A bus"
    option.save()
    picture = option.picture
    assert picture is not None
    assert Client().get(picture.url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(officer).get(picture.url).status_code == HTTPStatus.OK


def test_accessibility_statement_credits_the_symbols_and_their_licence(
    client: Client, area
) -> None:
    page = client.get(reverse("areas:accessibility_statement", args=[area.slug]))
    content = page.content.decode()
    assert "OpenMoji" in content
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in content


def test_a_standard_survey_question_form_offers_no_pictures(
    officer: User, area
) -> None:
    survey = SurveyFactory.create(consultation__area=area, consultation__status="draft")
    form = client_for(officer).get(
        staff_url("question_create", survey.consultation, survey_pk=survey.pk)
    )
    assert form.status_code == HTTPStatus.OK
    assert "picture_symbol" not in form.content.decode()


def test_officer_words_show_as_typed_on_a_standard_question_page(
    client: Client, survey: Survey
) -> None:
    question = survey.questions.order_by("sort").first()
    assert question is not None
    question.text = "<b>Bold</b> {{ 7*7 }}"
    question.help_text = "<i>Hint</i>"
    question.save()
    client.get(url(survey, "journey_start"))
    client.post(step(survey, "type"), {"answer": "HEALTH"})
    client.post(step(survey, "district"), {"answer": "outside"})
    content = client.get(step(survey, f"q{question.pk}")).content.decode()
    assert "<b>Bold</b>" not in content
    assert "<i>Hint</i>" not in content
    assert "&lt;b&gt;Bold&lt;/b&gt; {{ 7*7 }}" in content
    assert "&lt;i&gt;Hint&lt;/i&gt;" in content


def test_officer_words_show_as_typed_in_the_answer_picture_labels(
    officer: User, area
) -> None:
    question = draft_question(area)
    question.question_type = "SINGLE_CHOICE"
    question.save()
    question.options.create(code="x", label="<b>Bus</b>", sort=1)
    question.options.create(code="y", label="Car", sort=2)
    content = client_for(officer).get(edit_address(question)).content.decode()
    assert "<b>Bus</b>" not in content
    assert "&lt;b&gt;Bus&lt;/b&gt;" in content


def test_easy_read_check_page_shows_each_answer_with_its_picture(
    client: Client, easy_read_survey: Survey
) -> None:
    first = easy_read_survey.questions.get(sort=1)
    walk(
        client,
        easy_read_survey,
        {
            "type": {"answer": "CYP"},
            f"q{first.pk}": {"answer": "agree"},
            f"q{easy_read_survey.questions.get(sort=8).pk}": {"answer": "o1"},
        },
    )
    content = client.get(url(easy_read_survey, "journey_check")).content.decode()
    assert "Check your answers" in content
    assert "/static/symbols/yes.svg" in content  # beside "Yes"
    assert "/static/symbols/talk.svg" in content  # beside "Listening to me"
    assert "Send my answers" in content


def test_staff_page_says_which_easy_read_questions_have_a_picture(
    officer: User, area
) -> None:
    question = draft_question(area)
    Question.objects.create(
        survey=question.survey,
        text="Anything else?",
        question_type="FREE_TEXT",
        picture_symbol="speech",
        sort=2,
    )
    page = client_for(officer).get(question.survey.consultation.get_staff_url())
    content = page.content.decode()
    assert "No picture yet: Easy Read questions need one" in content
    assert "Picture: Speech bubble" in content


def test_an_easy_read_page_can_be_saved_to_finish_later(
    client: Client, easy_read_survey: Survey
) -> None:
    client.get(url(easy_read_survey, "journey_start"))
    page = client.get(step(easy_read_survey, "type"))
    assert 'name="save"' in page.content.decode()
    page = client.post(step(easy_read_survey, "type"), {"answer": "CYP", "save": ""})
    assert page.status_code == HTTPStatus.FOUND
    assert page["Location"].startswith(url(easy_read_survey, "journey_save"))
    assert client.get(page["Location"]).status_code == HTTPStatus.OK
