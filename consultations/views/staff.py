"""Officers' pages: consultations, their lifecycle and the survey builder."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic import FormView
from django.views.generic import ListView
from django.views.generic import TemplateView

from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.mixins import StaffObjectMixin
from sendportal.form_views import ServiceFormMixin
from sendportal.plain_english import PublicText
from sendportal.plain_english import needing_attention
from sendportal.translations import language_name

from .. import services
from ..models import Consultation
from ..models import ConsultationStatus
from ..models import Question
from ..models import Survey
from ..staff_forms import ConsultationForm
from ..staff_forms import ExpectedMixForm
from ..staff_forms import PublishForm
from ..staff_forms import QuestionForm
from ..staff_forms import SurveyForm
from ..translations import SurveyTranslationForm
from ..translations import survey_translation_note
from ..translations import survey_translation_save

FORM_PAGE = "staff/form_page.html"
CONFIRM_PAGE = "staff/confirm.html"


class ConsultationListView(StaffAreaMixin, ListView[Consultation]):
    permission_required = "areas.view_staff_area"
    template_name = "consultations/staff/consultation_list.html"
    context_object_name = "consultations"

    def get_queryset(self) -> QuerySet[Consultation]:
        return (
            Consultation.objects.for_area(self.area)
            .select_related("area", "strategy")
            .annotate(response_count=Count("responses"))
            .order_by("-opens_at")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.can("consultations.add_consultation")
        return context


class ConsultationObjectMixin(StaffObjectMixin[Consultation]):
    """A page about one consultation of the area (404 for another area's)."""

    def get_object_queryset(self) -> QuerySet[Consultation]:
        return Consultation.objects.for_area(self.area).select_related(
            "area", "strategy"
        )

    @property
    def consultation(self) -> Consultation:
        return self.staff_object

    def back(self) -> HttpResponseRedirect:
        return redirect(self.consultation.get_staff_url())

    def success_url_for(self, result: Any) -> str:
        return self.consultation.get_staff_url()


class ConsultationDetailView(ConsultationObjectMixin, DetailView[Consultation]):
    permission_required = "consultations.view_consultation"
    template_name = "consultations/staff/consultation_detail.html"
    context_object_name = "consultation"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultation = self.consultation
        context["surveys"] = consultation.surveys.prefetch_related(
            "questions__priority", "questions__options", "questions__section"
        )
        context["response_count"] = consultation.responses.count()
        context["feedback_items"] = consultation.feedback_items.select_related(
            "theme"
        ).prefetch_related("action_links__action")
        context["translation_languages"] = [
            (code, language_name(code)) for code in self.area.languages
        ]
        context.update(
            can_change=self.can("consultations.change_consultation", consultation),
            can_change_surveys=self.can("consultations.change_survey", consultation),
            can_manage=self.can("consultations.manage_consultation", consultation),
            can_view_response=self.can("consultations.view_response", consultation),
            can_export_response=self.can("consultations.export_response", consultation),
            can_publish_response=self.can(
                "consultations.publish_response", consultation
            ),
            has_easy_read=consultation.has_easy_read_version(),
        )
        return context


class ConsultationCreateView(
    StaffAreaMixin, ServiceFormMixin[ConsultationForm], FormView[ConsultationForm]
):
    """Start a consultation; `ConsultationUpdateView` edits one with the same form."""

    permission_required = "consultations.add_consultation"
    form_class = ConsultationForm
    template_name = FORM_PAGE

    def editing(self) -> Consultation | None:
        """The consultation being edited; none when starting one."""
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["area"] = self.area
        kwargs["instance"] = self.editing()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if editing := self.editing():
            context["title"] = _("Edit consultation")
            context["back_url"] = editing.get_staff_url()
        else:
            context["title"] = _("Start a consultation")
            context["back_url"] = reverse(
                "consultations_staff:consultation_list",
                kwargs={"area_slug": self.area.slug},
            )
        return context

    success_message = _("Consultation saved.")

    def perform(self, form: ConsultationForm) -> Consultation:
        if editing := self.editing():
            return services.consultation_update(
                consultation=editing, by=self.staff_user, data=form.cleaned_data
            )
        return services.consultation_create(
            area=self.area, by=self.staff_user, data=form.cleaned_data
        )

    def success_url_for(self, result: Consultation) -> str:
        return result.get_staff_url()


class ConsultationUpdateView(ConsultationObjectMixin, ConsultationCreateView):
    """Edit a consultation's details."""

    permission_required = "consultations.manage_consultation"

    def editing(self) -> Consultation:
        return self.consultation


class LifecycleView(ConsultationObjectMixin, TemplateView):
    """Confirm, then run one lifecycle step (publish, close, publish feedback)."""

    # Whether the step fits the status is the service's to say, in a message.
    permission_required = "consultations.manage_consultation"
    template_name = CONFIRM_PAGE
    title = ""
    lead = ""
    button = ""
    done = ""

    def run(self) -> None:
        raise NotImplementedError

    def texts(self) -> list[PublicText]:
        """The texts this step makes public, checked on the confirmation page."""
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            caption=self.consultation.title,
            lead=self.lead,
            button=self.button,
            back_url=self.consultation.get_staff_url(),
            wording_summary=needing_attention(self.texts()),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.run()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.back()
        messages.success(request, self.done)
        return self.back()


class PublishView(ConsultationObjectMixin, FormView[PublishForm]):
    """Confirm publishing; without an Easy Read survey or an Easy Read version of
    the strategy, the officer writes why there is none (kept and audited)."""

    permission_required = "consultations.manage_consultation"
    form_class = PublishForm
    template_name = FORM_PAGE

    @cached_property
    def needs_reason(self) -> bool:
        # Only a draft can be published: for anything else the service says so.
        return (
            self.consultation.status == ConsultationStatus.DRAFT
            and not self.consultation.has_easy_read_version()
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["needs_reason"] = self.needs_reason
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        lead = _("Families can answer from the opening date until it closes.")
        if self.needs_reason:
            lead = " ".join(
                [
                    lead,
                    _(
                        "This consultation has no Easy Read survey, and its strategy "
                        "has no Easy Read version. Young people and people with a "
                        "learning disability need one to take part. Add one first, "
                        "or say why there is none."
                    ),
                ]
            )
        context.update(
            title=_("Publish this consultation?"),
            caption=self.consultation.title,
            lead=lead,
            back_url=self.consultation.get_staff_url(),
            wording_summary=needing_attention(self.consultation.public_texts()),
        )
        return context

    def form_valid(self, form: PublishForm) -> HttpResponse:
        try:
            services.consultation_publish(
                consultation=self.consultation,
                by=self.staff_user,
                no_easy_read_reason=form.cleaned_data.get("no_easy_read_reason", ""),
            )
        except ValidationError as error:
            field_errors = getattr(error, "error_dict", {})
            if "no_easy_read_reason" in field_errors and form.fields:
                form.add_error(
                    "no_easy_read_reason", field_errors["no_easy_read_reason"]
                )
                return self.form_invalid(form)
            for message in error.messages:
                messages.error(self.request, message)
            return self.back()
        messages.success(self.request, _("Consultation published."))
        return self.back()


class CloseView(LifecycleView):
    title = _("Close this consultation now?")
    lead = _("Nobody will be able to send a response after this.")
    button = _("Close now")
    done = _("Consultation closed.")

    def run(self) -> None:
        services.consultation_close(consultation=self.consultation, by=self.staff_user)


class PublishFeedbackView(LifecycleView):
    title = _("Publish “You said, we did”?")
    lead = _(
        "The items marked to show will be public, and respondents who asked for "
        "updates will get an email."
    )
    button = _("Publish feedback")
    done = _("Feedback published.")

    def texts(self) -> list[PublicText]:
        return self.consultation.feedback_texts()

    def run(self) -> None:
        services.consultation_publish_feedback(
            consultation=self.consultation, by=self.staff_user
        )


class ExpectedMixView(
    ConsultationObjectMixin,
    ServiceFormMixin[ExpectedMixForm],
    FormView[ExpectedMixForm],
):
    permission_required = "consultations.manage_consultation"
    form_class = ExpectedMixForm
    template_name = FORM_PAGE

    def get_initial(self) -> dict[str, Any]:
        return dict(self.consultation.expected_mix)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Who do you expect to hear from?"),
            caption=self.consultation.title,
            lead=_(
                "The analysis flags groups heard less than expected while the "
                "consultation is open."
            ),
            back_url=self.consultation.get_staff_url(),
        )
        return context

    success_message = _("Expected mix saved.")

    def perform(self, form: ExpectedMixForm) -> Consultation:
        return services.consultation_update(
            consultation=self.consultation,
            by=self.staff_user,
            data={"expected_mix": form.mix()},
        )


class QuestionFormView(
    ConsultationObjectMixin, ServiceFormMixin[QuestionForm], FormView[QuestionForm]
):
    """Add a question to a survey, or edit one when the URL names it."""

    # Only while the consultation is a draft: answers must match their questions.
    permission_required = "consultations.change_consultation"
    form_class = QuestionForm
    template_name = FORM_PAGE

    @cached_property
    def survey(self) -> Survey:
        """The survey named in the URL, one of this consultation's (404 otherwise)."""
        return get_object_or_404(
            self.consultation.surveys.all(), pk=self.kwargs["survey_pk"]
        )

    @cached_property
    def question(self) -> Question | None:
        """The question being edited, one of the survey's; none when adding one."""
        return self.part_named(self.survey.questions.all(), "question_pk")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["strategy"] = self.consultation.strategy
        kwargs["instance"] = self.question
        kwargs["easy_read"] = self.survey.is_easy_read
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit question") if self.question else _("Add a question"),
            caption=self.survey.title,
            back_url=self.consultation.get_staff_url(),
            multipart=True,
        )
        return context

    success_message = _("Question saved.")

    def perform(self, form: QuestionForm) -> Question:
        return services.question_save(
            survey=self.survey,
            question=self.question,
            by=self.staff_user,
            data=form.cleaned_data,
        )


class QuestionActionView(ConsultationObjectMixin, View):
    """POST-only: move a question up or down, or remove it."""

    permission_required = "consultations.change_consultation"
    http_method_names = ["post"]

    @cached_property
    def question(self) -> Question:
        """The question named in the URL, in one of this consultation's surveys."""
        return get_object_or_404(
            Question.objects.filter(survey__consultation=self.consultation),
            pk=self.kwargs["question_pk"],
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        question = self.question  # 404 for another consultation's, whatever the action
        action = request.POST.get("action")
        try:
            if action in ("up", "down"):
                services.question_move(
                    question=question, up=action == "up", by=self.staff_user
                )
            elif action == "remove":
                services.question_delete(question=question, by=self.staff_user)
                messages.success(request, _("Question removed."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(self.consultation.get_staff_url() + "#questions")


# Surveys of a draft consultation ---------------------------------------------


class SurveyPageMixin(ConsultationObjectMixin):
    """A page about the surveys of a draft consultation."""

    permission_required = "consultations.change_survey"

    @cached_property
    def survey(self) -> Survey:
        """The survey named in the URL, one of this consultation's (404 otherwise)."""
        return get_object_or_404(
            self.consultation.surveys.all(), pk=self.kwargs["survey_pk"]
        )

    def surveys_url(self) -> str:
        return self.consultation.get_staff_url() + "#questions"

    def success_url_for(self, result: Any) -> str:
        return self.surveys_url()


class SurveyCreateView(
    SurveyPageMixin, ServiceFormMixin[SurveyForm], FormView[SurveyForm]
):
    """Add a survey, such as an Easy Read one beside the standard survey."""

    form_class = SurveyForm
    template_name = FORM_PAGE
    success_message = _("Survey added. Now add its questions.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Add a survey"),
            caption=self.consultation.title,
            lead=_(
                "For example, an Easy Read survey beside the standard one. Each "
                "survey has its own questions and audience."
            ),
            back_url=self.consultation.get_staff_url(),
        )
        return context

    def perform(self, form: SurveyForm) -> Survey:
        return services.survey_add(
            consultation=self.consultation, by=self.staff_user, data=form.cleaned_data
        )


class SurveyMoveView(SurveyPageMixin, View):
    """POST-only: move a survey up or down the consultation's list."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        survey = self.survey  # 404 for another consultation's, whatever the action
        direction = request.POST.get("direction")
        if direction in ("up", "down"):
            try:
                services.survey_move(
                    survey=survey, up=direction == "up", by=self.staff_user
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        return redirect(self.surveys_url())


class SurveyRemoveView(SurveyPageMixin, TemplateView):
    """Confirm (GET), then remove a survey with no responses (POST)."""

    template_name = CONFIRM_PAGE

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Remove this survey?"),
            caption=self.consultation.title,
            lead=_("“%(name)s” and its questions will be removed.")
            % {"name": self.survey},
            button=_("Remove survey"),
            warning=True,
            back_url=self.consultation.get_staff_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.survey_remove(survey=self.survey, by=self.staff_user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Survey removed."))
        return redirect(self.surveys_url())


# Translations of a survey --------------------------------------------------


class SurveyTranslationView(
    ConsultationObjectMixin,
    ServiceFormMixin[SurveyTranslationForm],
    FormView[SurveyTranslationForm],
):
    """Every text of a survey with an input for its translation into one of
    the area's languages. Translations may change at any time: answers keep
    the same questions and codes whatever the language."""

    permission_required = "consultations.manage_consultation"
    form_class = SurveyTranslationForm
    template_name = "consultations/staff/survey_translation.html"
    success_message = _("Translation saved.")

    @cached_property
    def survey(self) -> Survey:
        survey = get_object_or_404(
            self.consultation.surveys.all(), pk=self.kwargs["survey_pk"]
        )
        survey.consultation = self.consultation
        return survey

    @cached_property
    def language(self) -> str:
        if self.kwargs["language"] not in self.area.languages:
            raise Http404
        return str(self.kwargs["language"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(survey=self.survey, language=self.language)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            survey=self.survey,
            language=self.language,
            language_name=language_name(self.language),
            note=survey_translation_note(self.survey, self.language),
            back_url=self.surveys_url(),
        )
        return context

    def surveys_url(self) -> str:
        return self.consultation.get_staff_url() + "#questions"

    def perform(self, form: SurveyTranslationForm) -> list[str]:
        return survey_translation_save(
            survey=self.survey,
            language=self.language,
            by=self.staff_user,
            data=form.cleaned_data,
        )

    def success_url_for(self, result: Any) -> str:
        return self.surveys_url()
