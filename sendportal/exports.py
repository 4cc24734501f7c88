"""Safe spreadsheet exports: text that a spreadsheet would run as a formula is escaped.

The one rule for every export of what people typed (bookings, responses, the
survey-import round trip), and its inverse for files the portal reads back.
"""

from typing import Any

from import_export.fields import Field
from import_export.formats.base_formats import XLSX

# OWASP CSV injection: a cell must not begin with any of these.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
ESCAPE = "'"


def _needs_escape(text: str) -> bool:
    # Text that already starts with the escape is escaped again, so reading an
    # export back removes exactly one. Spreadsheets may trim leading spaces on
    # import, so " =1+1" counts as a formula too.
    return text.startswith((*FORMULA_TRIGGERS, ESCAPE)) or text.lstrip().startswith(
        FORMULA_TRIGGERS
    )


def escape_formula(value: Any) -> Any:
    """Prefix ' to text a spreadsheet would treat as a formula; other values pass."""
    if isinstance(value, str) and _needs_escape(value):
        return ESCAPE + value
    return value


def unescape_formula(text: str) -> str:
    """The text as typed, from a cell that `escape_formula` made inert.

    An apostrophe that the rule would not have added (a third-party file's
    "'tis") is kept.
    """
    if text.startswith(ESCAPE) and _needs_escape(text[1:]):
        return text[1:]
    return text


class FormulaEscapedField(Field):
    """A django-import-export field whose exported text is formula-escaped."""

    def export(self, instance: Any, **kwargs: Any) -> Any:
        return escape_formula(super().export(instance, **kwargs))


def workbook_bytes(dataset: Any, *, title: str) -> bytes:
    """An XLSX of `dataset` with a named sheet (never "Tablib Dataset").

    Control characters a workbook cannot hold are replaced (U+FFFD) rather
    than failing the whole export on one hostile answer.
    """
    # Excel limits sheet names to 31 characters and forbids []:*?/\ in them.
    dataset.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    return bytes(_SafeXLSX().export_data(dataset))


class _SafeXLSX(XLSX):
    def export_data(self, dataset: Any, **kwargs: Any) -> Any:
        self._escape_illegal_chars(dataset)
        return super().export_data(dataset, **kwargs)
