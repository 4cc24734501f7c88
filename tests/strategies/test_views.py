"""Public and staff strategy pages: status codes, forms, isolation, query counts."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from django.urls import reverse

from sendportal.audit.models import AuditEvent
from strategies.models import Strategy
from strategies.models import StrategyDocument
from strategies.models import StrategyStatus
from tests.helpers import staff_url
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client: Client, officer) -> Client:
    client.force_login(officer)
    return client


def test_a_published_strategy_shows_its_priorities_and_easy_read_link(
    client, area
) -> None:
    strategy = StrategyFactory.create(area=area, status=StrategyStatus.IN_CONSULTATION)
    PriorityFactory.create(strategy=strategy, number=1, title="Early identification")
    StrategyDocument.objects.create(
        strategy=strategy,
        title="Easy Read strategy",
        kind="easy_read",
        url="https://example.org/er",
    )
    response = client.get(strategy.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Priority 1: Early identification" in html
    assert 'href="https://example.org/er"' in html
    assert "In consultation" in html


def test_a_draft_is_hidden_from_the_public_and_from_other_areas(
    client, area, users_by_role
) -> None:
    strategy = StrategyFactory.create(area=area)
    assert client.get(strategy.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(users_by_role["other_officer"])
    assert client.get(strategy.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(users_by_role["cabinet"])
    assert client.get(strategy.get_absolute_url()).status_code == HTTPStatus.OK


def test_a_strategy_is_not_reachable_through_another_areas_address(
    client, area, other_area
) -> None:
    strategy = StrategyFactory.create(area=area, status=StrategyStatus.IN_CONSULTATION)
    url = reverse(
        "strategies:strategy_detail",
        kwargs={"area_slug": other_area.slug, "pk": strategy.pk},
    )
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_area_home_lists_public_strategies_but_not_drafts(client, area) -> None:
    StrategyFactory.create(
        area=area, title="Published one", status=StrategyStatus.IN_CONSULTATION
    )
    StrategyFactory.create(area=area, title="Secret draft")
    html = client.get(f"/{area.slug}/").content.decode()
    assert "Published one" in html
    assert "Secret draft" not in html


@pytest.mark.parametrize(
    "path", ["/", "/fenmere/", "/fenmere/accessibility/", "/fenmere/privacy/"]
)
def test_public_pages_need_no_account(client, area, path) -> None:
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert b"govuk-header" in response.content
    assert b"crown" not in response.content.lower()


def test_unknown_area_gives_the_designed_404_page(client) -> None:
    response = client.get("/nowhere/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.content.decode()


def test_staff_pages_send_strangers_to_sign_in(client, area) -> None:
    response = client.get(f"/staff/{area.slug}/strategies/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer", 200),
        ("cabinet", 200),
        ("lead", 200),
        ("admin", 200),
        ("other_officer", 403),
        ("no_role", 403),
    ],
)
def test_staff_area_pages_are_for_members_of_that_area(
    client, area, users_by_role, role, status
) -> None:
    client.force_login(users_by_role[role])
    assert client.get(f"/staff/{area.slug}/strategies/").status_code == status
    assert client.get(f"/staff/{area.slug}/").status_code == status


def test_another_areas_officer_cannot_reach_or_change_a_strategy(
    client, area, users_by_role
) -> None:
    strategy = StrategyFactory.create(area=area)
    PriorityFactory.create(strategy=strategy)
    client.force_login(users_by_role["other_officer"])
    for name in (
        "strategy_detail",
        "strategy_update",
        "strategy_publish",
        "strategy_approve",
    ):
        assert client.get(staff_url(name, strategy)).status_code == HTTPStatus.FORBIDDEN
    assert (
        client.post(staff_url("strategy_publish", strategy)).status_code
        == HTTPStatus.FORBIDDEN
    )
    # Through the other area's own staff address the strategy does not exist.
    wrong = reverse(
        "strategies_staff:strategy_detail",
        kwargs={"area_slug": "eastwold", "pk": strategy.pk},
    )
    assert client.get(wrong).status_code == HTTPStatus.NOT_FOUND
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.DRAFT


def test_a_cabinet_member_can_read_but_not_publish(client, area, users_by_role) -> None:
    strategy = StrategyFactory.create(area=area)
    PriorityFactory.create(strategy=strategy)
    client.force_login(users_by_role["cabinet"])
    page = client.get(staff_url("strategy_detail", strategy)).content.decode()
    assert "Publish for consultation" not in page
    assert (
        client.post(staff_url("strategy_publish", strategy)).status_code
        == HTTPStatus.FORBIDDEN
    )


def test_officer_starts_a_strategy_adds_a_priority_and_publishes_it(
    officer_client, area
) -> None:
    response = officer_client.post(
        f"/staff/{area.slug}/strategies/new/",
        {
            "title": "SEND Strategy",
            "period_start": "2026",
            "period_end": "2029",
            "vision": "Our vision",
        },
    )
    strategy = Strategy.objects.get(area=area)
    assert response["Location"] == strategy.get_staff_url()

    officer_client.post(
        staff_url("priority_create", strategy),
        {
            "number": "1",
            "title": "Early help",
            "outcomes": "I get help early\nWe will listen",
        },
    )
    assert strategy.priorities.get().outcomes.count() == 2

    confirm = officer_client.get(staff_url("strategy_publish", strategy))
    assert "Publish this strategy for consultation?" in confirm.content.decode()
    officer_client.post(staff_url("strategy_publish", strategy))
    strategy.refresh_from_db()
    assert strategy.status == StrategyStatus.IN_CONSULTATION
    history = officer_client.get(strategy.get_staff_url()).content.decode()
    # The history reads as labels, not the stored verbs.
    assert "Strategy published for consultation" in history
    assert "Priority added" in history
    assert "priority.created" not in history


def test_an_invalid_transition_by_post_shows_a_clear_message(
    officer_client, area
) -> None:
    strategy = StrategyFactory.create(area=area, approved=True)
    response = officer_client.post(
        staff_url("strategy_withdraw", strategy), follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert (
        "Only a strategy in consultation can go back to draft"
        in response.content.decode()
    )


def test_form_errors_use_the_error_summary_and_keep_what_was_typed(
    officer_client, area
) -> None:
    response = officer_client.post(
        f"/staff/{area.slug}/strategies/new/",
        {
            "title": "Kept title <b>",
            "period_start": "2029",
            "period_end": "2026",
            "vision": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in html
    assert "govuk-error-summary" in html
    assert "Enter the vision" in html
    assert "The last year must be the same as or after the first year" in html
    assert 'value="Kept title &lt;b&gt;"' in html
    assert not Strategy.objects.exists()


def test_approval_needs_a_real_past_date(officer_client, area) -> None:
    strategy = StrategyFactory.create(area=area, status=StrategyStatus.IN_CONSULTATION)
    PriorityFactory.create(strategy=strategy)
    url = staff_url("strategy_approve", strategy)
    bad = officer_client.post(
        url,
        {
            "approval_body": "cabinet",
            "approved_on_0": "31",
            "approved_on_1": "2",
            "approved_on_2": "2026",
        },
    )
    assert "govuk-error-summary" in bad.content.decode()
    officer_client.post(
        url,
        {
            "approval_body": "cabinet",
            "approved_on_0": "2",
            "approved_on_1": "3",
            "approved_on_2": "2021",
            "decision_reference": "Cab 6",
        },
    )
    strategy.refresh_from_db()
    assert (strategy.status, str(strategy.approved_on)) == ("approved", "2021-03-02")


def test_hostile_text_is_shown_inert_on_public_and_staff_pages(
    client, officer, area
) -> None:
    hostile = '<script>alert("x")</script>{{ 7*7 }}{% debug %}'
    strategy = StrategyFactory.create(
        area=area, title=hostile, vision=hostile, status="in_consultation"
    )
    PriorityFactory.create(strategy=strategy, title=hostile)
    for url in (strategy.get_absolute_url(), f"/{area.slug}/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;{{ 7*7 }}" in html
    client.force_login(officer)
    html = client.get(strategy.get_staff_url()).content.decode()
    assert "<script>alert" not in html


def test_document_upload_checks_the_file_and_serves_it_through_a_permission_check(
    officer_client, area, settings, tmp_path
) -> None:
    public = Client()
    settings.MEDIA_ROOT = tmp_path
    strategy = StrategyFactory.create(area=area)
    url = staff_url("document_create", strategy)
    fake = SimpleUploadedFile(
        "strategy.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = officer_client.post(
        url, {"title": "Easy Read", "kind": "easy_read", "file": fake}
    )
    assert "is not a real PDF file" in response.content.decode()
    assert not StrategyDocument.objects.exists()

    pdf = SimpleUploadedFile(
        "er.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf"
    )
    officer_client.post(url, {"title": "Easy Read", "kind": "easy_read", "file": pdf})
    document = StrategyDocument.objects.get()
    download = document.get_absolute_url()
    assert officer_client.get(download).status_code == HTTPStatus.OK
    # The strategy is a draft: the public may not download its documents.
    assert public.get(download).status_code == HTTPStatus.NOT_FOUND
    strategy.status = StrategyStatus.IN_CONSULTATION
    strategy.save()
    served = public.get(download)
    assert isinstance(served, FileResponse)
    assert b"".join(served.streaming_content).startswith(b"%PDF-")
    assert (
        AuditEvent.objects.for_subject(strategy).filter(verb="document.added").exists()
    )


def test_oversized_uploads_are_refused_with_the_limit(
    officer_client, area, settings
) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024
    strategy = StrategyFactory.create(area=area)
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * 2048, content_type="application/pdf"
    )
    response = officer_client.post(
        staff_url("document_create", strategy),
        {"title": "Big", "kind": "full", "file": big},
    )
    assert "must be smaller than 1.0\xa0KB" in response.content.decode()


@pytest.mark.parametrize("priorities", [1, 12])
def test_public_strategy_page_queries_do_not_grow_with_priorities(
    client, area, priorities, django_assert_max_num_queries
) -> None:
    strategy = StrategyFactory.create(area=area, status="in_consultation")
    for number in range(1, priorities + 1):
        priority = PriorityFactory.create(strategy=strategy, number=number)
        priority.outcomes.create(text="I am heard")
    with django_assert_max_num_queries(8):
        assert client.get(strategy.get_absolute_url()).status_code == HTTPStatus.OK


@pytest.mark.parametrize("count", [1, 15])
def test_staff_strategy_list_queries_do_not_grow(
    officer_client, area, count, django_assert_max_num_queries
) -> None:
    StrategyFactory.create_batch(count, area=area)
    with django_assert_max_num_queries(10):
        assert (
            officer_client.get(f"/staff/{area.slug}/strategies/").status_code
            == HTTPStatus.OK
        )
