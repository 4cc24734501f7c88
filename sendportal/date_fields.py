"""The GOV.UK date input with the Design System's error messages.

crispy-forms-gds leaves the wording to the service and passes Python's own
messages through ("day is out of range for month", "year 99999 is out of
range"). This field checks the three parts itself and names the thing asked
for, as https://design-system.service.gov.uk/components/date-input/ says.
"""

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PARTS = ("day", "month", "year")
PART_NAMES = {
    "day": gettext_lazy("a day"),
    "month": gettext_lazy("a month"),
    "year": gettext_lazy("a year"),
}


class GovukDateField(DateInputField):
    """Day, month and year boxes; `thing` names the date in messages
    ("the closing date": "Enter the closing date", "The closing date must be a
    real date")."""

    def __init__(self, *, thing: str | Promise, **kwargs: Any) -> None:
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self._thing = thing

    @property
    def thing(self) -> str:
        return str(self._thing)

    def clean(self, value: Any) -> datetime.date | None:
        parts = ["" if v is None else str(v).strip() for v in (value or [])][:3]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            if self.required:
                raise ValidationError(
                    _("Enter %(thing)s") % {"thing": self.thing}, code="required"
                )
            return None
        missing = [name for name, part in zip(PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(
                _("%(thing)s must include %(parts)s")
                % {
                    "thing": capfirst(self.thing),
                    "parts": _(" and ").join(str(PART_NAMES[p]) for p in missing),
                },
                code="incomplete",
            )
        day, month, year = parts
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise self._not_real()
        if len(year) != 4:
            raise ValidationError(_("Year must include 4 numbers"), code="year")
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise self._not_real() from None
        self.validate(date)
        self.run_validators(date)
        return date

    def _not_real(self) -> ValidationError:
        return ValidationError(
            _("%(thing)s must be a real date") % {"thing": capfirst(self.thing)},
            code="invalid",
        )
