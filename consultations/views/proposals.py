"""Staff pages for a survey built from a spreadsheet: upload, review the
proposed questions (check-answers style), change one, create and import."""

from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from sendportal.areas.mixins import StaffObjectMixin
from sendportal.form_views import ServiceFormMixin
from sendportal.spreadsheets import SpreadsheetError

from ..imports import proposal_services as services
from ..imports.columns import SHAPE_LABELS
from ..imports.columns import target_label
from ..imports.forms import ProposalSurveyForm
from ..imports.forms import ProposalUploadForm
from ..imports.forms import ProposedQuestionForm
from ..imports.proposal import CONTACT_COLUMN
from ..imports.proposal import ProposedQuestion
from ..imports.services import upload_limit
from ..models import Consultation
from ..models import ImportBatch
from ..models import QuestionType
from ..models import SurveyProposal
from .imports import PERMISSION
from .imports import ImportAreaMixin

# Building a survey is the survey builder's permission (draft consultations
# only), and importing into it the import pages'.
PROPOSAL_PERMISSIONS = (PERMISSION, "consultations.change_survey")


class ProposalUploadView(
    StaffObjectMixin[Consultation], ImportAreaMixin, FormView[ProposalUploadForm]
):
    permission_required = PROPOSAL_PERMISSIONS
    pk_url_kwarg = "consultation_pk"
    form_class = ProposalUploadForm
    template_name = "consultations/imports/proposal_upload.html"

    def get_object_queryset(self) -> QuerySet[Consultation]:
        return Consultation.objects.for_area(self.area)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["consultation"] = self.staff_object
        context["back_url"] = self.staff_object.get_staff_url() + "#questions"
        return context

    def form_valid(self, form: ProposalUploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        data = upload.read(upload_limit() + 1)
        try:
            proposal = services.survey_proposal_create(
                consultation=self.staff_object,
                data=data,
                file_name=upload.name or "upload",
                channel=form.cleaned_data["channel"],
                supported_by=form.cleaned_data["supported_by"],
                keyed_by=form.cleaned_data["keyed_by"],
                source_document=form.cleaned_data["source_document"],
                by=self.staff_user,
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        return redirect(proposal.get_absolute_url())


class ProposalMixin(StaffObjectMixin[SurveyProposal], ImportAreaMixin):
    """A page about one proposal of the area (404 for another area's)."""

    permission_required = PROPOSAL_PERMISSIONS

    def get_object_queryset(self) -> QuerySet[SurveyProposal]:
        return SurveyProposal.objects.for_area(self.area).select_related(
            "area", "consultation"
        )

    def get_permission_object(self) -> Consultation:
        return self.proposal.consultation

    @property
    def proposal(self) -> SurveyProposal:
        return self.staff_object

    def created(self) -> HttpResponse | None:
        """Once the survey exists, the proposal's pages lead to its import."""
        batch_id = self.proposal.batch_id
        if self.proposal.survey_id is None:
            return None
        if batch_id is None:
            return redirect(self.proposal.consultation.get_staff_url() + "#questions")
        return redirect(
            "consultation_imports:batch_detail", area_slug=self.area.slug, pk=batch_id
        )


TYPE_LABELS = {
    QuestionType.LIKERT: gettext_lazy("Agree or disagree scale"),
}


class ProposalReviewView(
    ProposalMixin, ServiceFormMixin[ProposalSurveyForm], FormView[ProposalSurveyForm]
):
    """The proposed questions, each with a change link; POST creates the survey."""

    form_class = ProposalSurveyForm
    template_name = "consultations/imports/proposal_review.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.created() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.created() or super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"title": self.proposal.title}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        proposal = self.proposal
        questions = services.proposal_questions(proposal)
        context.update(
            proposal=proposal,
            consultation=proposal.consultation,
            shape=SHAPE_LABELS.get(proposal.shape, proposal.shape),
            questions=[
                (index, question, self._type_label(question))
                for index, question in enumerate(questions)
            ],
            included=sum(1 for question in questions if question.include),
            left_out=[
                (
                    column,
                    _("Contact details: not imported")
                    if column.reason == CONTACT_COLUMN
                    else target_label(column.target)
                    if column.target
                    else _("A column the survey tool adds: not imported"),
                )
                for column in services.proposal_left_out(proposal)
            ],
            back_url=proposal.consultation.get_staff_url() + "#questions",
        )
        return context

    @staticmethod
    def _type_label(question: ProposedQuestion) -> str:
        kind = QuestionType(question.question_type)
        return str(TYPE_LABELS.get(kind, kind.label))

    success_message = gettext_lazy(
        "Survey created. Check the columns, then the preview, to import the file."
    )

    def perform(self, form: ProposalSurveyForm) -> ImportBatch:
        return services.survey_proposal_accept(
            proposal=self.proposal, data=form.cleaned_data, by=self.staff_user
        )

    def success_url_for(self, result: ImportBatch) -> str:
        return reverse(
            "consultation_imports:batch_columns",
            kwargs={"area_slug": self.area.slug, "pk": result.pk},
        )


class ProposalQuestionView(
    ProposalMixin,
    ServiceFormMixin[ProposedQuestionForm],
    FormView[ProposedQuestionForm],
):
    """Change one proposed question, or leave it out."""

    form_class = ProposedQuestionForm
    template_name = "consultations/imports/proposal_question.html"

    @cached_property
    def index(self) -> int:
        index = self.kwargs["index"] - 1
        if not 0 <= index < len(self.proposal.questions):
            raise Http404
        return index

    @cached_property
    def question(self) -> ProposedQuestion:
        return services.proposal_questions(self.proposal)[self.index]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.created() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.created() or super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        question = self.question
        return {
            "include": "yes" if question.include else "no",
            "text": question.text,
            "question_type": question.question_type,
            "options_text": "\n".join(question.options),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            proposal=self.proposal,
            question=self.question,
            number=self.index + 1,
            columns=[self.proposal.headers[c] for c in self.question.columns],
            back_url=self.review_url(),
        )
        return context

    def review_url(self) -> str:
        return f"{self.proposal.get_absolute_url()}#question-{self.index + 1}"

    def perform(self, form: ProposedQuestionForm) -> SurveyProposal:
        return services.survey_proposal_change_question(
            proposal=self.proposal,
            index=self.index,
            data=form.cleaned_data,
            by=self.staff_user,
        )

    def success_url_for(self, result: SurveyProposal) -> str:
        return self.review_url()
