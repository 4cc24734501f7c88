"""Area admins' pages for the people of an area: roles, invitations, removals."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django.views.generic import TemplateView

from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.mixins import StaffObjectMixin
from sendportal.form_views import ServiceFormMixin

from . import services
from .forms import InviteForm
from .forms import MemberRoleForm
from .models import Invitation
from .models import Membership

MANAGE = "accounts.manage_members"


class PeopleMixin(StaffAreaMixin):
    permission_required = MANAGE

    def people_url(self) -> str:
        return reverse("accounts_staff:people", kwargs={"area_slug": self.area.slug})

    def success_url_for(self, result: Any) -> str:
        return self.people_url()


class PeopleListView(PeopleMixin, TemplateView):
    """Who has which role in the area, and who is invited."""

    template_name = "accounts/staff/people.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        memberships = list(
            Membership.objects.filter(area=self.area)
            .select_related("user")
            .with_two_factor()
            .order_by("user__name", "user__email", "role")
        )
        for membership in memberships:
            membership.can_reset_two_factor = membership.has_two_factor and self.can(  # type: ignore[attr-defined]  # for the template
                "accounts.reset_two_factor", membership
            )
        context["memberships"] = memberships
        context["invitations"] = (
            Invitation.objects.for_area(self.area)
            .pending()
            .select_related("invited_by")
            .order_by("email", "role")
        )
        return context


class InviteView(PeopleMixin, ServiceFormMixin[InviteForm], FormView[InviteForm]):
    template_name = "staff/form_page.html"
    form_class = InviteForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Invite someone")
        context["caption"] = self.area.name
        context["lead"] = _(
            "They will get an email with a link to set their password. "
            "The link works once, for 7 days."
        )
        context["back_url"] = self.people_url()
        return context

    def perform(self, form: InviteForm) -> Invitation:
        return services.invitation_create(
            area=self.area,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            by=self.staff_user,
        )

    def get_success_message(self, result: Invitation) -> str:
        return _("Invitation sent to %(email)s.") % {"email": result.email}


class MembershipObjectMixin(PeopleMixin, StaffObjectMixin[Membership]):
    def get_object_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.filter(area=self.area).select_related("user")

    @property
    def membership(self) -> Membership:
        return self.staff_object


class MemberRoleView(
    MembershipObjectMixin, ServiceFormMixin[MemberRoleForm], FormView[MemberRoleForm]
):
    template_name = "staff/form_page.html"
    form_class = MemberRoleForm
    success_message = gettext_lazy("Role changed.")

    def get_initial(self) -> dict[str, Any]:
        return {"role": self.membership.role}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Change role")
        context["caption"] = str(self.membership.user)
        context["back_url"] = self.people_url()
        return context

    def perform(self, form: MemberRoleForm) -> Membership:
        return services.membership_change_role(
            membership=self.membership,
            role=form.cleaned_data["role"],
            by=self.staff_user,
        )


class ConfirmMixin(TemplateView):
    """A confirmation page (GET) for a one-step change made by POST."""

    template_name = "staff/confirm.html"
    button: "str | Promise" = ""
    warning = False

    def title(self) -> str:
        raise NotImplementedError

    def lead(self) -> str:
        raise NotImplementedError

    def perform(self) -> str:
        """Make the change; return the success message."""
        raise NotImplementedError

    def people_url(self) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            message = self.perform()
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect(self.people_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title(),
            lead=self.lead(),
            button=self.button,
            warning=self.warning,
            back_url=self.people_url(),
        )
        return context


class MemberRemoveView(MembershipObjectMixin, ConfirmMixin):
    button = gettext_lazy("Remove from the area")
    warning = True

    def title(self) -> str:
        return _("Remove %(name)s?") % {"name": self.membership.user}

    def lead(self) -> str:
        return _(
            "They will no longer have the role %(role)s in %(area)s. "
            "What they did stays in the area's history."
        ) % {"role": self.membership.get_role_display(), "area": self.area.name}

    def perform(self) -> str:
        services.membership_remove(membership=self.membership, by=self.staff_user)
        return _("%(name)s removed.") % {"name": self.membership.user}


class MemberTwoFactorResetView(MembershipObjectMixin, ConfirmMixin):
    """An area admin resets the two-factor authentication of a member who has
    lost their phone; they set it up again when they next sign in."""

    permission_required = "accounts.reset_two_factor"
    button = gettext_lazy("Reset two-factor authentication")
    warning = True

    def title(self) -> str:
        return _("Reset two-factor authentication for %(name)s?") % {
            "name": self.membership.user
        }

    def lead(self) -> str:
        return _(
            "Only do this when %(name)s has lost their phone or authentication "
            "app and has no recovery codes left, and you have checked it is "
            "really them, for example by phone or in person. Their app and "
            "recovery codes stop working; they set up an app again the next "
            "time they sign in."
        ) % {"name": self.membership.user}

    def perform(self) -> str:
        services.two_factor_reset(
            user=self.membership.user, by=self.staff_user, area=self.area
        )
        return _(
            "Two-factor authentication reset for %(name)s. They will set it up "
            "again when they next sign in."
        ) % {"name": self.membership.user}


class InvitationObjectMixin(PeopleMixin, StaffObjectMixin[Invitation]):
    def get_object_queryset(self) -> QuerySet[Invitation]:
        return Invitation.objects.for_area(self.area).pending()

    @property
    def invitation(self) -> Invitation:
        return self.staff_object


class InvitationRevokeView(InvitationObjectMixin, ConfirmMixin):
    button = gettext_lazy("Revoke invitation")
    warning = True

    def title(self) -> str:
        return _("Revoke the invitation for %(email)s?") % {
            "email": self.invitation.email
        }

    def lead(self) -> str:
        return _("The link in their email will stop working.")

    def perform(self) -> str:
        services.invitation_revoke(invitation=self.invitation, by=self.staff_user)
        return _("Invitation revoked.")


class InvitationResendView(InvitationObjectMixin, ConfirmMixin):
    button = gettext_lazy("Send a new invitation")

    def title(self) -> str:
        return _("Invite %(email)s again?") % {"email": self.invitation.email}

    def lead(self) -> str:
        return _(
            "They will get a new link, valid for 7 days. The link in the earlier "
            "email will stop working."
        )

    def perform(self) -> str:
        services.invitation_resend(invitation=self.invitation, by=self.staff_user)
        return _("Invitation sent to %(email)s.") % {"email": self.invitation.email}
