"""Reading rendered pages in tests: the parts of the markup a test asserts on."""

import re
from html.parser import HTMLParser


class _Radios(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        is_radio = tag == "input" and found.get("type") == "radio"
        if is_radio and found.get("name") == self.name:
            self.values.append(found.get("value") or "")


def radio_values(html: str, name: str) -> list[str]:
    """The value of each radio button called `name`, in page order."""
    parser = _Radios(name)
    parser.feed(html)
    return parser.values


CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def without_csrf_tokens(html: str) -> str:
    """The page with each form's CSRF token blanked: every page carries one
    (the language switcher), and each client gets its own."""
    return CSRF_VALUE.sub(r"\1\2", html)
