"""Form pieces every portal form shares: the crispy-forms-gds helper, radios,
and the plain-English advice beside officers' public texts."""

from collections.abc import Iterable
from typing import Any
from typing import cast

from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from crispy_forms_gds.layout import Div
from crispy_forms_gds.layout import Layout
from django import forms
from django.template import Context
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .plain_english import PlainEnglishReport
from .plain_english import check

# The name of the secondary button that shows the wording advice unsaved.
CHECK_WORDING = "check_wording"


def govuk_helper(
    *fields: LayoutObject | str,
    submit: StrOrPromise | None = None,
    submit_name: str = "submit",
    check_wording: bool = False,
) -> FormHelper:
    """GOV.UK markup for the fields in order, then the primary button.

    Every page writes its own `<form>` and CSRF token around `{% crispy form %}`
    (the shared staff form page adds the Cancel link and file encoding), so the
    helper never adds a second, nested form tag. A helper with no fields only
    drives the error summary of a page that lays its fields out itself.
    With `check_wording`, a secondary "Check the wording" button follows the
    primary one (Enter still sends the primary: it comes first).
    """
    helper = FormHelper()
    helper.form_tag = False
    parts = [*fields]
    if submit is not None and check_wording:
        parts.append(
            Div(
                Button.primary(submit_name, submit),
                Button.secondary(CHECK_WORDING, _("Check the wording")),
                css_class="govuk-button-group",
            )
        )
    elif submit is not None:
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


class PlainEnglishFormMixin:
    """A staff form of text the public reads: advice on how easy it is to read.

    Wrap each such field of the layout in `WordingAdvice`. The advice is on
    the text as stored or as typed; `easy_read` (passed by the view, or read
    from the form by `is_easy_read`) sets the Easy Read targets.
    """

    def __init__(self, *args: Any, easy_read: bool = False, **kwargs: Any) -> None:
        self.easy_read = easy_read
        super().__init__(*args, **kwargs)

    def is_easy_read(self) -> bool:
        return self.easy_read

    def wording_advice(self, name: str) -> PlainEnglishReport | None:
        """The check of the text in field `name`, none while it is empty."""
        form = cast(forms.BaseForm, self)
        text = form[name].value()
        if not isinstance(text, str) or not text.strip():
            return None
        return check(text, easy_read=self.is_easy_read())

    def wording_over_target(self) -> list[tuple[str, PlainEnglishReport]]:
        """The labels and checks of the texts that read above their target."""
        form = cast(forms.BaseForm, self)
        over = []
        for name in form.fields:
            report = self.wording_advice(name) if name in self.advised else None
            if report and report.over_target:
                over.append((str(form[name].label), report))
        return over

    @property
    def advised(self) -> set[str]:
        """The fields the layout shows advice beside."""
        helper = getattr(self, "helper", None)
        layout = getattr(helper, "layout", None)
        return set(_advised_fields(layout)) if layout is not None else set()


def _advised_fields(node: Any) -> Iterable[str]:
    for child in getattr(node, "fields", ()):
        if isinstance(child, WordingAdvice):
            yield child.name
        else:
            yield from _advised_fields(child)


def render_advice(
    report: PlainEnglishReport | None, *, advice_id: str, label: StrOrPromise
) -> str:
    """The advice on one text, as shown under its field (empty for no text)."""
    if report is None:
        return ""
    return render_to_string(
        "includes/_plain_english.html",
        {"report": report, "advice_id": advice_id, "label": label},
    )


class WordingAdvice(LayoutObject):
    """A field of a `PlainEnglishFormMixin` form, then the advice on its text:
    `WordingAdvice(Field.textarea("summary", rows=3))`.

    On an area's staff page the advice sits in a slot that the page's script
    (`static/js/wording-advice.js`) refreshes as the officer types.
    """

    def __init__(self, field: LayoutObject) -> None:
        self.fields = [field]
        self.name: str = field.fields[0]

    def render(
        self,
        form: forms.BaseForm,
        context: Context,
        template_pack: str = TEMPLATE_PACK,
        **kwargs: Any,
    ) -> SafeString:
        rendered = self.get_rendered_fields(form, context, template_pack, **kwargs)
        if not isinstance(form, PlainEnglishFormMixin):  # pragma: no cover
            raise TypeError("WordingAdvice needs a PlainEnglishFormMixin form")
        field = form[self.name]
        advice_id = f"{field.auto_id}-wording"
        advice = render_advice(
            form.wording_advice(self.name), advice_id=advice_id, label=field.label
        )
        area = context.get("area")
        if area is None:
            return SafeString(rendered + advice)
        slot = format_html(
            '<div data-wording-url="{}" data-field="{}" data-advice-id="{}" '
            'data-label="{}" data-easy-read="{}">{}</div>',
            reverse("staff:wording_check", kwargs={"area_slug": area.slug}),
            field.auto_id,
            advice_id,
            field.label,
            "1" if form.is_easy_read() else "",
            SafeString(advice),
        )
        return SafeString(rendered + slot)
