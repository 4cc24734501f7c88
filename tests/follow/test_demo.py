"""A demo visitor can follow a Buckinghamshire and a Hertfordshire response."""

from http import HTTPStatus

import pytest

from consultations.models import Answer
from follow.demo import DEMO_FOLLOWERS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("demo", DEMO_FOLLOWERS, ids=lambda demo: demo.area_slug)
def test_the_demo_follow_link_shows_actions_with_their_history(
    demo_db, client, demo
) -> None:
    url = f"/{demo.area_slug}/consultations/follow/{demo.reference}/{demo.token}/"
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    for theme in demo.themes:
        assert theme in text
    assert "progress updates" in text
    for answer in Answer.objects.filter(response__reference=demo.reference):
        if answer.text_value:
            assert answer.text_value not in text
