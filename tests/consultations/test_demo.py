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
    herts = Consultation.objects.get(area__slug="hertfordshire")
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
