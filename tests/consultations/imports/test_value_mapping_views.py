"""The "Match answers" page: every distinct answer of the choice columns, the
ones to choose first, hostile answers inert, and the preview's "Who we heard
from" before confirming."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from consultations.imports import services
from consultations.imports.columns import RESPONDENT_TYPE
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea

from .conftest import FREE
from .conftest import LIKERT
from .files import csv_bytes

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    "{{ request.user.email }}",
    '=HYPERLINK("http://evil.example","click")',
]
ROWS: list[list[object]] = [
    ["Timestamp", "I am a...", "Which area do you live in?", LIKERT, FREE],
    ["14/02/2026", "Education professional", "Dacorum", "Agree", "fine"],
    ["14/02/2026", "Parent or carer", "Watford", "SA", ""],
    ["15/02/2026", HOSTILE[0], "Dacorum", "Agree", ""],
    ["15/02/2026", HOSTILE[1], "Watford", "Agree", ""],
    ["15/02/2026", HOSTILE[2], "Dacorum", "Agree", ""],
]


def url(name: str, area: LocalArea, batch: ImportBatch) -> str:
    return reverse(
        f"consultation_imports:{name}", kwargs={"area_slug": area.slug, "pk": batch.pk}
    )


def make_batch(survey: Survey) -> ImportBatch:
    return services.import_batch_create(
        survey=survey,
        data=csv_bytes(ROWS),
        file_name="export.csv",
        channel="ONLINE_SURVEY",
        by=None,
    )


def test_the_match_page_lists_answers_to_choose_first_with_hostile_text_inert(
    client: Client,
    officer: User,
    import_survey: Survey,
    area: LocalArea,
    django_assert_max_num_queries: object,
) -> None:
    batch = make_batch(import_survey)
    client.force_login(officer)

    with django_assert_max_num_queries(25):  # type: ignore[operator]
        page = client.get(url("batch_values", area, batch))

    assert page.status_code == HTTPStatus.OK
    content = page.content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "{{ request.user.email }}" in content
    assert officer.email not in content.split("</header>", 1)[-1]
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in content
    assert page.context["unmatched"] == 4  # three hostile, one guess
    form = page.context["form"]
    first_group, first_rows = form.sections[0]
    assert first_group.target == RESPONDENT_TYPE
    assert [answer.chosen for _field, answer, _hint in first_rows[:4]] == [None] * 4
    assert "Perhaps: School staff" in content
    assert "Treat as Other" in content

    # Submitting with answers not chosen asks for each.
    data = {field.html_name: field.value() or "" for field in form}
    response = client.post(url("batch_values", area, batch), data)
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count("govuk-error-message") == 4
    assert "Choose what “Education professional” means" in response.content.decode()

    names = {answer.text: field.html_name for field, answer, _h in first_rows}
    data[names["Education professional"]] = "EDUCATION_SCHOOL"
    for hostile in HOSTILE[:2]:
        data[names[hostile]] = "OTHER"
    data[names[HOSTILE[2]]] = "-"  # Not given
    response = client.post(url("batch_values", area, batch), data)
    assert response["Location"] == url("batch_preview", area, batch)
    batch.refresh_from_db()
    assert batch.value_mapping[RESPONDENT_TYPE]["education professional"] == (
        "EDUCATION_SCHOOL"
    )
    assert (
        batch.value_mapping[RESPONDENT_TYPE]["hyperlink http evil example click"] == ""
    )
    # Saved choices are chosen when the page is shown again.
    again = client.get(url("batch_values", area, batch))
    assert again.context["unmatched"] == 0

    preview = client.get(response["Location"])
    content = preview.content.decode()
    assert "Who we heard from" in content
    charts = {chart.title: chart for chart in preview.context["preview"].heard}
    assert {bar.label: bar.count for bar in charts["Respondent groups"].bars} == {
        "Parents, carers and family": 1,
        "Professionals": 1,
        "Others": 3,
    }
    assert {bar.label: bar.count for bar in charts["Districts"].bars} == {
        "Dacorum": 3,
        "Watford": 2,
    }
    assert "Show the figures as a table" in content

    client.post(url("batch_preview", area, batch))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert (
        Response.objects.filter(import_batch=batch, district__name="Dacorum").count()
        == 3
    )
    imported = Response.objects.filter(import_batch=batch)
    assert imported.filter(respondent_type="PREFER_NOT_SAY").count() == 1  # Not given
    # The analysis page counts the imported voices by district and type.
    analysis = client.get(
        reverse(
            "consultations_staff:analysis",
            kwargs={"area_slug": area.slug, "pk": import_survey.consultation_id},
        )
    ).context["analysis"]
    assert {bar.label: bar.count for bar in analysis.by_district.bars} == {
        "Dacorum": 3,
        "Watford": 2,
    }
    by_type = {bar.label: bar.count for bar in analysis.by_type.bars}
    assert by_type["School staff"] == 1
    assert by_type["Other or member of the public"] == 2


def test_a_file_without_choice_columns_goes_straight_to_the_preview(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes([["Timestamp", FREE], ["14/02/2026", "Hello"]]),
        file_name="free.csv",
        channel="PAPER",
        by=None,
    )
    client.force_login(officer)
    response = client.post(
        url("batch_columns", area, batch),
        {f"column_{i}": target for i, target in enumerate(batch.mapping)},
    )
    assert response["Location"] == url("batch_preview", area, batch)
    assert client.get(url("batch_values", area, batch))["Location"] == url(
        "batch_preview", area, batch
    )


def test_an_imported_batch_has_no_match_page(
    client: Client, officer: User, import_survey: Survey, area: LocalArea
) -> None:
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes([["Timestamp", LIKERT], ["14/02/2026", "Agree"]]),
        file_name="one.csv",
        channel="PAPER",
        by=None,
    )
    services.import_batch_confirm(batch=batch, by=None)
    client.force_login(officer)
    response = client.post(url("batch_values", area, batch), {"value_0_0": "agree"})
    assert response["Location"] == url("batch_detail", area, batch)
