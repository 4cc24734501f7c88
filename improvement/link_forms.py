"""Forms of the golden thread: which themes an action responds to."""

from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from consultations.staff_forms import YouSaidWeDidForm
from sendportal.accounts.models import User
from sendportal.forms import govuk_helper
from strategies.models import Theme

from .models import Action


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    """A theme shown with the priority it belongs to, when it has one."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.priority_id:
            return f"{obj.name} ({obj.priority})"
        return str(obj.name)


class ActionThemesForm(forms.Form):
    themes = ThemeChoiceField(
        label=_("Themes this action responds to"),
        help_text=_("The themes of the strategy’s coding frame, with their priority."),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one theme to link"),
            "invalid_choice": _("Select themes from the list"),
        },
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = self.fields["themes"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)  # noqa: S101
        self.theme_choices = themes.queryset = (
            Theme.objects.for_strategy(action.plan.strategy_id)
            .exclude(action_links__action=action)
            .select_related("priority")
        )
        self.helper = govuk_helper(
            Field.checkboxes("themes", legend_size=Size.MEDIUM, small=True),
            submit=_("Link themes"),
        )

    @property
    def has_choices(self) -> bool:
        return self.theme_choices.exists()


class CiteEvidenceForm(forms.Form):
    """Cite the items ticked on a page (answers or findings) as an action's evidence.

    The page lays out its own checkboxes (named `item_field`) and the action
    select; this form checks them. Only actions the user may update are taken.
    """

    action = forms.ModelChoiceField(
        queryset=Action.objects.none(),
        error_messages={
            "required": _("Select the action this is evidence for"),
            "invalid_choice": _("Select an action from the list"),
        },
    )

    def __init__(
        self,
        *args: Any,
        actions: QuerySet[Action],
        user: User,
        item_field: str,
        item_ids: list[int],
        item_required: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.item_field = item_field
        self.fields[item_field] = forms.TypedMultipleChoiceField(
            coerce=int,
            choices=[(pk, str(pk)) for pk in item_ids],
            error_messages={"required": item_required},
        )
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ModelChoiceField)  # noqa: S101
        action_field.queryset = actions
        # The page lays the fields out itself; the helper drives the error summary.
        self.helper = govuk_helper()

    def clean_action(self) -> Action:
        action: Action = self.cleaned_data["action"]
        if not self.user.has_perm("improvement.update_action", action):
            raise forms.ValidationError(
                _(
                    "You cannot change this action. Ask its workstream lead or an "
                    "officer."
                )
            )
        return action

    def item_ids(self) -> list[int]:
        return list(self.cleaned_data[self.item_field])


class ActionChoiceField(forms.ModelMultipleChoiceField):
    """An action shown with its reference, title and where it stands."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_status_display()}, {obj.get_rag_display()})"


class FeedbackItemForm(YouSaidWeDidForm):
    """A “You said, we did” item with the actions that answer it."""

    actions = ActionChoiceField(
        label=_("Actions that answer this (optional)"),
        help_text=_(
            "Actions of the improvement plan for this strategy. Families can follow "
            "them from the item to see their progress."
        ),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select actions from the list")},
    )

    def __init__(self, *args: Any, actions: QuerySet[Action], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["actions"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = actions
        if self.instance.pk:
            self.initial.setdefault(
                "actions",
                list(self.instance.action_links.values_list("action_id", flat=True)),
            )
        # After "we did": what the plan does about it comes next.
        layout = self.helper.layout.fields
        we_did = next(
            i for i, part in enumerate(layout) if getattr(part, "name", "") == "we_did"
        )
        layout.insert(
            we_did + 1, Field.checkboxes("actions", legend_size=Size.SMALL, small=True)
        )
