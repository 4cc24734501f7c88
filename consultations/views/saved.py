"""Save and come back later: the email page, its confirmation, and the link.

The GOV.UK "save a draft" pattern without an account: the family gives an
email address, gets a link, and the link brings their answers back into a new
session until the consultation closes (`SavedJourney`).
"""

from typing import Any

from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render

from sendportal.throttle import SUBMIT

from ..journey import SaveForm
from ..journey import first_unanswered
from ..journey import journey_steps
from ..models import SavedJourney
from ..services import ConsultationClosedError
from ..services import saved_journey_delete
from ..services import saved_journey_save
from .journey import JourneyView


class JourneySaveView(JourneyView):
    """Where to send the link to the answers so far."""

    throttle_scope = SUBMIT

    def back_url(self) -> str:
        key = self.request.GET.get("from", "")
        for step in journey_steps(self.survey, self.state.answers):
            if step.key == key:
                return self.step_url(step)
        return self.url("journey_start")

    def page(self, form: SaveForm) -> HttpResponse:
        return render(
            self.request,
            "consultations/journey/save.html",
            self.context(form=form, back_url=self.back_url()),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if refusal := self.guard():
            return refusal
        return self.page(SaveForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if refusal := self.guard():
            return refusal
        form = SaveForm(request.POST)
        if not form.is_valid():
            return self.page(form)
        email = form.cleaned_data["email"]
        try:
            saved = saved_journey_save(
                survey=self.survey,
                answers=self.state.answers,
                email=email,
                saved_journey_id=self.state.saved_journey_id,
            )
        except ConsultationClosedError:
            return self.closed()
        self.state.set_saved(saved.pk, email)
        return redirect(self.url("journey_saved"))


class JourneySavedView(JourneyView):
    """Your answers have been saved: where the link went, and what next."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if refusal := self.guard():
            return refusal
        if self.state.saved_journey_id is None:
            return redirect(self.url("journey_save"))
        return render(
            request,
            "consultations/journey/saved.html",
            self.context(email=self.state.saved_email),
        )


class JourneyResumeView(JourneyView):
    """The emailed link: the saved answers in a new session, at the first
    page not yet answered. Once the consultation has closed, the closed page
    (and the saved answers are erased); a wrong link is a "not found" page."""

    allow_when_closed = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        saved = (
            SavedJourney.objects.filter(survey=self.survey)
            .for_token(kwargs["token"])
            .first()
        )
        if not self.consultation.accepts_responses():
            if saved is not None:
                saved_journey_delete(survey=self.survey, saved_journey_id=saved.pk)
            return render(
                request,
                "consultations/journey/closed.html",
                self.context(from_saved_link=True),
            )
        if saved is None:
            return render(
                request,
                "consultations/journey/link_not_found.html",
                self.context(),
                status=404,
            )
        self.state.restore(saved.pk, saved.answers)
        steps = journey_steps(self.survey, self.state.answers)
        pending = first_unanswered(self.state, steps)
        if pending is None:
            return redirect(self.url("journey_check"))
        return redirect(self.step_url(pending))
