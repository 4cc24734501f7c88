"""The action page's "What people said": linked themes, cited evidence, the form."""

from http import HTTPStatus

import pytest

from improvement import services
from improvement.models import ActionEvidence
from improvement.models import ActionTheme
from sendportal.audit.models import AuditEvent
from tests.consultations.factories import AnswerFactory
from tests.events.factories import FindingFactory
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.improvement.factories import ActionFactory
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def urls(action):
    plan = action.plan
    return {
        "page": staff_url("action_detail", plan, plan_pk=plan.pk, pk=action.pk),
        "link": staff_url("action_theme_link", plan, plan_pk=plan.pk, pk=action.pk),
    }


def unlink_url(action, theme):
    plan = action.plan
    return staff_url(
        "action_theme_unlink", plan, plan_pk=plan.pk, pk=action.pk, theme_pk=theme.pk
    )


def evidence_url(action, evidence):
    plan = action.plan
    return staff_url(
        "action_evidence_remove",
        plan,
        plan_pk=plan.pk,
        pk=action.pk,
        evidence_pk=evidence.pk,
    )


@pytest.mark.parametrize(
    ("role", "may_change"),
    [("officer", True), ("admin", True), ("lead", True), ("cabinet", False)],
)
def test_who_may_link_themes_to_an_action(
    workstream, users_by_role, role, may_change
) -> None:
    """The lead of the action's workstream may; cabinet reads the list only."""
    action = ActionFactory.create(workstream=workstream)
    priority = PriorityFactory.create(strategy=action.plan.strategy, title="Early help")
    theme = ThemeFactory.create(
        strategy=action.plan.strategy, name="Being listened to", priority=priority
    )
    client = client_for(users_by_role[role])

    page = client.get(urls(action)["page"]).content.decode()
    assert "What people said" in page
    assert ("Link themes" in page) is may_change

    response = client.post(urls(action)["link"], {"themes": [theme.pk]})
    if may_change:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].endswith("#what-people-said")
        page = client.get(urls(action)["page"]).content.decode()
        assert "Being listened to" in page
        assert "Early help" in page
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
    assert ActionTheme.objects.exists() is may_change

    if not may_change:
        services.action_theme_link(
            action=action, theme=theme, by=users_by_role["officer"]
        )
    response = client.post(unlink_url(action, theme))
    assert response.status_code == (
        HTTPStatus.FOUND if may_change else HTTPStatus.FORBIDDEN
    )
    assert ActionTheme.objects.exists() is not may_change


def test_a_lead_of_another_workstream_reads_but_cannot_link(
    workstream, other_workstream, lead
) -> None:
    action = ActionFactory.create(workstream=other_workstream)
    theme = ThemeFactory.create(strategy=action.plan.strategy)
    client = client_for(lead)
    page = client.get(urls(action)["page"]).content.decode()
    assert "What people said" in page
    assert "Link themes" not in page
    assert (
        client.post(urls(action)["link"], {"themes": [theme.pk]}).status_code
        == HTTPStatus.FORBIDDEN
    )


def test_another_areas_officer_is_refused(workstream, users_by_role) -> None:
    action = ActionFactory.create(workstream=workstream)
    theme = ThemeFactory.create(strategy=action.plan.strategy)
    client = client_for(users_by_role["other_officer"])
    for url in (urls(action)["page"], urls(action)["link"]):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert (
        client.post(urls(action)["link"], {"themes": [theme.pk]}).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert not ActionTheme.objects.exists()


def test_linking_nothing_or_another_strategys_theme_says_what_to_do(
    workstream, officer
) -> None:
    action = ActionFactory.create(workstream=workstream)
    ThemeFactory.create(strategy=action.plan.strategy)
    stranger = ThemeFactory.create()
    client = client_for(officer)

    response = client.post(urls(action)["link"], {})
    assert response.status_code == HTTPStatus.OK
    assert "Select at least one theme to link" in response.content.decode()
    assert response.content.decode().count("<title>Error:") == 1

    response = client.post(urls(action)["link"], {"themes": [stranger.pk]})
    assert "Select themes from the list" in response.content.decode()
    response = client.post(urls(action)["link"], {"themes": ["x"]})
    assert response.status_code == HTTPStatus.OK
    assert not ActionTheme.objects.exists()


def test_cited_evidence_is_quoted_inert_and_removable(workstream, officer) -> None:
    action = ActionFactory.create(workstream=workstream)
    area = action.plan.area
    answer = AnswerFactory.create(
        response__survey__consultation__area=area,
        text_value="<script>alert(1)</script> {{ secret }}",
    )
    finding = FindingFactory.create(event__area=area, text="=SUM(A1) ramps needed")
    services.action_evidence_add(action=action, answer=answer, by=officer)
    evidence = services.action_evidence_add(action=action, finding=finding, by=officer)
    client = client_for(officer)

    page = client.get(urls(action)["page"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ secret }}" in page
    assert "<script>alert(1)" not in page
    assert "=SUM(A1) ramps needed" in page

    response = client.post(evidence_url(action, evidence))
    assert response.status_code == HTTPStatus.FOUND
    assert list(ActionEvidence.objects.values_list("answer", flat=True)) == [answer.pk]
    assert AuditEvent.objects.filter(verb="action.evidence_removed").count() == 1


def test_the_action_page_reads_a_constant_number_of_queries(
    workstream, officer, django_assert_max_num_queries
) -> None:
    action = ActionFactory.create(workstream=workstream)
    area = action.plan.area
    client = client_for(officer)

    def grow(n: int) -> None:
        for _ in range(n):
            theme = ThemeFactory.create(
                strategy=action.plan.strategy,
                priority=PriorityFactory.create(strategy=action.plan.strategy),
            )
            services.action_theme_link(action=action, theme=theme, by=officer)
            ThemeFactory.create(strategy=action.plan.strategy)
            answer = AnswerFactory.create(
                response__survey__consultation__area=area, text_value="Said"
            )
            services.action_evidence_add(action=action, answer=answer, by=officer)
            finding = FindingFactory.create(event__area=area)
            services.action_evidence_add(action=action, finding=finding, by=officer)

    grow(1)
    client.get(urls(action)["page"])
    with django_assert_max_num_queries(40) as few:
        client.get(urls(action)["page"])
    grow(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(urls(action)["page"])
