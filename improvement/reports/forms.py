"""The officer's request for a progress report."""

import datetime
from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.utils.translation import gettext_lazy as _

from sendportal.forms import PlainEnglishFormMixin
from sendportal.forms import WordingAdvice
from sendportal.forms import govuk_helper

from ..forms import recent_periods
from ..models import ReportingPeriod
from ..periods import PeriodBounds
from ..periods import PeriodType
from ..periods import period_containing


def quarter_choices(area_id: int, *, today: datetime.date) -> list[tuple[str, str]]:
    """Recent financial quarters and every quarter the area has figures for."""
    bounds = {b.start: b for b in recent_periods(PeriodType.FIN_QUARTER, today=today)}
    for period in ReportingPeriod.objects.for_area(area_id).of_type(
        PeriodType.FIN_QUARTER
    ):
        bounds.setdefault(
            period.start,
            PeriodBounds(period.period_type, period.start, period.end, period.label),
        )
    return [
        (start.isoformat(), bounds[start].label)
        for start in sorted(bounds, reverse=True)
    ]


class ReportRequestForm(PlainEnglishFormMixin, forms.Form):
    period = forms.ChoiceField(
        label=_("Which quarter is the report for?"),
        error_messages={"required": _("Select the quarter the report is for")},
    )
    executive_summary = forms.CharField(
        label=_("Executive summary"),
        help_text=_("What cabinet most needs to know this quarter."),
        max_length=10000,
        widget=forms.Textarea,
        error_messages={
            "required": _("Enter the executive summary"),
            "max_length": _("The executive summary must be 10,000 characters or fewer"),
        },
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": _("Enter the next steps"),
            "max_length": _("Next steps must be 5,000 characters or fewer"),
        },
    )

    def __init__(
        self, *args: Any, area_id: int, today: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        period_field = self.fields["period"]
        assert isinstance(period_field, forms.ChoiceField)  # noqa: S101  # declared above
        period_field.choices = quarter_choices(area_id, today=today)
        self.helper = govuk_helper(
            Field.select("period"),
            WordingAdvice(Field.textarea("executive_summary", rows=8)),
            WordingAdvice(Field.textarea("next_steps", rows=5)),
            submit=_("Request the report"),
            check_wording=True,
        )

    def clean_period(self) -> PeriodBounds:
        start = datetime.date.fromisoformat(self.cleaned_data["period"])
        return period_containing(PeriodType.FIN_QUARTER, start)
