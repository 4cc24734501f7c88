"""Formula escaping of exported cells (OWASP CSV injection)."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.contrib import admin
from import_export.admin import ImportMixin
from import_export.resources import Resource

from consultations.models import Answer
from events.resources import BookingExportResource
from sendportal.exports import FormulaEscapedField
from sendportal.exports import escape_formula
from sendportal.exports import unescape_formula
from tests.events.factories import BookingFactory
from tests.hostile import FORMULA_TEXT
from tests.hostile import TRIGGERS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("==1+1", "'==1+1"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        (" =1+1", "' =1+1"),
        ("\u00a0\n@SUM(A1)", "'\u00a0\n@SUM(A1)"),
        ("'already quoted", "''already quoted"),
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
    ],
)
def test_text_a_spreadsheet_would_run_is_prefixed_with_a_quote(value, expected):
    assert escape_formula(value) == expected


@pytest.mark.parametrize(
    "value",
    ["Parent carer", "", "  ", "1+1", "a=b", "Step-free access", "it's", None, 12, 1.5],
)
def test_harmless_values_pass_unchanged(value):
    assert escape_formula(value) == value


class _Row:
    def __init__(self, text: str) -> None:
        self.text = text


class _TextResource(Resource):
    text = FormulaEscapedField(attribute="text", column_name="Text")


def test_formula_escaped_field_escapes_exported_csv_and_xlsx_cells():
    dataset = _TextResource().export([_Row("=cmd"), _Row("plain")])
    assert dataset["Text"] == ["'=cmd", "plain"]
    assert "'=cmd" in dataset.csv
    reloaded = tablib.Dataset().load(dataset.xlsx, format="xlsx")
    assert reloaded["Text"] == ["'=cmd", "plain"]


HOSTILE = [*FORMULA_TEXT, "''", "'", "'tis", ""]


@pytest.mark.parametrize("value", HOSTILE)
def test_unescaping_an_escaped_value_gives_back_what_was_typed(value: str) -> None:
    escaped = escape_formula(value)
    assert not escaped.lstrip().startswith(TRIGGERS)
    assert unescape_formula(escaped) == value


@pytest.mark.parametrize(("text", "typed"), [("'tis", "'tis"), ("'=1", "=1")])
def test_an_apostrophe_the_rule_would_not_add_is_kept_on_import(text, typed) -> None:
    assert unescape_formula(text) == typed


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_bookings_export_escapes_hostile_text(file_format: str) -> None:
    bookings = [
        BookingFactory.create(name=text or "x", access_requirements=text)
        for text in HOSTILE
    ]
    dataset = BookingExportResource().export(bookings)
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(dataset.export("csv"), newline="")))[1:]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(dataset.export("xlsx"))).active
        assert sheet is not None
        rows = [
            ["" if c is None else str(c) for c in row]
            for row in sheet.iter_rows(min_row=2, values_only=True)
        ]
    expected = [escape_formula(text) for text in HOSTILE]
    if file_format == "xlsx":
        # XML reads a carriage return back as a line feed.
        expected = [text.replace("\r", "\n") for text in expected]
    assert [row[5] for row in rows] == expected
    assert not [cell for row in rows for cell in row if cell.startswith(TRIGGERS)]


def test_answers_cannot_be_imported_through_the_django_admin() -> None:
    # Imports go through the survey-import pages and the checked reader.
    answer_admin = admin.site._registry[Answer]
    assert not isinstance(answer_admin, ImportMixin)
    assert not any(isinstance(m, ImportMixin) for m in admin.site._registry.values())
