"""Template filters for dates and times in GOV.UK style ("10:30am", "midnight").

Loaded as a template builtin (settings.TEMPLATES), so every template can use
`{{ moment|govuk_datetime }}` without a {% load %}.
"""

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def govuk_time(value: datetime.datetime | None) -> str:
    """9am, 10:30am, midday, 5:15pm, midnight (in the portal's time zone)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if (local.hour, local.minute) == (0, 0):
        return _("midnight")
    if (local.hour, local.minute) == (12, 0):
        return _("midday")
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def govuk_datetime(value: datetime.datetime | None) -> str:
    """14 November 2025 at midnight."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(date)s at %(time)s") % {
        "date": date_format(local, "j F Y"),
        "time": govuk_time(local),
    }


# The minus sign, then a word joiner: a line never breaks between a sign and
# its number ("−£1.250m" stays whole in a narrow table cell).
MINUS = "\u2212\u2060"


def pounds_million(amount: Decimal, *, places: int | None = 3) -> str:
    """£12.500m, −£0.250m (places=None keeps the figure's own decimals)."""
    size = abs(amount)
    figure = f"{size:,.{places}f}" if places is not None else f"{size.normalize():,f}"
    return f"{MINUS if amount < 0 else ''}£{figure}m"


@register.filter
def govuk_date(value: datetime.date | str | None) -> str:
    """1 January 2024, from a date, a moment (in the portal's time zone) or the
    ISO text a frozen snapshot keeps."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, str):
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return date_format(value, "j F Y")
