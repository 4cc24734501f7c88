"""One-time submission tokens: a public form sent twice stores one row.

A public form that creates something (a consultation response, an event
booking) carries a random token made when the form was first shown: in the
session across a consultation's question pages, in a hidden field of the
one-page booking form. The row keeps it in a unique `submission_token`
column, and the service looks for an earlier row with the token before it
stores anything. A double click, a second tab, or a family pressing reload
on an error page after their booking was already saved then gets the row
stored first, and its confirmation, instead of a second one.
"""

import uuid
from typing import Any
from typing import TypeVar

from django import forms
from django.db import models

M = TypeVar("M", bound=models.Model)


def new_submission_token() -> uuid.UUID:
    return uuid.uuid4()


class SubmissionTokenField(forms.UUIDField):
    """The token of a one-page form, in a hidden field.

    Never an error the person sees: a page shown before the field existed, or
    a mangled token, still sends, only without the protection (the service is
    given no token).
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> uuid.UUID | None:  # type: ignore[override]  # as django-stubs types UUIDField itself
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


def earlier_submission(
    queryset: models.QuerySet[M], token: uuid.UUID | None
) -> M | None:
    """The row already stored with this submission token, if any."""
    if token is None:
        return None
    return queryset.filter(submission_token=token).first()
