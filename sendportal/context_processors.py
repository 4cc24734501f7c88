"""Template context every page needs: the portal's name and the current area."""

from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "portal_name": "SEND Co-production Portal",
        "current_area": getattr(request, "area", None),
        "staff_area": getattr(request, "staff_area", False),
    }
