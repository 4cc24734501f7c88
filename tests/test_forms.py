"""The shared crispy-forms-gds helper and radio lists."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.template import Context
from django.template import Template

from sendportal.forms import govuk_helper
from sendportal.forms import radios_without_blank
from tests.markup import radio_values

CRISPY = Template("{% load crispy_forms_tags %}{% crispy form %}")


class ColourForm(forms.Form):
    name = forms.CharField(label="Name")
    colour = forms.ChoiceField(
        label="Colour", choices=[("", "---------"), ("red", "Red"), ("blue", "Blue")]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        radios_without_blank(self, "colour")
        self.helper = govuk_helper(
            Field.text("name"), Field.radios("colour"), submit="Save colour"
        )


def test_the_helper_lays_out_fields_then_the_button_inside_the_pages_form() -> None:
    html = CRISPY.render(Context({"form": ColourForm()}))
    assert "<form" not in html
    assert "csrfmiddlewaretoken" not in html
    assert html.index('name="name"') < html.index('name="colour"')
    assert html.index('name="colour"') < html.index("Save colour")
    assert 'class="govuk-button"' in html


def test_radios_offer_no_blank_choice_and_still_require_one() -> None:
    html = CRISPY.render(Context({"form": ColourForm()}))
    assert radio_values(html, "colour") == ["red", "blue"]
    assert "---------" not in html
    form = ColourForm(data={"name": "Ada", "colour": ""})
    assert not form.is_valid()
    assert "colour" in form.errors
    assert ColourForm(data={"name": "Ada", "colour": "blue"}).is_valid()


class HostileLabelForm(forms.Form):
    """Labels and hints built from text someone typed (an officer's question,
    a spreadsheet's heading), as several of the portal's forms do."""

    def __init__(self, *args: Any, text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["typed"] = forms.CharField(label=text, help_text=text)
        self.fields["chosen"] = forms.ChoiceField(
            label=text, help_text=text, choices=[("a", "A")], widget=forms.RadioSelect
        )
        self.fields["ticked"] = forms.MultipleChoiceField(
            label=text, choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
        )
        self.helper = govuk_helper(
            Field.text("typed"),
            Field.radios("chosen"),
            Field.checkboxes("ticked"),
            submit="Save",
        )


def test_labels_and_hints_show_typed_html_as_text() -> None:
    text = '<img src=x onerror="alert(1)"> {{ 7*7 }}'
    html = CRISPY.render(Context({"form": HostileLabelForm(text=text)}))
    assert "<img" not in html
    # Three labels (a label and two legends) and two hints, each as typed.
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; {{ 7*7 }}") == 5
