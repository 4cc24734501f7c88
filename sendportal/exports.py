"""Safe spreadsheet exports: text that a spreadsheet would run as a formula is escaped.

Shared by every app that exports what families typed (bookings, responses).
"""

from typing import Any

from import_export.fields import Field

# OWASP CSV injection: a cell must not begin with any of these.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def escape_formula(value: Any) -> Any:
    """Prefix ' to text a spreadsheet would treat as a formula; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaEscapedField(Field):
    """A django-import-export field whose exported text is formula-escaped."""

    def export(self, instance: Any, **kwargs: Any) -> Any:
        return escape_formula(super().export(instance, **kwargs))
