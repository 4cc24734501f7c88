"""Date boxes answer in the GOV.UK Design System's words, never Python's."""

import datetime

import pytest
from django import forms

from sendportal.date_fields import GovukDateField
from tests.strategies.factories import StrategyFactory


class ClosingForm(forms.Form):
    closes_on = GovukDateField(label="Closes on", thing="the closing date")


class OptionalForm(forms.Form):
    last_day = GovukDateField(
        label="Last day (optional)", thing="the last day", required=False
    )


def errors_for(day: str, month: str, year: str, form_class=ClosingForm) -> list[str]:
    name = next(iter(form_class.base_fields))
    form = form_class({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
    form.is_valid()
    return list(form.errors.get(name, []))


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the closing date"),
        ("31", "2", "2025", "The closing date must be a real date"),
        ("31", "4", "2026", "The closing date must be a real date"),
        ("12", "13", "2026", "The closing date must be a real date"),
        ("0", "5", "2026", "The closing date must be a real date"),
        ("1", "5", "99999", "Year must include 4 numbers"),
        ("1", "5", "26", "Year must include 4 numbers"),
        ("1", "", "2026", "The closing date must include a month"),
        ("", "", "2026", "The closing date must include a day and a month"),
        ("x", "5", "2026", "The closing date must be a real date"),
        ("²", "5", "2026", "The closing date must be a real date"),
    ],
)
def test_a_wrong_date_gets_the_design_systems_message(
    day: str, month: str, year: str, message: str
) -> None:
    assert errors_for(day, month, year) == [message]


def test_a_real_date_is_accepted_with_spaces_around_it() -> None:
    form = ClosingForm(
        {"closes_on_0": " 29", "closes_on_1": "2 ", "closes_on_2": "2028"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["closes_on"] == datetime.date(2028, 2, 29)


def test_an_optional_date_may_be_left_blank_but_not_half_filled() -> None:
    form = OptionalForm({"last_day_0": "", "last_day_1": "", "last_day_2": ""})
    assert form.is_valid()
    assert form.cleaned_data["last_day"] is None
    assert errors_for("3", "", "", OptionalForm) == [
        "The last day must include a month and a year"
    ]


@pytest.mark.django_db
def test_the_approval_page_shows_the_message_and_keeps_what_was_typed(
    client, officer, area
) -> None:
    strategy = StrategyFactory.create(area=area, status="in_consultation")
    client.force_login(officer)
    response = client.post(
        f"/staff/{area.slug}/strategies/{strategy.pk}/approve/",
        {
            "approval_body": "cabinet",
            "approved_on_0": "31",
            "approved_on_1": "2",
            "approved_on_2": "2025",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The date the strategy was approved must be a real date" in html
    assert "out of range" not in html
    assert 'value="31"' in html
