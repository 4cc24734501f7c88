"""Public strategy pages, readable by anyone for every status but draft."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from sendportal.areas.mixins import AreaMixin
from sendportal.areas.mixins import area_from_slug

from .models import Strategy
from .models import StrategyDocument


@method_decorator(login_not_required, name="dispatch")
class StrategyDetailView(AreaMixin, DetailView[Strategy]):
    template_name = "strategies/strategy_detail.html"
    context_object_name = "strategy"

    def get_queryset(self) -> QuerySet[Strategy]:
        return (
            Strategy.objects.for_area(self.area)
            .visible_to(self.request.user)
            .select_related("area", "supersedes")
            .with_priorities()
            .prefetch_related("documents", "superseded_by")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        documents = list(self.object.documents.all())
        context["easy_read_documents"] = [d for d in documents if d.kind == "easy_read"]
        context["other_documents"] = [d for d in documents if d.kind != "easy_read"]
        # Through the reverse relation: strategies do not import consultations.
        context["open_consultations"] = list(
            self.object.consultations.open().order_by("closes_at")
        )
        return context


@login_not_required
def document_download(
    request: HttpRequest, area_slug: str, pk: int, document_pk: int
) -> FileResponse:
    """Serve an uploaded document after the same visibility check as its strategy."""
    area = area_from_slug(request, area_slug)
    document = get_object_or_404(
        StrategyDocument.objects.select_related("strategy"),
        pk=document_pk,
        strategy_id=pk,
        strategy__area=area,
    )
    if not request.user.has_perm("strategies.view_strategy", document.strategy):
        raise Http404
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    except PermissionError as error:  # pragma: no cover - storage misconfigured
        raise PermissionDenied from error
    filename = f"{document.title}.{document.file_extension.lower()}"
    return FileResponse(handle, as_attachment=True, filename=filename)
