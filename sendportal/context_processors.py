"""Template context every page needs: the portal's name and the current area."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "portal_name": _("SEND Co-production Portal"),
        "current_area": getattr(request, "area", None),
        "staff_area": getattr(request, "staff_area", False),
        "nav_section": nav_section(request),
    }


def nav_section(request: HttpRequest) -> str:
    """Which item of an area's public menu the page belongs to ("" for none)."""
    match = request.resolver_match
    if match is None:
        return ""
    if match.view_name == "area_home":
        return "home"
    if match.namespace == "consultations":
        name = match.url_name or ""
        return "feedback" if name.startswith("feedback") else "consultations"
    if match.namespace == "events":
        return "events"
    return ""
