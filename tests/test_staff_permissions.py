"""Every staff page is guarded the same way, declared on the view.

The URL configuration is walked, so a staff page added later without a declared
permission fails here before it can be reached by the wrong person.
"""

from collections.abc import Iterator
from http import HTTPStatus

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.views import View

from sendportal.areas.mixins import StaffAreaMixin
from sendportal.areas.models import LocalArea
from tests.factories import UserFactory
from tests.factories import member
from tests.helpers import client_for

# The staff pages that are not an area's: the list of the user's own areas, and
# a platform administrator's page to create one (tests/areas/test_views.py).
AREA_FREE_STAFF_ROUTES = {"staff/", "staff/platform/areas/new/"}


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        else:
            yield route, pattern


def staff_routes() -> list[tuple[str, type[View] | None]]:
    """Each staff route with its view class (None for a function view)."""
    return [
        (route, getattr(pattern.callback, "view_class", None))
        for route, pattern in walk(get_resolver().url_patterns)
        if route.startswith("staff/") and route not in AREA_FREE_STAFF_ROUTES
    ]


def test_the_walk_finds_the_staff_pages_of_every_app() -> None:
    routes = [route for route, _ in staff_routes()]
    for part in ("strategies", "consultations", "events", "improvement", "reports"):
        assert any(f"/{part}/" in route for route in routes), part
    assert len(routes) > 50


@pytest.mark.parametrize(("route", "view_class"), staff_routes())
def test_every_staff_page_declares_its_permission(
    route: str, view_class: type[View] | None
) -> None:
    assert view_class is not None, f"{route} is a function view: use a class"
    assert issubclass(view_class, StaffAreaMixin), (
        f"{route}: {view_class.__name__} must use StaffAreaMixin"
    )
    declares = view_class.permission_required is not None or (
        view_class.get_permission_required is not StaffAreaMixin.get_permission_required
    )
    assert declares, f"{route}: {view_class.__name__} declares no permission"


@pytest.mark.django_db
def test_a_page_without_a_declared_permission_is_refused_not_served(
    area: LocalArea,
) -> None:
    """The mixin itself fails closed: no declaration means no page."""

    class Undeclared(StaffAreaMixin, View):
        def get(self, request: object, **kwargs: object) -> None:
            raise AssertionError("an undeclared page was served")

    request = RequestFactory().get("/")
    request.user = member(area, "officer", "someone@fenmere.example")
    with pytest.raises(ImproperlyConfigured):
        Undeclared.as_view()(request, area_slug=area.slug)


@pytest.mark.django_db
def test_a_stranger_to_the_area_gets_403_before_any_object_is_looked_up(
    area: LocalArea,
) -> None:
    client = client_for(UserFactory.create(email="stranger@example.org"))
    # 999999 names nothing: a 404 here would tell a stranger what exists.
    for url in (
        f"/staff/{area.slug}/strategies/999999/",
        f"/staff/{area.slug}/consultations/999999/",
        f"/staff/{area.slug}/events/999999/",
        f"/staff/{area.slug}/improvement/999999/",
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url
    assert client.get("/staff/no-such-area/").status_code == HTTPStatus.NOT_FOUND
