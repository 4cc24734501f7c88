"""The Easy Read version of a strategy as a tagged PDF, for printing and sharing.

Rendered when someone asks for it, not in the background as the progress
reports are: an Easy Read version is a few pages of short text and small
pictures (0.8 s for the Hertfordshire demo's seven sections), and its
readers need the file at once, not a "come back later" page. The render
still runs through `sendportal.pdf.render_pdf`, in a child process bounded
in time and memory, and the result is cached under a fingerprint of
everything it shows, so a change to any section makes a new file and
repeated downloads cost nothing.
"""

import hashlib
import json
from collections.abc import Sequence

from django.core.cache import cache
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

from sendportal.pdf import data_picture_url
from sendportal.pdf import render_pdf
from sendportal.pictures import SYMBOLS_BY_CODE

from .models import EasyReadSection
from .models import Strategy

CACHE_SECONDS = 7 * 24 * 60 * 60
# A PDF carrying large uploaded pictures is rendered again rather than kept.
CACHE_MAX_BYTES = 5 * 1024 * 1024


def _fingerprint(strategy: Strategy, sections: Sequence[EasyReadSection]) -> str:
    shown = [
        translation.get_language(),
        strategy.pk,
        str(strategy),
        strategy.area.name,
        strategy.get_status_display(),
        [
            [s.heading, s.text, s.picture_symbol, s.picture_image.name, s.picture_alt]
            for s in sections
        ],
    ]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


def _picture_source(section: EasyReadSection) -> str:
    """Where the PDF takes the section's picture from: an upload inlined from
    storage, or the bundled symbol's static file; empty when it has none or
    the upload is missing."""
    if section.picture_image:
        extension = section.picture_image.name.rsplit(".", 1)[-1].lower()
        try:
            with section.picture_image.open("rb") as handle:
                return data_picture_url(handle.read(), extension)
        except OSError:
            return ""
    symbol = SYMBOLS_BY_CODE.get(section.picture_symbol)
    return static(f"symbols/{symbol.code}.svg") if symbol else ""


def easy_read_html(strategy: Strategy, sections: Sequence[EasyReadSection]) -> str:
    def alt(section: EasyReadSection) -> str:
        picture = section.picture
        return picture.alt if picture else ""

    return render_to_string(
        "strategies/pdf/easy_read.html",
        {
            "strategy": strategy,
            "area": strategy.area,
            "uses_symbols": any(
                not s.picture_image and s.picture_symbol for s in sections
            ),
            "sections": [
                {
                    "section": section,
                    "src": _picture_source(section),
                    "alt": alt(section),
                }
                for section in sections
            ],
        },
    )


def easy_read_pdf(strategy: Strategy, sections: Sequence[EasyReadSection]) -> bytes:
    """The tagged PDF of the Easy Read version (from the cache when unchanged).

    Raises `sendportal.pdf.PdfRenderError` when it cannot be rendered.
    """
    key = f"strategies:easy-read-pdf:{_fingerprint(strategy, sections)}"
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    pdf = render_pdf(easy_read_html(strategy, sections))
    if len(pdf) <= CACHE_MAX_BYTES:
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
