"""The demo consultations tell the seed stories (tests/test_demo.py loads them twice)."""

import pytest

from consultations.analysis import analyse
from consultations.demo import closing_date
from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import Response

pytestmark = pytest.mark.django_db


def test_demo_has_an_open_herts_consultation_and_bucks_feedback(demo_db: None) -> None:
    assert Response.objects.exists()
    assert Answer.objects.exists()
    herts = Consultation.objects.get(area__slug="hertfordshire", status="open")
    assert herts.accepts_responses()
    assert 300 <= herts.responses.count() <= 400
    bucks = Consultation.objects.get(area__slug="buckinghamshire")
    assert bucks.status == "feedback_published"
    assert bucks.feedback_items.count() == 4
    heard = {row.label: row for row in analyse(herts).heard}
    assert heard["Children and young people"].under_heard


@pytest.mark.parametrize(
    ("today", "closes"),
    [
        ("2025-11-20", "2026-02-06"),
        ("2026-01-10", "2027-02-06"),
        ("2026-11-24", "2027-02-06"),
    ],
)
def test_herts_demo_closes_on_the_next_6_february_a_month_away(
    today: str, closes: str
) -> None:
    import datetime

    assert closing_date(datetime.date.fromisoformat(today)).date().isoformat() == closes


def test_herts_easy_read_survey_is_easy_read_all_the_way(demo_db: None) -> None:
    from consultations.journey import journey_steps
    from consultations.models import QuestionType
    from consultations.scales import EASY_READ_SCALES

    herts = Consultation.objects.get(area__slug="hertfordshire", status="open")
    easy = herts.surveys.get(is_easy_read=True)
    questions = list(easy.questions.prefetch_related("options"))
    assert {QuestionType.YES_NOT_SURE_NO, QuestionType.FACES_AGREE} <= {
        q.question_type for q in questions
    }
    for question in questions:
        assert question.picture is not None, question.text
        assert all(picture for _c, _l, picture in question.pictured_choices())
    for age in ("AGE_5_10", "AGE_11_15", "AGE_16_19", "AGE_20_25"):
        steps = journey_steps(easy, {"type": "CYP", "age": age})
        assert [s.key for s in steps[:3]] == ["type", "age", "district"]
        asked = [s.question for s in steps if s.question is not None]
        assert all(not q.show_to for q in asked)
        assert len(asked) == len([q for q in questions if not q.show_to])
        assert all(s.picture is not None for s in steps)
    # Its agree answers count with the standard survey's, and side by side.
    analysis = analyse(herts)
    assert len(analysis.comparison) == 6
    assert all(row.easy_read.total > 0 for row in analysis.comparison)
    codes = set(
        Answer.objects.filter(
            question__survey=easy, question__question_type__in=list(EASY_READ_SCALES)
        ).values_list("option_code", flat=True)
    )
    assert codes <= {"agree", "neither", "disagree"}


def test_demo_easy_read_answers_were_mostly_given_with_help(demo_db: None) -> None:
    from strategies.codes import HELPED

    herts = Response.objects.filter(consultation__area__slug="hertfordshire")
    easy = herts.filter(survey__is_easy_read=True)
    assert easy.filter(supported_by__in=HELPED).count() * 2 > easy.count()
    standard = herts.filter(survey__is_easy_read=False)
    helped = standard.filter(supported_by__in=HELPED).count()
    assert 0 < helped < standard.count() / 4
    assert not standard.filter(supported_by="").exists()
    # Buckinghamshire's 2020 survey did not ask.
    bucks = Response.objects.filter(consultation__area__slug="buckinghamshire")
    assert set(bucks.values_list("supported_by", flat=True)) == {""}


def test_herts_demo_offers_its_survey_in_polish_marked_as_a_sample(
    demo_db: None,
) -> None:
    from consultations.demo_languages import SAMPLE_NOTE
    from consultations.translations import source_texts
    from consultations.translations import survey_translation_note

    herts = Consultation.objects.get(area__slug="hertfordshire", status="open")
    assert herts.area.languages == ["pl"]
    survey = herts.surveys.get(is_easy_read=False)
    assert survey_translation_note(survey, "pl") == SAMPLE_NOTE
    assert "Sample" in SAMPLE_NOTE
    texts = source_texts(survey)
    untranslated = [t.english for t in texts if not t.row.translation_of(t.field, "pl")]
    assert untranslated == []
    assert herts.bsl_transcript.startswith("Sample transcript")
    assert herts.bsl_video_url.startswith("https://")
