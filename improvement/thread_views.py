"""Public theme pages: what people said about a theme, and what was done."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from consultations.analysis import Chart
from sendportal.areas.mixins import AreaMixin

from .dashboards import kpi_rows
from .thread import area_themes
from .thread import public_themes
from .thread import theme_quotes
from .thread import theme_thread


@method_decorator(login_not_required, name="dispatch")
class ThemeListView(AreaMixin, TemplateView):
    """The themes of the area's public strategies, by priority, with how many
    people raised each."""

    template_name = "improvement/themes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["strategies"] = area_themes(self.area)
        return context


@method_decorator(login_not_required, name="dispatch")
class ThemeDetailView(AreaMixin, TemplateView):
    """One theme: who raised it, where, and the actions taken for it."""

    template_name = "improvement/theme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        theme = get_object_or_404(
            public_themes(self.area).select_related("strategy__area", "priority"),
            pk=self.kwargs["pk"],
        )
        thread = theme_thread(theme)
        context.update(
            theme=theme,
            thread=thread,
            chart=Chart.from_table(
                _("People who raised this in consultations, by group"), thread.people
            ),
            kpi_rows=kpi_rows(thread.kpis),
            quotes=theme_quotes(theme),
        )
        return context
