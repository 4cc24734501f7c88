"""Demo areas: the five local areas whose accounts the seed stories tell."""

import datetime
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.contrib.auth.hashers import make_password

from sendportal.accounts.models import Membership
from sendportal.accounts.models import Role
from sendportal.accounts.models import User

from .models import District
from .models import LocalArea
from .models import PartnerOrganisation


@dataclass(frozen=True)
class DemoArea:
    name: str
    slug: str
    kind: str
    contact_email: str
    local_offer_url: str
    districts: tuple[str, ...]
    partners: tuple[tuple[str, str, bool], ...]
    # Languages besides English its consultations are translated into.
    languages: tuple[str, ...] = ()


DEMO_AREAS = (
    DemoArea(
        "Northamptonshire",
        "northamptonshire",
        LocalArea.Kind.COUNTY,
        "localoffer@northamptonshire.gov.uk",
        "https://www.northamptonshire.gov.uk/councilservices/children-families-education/SEND/local-offer",
        (
            "Corby",
            "Daventry",
            "East Northamptonshire",
            "Kettering",
            "Northampton",
            "South Northamptonshire",
            "Wellingborough",
        ),
        (
            ("Northamptonshire County Council", "la", True),
            ("NHS Nene and Corby Clinical Commissioning Groups", "icb", True),
            ("Northamptonshire Parent Forum Group", "pcf", False),
        ),
    ),
    DemoArea(
        "Hertfordshire",
        "hertfordshire",
        LocalArea.Kind.COUNTY,
        "send.strategy@hertfordshire.gov.uk",
        "https://www.hertfordshire.gov.uk/microsites/local-offer/the-hertfordshire-local-offer.aspx",
        (
            "Broxbourne",
            "Dacorum",
            "East Herts",
            "Hertsmere",
            "North Herts",
            "St Albans",
            "Stevenage",
            "Three Rivers",
            "Watford",
            "Welwyn Hatfield",
        ),
        (
            ("Hertfordshire County Council", "la", True),
            ("Hertfordshire and West Essex Integrated Care Board", "icb", True),
            ("Herts Parent Carer Involvement", "pcf", False),
        ),
        # Its consultation's survey has a sample Polish translation.
        languages=("pl",),
    ),
    DemoArea(
        "Oxfordshire",
        "oxfordshire",
        LocalArea.Kind.COUNTY,
        "send@oxfordshire.gov.uk",
        "https://www.oxfordshire.gov.uk/residents/children-education-and-families/education-and-learning/special-educational-needs-and-disability-local-offer",
        (
            "Cherwell",
            "Oxford",
            "South Oxfordshire",
            "Vale of White Horse",
            "West Oxfordshire",
        ),
        (
            ("Oxfordshire County Council", "la", True),
            (
                "Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
                "icb",
                True,
            ),
            ("Oxford Health NHS Foundation Trust", "nhs_trust", False),
            ("Oxfordshire Parent Carer Forum", "pcf", False),
        ),
    ),
    DemoArea(
        "Barnsley",
        "barnsley",
        LocalArea.Kind.METROPOLITAN,
        "send@barnsley.gov.uk",
        "https://www.barnsley.gov.uk/services/children-families-and-education/send-local-offer/",
        ("Central", "Dearne", "North", "North East", "Penistone", "South"),
        (
            ("Barnsley Metropolitan Borough Council", "la", True),
            ("Barnsley Integrated Care System", "icb", True),
            ("Barnsley Schools Alliance", "schools", False),
            ("KIDS Barnsley parent participation", "pcf", False),
            ("Barnsley SEND Youth Forum", "youth_forum", False),
        ),
    ),
    DemoArea(
        "Buckinghamshire",
        "buckinghamshire",
        LocalArea.Kind.UNITARY,
        "send@buckinghamshire.gov.uk",
        "https://familyinfo.buckinghamshire.gov.uk/send-local-offer/",
        ("Aylesbury Vale", "Chiltern", "South Bucks", "Wycombe"),
        (
            ("Buckinghamshire Council", "la", True),
            ("Buckinghamshire Clinical Commissioning Group", "icb", True),
            ("Buckinghamshire Healthcare NHS Trust", "nhs_trust", False),
            ("Oxford Health NHS Foundation Trust", "nhs_trust", False),
            ("FACT Bucks (Family and Carers Together)", "pcf", False),
            ("Bucks SENDIAS Service", "sendiass", False),
            ("Pace", "vcs", False),
        ),
    ),
)

DEMO_ROLES = (
    ("officer", Role.OFFICER, "Officer"),
    ("lead", Role.WORKSTREAM_LEAD, "Workstream Lead"),
    ("cabinet", Role.CABINET_MEMBER, "Cabinet Member"),
    ("admin", Role.AREA_ADMIN, "Area Admin"),
)


def demo_email(prefix: str, slug: str) -> str:
    return f"{prefix}@{slug}.demo"


PLATFORM_ADMIN_EMAIL = "platform@admin.demo"


# One hash of each demo password, shared by every demo login: hashing takes
# about half a second (it is meant to be slow), and the demo has some forty
# logins. Checking one login's stored hash once proves the others that store
# the same string.
_demo_password_hashes: dict[str, str] = {}


def set_demo_password(user: User) -> None:
    """Give a demo login the demo password, unless it has it already."""
    password = settings.DEMO_PASSWORD
    known = _demo_password_hashes.get(password)
    if known is not None and user.password == known:
        return
    if known is None and user.check_password(password):
        _demo_password_hashes[password] = user.password
        return
    if known is None:
        known = _demo_password_hashes[password] = make_password(password)
    user.password = known
    user.save(update_fields=["password"])


def load_demo_user(area: LocalArea, prefix: str, role: str, name: str) -> User:
    """A demo login `prefix@<area>.demo` holding `role` in the area."""
    user, _ = User.objects.get_or_create(
        email=demo_email(prefix, area.slug), defaults={"name": name}
    )
    set_demo_password(user)
    Membership.objects.get_or_create(user=user, area=area, role=role)
    return user


def load_platform_admin() -> User:
    """The demo's platform administrator: a superuser, who creates areas."""
    user, _ = User.objects.get_or_create(
        email=PLATFORM_ADMIN_EMAIL,
        defaults={
            "name": "Platform Administrator",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    set_demo_password(user)
    return user


def load(stdout: TextIO) -> None:
    load_platform_admin()
    for demo in DEMO_AREAS:
        area, _ = LocalArea.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "kind": demo.kind,
                "contact_email": demo.contact_email,
                "local_offer_url": demo.local_offer_url,
                "data_protection_officer_email": f"dpo@{demo.slug}.demo",
                "accessibility_statement_prepared_on": datetime.date(2026, 9, 1),
                "languages": list(demo.languages),
            },
        )
        for sort, name in enumerate(demo.districts):
            District.objects.update_or_create(
                area=area,
                code=name.lower().replace(" ", "-"),
                defaults={"name": name, "sort": sort},
            )
        for name, kind, statutory in demo.partners:
            PartnerOrganisation.objects.update_or_create(
                area=area,
                name=name,
                defaults={"kind": kind, "is_statutory_partner": statutory},
            )
        for prefix, role, title in DEMO_ROLES:
            load_demo_user(area, prefix, role, f"{demo.name} {title}")
        stdout.write(f"  {demo.name}: /{demo.slug}/")
