"""Officers' pages for drafting, publishing and approving strategies."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic import FormView
from django.views.generic import ListView
from django.views.generic import TemplateView

from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.mixins import StaffObjectMixin
from sendportal.audit.models import AuditEvent
from sendportal.form_views import ServiceFormMixin
from sendportal.forms import stored_initial
from sendportal.plain_english import needing_attention

from . import services
from .forms import EASY_READ_FORM_FIELDS
from .forms import ApproveForm
from .forms import CodingFrameCopyForm
from .forms import DocumentForm
from .forms import EasyReadSectionForm
from .forms import PriorityForm
from .forms import StrategyForm
from .forms import ThemeForm
from .forms import ThemeMergeForm
from .models import EasyReadSection
from .models import Priority
from .models import Strategy
from .models import StrategyDocument
from .models import Theme


class StrategyListView(StaffAreaMixin, ListView[Strategy]):
    permission_required = "areas.view_staff_area"
    template_name = "strategies/staff/strategy_list.html"
    context_object_name = "strategies"

    def get_queryset(self) -> QuerySet[Strategy]:
        return (
            Strategy.objects.for_area(self.area)
            .select_related("area")
            .order_by("-period_start", "title")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add_strategy"] = self.can("strategies.add_strategy")
        return context


class StrategyObjectMixin(StaffObjectMixin[Strategy]):
    """A page about one strategy of the area (404 for another area's)."""

    permission_required = "strategies.change_strategy"

    def get_object_queryset(self) -> QuerySet[Strategy]:
        return Strategy.objects.for_area(self.area).select_related("area", "supersedes")

    @property
    def strategy(self) -> Strategy:
        return self.staff_object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["strategy"] = self.strategy
        context["back_url"] = self.strategy.get_staff_url()
        return context

    def back_to_strategy(self) -> HttpResponseRedirect:
        return redirect(self.strategy.get_staff_url())

    def success_url_for(self, result: Any) -> str:
        return self.strategy.get_staff_url()


class StrategyDetailView(StrategyObjectMixin, DetailView[Strategy]):
    permission_required = "strategies.view_strategy"
    template_name = "strategies/staff/strategy_detail.html"
    context_object_name = "strategy"

    def get_object_queryset(self) -> QuerySet[Strategy]:
        return (
            Strategy.objects.for_area(self.area)
            .select_related("area", "supersedes")
            .with_priorities()
            .prefetch_related("documents", "superseded_by")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.can("strategies.change_strategy", self.object)
        context["can_manage"] = self.can("strategies.manage_strategy", self.object)
        context["can_change_easy_read"] = self.can(
            "strategies.change_easy_read", self.object
        )
        context["easy_read_count"] = self.object.easy_read_sections.count()
        context["history"] = AuditEvent.objects.for_subject(self.object)[:50]
        return context


class StrategyCreateView(
    StaffAreaMixin, ServiceFormMixin[StrategyForm], FormView[StrategyForm]
):
    """Start a strategy; `StrategyUpdateView` edits one with the same form."""

    permission_required = "strategies.add_strategy"
    form_class = StrategyForm
    template_name = "staff/form_page.html"

    def editing(self) -> Strategy | None:
        """The strategy being edited; none when starting one."""
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["area"] = self.area
        kwargs["instance"] = self.editing()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if editing := self.editing():
            context["title"] = _("Edit strategy")
            context["back_url"] = editing.get_staff_url()
        else:
            context["title"] = _("Start a new strategy")
            context["back_url"] = reverse(
                "strategies_staff:strategy_list", kwargs={"area_slug": self.area.slug}
            )
        return context

    def perform(self, form: StrategyForm) -> Strategy:
        if editing := self.editing():
            return services.strategy_update(
                strategy=editing, by=self.staff_user, data=form.cleaned_data
            )
        return services.strategy_create(
            area=self.area, by=self.staff_user, data=form.cleaned_data
        )

    def get_success_message(self, result: Strategy) -> str:
        if self.editing():
            return _("Strategy saved.")
        return _("Strategy started. Now add its priorities.")

    def success_url_for(self, result: Strategy) -> str:
        return result.get_staff_url()


class StrategyUpdateView(StrategyObjectMixin, StrategyCreateView):
    """Edit a strategy's details."""

    def editing(self) -> Strategy:
        return self.strategy


class PriorityFormView(
    StrategyObjectMixin, ServiceFormMixin[PriorityForm], FormView[PriorityForm]
):
    """Add a priority to a strategy, or edit one when the URL names it."""

    form_class = PriorityForm
    template_name = "staff/form_page.html"
    priority: Priority | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        if "priority_pk" in self.kwargs:
            self.priority = get_object_or_404(
                self.strategy.priorities.all(), pk=self.kwargs["priority_pk"]
            )
        kwargs = super().get_form_kwargs()
        kwargs["strategy"] = self.strategy
        kwargs["instance"] = self.priority
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit priority") if self.priority else _("Add a priority")
        context["caption"] = str(self.strategy)
        return context

    success_message = _("Priority saved.")

    def perform(self, form: PriorityForm) -> Priority:
        return services.priority_save(
            strategy=self.strategy,
            by=self.staff_user,
            data=form.cleaned_data,
            outcomes=form.outcome_lines(),
            priority=self.priority,
        )


class DocumentFormView(
    StrategyObjectMixin, ServiceFormMixin[DocumentForm], FormView[DocumentForm]
):
    form_class = DocumentForm
    template_name = "staff/form_page.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Add a document")
        context["caption"] = str(self.strategy)
        context["multipart"] = True
        return context

    success_message = _("Document added.")

    def perform(self, form: DocumentForm) -> StrategyDocument:
        data = form.cleaned_data
        return services.document_add(
            strategy=self.strategy,
            by=self.staff_user,
            title=data["title"],
            kind=data["kind"],
            file=data.get("file"),
            url=data.get("url") or "",
        )


class ApproveView(
    StrategyObjectMixin, ServiceFormMixin[ApproveForm], FormView[ApproveForm]
):
    permission_required = "strategies.manage_strategy"
    form_class = ApproveForm
    template_name = "staff/form_page.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Record the approval of this strategy")
        context["caption"] = str(self.strategy)
        context["wording_summary"] = needing_attention(self.strategy.public_texts())
        if self.strategy.supersedes:
            context["lead"] = _(
                "Once approved, “%(old)s” will be marked as superseded."
            ) % {"old": self.strategy.supersedes}
        return context

    success_message = _("Strategy approved.")

    def perform(self, form: ApproveForm) -> Strategy:
        return services.strategy_approve(
            strategy=self.strategy, by=self.staff_user, **form.cleaned_data
        )


class ConfirmActionView(StrategyObjectMixin, TemplateView):
    """A confirmation page (GET) for a one-step change made by POST."""

    template_name = "staff/confirm.html"
    permission_required = "strategies.manage_strategy"
    title = ""
    lead = ""
    button = ""
    success_message = ""
    warning = False

    def target(self) -> Any:
        return self.strategy

    def perform(self, target: Any) -> Any:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.target()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.target()
        try:
            result = self.perform(self.object)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.back_to_strategy()
        messages.success(request, self.success_message)
        if isinstance(result, Strategy):
            return redirect(result.get_staff_url())
        return self.back_to_strategy()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            lead=self.lead % {"name": self.object},
            button=self.button,
            warning=self.warning,
            caption=str(self.strategy),
        )
        return context


class PublishView(ConfirmActionView):
    title = _("Publish this strategy for consultation?")
    lead = _(
        "“%(name)s” will appear on the area’s public pages, marked as in "
        "consultation, so families can read it and give their views."
    )
    button = _("Publish strategy")
    success_message = _("Strategy published. Families can now read it.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["wording_summary"] = needing_attention(self.strategy.public_texts())
        return context

    def perform(self, target: Strategy) -> Strategy:
        return services.strategy_publish(strategy=target, by=self.staff_user)


class WithdrawView(ConfirmActionView):
    title = _("Take this strategy back to draft?")
    lead = _(
        "“%(name)s” will no longer appear on the public pages until it is "
        "published again. Use this if the consultation is paused."
    )
    button = _("Take back to draft")
    success_message = _("Strategy taken back to draft.")
    warning = True

    def perform(self, target: Strategy) -> Strategy:
        return services.strategy_withdraw(strategy=target, by=self.staff_user)


class NewVersionView(ConfirmActionView):
    title = _("Start a new version of this strategy?")
    lead = _(
        "A new draft will copy the text and priorities of “%(name)s”. When the new "
        "version is approved, this one will be marked as superseded."
    )
    button = _("Start new version")
    success_message = _("New draft version started.")

    def perform(self, target: Strategy) -> Strategy:
        return services.strategy_new_version(strategy=target, by=self.staff_user)


class PriorityDeleteView(ConfirmActionView):
    permission_required = "strategies.change_strategy"
    title = _("Remove this priority?")
    lead = _("“%(name)s” and its outcome statements will be removed from the strategy.")
    button = _("Remove priority")
    success_message = _("Priority removed.")
    warning = True

    def target(self) -> Priority:
        return get_object_or_404(
            self.strategy.priorities.all(), pk=self.kwargs["priority_pk"]
        )

    def perform(self, target: Priority) -> None:
        services.priority_delete(priority=target, by=self.staff_user)


class DocumentDeleteView(ConfirmActionView):
    permission_required = "strategies.change_strategy"
    title = _("Remove this document?")
    lead = _("“%(name)s” will no longer be available to download.")
    button = _("Remove document")
    success_message = _("Document removed.")
    warning = True

    def target(self) -> StrategyDocument:
        return get_object_or_404(
            self.strategy.documents.all(), pk=self.kwargs["document_pk"]
        )

    def perform(self, target: StrategyDocument) -> None:
        services.document_remove(document=target, by=self.staff_user)


# The coding frame ------------------------------------------------------------


class ThemePageMixin(StrategyObjectMixin):
    """A page of a strategy's coding frame: back to the themes page after."""

    permission_required = "strategies.change_theme"

    def themes_url(self) -> str:
        return reverse(
            "strategies_staff:theme_list",
            kwargs={"area_slug": self.area.slug, "pk": self.strategy.pk},
        )

    def themes(self, *, include_retired: bool = False) -> QuerySet[Theme]:
        return Theme.objects.for_strategy(
            self.strategy, include_retired=include_retired
        ).select_related("strategy")

    def active_theme(self) -> Theme:
        """The active theme the URL names, one of this strategy's (404 otherwise)."""
        return get_object_or_404(self.themes(), pk=self.kwargs["theme_pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["caption"] = str(self.strategy)
        context["back_url"] = self.themes_url()
        return context

    def success_url_for(self, result: Any) -> str:
        return self.themes_url()


class ThemeListView(ThemePageMixin, TemplateView):
    """The strategy's coding frame: its themes, how often each is coded."""

    permission_required = "strategies.view_theme"
    template_name = "strategies/staff/theme_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        themes = list(
            Theme.objects.for_strategy(self.strategy, include_retired=True)
            .select_related("priority")
            .annotate(
                answer_count=Count("answers", distinct=True),
                finding_count=Count("event_findings", distinct=True),
            )
            .order_by("name")
        )
        can_change = self.can("strategies.change_theme", self.strategy)
        context.update(
            themes=[t for t in themes if not t.is_retired],
            retired_themes=[t for t in themes if t.is_retired],
            can_change=can_change,
            can_copy=can_change
            and Strategy.objects.for_area(self.area)
            .exclude(pk=self.strategy.pk)
            .filter(themes__retired_at__isnull=True)
            .exists(),
            back_url=self.strategy.get_staff_url(),
        )
        return context


class ThemeFormView(ThemePageMixin, ServiceFormMixin[ThemeForm], FormView[ThemeForm]):
    """Add a theme to the coding frame, or edit one when the URL names it."""

    form_class = ThemeForm
    template_name = "staff/form_page.html"
    success_message = _("Theme saved.")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.theme: Theme | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        self.theme = self.part_named(self.themes(include_retired=True), "theme_pk")
        kwargs = super().get_form_kwargs()
        kwargs["strategy"] = self.strategy
        kwargs["instance"] = self.theme
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit theme") if self.theme else _("Add a theme")
        return context

    def perform(self, form: ThemeForm) -> Theme:
        return services.theme_save(
            strategy=self.strategy,
            by=self.staff_user,
            data=form.cleaned_data,
            theme=self.theme,
        )


class ThemeMergeView(
    ThemePageMixin, ServiceFormMixin[ThemeMergeForm], FormView[ThemeMergeForm]
):
    """Merge a theme into another: its codings move, then it is retired."""

    form_class = ThemeMergeForm
    template_name = "staff/form_page.html"

    @cached_property
    def merged(self) -> Theme:
        """The theme the URL names: an active one of this strategy (404 otherwise)."""
        return self.active_theme()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["theme"] = self.merged
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Merge “%(name)s” into another theme") % {
            "name": self.merged
        }
        context["lead"] = _(
            "Every answer and finding coded to “%(name)s” will be coded to the theme "
            "you choose instead, and “%(name)s” will be retired. This cannot be undone."
        ) % {"name": self.merged}
        return context

    def perform(self, form: ThemeMergeForm) -> Theme:
        return services.theme_merge(
            merged=self.merged, kept=form.cleaned_data["kept"], by=self.staff_user
        )

    def get_success_message(self, result: Theme) -> str:
        return _("“%(merged)s” merged into “%(kept)s”.") % {
            "merged": self.merged,
            "kept": result,
        }


class ThemeRetireView(ThemePageMixin, TemplateView):
    """Confirm (GET), then retire a theme (POST)."""

    template_name = "staff/confirm.html"

    def theme(self) -> Theme:
        return self.active_theme()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Retire this theme?"),
            lead=_(
                "“%(name)s” will stay on the answers and findings already coded to "
                "it, but will no longer be offered for coding."
            )
            % {"name": self.theme()},
            button=_("Retire theme"),
            warning=True,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        theme = self.theme()
        try:
            services.theme_retire(theme=theme, by=self.staff_user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Theme retired."))
        return redirect(self.themes_url())


class CodingFrameCopyView(
    ThemePageMixin,
    ServiceFormMixin[CodingFrameCopyForm],
    FormView[CodingFrameCopyForm],
):
    """Copy the themes of another strategy of the area into this one."""

    form_class = CodingFrameCopyForm
    template_name = "staff/form_page.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["strategy"] = self.strategy
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Copy a coding frame from another strategy")
        context["lead"] = _(
            "Its themes are added to this strategy’s, linked to the priority with "
            "the same number. Themes with a name this strategy already has are "
            "left out."
        )
        return context

    def perform(self, form: CodingFrameCopyForm) -> list[Theme]:
        return services.coding_frame_copy(
            source=form.cleaned_data["source"], target=self.strategy, by=self.staff_user
        )

    def get_success_message(self, result: list[Theme]) -> str:
        return _("%(n)s themes copied.") % {"n": len(result)}


# The Easy Read version -------------------------------------------------------


class EasyReadPageMixin(StrategyObjectMixin):
    """A page of a strategy's Easy Read version: back to its list after."""

    permission_required = "strategies.change_easy_read"

    def easy_read_url(self) -> str:
        return reverse(
            "strategies_staff:easy_read",
            kwargs={"area_slug": self.area.slug, "pk": self.strategy.pk},
        )

    @cached_property
    def section(self) -> EasyReadSection | None:
        """The section the URL names, one of this strategy's (404 otherwise)."""
        return self.part_named(
            self.strategy.easy_read_sections.select_related("strategy__area"),
            "section_pk",
        )

    def named_section(self) -> EasyReadSection:
        section = self.section
        if section is None:  # pragma: no cover - every such URL names one
            raise Http404
        return section

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["caption"] = str(self.strategy)
        context["back_url"] = self.easy_read_url()
        return context

    def success_url_for(self, result: Any) -> str:
        return self.easy_read_url()


class EasyReadView(EasyReadPageMixin, TemplateView):
    """The strategy's Easy Read version: its sections, in order, with pictures."""

    permission_required = "strategies.view_strategy"
    template_name = "strategies/staff/easy_read.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            sections=list(
                self.strategy.easy_read_sections.select_related("strategy__area")
            ),
            can_change=self.can("strategies.change_easy_read", self.strategy),
            back_url=self.strategy.get_staff_url(),
            wording_summary=needing_attention(self.strategy.easy_read_texts()),
        )
        return context


class EasyReadSectionFormView(
    EasyReadPageMixin,
    ServiceFormMixin[EasyReadSectionForm],
    FormView[EasyReadSectionForm],
):
    """Add a section to the Easy Read version, or change one the URL names."""

    form_class = EasyReadSectionForm
    template_name = "staff/form_page.html"
    success_message = _("Easy Read section saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["section"] = self.section
        if self.section is not None:
            stored_initial(
                kwargs,
                {name: getattr(self.section, name) for name in EASY_READ_FORM_FIELDS},
            )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = (
            _("Change Easy Read section")
            if self.section
            else _("Add an Easy Read section")
        )
        context["lead"] = _(
            "Easy Read uses short sentences, common words and a picture beside "
            "each idea."
        )
        context["multipart"] = True
        return context

    def perform(self, form: EasyReadSectionForm) -> EasyReadSection:
        return services.easy_read_section_save(
            strategy=self.strategy,
            by=self.staff_user,
            data=form.section_data(),
            picture_image=form.cleaned_data.get("picture_image") or None,
            remove_picture_image=bool(form.cleaned_data.get("remove_picture_image")),
            section=self.section,
        )


class EasyReadSectionMoveView(EasyReadPageMixin, View):
    """POST-only: move a section up or down the Easy Read version."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        section = self.named_section()  # 404 for another strategy's
        direction = request.POST.get("direction")
        if direction in ("up", "down"):
            services.easy_read_section_move(
                section=section, up=direction == "up", by=self.staff_user
            )
        return redirect(f"{self.easy_read_url()}#section-{section.pk}")


class EasyReadSectionRemoveView(EasyReadPageMixin, TemplateView):
    """Confirm (GET), then remove a section (POST)."""

    template_name = "staff/confirm.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Remove this Easy Read section?"),
            lead=_("“%(name)s” will no longer be in the Easy Read version.")
            % {"name": self.named_section()},
            button=_("Remove section"),
            warning=True,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.easy_read_section_remove(
            section=self.named_section(), by=self.staff_user
        )
        messages.success(request, _("Easy Read section removed."))
        return redirect(self.easy_read_url())
