"""The family's journey: start, one question per page, check answers, confirmation."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from sendportal.areas.mixins import area_from_slug
from sendportal.security import shows_personal_data
from sendportal.throttle import ANSWER
from sendportal.throttle import SUBMIT
from sendportal.throttle import PublicFormMixin

from ..journey import SAVE_BUTTON
from ..journey import JourneyState
from ..journey import Step
from ..journey import StepForm
from ..journey import build_submission
from ..journey import declaration
from ..journey import display_picture
from ..journey import display_value
from ..journey import first_unanswered
from ..journey import initial_for
from ..journey import journey_progress
from ..journey import journey_steps
from ..journey import symbol
from ..models import Consultation
from ..models import Response
from ..models import SavedJourney
from ..models import Survey
from ..services import ConsultationClosedError
from ..services import response_submit
from ..services import saved_journey_delete
from ..services import saved_journey_save


@method_decorator([login_not_required, shows_personal_data], name="dispatch")
class JourneyView(PublicFormMixin, View):
    """Loads the consultation and survey, and shows the closed page when closed.

    Every page shows the respondent's own answers, so none is cached. Answering
    a question only changes the session ("answer" limits); sending the
    response is limited like any public form.
    """

    consultation: Consultation
    survey: Survey
    state: JourneyState
    allow_when_closed = False
    throttle_scope = ANSWER

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        self.area = area_from_slug(request, kwargs["area_slug"])
        self.consultation = get_object_or_404(
            Consultation.objects.for_area(self.area).public().select_related("area"),
            pk=kwargs["pk"],
        )
        self.survey = get_object_or_404(
            self.consultation.surveys.all(), pk=kwargs["survey_pk"]
        )
        self.survey.consultation = self.consultation
        self.state = JourneyState(request.session, self.survey)
        # Families answer anonymously, so the permission is about the
        # consultation (open, and within its dates), not about who asks.
        if not self.allow_when_closed and not request.user.has_perm(
            "consultations.respond_consultation", self.consultation
        ):
            return self.closed()
        return super().dispatch(request, *args, **kwargs)

    def closed(self) -> HttpResponse:
        return render(
            self.request,
            "consultations/journey/closed.html",
            self.context(),
        )

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "area": self.area,
            "consultation": self.consultation,
            "survey": self.survey,
            **extra,
        }

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(
            f"consultations:{name}",
            kwargs={
                "area_slug": self.area.slug,
                "pk": self.consultation.pk,
                "survey_pk": self.survey.pk,
                **kwargs,
            },
        )

    def step_url(self, step: Step, change: bool = False) -> str:
        url = self.url("journey_step", step=step.key)
        return f"{url}?change=1" if change else url

    def guard(self) -> HttpResponse | None:
        """Where to send someone whose journey has not started or is sent."""
        if not self.state.started:
            return redirect(self.consultation.get_absolute_url())
        if self.state.reference:
            return redirect(self.url("journey_done"))
        return None


class JourneyStartView(JourneyView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.state.start()
        steps = journey_steps(self.survey, self.state.answers)
        step = first_unanswered(self.state, steps) or steps[0]
        return redirect(self.step_url(step))


class JourneyStepView(JourneyView):
    def setup_step(self) -> tuple[list[Step], int]:
        steps = journey_steps(self.survey, self.state.answers)
        for index, step in enumerate(steps):
            if step.key == self.kwargs["step"]:
                return steps, index
        raise Http404

    def page(self, form: StepForm, steps: list[Step], index: int) -> HttpResponse:
        change = self.request.GET.get("change") == "1"
        if change:
            back_url = self.url("journey_check")
        elif index == 0:
            back_url = self.consultation.get_absolute_url()
        else:
            back_url = self.step_url(steps[index - 1])
        return render(
            self.request,
            "consultations/journey/question.html",
            self.context(
                form=form,
                step=steps[index],
                back_url=back_url,
                progress=journey_progress(
                    self.survey, self.state.answers, steps, index
                ),
                change=change,
            ),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if refusal := self.guard():
            return refusal
        steps, index = self.setup_step()
        step = steps[index]
        form = StepForm(
            step=step, initial=initial_for(step, self.state.answers.get(step.key))
        )
        return self.page(form, steps, index)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if refusal := self.guard():
            return refusal
        steps, index = self.setup_step()
        form = StepForm(request.POST, step=steps[index])
        if SAVE_BUTTON in request.POST:
            return self.save_for_later(form, steps[index])
        if not form.is_valid():
            return self.page(form, steps, index)
        self.state.set_answer(steps[index].key, form.stored_value())
        # The answer may change which pages follow (the respondent type does).
        steps = journey_steps(self.survey, self.state.answers)
        pending = first_unanswered(self.state, steps)
        if request.GET.get("change") == "1" or index + 1 >= len(steps):
            if pending is None:
                return redirect(self.url("journey_check"))
            return redirect(self.step_url(pending))
        return redirect(self.step_url(steps[index + 1]))

    def save_for_later(self, form: StepForm, step: Step) -> HttpResponse:
        """Keep this page's answer if it is a valid one (someone leaving is
        not held up by an error), then save, or ask where to send the link."""
        if form.is_valid():
            self.state.set_answer(step.key, form.stored_value())
        saved_id = self.state.saved_journey_id
        if (
            saved_id is None
            or not SavedJourney.objects.filter(survey=self.survey, pk=saved_id).exists()
        ):
            return redirect(f"{self.url('journey_save')}?from={step.key}")
        try:
            saved_journey_save(
                survey=self.survey,
                answers=self.state.answers,
                saved_journey_id=saved_id,
            )
        except ConsultationClosedError:
            return self.closed()
        return redirect(self.url("journey_saved"))


class JourneyCheckView(JourneyView):
    """Check your answers, then submit."""

    throttle_scope = SUBMIT

    def throttle_email(self) -> str:
        contact = self.state.answers.get("contact") or {}
        return str(contact.get("email", "")) if contact.get("answer") == "yes" else ""

    def rows(self, steps: list[Step]) -> list[dict[str, Any]]:
        return [
            {
                "step": step,
                "value": display_value(step, self.state.answers.get(step.key)),
                "picture": display_picture(step, self.state.answers.get(step.key))
                if self.survey.is_easy_read
                else None,
                "change_url": self.step_url(step, change=True),
            }
            for step in steps
        ]

    def prepare(self) -> tuple[list[Step], HttpResponse | None]:
        if not self.state.started:
            return [], redirect(self.consultation.get_absolute_url())
        if self.state.reference:
            return [], redirect(self.url("journey_done"))
        steps = journey_steps(self.survey, self.state.answers)
        pending = first_unanswered(self.state, steps)
        if pending is not None:
            return steps, redirect(self.step_url(pending))
        return steps, None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        steps, refusal = self.prepare()
        if refusal:
            return refusal
        return render(
            request,
            "consultations/journey/check.html",
            self.context(
                rows=self.rows(steps),
                back_url=self.step_url(steps[-1]),
                check_picture=symbol("list"),
                declaration=declaration(self.survey, self.state.answers),
            ),
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.state.reference:
            return redirect(self.url("journey_done"))
        steps, refusal = self.prepare()
        if refusal:
            return refusal
        try:
            response, _created = response_submit(
                survey=self.survey, submission=build_submission(self.state, steps)
            )
        except ConsultationClosedError:
            return self.closed()
        self.state.set_reference(response.reference)
        if (saved_id := self.state.saved_journey_id) is not None:
            saved_journey_delete(survey=self.survey, saved_journey_id=saved_id)
        return redirect(self.url("journey_done"))


class JourneyDoneView(JourneyView):
    allow_when_closed = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.state.reference:
            return redirect(self.consultation.get_absolute_url())
        contact = self.state.answers.get("contact") or {}
        follow_token = (
            Response.objects.filter(
                reference=self.state.reference, consultation=self.consultation
            )
            .values_list("follow_token", flat=True)
            .first()
        )
        return render(
            request,
            "consultations/journey/done.html",
            self.context(
                reference=self.state.reference,
                follow_token=follow_token,
                email=contact.get("email") if contact.get("answer") == "yes" else "",
                done_picture=symbol("thumbs-up"),
            ),
        )
