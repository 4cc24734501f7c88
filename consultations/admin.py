"""The consultations in the Django admin: read-only, since every change to a
consultation, its questions and its answers goes through an audited service."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ExportMixin

from sendportal.audit.admin import KeepHistoryAdminMixin
from sendportal.audit.admin import ReadOnlyAdminMixin

from .models import Answer
from .models import Consultation
from .models import Option
from .models import Question
from .models import Survey
from .models import YouSaidWeDid
from .resources import AnswerResource


class QuestionInline(ReadOnlyAdminMixin, admin.TabularInline[Question, Survey]):
    model = Question
    fields = ["sort", "text", "question_type", "required", "priority"]
    extra = 0


class OptionInline(ReadOnlyAdminMixin, admin.TabularInline[Option, Question]):
    model = Option
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Consultation]):
    list_display = ["title", "area", "status", "opens_at", "closes_at"]
    list_filter = ["area", "status"]
    search_fields = ["title"]


@admin.register(Survey)
class SurveyAdmin(KeepHistoryAdminMixin, admin.ModelAdmin[Survey]):
    """A survey's own settings are not audited; its questions are."""

    list_display = ["title", "consultation", "audience", "is_easy_read"]
    readonly_fields = ["consultation"]
    inlines = [QuestionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # consultation_create adds the survey with the consultation.
        return False


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Question]):
    list_display = ["text", "survey", "question_type", "required"]
    inlines = [OptionInline]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdminMixin, ExportMixin, admin.ModelAdmin[Answer]):
    """Answers with a formula-escaped spreadsheet export, read-only. There is no
    import here: answers come in through the survey-import pages, whose reader
    checks every file (an admin import would skip those checks and the audit)."""

    resource_classes = [AnswerResource]
    list_display = ["response", "question", "option_code"]
    list_select_related = ["response", "question"]
    raw_id_fields = ["response", "question"]

    def export_action(self, request: HttpRequest) -> HttpResponse:
        # The export filters its rows as the change list does, from the query
        # string; a filter naming nothing goes back to the change list and its
        # message, as the change list itself does, instead of a 500.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            changelist = reverse("admin:consultations_answer_changelist")
            return HttpResponseRedirect(f"{changelist}?{ERROR_FLAG}=1")


@admin.register(YouSaidWeDid)
class YouSaidWeDidAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[YouSaidWeDid]):
    list_display = ["consultation", "theme", "status", "is_published"]
    list_filter = ["status", "is_published"]
