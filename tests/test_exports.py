"""Formula escaping of exported cells (OWASP CSV injection)."""

import pytest
import tablib
from import_export.resources import Resource

from sendportal.exports import FormulaEscapedField
from sendportal.exports import escape_formula


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
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
    ],
)
def test_text_a_spreadsheet_would_run_is_prefixed_with_a_quote(value, expected):
    assert escape_formula(value) == expected


@pytest.mark.parametrize(
    "value", ["Parent carer", "", "1+1", "a=b", "Step-free access", None, 12, 1.5]
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
