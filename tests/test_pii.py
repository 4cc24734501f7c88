"""Finding personal details in free text (sendportal/pii.py)."""

import itertools

import pytest

from sendportal.pii import ADDRESS
from sendportal.pii import EMAIL
from sendportal.pii import NAME
from sendportal.pii import NHS_NUMBER
from sendportal.pii import PHONE
from sendportal.pii import POSTCODE
from sendportal.pii import find_pii


def found(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], kind) for start, end, kind in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jo.bloggs@example.co.uk please", "jo.bloggs@example.co.uk"),
        ("JO+SEND@Mail.Example.org.", "JO+SEND@Mail.Example.org"),
    ],
)
def test_email_addresses_are_found(text: str, expected: str) -> None:
    assert found(text) == [(expected, EMAIL)]


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)1632 960001",
        "01632 960001",
        "01632-960-001",
        "(01632) 960001",
        "020 7946 0018",
        "0808 157 0192",
    ],
)
def test_uk_phone_numbers_are_found(phone: str) -> None:
    assert found(f"Call me on {phone} after school.") == [(phone, PHONE)]


@pytest.mark.parametrize(
    "not_phone",
    [
        "12/03/2024",
        "01/02/2026",
        "2024-03-12",
        "0 to 25",
        "ref 0123",
        "0800 12",
        "06 01 2025",
        "09123 456789",
    ],
)
def test_dates_and_short_numbers_are_not_phone_numbers(not_phone: str) -> None:
    assert found(f"It was {not_phone} when we heard.") == []


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919"])
def test_nhs_numbers_with_a_valid_check_digit_are_found(number: str) -> None:
    assert found(f"Her NHS number is {number}.") == [(number, NHS_NUMBER)]


@pytest.mark.parametrize("number", ["943 476 5918", "111 111 1111", "100 000 0010"])
def test_ten_digits_failing_the_mod_11_check_are_not_nhs_numbers(number: str) -> None:
    assert [kind for _text, kind in found(f"Number {number}.")] != [NHS_NUMBER]


@pytest.mark.parametrize(
    "postcode", ["HP19 8FJ", "hp19 8fj", "SW1A 1AA", "M1 1AE", "AL10 9AB", "B338TH"]
)
def test_uk_postcodes_are_found(postcode: str) -> None:
    assert found(f"We moved to {postcode} last year") == [(postcode, POSTCODE)]


@pytest.mark.parametrize(
    "address",
    [
        "12 Acacia Avenue",
        "3a Church Street",
        "Flat 3, 27 Old Mill Lane",
        "221 Baker St",
    ],
)
def test_street_addresses_are_found(address: str) -> None:
    assert found(f"We live at {address} now.") == [(address, ADDRESS)]


def test_an_address_with_its_postcode_is_found_as_two_spans() -> None:
    assert found("Post it to 12 Acacia Avenue, Aylesbury HP19 8FJ") == [
        ("12 Acacia Avenue", ADDRESS),
        ("HP19 8FJ", POSTCODE),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mrs Patel the SENCO was wonderful.", "Mrs Patel"),
        ("We saw Dr. Okafor twice.", "Dr. Okafor"),
        ("Ask Mr Smith-Jones about it", "Mr Smith-Jones"),
        ("my son Kwame waited two years", "Kwame"),
        ("My daughter, Amelia-Rose, is in Year 6", "Amelia-Rose"),
        ("my youngest son Tiago Silva needs help", "Tiago Silva"),
        ("a lovely TA called Bernadette helped", "Bernadette"),
        ("his keyworker named Precious O'Brien", "Precious O'Brien"),
        ("we saw Mrs McKenzie", "Mrs McKenzie"),
        ("Oliver could not get a place", "Oliver"),
        ("In the end Sophie Turner helped us", "Sophie Turner"),
    ],
)
def test_personal_names_are_found(text: str, name: str) -> None:
    assert found(text) == [(name, NAME)]


def test_a_possessive_name_is_found_without_its_apostrophe_s() -> None:
    assert found("Tom's teacher listened") == [("Tom", NAME)]


@pytest.mark.parametrize(
    "text",
    [
        "The EHCP took 40 weeks and the SENCO left.",
        "In Year 6 and Year 11 the CAMHS wait was long.",
        "From 12/03/2024 to 01/02/2026 nothing happened.",
        "25 children in class 6B, 3 TAs and 1 teacher.",
        "I called the school and they called Social Services.",
        "my son Has autism and my daughter Is waiting.",
        "We asked in May and will ask again; Grace was shown, Hope too.",
        "The Local Offer and SENDIASS were helpful. EHC plans take 20 weeks.",
        "Mrs and Mr are titles; Dr Who is not anyone here.",
        "Priority 4 of 8 in 2025, 100% of schools.",
    ],
)
def test_ordinary_send_words_dates_and_numbers_are_not_personal(text: str) -> None:
    assert found(text) == []


def test_several_details_are_found_in_order_without_overlaps() -> None:
    text = (
        "My son Oliver (NHS 943 476 5919) lives at 12 Acacia Avenue, HP19 8FJ. "
        "Email mum@example.com or ring 07700 900123. Mrs Patel knows."
    )
    assert found(text) == [
        ("Oliver", NAME),
        ("943 476 5919", NHS_NUMBER),
        ("12 Acacia Avenue", ADDRESS),
        ("HP19 8FJ", POSTCODE),
        ("mum@example.com", EMAIL),
        ("07700 900123", PHONE),
        ("Mrs Patel", NAME),
    ]
    spans = find_pii(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_empty_and_hostile_text_finds_nothing_and_does_not_fail() -> None:
    assert find_pii("") == []
    assert find_pii("<script>alert(1)</script>\x00" * 100) == []
    # Long runs of digits and spaces end quickly (no catastrophic backtracking).
    assert isinstance(find_pii("0 " * 5000 + "1" * 5000), list)
