"""Officers' analysis: who answered, what they said, and coding free text."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import QueryDict
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from improvement.citing import CITE_BUTTON
from improvement.citing import citable_actions
from improvement.citing import cite_selected
from improvement.link_forms import CiteEvidenceForm
from sendportal.params import choice_param
from sendportal.params import int_param
from sendportal.params import int_values
from sendportal.params import text_param
from strategies.codes import HELPED
from strategies.codes import RespondentType
from strategies.models import Theme

from .. import services
from ..analysis import analyse
from ..analysis import channel_filter_choices
from ..analysis import channel_filter_value
from ..analysis import filter_supported
from ..analysis import supported_filter_choices
from ..analysis import supported_filter_value
from ..models import Answer
from ..models import QuestionType
from ..staff_forms import CodingForm
from .staff import ConsultationObjectMixin

PAGE_SIZE = 50


class AnalysisView(ConsultationObjectMixin, TemplateView):
    permission_required = "consultations.view_response"
    template_name = "consultations/staff/analysis.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        supported = supported_filter_value(self.request.GET.get("supported_by"))
        channel = channel_filter_value(self.request.GET.get("channel"))
        context["consultation"] = self.consultation
        context["analysis"] = analyse(
            self.consultation, supported=supported, channel=channel
        )
        context["supported_by"] = supported
        context["supported_choices"] = supported_filter_choices()
        context["channel"] = channel
        context["channel_choices"] = channel_filter_choices()
        filters = {"supported_by": supported, "channel": channel}
        context["filter_query"] = urlencode(
            {name: value for name, value in filters.items() if value}
        )
        context["can_export"] = self.can(
            "consultations.export_response", self.consultation
        )
        context["back_url"] = self.consultation.get_staff_url()
        return context


class FreeTextView(ConsultationObjectMixin, TemplateView):
    """Free-text answers with filters; code them to themes one by one or in bulk."""

    permission_required = "consultations.view_response"
    post_permission_required = "consultations.code_answer"
    template_name = "consultations/staff/free_text.html"

    def answers(self) -> QuerySet[Answer]:
        params = self.request.GET
        answers = (
            Answer.objects.filter(
                response__consultation=self.consultation,
                question__question_type=QuestionType.FREE_TEXT,
            )
            .exclude(text_value="")
            .select_related("question", "response__district")
            .prefetch_related("themes")
            .order_by("response__submitted_at", "pk")
        )
        # A filter given but unreadable (not one of the choices on the page)
        # matches nothing, as one naming a question of another survey would.
        if params.get("question", "").strip():
            question = int_param(params, "question")
            answers = answers.filter(question_id=question or 0)
        if (district := int_param(params, "district")) is not None:
            answers = answers.filter(response__district_id=district)
        if params.get("respondent_type"):
            respondent_type = choice_param(
                params, "respondent_type", RespondentType.values
            )
            answers = answers.filter(response__respondent_type=respondent_type or "")
        answers = filter_supported(
            answers,
            supported_filter_value(params.get("supported_by")),
            response_path="response__",
        )
        if params.get("theme") == "none":
            answers = answers.filter(themes__isnull=True)
        elif (theme := int_param(params, "theme")) is not None:
            answers = answers.filter(themes__id=theme)
        if search := text_param(params, "q"):
            answers = answers.filter(text_value__icontains=search)
        return answers

    def filter_query(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        return params.urlencode()

    def render_page(
        self, form: CodingForm | CiteEvidenceForm | None = None
    ) -> HttpResponse:
        page = Paginator(self.answers(), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        # Retired themes are kept on past codings, so they filter, but are not
        # offered for coding.
        filter_themes = list(
            Theme.objects.for_strategy(
                self.consultation.strategy, include_retired=True
            ).select_related("priority")
        )
        themes = [theme for theme in filter_themes if not theme.is_retired]
        questions = [
            q
            for survey in self.consultation.surveys.prefetch_related("questions")
            for q in survey.questions.all()
            if q.question_type == QuestionType.FREE_TEXT
        ]
        can_code = self.can("consultations.code_answer", self.consultation)
        return render(
            self.request,
            self.template_name,
            {
                "area": self.area,
                "consultation": self.consultation,
                "page_obj": page,
                "answers": page.object_list,
                "themes": themes,
                "filter_themes": filter_themes,
                "questions": questions,
                "respondent_types": RespondentType.choices,
                "supported_choices": supported_filter_choices(),
                "helped_codes": sorted(HELPED),
                "districts": list(self.area.districts.all()),
                "filters": self.request.GET,
                "query_string": self.filter_query(),
                "form": form,
                "can_code": can_code,
                "cite_actions": list(citable_actions(self.area, self.staff_user))
                if can_code
                else [],
                "back_url": self.consultation.get_staff_url(),
            },
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        answers = Answer.objects.filter(
            response__consultation=self.consultation,
            question__question_type=QuestionType.FREE_TEXT,
        )
        if CITE_BUTTON in request.POST:
            cite_form = cite_selected(
                request,
                area=self.area,
                user=self.staff_user,
                item_field="answers",
                items=answers,
                item_required=_("Select at least one answer to cite"),
            )
            if cite_form is not None:
                return self.render_page(cite_form)
            return self.back_to_filters()
        answer_ids = list(
            answers.filter(
                pk__in=int_values(request.POST.getlist("answers"))
            ).values_list("pk", flat=True)
        )
        form = CodingForm(
            request.POST, strategy=self.consultation.strategy, answer_ids=answer_ids
        )
        if not form.is_valid():
            return self.render_page(form)
        added = services.answers_code(
            consultation=self.consultation,
            answer_ids=form.cleaned_data["answers"],
            themes=form.cleaned_data["themes"],
            by=self.staff_user,
        )
        messages.success(request, _("%(n)s codings added.") % {"n": added})
        return self.back_to_filters()

    def back_to_filters(self) -> HttpResponse:
        url = self.request.path
        # Back to the same filters, re-encoded: the field is sent back as the
        # page gave it, but could hold anything.
        if query := QueryDict(self.request.POST.get("return_query", "")).urlencode():
            url += "?" + query
        return redirect(url)
