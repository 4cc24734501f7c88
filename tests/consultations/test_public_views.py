"""Public pages: list, “You said, we did”, small-number suppression."""

import datetime
import re
import zoneinfo
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendportal.disclosure import public_count
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.subtraction import by_subtraction
from tests.subtraction import hidden_values

pytestmark = pytest.mark.django_db


def closed(area, **extra):
    now = timezone.now()
    return ConsultationFactory.create(
        area=area,
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=5),
        **extra,
    )


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5")]
)
def test_counts_under_five_are_suppressed(count: int, shown: str) -> None:
    assert public_count(count) == shown


def test_feedback_page_suppresses_small_counts_and_hides_unpublished_items(
    client: Client, area
) -> None:
    consultation = closed(
        area, status="feedback_published", feedback_published_at=timezone.now()
    )
    YouSaidWeDidFactory.create(consultation=consultation, said_count=3)
    YouSaidWeDidFactory.create(
        consultation=consultation, said_count=40, you_said="<script>x</script>"
    )
    YouSaidWeDidFactory.create(
        consultation=consultation, is_published=False, you_said="Secret draft"
    )
    survey = SurveyFactory.create(consultation=consultation)
    ResponseFactory.create_batch(2, survey=survey)
    page = client.get(
        reverse("consultations:feedback_detail", args=[area.slug, consultation.pk])
    )
    content = page.content.decode()
    assert "fewer than 5 people" in content
    assert "40 people" in content
    assert "&lt;script&gt;x&lt;/script&gt;" in content
    assert "Secret draft" not in content
    assert "received fewer than 5 responses" in content


def test_feedback_page_is_not_found_before_publication(client: Client, area) -> None:
    consultation = closed(area, status="closed")
    page = client.get(
        reverse("consultations:feedback_detail", args=[area.slug, consultation.pk])
    )
    assert page.status_code == HTTPStatus.NOT_FOUND


def test_area_lists_open_consultations_and_feedback(client: Client, area) -> None:
    open_one = ConsultationFactory.create(area=area, title="Open now")
    published = closed(
        area,
        status="feedback_published",
        feedback_published_at=timezone.now(),
        title="Done",
    )
    ConsultationFactory.create(area=area, status="draft", title="Secret")
    page = client.get(reverse("consultations:consultation_list", args=[area.slug]))
    assert open_one.title.encode() in page.content
    assert b"Secret" not in page.content
    feedback = client.get(reverse("consultations:feedback_list", args=[area.slug]))
    assert published.title.encode() in feedback.content
    home = client.get(reverse("area_home", args=[area.slug]))
    assert b"Open now" in home.content


def test_the_you_said_we_did_list_says_when_views_were_given_and_when_we_replied(
    client, area
) -> None:
    london = zoneinfo.ZoneInfo("Europe/London")
    ConsultationFactory.create(
        area=area,
        status="feedback_published",
        opens_at=datetime.datetime(2020, 3, 2, 9, 0, tzinfo=london),
        closes_at=datetime.datetime(2020, 4, 6, 23, 0, tzinfo=london),
        feedback_published_at=datetime.datetime(2021, 3, 2, 12, 0, tzinfo=london),
    )
    html = client.get(f"/{area.slug}/consultations/you-said-we-did/").content.decode()
    assert "Views given from 2 March 2020 to 6 April 2020." in html
    assert "What we did published March 2021." in html


def test_a_group_of_3_cannot_be_worked_out_from_the_feedback_pages_total(
    client: Client, area
) -> None:
    # The progress report shows responses by respondent type (7 parents and
    # "fewer than 5" young people): an exact total here would give the 3 away.
    consultation = closed(
        area, status="feedback_published", feedback_published_at=timezone.now()
    )
    survey = SurveyFactory.create(consultation=consultation)
    ResponseFactory.create_batch(7, survey=survey, respondent_type="PARENT_CARER")
    young = ResponseFactory.create_batch(
        3, survey=survey, respondent_type="YOUNG_PERSON"
    )
    url = reverse("consultations:feedback_detail", args=[area.slug, consultation.pk])
    content = client.get(url).content.decode()
    (total,) = re.findall(r"and received (.+?) responses\.", content)
    assert total == "8 to 11"
    assert by_subtraction(total, ["7"]) is None
    assert hidden_values(total, ["7"]) == {1, 2, 3, 4}
    young[0].delete()
    assert "and received 8 to 11 responses." in client.get(url).content.decode()
