"""How long a signed-in session lasts: until the browser closes, until
SESSION_IDLE_TIMEOUT seconds pass without a request, and never longer than
SESSION_ABSOLUTE_TIMEOUT seconds after signing in.

The times are kept in the session itself (seconds since the epoch), so the
server decides, whatever the cookie or the page's script say.
"""

import math
import time
from typing import Any
from typing import Literal

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver
from django.http import HttpRequest

STARTED = "staff_session_started"
SEEN = "staff_session_seen"
# Why the last session ended, for the sign-in page to say.
SIGNED_OUT_REASON = "signed_out_reason"
IDLE: Literal["idle"] = "idle"
TOO_LONG: Literal["too_long"] = "too_long"

# Activity is written to the session at most this often, so that pages do not
# each save the session; the idle time can then end up to this much sooner.
TOUCH_INTERVAL = 60


def start(session: SessionBase, now: float) -> None:
    # The cookie has no expiry date: the browser drops it when it closes.
    session.set_expiry(0)
    session[STARTED] = now
    session[SEEN] = now


def ended(session: SessionBase, now: float | None = None) -> str | None:
    """Why the session must end now ("idle", "too_long"), or None."""
    now = time.time() if now is None else now
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        # A session from before these rules: it is timed from now on.
        start(session, now)
        return None
    if now - float(seen) >= settings.SESSION_IDLE_TIMEOUT:
        return IDLE
    if now - float(started) >= settings.SESSION_ABSOLUTE_TIMEOUT:
        return TOO_LONG
    return None


def touch(session: SessionBase, now: float, *, force: bool = False) -> None:
    """Count a request as activity: the idle time starts again."""
    seen = float(session.get(SEEN, 0))
    if force or now - seen >= TOUCH_INTERVAL:
        session[SEEN] = now


def seconds_left(session: SessionBase, now: float | None = None) -> dict[str, Any]:
    """What the timeout warning needs: seconds until the session ends, and
    whether activity can still put that off ("idle") or not ("too_long")."""
    now = time.time() if now is None else now
    idle_left = float(session.get(SEEN, now)) + settings.SESSION_IDLE_TIMEOUT - now
    absolute_left = (
        float(session.get(STARTED, now)) + settings.SESSION_ABSOLUTE_TIMEOUT - now
    )
    limit = IDLE if idle_left <= absolute_left else TOO_LONG
    return {
        # Rounded up: 0 only once the session has ended.
        "seconds_left": max(0, math.ceil(min(idle_left, absolute_left))),
        "limit": limit,
    }


@receiver(user_logged_in, dispatch_uid="accounts.sessions.start")
def start_on_sign_in(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(SIGNED_OUT_REASON, None)
        start(session, time.time())
