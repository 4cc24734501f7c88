"""Safe spreadsheet exports: text that a spreadsheet would run as a formula is escaped.

The one rule for every export of what people typed (bookings, responses, the
survey-import round trip), and its inverse for files the portal reads back.
"""

from typing import Any

from import_export.fields import Field

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
