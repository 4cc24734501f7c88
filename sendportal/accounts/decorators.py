"""Marks on views that the session and two-factor middleware read."""

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])


def two_factor_exempt(view: F) -> F:
    """A page a signed-in person may open before passing the second factor:
    the second step itself, signing out, the session timer."""
    view.two_factor_exempt = True  # type: ignore[attr-defined]  # read by the middleware
    return view


def not_session_activity(view: F) -> F:
    """A request that does not count as activity: asking how long is left
    must not itself keep the session alive."""
    view.session_activity = False  # type: ignore[attr-defined]  # read by the middleware
    return view
