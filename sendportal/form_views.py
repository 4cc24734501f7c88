"""The one way a staff form page hands its valid form to a service.

A page declares what to do with the form (`perform`, which calls one service),
what to say when it worked (`success_message`) and where to go next
(`success_url_for`). A `ValidationError` from the service goes back onto the
form, so the person sees a clear message beside what they typed and nothing is
lost.

A form that gives plain-English advice (`PlainEnglishFormMixin`) also gets its
"Check the wording" button handled here, and after a save the officer is told
which texts read above their target.
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
from django.utils.translation import gettext as _

from .forms import CHECK_WORDING
from .forms import PlainEnglishFormMixin

F = TypeVar("F", bound=forms.BaseForm)


class WordingCheckMixin:
    """For a `FormView`: "Check the wording" shows the page again with what
    was typed, not saved, and the advice beside each text.

    The check is not a submission, so the page shows no errors: the form comes
    back unbound, started from the typed values.
    """

    request: HttpRequest

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if CHECK_WORDING not in request.POST:
            return super().post(request, *args, **kwargs)  # type: ignore[misc]  # FormView's
        view: Any = self
        bound = view.get_form()
        typed = {name: bound[name].value() for name in bound.fields}
        form_kwargs = view.get_form_kwargs()
        form_kwargs.pop("data", None)
        form_kwargs.pop("files", None)
        form_kwargs["initial"] = {**(form_kwargs.get("initial") or {}), **typed}
        form = view.get_form_class()(**form_kwargs)
        response: HttpResponse = view.render_to_response(
            view.get_context_data(form=form)
        )
        return response

    def tell_wording_over_target(self, form: forms.BaseForm) -> None:
        """After a save: which texts read above their target, as advice."""
        if not isinstance(form, PlainEnglishFormMixin):
            return
        if over := form.wording_over_target():
            texts = ", ".join(
                _("“%(label)s” at grade %(grade)s (target %(target)s)")
                % {"label": label, "grade": f"{r.grade:g}", "target": f"{r.target:g}"}
                for label, r in over
            )
            messages.info(
                self.request,
                _(
                    "Some wording may be hard to read: %(texts)s. Edit it and "
                    "choose “Check the wording” to see why."
                )
                % {"texts": texts},
            )


class ServiceFormMixin(WordingCheckMixin, Generic[F]):
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
        self.tell_wording_over_target(form)
        return redirect(self.success_url_for(result))
