"""An area's yearly "You said, we did" page and the list of its years."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from sendportal.areas.mixins import AreaMixin

from .yearly import feedback_years
from .yearly import yearly_comments


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
