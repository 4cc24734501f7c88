"""What the timeout warning on every signed-in page needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import sessions


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated:
        return {}
    left = sessions.seconds_left(session)
    return {
        "session_timeout": {
            **left,
            "warning_seconds": settings.SESSION_TIMEOUT_WARNING,
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
            "longest_hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600,
        }
    }
