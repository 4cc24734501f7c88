"""The co-production level of consultations and events: staff forms, staff and
public pages."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from consultations.models import Consultation
from events.models import Event
from sendportal.accounts.models import User
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import consultation_form_data
from tests.events.factories import EventFactory
from tests.events.factories import event_form_data
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.markup import radio_values

pytestmark = pytest.mark.django_db

RUNGS = ["inform", "consult", "engage", "co_design", "co_produce", ""]
CO_DESIGN_HINT = "We design it together with you"


def checked_level(html: str) -> list[str]:
    """The values of the checked co-production radios."""
    return [
        value
        for tag in re.findall(r"<input[^>]*>", html)
        if 'name="coproduction_level"' in tag and "checked" in tag
        for value in re.findall(r'value="([^"]*)"', tag)
    ]


def test_an_officer_sets_a_consultations_level_and_sees_it(officer: User, area) -> None:
    strategy = ConsultationFactory.create(area=area).strategy
    client = client_for(officer)
    url = reverse("consultations_staff:consultation_create", args=[area.slug])
    form = client.get(url).content.decode()
    assert radio_values(form, "coproduction_level") == RUNGS
    assert CO_DESIGN_HINT in form
    page = client.post(
        url,
        consultation_form_data(
            strategy.pk, title="Short breaks consultation", coproduction_level="consult"
        ),
    )
    assert page.status_code == HTTPStatus.FOUND, page.content.decode()[:3000]
    consultation = Consultation.objects.get(title="Short breaks consultation")
    assert consultation.coproduction_level == "consult"
    edit = client.get(staff_url("consultation_update", consultation)).content.decode()
    assert checked_level(edit) == ["consult"]
    detail = client.get(consultation.get_staff_url()).content.decode()
    assert "Co-production level" in detail
    assert "Consult" in detail


def test_an_officer_sets_an_events_level_then_clears_it(officer: User, area) -> None:
    client = client_for(officer)
    url = reverse("events_staff:event_create", args=[area.slug])
    assert radio_values(client.get(url).content.decode(), "coproduction_level") == RUNGS
    response = client.post(url, event_form_data(coproduction_level="co_design"))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.coproduction_level == "co_design"
    detail = client.get(staff_url("event_detail", event)).content.decode()
    assert "Co-design" in detail
    edit_url = staff_url("event_update", event)
    assert checked_level(client.get(edit_url).content.decode()) == ["co_design"]
    response = client.post(edit_url, event_form_data(coproduction_level=""))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.coproduction_level == ""
    assert "Not set" in client.get(staff_url("event_detail", event)).content.decode()


def test_public_pages_say_how_we_work_with_families_and_explain_the_ladder(
    area,
) -> None:
    consultation = ConsultationFactory.create(area=area, coproduction_level="consult")
    event = EventFactory.create(area=area, coproduction_level="co_produce")
    client = client_for(None)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "How we are working with you" in page
    assert "Consult (this one)" in page
    assert CO_DESIGN_HINT in page
    assert "govuk-details" in page
    page = client.get(event.get_absolute_url()).content.decode()
    assert "How we are working with you" in page
    assert "Co-produce (this one)" in page
    assert '<strong class="govuk-tag govuk-tag--green">Co-produce</strong>' in page


def test_public_pages_say_nothing_when_the_level_is_not_set(area) -> None:
    consultation = ConsultationFactory.create(area=area)
    page = client_for(None).get(consultation.get_absolute_url()).content.decode()
    assert "How we are working with you" not in page
