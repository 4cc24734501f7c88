"""The demo: five seed areas, each with its strategy, users per role; idempotent.

Loading again over the demo must change no row of any project model, which also
covers each app's part of the demo; the other tests read the demo loaded once
for the session (`demo_db`).
"""

import io

import pytest
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from consultations.models import Consultation
from improvement.models import Workstream
from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.areas import demo as areas_demo
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditEvent
from sendportal.plain_english import check
from strategies.models import Strategy
from tests.demo_data import DemoDump
from tests.demo_data import restore_demo

pytestmark = pytest.mark.django_db

SLUGS = {
    "northamptonshire",
    "hertfordshire",
    "oxfordshire",
    "barnsley",
    "buckinghamshire",
}
# Rows whose content is timestamps of the load itself, not demo data.
VOLATILE_FIELDS = {
    "created_at",
    "updated_at",
    "recorded_at",
    "date_joined",
    "last_login",
    "password",
}


def snapshot() -> dict[str, list[dict[str, object]]]:
    """Every row of every project model, without volatile fields."""
    data: dict[str, list[dict[str, object]]] = {}
    for model in apps.get_models():
        if model._meta.app_label in {
            "contenttypes",
            "auth",
            "sessions",
            "admin",
            "audit",
        }:
            continue
        if model.__module__.startswith("django_celery_beat"):
            continue
        rows = serializers.serialize("python", model._default_manager.order_by("pk"))
        data[model._meta.label] = [
            {
                "pk": row["pk"],
                **{k: v for k, v in row["fields"].items() if k not in VOLATILE_FIELDS},
            }
            for row in rows
        ]
    return data


@pytest.mark.slow
def test_load_demo_twice_gives_the_same_data(demo_db: None) -> None:
    # Also proves the session's copy of the demo is whole: a row it lacked
    # would be created again here.
    first = snapshot()
    assert first["areas.LocalArea"], "the demo was not loaded"
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first


def test_demo_has_the_five_areas_with_a_public_strategy_and_a_user_per_role(
    demo_db: None, settings
) -> None:
    assert set(LocalArea.objects.values_list("slug", flat=True)) == SLUGS
    for slug in SLUGS:
        assert Strategy.objects.public().filter(area__slug=slug).exists(), slug
        for prefix in ("officer", "lead", "cabinet", "admin"):
            user = User.objects.get(email=f"{prefix}@{slug}.demo")
            assert user.check_password(settings.DEMO_PASSWORD)
            assert user.roles_in(LocalArea.objects.get(slug=slug))


@pytest.mark.django_db(transaction=True)
def test_the_session_copy_of_the_demo_survives_a_flush(demo_dump: DemoDump) -> None:
    # Every transactional test ends with a flush, which re-creates content
    # types with new ids; audit events copied back in must follow them.
    before = set(ContentType.objects.values_list("pk", flat=True))
    call_command("flush", interactive=False)
    # Whether a flush hands out the same ids again depends on the tests run
    # before it; make sure they differ, so the test always means something.
    ContentType.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('django_content_type', 'id'), %s)",
            [max(before) + 1000],
        )
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
    assert not before & set(ContentType.objects.values_list("pk", flat=True))
    restore_demo(demo_dump)
    events = AuditEvent.objects.exclude(target_type=None).select_related("target_type")
    assert events.exists()
    for event in events:
        assert event.target_type is not None
        model = event.target_type.model_class()
        assert model is not None, event.target_type
        target = model._default_manager.get(pk=event.target_id)
        assert str(target) == event.target_repr, event.verb


def test_every_demo_workstream_has_a_lead_with_the_lead_role(
    demo_db: None, settings
) -> None:
    workstreams = list(Workstream.objects.select_related("plan", "lead"))
    # Buckinghamshire's eight impact groups, Barnsley's ten, Hertfordshire's six.
    assert len(workstreams) == 24
    for workstream in workstreams:
        lead = workstream.lead
        assert lead is not None, workstream
        assert lead.has_role(workstream.plan.area_id, Role.WORKSTREAM_LEAD), lead
        # The lead signs in to report, and sits in the group too.
        assert lead.email.endswith(f"@{workstream.plan.area.slug}.demo")
        assert lead.check_password(settings.DEMO_PASSWORD)
        assert workstream.members.filter(pk=lead.pk).exists()
        # Each owns the actions of their workstream and reports on them.
        assert set(workstream.actions.values_list("owner", flat=True)) == {lead.pk}


def test_demo_tells_the_seed_stories(demo_db: None) -> None:
    herts = Strategy.objects.get(area__slug="hertfordshire", status="in_consultation")
    assert herts.priorities.count() == 6
    assert herts.supersedes is not None
    # An Easy Read version written in the portal, a picture beside each section.
    sections = list(herts.easy_read_sections.all())
    assert 5 <= len(sections) <= 8
    assert all(section.picture for section in sections)
    oxon = Strategy.objects.get(area__slug="oxfordshire")
    assert oxon.easy_read_sections.count() >= 5
    # Written at Easy Read level: every section under the Easy Read target.
    for text in herts.easy_read_texts() + oxon.easy_read_texts():
        assert not check(text.text, easy_read=True).over_target, text.label
    # The one demo consultation without Easy Read says why.
    bucks_2020 = Consultation.objects.get(area__slug="buckinghamshire")
    assert not bucks_2020.has_easy_read_version()
    assert "Shout Out for SEND" in bucks_2020.no_easy_read_reason
    assert all(
        c.has_easy_read_version() or c.no_easy_read_reason
        for c in Consultation.objects.public()
    )
    northants = Strategy.objects.get(area__slug="northamptonshire")
    assert northants.approved_on is not None
    assert (northants.approved_on.year, northants.approved_on.month) == (2017, 11)
    bucks = Strategy.objects.get(area__slug="buckinghamshire", status="approved")
    assert sorted(bucks.priorities.values_list("pfa_outcome", flat=True)) == [
        "community",
        "employment",
        "health",
        "independent_living",
    ]
    assert (
        Strategy.objects.get(
            area__slug="buckinghamshire", status="superseded"
        ).superseded_by.get()
        == bucks
    )


@pytest.mark.slow
def test_the_demo_password_comes_from_the_environment(
    demo_db: None, settings, monkeypatch
) -> None:
    # Loading again with another password gives every demo user the new one,
    # hashed once (a hash is meant to take long) and not once per login.
    hashed: list[str] = []

    def counted(password: str) -> str:
        hashed.append(password)
        return make_password(password)

    monkeypatch.setattr(areas_demo, "make_password", counted)
    settings.DEMO_PASSWORD = "another-demo-password"
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    assert hashed == ["another-demo-password"]
    logins = User.objects.filter(email__endswith=".demo")
    assert logins.count() > 30
    for user in logins:
        assert user.check_password("another-demo-password"), user.email
