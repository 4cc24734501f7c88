"""An area's yearly "You said, we did" page and the list of its years."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sendportal.areas.mixins import AreaMixin
from sendportal.areas.mixins import area_from_slug
from sendportal.pdf import PdfRenderError

from .yearly import feedback_years
from .yearly import yearly_comments
from .yearly_pdf import yearly_pdf


@method_decorator(login_not_required, name="dispatch")
class YearListView(AreaMixin, TemplateView):
    """The years for which the area has published comments and what it did."""

    template_name = "improvement/feedback_years.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["years"] = feedback_years(self.area)
        return context


@method_decorator(login_not_required, name="dispatch")
class YearView(AreaMixin, TemplateView):
    """A year's comments on the Local Offer and services, and the action taken."""

    template_name = "improvement/feedback_year.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        years = feedback_years(self.area)
        if year not in years:
            raise Http404
        context.update(
            year=year,
            years=years,
            groups=yearly_comments(self.area, year),
        )
        return context


@login_not_required
def year_pdf_download(request: HttpRequest, area_slug: str, year: int) -> HttpResponse:
    """The yearly page as a tagged PDF (see improvement/yearly_pdf.py)."""
    area = area_from_slug(request, area_slug)
    if year not in feedback_years(area):
        raise Http404
    try:
        pdf = yearly_pdf(area, year, yearly_comments(area, year))
    except PdfRenderError:
        messages.error(
            request,
            _(
                "Sorry, the PDF could not be made just now. Try again later, "
                "or print this page."
            ),
        )
        return redirect(reverse("you_said_we_did:year_detail", args=[area.slug, year]))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"you-said-we-did-{area.slug}-{year}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
