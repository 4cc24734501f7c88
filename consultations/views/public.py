"""Public consultation pages: list, start page and “You said, we did”."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.db.models import Prefetch
from django.db.models import QuerySet
from django.utils.decorators import method_decorator
from django.views.generic import DetailView
from django.views.generic import ListView

from improvement.models import FeedbackAction
from sendportal.areas.mixins import AreaMixin
from sendportal.disclosure import suppress

from ..analysis import public_helped_count
from ..journey import survey_time_estimate
from ..models import Consultation
from ..models import ConsultationStatus
from ..models import ResponsePublication


def has_published_responses(consultation: Consultation) -> bool:
    return (
        ResponsePublication.objects.published()
        .filter(response__consultation=consultation)
        .exists()
    )


@method_decorator(login_not_required, name="dispatch")
class ConsultationListView(AreaMixin, ListView[Consultation]):
    template_name = "consultations/consultation_list.html"
    context_object_name = "consultations"

    def get_queryset(self) -> QuerySet[Consultation]:
        return (
            Consultation.objects.for_area(self.area)
            .public()
            .select_related("area", "strategy")
            .order_by("-opens_at")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultations = list(context["consultations"])
        context["open_consultations"] = [
            c for c in consultations if c.current_status == ConsultationStatus.OPEN
        ]
        context["other_consultations"] = [
            c for c in consultations if c.current_status != ConsultationStatus.OPEN
        ]
        return context


@method_decorator(login_not_required, name="dispatch")
class ConsultationDetailView(AreaMixin, DetailView[Consultation]):
    """The start page: what the consultation is about and how to answer."""

    template_name = "consultations/consultation_detail.html"
    context_object_name = "consultation"

    def get_queryset(self) -> QuerySet[Consultation]:
        return (
            Consultation.objects.for_area(self.area)
            .visible_to(self.request.user)
            .select_related("area", "strategy")
            .prefetch_related("surveys", "strategy__documents")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_open"] = self.request.user.has_perm(
            "consultations.respond_consultation", self.object
        )
        context["surveys"] = (
            [
                (survey, survey_time_estimate(survey))
                for survey in self.object.surveys.all()
            ]
            if context["is_open"]
            else []
        )
        context["back_url"] = None
        context["has_published_responses"] = has_published_responses(self.object)
        return context


@method_decorator(login_not_required, name="dispatch")
class FeedbackDetailView(AreaMixin, DetailView[Consultation]):
    """“You said, we did” for one consultation."""

    template_name = "consultations/feedback_detail.html"
    context_object_name = "consultation"

    def get_queryset(self) -> QuerySet[Consultation]:
        return (
            Consultation.objects.for_area(self.area)
            .filter(status=ConsultationStatus.FEEDBACK_PUBLISHED)
            .select_related("area", "strategy")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["items"] = (
            self.object.feedback_items.filter(is_published=True)
            .select_related("theme__priority")
            .prefetch_related(
                Prefetch(
                    "action_links",
                    queryset=FeedbackAction.objects.public().order_by(
                        "action__sort_key", "pk"
                    ),
                    to_attr="public_action_links",
                )
            )
        )
        # The progress report publishes responses by respondent type, so this
        # total is a range when a type is small there too (docs/disclosure.md).
        by_type = self.object.responses.values_list("respondent_type").annotate(
            n=Count("pk")
        )
        context["response_count"] = suppress(dict(by_type.order_by())).total
        by_helper = self.object.responses.values_list("supported_by").annotate(
            n=Count("pk")
        )
        context["helped_count"] = public_helped_count(dict(by_helper.order_by()))
        context["has_published_responses"] = has_published_responses(self.object)
        return context


@method_decorator(login_not_required, name="dispatch")
class FeedbackListView(AreaMixin, ListView[Consultation]):
    """Every consultation of the area whose feedback is published."""

    template_name = "consultations/feedback_list.html"
    context_object_name = "consultations"

    def get_queryset(self) -> QuerySet[Consultation]:
        return (
            Consultation.objects.for_area(self.area)
            .filter(status=ConsultationStatus.FEEDBACK_PUBLISHED)
            .select_related("area")
            .order_by("-feedback_published_at")
        )
