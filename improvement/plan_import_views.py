"""Staff pages: import a plan's workstreams and actions from a spreadsheet, and
start next year's plan from this one."""

import uuid
from functools import cached_property
from typing import Any

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views.generic import FormView
from django.views.generic import TemplateView
from django.views.generic import View

from sendportal.form_views import ServiceFormMixin
from sendportal.forms import govuk_helper

from . import plan_import
from .models import Plan
from .staff_views import PlanObjectMixin
from .tasks import IMPORT_FOLDER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "improvement_plan_imports"
PREVIEW_ROWS = 200


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Upload a file"),
        help_text=gettext_lazy("CSV (UTF-8) or Excel workbook (.xlsx), up to 2 MB."),
        error_messages={
            "required": gettext_lazy("Select a CSV or XLSX file"),
            "empty": gettext_lazy("The selected file is empty"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(Field("file"), submit=_("Check the file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.extension = plan_import.file_extension(upload.name or "")
        return upload


def _import_url(plan: Plan) -> str:
    return reverse(
        "improvement_staff:plan_import",
        kwargs={"area_slug": plan.area.slug, "plan_pk": plan.pk},
    )


class PlanImportView(PlanObjectMixin, FormView[PlanImportForm]):
    """Upload the plan's spreadsheet; every row is checked before anything is kept."""

    permission_required = "improvement.manage_plan"
    form_class = PlanImportForm
    template_name = "improvement/staff/plan_import_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["back_url"] = self.plan.get_staff_url()
        context["template_url"] = reverse(
            "improvement_staff:plan_import_template",
            kwargs={"area_slug": self.area.slug, "plan_pk": self.plan.pk},
        )
        context["columns"] = list(plan_import.TEMPLATE_HEADINGS.values())
        return context

    def form_valid(self, form: PlanImportForm) -> HttpResponse:
        content = form.cleaned_data["file"].read()
        try:
            check = plan_import.plan_import_check(
                plan=self.plan, content=content, extension=form.extension
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        if not check.ok:
            form.add_error(
                "file",
                ngettext(
                    "The file has %(count)s problem. Nothing was imported.",
                    "The file has %(count)s problems. Nothing was imported.",
                    len(check.errors),
                )
                % {"count": len(check.errors)},
            )
            return self.render_to_response(
                self.get_context_data(form=form, row_errors=check.errors)
            )
        token = uuid.uuid4().hex
        name = default_storage.save(
            f"{IMPORT_FOLDER}/{token}.{form.extension}", ContentFile(content)
        )
        pending = self.request.session.get(SESSION_KEY, {})
        pending[token] = {
            "name": name,
            "plan": self.plan.pk,
            "extension": form.extension,
        }
        self.request.session[SESSION_KEY] = pending
        return redirect(
            "improvement_staff:plan_import_confirm",
            area_slug=self.area.slug,
            plan_pk=self.plan.pk,
            token=token,
        )


class PlanImportConfirmView(PlanObjectMixin, TemplateView):
    """The checked file's actions and new workstreams; POST imports them."""

    permission_required = "improvement.manage_plan"
    template_name = "improvement/staff/plan_import_confirm.html"

    @cached_property
    def item(self) -> dict[str, Any]:
        """The file this user checked for this plan (404 otherwise)."""
        item = self.request.session.get(SESSION_KEY, {}).get(self.kwargs["token"])
        if not item or item["plan"] != self.plan.pk:
            raise Http404
        return dict(item)

    def _content(self) -> bytes:
        with default_storage.open(self.item["name"], "rb") as handle:
            return bytes(handle.read())

    def _forget(self) -> None:
        pending = self.request.session.get(SESSION_KEY, {})
        pending.pop(self.kwargs["token"], None)
        self.request.session[SESSION_KEY] = pending
        default_storage.delete(self.item["name"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = self._content()
        self._forget()
        try:
            result = plan_import.plan_actions_import(
                plan=self.plan,
                by=self.staff_user,
                content=content,
                extension=self.item["extension"],
            )
        except ValidationError as error:
            messages.error(
                request,
                _("Nothing was imported: the plan changed since the check. %(error)s")
                % {"error": " ".join(error.messages)},
            )
            return redirect(_import_url(self.plan))
        messages.success(
            request,
            ngettext(
                "Imported %(count)s action.",
                "Imported %(count)s actions.",
                result.actions,
            )
            % {"count": result.actions},
        )
        return redirect(self.plan.get_staff_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            check = plan_import.plan_import_check(
                plan=self.plan,
                content=self._content(),
                extension=self.item["extension"],
            )
        except ValidationError as error:
            check = plan_import.ImportCheck()
            context["file_error"] = " ".join(error.messages)
        context.update(
            check=check,
            preview=check.rows[:PREVIEW_ROWS],
            back_url=_import_url(self.plan),
        )
        return context


class PlanImportTemplateView(PlanObjectMixin, View):
    """The XLSX template: the columns and an example row that imports."""

    permission_required = "improvement.manage_plan"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = HttpResponse(
            plan_import.plan_import_template(self.plan), content_type=XLSX
        )
        name = slugify(self.plan.title)[:80] or "plan"
        response["Content-Disposition"] = (
            f'attachment; filename="plan-import-template-{name}.xlsx"'
        )
        return response


class PlanNextYearForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title of next year’s plan"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Enter a title for next year’s plan"),
            "max_length": gettext_lazy("The title must be 200 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("title"), submit=_("Start next year’s plan")
        )


class PlanNextYearView(
    PlanObjectMixin, ServiceFormMixin[PlanNextYearForm], FormView[PlanNextYearForm]
):
    """Confirm starting next year's plan: the structure is copied, not the history."""

    permission_required = "improvement.manage_plan"
    template_name = "staff/form_page.html"
    form_class = PlanNextYearForm

    def get_initial(self) -> dict[str, Any]:
        return {"title": plan_import.next_year_title(self.plan.title)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Start next year’s plan from this one?"),
            caption=str(self.plan),
            lead=_(
                "The new plan gets this plan’s workstreams and leads, its actions "
                "with their due dates a year later, its KPIs and finance lines. "
                "Updates, RAG ratings, targets, values and board meetings stay with "
                "this plan: every action starts again as not started."
            ),
            back_url=self.plan.get_staff_url(),
        )
        return context

    def perform(self, form: PlanNextYearForm) -> Plan:
        return plan_import.plan_start_next_year(
            plan=self.plan, by=self.staff_user, title=form.cleaned_data["title"]
        )

    def get_success_message(self, result: Any) -> str:
        return _("Next year’s plan started.")

    def success_url_for(self, result: Plan) -> str:
        return result.get_staff_url()
