"""The platform page that creates an area, and an area admin's settings pages."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from sendportal.accounts.models import Invitation
from sendportal.accounts.models import Role
from sendportal.areas.models import District
from sendportal.areas.models import LocalArea
from sendportal.areas.models import PartnerOrganisation
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.events.factories import EventFactory
from tests.factories import DistrictFactory
from tests.factories import UserFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = '<script>alert("x")</script>'

CREATE_URL = "/staff/platform/areas/new/"
ROLES = ["no_role", "officer", "lead", "cabinet", "admin", "other_officer"]


@pytest.fixture
def platform():
    return UserFactory.create(email="platform@example.org", is_superuser=True)


def settings_urls(area, district, partner):
    slug = area.slug
    return [
        reverse("areas_staff:settings", args=[slug]),
        reverse("areas_staff:details", args=[slug]),
        reverse("areas_staff:mix", args=[slug]),
        reverse("areas_staff:district_add", args=[slug]),
        reverse("areas_staff:district_rename", args=[slug, district.pk]),
        reverse("areas_staff:district_remove", args=[slug, district.pk]),
        reverse("areas_staff:partner_add", args=[slug]),
        reverse("areas_staff:partner_edit", args=[slug, partner.pk]),
        reverse("areas_staff:partner_retire", args=[slug, partner.pk]),
    ]


def test_the_create_page_declares_its_permission():
    from sendportal.areas.staff_views import AreaCreateView

    assert AreaCreateView.permission_required == "areas.add_localarea"


@pytest.mark.parametrize("role", ROLES)
def test_only_a_platform_administrator_may_create_an_area(role, users_by_role):
    client = client_for(users_by_role[role])
    assert client.get(CREATE_URL).status_code == HTTPStatus.FORBIDDEN
    response = client.post(
        CREATE_URL,
        {
            "name": "X",
            "slug": "x",
            "contact_email": "a@b.example",
            "admin_email": "c@d.example",
        },
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not LocalArea.objects.filter(slug="x").exists()


def test_anonymous_visitors_are_sent_to_sign_in():
    response = client_for(None).get(CREATE_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_a_platform_administrator_creates_an_area(platform):
    client = client_for(platform)
    assert client.get("/staff/").content.decode().count(CREATE_URL) == 1
    assert client.get(CREATE_URL).status_code == HTTPStatus.OK
    response = client.post(
        CREATE_URL,
        {
            "name": "Westmarch",
            "slug": "westmarch",
            "contact_email": "send@westmarch.example",
            "admin_email": "admin@westmarch.example",
        },
        follow=True,
    )
    area = LocalArea.objects.get(slug="westmarch")
    assert response.redirect_chain[-1][0] == area.get_settings_url()
    assert "Westmarch created" in response.content.decode()
    assert AuditEvent.objects.filter(verb=AuditVerb.AREA_CREATED).exists()
    invitation = Invitation.objects.get(area__slug="westmarch")
    assert (invitation.email, invitation.role) == (
        "admin@westmarch.example",
        Role.AREA_ADMIN,
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "name", "Enter the name of the local area"),
        ({}, "admin_email", "Enter the email of the first area admin"),
        ({"slug": "staff"}, "slug", "is used by the portal itself"),
        ({"slug": "Fen Mere"}, "slug", "only lower-case letters"),
        (
            {
                "name": "Fenmere Two",
                "slug": "fenmere",
                "contact_email": "a@b.example",
                "admin_email": "c@d.example",
            },
            "slug",
            "Another local area already uses",
        ),
        ({"contact_email": "nope"}, "contact_email", "in the correct format"),
    ],
)
def test_bad_input_gets_a_govuk_error_and_keeps_what_was_typed(
    platform, area, data, field, message
):
    typed = {"name": "", "slug": "", "contact_email": "", "admin_email": ""} | data
    response = client_for(platform).post(CREATE_URL, typed)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert "This field is required." not in html
    for value in data.values():
        assert f'value="{value}"' in html
    assert LocalArea.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_settings_pages_are_the_area_admins(role, users_by_role, area):
    district = DistrictFactory.create(area=area)
    partner = PartnerOrganisation.objects.create(area=area, name="ICB", kind="icb")
    client = client_for(users_by_role[role])
    for url in settings_urls(area, district, partner):
        expected = HTTPStatus.OK if role == "admin" else HTTPStatus.FORBIDDEN
        assert client.get(url).status_code == expected, url
        if role != "admin":
            assert client.post(url, {"name": "Changed"}).status_code == expected, url
    district.refresh_from_db()
    partner.refresh_from_db()
    assert district.name != "Changed"
    assert partner.name == "ICB"


def test_another_areas_district_or_partner_is_not_found(
    users_by_role, area, other_area
):
    district = DistrictFactory.create(area=other_area)
    partner = PartnerOrganisation.objects.create(
        area=other_area, name="ICB", kind="icb"
    )
    client = client_for(users_by_role["admin"])
    for url in settings_urls(area, district, partner)[4:]:
        if "add" in url:
            continue
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_staff_home_links_to_settings_for_admins_only(users_by_role, area):
    home = reverse("staff:area_home", args=[area.slug])
    settings_url = reverse("areas_staff:settings", args=[area.slug])
    assert settings_url in client_for(users_by_role["admin"]).get(home).content.decode()
    assert (
        settings_url
        not in client_for(users_by_role["officer"]).get(home).content.decode()
    )


def test_an_admin_edits_the_details_and_the_change_is_audited(users_by_role, area):
    admin = users_by_role["admin"]
    response = client_for(admin).post(
        reverse("areas_staff:details", args=[area.slug]),
        {
            "name": area.name,
            "contact_email": "new@fenmere.example",
            "local_offer_url": "",
            "easy_read_url": "https://fenmere.example/easy-read",
            "response_retention_months": "6",
            "booking_retention_days": "30",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    area.refresh_from_db()
    assert area.booking_retention() == 30
    event = AuditEvent.objects.get(verb=AuditVerb.AREA_CHANGED)
    assert event.actor == admin
    assert event.changes["response_retention_months"] == [12, 6]


def test_bad_settings_get_govuk_errors(users_by_role, area):
    response = client_for(users_by_role["admin"]).post(
        reverse("areas_staff:details", args=[area.slug]),
        {
            "name": "",
            "contact_email": "x",
            "easy_read_url": "not a link",
            "response_retention_months": "lots",
            "booking_retention_days": "99999",
        },
    )
    html = response.content.decode()
    for message in (
        "Enter the name of the local area",
        "Enter the contact email in the correct format",
        "Enter a full web address",
        "Enter a whole number of months",
        "Enter a number of days up to 3650",
    ):
        assert message in html
    assert "This field is required." not in html


def test_the_usual_mix_reuses_the_consultation_checks(users_by_role, area):
    client = client_for(users_by_role["admin"])
    url = reverse("areas_staff:mix", args=[area.slug])
    response = client.post(url, {"FAMILIES": "80", "CYP": "40"})
    assert "The percentages must add up to 100 or less" in response.content.decode()
    client.post(url, {"FAMILIES": "60", "CYP": "20"})
    area.refresh_from_db()
    assert area.default_expected_mix == {"FAMILIES": 60, "CYP": 20}


def test_a_district_in_use_is_kept_with_a_clear_message(users_by_role, area):
    district = DistrictFactory.create(area=area, name="Marsh")
    EventFactory.create(area=area, district=district)
    response = client_for(users_by_role["admin"]).post(
        reverse("areas_staff:district_remove", args=[area.slug, district.pk]),
        follow=True,
    )
    assert "“Marsh” cannot be removed" in response.content.decode()
    assert District.objects.filter(pk=district.pk).exists()


def test_hostile_names_stay_inert_on_the_settings_page(users_by_role, area):
    client = client_for(users_by_role["admin"])
    client.post(
        reverse("areas_staff:district_add", args=[area.slug]), {"name": HOSTILE_TEXT}
    )
    client.post(
        reverse("areas_staff:partner_add", args=[area.slug]),
        {"name": HOSTILE_TEXT + " org", "kind": "vcs"},
    )
    html = client.get(
        reverse("areas_staff:settings", args=[area.slug])
    ).content.decode()
    assert HOSTILE_TEXT not in html
    assert "&lt;script&gt;" in html
    assert District.objects.get(area=area).name == HOSTILE_TEXT
