"""The safe readers of query-string parameters (sendportal/params.py)."""

import pytest
from django.http import QueryDict

from sendportal.params import MAX_ID
from sendportal.params import ascii_digits
from sendportal.params import choice_param
from sendportal.params import int_param
from sendportal.params import int_values
from sendportal.params import text_param


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("7", 7),
        (" 12 ", 12),
        ("0", 0),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 40, None),
        ("²", None),
        ("١", None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        ("[]", None),
        ("\x00", None),
    ],
)
def test_an_id_is_ascii_digits_within_postgresqls_integer(
    given: str, read: int | None
) -> None:
    assert int_param({"district": given}, "district") == read


def test_a_missing_or_repeated_parameter() -> None:
    assert int_param(QueryDict(""), "district") is None
    # QueryDict.get gives the last of a repeated name, as Django does.
    assert int_param(QueryDict("district=1&district=2"), "district") == 2


def test_str_isdigit_alone_is_not_enough() -> None:
    assert "²".isdigit()
    assert not ascii_digits("²")
    assert not ascii_digits("١")
    assert ascii_digits("2026")


def test_ids_in_a_list_leave_out_the_rest() -> None:
    assert int_values(["3", "²", "x", "", "9" * 40, "4"]) == [3, 4]


def test_search_text_drops_nul_and_is_cut() -> None:
    assert text_param(QueryDict("q=Leeds%00%20Bradford%20"), "q") == "Leeds Bradford"
    assert len(text_param(QueryDict("q=" + "a" * 500), "q")) == 100
    assert text_param(QueryDict(""), "q") == ""


def test_a_choice_is_one_of_the_listed_values() -> None:
    assert choice_param(QueryDict("kind=said"), "kind", ["said", "heard"]) == "said"
    assert choice_param(QueryDict("kind=sa%00id"), "kind", ["said"]) is None
    assert choice_param(QueryDict(""), "kind", ["said"]) is None
