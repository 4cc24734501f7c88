"""Form pieces every portal form shares: the crispy-forms-gds helper, radios."""

from collections.abc import Iterable
from typing import Any
from typing import cast

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from crispy_forms_gds.layout import Layout
from django import forms
from django_stubs_ext import StrOrPromise


def govuk_helper(
    *fields: LayoutObject | str,
    submit: StrOrPromise | None = None,
    submit_name: str = "submit",
) -> FormHelper:
    """GOV.UK markup for the fields in order, then the primary button.

    Every page writes its own `<form>` and CSRF token around `{% crispy form %}`
    (the shared staff form page adds the Cancel link and file encoding), so the
    helper never adds a second, nested form tag. A helper with no fields only
    drives the error summary of a page that lays its fields out itself.
    """
    helper = FormHelper()
    helper.form_tag = False
    parts = [*fields]
    if submit is not None:
        parts.append(Button.primary(submit_name, submit))
    if parts:
        helper.layout = Layout(*parts)
    return helper


def radios_without_blank(form: forms.BaseForm, *names: str) -> None:
    """Show model choices as radios with no `---------` option.

    Django offers that blank choice for a model field with choices and no
    default, which suits a drop-down but shows as a meaningless radio button;
    leaving nothing selected still gives the field's "required" error.
    """
    for name in names:
        field = form.fields[name]
        if not isinstance(field, forms.ChoiceField):  # pragma: no cover
            raise TypeError(f"{name} is not a choice field")
        # Model choices are flat (value, label) pairs once the field is built.
        choices = cast(Iterable[tuple[str, StrOrPromise]], field.choices)
        field.choices = [(value, label) for value, label in choices if value]
        field.widget = forms.RadioSelect(choices=field.choices)


def stored_initial(kwargs: dict[str, Any], values: dict[str, Any]) -> None:
    """Start an edit form from the stored `values`, under any initial data the
    view passes (a FormView always passes some, so `setdefault` would drop
    these and show an edit page with empty boxes)."""
    kwargs["initial"] = {**values, **(kwargs.get("initial") or {})}
