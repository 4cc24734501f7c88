"""Fixtures shared by every app's tests: areas, users by role, and the demo."""

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import Settings

from sendportal.accounts.models import Role
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from tests.demo_data import DemoDump
from tests.demo_data import dump_demo
from tests.demo_data import restore_demo
from tests.factories import LocalAreaFactory
from tests.factories import UserFactory
from tests.factories import member
from tests.helpers import StaffClient

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with no counts: the public forms' limits live in the cache."""
    cache.clear()


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A page asked for in Polish leaves the test's thread in Polish (the
    locale middleware activates the visitor's language): the next test starts
    in English again."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def redis_cache(settings: Settings) -> Iterator[str]:
    """The cache as production has it, Redis at REDIS_URL, under a key prefix of
    this test's own (its keys are deleted afterwards); yields the prefix."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def client() -> StaffClient:
    """pytest-django's `client`, whose `force_login` also passes two-factor."""
    return StaffClient()


@pytest.fixture
def area() -> LocalArea:
    return LocalAreaFactory.create(name="Fenmere", slug="fenmere")


@pytest.fixture
def other_area() -> LocalArea:
    return LocalAreaFactory.create(name="Eastwold", slug="eastwold")


@pytest.fixture
def users_by_role(area: LocalArea, other_area: LocalArea) -> dict[str, User | None]:
    """One user per role in `area`, plus an officer of another area and outsiders."""
    return {
        "anonymous": None,
        "no_role": UserFactory.create(email="nobody@example.org"),
        "officer": member(area, Role.OFFICER, "officer@fenmere.example"),
        "lead": member(area, Role.WORKSTREAM_LEAD, "lead@fenmere.example"),
        "cabinet": member(area, Role.CABINET_MEMBER, "cabinet@fenmere.example"),
        "admin": member(area, Role.AREA_ADMIN, "admin@fenmere.example"),
        "other_officer": member(other_area, Role.OFFICER, "officer@eastwold.example"),
    }


@pytest.fixture
def officer(users_by_role: dict[str, User | None]) -> User:
    user = users_by_role["officer"]
    assert user is not None
    return user


@pytest.fixture(scope="session")
def demo_dump(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> DemoDump:
    """The demo's rows, loaded once per session and rolled back (see demo_data)."""
    with django_db_blocker.unblock():
        return dump_demo()


@pytest.fixture
def demo_db(demo_dump: DemoDump, db: None) -> None:
    """The full demo in this test's database, gone again after the test.

    Works with `transactional_db` too: the rows are then committed, and the
    flush at the end of the test removes them.
    """
    restore_demo(demo_dump)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every browser test starts Chromium and a live server: slow by nature.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
