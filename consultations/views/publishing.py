"""Publishing individual responses: the officer's review and the public list."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Case
from django.db.models import IntegerField
from django.db.models import Prefetch
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django.views.generic import TemplateView

from sendportal.areas.mixins import AreaMixin
from sendportal.params import choice_param
from sendportal.params import int_param
from strategies.codes import RespondentType
from strategies.models import Theme

from .. import publishing
from ..models import Consultation
from ..models import PublicationState
from ..models import PublishedAnswer
from ..models import Question
from ..models import Response
from ..models import ResponsePublication
from ..publishing_forms import RedactionForm
from .staff import ConsultationObjectMixin

PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50


class PublishingListView(ConsultationObjectMixin, TemplateView):
    """The responses whose respondents agreed to publishing, those waiting first."""

    permission_required = "consultations.publish_response"
    template_name = "consultations/staff/publishing_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        responses = (
            Response.objects.for_consultation(self.consultation)
            .filter(publish_consent=True)
            .select_related("publication")
            .annotate(
                waiting=Case(
                    When(
                        publication__state__in=[
                            PublicationState.PUBLISHED,
                            PublicationState.WITHHELD,
                        ],
                        then=Value(1),
                    ),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("waiting", "submitted_at", "pk")
        )
        page = Paginator(responses, STAFF_PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            consultation=self.consultation,
            page_obj=page,
            responses=page.object_list,
            waiting_count=Response.objects.for_consultation(self.consultation)
            .awaiting_publication_review()
            .count(),
            back_url=self.consultation.get_staff_url(),
        )
        return context


class ResponseReviewView(ConsultationObjectMixin, TemplateView):
    """Strike out what identifies people in a response; publish or withhold it."""

    permission_required = "consultations.publish_response"
    template_name = "consultations/staff/response_review.html"

    @cached_property
    def response(self) -> Response:
        return get_object_or_404(
            Response.objects.for_consultation(self.consultation)
            .filter(publish_consent=True)
            .select_related("publication", "survey"),
            pk=self.kwargs["response_pk"],
        )

    def list_url(self) -> str:
        return reverse(
            "consultations_staff:publishing",
            kwargs={"area_slug": self.area.slug, "pk": self.consultation.pk},
        )

    def form(self, data: Any = None) -> RedactionForm:
        answers = list(publishing.free_text_answers(self.response))
        return RedactionForm(data, answers=answers)

    def render_page(self, form: RedactionForm, error: str = "") -> HttpResponse:
        publication = getattr(self.response, "publication", None)
        return render(
            self.request,
            self.template_name,
            {
                "area": self.area,
                "consultation": self.consultation,
                "response": self.response,
                "publication": publication,
                "is_published": publication is not None
                and publication.state == PublicationState.PUBLISHED,
                "form": form,
                "reviews": form.reviews(),
                "error": error,
                "back_url": self.list_url(),
            },
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page(self.form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "save")
        form = self.form(request.POST)
        if action == "withhold":
            publishing.response_withhold(response=self.response, by=self.staff_user)
            messages.success(
                request,
                _("Response %(ref)s will not be published.")
                % {"ref": self.response.reference},
            )
            return redirect(self.list_url())
        if not form.is_valid():
            return self.render_page(form)
        try:
            publishing.response_redact(
                response=self.response,
                strikes=form.strikes(),
                unstrike_ids=form.unstrike_ids(),
                by=self.staff_user,
            )
            if action == "publish":
                publishing.response_publish(response=self.response, by=self.staff_user)
        except publishing.PublishingRefusedError as error:
            return self.render_page(self.form(), error=error.messages[0])
        if action == "publish":
            messages.success(
                request,
                _("Response %(ref)s is published.") % {"ref": self.response.reference},
            )
            return redirect(self.list_url())
        messages.success(request, _("Strike-outs saved."))
        return redirect(request.path)


@method_decorator(login_not_required, name="dispatch")
class PublishedResponseListView(AreaMixin, ListView[ResponsePublication]):
    """A consultation's published responses: only the redacted public copies."""

    template_name = "consultations/published_responses.html"
    context_object_name = "publications"
    paginate_by = PAGE_SIZE

    @cached_property
    def consultation(self) -> Consultation:
        return get_object_or_404(
            Consultation.objects.for_area(self.area)
            .public()
            .select_related("area", "strategy"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def questions(self) -> list[Question]:
        return list(
            Question.objects.filter(survey__consultation=self.consultation).order_by(
                "survey__sort", "sort", "pk"
            )
        )

    @cached_property
    def themes(self) -> list[Theme]:
        return list(
            Theme.objects.filter(
                answers__published__in=PublishedAnswer.objects.published().for_consultation(
                    self.consultation
                )
            )
            .distinct()
            .order_by("name")
        )

    def get_queryset(self) -> QuerySet[ResponsePublication]:
        params = self.request.GET
        publications = ResponsePublication.objects.published().filter(
            response__consultation=self.consultation
        )
        if params.get("respondent_type"):
            respondent_type = choice_param(
                params, "respondent_type", RespondentType.values
            )
            publications = publications.filter(
                response__respondent_type=respondent_type or ""
            )
        if params.get("theme", "").strip():
            theme = int_param(params, "theme")
            publications = publications.filter(answers__answer__themes=theme or 0)
        if params.get("question", "").strip():
            question = int_param(params, "question")
            publications = publications.filter(answers__question_id=question or 0)
        return (
            publications.distinct()
            .select_related("response")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=PublishedAnswer.objects.select_related("question"),
                )
            )
            .order_by("-published_at", "pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            consultation=self.consultation,
            questions=self.questions,
            themes=self.themes,
            respondent_types=RespondentType.choices,
            filters=self.request.GET,
            query_string=params.urlencode(),
            back_url=self.consultation.get_absolute_url(),
        )
        return context
