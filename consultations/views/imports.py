"""Staff pages for importing survey responses from spreadsheets."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic import FormView
from django.views.generic import TemplateView

from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.mixins import StaffObjectMixin
from sendportal.form_views import ServiceFormMixin
from sendportal.spreadsheets import SpreadsheetError

from ..imports import services
from ..imports.columns import SHAPE_LABELS
from ..imports.forms import DateOrderForm
from ..imports.forms import MappingFileForm
from ..imports.forms import MappingForm
from ..imports.forms import UploadForm
from ..imports.forms import ValuesForm
from ..imports.keying import keying_template
from ..imports.mapping_files import MAX_MAPPING_BYTES
from ..imports.mapping_files import apply_mapping_document
from ..imports.mapping_files import dump_mapping
from ..imports.mapping_files import load_mapping
from ..imports.mapping_files import mapping_document
from ..imports.resources import export_survey_responses
from ..imports.warnings import WarningKind
from ..imports.warnings import acknowledged_warnings
from ..models import Consultation
from ..models import ConsultationStatus
from ..models import ImportBatch
from ..models import Survey
from ..models.imports import DateOrder
from ..models.imports import ImportStatus

PERMISSION = "consultations.import_response"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportAreaMixin(StaffAreaMixin):
    """Staff import pages: officers and admins of the area only."""

    permission_required: str | tuple[str, ...] | None = PERMISSION

    def surveys(self) -> QuerySet[Survey]:
        return Survey.objects.filter(consultation__area=self.area).select_related(
            "consultation"
        )

    def index_url(self) -> str:
        return reverse(
            "consultation_imports:import_list", kwargs={"area_slug": self.area.slug}
        )


class SurveyImportMixin(StaffObjectMixin[Survey], ImportAreaMixin):
    """A page about importing into one survey of the area (404 for another's)."""

    pk_url_kwarg = "survey_pk"

    def get_object_queryset(self) -> QuerySet[Survey]:
        return self.surveys()

    def get_permission_object(self) -> Consultation:
        # Permissions are granted on the consultation, which knows its area.
        return self.survey.consultation

    @property
    def survey(self) -> Survey:
        return self.staff_object


class BatchMixin(StaffObjectMixin[ImportBatch], ImportAreaMixin):
    """A page about one import batch of the area (404 for another area's)."""

    def get_object_queryset(self) -> QuerySet[ImportBatch]:
        return ImportBatch.objects.for_area(self.area).select_related(
            "area", "survey__consultation", "created_by", "undone_by", "discarded_by"
        )

    @property
    def batch(self) -> ImportBatch:
        return self.staff_object

    def batch_url(self, name: str) -> str:
        return reverse(
            f"consultation_imports:{name}",
            kwargs={"area_slug": self.area.slug, "pk": self.batch.pk},
        )


class ImportListView(ImportAreaMixin, TemplateView):
    template_name = "consultations/imports/import_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["surveys"] = (
            self.surveys()
            .annotate(imported=Count("import_batches"))
            .order_by("consultation__title", "sort", "pk")
        )
        # A survey can be built from a file only in a draft consultation.
        context["draft_consultations"] = (
            Consultation.objects.for_area(self.area)
            .filter(status=ConsultationStatus.DRAFT)
            .order_by("title")
            if self.can("consultations.add_consultation")
            else Consultation.objects.none()
        )
        context["batches"] = (
            ImportBatch.objects.for_area(self.area)
            .listed()
            .select_related("survey__consultation", "created_by")
            .order_by("-created_at", "-pk")[:50]
        )
        return context


class ImportUploadView(SurveyImportMixin, FormView[UploadForm]):
    form_class = UploadForm
    template_name = "consultations/imports/upload.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["survey"] = self.survey
        context["back_url"] = self.index_url()
        return context

    def form_valid(self, form: UploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        data = upload.read(services.upload_limit() + 1)
        try:
            batch = services.import_batch_create(
                survey=self.survey,
                data=data,
                file_name=upload.name or "upload",
                channel=form.cleaned_data["channel"],
                supported_by=form.cleaned_data["supported_by"],
                keyed_by=form.cleaned_data["keyed_by"],
                source_document=form.cleaned_data["source_document"],
                by=self.staff_user,
                is_different_batch=form.cleaned_data["is_different_batch"],
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        return redirect(
            "consultation_imports:batch_columns",
            area_slug=self.area.slug,
            pk=batch.pk,
        )


class KeyingTemplateView(SurveyImportMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        survey = self.survey
        response = HttpResponse(keying_template(survey), content_type=XLSX)
        name = slugify(f"{survey.consultation.title} {survey.title}")[:80]
        response["Content-Disposition"] = (
            f'attachment; filename="keying-template-{name}.xlsx"'
        )
        return response


class ResponseExportView(SurveyImportMixin, View):
    permission_required = (PERMISSION, "consultations.export_response")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        survey = self.survey
        response = HttpResponse(
            export_survey_responses(survey, "csv"), content_type="text/csv"
        )
        name = slugify(f"{survey.consultation.title} {survey.title}")[:80]
        response["Content-Disposition"] = f'attachment; filename="responses-{name}.csv"'
        return response


class BatchColumnsView(
    BatchMixin, ServiceFormMixin[MappingForm], FormView[MappingForm]
):
    form_class = MappingForm
    template_name = "consultations/imports/columns.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        batch = self.batch
        self.questions = services.survey_questions(batch.survey)
        kwargs = super().get_form_kwargs()
        kwargs.update(
            headers=batch.headers,
            questions=self.questions,
            initial_mapping=batch.mapping,
        )
        return kwargs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if not self.batch.is_unimported:
            return redirect(self.batch.get_absolute_url())
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["shape"] = SHAPE_LABELS.get(self.batch.shape, self.batch.shape)
        context["back_url"] = reverse(
            "consultation_imports:import_upload",
            kwargs={"area_slug": self.area.slug, "survey_pk": self.batch.survey_id},
        )
        return context

    def perform(self, form: MappingForm) -> None:
        services.import_batch_map_columns(
            batch=self.batch, mapping=form.mapping(), by=self.staff_user
        )

    def success_url_for(self, result: None) -> str:
        if self.batch.needs_date_order:
            return self.batch_url("batch_dates")
        return after_dates_url(self.batch)


def after_dates_url(batch: ImportBatch) -> str:
    """The step after the columns (and the dates, when asked): matching
    answers when the file has choice columns, else the preview."""
    name = "batch_values" if services.batch_value_lists(batch) else "batch_preview"
    return reverse(
        f"consultation_imports:{name}",
        kwargs={"area_slug": batch.area.slug, "pk": batch.pk},
    )


class BatchValuesView(BatchMixin, ServiceFormMixin[ValuesForm], FormView[ValuesForm]):
    """Match answers: every distinct answer of the choice columns to a code."""

    form_class = ValuesForm
    template_name = "consultations/imports/values.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["groups"] = self.groups
        return kwargs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.checked() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.checked() or super().post(request, *args, **kwargs)

    def checked(self) -> HttpResponse | None:
        """A redirect when there is nothing to match here, else None."""
        batch = self.batch
        if not batch.is_unimported:
            return redirect(batch.get_absolute_url())
        if batch.needs_date_order:
            return redirect(self.batch_url("batch_dates"))
        try:
            self.groups = services.import_batch_value_groups(batch)
        except SpreadsheetError as error:
            messages.error(self.request, str(error))
            return redirect(batch.get_absolute_url())
        if not self.groups:
            return redirect(self.preview_url())
        return None

    def preview_url(self) -> str:
        return self.batch_url("batch_preview")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["back_url"] = self.batch_url(
            "batch_dates" if self.batch.date_order_is_ambiguous else "batch_columns"
        )
        context["columns_url"] = self.batch_url("batch_columns")
        context["unmatched"] = sum(group.unmatched for group in self.groups)
        context["preview_url"] = self.preview_url()
        return context

    def perform(self, form: ValuesForm) -> None:
        services.import_batch_map_values(
            batch=self.batch, values=form.values(), by=self.staff_user
        )

    def success_url_for(self, result: None) -> str:
        return self.preview_url()


class BatchDatesView(
    BatchMixin, ServiceFormMixin[DateOrderForm], FormView[DateOrderForm]
):
    """The question asked once when the file's dates read both ways."""

    form_class = DateOrderForm
    template_name = "consultations/imports/dates.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        batch = self.batch
        if not batch.is_unimported:
            return redirect(batch.get_absolute_url())
        if not batch.date_order_is_ambiguous:
            return redirect(self.batch_url("batch_preview"))
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["examples"] = self.batch.date_detection.get("examples", [])
        if self.batch.date_order in (DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST):
            kwargs["initial"] = {"date_order": self.batch.date_order}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["back_url"] = self.batch_url("batch_columns")
        return context

    def perform(self, form: DateOrderForm) -> None:
        services.import_batch_set_date_order(
            batch=self.batch,
            date_order=form.cleaned_data["date_order"],
            by=self.staff_user,
        )

    def success_url_for(self, result: None) -> str:
        return after_dates_url(self.batch)


class BatchMappingDownloadView(BatchMixin, View):
    """The batch's column mapping as a mapping file, to edit or reuse."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        batch = self.batch
        response = HttpResponse(
            dump_mapping(mapping_document(batch), "mapping.json"),
            content_type="application/json; charset=utf-8",
        )
        name = slugify(batch.file_name.rsplit(".", 1)[0])[:80] or "survey"
        response["Content-Disposition"] = f'attachment; filename="mapping-{name}.json"'
        return response


class BatchMappingUploadView(
    BatchMixin, ServiceFormMixin[MappingFileForm], FormView[MappingFileForm]
):
    """Apply a mapping file (JSON or YAML) instead of choosing column by column."""

    form_class = MappingFileForm
    template_name = "consultations/imports/mapping_upload.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.batch.is_unimported:
            return redirect(self.batch.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["back_url"] = self.batch_url("batch_columns")
        return context

    def add_service_error(self, form: MappingFileForm, error: ValidationError) -> None:
        # Every problem is of the file: the error summary links to it.
        for message in error.messages:
            form.add_error("file", message)

    def perform(self, form: MappingFileForm) -> None:
        upload = form.cleaned_data["file"]
        document = load_mapping(
            upload.read(MAX_MAPPING_BYTES + 1), upload.name or "mapping.json"
        )
        self.applied = apply_mapping_document(
            batch=self.batch, document=document, by=self.staff_user
        )

    def success_url_for(self, result: None) -> str:
        # The same steps as after the columns page: the dates question when
        # the file's dates read both ways, then its answers to check.
        if self.applied.needs_date_order:
            return self.batch_url("batch_dates")
        return after_dates_url(self.applied)


class BatchPreviewView(BatchMixin, TemplateView):
    """The dry run: what would be imported, every error and every warning;
    POST confirms, with the warnings the admin ticked as checked."""

    template_name = "consultations/imports/preview.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        batch = self.batch
        if not batch.is_unimported:
            return redirect(batch.get_absolute_url())
        if batch.needs_date_order:
            return redirect(self.batch_url("batch_dates"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["preview"] = services.import_batch_preview(self.batch)
        context["columns_url"] = self.batch_url("batch_columns")
        context["dates_url"] = self.batch_url("batch_dates")
        context["values_url"] = (
            self.batch_url("batch_values")
            if services.batch_value_lists(self.batch)
            else ""
        )
        context["back_url"] = context["values_url"] or context["columns_url"]
        context["background"] = self.batch.rows_total > services.background_rows()
        context.setdefault("acknowledged", [])
        context.setdefault("missing", [])
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.batch.needs_date_order:
            return redirect(self.batch_url("batch_dates"))
        acknowledged = [
            kind
            for kind in request.POST.getlist("acknowledge")
            if kind in WarningKind.values
        ]
        try:
            batch = services.import_batch_confirm(
                batch=self.batch, by=self.staff_user, acknowledged=acknowledged
            )
        except services.WarningsNotAcknowledged as refused:
            return self.render_to_response(
                self.get_context_data(
                    acknowledged=acknowledged,
                    missing=[warning.kind for warning in refused.warnings],
                )
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if batch.status == ImportStatus.DONE:
                messages.success(
                    request,
                    _("%(count)s responses imported.")
                    % {"count": f"{batch.responses_created:,}"},
                )
        return redirect(self.batch.get_absolute_url())


class BatchDetailView(BatchMixin, DetailView[ImportBatch]):
    template_name = "consultations/imports/batch_detail.html"
    context_object_name = "batch"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["back_url"] = self.index_url()
        context["shape"] = SHAPE_LABELS.get(self.batch.shape, self.batch.shape)
        context["acknowledged_warnings"] = acknowledged_warnings(self.batch)
        # Refreshing by itself is the user's choice and can be stopped
        # (WCAG 2.2.1, timing adjustable): axe flags an automatic meta refresh.
        wants_refresh = self.request.GET.get("refresh") == "1"
        context["refresh_seconds"] = (
            2 if self.batch.is_in_progress and wants_refresh else None
        )
        return context


class BatchConfirmView(BatchMixin, TemplateView):
    """A page asking to confirm one step on a batch (undo, discard), then POST."""

    def allowed(self, batch: ImportBatch) -> bool:
        raise NotImplementedError

    def perform(self) -> str:
        """Take the step; the message that says it was done."""
        raise NotImplementedError

    def done_url(self) -> str:
        return self.batch.get_absolute_url()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.allowed(self.batch):
            return redirect(self.batch.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["back_url"] = self.batch.get_absolute_url()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            done = self.perform()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.batch.get_absolute_url())
        messages.success(request, done)
        return redirect(self.done_url())


class BatchUndoView(BatchConfirmView):
    template_name = "consultations/imports/undo.html"

    def allowed(self, batch: ImportBatch) -> bool:
        return batch.status == ImportStatus.DONE

    def perform(self) -> str:
        services.import_batch_undo(batch=self.batch, by=self.staff_user)
        return _("Import undone: its responses have been removed.")


class BatchDiscardView(BatchConfirmView):
    """Discard an upload that was not imported: a confirmation page, then POST."""

    template_name = "consultations/imports/discard.html"

    def allowed(self, batch: ImportBatch) -> bool:
        return batch.is_unimported

    def perform(self) -> str:
        services.import_batch_discard(batch=self.batch, by=self.staff_user)
        return _("%(name)s discarded: its file has been deleted.") % {
            "name": self.batch.file_name
        }

    def done_url(self) -> str:
        return self.index_url()
