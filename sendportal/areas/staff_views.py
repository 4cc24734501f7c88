"""Staff pages that set a local area up: creating it, and its settings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from consultations.staff_forms import ExpectedMixForm
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.form_views import ServiceFormMixin
from sendportal.translations import language_name
from strategies.codes import RespondentGroup

from . import services
from .forms import AreaCreateForm
from .forms import AreaSettingsForm
from .forms import DistrictForm
from .forms import PartnerForm
from .mixins import StaffAreaMixin
from .mixins import StaffObjectMixin
from .models import District
from .models import LocalArea
from .models import PartnerOrganisation

FORM_PAGE = "staff/form_page.html"
SETTINGS = "areas.change_localarea"


class AreaCreateView(
    PermissionRequiredMixin, ServiceFormMixin[AreaCreateForm], FormView[AreaCreateForm]
):
    """A platform administrator creates a local area and invites its first admin.

    Not an area's page (there is no area yet), so not `StaffAreaMixin`: the
    permission is checked with no object.
    """

    permission_required = "areas.add_localarea"
    raise_exception = True
    form_class = AreaCreateForm
    template_name = FORM_PAGE

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Create a local area")
        context["lead"] = _(
            "The first area admin is invited by email. They set up the area's "
            "districts and partners and invite their colleagues."
        )
        context["back_url"] = reverse("staff:dashboard")
        return context

    def perform(self, form: AreaCreateForm) -> LocalArea:
        by = self.request.user
        if not isinstance(by, User):  # LoginRequiredMiddleware: signed in here
            raise PermissionDenied
        return create_area_and_invite(
            name=form.cleaned_data["name"],
            slug=form.cleaned_data["slug"],
            contact_email=form.cleaned_data["contact_email"],
            admin_email=form.cleaned_data["admin_email"],
            by=by,
        )

    def get_success_message(self, result: LocalArea) -> str:
        return _("%(area)s created. The first area admin has been invited.") % {
            "area": result.name
        }

    def success_url_for(self, result: LocalArea) -> str:
        return result.get_settings_url()


@transaction.atomic
def create_area_and_invite(
    *,
    name: str,
    slug: str,
    contact_email: str,
    admin_email: str | None,
    by: User | None,
) -> LocalArea:
    """The page's and `create_area`'s one step: the area, then its first admin."""
    area = services.area_create(
        name=name, slug=slug, contact_email=contact_email, by=by
    )
    if admin_email:
        services.invite_first_admin(area=area, email=admin_email, by=by)
    return area


class AreaSettingsView(StaffAreaMixin, TemplateView):
    """The area's settings, districts and partner organisations, with links."""

    permission_required = SETTINGS
    template_name = "areas/staff/settings.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["districts"] = District.objects.filter(area=self.area)
        context["partners"] = PartnerOrganisation.objects.filter(area=self.area)
        context["mix"] = _mix_lines(self.area)
        context["area_language_names"] = [
            (code, language_name(code)) for code in self.area.languages
        ]
        context["history"] = AuditEvent.objects.for_subject(self.area)[:20]
        context["back_url"] = reverse("staff:area_home", args=[self.area.slug])
        return context


def _mix_lines(area: LocalArea) -> list[tuple[str, int]]:
    return [
        (str(group.label), area.default_expected_mix[group.value])
        for group in RespondentGroup
        if area.default_expected_mix.get(group.value)
    ]


class SettingsPageMixin(StaffAreaMixin):
    permission_required = SETTINGS
    template_name: str | None = FORM_PAGE
    page_title: Any = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["title"] = str(self.page_title)
        context["caption"] = self.area.name
        context["back_url"] = self.area.get_settings_url()
        return context

    def success_url_for(self, result: Any) -> str:
        return self.area.get_settings_url()


class AreaDetailsView(
    SettingsPageMixin, ServiceFormMixin[AreaSettingsForm], FormView[AreaSettingsForm]
):
    form_class = AreaSettingsForm
    page_title = gettext_lazy("Area details")
    success_message = gettext_lazy("Area settings saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.area
        return kwargs

    def perform(self, form: AreaSettingsForm) -> LocalArea:
        return services.area_update(
            area=self.area, by=self.staff_user, data=form.cleaned_data
        )


class AreaMixView(
    SettingsPageMixin, ServiceFormMixin[ExpectedMixForm], FormView[ExpectedMixForm]
):
    """The usual mix of respondents: the same form and checks as a consultation's."""

    form_class = ExpectedMixForm
    page_title = gettext_lazy("Who do you usually expect to hear from?")
    success_message = gettext_lazy("Usual mix of respondents saved.")

    def get_initial(self) -> dict[str, Any]:
        return dict(self.area.default_expected_mix)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["lead"] = _(
            "A new consultation starts with this mix. Officers can change it "
            "for each consultation."
        )
        return context

    def perform(self, form: ExpectedMixForm) -> LocalArea:
        return services.area_update(
            area=self.area,
            by=self.staff_user,
            data={"default_expected_mix": form.mix()},
        )


class DistrictFormView(
    SettingsPageMixin, ServiceFormMixin[DistrictForm], FormView[DistrictForm]
):
    """Add a district, or rename one when the URL names it."""

    form_class = DistrictForm
    success_message = gettext_lazy("District saved.")

    def district(self) -> District | None:
        if "pk" not in self.kwargs:
            return None
        return _district(self.area, self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        district = self.district()
        return {"name": district.name} if district else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = (
            _("Rename district") if "pk" in self.kwargs else _("Add a district")
        )
        return super().get_context_data(**kwargs)

    def perform(self, form: DistrictForm) -> District:
        district = self.district()
        if district is not None:
            return services.district_rename(
                district=district, name=form.cleaned_data["name"], by=self.staff_user
            )
        return services.district_add(
            area=self.area, name=form.cleaned_data["name"], by=self.staff_user
        )


def _district(area: LocalArea, pk: Any) -> District:
    return get_object_or_404(District.objects.filter(area=area), pk=pk)


class DistrictRemoveView(StaffObjectMixin[District], TemplateView):
    permission_required = SETTINGS
    template_name = "staff/confirm.html"

    def get_object_queryset(self) -> QuerySet[District]:
        return District.objects.filter(area=self.area)

    def get_permission_object(self) -> LocalArea:
        return self.area

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Remove the district “%(name)s”?")
            % {"name": self.staff_object.name},
            caption=self.area.name,
            lead=_("It is no longer offered on forms. This cannot be undone."),
            button=_("Remove district"),
            warning=True,
            back_url=self.area.get_settings_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _run(
            request,
            lambda: services.district_remove(
                district=self.staff_object, by=self.staff_user
            ),
            _("District removed."),
            self.area,
        )


class PartnerFormView(
    SettingsPageMixin, ServiceFormMixin[PartnerForm], FormView[PartnerForm]
):
    """Add a partner organisation, or edit one when the URL names it."""

    form_class = PartnerForm
    success_message = gettext_lazy("Partner organisation saved.")

    def partner(self) -> PartnerOrganisation | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            PartnerOrganisation.objects.filter(area=self.area), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.partner()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = (
            _("Edit partner organisation")
            if "pk" in self.kwargs
            else _("Add a partner organisation")
        )
        return super().get_context_data(**kwargs)

    def perform(self, form: PartnerForm) -> PartnerOrganisation:
        partner = self.partner()
        if partner is not None:
            return services.partner_change(
                partner=partner, by=self.staff_user, data=form.cleaned_data
            )
        return services.partner_add(
            area=self.area, by=self.staff_user, data=form.cleaned_data
        )


class PartnerRetireView(StaffObjectMixin[PartnerOrganisation], TemplateView):
    permission_required = SETTINGS
    template_name = "staff/confirm.html"

    def get_object_queryset(self) -> QuerySet[PartnerOrganisation]:
        return PartnerOrganisation.objects.filter(area=self.area)

    def get_permission_object(self) -> LocalArea:
        return self.area

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Retire “%(name)s”?") % {"name": self.staff_object.name},
            caption=self.area.name,
            lead=_(
                "It stays on the actions it already leads, and is no longer "
                "offered for new ones."
            ),
            button=_("Retire organisation"),
            warning=True,
            back_url=self.area.get_settings_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _run(
            request,
            lambda: services.partner_retire(
                partner=self.staff_object, by=self.staff_user
            ),
            _("Partner organisation retired."),
            self.area,
        )


def _run(request: HttpRequest, step: Any, done: str, area: LocalArea) -> HttpResponse:
    """Run a one-step change; a refusal is shown at the top of the settings page."""
    try:
        step()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(area.get_settings_url())
