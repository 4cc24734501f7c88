"""Forms for recording progress on improvement plans (GOV.UK markup)."""

import datetime
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.utils.translation import gettext_lazy as _

from sendportal.forms import govuk_helper

from .models import ActionStatus
from .models import Kpi
from .models import KpiValue
from .models import Rag
from .periods import PeriodBounds
from .periods import period_containing


class ActionUpdateForm(forms.Form):
    rag = forms.ChoiceField(
        label=_("RAG rating"),
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a RAG rating")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the action’s status")},
    )
    narrative = forms.CharField(
        label=_("Progress since the last update"),
        help_text=_("Give the reason for the rating."),
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": _("Describe the progress since the last update"),
            "max_length": _("Progress must be 5,000 characters or fewer"),
        },
    )
    next_steps = forms.CharField(
        label=_("Next steps (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea,
    )
    evidence = forms.CharField(
        label=_("Evidence (optional)"),
        help_text=_("For example, a report, minutes or a link to data."),
        max_length=3000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.radios("rag", legend_size=Size.MEDIUM),
            Field.radios("status", legend_size=Size.MEDIUM),
            Field.textarea("narrative", rows=5),
            Field.textarea("next_steps", rows=3),
            Field.textarea("evidence", rows=3),
            submit=_("Record update"),
        )


class WorkstreamRagForm(forms.Form):
    rag = forms.ChoiceField(
        label=_("Overall RAG rating"),
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a RAG rating")},
    )
    rag_reason = forms.CharField(
        label=_("Reason for the rating"),
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": _("Give the reason for the rating")},
    )
    mitigation = forms.CharField(
        label=_("Steps to mitigate (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea,
    )
    impact_if_not_mitigated = forms.CharField(
        label=_("Impact if not mitigated (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.radios("rag", legend_size=Size.MEDIUM),
            Field.textarea("rag_reason", rows=4),
            Field.textarea("mitigation", rows=3),
            Field.textarea("impact_if_not_mitigated", rows=3),
            submit=_("Save rating"),
        )


def recent_periods(
    period_type: str, *, today: datetime.date, count: int = 8
) -> list[PeriodBounds]:
    """The period containing today and the ones before it, newest first."""
    periods = [period_containing(period_type, today)]
    while len(periods) < count:
        periods.append(
            period_containing(period_type, periods[-1].start - datetime.timedelta(1))
        )
    return periods


class KpiValueForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), error_messages={"required": _("Select the period")}
    )
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=14,
        decimal_places=3,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Enter the value"),
            "invalid": _("Enter the value as a number, like 48.5"),
            "max_decimal_places": _("Enter the value with at most 3 decimal places"),
            "max_digits": _("Enter a smaller value"),
            "max_whole_digits": _("Enter a smaller value"),
        },
    )
    status = forms.ChoiceField(
        label=_("Is the value final?"),
        choices=KpiValue.Status.choices,
        initial=KpiValue.Status.PROVISIONAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the value is final")},
    )
    commentary = forms.CharField(
        label=_("Commentary (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, kpi: Kpi, today: datetime.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        self.periods = {
            bounds.start.isoformat(): bounds
            for bounds in recent_periods(kpi.period_type, today=today)
        }
        period_field = self.fields["period"]
        assert isinstance(period_field, forms.ChoiceField)  # noqa: S101  # declared above
        period_field.choices = [
            (key, bounds.label) for key, bounds in self.periods.items()
        ]
        self.helper = govuk_helper(
            Field.select("period"),
            Field.text("value", field_width=10),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.textarea("commentary", rows=3),
            submit=_("Save value"),
        )

    def clean_value(self) -> Decimal:
        value: Decimal = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError(_("The value cannot be negative"))
        if self.kpi.unit == "percent" and value > 100:
            raise forms.ValidationError(_("A percentage must be 100 or less"))
        return value

    def period_bounds(self) -> PeriodBounds:
        return self.periods[self.cleaned_data["period"]]


class ProgressImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file hold?"),
        choices=[
            ("kpi_values", _("KPI values: kpi_code, period, value, status")),
            (
                "action_updates",
                _("Action updates: reference, rag, status, narrative, next_steps"),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what the file holds")},
    )
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("CSV (UTF-8) or Excel workbook (.xlsx), up to 2 MB."),
        error_messages={
            "required": _("Select a CSV or XLSX file"),
            "empty": _("The selected file is empty"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field("file"),
            submit=_("Check the file"),
        )

    def clean_file(self) -> Any:
        from .imports import validate_progress_file

        upload = self.cleaned_data["file"]
        self.extension = validate_progress_file(upload)
        return upload
