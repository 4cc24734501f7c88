"""The yearly "You said, we did" page as a tagged PDF, for printing and sharing.

Rendered on request like the Easy Read PDF (strategies/pdf.py): a few pages
of text, through `sendportal.pdf.render_pdf` (a child process bounded in time
and memory), cached under a fingerprint of the HTML it renders, so any change
to what the page shows makes a new file.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string

from sendportal.areas.models import LocalArea
from sendportal.pdf import render_pdf

from .yearly import ThemeComments

CACHE_SECONDS = 7 * 24 * 60 * 60


def yearly_html(area: LocalArea, year: int, groups: list[ThemeComments]) -> str:
    return render_to_string(
        "improvement/pdf/feedback_year.html",
        {"area": area, "year": year, "groups": groups},
    )


def yearly_pdf(area: LocalArea, year: int, groups: list[ThemeComments]) -> bytes:
    """Raises `sendportal.pdf.PdfRenderError` when it cannot be rendered."""
    html = yearly_html(area, year, groups)
    key = f"improvement:yearly-pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    pdf = render_pdf(html)
    cache.set(key, pdf, CACHE_SECONDS)
    return pdf
