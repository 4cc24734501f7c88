"""A consultation opens only with an Easy Read version, or with the reason why not."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError

from consultations import services
from consultations.models import Consultation
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from strategies.models import StrategyDocument
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import QuestionFactory
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.strategies.factories import EasyReadSectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(area) -> Consultation:
    consultation = ConsultationFactory.create(
        area=area, strategy__area=area, status="draft"
    )
    QuestionFactory.create(survey__consultation=consultation)
    return consultation


def test_without_an_easy_read_version_publishing_needs_a_reason(
    officer: User, draft: Consultation
) -> None:
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.consultation_publish(
                consultation=draft, by=officer, no_easy_read_reason=reason
            )
        assert "no_easy_read_reason" in refused.value.error_dict
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not AuditEvent.objects.filter(verb="consultation.published").exists()


def test_the_reason_is_kept_and_in_the_audit_entry(
    officer: User, draft: Consultation
) -> None:
    services.consultation_publish(
        consultation=draft,
        by=officer,
        no_easy_read_reason="  Being made with the youth forum.  ",
    )
    draft.refresh_from_db()
    assert draft.status == "open"
    assert draft.no_easy_read_reason == "Being made with the youth forum."
    event = AuditEvent.objects.get(verb="consultation.published")
    assert event.changes["no_easy_read_reason"] == [
        None,
        "Being made with the youth forum.",
    ]


@pytest.mark.parametrize("provision", ["survey", "sections", "document"])
def test_an_easy_read_survey_or_strategy_version_needs_no_reason(
    officer: User, draft: Consultation, provision: str
) -> None:
    if provision == "survey":
        QuestionFactory.create(
            survey__consultation=draft, survey__is_easy_read=True, survey__sort=1
        )
    elif provision == "sections":
        EasyReadSectionFactory.create(strategy=draft.strategy)
    else:
        StrategyDocument.objects.create(
            strategy=draft.strategy,
            title="Easy Read",
            kind="easy_read",
            url="https://example.org/er.pdf",
        )
    services.consultation_publish(
        consultation=draft, by=officer, no_easy_read_reason="ignored"
    )
    draft.refresh_from_db()
    assert draft.status == "open"
    assert draft.no_easy_read_reason == ""
    event = AuditEvent.objects.get(verb="consultation.published")
    assert "no_easy_read_reason" not in event.changes


def test_an_easy_read_survey_without_questions_does_not_count(
    officer: User, draft: Consultation
) -> None:
    draft.surveys.create(title="Easy Read", is_easy_read=True, sort=2)
    with pytest.raises(ValidationError):
        services.consultation_publish(consultation=draft, by=officer)


def test_the_publish_page_asks_for_the_reason_and_the_staff_page_shows_it(
    officer: User, draft: Consultation
) -> None:
    client = client_for(officer)
    assert (
        "otherwise publishing asks why there is none"
        in client.get(draft.get_staff_url()).content.decode()
    )
    url = staff_url("consultation_publish", draft)
    page = client.get(url).content.decode()
    assert "Why is there no Easy Read version?" in page
    assert "<textarea" in page
    empty = client.post(url, {"no_easy_read_reason": ""})
    assert empty.status_code == HTTPStatus.OK
    html = empty.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter why there is no Easy Read version" in html
    draft.refresh_from_db()
    assert draft.status == "draft"
    hostile = "<script>alert(1)</script> {{ 7*7 }}"
    response = client.post(url, {"no_easy_read_reason": hostile})
    assert response.status_code == HTTPStatus.FOUND
    detail = client.get(draft.get_staff_url()).content.decode()
    assert "No Easy Read version:" in detail
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in detail


def test_with_an_easy_read_version_the_publish_page_just_confirms(
    officer: User, draft: Consultation
) -> None:
    EasyReadSectionFactory.create(strategy=draft.strategy)
    client = client_for(officer)
    url = staff_url("consultation_publish", draft)
    assert "<textarea" not in client.get(url).content.decode()
    assert client.post(url).status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.status == "open"
    detail = client.get(draft.get_staff_url()).content.decode()
    assert "No Easy Read version" not in detail
    assert "An Easy Read survey or an Easy Read version of the strategy" in detail
