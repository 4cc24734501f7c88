import io

import pytest
from django.core.management import call_command

from consultations.analysis import analyse
from consultations.demo import closing_date
from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import Response

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[list[tuple], int, list[str]]:
    responses = list(
        Response.objects.order_by("reference").values_list(
            "reference", "respondent_type", "submitted_at", "need_codes"
        )
    )
    statuses = list(
        Consultation.objects.order_by("title").values_list("status", flat=True)
    )
    return responses, Answer.objects.count(), statuses


def test_demo_loads_the_same_consultations_twice() -> None:
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
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
