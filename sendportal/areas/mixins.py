"""View mixins that resolve the local area from the URL and guard staff pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404

from sendportal.accounts.models import User

from .models import LocalArea


def area_from_slug(request: HttpRequest, slug: str) -> LocalArea:
    """The active area named in the URL, remembered on the request for templates."""
    area = get_object_or_404(LocalArea.objects.active(), slug=slug)
    request.area = area  # type: ignore[attr-defined]  # read by the context processor
    return area


class AreaMixin:
    """Resolves `self.area` from the `area_slug` URL argument (404 when unknown)."""

    area: LocalArea
    request: HttpRequest

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        self.area = area_from_slug(request, kwargs["area_slug"])
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["area"] = self.area
        return context


class StaffAreaMixin(AreaMixin):
    """An area's staff page: members of the area only, others get 403."""

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        self.area = area_from_slug(request, kwargs["area_slug"])
        request.staff_area = True  # type: ignore[attr-defined]  # staff navigation
        if not request.user.has_perm("areas.view_staff_area", self.area):
            raise PermissionDenied
        return super(AreaMixin, self).dispatch(request, *args, **kwargs)  # type: ignore[misc]

    @property
    def staff_user(self) -> User:
        """The signed-in member of staff (staff pages never serve anyone else)."""
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def require(self, permission: str, obj: models.Model | None) -> None:
        """Refuse with 403 unless the user holds `permission` on `obj`."""
        if not self.request.user.has_perm(permission, obj):
            raise PermissionDenied
