"""The one way a staff form page hands its valid form to a service.

A page declares what to do with the form (`perform`, which calls one service),
what to say when it worked (`success_message`) and where to go next
(`success_url_for`). A `ValidationError` from the service goes back onto the
form, so the person sees a clear message beside what they typed and nothing is
lost.
"""

from typing import Any
from typing import Generic
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise

F = TypeVar("F", bound=forms.BaseForm)


class ServiceFormMixin(Generic[F]):
    """For a `FormView`: `form_valid` calls `perform`, then redirects."""

    request: HttpRequest
    success_message: str | Promise = ""

    def perform(self, form: F) -> Any:
        """Call the page's service with the cleaned form; return what it made."""
        raise NotImplementedError

    def success_url_for(self, result: Any) -> str:
        """Where to go once `perform` returned `result`."""
        raise NotImplementedError

    def get_success_message(self, result: Any) -> str:
        return str(self.success_message)

    def add_service_error(self, form: F, error: ValidationError) -> None:
        """Put the service's refusal on the form: beside the field it names
        (a model's `full_clean` names them), otherwise at the top."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)

    def form_valid(self, form: F) -> HttpResponse:
        try:
            result = self.perform(form)
        except ValidationError as error:
            self.add_service_error(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]  # FormView's
        if message := self.get_success_message(result):
            messages.success(self.request, message)
        return redirect(self.success_url_for(result))
