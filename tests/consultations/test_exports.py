"""Exports: OWASP formula escaping, and export then import gives the same values."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from consultations.models import Answer
from consultations.models import Survey
from consultations.resources import AnswerResource
from consultations.resources import answers_for_export
from consultations.resources import export_rows
from sendportal.accounts.models import User
from sendportal.exports import escape_formula
from strategies.codes import AgeBand
from strategies.codes import NeedType
from strategies.codes import SettingType
from strategies.codes import SupportLevel
from tests.consultations.conftest import questions
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ResponseFactory
from tests.hostile import FORMULA_TEXT
from tests.hostile import TRIGGERS

pytestmark = pytest.mark.django_db

HOSTILE = [
    *FORMULA_TEXT,
    'a";=1+1',
    "<script>alert(1)</script> {{ 7*7 }}",
    "\u202egnp.exe",
    "\x1b[31mterminal escape\x07",
]


def hostile_answers(survey: Survey) -> list[Answer]:
    free = questions(survey)[2]
    response = ResponseFactory.create(survey=survey)
    return [
        AnswerFactory.create(response=response, question=free, text_value=text)
        for text in HOSTILE
    ]


def export_url(survey: Survey, file_format: str) -> str:
    consultation = survey.consultation
    return reverse(
        "consultations_staff:export",
        args=[consultation.area.slug, consultation.pk, file_format],
    )


@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_values_never_start_with_a_formula_trigger(value: str) -> None:
    assert not escape_formula(value).startswith(TRIGGERS)


def test_csv_export_escapes_every_cell(
    client: Client, officer: User, survey: Survey
) -> None:
    hostile_answers(survey)
    client.force_login(officer)
    response = client.get(export_url(survey, "csv"))
    streamed = response.streaming_content  # type: ignore[attr-defined]  # streaming
    body = b"".join(streamed).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0][0] == "id"
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]
    assert "'==1+1" in cells
    assert response["Cache-Control"] == "no-store"


def test_xlsx_export_escapes_every_cell(
    client: Client, officer: User, survey: Survey
) -> None:
    hostile_answers(survey)
    client.force_login(officer)
    response = client.get(export_url(survey, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [
        cell.value
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert cells
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]
    assert "\ufffd[31mterminal escape\ufffd" in cells


def test_a_cabinet_member_cannot_export(client: Client, users_by_role, survey) -> None:
    client.force_login(users_by_role["cabinet"])
    assert client.get(export_url(survey, "csv")).status_code == 403


def test_fast_export_rows_match_the_resource_row_for_row(survey: Survey) -> None:
    hostile_answers(survey)
    likert = questions(survey)[0]
    AnswerFactory.create(
        response=ResponseFactory.create(survey=survey, district=None),
        question=likert,
        option_code="agree",
        number_value="-2.50",
    )
    resource = AnswerResource()
    queryset = answers_for_export(survey.consultation.pk)
    slow = [resource.export_resource(answer) for answer in queryset]
    assert list(export_rows(AnswerResource(), queryset)) == slow


def test_both_exports_carry_the_profile_answers_as_labels(
    client: Client, officer: User, survey: Survey
) -> None:
    response = ResponseFactory.create(
        survey=survey,
        age_bands=AgeBand.values[:2],
        need_codes=[NeedType.values[0]],
        setting_type=SettingType.values[0],
        support_level=SupportLevel.values[0],
    )
    AnswerFactory.create(
        response=response, question=questions(survey)[0], option_code="agree"
    )
    ages = "; ".join(str(AgeBand(code).label) for code in response.age_bands)
    expected = {
        "age of child": ages,
        "areas of need": str(NeedType(NeedType.values[0]).label),
        "setting": str(SettingType(SettingType.values[0]).label),
        "support": str(SupportLevel(SupportLevel.values[0]).label),
    }
    client.force_login(officer)

    csv_response = client.get(export_url(survey, "csv"))
    streamed = csv_response.streaming_content  # type: ignore[attr-defined]
    rows = list(
        csv.DictReader(io.StringIO(b"".join(streamed).decode("utf-8-sig"), newline=""))
    )
    (row,) = [r for r in rows if r["reference"] == response.reference]
    assert {key: row[key] for key in expected} == expected

    workbook = load_workbook(io.BytesIO(client.get(export_url(survey, "xlsx")).content))
    sheet = workbook.active
    assert sheet.title == "Responses"
    headings = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    for values in sheet.iter_rows(min_row=2, values_only=True):
        cells = dict(zip(headings, values, strict=True))
        if cells["reference"] == response.reference:
            assert {key: cells[key] for key in expected} == expected
            break
    else:
        raise AssertionError("the response is missing from the XLSX export")
