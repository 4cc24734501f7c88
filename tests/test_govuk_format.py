import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context
from django.template import Template

from sendportal.govuk_format import govuk_datetime
from sendportal.govuk_format import govuk_time

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("hour", "minute", "shown"),
    [
        (0, 0, "midnight"),
        (9, 0, "9am"),
        (10, 30, "10:30am"),
        (12, 0, "midday"),
        (12, 5, "12:05pm"),
        (17, 15, "5:15pm"),
    ],
)
def test_times_read_the_gov_uk_way(hour: int, minute: int, shown: str) -> None:
    assert (
        govuk_time(datetime.datetime(2026, 2, 6, hour, minute, tzinfo=LONDON)) == shown
    )


def test_an_aware_utc_time_is_shown_in_london_time() -> None:
    summer = datetime.datetime(2026, 6, 1, 23, 0, tzinfo=datetime.UTC)
    assert govuk_datetime(summer) == "2 June 2026 at midnight"


def test_the_filters_need_no_load_tag() -> None:
    moment = datetime.datetime(2025, 11, 14, 0, 0, tzinfo=LONDON)
    assert (
        Template("{{ m|govuk_datetime }}").render(Context({"m": moment}))
        == "14 November 2025 at midnight"
    )
