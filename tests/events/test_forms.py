"""Officers' event form: the model's own checks run, and speak plain English."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from events.forms import EventForm
from events.models import Event
from tests.events.factories import EventFactory
from tests.events.factories import event_form_data

pytestmark = pytest.mark.django_db

VALID = event_form_data(online_url="", venue_name="Fenmere Library")


def test_a_valid_event_passes_the_models_checks_in_the_form(area) -> None:
    form = EventForm(data=VALID, area=area)

    assert form.is_valid(), form.errors
    # The model's checks have run on the form's fields (ModelForm._post_clean).
    assert form.instance.venue_name == "Fenmere Library"
    assert form.instance.capacity == 40


def test_an_event_with_no_places_is_refused_by_the_form(area) -> None:
    form = EventForm(data={**VALID, "capacity": "0"}, area=area)

    assert not form.is_valid()
    assert form.errors == {"capacity": ["The number of places must be 1 or more"]}


def test_the_page_refuses_an_event_with_no_places_in_plain_english(
    client, area, officer
) -> None:
    client.force_login(officer)

    response = client.post(
        reverse("events_staff:event_create", args=[area.slug]),
        {**VALID, "capacity": "0"},
    )

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "The number of places must be 1 or more" in content
    assert "Constraint" not in content
    assert not Event.objects.exists()


def test_editing_an_event_to_have_no_venue_or_link_says_what_to_enter(
    client, area, officer
) -> None:
    event = EventFactory.create(area=area, online_url="")
    client.force_login(officer)

    response = client.post(
        reverse("events_staff:event_update", args=[area.slug, event.pk]),
        {**VALID, "venue_name": "", "online_url": ""},
    )

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Enter a venue, or an online joining link, or both" in content
    assert "Constraint" not in content
    event.refresh_from_db()
    assert event.venue_name == "Fenmere Library"
