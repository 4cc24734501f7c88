"""Setting up a local area: creating it, its settings, districts and partners.

Each change is atomic and recorded in the audit trail.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sendportal.accounts.models import Invitation
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.accounts.services import invitation_create
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import model_update
from sendportal.audit.services import record_event

from .models import District
from .models import LocalArea
from .models import PartnerOrganisation

AREA_SETTINGS_FIELDS = (
    "name",
    "contact_email",
    "local_offer_url",
    "easy_read_url",
    "languages",
    "response_retention_months",
    "booking_retention_days",
    "default_expected_mix",
)
PARTNER_FIELDS = ("name", "kind", "is_statutory_partner")


@transaction.atomic
def area_create(
    *, name: str, slug: str, contact_email: str, by: User | None
) -> LocalArea:
    """Create a local area (a platform administrator's step)."""
    slug = slug.strip().lower()
    errors: dict[str, str] = {}
    if LocalArea.objects.filter(name__iexact=name.strip()).exists():
        errors["name"] = _("There is already a local area called “%(name)s”") % {
            "name": name.strip()
        }
    if LocalArea.objects.filter(slug=slug).exists():
        errors["slug"] = _(
            "Another local area already uses the web address “%(slug)s”"
        ) % {"slug": slug}
    if errors:
        raise ValidationError(errors)
    area = LocalArea()
    changes = model_update(
        instance=area,
        data={"name": name.strip(), "slug": slug, "contact_email": contact_email},
    )
    record_event(
        by=by,
        verb=AuditVerb.AREA_CREATED,
        target=area,
        area_id=area.pk,
        changes=changes,
    )
    return area


@transaction.atomic
def invite_first_admin(*, area: LocalArea, email: str, by: User | None) -> Invitation:
    """Invite the area's first area admin (an email with a link to set a password)."""
    return invitation_create(area=area, email=email, role=Role.AREA_ADMIN, by=by)


@transaction.atomic
def area_update(*, area: LocalArea, by: User, data: Mapping[str, Any]) -> LocalArea:
    """Change an area's settings (name, contacts, links, retention, usual mix)."""
    area = LocalArea.objects.select_for_update().get(pk=area.pk)
    fields = [name for name in AREA_SETTINGS_FIELDS if name in data]
    changes = model_update(instance=area, fields=fields, data=data)
    if changes:
        record_event(
            by=by,
            verb=AuditVerb.AREA_CHANGED,
            target=area,
            area_id=area.pk,
            changes=changes,
        )
    return area


def _check_district_name(area: LocalArea, name: str, exclude: int | None) -> None:
    clash = District.objects.filter(area=area, name__iexact=name.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {
                "name": _("%(area)s already has a district called “%(name)s”")
                % {"area": area.name, "name": name.strip()}
            }
        )


def _unique_code(area: LocalArea, name: str) -> str:
    base = (slugify(name) or "district")[:34]
    code, n = base, 1
    while District.objects.filter(area=area, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def district_add(*, area: LocalArea, name: str, by: User) -> District:
    """Add a district at the end of the area's list."""
    _check_district_name(area, name, exclude=None)
    last = District.objects.filter(area=area).aggregate(last=Max("sort"))["last"]
    district = District(area=area)
    changes = model_update(
        instance=district,
        data={
            "name": name.strip(),
            "code": _unique_code(area, name),
            "sort": 0 if last is None else last + 1,
        },
    )
    record_event(
        by=by,
        verb=AuditVerb.DISTRICT_ADDED,
        target=district,
        area_id=area.pk,
        changes=changes,
        subject=area,
    )
    return district


@transaction.atomic
def district_rename(*, district: District, name: str, by: User) -> District:
    """Rename a district; responses and events recorded against it follow."""
    district = District.objects.select_for_update().get(pk=district.pk)
    _check_district_name(district.area, name, exclude=district.pk)
    changes = model_update(instance=district, data={"name": name.strip()})
    if changes:
        record_event(
            by=by,
            verb=AuditVerb.DISTRICT_RENAMED,
            target=district,
            area_id=district.area_id,
            changes=changes,
            subject=district.area,
        )
    return district


def district_uses(district: District) -> dict[str, int]:
    """How many consultation responses and events name the district."""
    # Imported here: the domain apps import the areas app, not the other way.
    from consultations.models import Response
    from events.models import Event

    return {
        "responses": Response.objects.filter(district=district).count(),
        "events": Event.objects.filter(district=district).count(),
    }


@transaction.atomic
def district_remove(*, district: District, by: User) -> None:
    """Remove a district that no response or event names."""
    district = District.objects.select_for_update().get(pk=district.pk)
    uses = district_uses(district)
    if any(uses.values()):
        raise ValidationError(
            _(
                "“%(name)s” cannot be removed because %(responses)s consultation "
                "responses and %(events)s events are recorded against it. "
                "Rename it instead."
            )
            % {"name": district.name, **uses},
            code="in_use",
        )
    record_event(
        by=by,
        verb=AuditVerb.DISTRICT_REMOVED,
        target=district,
        area_id=district.area_id,
        changes={"name": [district.name, None]},
        subject=district.area,
    )
    district.delete()


def _check_partner_name(area: LocalArea, name: str, exclude: int | None) -> None:
    clash = PartnerOrganisation.objects.filter(area=area, name__iexact=name.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {
                "name": _(
                    "%(area)s already has a partner organisation called “%(name)s”"
                )
                % {"area": area.name, "name": name.strip()}
            }
        )


@transaction.atomic
def partner_add(
    *, area: LocalArea, by: User, data: Mapping[str, Any]
) -> PartnerOrganisation:
    """Add a partner organisation to the area's partnership."""
    _check_partner_name(area, str(data.get("name", "")), exclude=None)
    partner = PartnerOrganisation(area=area)
    changes = model_update(instance=partner, fields=PARTNER_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.PARTNER_ADDED,
        target=partner,
        area_id=area.pk,
        changes=changes,
        subject=area,
    )
    return partner


@transaction.atomic
def partner_change(
    *, partner: PartnerOrganisation, by: User, data: Mapping[str, Any]
) -> PartnerOrganisation:
    """Rename a partner organisation or change its type."""
    partner = PartnerOrganisation.objects.select_for_update().get(pk=partner.pk)
    if "name" in data:
        _check_partner_name(partner.area, str(data["name"]), exclude=partner.pk)
    changes = model_update(instance=partner, fields=PARTNER_FIELDS, data=data)
    if changes:
        record_event(
            by=by,
            verb=AuditVerb.PARTNER_CHANGED,
            target=partner,
            area_id=partner.area_id,
            changes=changes,
            subject=partner.area,
        )
    return partner


@transaction.atomic
def partner_retire(*, partner: PartnerOrganisation, by: User) -> PartnerOrganisation:
    """Retire a partner: kept on past actions, not offered for new ones."""
    partner = PartnerOrganisation.objects.select_for_update().get(pk=partner.pk)
    if partner.is_retired:
        raise ValidationError(_("This partner organisation is already retired."))
    partner.is_retired = True
    partner.save(update_fields=["is_retired"])
    record_event(
        by=by,
        verb=AuditVerb.PARTNER_RETIRED,
        target=partner,
        area_id=partner.area_id,
        changes={"is_retired": [False, True]},
        subject=partner.area,
    )
    return partner
