"""The coding frame of a strategy: adding, editing, merging, retiring and copying
themes, through their services and staff pages."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from consultations.models import AnswerTheme
from consultations.models import QuestionType
from consultations.staff_forms import CodingForm
from consultations.staff_forms import YouSaidWeDidForm
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from strategies import services
from strategies.models import StrategyStatus
from strategies.models import Theme
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import QuestionFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import SurveyFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.events.factories import EventFactory
from tests.events.factories import FindingFactory
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "officer", "lead", "cabinet", "admin", "other_officer"]
EDITORS = {"officer", "admin"}
MEMBERS = {"officer", "lead", "cabinet", "admin"}


def answers_for(consultation, count: int) -> list:
    """Free-text answers to one question of the consultation, one per response."""
    survey = SurveyFactory.create(consultation=consultation)
    question = QuestionFactory.create(
        survey=survey, question_type=QuestionType.FREE_TEXT
    )
    return [
        AnswerFactory.create(
            response=ResponseFactory.create(survey=survey),
            question=question,
            text_value=f"Answer {n}",
        )
        for n in range(count)
    ]


# Truth table -----------------------------------------------------------------


@pytest.mark.parametrize("status", list(StrategyStatus.values))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "permission", ["strategies.view_theme", "strategies.change_theme"]
)
def test_coding_frame_permission_truth_table(
    permission: str, role: str, status: str, users_by_role, area, other_area
) -> None:
    approved = status in ("approved", "superseded")
    strategy = StrategyFactory.create(
        area=area,
        status=status,
        approval_body="cabinet" if approved else "",
        approved_on="2025-01-01" if approved else None,
    )
    user = users_by_role[role] or AnonymousUser()
    allowed = {
        "strategies.view_theme": role in MEMBERS,
        "strategies.change_theme": role in EDITORS,
    }[permission]
    assert user.has_perm(permission, strategy) is allowed
    other = StrategyFactory.create(area=other_area)
    assert user.has_perm(permission, other) is (role == "other_officer")


# Merge -----------------------------------------------------------------------


def test_merge_moves_every_coding_exactly_once_and_retires_the_merged_theme(
    officer, area
) -> None:
    consultation = ConsultationFactory.create(area=area)
    strategy = consultation.strategy
    kept = ThemeFactory.create(strategy=strategy, name="Waiting times")
    merged = ThemeFactory.create(strategy=strategy, name="Delays")
    bystander = ThemeFactory.create(strategy=strategy, name="Transport")
    a1, a2, a3, a4 = answers_for(consultation, 4)
    for answer, themes in (
        (a1, [kept, merged]),  # both: must end with one coding to kept
        (a2, [merged]),
        (a3, [merged, bystander]),
        (a4, [kept]),
    ):
        for theme in themes:
            AnswerTheme.objects.create(answer=answer, theme=theme, coded_by=officer)
    event = EventFactory.create(area=area, strategy=strategy)
    f1, f2 = FindingFactory.create_batch(2, event=event)
    f1.themes.set([kept, merged])
    f2.themes.set([merged])
    item = YouSaidWeDidFactory.create(consultation=consultation, theme=merged)
    before = AnswerTheme.objects.count()

    services.theme_merge(merged=merged, kept=kept, by=officer)

    assert set(
        AnswerTheme.objects.filter(theme=kept).values_list("answer_id", flat=True)
    ) == {a1.pk, a2.pk, a3.pk, a4.pk}
    assert not AnswerTheme.objects.filter(theme=merged).exists()
    assert AnswerTheme.objects.filter(theme=bystander).count() == 1
    assert AnswerTheme.objects.count() == before - 1  # a1's duplicate dropped
    assert set(kept.event_findings.all()) == {f1, f2}
    assert not merged.event_findings.exists()
    item.refresh_from_db()
    assert item.theme == kept
    merged.refresh_from_db()
    assert merged.is_retired
    event_row = AuditEvent.objects.get(verb=AuditVerb.THEME_MERGED)
    assert event_row.changes["answer_codings_moved"] == [None, 2]
    assert event_row.changes["answer_codings_already_on_kept_theme"] == [None, 1]
    assert event_row.changes["finding_codings_moved"] == [None, 1]
    assert event_row.changes["finding_codings_already_on_kept_theme"] == [None, 1]
    assert event_row.changes["feedback_items_moved"] == [None, 1]
    assert event_row.changes["merged_theme"] == ["Delays", None]


def test_merge_refuses_itself_another_strategy_and_retired_themes(
    officer, area
) -> None:
    theme = ThemeFactory.create(strategy__area=area)
    elsewhere = ThemeFactory.create(strategy__area=area)
    retired = ThemeFactory.create(strategy=theme.strategy)
    services.theme_retire(theme=retired, by=officer)
    for merged, kept in ((theme, theme), (theme, elsewhere), (retired, theme)):
        with pytest.raises(ValidationError):
            services.theme_merge(merged=merged, kept=kept, by=officer)
    theme.refresh_from_db()
    assert not theme.is_retired


def test_the_merge_page_offers_only_other_active_themes_and_merges(
    officer, area
) -> None:
    strategy = StrategyFactory.create(area=area)
    merged = ThemeFactory.create(strategy=strategy, name="Delays")
    kept = ThemeFactory.create(strategy=strategy, name="Waiting times")
    retired = ThemeFactory.create(strategy=strategy, name="Old theme")
    services.theme_retire(theme=retired, by=officer)
    client = client_for(officer)
    url = staff_url("theme_merge", strategy, theme_pk=merged.pk)
    page = client.get(url).content.decode()
    assert "Waiting times" in page
    assert "Old theme" not in page
    response = client.post(url, {})
    assert "Select the theme to merge into" in response.content.decode()
    response = client.post(url, {"kept": kept.pk})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == staff_url("theme_list", strategy)
    merged.refresh_from_db()
    assert merged.is_retired
    # A retired theme cannot be merged again: not found.
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


# Retire ----------------------------------------------------------------------


def test_a_retired_theme_stays_on_past_codings_but_is_not_offered(
    officer, area
) -> None:
    consultation = ConsultationFactory.create(area=area)
    strategy = consultation.strategy
    active = ThemeFactory.create(strategy=strategy, name="Transport")
    retired = ThemeFactory.create(strategy=strategy, name="Delays")
    (answer, fresh) = answers_for(consultation, 2)
    AnswerTheme.objects.create(answer=answer, theme=retired)
    item = YouSaidWeDidFactory.create(consultation=consultation, theme=retired)

    services.theme_retire(theme=retired, by=officer)

    assert list(answer.themes.all()) == [retired]
    assert list(Theme.objects.for_strategy(strategy)) == [active]
    assert set(Theme.objects.for_strategy(strategy, include_retired=True)) == {
        active,
        retired,
    }
    coding = CodingForm(strategy=strategy, answer_ids=[fresh.pk])
    assert list(coding.fields["themes"].queryset) == [active]  # type: ignore[attr-defined]
    assert list(
        YouSaidWeDidForm(strategy=strategy).fields["theme"].queryset  # type: ignore[attr-defined]
    ) == [active]
    # An item already on the retired theme keeps it on its edit form.
    assert set(
        YouSaidWeDidForm(strategy=strategy, instance=item).fields["theme"].queryset  # type: ignore[attr-defined]
    ) == {active, retired}
    # Coding to a retired theme adds nothing, even if it is sent.
    from consultations import services as consultation_services

    added = consultation_services.answers_code(
        consultation=consultation,
        answer_ids=[fresh.pk],
        themes=[retired],
        by=officer,
    )
    assert added == 0
    assert (
        consultation_services.answers_code(
            consultation=consultation,
            answer_ids=[fresh.pk],
            themes=[active],
            by=officer,
        )
        == 1
    )
    assert AuditEvent.objects.filter(verb=AuditVerb.THEME_RETIRED).count() == 1


def test_the_free_text_page_offers_active_themes_and_filters_by_retired_ones(
    officer, area
) -> None:
    consultation = ConsultationFactory.create(area=area)
    ThemeFactory.create(strategy=consultation.strategy, name="Transport")
    retired = ThemeFactory.create(strategy=consultation.strategy, name="Delays")
    services.theme_retire(theme=retired, by=officer)
    answers_for(consultation, 1)
    page = client_for(officer).get(staff_url("free_text", consultation)).content
    html = page.decode()
    assert f'value="{retired.pk}">Delays</option>' in html  # the filter
    assert f'id="theme-{retired.pk}"' not in html  # not a coding checkbox
    assert 'name="themes"' in html  # the active one is


def test_the_free_text_page_links_an_empty_coding_frame_to_the_themes_page(
    officer, area
) -> None:
    consultation = ConsultationFactory.create(area=area)
    answers_for(consultation, 1)
    html = client_for(officer).get(staff_url("free_text", consultation)).content
    assert staff_url("theme_list", consultation.strategy) in html.decode()


def test_the_retire_page_confirms_then_retires(officer, area) -> None:
    theme = ThemeFactory.create(strategy__area=area, name="Delays")
    client = client_for(officer)
    url = staff_url("theme_retire", theme.strategy, theme_pk=theme.pk)
    assert "Retire this theme?" in client.get(url).content.decode()
    assert client.post(url).status_code == HTTPStatus.FOUND
    theme.refresh_from_db()
    assert theme.is_retired


# Add and edit ----------------------------------------------------------------


def test_add_and_edit_a_theme_through_its_pages(officer, area) -> None:
    strategy = StrategyFactory.create(area=area)
    priority = PriorityFactory.create(strategy=strategy, number=2)
    client = client_for(officer)
    response = client.post(
        staff_url("theme_create", strategy),
        {"name": "Waiting times", "description": "", "priority": priority.pk},
    )
    assert response.status_code == HTTPStatus.FOUND
    theme = Theme.objects.get(strategy=strategy)
    assert theme.priority == priority
    response = client.post(
        staff_url("theme_update", strategy, theme_pk=theme.pk),
        {"name": "Waiting for assessments", "description": "EHC needs", "priority": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    theme.refresh_from_db()
    assert (theme.name, theme.description, theme.priority) == (
        "Waiting for assessments",
        "EHC needs",
        None,
    )
    verbs = list(
        AuditEvent.objects.for_subject(strategy).values_list("verb", flat=True)
    )
    assert AuditVerb.THEME_CREATED in verbs
    assert AuditVerb.THEME_CHANGED in verbs


def test_theme_errors_use_govuk_wording_and_keep_what_was_typed(officer, area) -> None:
    strategy = StrategyFactory.create(area=area)
    ThemeFactory.create(strategy=strategy, name="Transport")
    other_priority = PriorityFactory.create(strategy__area=area)
    client = client_for(officer)
    html = client.post(
        staff_url("theme_create", strategy), {"name": "", "description": "kept"}
    ).content.decode()
    assert "Enter the theme’s name" in html
    assert "kept" in html
    assert "This field is required." not in html
    html = client.post(
        staff_url("theme_create", strategy), {"name": "transport"}
    ).content.decode()
    assert "A theme called “Transport” already exists" in html
    html = client.post(
        staff_url("theme_create", strategy),
        {"name": "New", "priority": other_priority.pk},
    ).content.decode()
    assert "Select a priority of this strategy" in html
    assert Theme.objects.filter(strategy=strategy).count() == 1


def test_hostile_theme_names_stay_inert(officer, area) -> None:
    strategy = StrategyFactory.create(area=area)
    ThemeFactory.create(strategy=strategy, name="<script>alert(1)</script>")
    html = client_for(officer).get(staff_url("theme_list", strategy)).content
    assert b"<script>alert(1)</script>" not in html
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Copy ------------------------------------------------------------------------


def test_copy_a_coding_frame_from_another_strategy_of_the_area(officer, area) -> None:
    source = StrategyFactory.create(area=area)
    target = StrategyFactory.create(area=area)
    PriorityFactory.create(strategy=source, number=3)
    target_priority = PriorityFactory.create(strategy=target, number=3)
    ThemeFactory.create(
        strategy=source, name="Transport", priority=source.priorities.get()
    )
    ThemeFactory.create(strategy=source, name="Delays", description="Waits")
    retired = ThemeFactory.create(strategy=source, name="Old")
    services.theme_retire(theme=retired, by=officer)
    ThemeFactory.create(strategy=target, name="delays")  # already there

    response = client_for(officer).post(
        staff_url("coding_frame_copy", target), {"source": source.pk}
    )

    assert response.status_code == HTTPStatus.FOUND
    copied = {t.name: t for t in Theme.objects.for_strategy(target)}
    assert set(copied) == {"Transport", "delays"}
    assert copied["Transport"].priority == target_priority
    event = AuditEvent.objects.get(verb=AuditVerb.CODING_FRAME_COPIED)
    assert event.changes["themes_added"] == [None, 1]
    assert event.changes["themes_skipped"] == [None, 1]


def test_a_coding_frame_is_not_copied_from_another_area(
    officer, area, other_area
) -> None:
    target = StrategyFactory.create(area=area)
    foreign = StrategyFactory.create(area=other_area)
    ThemeFactory.create(strategy=foreign, name="Transport")
    with pytest.raises(ValidationError):
        services.coding_frame_copy(source=foreign, target=target, by=officer)
    html = client_for(officer).post(
        staff_url("coding_frame_copy", target), {"source": foreign.pk}
    )
    assert "Select the strategy to copy from" in html.content.decode()
    assert not Theme.objects.filter(strategy=target).exists()


# Pages: who may see and send -------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_theme_pages_answer_by_role(role: str, users_by_role, area) -> None:
    strategy = StrategyFactory.create(area=area)
    theme = ThemeFactory.create(strategy=strategy)
    ThemeFactory.create(strategy=strategy)
    client = client_for(users_by_role[role])
    expected_read = HTTPStatus.OK if role in MEMBERS else HTTPStatus.FORBIDDEN
    expected_write = HTTPStatus.OK if role in EDITORS else HTTPStatus.FORBIDDEN
    if role == "anonymous":
        expected_read = expected_write = HTTPStatus.FOUND  # to sign in
    assert client.get(staff_url("theme_list", strategy)).status_code == expected_read
    for name, kwargs in (
        ("theme_create", {}),
        ("theme_update", {"theme_pk": theme.pk}),
        ("theme_merge", {"theme_pk": theme.pk}),
        ("theme_retire", {"theme_pk": theme.pk}),
        ("coding_frame_copy", {}),
    ):
        url = staff_url(name, strategy, **kwargs)
        assert client.get(url).status_code == expected_write, name
        if role not in EDITORS:
            assert client.post(url, {"name": "x"}).status_code == expected_write
    theme.refresh_from_db()
    assert not theme.is_retired or role in EDITORS


def test_another_strategys_theme_is_not_found(officer, area, other_area) -> None:
    strategy = StrategyFactory.create(area=area)
    stranger = ThemeFactory.create(strategy__area=area)
    client = client_for(officer)
    for name in ("theme_update", "theme_merge", "theme_retire"):
        url = staff_url(name, strategy, theme_pk=stranger.pk)
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    foreign = StrategyFactory.create(area=other_area)
    url = staff_url("theme_list", foreign).replace(other_area.slug, area.slug)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_themes_page_query_count_does_not_grow(
    officer, area, django_assert_max_num_queries
) -> None:
    strategy = StrategyFactory.create(area=area)
    ThemeFactory.create_batch(2, strategy=strategy, priority=None)
    client = client_for(officer)
    url = staff_url("theme_list", strategy)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        ThemeFactory.create(
            strategy=strategy, priority=PriorityFactory.create(strategy=strategy)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
