"""Forms for recording progress on improvement plans (GOV.UK markup)."""

import datetime
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.areas.models import PartnerOrganisation
from sendportal.date_fields import GovukDateField
from sendportal.forms import govuk_helper
from sendportal.forms import stored_initial
from strategies.models import Priority
from strategies.models import Strategy

from .models import Action
from .models import ActionStatus
from .models import Direction
from .models import Kpi
from .models import KpiBreakdown
from .models import KpiValue
from .models import Plan
from .models import Rag
from .models import Unit
from .models import Workstream
from .periods import PeriodBounds
from .periods import PeriodType
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

    group = forms.ChoiceField(
        label=_("Who is the value for?"),
        help_text=_("The whole area, or one of the KPI’s breakdown groups."),
        error_messages={
            "required": _("Select who the value is for"),
            "invalid_choice": _("Select who the value is for"),
        },
    )

    WHOLE_AREA = "area"

    def __init__(self, *args: Any, kpi: Kpi, today: datetime.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        # Only groups still in use take new values.
        self.groups = {str(row.pk): row for row in kpi.breakdowns.active()}
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ChoiceField)  # noqa: S101  # declared above
        group_field.choices = [(self.WHOLE_AREA, _("Whole area"))] + [
            (key, str(row)) for key, row in self.groups.items()
        ]
        group_field.initial = self.WHOLE_AREA
        layout: list[Any] = []
        if self.groups:
            layout.append(Field.select("group"))
        else:
            del self.fields["group"]
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
            *layout,
            Field.text("value", field_width=10),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.textarea("commentary", rows=3),
            submit=_("Save value"),
        )

    def breakdown_group(self) -> KpiBreakdown | None:
        """The breakdown group chosen, or None for the whole area."""
        return self.groups.get(self.cleaned_data.get("group") or self.WHOLE_AREA)

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


PLAN_ERRORS = {
    "title": {
        "required": _("Enter the plan’s title"),
        "max_length": _("The title must be 200 characters or fewer"),
    },
    "board": {
        "required": _("Enter the board that oversees the plan"),
        "max_length": _("The board’s name must be 200 characters or fewer"),
    },
}


class PlanForm(forms.Form):
    """A plan's strategy (when starting it), title, board, rhythm and start."""

    strategy = forms.ModelChoiceField(
        label=_("Which strategy does the plan deliver?"),
        queryset=Strategy.objects.none(),
        error_messages={
            "required": _("Select the strategy the plan delivers"),
            "invalid_choice": _("Select the strategy the plan delivers"),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, SEND Improvement Plan 2026 to 2027"),
        error_messages=PLAN_ERRORS["title"],
    )
    board = forms.CharField(
        label=_("Governance board"),
        max_length=200,
        help_text=_("For example, SEND Partnership Board"),
        error_messages=PLAN_ERRORS["board"],
    )
    update_period_type = forms.ChoiceField(
        label=_("How often are actions updated?"),
        choices=PeriodType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how often actions are updated")},
    )
    starts_on = GovukDateField(
        label=_("When does the plan start? (optional)"),
        thing=_("the start date"),
        required=False,
        help_text=_("For example, 1 4 2026"),
    )

    def __init__(
        self, *args: Any, area: LocalArea, plan: Plan | None = None, **kwargs: Any
    ) -> None:
        if plan is not None:
            stored_initial(
                kwargs,
                {
                    "title": plan.title,
                    "board": plan.board,
                    "update_period_type": plan.update_period_type,
                    "starts_on": plan.starts_on,
                },
            )
        else:
            stored_initial(kwargs, {"update_period_type": PeriodType.MONTH})
        super().__init__(*args, **kwargs)
        fields: list[Any] = []
        if plan is None:
            strategy = self.fields["strategy"]
            assert isinstance(strategy, forms.ModelChoiceField)  # noqa: S101  # declared above
            strategy.queryset = Strategy.objects.for_area(area)
            fields.append(Field.select("strategy"))
        else:
            # A plan stays with the strategy it was started for.
            del self.fields["strategy"]
        self.helper = govuk_helper(
            *fields,
            Field.text("title"),
            Field.text("board"),
            Field.radios("update_period_type", legend_size=Size.SMALL),
            Field("starts_on"),
            submit=_("Save plan"),
        )


class WorkstreamForm(forms.Form):
    """A workstream's name, its lead and the priorities it covers."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example, Early identification impact group"),
        error_messages={
            "required": _("Enter the workstream’s name"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    lead = forms.ModelChoiceField(
        label=_("Lead (optional)"),
        help_text=_(
            "People with the workstream lead role in this area. The lead records "
            "progress on the workstream’s actions and KPIs."
        ),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No lead yet"),
        error_messages={"invalid_choice": _("Select a workstream lead from the list")},
    )
    priorities = forms.ModelMultipleChoiceField(
        label=_("Priorities covered (optional)"),
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select priorities from the list")},
    )

    def __init__(
        self,
        *args: Any,
        plan: Plan,
        workstream: Workstream | None = None,
        **kwargs: Any,
    ) -> None:
        if workstream is not None:
            stored_initial(
                kwargs, model_to_dict(workstream, fields=list(self.base_fields))
            )
        super().__init__(*args, **kwargs)
        lead = self.fields["lead"]
        priorities = self.fields["priorities"]
        assert isinstance(lead, forms.ModelChoiceField)  # noqa: S101  # declared above
        assert isinstance(priorities, forms.ModelMultipleChoiceField)  # noqa: S101
        lead.queryset = (
            User.objects.filter(
                is_active=True,
                memberships__area_id=plan.area_id,
                memberships__role=Role.WORKSTREAM_LEAD,
            )
            .distinct()
            .order_by("name", "email")
        )
        priorities.queryset = plan.strategy.priorities.order_by("number")
        self.helper = govuk_helper(
            Field.text("name"),
            Field.select("lead"),
            Field.checkboxes("priorities", legend_size=Size.SMALL, small=True),
            submit=_("Save workstream"),
        )


class ActionForm(forms.Form):
    """What an action is: number, title, workstream, owner, partner and dates."""

    workstream = forms.ModelChoiceField(
        label=_("Workstream"),
        queryset=Workstream.objects.none(),
        error_messages={
            "required": _("Select the workstream that delivers the action"),
            "invalid_choice": _("Select the workstream that delivers the action"),
        },
    )
    reference = forms.CharField(
        label=_("Action number"),
        max_length=20,
        help_text=_("For example, 2.3"),
        error_messages={
            "required": _("Enter the action’s number"),
            "max_length": _("The number must be 20 characters or fewer"),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={
            "required": _("Enter the action’s title"),
            "max_length": _("The title must be 300 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        error_messages={
            "max_length": _("The description must be 5,000 characters or fewer")
        },
    )
    priority = forms.ModelChoiceField(
        label=_("Priority (optional)"),
        queryset=Priority.objects.none(),
        required=False,
        empty_label=_("No priority"),
        error_messages={"invalid_choice": _("Select a priority from the list")},
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No owner yet"),
        error_messages={"invalid_choice": _("Select an owner from the list")},
    )
    lead_partner = forms.ModelChoiceField(
        label=_("Lead partner organisation (optional)"),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        empty_label=_("No partner organisation"),
        error_messages={
            "invalid_choice": _("Select a partner organisation from the list")
        },
    )
    start_date = GovukDateField(
        label=_("Start date (optional)"), thing=_("the start date"), required=False
    )
    due_date = GovukDateField(label=_("Due date"), thing=_("the due date"))
    revised_due_date = GovukDateField(
        label=_("Revised due date (optional)"),
        help_text=_("When the board agreed a later date. The first due date is kept."),
        thing=_("the revised due date"),
        required=False,
    )
    is_wsoa = forms.BooleanField(
        label=_("It is in the written statement of action"), required=False
    )
    is_pap = forms.BooleanField(
        label=_("It is in the priority action plan"), required=False
    )
    success_measure = forms.CharField(
        label=_("How will you know it worked? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        error_messages={
            "max_length": _("The success measure must be 2,000 characters or fewer")
        },
    )

    def __init__(
        self, *args: Any, plan: Plan, action: Action | None = None, **kwargs: Any
    ) -> None:
        if action is not None:
            stored_initial(kwargs, model_to_dict(action, fields=list(self.base_fields)))
        super().__init__(*args, **kwargs)
        querysets: dict[str, Any] = {
            # Retired workstreams take no new actions (an action keeps its own).
            "workstream": Workstream.objects.for_plan(plan).filter(
                Q(retired_at__isnull=True)
                | Q(pk=action.workstream_id if action else None)
            ),
            "priority": plan.strategy.priorities.order_by("number"),
            "owner": User.objects.filter(
                is_active=True, memberships__area_id=plan.area_id
            )
            .distinct()
            .order_by("name", "email"),
            "lead_partner": PartnerOrganisation.objects.filter(area_id=plan.area_id),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  # declared above
            field.queryset = queryset
        self.helper = govuk_helper(
            Field.select("workstream"),
            Field.text("reference", field_width=5),
            Field.text("title"),
            Field.textarea("description", rows=4),
            Field.select("priority"),
            Field.select("owner"),
            Field.select("lead_partner"),
            Field("start_date"),
            Field("due_date"),
            Field("revised_due_date"),
            Field.checkbox("is_wsoa"),
            Field.checkbox("is_pap"),
            Field.textarea("success_measure", rows=3),
            submit=_("Save action"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date must be on or after the start"))
        return cleaned


class KpiForm(forms.Form):
    """A KPI's definition: what is measured, how, how often and from where."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("A short name used in spreadsheets, for example ehcp-20-weeks"),
        error_messages={
            "required": _("Enter the KPI’s code"),
            "invalid": _("Enter a code of letters, numbers and hyphens only"),
            "max_length": _("The code must be 40 characters or fewer"),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=300,
        error_messages={
            "required": _("Enter the KPI’s name"),
            "max_length": _("The name must be 300 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Definition (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea,
        error_messages={
            "max_length": _("The definition must be 3,000 characters or fewer")
        },
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=Unit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the unit")},
    )
    direction = forms.ChoiceField(
        label=_("Which way is better?"),
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether higher or lower is better")},
    )
    period_type = forms.ChoiceField(
        label=_("How often is it reported?"),
        choices=PeriodType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how often it is reported")},
    )
    tolerance = forms.DecimalField(
        label=_("Tolerance"),
        help_text=_("How far from target still counts as amber, in the KPI’s unit."),
        min_value=0,
        max_digits=12,
        decimal_places=3,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Enter the tolerance, or 0 for none"),
            "invalid": _("Enter the tolerance as a number, like 2.5"),
            "min_value": _("The tolerance cannot be negative"),
            "max_decimal_places": _(
                "Enter the tolerance with at most 3 decimal places"
            ),
            "max_digits": _("Enter a smaller tolerance"),
            "max_whole_digits": _("Enter a smaller tolerance"),
        },
    )
    baseline_value = forms.DecimalField(
        label=_("Baseline (optional)"),
        required=False,
        max_digits=14,
        decimal_places=3,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter the baseline as a number, like 48.5"),
            "max_decimal_places": _("Enter the baseline with at most 3 decimal places"),
            "max_digits": _("Enter a smaller baseline"),
            "max_whole_digits": _("Enter a smaller baseline"),
        },
    )
    baseline_label = forms.CharField(
        label=_("When was the baseline measured? (optional)"),
        help_text=_("For example, 2024 calendar year"),
        max_length=60,
        required=False,
        error_messages={"max_length": _("This must be 60 characters or fewer")},
    )
    workstream = forms.ModelChoiceField(
        label=_("Workstream (optional)"),
        help_text=_("Its lead may enter the values."),
        queryset=Workstream.objects.none(),
        required=False,
        empty_label=_("No workstream"),
        error_messages={"invalid_choice": _("Select a workstream from the list")},
    )
    priority = forms.ModelChoiceField(
        label=_("Priority (optional)"),
        queryset=Priority.objects.none(),
        required=False,
        empty_label=_("No priority"),
        error_messages={"invalid_choice": _("Select a priority from the list")},
    )
    is_public = forms.BooleanField(
        label=_("Show it on the public progress page"), required=False
    )

    def __init__(
        self, *args: Any, plan: Plan, kpi: Kpi | None = None, **kwargs: Any
    ) -> None:
        if kpi is not None:
            stored_initial(kwargs, model_to_dict(kpi, fields=list(self.base_fields)))
        super().__init__(*args, **kwargs)
        workstream = self.fields["workstream"]
        priority = self.fields["priority"]
        assert isinstance(workstream, forms.ModelChoiceField)  # noqa: S101  # declared above
        assert isinstance(priority, forms.ModelChoiceField)  # noqa: S101
        workstream.queryset = Workstream.objects.for_plan(plan).filter(
            Q(retired_at__isnull=True) | Q(pk=kpi.workstream_id if kpi else None)
        )
        priority.queryset = plan.strategy.priorities.order_by("number")
        self.helper = govuk_helper(
            Field.text("code", field_width=20),
            Field.text("name"),
            Field.textarea("description", rows=4),
            Field.radios("unit", legend_size=Size.SMALL),
            Field.radios("direction", legend_size=Size.SMALL),
            Field.radios("period_type", legend_size=Size.SMALL),
            Field.text("tolerance", field_width=10),
            Field.text("baseline_value", field_width=10),
            Field.text("baseline_label", field_width=20),
            Field.select("workstream"),
            Field.select("priority"),
            Field.checkbox("is_public", small=True),
            submit=_("Save KPI"),
        )
