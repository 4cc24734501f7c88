"""View mixins that resolve the local area from the URL and guard staff pages.

Every staff page answers the same way in the same situation:

- unknown or inactive area in the URL: 404;
- signed in, but not a member of that area: 403, before any object is looked up,
  so nothing is learnt about what the area holds;
- a member, but the object named in the URL is not in the area: 404 (objects
  are always loaded through `.for_area(area)`);
- a member without the view's permission on the object: 403.

A staff view declares `permission_required` (and `post_permission_required`
when sending the form needs more than seeing the page) and, when it works on
one object, `get_object_queryset()`. `tests/test_staff_permissions.py` walks
every staff URL and fails for a view that declares no permission.
"""

from functools import cached_property
from typing import Any
from typing import Generic
from typing import NoReturn
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from sendportal.accounts.models import User

from .models import LocalArea

M = TypeVar("M", bound=models.Model)
P = TypeVar("P", bound=models.Model)

# Methods that change something: they need `post_permission_required` too.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def area_from_slug(request: HttpRequest, slug: str) -> LocalArea:
    """The active area named in the URL, remembered on the request for templates."""
    area = get_object_or_404(LocalArea.objects.active(), slug=slug)
    request.area = area  # type: ignore[attr-defined]  # read by the context processor
    return area


class AreaMixin:
    """Resolves `self.area` from the `area_slug` URL argument (404 when unknown)."""

    area: LocalArea
    request: HttpRequest

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        self.area = area_from_slug(request, kwargs["area_slug"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["area"] = self.area
        return context


class StaffAreaMixin(PermissionRequiredMixin, AreaMixin):
    """An area's staff page: members of the area only, then the declared permission.

    `permission_required` is checked on `get_permission_object()` (the area
    unless a subclass names an object) for every request; for POST and other
    writes `post_permission_required` is checked as well, when declared.
    """

    # Signed-in people without the permission get 403, not a sign-in page
    # (LoginRequiredMiddleware sends anonymous visitors to sign in first).
    raise_exception = True
    permission_required: str | tuple[str, ...] | None = None
    post_permission_required: str | tuple[str, ...] | None = None
    kwargs: dict[str, Any]

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        request.staff_area = True  # type: ignore[attr-defined]  # staff navigation
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self) -> tuple[str, ...]:
        if self.permission_required is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} must declare permission_required."
            )
        perms = _as_tuple(self.permission_required)
        if self.request.method in WRITE_METHODS:
            perms += _as_tuple(self.post_permission_required)
        return perms

    def has_permission(self) -> bool:
        user = self.request.user
        # Membership first: a stranger to the area learns nothing from a 404.
        if not user.has_perm("areas.view_staff_area", self.area):
            return False
        perms = self.get_permission_required()
        return user.has_perms(perms, self.get_permission_object())

    def get_permission_object(self) -> models.Model | None:
        return self.area

    def handle_no_permission(self) -> NoReturn:
        raise PermissionDenied

    @property
    def staff_user(self) -> User:
        """The signed-in member of staff (staff pages never serve anyone else)."""
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def can(self, permission: str, obj: models.Model | None = None) -> bool:
        """Whether the user holds `permission` on `obj` (the area by default),
        for showing or hiding links and forms."""
        return self.request.user.has_perm(permission, self.area if obj is None else obj)


class StaffObjectMixin(StaffAreaMixin, Generic[M]):
    """A staff page about one object of the area, named by `pk_url_kwarg`.

    The object is loaded once, through `get_object_queryset()` (which must be
    scoped with `.for_area(self.area)`), and the permission is checked on it.
    """

    pk_url_kwarg = "pk"

    def get_object_queryset(self) -> models.QuerySet[M]:
        raise ImproperlyConfigured(
            f"{type(self).__name__} must define get_object_queryset()."
        )

    @cached_property
    def staff_object(self) -> M:
        return get_object_or_404(
            self.get_object_queryset(), pk=self.kwargs[self.pk_url_kwarg]
        )

    def get_permission_object(self) -> models.Model | None:
        return self.staff_object

    def get_object(self, queryset: models.QuerySet[M] | None = None) -> M:
        """The same object for Django's single-object views (loaded once)."""
        return self.staff_object

    def part_named(self, queryset: models.QuerySet[P], kwarg: str) -> P | None:
        """The part of the object (a question, a topic) that the URL argument
        `kwarg` names, from `queryset`, which must be scoped through the object
        (so another object's part is not found: 404). None when the URL names
        none, as on a page that adds a part rather than edits one."""
        if kwarg not in self.kwargs:
            return None
        return get_object_or_404(queryset, pk=self.kwargs[kwarg])


def _as_tuple(perms: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if perms is None:
        return ()
    return (perms,) if isinstance(perms, str) else tuple(perms)
