"""Response exports for officers: CSV streamed row by row, or XLSX."""

import csv
from collections.abc import Iterator
from typing import Any

from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.exports import workbook_bytes

from ..analysis import channel_filter_value
from ..analysis import filter_responses
from ..analysis import supported_filter_value
from ..resources import AnswerResource
from ..resources import answers_for_export
from ..resources import export_rows
from .staff import ConsultationObjectMixin


class _Echo:
    def write(self, value: str) -> str:
        return value


class ExportView(ConsultationObjectMixin, View):
    permission_required = "consultations.export_response"
    http_method_names = ["get"]

    def get(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse | StreamingHttpResponse:
        file_format = kwargs["file_format"]
        if file_format not in ("csv", "xlsx"):
            raise Http404
        supported = supported_filter_value(request.GET.get("supported_by"))
        channel = channel_filter_value(request.GET.get("channel"))
        changes = {"format": [None, file_format]}
        if supported:
            changes["who helped"] = [None, supported]
        if channel:
            changes["channel"] = [None, channel]
        record_event(
            by=self.staff_user,
            verb=AuditVerb.RESPONSES_EXPORTED,
            target=self.consultation,
            area_id=self.area.pk,
            changes=changes,
        )
        name = slugify(self.consultation.title)[:60] or "responses"
        resource = AnswerResource()
        queryset = filter_responses(
            answers_for_export(self.consultation.pk),
            supported=supported,
            channel=channel,
            response_path="response__",
        )
        response: HttpResponse | StreamingHttpResponse
        if file_format == "xlsx":
            dataset = resource.export(queryset)
            response = HttpResponse(
                workbook_bytes(dataset, title=str(_("Responses"))),
                content_type=(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                ),
            )
        else:
            response = StreamingHttpResponse(
                self.csv_rows(resource, queryset), content_type="text/csv"
            )
            file_format = "csv"
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-responses.{file_format}"'
        )
        response["Cache-Control"] = "no-store"
        return response

    def csv_rows(self, resource: AnswerResource, queryset: Any) -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(resource.get_export_headers())
        for row in export_rows(resource, queryset):
            yield writer.writerow(row)
