"""Safe readers for query-string parameters (and the odd raw POST value).

A view reads a parameter outside a form only through one of these, so an odd
value (NUL, digits that are not ASCII such as "²" or "١", a number no column
holds, a repeated name) reads as "not given" instead of reaching the database
and answering 500. Filters built from several parameters can use a Django form
instead; what they must not do is pass `request.GET.get(...)` on as it came.
"""

from collections.abc import Iterable
from collections.abc import Mapping

# The largest id a page may be asked about: PostgreSQL's integer. Anything
# larger names no row, so it reads as "not given".
MAX_ID = 2**31 - 1
# A free-text filter longer than this is cut: no one types more in a search.
MAX_TEXT = 100


def ascii_digits(value: object) -> bool:
    """True for a non-empty string of 0-9 only. `str.isdigit()` alone also
    accepts "²" (which `int()` refuses) and other scripts' digits ("١")."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def int_value(value: object, *, maximum: int = MAX_ID) -> int | None:
    """The whole number 0..maximum written in ASCII digits, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    # The length check keeps int() from parsing thousands of digits.
    if not ascii_digits(value) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if number <= maximum else None


def int_param(
    params: Mapping[str, object], name: str, *, maximum: int = MAX_ID
) -> int | None:
    """The parameter as an id or count (see `int_value`), None when it is
    missing or anything else."""
    return int_value(params.get(name), maximum=maximum)


def int_values(values: Iterable[object], *, maximum: int = MAX_ID) -> list[int]:
    """The ids among `values` (a `getlist`), leaving out anything else."""
    return [
        number
        for number in (int_value(value, maximum=maximum) for value in values)
        if number is not None
    ]


def clean_text(value: object, *, max_length: int = MAX_TEXT) -> str:
    """Free text without NUL (which PostgreSQL refuses in any text) or the
    spaces around it, cut to `max_length` characters."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:max_length]


def text_param(
    params: Mapping[str, object], name: str, *, max_length: int = MAX_TEXT
) -> str:
    """The parameter as search text (see `clean_text`), "" when missing."""
    return clean_text(params.get(name), max_length=max_length)


def choice_param(
    params: Mapping[str, object], name: str, choices: Iterable[str]
) -> str | None:
    """The parameter when it is exactly one of `choices`, else None."""
    value = params.get(name)
    return value if isinstance(value, str) and value in set(choices) else None


def flag_param(params: Mapping[str, object], name: str) -> bool:
    """True when the parameter is "1" (a link's `?change=1`)."""
    return params.get(name) == "1"
