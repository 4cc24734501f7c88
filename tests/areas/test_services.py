"""Creating an area, its settings, districts and partners: audited services."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.core.management import call_command
from django.utils import timezone

from events import tasks as event_tasks
from events.models import Booking
from sendportal.accounts.models import Invitation
from sendportal.accounts.models import Role
from sendportal.areas import services
from sendportal.areas.models import District
from sendportal.areas.models import LocalArea
from sendportal.areas.models import PartnerOrganisation
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
from tests.factories import DistrictFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform():
    return UserFactory.create(email="platform@example.org", is_superuser=True)


def test_area_create_is_audited_and_the_first_admin_invited(platform):
    area = services.area_create(
        name="Westmarch",
        slug="westmarch",
        contact_email="send@westmarch.example",
        by=platform,
    )
    services.invite_first_admin(area=area, email="First@Westmarch.example", by=platform)
    event = AuditEvent.objects.get(verb=AuditVerb.AREA_CREATED)
    assert event.actor == platform
    assert event.area_id == area.pk
    assert event.changes["slug"] == [None, "westmarch"]
    invitation = Invitation.objects.get(area__slug="westmarch")
    assert (invitation.email, invitation.role) == (
        "first@westmarch.example",
        Role.AREA_ADMIN,
    )


@pytest.mark.parametrize(
    "slug", ["staff", "accounts", "django-admin", "healthz", "platform", "static"]
)
def test_a_slug_may_not_shadow_the_portals_own_addresses(platform, slug):
    with pytest.raises(ValidationError) as error:
        services.area_create(
            name="Clash", slug=slug, contact_email="a@b.example", by=platform
        )
    assert "slug" in error.value.message_dict
    assert not LocalArea.objects.filter(slug=slug).exists()


def test_a_slug_and_a_name_are_unique_with_govuk_wording(platform, area):
    with pytest.raises(ValidationError) as error:
        services.area_create(
            name=area.name.upper(),
            slug=area.slug,
            contact_email="a@b.example",
            by=platform,
        )
    messages = error.value.message_dict
    assert messages["slug"] == [
        f"Another local area already uses the web address “{area.slug}”"
    ]
    assert messages["name"] == [
        f"There is already a local area called “{area.name.upper()}”"
    ]


def test_the_command_creates_an_area_through_the_service(platform):
    call_command(
        "create_area",
        "--name=Westmarch",
        "--slug=westmarch",
        "--contact-email=send@westmarch.example",
        "--admin-email=admin@westmarch.example",
        "--by=platform@example.org",
    )
    area = LocalArea.objects.get(slug="westmarch")
    event = AuditEvent.objects.get(verb=AuditVerb.AREA_CREATED, area_id=area.pk)
    assert event.actor == platform
    invitation = Invitation.objects.get(area__slug="westmarch")
    assert (invitation.email, invitation.role) == (
        "admin@westmarch.example",
        Role.AREA_ADMIN,
    )


@pytest.mark.parametrize(
    ("slug", "message"),
    [("staff", "used by the portal itself"), ("West March", "only lower-case letters")],
)
def test_the_command_refuses_a_bad_slug(slug, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "create_area",
            "--name=Westmarch",
            f"--slug={slug}",
            "--contact-email=a@b.example",
        )
    assert not LocalArea.objects.filter(name="Westmarch").exists()


def test_settings_edits_are_audited_and_no_change_records_nothing(area, officer):
    services.area_update(
        area=area,
        by=officer,
        data={
            "easy_read_url": "https://example.org/easy",
            "booking_retention_days": 45,
        },
    )
    event = AuditEvent.objects.get(verb=AuditVerb.AREA_CHANGED)
    assert event.changes == {
        "easy_read_url": ["", "https://example.org/easy"],
        "booking_retention_days": [None, 45],
    }
    services.area_update(area=area, by=officer, data={"booking_retention_days": 45})
    assert AuditEvent.objects.filter(verb=AuditVerb.AREA_CHANGED).count() == 1


def test_districts_are_added_renamed_and_removed_with_audit(area, officer):
    district = services.district_add(area=area, name=" North Fen ", by=officer)
    assert (district.name, district.code) == ("North Fen", "north-fen")
    services.district_rename(district=district, name="Fen North", by=officer)
    with pytest.raises(ValidationError, match="already has a district"):
        services.district_add(area=area, name="fen north", by=officer)
    services.district_remove(district=district, by=officer)
    assert not District.objects.filter(area=area).exists()
    verbs = set(AuditEvent.objects.for_subject(area).values_list("verb", flat=True))
    assert verbs == {"district.added", "district.renamed", "district.removed"}


def test_a_district_in_use_cannot_be_removed(area, officer):
    district = DistrictFactory.create(area=area, name="Marsh")
    EventFactory.create(area=area, district=district)
    with pytest.raises(ValidationError) as error:
        services.district_remove(district=district, by=officer)
    assert error.value.messages == [
        "“Marsh” cannot be removed because 0 consultation responses and 1 events "
        "are recorded against it. Rename it instead."
    ]
    assert District.objects.filter(pk=district.pk).exists()
    assert not AuditEvent.objects.filter(verb=AuditVerb.DISTRICT_REMOVED).exists()


def test_partners_are_added_changed_and_retired(area, officer):
    partner = services.partner_add(
        area=area,
        by=officer,
        data={"name": "Fen PCF", "kind": "pcf", "is_statutory_partner": False},
    )
    services.partner_change(partner=partner, by=officer, data={"name": "Fenmere PCF"})
    services.partner_retire(partner=partner, by=officer)
    partner.refresh_from_db()
    assert (partner.name, partner.is_retired) == ("Fenmere PCF", True)
    with pytest.raises(ValidationError):
        services.partner_retire(partner=partner, by=officer)
    with pytest.raises(ValidationError, match="already has a partner"):
        services.partner_add(
            area=area, by=officer, data={"name": "fenmere pcf", "kind": "pcf"}
        )
    assert PartnerOrganisation.objects.filter(area=area).count() == 1


def test_booking_erasure_uses_each_areas_retention(area, other_area, settings):
    settings.EVENT_BOOKING_RETENTION_DAYS = 90
    area.booking_retention_days = 10
    area.save()
    start = timezone.now().replace(microsecond=0)
    ends = start + datetime.timedelta(hours=2)
    here = BookingFactory.create(
        event__area=area, event__starts_at=start, event__ends_at=ends
    )
    there = BookingFactory.create(
        event__area=other_area, event__starts_at=start, event__ends_at=ends
    )
    with time_machine.travel(start + datetime.timedelta(days=11), tick=False):
        assert event_tasks.erase_booking_personal_data() == 1
    assert Booking.objects.get(pk=here.pk).name == ""
    assert Booking.objects.get(pk=there.pk).name != ""
    with time_machine.travel(start + datetime.timedelta(days=91), tick=False):
        assert event_tasks.erase_booking_personal_data() == 1
    assert Booking.objects.get(pk=there.pk).name == ""


def test_the_first_admin_gets_an_invitation_email_with_a_link(
    platform, django_capture_on_commit_callbacks
):
    area = services.area_create(
        name="Westmarch",
        slug="westmarch",
        contact_email="send@westmarch.example",
        by=platform,
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_first_admin(
            area=area, email="first@westmarch.example", by=platform
        )
    assert invitation.role == Role.AREA_ADMIN
    (message,) = [m for m in mail.outbox if "first@westmarch.example" in m.to]
    assert "/accounts/invitations/" in message.body
