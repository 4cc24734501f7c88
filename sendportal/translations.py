"""Content an officer translates: a JSON field of texts per language.

A translatable row keeps its English text in its own fields and, in
`translations`, the same fields in other languages:
``{"pl": {"text": "…", "help_text": "…"}}``. Answers still point at the same
question and option codes, so analysis counts every language together. A
page asks `row.translated("text")`, which gives the text in the visitor's
language when there is one, else the English.
"""

from collections.abc import Mapping

from django import template
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def content_language() -> str:
    """The visitor's language if content can be translated into it, else ""."""
    language = (get_language() or "").lower()
    return language if language in settings.CONTENT_LANGUAGES else ""


def language_name(code: str) -> str:
    """The language's name in the reader's language ("Polish" on staff pages;
    the switcher names each language in itself)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class Translatable(models.Model):
    """A row whose `translatable_fields` may be translated by officers."""

    translatable_fields: tuple[str, ...] = ()

    translations = models.JSONField(
        _("translations"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None = None) -> str:
        """`field` in `language` (default: the visitor's), or the English."""
        language = content_language() if language is None else language
        english = str(getattr(self, field))
        if not language or not english:
            return english
        texts = self.translations.get(language)
        if isinstance(texts, Mapping):
            text = texts.get(field)
            if isinstance(text, str) and text.strip():
                return text
        return english

    def translation_of(self, field: str, language: str) -> str:
        """The stored translation only ("" when there is none)."""
        texts = self.translations.get(language)
        if isinstance(texts, Mapping):
            return str(texts.get(field) or "")
        return ""

    def set_translation(self, field: str, language: str, text: str) -> bool:
        """Keep `text` as `field` in `language` ("" removes it); True if changed."""
        if field not in self.translatable_fields:
            raise ValueError(f"{field} is not translatable")
        return self.store_text(language, field, text)

    def store_text(self, language: str, key: str, text: str) -> bool:
        """Keep `text` under `key` for `language` ("" removes it), such as a
        translation or a note about it; True if changed. The caller saves."""
        if self.translation_of(key, language) == text:
            return False
        texts = dict(self.translations.get(language) or {})
        if text:
            texts[key] = text
        else:
            texts.pop(key, None)
        translations = dict(self.translations)
        if texts:
            translations[language] = texts
        else:
            translations.pop(language, None)
        self.translations = translations
        return True


register = template.Library()


@register.filter
def translated(row: Translatable, field: str) -> str:
    """`{{ question|translated:"text" }}`: the text in the visitor's language."""
    return row.translated(field)
