"""The Django admin cannot change state that the audited services own."""

from decimal import Decimal
from http import HTTPStatus
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.test.client import RequestFactory
from django.urls import NoReverseMatch
from django.urls import reverse

from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import Question
from consultations.models import YouSaidWeDid
from improvement.models import ActionUpdate
from improvement.models import KpiValue
from improvement.models import Plan
from improvement.models import Workstream
from sendportal.audit.models import AuditEvent
from tests.consultations.factories import ConsultationFactory
from tests.factories import UserFactory
from tests.improvement.factories import FinanceValueFactory
from tests.improvement.factories import KpiValueFactory
from tests.improvement.factories import PlanFactory
from tests.improvement.factories import WorkstreamFactory

pytestmark = pytest.mark.django_db

# Rows that only services write: the admin may show them, nothing more.
SERVICE_ONLY = (
    Consultation,
    Question,
    Answer,
    YouSaidWeDid,
    ActionUpdate,
    KpiValue,
    AuditEvent,
)


@pytest.fixture
def superuser_client(client: Client) -> Client:
    user = UserFactory.create(
        email="root@example.org", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


def change_url(obj: Any) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def form_data(page: Any) -> dict[str, Any]:
    """What the admin's change form would post back unchanged."""
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    return data


def test_service_only_rows_cannot_be_added_changed_or_deleted_by_a_superuser() -> None:
    request = RequestFactory().get("/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True)
    for model in SERVICE_ONLY:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert model_admin.has_view_permission(request), model


def test_posting_a_new_status_to_a_consultation_changes_nothing(
    superuser_client,
) -> None:
    consultation = ConsultationFactory.create(status="draft", title="Local Offer")
    page = superuser_client.get(change_url(consultation))
    assert page.status_code == HTTPStatus.OK  # shown, read-only

    response = superuser_client.post(
        change_url(consultation),
        {"status": "closed", "title": "Changed in the admin"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    consultation.refresh_from_db()
    assert (consultation.status, consultation.title) == ("draft", "Local Offer")
    assert not AuditEvent.objects.exists()


def test_a_consultation_cannot_be_deleted_from_the_admin(superuser_client) -> None:
    consultation = ConsultationFactory.create()
    delete_url = reverse(
        "admin:consultations_consultation_delete", args=[consultation.pk]
    )
    response = superuser_client.post(delete_url, {"post": "yes"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Consultation.objects.filter(pk=consultation.pk).exists()


def test_posting_a_new_kpi_value_changes_nothing(superuser_client) -> None:
    kpi_value = KpiValueFactory.create(value=Decimal(50))
    response = superuser_client.post(
        change_url(kpi_value), {"value": "99", "status": "final"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    kpi_value.refresh_from_db()
    assert kpi_value.value == Decimal(50)


def test_a_workstreams_name_can_change_but_its_rag_cannot(superuser_client) -> None:
    workstream = WorkstreamFactory.create(name="Early help", rag="green")
    data = form_data(superuser_client.get(change_url(workstream)))
    assert "rag" not in data  # shown as text, not a field
    data.update(name="Early help and inclusion", rag="red", rag_reason="Sneaked in")
    response = superuser_client.post(change_url(workstream), data)
    assert response.status_code == HTTPStatus.FOUND
    workstream = Workstream.objects.get(pk=workstream.pk)
    assert workstream.name == "Early help and inclusion"
    assert (workstream.rag, workstream.rag_reason) == ("green", "")


def test_a_plan_cannot_be_published_from_the_admin(superuser_client) -> None:
    plan = PlanFactory.create(title="Plan", is_published=False)
    data = form_data(superuser_client.get(change_url(plan)))
    for key in ("meetings-TOTAL_FORMS", "meetings-INITIAL_FORMS"):
        data[key] = "0"
    data.update(title="Renamed plan", is_published="on")
    response = superuser_client.post(change_url(plan), data)
    assert response.status_code == HTTPStatus.FOUND
    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.title, plan.is_published, plan.published_at) == (
        "Renamed plan",
        False,
        None,
    )


def test_finance_values_show_on_their_line_without_fields_to_change(
    superuser_client,
) -> None:
    finance_value = FinanceValueFactory.create(budget=Decimal("10.000"))
    page = superuser_client.get(change_url(finance_value.line)).content.decode()
    assert "10.000" in page
    assert 'name="values-0-budget"' not in page


def test_answers_cannot_be_imported_through_the_admin() -> None:
    # Imports go through the checked survey import, which is audited.
    with pytest.raises(NoReverseMatch):
        reverse("admin:consultations_answer_import")
    assert reverse("admin:consultations_answer_export")
