"""Forms for finance lines and figures, KPI targets, comparators and
breakdowns, board meetings, milestones and workstream members (GOV.UK markup
and wording)."""

import datetime
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.forms.models import model_to_dict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from sendportal.accounts.models import User
from sendportal.date_fields import GovukDateField
from sendportal.forms import govuk_helper
from sendportal.forms import stored_initial

from .models import Breakdown
from .models import FinanceBlock
from .models import FinanceLine
from .models import Kpi
from .models import KpiBenchmark
from .models import KpiBreakdown
from .models import Milestone
from .periods import PeriodBounds
from .periods import PeriodType
from .periods import period_containing


def period_choices(
    period_type: str, *, today: datetime.date, back: int = 4, ahead: int = 0
) -> list[PeriodBounds]:
    """Periods around today: `ahead` future ones, the current one, `back` past ones."""
    current = period_containing(period_type, today)
    periods = [current]
    for _step in range(ahead):
        periods.insert(
            0, period_containing(period_type, periods[0].end + datetime.timedelta(1))
        )
    for _step in range(back):
        periods.append(
            period_containing(period_type, periods[-1].start - datetime.timedelta(1))
        )
    return periods


def amount_field(
    label: StrOrPromise, thing: StrOrPromise, *, required: bool = True
) -> forms.DecimalField:
    """A figure in £ million (or a KPI's unit) with GOV.UK messages naming it."""
    messages = {
        "required": gettext_lazy("Enter {thing}"),
        "invalid": gettext_lazy("Enter {thing} as a number, like 12.5"),
        "max_decimal_places": gettext_lazy(
            "Enter {thing} with at most 3 decimal places"
        ),
        "max_digits": gettext_lazy("Enter a smaller figure for {thing}"),
        "max_whole_digits": gettext_lazy("Enter a smaller figure for {thing}"),
    }
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=3,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            key: format_lazy(message, thing=thing) for key, message in messages.items()
        },
    )


class PeriodChoiceMixin(forms.Form):
    """A `period` select over computed periods; `period_bounds()` is the choice."""

    periods: dict[str, PeriodBounds]

    def set_periods(self, periods: list[PeriodBounds]) -> None:
        self.periods = {bounds.start.isoformat(): bounds for bounds in periods}
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared below
        field.choices = [(key, b.label) for key, b in self.periods.items()]

    def period_bounds(self) -> PeriodBounds:
        return self.periods[self.cleaned_data["period"]]


class FinanceLineForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the line"),
        help_text=gettext_lazy("For example, Top-up funding for mainstream schools."),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Enter the name of the finance line"),
            "max_length": gettext_lazy("The name must be 200 characters or fewer"),
        },
    )
    block = forms.ChoiceField(
        label=gettext_lazy("Which block funds it?"),
        choices=FinanceBlock.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the block that funds the line")
        },
    )
    code = forms.SlugField(
        label=gettext_lazy("Code (optional)"),
        help_text=gettext_lazy(
            "Letters, numbers and hyphens. Leave it empty to make one from the name."
        ),
        max_length=40,
        required=False,
        error_messages={
            "invalid": gettext_lazy(
                "The code must only include letters, numbers and hyphens"
            ),
            "max_length": gettext_lazy("The code must be 40 characters or fewer"),
        },
    )

    def __init__(
        self, *args: Any, line: FinanceLine | None = None, **kwargs: Any
    ) -> None:
        if line is not None:
            stored_initial(kwargs, model_to_dict(line, fields=list(self.base_fields)))
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("name"),
            Field.radios("block", legend_size=Size.SMALL),
            Field.text("code", field_width=20),
            submit=gettext_lazy("Save finance line"),
        )


class FinanceValueForm(PeriodChoiceMixin, forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Financial quarter"),
        error_messages={"required": gettext_lazy("Select the financial quarter")},
    )
    budget = amount_field(gettext_lazy("Budget, £ million"), gettext_lazy("the budget"))
    forecast_outturn = amount_field(
        gettext_lazy("Forecast outturn, £ million"),
        gettext_lazy("the forecast outturn"),
    )
    actual = amount_field(
        gettext_lazy("Actual spend to date, £ million (optional)"),
        gettext_lazy("the actual spend"),
        required=False,
    )
    commentary = forms.CharField(
        label=gettext_lazy("Commentary (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea,
        error_messages={
            "max_length": gettext_lazy(
                "The commentary must be 3,000 characters or fewer"
            )
        },
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_periods(period_choices(PeriodType.FIN_QUARTER, today=today, back=7))
        self.helper = govuk_helper(
            Field.select("period"),
            Field.text("budget", field_width=10),
            Field.text("forecast_outturn", field_width=10),
            Field.text("actual", field_width=10),
            Field.textarea("commentary", rows=3),
            submit=gettext_lazy("Save figures"),
        )


class KpiTargetForm(PeriodChoiceMixin, forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        error_messages={"required": gettext_lazy("Select the period")},
    )
    value = amount_field(gettext_lazy("Target"), gettext_lazy("the target"))

    def __init__(
        self, *args: Any, kpi: Kpi, today: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_periods(period_choices(kpi.period_type, today=today, back=4, ahead=8))
        self.helper = govuk_helper(
            Field.select("period"),
            Field.text("value", field_width=10),
            submit=gettext_lazy("Save target"),
        )


class KpiBenchmarkForm(PeriodChoiceMixin, forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        error_messages={"required": gettext_lazy("Select the period")},
    )
    comparator = forms.ChoiceField(
        label=gettext_lazy("Compared with"),
        choices=KpiBenchmark.Comparator.choices,
        initial=KpiBenchmark.Comparator.ENGLAND,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select what the figure is for")},
    )
    value = amount_field(gettext_lazy("Value"), gettext_lazy("the comparator value"))
    source = forms.CharField(
        label=gettext_lazy("Source (optional)"),
        help_text=gettext_lazy(
            "For example, DfE, Special educational needs in England."
        ),
        max_length=200,
        required=False,
        error_messages={
            "max_length": gettext_lazy("The source must be 200 characters or fewer")
        },
    )

    def __init__(
        self, *args: Any, kpi: Kpi, today: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_periods(period_choices(kpi.period_type, today=today, back=8))
        self.helper = govuk_helper(
            Field.select("period"),
            Field.radios("comparator", legend_size=Size.SMALL, inline=True),
            Field.text("value", field_width=10),
            Field.text("source"),
            submit=gettext_lazy("Save comparator"),
        )


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Milestone"),
        max_length=300,
        error_messages={
            "required": gettext_lazy("Enter the milestone"),
            "max_length": gettext_lazy("The milestone must be 300 characters or fewer"),
        },
    )
    due_date = GovukDateField(
        label=gettext_lazy("Due date"), thing=gettext_lazy("the due date")
    )
    completed_on = GovukDateField(
        label=gettext_lazy("Completed on (optional)"),
        thing=gettext_lazy("the completion date"),
        required=False,
    )

    def __init__(
        self, *args: Any, milestone: Milestone | None = None, **kwargs: Any
    ) -> None:
        if milestone is not None:
            stored_initial(
                kwargs,
                {
                    "title": milestone.title,
                    "due_date": milestone.due_date,
                    "completed_on": milestone.completed_on,
                },
            )
        super().__init__(*args, **kwargs)
        fields: list[Any] = [Field.text("title"), Field("due_date")]
        if milestone is None:
            del self.fields["completed_on"]
        else:
            fields.append(Field("completed_on"))
        self.helper = govuk_helper(*fields, submit=gettext_lazy("Save milestone"))


class BoardMeetingForm(forms.Form):
    date = GovukDateField(
        label=gettext_lazy("Date of the meeting"), thing=gettext_lazy("the date")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field("date"), submit=gettext_lazy("Save board meeting")
        )


class KpiBreakdownForm(forms.Form):
    breakdown = forms.ChoiceField(
        label=gettext_lazy("Breakdown"),
        # "Whole area" is the KPI's own value, not a breakdown.
        choices=[(code, label) for code, label in Breakdown.choices if code],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select what the KPI is broken down by")
        },
    )
    group = forms.CharField(
        label=gettext_lazy("Group"),
        help_text=gettext_lazy(
            "As it is written in the data, for example North, 5 to 10 or Autism."
        ),
        max_length=100,
        error_messages={
            "required": gettext_lazy("Enter the name of the group"),
            "max_length": gettext_lazy("The group must be 100 characters or fewer"),
        },
    )

    def __init__(
        self,
        *args: Any,
        breakdown: KpiBreakdown | None = None,
        districts: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        if breakdown is not None:
            stored_initial(
                kwargs, {"breakdown": breakdown.breakdown, "group": breakdown.group}
            )
        super().__init__(*args, **kwargs)
        if districts:
            self.fields["group"].help_text = format_lazy(
                "{hint} {districts}",
                hint=gettext_lazy("The area’s districts are:"),
                districts=", ".join(districts),
            )
        self.helper = govuk_helper(
            Field.radios("breakdown", legend_size=Size.SMALL),
            Field.text("group", field_width=20),
            submit=gettext_lazy("Save breakdown group"),
        )


class WorkstreamMemberForm(forms.Form):
    member = forms.ModelChoiceField(
        label=gettext_lazy("Who joins the workstream?"),
        help_text=gettext_lazy(
            "Anyone with a role in this local area: officers, workstream leads, "
            "cabinet members and area admins. Someone not listed needs an "
            "invitation from an area admin first (People, on the staff home)."
        ),
        queryset=User.objects.none(),
        empty_label=gettext_lazy("Select a person"),
        error_messages={
            "required": gettext_lazy("Select the person who joins the workstream"),
            "invalid_choice": gettext_lazy("Select a person from the list"),
        },
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ModelChoiceField)  # noqa: S101  # declared above
        member.queryset = choices
        self.helper = govuk_helper(
            Field.select("member"), submit=gettext_lazy("Add member")
        )
