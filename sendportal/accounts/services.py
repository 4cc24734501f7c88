"""Inviting people into an area, their roles there, their own accounts and
their two-factor authentication.

Every write is atomic and audited. Emails are sent once the transaction has
committed, so a rolled-back invitation never reaches anyone's inbox.
"""

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendportal.audit.models import AuditVerb
from sendportal.audit.services import model_update
from sendportal.audit.services import record_event

from . import two_factor
from .models import Invitation
from .models import Membership
from .models import Role
from .models import User

if TYPE_CHECKING:
    from sendportal.areas.models import LocalArea


def normalise_email(email: str) -> str:
    """Emails are stored and compared in lower case: one person, one account."""
    return email.strip().lower()


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "accounts:invitation_accept", kwargs={"token": token}
    )


def _send_invitation_email(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "area": invitation.area,
        "role": invitation.get_role_display(),
        "invited_by": invitation.invited_by,
        "url": invitation_url(token),
        "expires_at": invitation.expires_at,
    }
    send_mail(
        subject=render_to_string("emails/accounts/invitation_subject.txt", context)
        .strip()
        .replace("\n", " "),
        message=render_to_string("emails/accounts/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_create(
    *, area: "LocalArea", email: str, role: str, by: User | None
) -> Invitation:
    """Invite `email` to hold `role` in `area`; email them a link (7 days, once).

    Inviting the same email to the same role again replaces the earlier
    pending invitation: its link stops working. `by` may be None when the
    platform invites an area's first admin from a command.
    """
    email = normalise_email(email)
    role = Role(role)
    if Membership.objects.filter(
        area=area, user__email__iexact=email, role=role
    ).exists():
        raise ValidationError(
            {"email": _("This person already has that role in the area")}
        )
    now = timezone.now()
    for earlier in (
        Invitation.objects.for_area(area)
        .pending()
        .filter(email=email, role=role)
        .select_for_update()
    ):
        earlier.revoked_at = now
        earlier.save(update_fields=["revoked_at"])
        record_event(
            by=by,
            verb=AuditVerb.INVITATION_REVOKED,
            target=earlier,
            area_id=area.pk,
            changes={"replaced": [False, True]},
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        area=area,
        email=email,
        role=role,
        invited_by=by,
        token_hash=Invitation.hash_token(token),
        created_at=now,
    )
    changes = model_update(
        instance=invitation,
        data={"area": area, "email": email, "role": role, "invited_by": by},
    )
    record_event(
        by=by,
        verb=AuditVerb.INVITATION_SENT,
        target=invitation,
        area_id=area.pk,
        changes=changes,
    )
    transaction.on_commit(lambda: _send_invitation_email(invitation, token))
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names, whatever its state; None for a bad link."""
    return (
        Invitation.objects.select_related("area", "invited_by")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why a link cannot be used: "unknown", "accepted", "revoked", "expired"."""
    if invitation is None:
        return "unknown"
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.is_expired() or not invitation.area.is_active:
        return "expired"
    return None


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation has already been used or revoked"))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(
        by=by,
        verb=AuditVerb.INVITATION_REVOKED,
        target=invitation,
        area_id=invitation.area_id,
    )
    return invitation


def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """A fresh link for the same email and role; the old link stops working."""
    return invitation_create(
        area=invitation.area, email=invitation.email, role=invitation.role, by=by
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, name: str) -> User:
    """Use an invitation: create the person's account, or add the role to the
    account they already have (a person may hold roles in several areas).

    The row is locked, so two tabs sending the same link give one membership
    and one refusal.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("area")
        .get(pk=invitation.pk)
    )
    problem = invitation_problem(invitation)
    if problem is not None:
        raise ValidationError(
            _("This invitation link can no longer be used"), code=problem
        )
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            email=invitation.email, password=password, name=name.strip()
        )
    else:
        # An existing account keeps its password: the link proves the email,
        # not the right to replace the password of someone signed in elsewhere.
        if not user.name and name.strip():
            user.name = name.strip()
            user.save(update_fields=["name"])
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
    Membership.objects.get_or_create(
        user=user, area=invitation.area, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(
        by=user,
        verb=AuditVerb.INVITATION_ACCEPTED,
        target=invitation,
        area_id=invitation.area_id,
        changes={"role": [None, invitation.role]},
    )
    return user


def _admins_left(area: "LocalArea", without: Membership) -> bool:
    return (
        Membership.objects.filter(area=area, role=Role.AREA_ADMIN)
        .exclude(pk=without.pk)
        .exists()
    )


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, by: User
) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("area", "user")
        .get(pk=membership.pk)
    )
    role = Role(role)
    if role == membership.role:
        return membership
    if Membership.objects.filter(
        user=membership.user, area=membership.area, role=role
    ).exists():
        raise ValidationError({"role": _("This person already has that role")})
    if membership.role == Role.AREA_ADMIN and not _admins_left(
        membership.area, membership
    ):
        raise ValidationError(
            {"role": _("Select another role only once the area has another admin")}
        )
    changes = model_update(instance=membership, data={"role": role})
    record_event(
        by=by,
        verb=AuditVerb.MEMBER_ROLE_CHANGED,
        target=membership.user,
        area_id=membership.area_id,
        changes=changes,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Take a role away. The account and everything it did stay on record."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("area", "user")
        .get(pk=membership.pk)
    )
    if membership.role == Role.AREA_ADMIN and not _admins_left(
        membership.area, membership
    ):
        raise ValidationError(
            _("An area needs at least one admin: invite another admin first")
        )
    record_event(
        by=by,
        verb=AuditVerb.MEMBER_REMOVED,
        target=membership.user,
        area_id=membership.area_id,
        changes={"role": [membership.role, None]},
    )
    membership.delete()


@transaction.atomic
def account_update(*, user: User, name: str, email: str) -> User:
    """A person changes their own name or email address."""
    email = normalise_email(email)
    # The stored row, locked (the request's user is a lazy stand-in).
    user = User.objects.select_for_update().get(pk=user.pk)
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError(
            {"email": _("Enter a different email address: this one has an account")}
        )
    changes = model_update(instance=user, data={"name": name.strip(), "email": email})
    if changes:
        record_event(
            by=user, verb=AuditVerb.ACCOUNT_CHANGED, target=user, changes=changes
        )
    return user


# Two-factor authentication ---------------------------------------------------


@transaction.atomic
def authentication_app_pending(*, user: User) -> TOTPDevice:
    """The app being set up: a new secret key, kept until it is confirmed with
    a code (showing the set-up page again shows the same key). Not audited:
    nothing changes for the person until `authentication_app_confirm`."""
    User.objects.select_for_update().get(pk=user.pk)  # one pending app per person
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=two_factor.APP_DEVICE_NAME, confirmed=False
        )
    return device


@transaction.atomic
def authentication_app_confirm(*, device: TOTPDevice, by: User) -> TOTPDevice:
    """Start using the app whose code was just checked: it replaces any app
    the person had before."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=by)
    replaced = TOTPDevice.objects.filter(user=by).exclude(pk=device.pk).delete()[0] > 0
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(
        by=by,
        verb=AuditVerb.TWO_FACTOR_SET_UP,
        target=by,
        changes={"replaced_an_app": [None, replaced]},
    )
    return device


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes for the person; the earlier ones stop working.
    The codes are returned to be shown once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": two_factor.RECOVERY_DEVICE_NAME}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(two_factor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    record_event(by=user, verb=AuditVerb.RECOVERY_CODES_CREATED, target=user)
    return codes


def recovery_code_use(*, user: User, code: str) -> StaticDevice | None:
    """Pass the second step with a recovery code, which is then used up.

    Not one transaction: a wrong code must stay counted by django-otp's
    throttling. A right one is recorded, with how many are left.
    """
    device = two_factor.check_recovery_code(user, code)
    if device is not None:
        record_event(
            by=user,
            verb=AuditVerb.RECOVERY_CODE_USED,
            target=user,
            changes={"codes_left": [None, device.token_set.count()]},
        )
    return device


@transaction.atomic
def two_factor_reset(*, user: User, by: User, area: "LocalArea | None" = None) -> None:
    """Remove the person's authentication app and recovery codes, when they
    have lost their phone: they set up a new app when they next sign in.

    An area admin resets members of their area (`area`); only a platform
    administrator resets a platform administrator.
    """
    if user.is_superuser and not by.is_superuser:
        raise ValidationError(
            _("Only a platform administrator can reset a platform administrator")
        )
    User.objects.select_for_update().get(pk=user.pk)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    record_event(
        by=by,
        verb=AuditVerb.TWO_FACTOR_RESET,
        target=user,
        area_id=area.pk if area is not None else None,
        changes={"had_an_app": [removed > 0, False]},
    )
