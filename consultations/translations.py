"""Translating a survey's content into one of its area's languages.

Every text a family reads on the way through a survey (the consultation's
title and summary, the survey's title and introduction, section titles,
questions, hints and answer options) is listed with its English, and the
officer types each translation. They are kept beside the English
(`sendportal.translations.Translatable`), so answers keep the same questions
and option codes and the analysis counts every language together.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Fieldset
from crispy_forms_gds.layout import Size
from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.forms import govuk_helper
from sendportal.translations import Translatable

from .models import Consultation
from .models import Survey

NOTE_KEY = "_note"
NOTE_MAX = 500


@dataclass(frozen=True)
class SourceText:
    """One English text to translate, and where it belongs."""

    key: str
    row: Translatable
    field: str
    group: str
    describes: str
    multiline: bool

    @property
    def english(self) -> str:
        return str(getattr(self.row, self.field))


def source_texts(survey: Survey) -> list[SourceText]:
    """The survey's texts in the order a family meets them, non-empty only."""
    consultation = survey.consultation
    texts = [
        SourceText(
            "consultation-title",
            consultation,
            "title",
            _("Consultation"),
            _("Title"),
            False,
        ),
        SourceText(
            "consultation-summary",
            consultation,
            "summary",
            _("Consultation"),
            _("Summary"),
            True,
        ),
        SourceText("survey-title", survey, "title", _("Survey"), _("Title"), False),
        SourceText(
            "survey-intro", survey, "intro", _("Survey"), _("Introduction"), True
        ),
    ]
    texts += [
        SourceText(
            f"section-{section.pk}-title",
            section,
            "title",
            _("Sections"),
            _("Section title"),
            False,
        )
        for section in survey.sections.all()
    ]
    questions = survey.questions.prefetch_related("options")
    for number, question in enumerate(questions, start=1):
        group = _("Question %(number)s") % {"number": number}
        texts.append(
            SourceText(
                f"question-{question.pk}-text",
                question,
                "text",
                group,
                _("Question"),
                False,
            )
        )
        texts.append(
            SourceText(
                f"question-{question.pk}-help_text",
                question,
                "help_text",
                group,
                _("Hint"),
                False,
            )
        )
        texts += [
            SourceText(
                f"option-{option.pk}-label",
                option,
                "label",
                group,
                _("Answer option"),
                False,
            )
            for option in question.options.all()
        ]
    return [text for text in texts if text.english.strip()]


class SurveyTranslationForm(forms.Form):
    """One input per English text, labelled with that text."""

    note = forms.CharField(
        label=gettext_lazy("About this translation (optional)"),
        help_text=gettext_lazy(
            "Who translated it and who checked it, for example “Translated by "
            "the county's interpreting service, checked by a parent carer”."
        ),
        required=False,
        max_length=NOTE_MAX,
        strip=True,
    )

    def __init__(
        self, *args: Any, survey: Survey, language: str, **kwargs: Any
    ) -> None:
        self.texts = source_texts(survey)
        kwargs["initial"] = {
            **(kwargs.get("initial") or {}),
            **{
                text.key: text.row.translation_of(text.field, language)
                for text in self.texts
            },
            "note": survey_translation_note(survey, language),
        }
        super().__init__(*args, **kwargs)
        attrs = {"lang": language, "dir": "auto", "spellcheck": "true"}
        groups: dict[str, list[Field]] = {}
        for text in self.texts:
            row_field = text.row._meta.get_field(text.field)
            limit = getattr(row_field, "max_length", None)
            widget: forms.Widget = (
                forms.Textarea(attrs={**attrs, "rows": 4})
                if text.multiline
                else forms.TextInput(attrs=attrs)
            )
            self.fields[text.key] = forms.CharField(
                label=text.english,
                help_text=text.describes,
                required=False,
                max_length=limit,
                strip=True,
                widget=widget,
                error_messages={
                    "max_length": _(
                        "The translation must be %(limit_value)s characters or fewer"
                    )
                },
            )
            layout = (
                Field.textarea(text.key, label_size=Size.SMALL)
                if text.multiline
                else Field.text(text.key, label_size=Size.SMALL)
            )
            groups.setdefault(text.group, []).append(layout)
        self.helper = govuk_helper(
            *(
                Fieldset(*fields, legend=group, legend_size=Size.MEDIUM)
                for group, fields in groups.items()
            ),
            Field.text("note"),
            submit=_("Save translation"),
        )


def survey_translation_note(survey: Survey, language: str) -> str:
    return survey.translation_of(NOTE_KEY, language)


def set_translation_note(survey: Survey, language: str, note: str) -> bool:
    """Keep a note about the survey's translation (who made it, who checked
    it); True if it changed. The caller saves the survey."""
    return survey.store_text(language, NOTE_KEY, note)


@transaction.atomic
def survey_translation_save(
    *, survey: Survey, language: str, by: User, data: Mapping[str, str]
) -> list[str]:
    """Keep the translations typed for `language`; return the keys that changed.

    A translation left empty is removed, so the English shows again.
    """
    consultation = Consultation.objects.select_for_update().get(
        pk=survey.consultation_id
    )
    if language not in consultation.area.languages:
        raise ValueError(f"{consultation.area} does not offer {language}")
    survey = Survey.objects.get(pk=survey.pk)
    # The rows listed are this survey and this locked consultation themselves.
    survey.consultation = consultation
    changed: dict[Translatable, list[str]] = {}
    keys: list[str] = []
    for text in source_texts(survey):
        if text.row.set_translation(text.field, language, data.get(text.key, "")):
            changed.setdefault(text.row, []).append(text.field)
            keys.append(text.key)
    if set_translation_note(survey, language, data.get("note", "")):
        changed.setdefault(survey, [])
        keys.append("note")
    for row in changed:
        row.save(update_fields=["translations"])
    if keys:
        record_event(
            by=by,
            verb=AuditVerb.SURVEY_TRANSLATED,
            target=survey,
            area_id=consultation.area_id,
            subject=consultation,
            changes={"language": [None, language], "texts": [None, keys]},
        )
    return keys
