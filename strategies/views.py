"""Public strategy pages, readable by anyone for every status but draft."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models import Prefetch
from django.db.models import QuerySet
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django.views.generic import TemplateView

from sendportal.areas.mixins import AreaMixin
from sendportal.areas.mixins import area_from_slug
from sendportal.areas.models import LocalArea
from sendportal.pdf import PdfRenderError

from .models import EasyReadSection
from .models import Strategy
from .models import StrategyDocument
from .models import Theme
from .pdf import easy_read_pdf


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
            .prefetch_related(
                "documents",
                "superseded_by",
                Prefetch("priorities__themes", queryset=Theme.objects.active()),
            )
            .annotate(easy_read_count=Count("easy_read_sections"))
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


def _public_strategy(request: HttpRequest, area: LocalArea, pk: int) -> Strategy:
    """The strategy the URL names, if this visitor may read it (404 otherwise)."""
    return get_object_or_404(
        Strategy.objects.for_area(area).visible_to(request.user).select_related("area"),
        pk=pk,
    )


def _sections(strategy: Strategy) -> list[EasyReadSection]:
    sections = list(strategy.easy_read_sections.all())
    if not sections:
        raise Http404
    for section in sections:
        section.strategy = strategy  # for picture addresses, without a query each
    return sections


@method_decorator(login_not_required, name="dispatch")
class EasyReadView(AreaMixin, TemplateView):
    """The Easy Read version written in the portal: large text, a picture beside
    each section, and print styles so that it prints as it reads."""

    template_name = "strategies/easy_read.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        strategy = _public_strategy(self.request, self.area, self.kwargs["pk"])
        context.update(strategy=strategy, sections=_sections(strategy))
        return context


@login_not_required
def easy_read_pdf_download(
    request: HttpRequest, area_slug: str, pk: int
) -> HttpResponse:
    """The Easy Read version as a tagged PDF (see strategies/pdf.py)."""
    strategy = _public_strategy(request, area_from_slug(request, area_slug), pk)
    try:
        pdf = easy_read_pdf(strategy, _sections(strategy))
    except PdfRenderError:
        messages.error(
            request,
            _(
                "Sorry, the PDF could not be made just now. Try again later, "
                "or print this page."
            ),
        )
        return redirect(strategy.get_easy_read_url())
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = slugify(f"easy-read-{strategy.title}-{strategy.period_label}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@login_not_required
def easy_read_picture(
    request: HttpRequest, area_slug: str, pk: int, section_pk: int
) -> FileResponse:
    """An uploaded Easy Read picture, after the visibility check of its strategy."""
    strategy = _public_strategy(request, area_from_slug(request, area_slug), pk)
    section = get_object_or_404(strategy.easy_read_sections.all(), pk=section_pk)
    if not section.picture_image:
        raise Http404
    try:
        handle = section.picture_image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle)
    response["X-Content-Type-Options"] = "nosniff"
    return response
