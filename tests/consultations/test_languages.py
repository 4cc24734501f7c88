"""Consultations in another language: the translated journey, the officer's
translation page, and the British Sign Language (BSL) version."""

import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from consultations.analysis import analyse
from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import Option
from consultations.models import Response
from consultations.models import Survey
from consultations.translations import survey_translation_save
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.consultations.conftest import questions
from tests.consultations.test_journey import answer_everything
from tests.consultations.test_journey import step
from tests.consultations.test_journey import url
from tests.events.factories import EventFactory
from tests.events.factories import event_form_data
from tests.helpers import client_for
from tests.helpers import staff_url

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script>{{ 7*7 }} =HYPERLINK("x")'


def translate_into_polish(survey: Survey, by: User) -> None:
    likert, choice, _free, _number = questions(survey)
    early, local = choice.options.order_by("sort", "pk")
    survey_translation_save(
        survey=survey,
        language="pl",
        by=by,
        data={
            "consultation-title": "Wyraź swoją opinię",
            f"question-{likert.pk}-text": "Czy cele odpowiadają temu, co ważne?",
            f"question-{choice.pk}-text": "Który priorytet jest najważniejszy?",
            f"option-{early.pk}-label": "Wczesne wsparcie",
            f"option-{local.pk}-label": "Usługi blisko domu",
        },
    )


def switch_language(client: Client, language: str, next_url: str) -> None:
    """The footer's form, as a browser without JavaScript sends it."""
    page = client.get(next_url)
    assert b'action="/i18n/setlang/"' in page.content
    assert f'<option value="{language}"'.encode() in page.content
    switched = client.post(
        reverse("set_language"), {"language": language, "next": next_url}
    )
    assert switched.status_code == HTTPStatus.FOUND
    assert switched["Location"] == next_url


@pytest.fixture
def polish_survey(survey: Survey, officer: User) -> Survey:
    area = survey.consultation.area
    area.languages = ["pl"]
    area.save()
    translate_into_polish(survey, officer)
    return survey


def test_a_translated_journey_stores_the_same_codes_counted_with_english(
    client: Client, polish_survey: Survey
) -> None:
    survey = polish_survey
    likert, choice, _free, _number = questions(survey)
    consultation = survey.consultation
    # Someone answers in English first.
    english = Client()
    answer_everything(english, survey)
    english.post(url(survey, "journey_check"))

    switch_language(client, "pl", consultation.get_absolute_url())
    start = client.get(consultation.get_absolute_url()).content.decode()
    assert '<html lang="pl"' in start
    assert "Wyraź swoją opinię" in start
    assert "Rozpocznij" in start  # "Start now"
    client.get(url(survey, "journey_start"))
    profile = client.get(step(survey, "type")).content.decode()
    assert "W jakim charakterze odpowiadasz?" in profile
    assert "Dalej" in profile  # the Continue button
    refused = client.post(step(survey, "type"), {}).content.decode()
    assert "Wybierz, w jakim charakterze odpowiadasz" in refused
    assert "Wystąpił problem" in refused  # the error summary's title
    question = client.get(step(survey, f"q{likert.pk}")).content.decode()
    assert "Czy cele odpowiadają temu, co ważne?" in question
    assert "Zdecydowanie się zgadzam" in question
    choices = client.get(step(survey, f"q{choice.pk}")).content.decode()
    assert "Wczesne wsparcie" in choices
    assert "Early support" not in choices

    answer_everything(client, survey)
    check = client.get(url(survey, "journey_check")).content.decode()
    assert "Sprawdź odpowiedzi przed wysłaniem" in check
    assert "Wczesne wsparcie" in check
    done = client.post(url(survey, "journey_check"))
    assert "Odpowiedź wysłana" in client.get(done["Location"]).content.decode()

    # The stored answers are the same codes as the English respondent's.
    assert Response.objects.count() == 2
    assert set(
        Answer.objects.filter(question=choice).values_list("option_code", flat=True)
    ) == {"early"}
    assert set(
        Answer.objects.filter(question=likert).values_list("option_code", flat=True)
    ) == {"agree"}
    # The analysis counts them together, under the English labels.
    charts = dict(analyse(consultation).questions)
    bars = {bar.label: bar.count for bar in charts[choice].bars}
    assert bars["Early support"] == 2


def test_a_question_without_a_translation_shows_the_english(
    client: Client, polish_survey: Survey
) -> None:
    _likert, _choice, free, _number = questions(polish_survey)
    switch_language(client, "pl", polish_survey.consultation.get_absolute_url())
    client.get(url(polish_survey, "journey_start"))
    page = client.get(step(polish_survey, f"q{free.pk}")).content.decode()
    assert "Is anything missing?" in page
    assert "Dalej" in page


def test_english_visitors_still_see_english(
    client: Client, polish_survey: Survey
) -> None:
    _likert, choice, _free, _number = questions(polish_survey)
    client.get(url(polish_survey, "journey_start"))
    page = client.get(step(polish_survey, f"q{choice.pk}")).content.decode()
    assert '<html lang="en-gb"' in page
    assert "Early support" in page
    assert "Wczesne wsparcie" not in page


def test_the_officer_translates_a_survey_on_one_page_audited(
    officer: User, polish_survey: Survey
) -> None:
    survey = polish_survey
    _likert, choice, free, _number = questions(survey)
    client = client_for(officer)
    consultation_page = client.get(survey.consultation.get_staff_url())
    address = staff_url(
        "survey_translation", survey.consultation, survey_pk=survey.pk, language="pl"
    )
    assert address.encode() in consultation_page.content
    assert b"Translate into Polish" in consultation_page.content
    page = client.get(address).content.decode()
    # Each English text labels an input holding its translation.
    assert "Which priority matters most?" in page
    assert 'value="Który priorytet jest najważniejszy?"' in page
    assert 'lang="pl"' in page
    saved = client.post(
        address,
        {
            f"question-{choice.pk}-text": "",  # back to English
            f"question-{free.pk}-text": HOSTILE,
            "note": "Checked by the Polish community centre",
        },
    )
    assert saved.status_code == HTTPStatus.FOUND
    choice.refresh_from_db()
    free.refresh_from_db()
    assert choice.translated("text", "pl") == "Which priority matters most?"
    assert free.translated("text", "pl") == HOSTILE
    event = AuditEvent.objects.filter(verb=AuditVerb.SURVEY_TRANSLATED).latest("pk")
    assert event.actor == officer
    assert f"question-{free.pk}-text" in event.changes["texts"][1]
    again = client.get(address).content.decode()
    assert "Checked by the Polish community centre" in again


def test_a_language_the_area_does_not_offer_has_no_translation_page(
    officer: User, survey: Survey
) -> None:
    address = staff_url(
        "survey_translation", survey.consultation, survey_pk=survey.pk, language="pl"
    )
    assert client_for(officer).get(address).status_code == HTTPStatus.NOT_FOUND
    assert client_for(officer).post(address, {}).status_code == HTTPStatus.NOT_FOUND
    assert not AuditEvent.objects.filter(verb=AuditVerb.SURVEY_TRANSLATED).exists()


def test_a_translation_longer_than_the_english_field_allows_is_refused(
    officer: User, polish_survey: Survey
) -> None:
    _likert, choice, _free, _number = questions(polish_survey)
    option = Option.objects.filter(question=choice).first()
    assert option is not None
    address = staff_url(
        "survey_translation",
        polish_survey.consultation,
        survey_pk=polish_survey.pk,
        language="pl",
    )
    page = client_for(officer).post(address, {f"option-{option.pk}-label": "x" * 201})
    assert page.status_code == HTTPStatus.OK
    assert "The translation must be 200 characters or fewer" in page.content.decode()


def test_hostile_text_in_a_translation_is_shown_inert(
    client: Client, survey: Survey, officer: User
) -> None:
    area = survey.consultation.area
    area.languages = ["pl"]
    area.save()
    _likert, choice, _free, _number = questions(survey)
    early = choice.options.order_by("sort", "pk")[0]
    survey_translation_save(
        survey=survey,
        language="pl",
        by=officer,
        data={
            "consultation-title": HOSTILE,
            f"question-{choice.pk}-text": HOSTILE,
            f"option-{early.pk}-label": HOSTILE,
        },
    )
    switch_language(client, "pl", survey.consultation.get_absolute_url())
    start = client.get(survey.consultation.get_absolute_url()).content.decode()
    client.get(url(survey, "journey_start"))
    page = client.get(step(survey, f"q{choice.pk}")).content.decode()
    for html in (start, page):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in html
        assert "49" not in re.sub(r"\d{3,}", "", html.split("<main", 1)[1])


def test_the_area_settings_choose_its_languages(
    users_by_role: dict[str, User | None],
) -> None:
    admin = users_by_role["admin"]
    assert admin is not None
    area = admin.memberships.get().area
    client = client_for(admin)
    address = reverse("areas_staff:details", kwargs={"area_slug": area.slug})
    form = client.get(address).content.decode()
    assert re.search(r'<input[^>]+name="languages"[^>]+value="pl"', form)
    saved = client.post(
        address,
        {
            "name": area.name,
            "contact_email": area.contact_email,
            "languages": ["pl"],
            "response_retention_months": "12",
        },
    )
    assert saved.status_code == HTTPStatus.FOUND, saved.content[:3000]
    area.refresh_from_db()
    assert area.languages == ["pl"]
    settings_page = client.get(area.get_settings_url()).content.decode()
    assert "Polish" in settings_page.split("Languages besides English", 1)[1][:200]
    refused = client.post(
        address,
        {
            "name": area.name,
            "contact_email": area.contact_email,
            "languages": ["xx"],
            "response_retention_months": "12",
        },
    )
    assert refused.status_code == HTTPStatus.OK
    area.refresh_from_db()
    assert area.languages == ["pl"]


# British Sign Language --------------------------------------------------------

VIDEO = "https://video.example.org/fenmere/strategy-bsl.mp4"


def test_the_consultation_page_plays_the_bsl_video_with_its_transcript(
    client: Client, consultation: Consultation
) -> None:
    consultation.bsl_video_url = VIDEO
    consultation.bsl_transcript = "Hello. <b>This</b> is our strategy in BSL."
    consultation.save()
    page = client.get(consultation.get_absolute_url()).content.decode()
    section = page.split('id="bsl-heading"', 1)[1].split("</section>", 1)[0]
    assert "British Sign Language (BSL)</h2>" in section
    assert "<video" in section
    assert " controls" in section
    assert "autoplay" not in section
    assert f'<source src="{VIDEO}" type="video/mp4">' in section
    assert '<details class="govuk-details">' in section
    assert "Hello. &lt;b&gt;This&lt;/b&gt; is our strategy in BSL." in section


def test_a_video_page_address_is_a_link_not_a_player(
    client: Client, consultation: Consultation
) -> None:
    consultation.bsl_video_url = "https://video.example.org/watch/123"
    consultation.save()
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "<video" not in page
    assert 'href="https://video.example.org/watch/123"' in page


def test_no_bsl_section_without_a_video_or_transcript(
    client: Client, consultation: Consultation
) -> None:
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "bsl-heading" not in page


def test_the_event_page_shows_its_bsl_version(client: Client, area) -> None:
    event = EventFactory.create(
        area=area, bsl_video_url=VIDEO, bsl_transcript="Welcome to the event."
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "British Sign Language (BSL)</h2>" in page
    assert f'<source src="{VIDEO}" type="video/mp4">' in page
    assert "Welcome to the event." in page


def test_officers_add_a_bsl_video_to_a_consultation_https_only(
    officer: User, consultation: Consultation
) -> None:
    client = client_for(officer)
    address = staff_url("consultation_update", consultation)
    form = client.get(address).content.decode()
    assert 'name="bsl_video_url"' in form
    assert 'name="bsl_transcript"' in form
    # The transcript is public text: advice on its wording sits beside it.
    assert 'id="id_bsl_transcript-wording"' in form
    data = {
        "strategy": str(consultation.strategy_id),
        "title": consultation.title,
        "summary": consultation.summary,
        "opens_on_0": str(consultation.opens_at.day),
        "opens_on_1": str(consultation.opens_at.month),
        "opens_on_2": str(consultation.opens_at.year),
        "closes_on_0": str(consultation.closes_at.day),
        "closes_on_1": str(consultation.closes_at.month),
        "closes_on_2": str(consultation.closes_at.year),
        "bsl_transcript": "What the video says.",
    }
    refused = client.post(
        address, {**data, "bsl_video_url": "http://video.example.org/a.mp4"}
    )
    assert refused.status_code == HTTPStatus.OK
    assert "starting with https://" in refused.content.decode()
    saved = client.post(address, {**data, "bsl_video_url": VIDEO})
    assert saved.status_code == HTTPStatus.FOUND, saved.content.decode()[:3000]
    consultation.refresh_from_db()
    assert consultation.bsl_video_url == VIDEO
    assert consultation.bsl_transcript == "What the video says."
    event = AuditEvent.objects.filter(verb=AuditVerb.CONSULTATION_CHANGED).latest("pk")
    assert event.changes["bsl_video_url"] == ["", VIDEO]


def test_officers_add_a_bsl_video_and_transcript_to_an_event(
    officer: User, area
) -> None:
    client = client_for(officer)
    data = event_form_data(
        bsl_video_url="http://video.example.org/roadshow.mp4",
        bsl_transcript="Come to our roadshow.",
    )
    address = reverse("events_staff:event_create", args=[area.slug])
    refused = client.post(address, data)
    assert refused.status_code == HTTPStatus.OK
    assert "starting with https://" in refused.content.decode()
    saved = client.post(address, data | {"bsl_video_url": VIDEO})
    assert saved.status_code == HTTPStatus.FOUND
    event = area.events.get()
    assert (event.bsl_video_url, event.bsl_transcript) == (
        VIDEO,
        "Come to our roadshow.",
    )
