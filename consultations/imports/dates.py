"""The dates of a survey file's submitted-at column: how they are written,
found from the values at upload, and a reader for that way, chosen once.

Survey tools write dates their own way: SurveyMonkey month first
("11/14/2025 09:15:40"), Google Forms day first or year first with a zone
("14/11/2025 09:15:40", "2025/11/14 9:15:40 am GMT"), Microsoft Forms real
Excel dates, paper keying whatever the person typed, and Excel sometimes the
serial number behind a date (45975.38). A time without a zone is UK time
(settings.TIME_ZONE, Europe/London), GMT or BST as the day was.
"""

import datetime
import re
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sendportal.spreadsheets import EXCEL_EPOCH
from sendportal.spreadsheets import Cell

from ..models.imports import DateOrder

# Serial numbers read as dates: 1954 to 9999. A smaller number in a date
# column ("2025", "5") is a mistake, not a date in 1905.
SERIAL_MIN = 20_000
SERIAL_MAX = 2_958_466
EXAMPLES = 2
CACHE_LIMIT = 4_096

_TIME = (
    r"(?:[ T,]+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6}))?)?"
    r"\s*(?P<meridiem>[ap]\.?m\.?)?)?"
    r"\s*(?P<zone>z|utc|gmt|bst|(?:gmt|utc)?\s*[+-]\d{1,2}(?::?\d{2})?)?"
)
# 14/11/2025, 11-14-25, 2025/11/14, 2025-11-14T09:15:40Z and the like.
NUMERIC = re.compile(
    r"(?P<first>\d{1,4})(?P<separator>[/.-])(?P<second_part>\d{1,2})(?P=separator)"
    r"(?P<third>\d{2}|\d{4})" + _TIME,
    re.IGNORECASE,
)
# 14 November 2025, Fri 14 Nov 2025 09:15, November 14, 2025.
WEEKDAY = r"(?:[a-z]{3,9},?\s+)?"
ORDINAL = r"(?:st|nd|rd|th)?"
NAMED_DAY_FIRST = re.compile(
    WEEKDAY
    + r"(?P<day>\d{1,2})"
    + ORDINAL
    + r"\s+(?P<month>[a-z]{3,9})\.?,?\s+(?P<year>\d{4})"
    + _TIME,
    re.IGNORECASE,
)
NAMED_MONTH_FIRST = re.compile(
    WEEKDAY
    + r"(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})"
    + ORDINAL
    + r",?\s+(?P<year>\d{4})"
    + _TIME,
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
UTC = datetime.UTC
FIXED_ZONES = {
    "z": UTC,
    "utc": UTC,
    "gmt": UTC,
    "bst": datetime.timezone(datetime.timedelta(hours=1)),
}
OFFSET = re.compile(
    r"(?:gmt|utc)?\s*(?P<sign>[+-])(?P<hours>\d{1,2}):?(?P<minutes>\d{2})?"
)


class DateProblem(ValueError):
    """A submitted-at cell that is not a date, with the reason in plain English."""


@dataclass
class DateDetection:
    """What the values of one column say about how its dates are written."""

    column: int | None = None
    # The orders that every value allows: ["dmy", "mdy"] when the values
    # cannot tell (every day 12 or less), one order when they can.
    possible: list[str] = field(default_factory=list)
    # Values that read differently day first and month first, to ask with.
    examples: list[str] = field(default_factory=list)

    @property
    def order(self) -> str:
        """The order to store: "" when undecided or when nothing needs one."""
        return self.possible[0] if len(self.possible) == 1 else ""

    def as_dict(self) -> dict[str, object]:
        return {
            "column": self.column,
            "possible": self.possible,
            "examples": self.examples,
        }


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def detect_date_order(values: Iterable[Cell], column: int | None) -> DateDetection:
    """How a column's dates are written, from all of its values.

    A first part over 12 rules out month first, a second part over 12 day
    first; when neither happens and some value reads differently both ways
    (03/04/2025), both stay possible and the admin is asked.
    """
    detection = DateDetection(column=column)
    day_first = month_first = True
    slashed = differs = year_first = serial = False
    examples: list[str] = []
    for value in values:
        if value is None or value == "" or isinstance(value, datetime.date):
            continue
        if _is_number(value):
            serial = True
            continue
        text = str(value).strip()
        if not text:
            continue
        if NUMBER.fullmatch(text):
            serial = True
            continue
        match = NUMERIC.fullmatch(text)
        if match is None:
            continue
        first, second = int(match["first"]), int(match["second_part"])
        if len(match["first"]) == 4:
            year_first = True
            continue
        slashed = True
        if first > 12:
            month_first = False
        if second > 12:
            day_first = False
        if first != second and first <= 12 and second <= 12:
            differs = True
            if len(examples) < EXAMPLES and text not in examples:
                examples.append(text)
    if slashed:
        if day_first and month_first and not differs:
            # 01/01/2025, 05/05/2025: the same either way.
            detection.possible = [DateOrder.DAY_FIRST]
        else:
            detection.possible = [
                order
                for order, allowed in (
                    (DateOrder.DAY_FIRST, day_first),
                    (DateOrder.MONTH_FIRST, month_first),
                )
                if allowed
            ]
        if len(detection.possible) > 1:
            detection.examples = examples
    elif year_first:
        detection.possible = [DateOrder.YEAR_FIRST]
    elif serial:
        detection.possible = [DateOrder.SERIAL]
    return detection


def example_readings(example: str) -> dict[str, str]:
    """An ambiguous value read both ways: {"dmy": "3 April 2025", "mdy": ...}."""
    readings = {}
    for order in (DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST):
        try:
            moment = datetime_reader(order)(example)
        except DateProblem:
            continue
        if moment is not None:
            readings[str(order)] = date_format(moment, "j F Y")
    return readings


def _zone(text: str | None) -> datetime.tzinfo | None:
    if not text:
        return None
    key = text.replace(" ", "").lower()
    if key in FIXED_ZONES:
        return FIXED_ZONES[key]
    offset = OFFSET.fullmatch(key)
    if offset is None:
        return None
    minutes = int(offset["hours"]) * 60 + int(offset["minutes"] or 0)
    if minutes > 14 * 60:
        return None
    sign = -1 if offset["sign"] == "-" else 1
    return datetime.timezone(datetime.timedelta(minutes=sign * minutes))


def _moment(
    year: int, month: int, day: int, match: re.Match[str], local: datetime.tzinfo
) -> datetime.datetime:
    """The date and time of a match, aware; ValueError when not a real one."""
    hour = int(match["hour"] or 0)
    meridiem = (match["meridiem"] or "").replace(".", "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(hour)
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    fraction = (match["fraction"] or "").ljust(6, "0")
    zone = _zone(match["zone"]) if match["zone"] else local
    if zone is None:
        raise ValueError(match["zone"])
    if not 1900 <= year <= 2200:
        raise ValueError(year)
    return datetime.datetime(
        year,
        month,
        day,
        hour,
        int(match["minute"] or 0),
        int(match["second"] or 0),
        int(fraction),
        tzinfo=zone,
    )


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _serial(number: float, local: datetime.tzinfo) -> datetime.datetime:
    if not SERIAL_MIN <= number < SERIAL_MAX:
        raise DateProblem(
            _(
                "This number is not a date. Excel stores dates as numbers "
                "(45975 is 14 November 2025): format the column as dates, or "
                "enter them as DD/MM/YYYY."
            )
        )
    moment = EXCEL_EPOCH + datetime.timedelta(seconds=round(number * 86_400))
    return moment.replace(tzinfo=local)


def datetime_reader(order: str) -> Callable[[Cell], datetime.datetime | None]:
    """A function from a submitted-at cell to an aware date and time, for a file
    whose dates are written in `order` ("" reads day first, as UK files are).

    Year-first dates, month names, Excel dates and serial numbers read the
    same whatever the order. Raises DateProblem for a cell that is not a date.
    """
    month_first = order == DateOrder.MONTH_FIRST
    local = timezone.get_default_timezone()
    if month_first:
        expected = _(
            "Enter a date as MM/DD/YYYY (month first, as the rest of this file), "
            "or a date and time as MM/DD/YYYY HH:MM."
        )
    else:
        expected = _(
            "Enter a date as DD/MM/YYYY, or a date and time as DD/MM/YYYY HH:MM."
        )
    cache: dict[str, datetime.datetime] = {}

    def text_moment(text: str) -> datetime.datetime:
        if NUMBER.fullmatch(text):
            return _serial(float(text), local)
        match = NUMERIC.fullmatch(text)
        if match is not None:
            first, second = int(match["first"]), int(match["second_part"])
            third = match["third"]
            if len(match["first"]) == 4:
                year, month, day = first, second, int(third)
            elif len(match["first"]) > 2:
                raise DateProblem(expected)
            elif month_first:
                year, month, day = _year(third), first, second
                if month > 12 and day <= 12:
                    raise DateProblem(
                        _(
                            "This date is written day first, but the file’s other "
                            "dates are month first (MM/DD/YYYY)."
                        )
                    )
            else:
                year, month, day = _year(third), second, first
                if month > 12 and day <= 12:
                    raise DateProblem(
                        _(
                            "This date is written month first, but the file’s "
                            "other dates are day first (DD/MM/YYYY)."
                        )
                    )
        else:
            match = NAMED_DAY_FIRST.fullmatch(text) or NAMED_MONTH_FIRST.fullmatch(text)
            if match is None or match["month"].lower() not in MONTHS:
                raise DateProblem(expected)
            year = int(match["year"])
            month = MONTHS[match["month"].lower()]
            day = int(match["day"])
        try:
            return _moment(year, month, day, match, local)
        except ValueError:
            raise DateProblem(
                _("This is not a real date and time. %(expected)s")
                % {"expected": expected}
            ) from None

    def read(value: Cell) -> datetime.datetime | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value if timezone.is_aware(value) else value.replace(tzinfo=local)
        if isinstance(value, datetime.date):
            return datetime.datetime(value.year, value.month, value.day, tzinfo=local)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _serial(float(value), local)
        text = str(value).strip()
        if not text:
            return None
        moment = cache.get(text)
        if moment is None:
            moment = text_moment(text)
            # Date-only columns repeat their values; timestamps rarely do.
            if len(cache) < CACHE_LIMIT:
                cache[text] = moment
        return moment

    return read
