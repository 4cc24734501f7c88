"""Forms of the golden thread: which themes an action responds to."""

from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Size
from django import forms
from django.utils.translation import gettext_lazy as _

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
