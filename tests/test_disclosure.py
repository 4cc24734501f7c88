"""The disclosure-control rule: small counts, the total beside them, percentages."""

import dataclasses
import itertools
from decimal import Decimal

import pytest
from django.template import Context
from django.template import Template

from sendportal.disclosure import SMALLEST_SHOWN
from sendportal.disclosure import SuppressedTable
from sendportal.disclosure import is_small
from sendportal.disclosure import public_count
from sendportal.disclosure import suppress
from tests.subtraction import by_subtraction
from tests.subtraction import hidden_values


def shown(table: SuppressedTable) -> list[str]:
    return [str(cell) for cell in table]


def published(table: SuppressedTable) -> tuple[object, ...]:
    """Everything a page may take from a table: cells, shares and the total."""
    return (
        tuple((cell.label, str(cell), cell.shown, cell.percent) for cell in table),
        str(table.total),
        table.total.exact,
        table.percentages_allowed,
    )


def test_an_unknown_count_shows_nothing() -> None:
    assert public_count(None) == ""


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (6, "6")],
)
def test_the_threshold_is_five_and_zero_is_shown(count: int, text: str) -> None:
    assert SMALLEST_SHOWN == 5
    assert public_count(count) == text
    assert str(suppress({"Group": count}).total) == text


def test_large_counts_are_grouped_in_thousands() -> None:
    assert public_count(12345) == "12,345"
    assert str(suppress({"a": 1200, "b": 3}).total) == "1,201 to 1,204"


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        public_count(-1)
    with pytest.raises(ValueError, match="negative"):
        suppress({"a": 5, "b": -1})


def test_a_small_decimal_is_small_too() -> None:
    assert is_small(Decimal("3.000"))
    assert not is_small(Decimal(0))
    assert not is_small(Decimal("5.000"))
    # A KPI counted in people can go below 0 as a change; that is not a group.
    assert not is_small(Decimal(-3))


def test_no_group_small_shows_every_cell_the_exact_total_and_percentages() -> None:
    table = suppress({"Parents": 30, "Young people": 15, "Practitioners": 5})
    assert shown(table) == ["30", "15", "5"]
    assert str(table.total) == "50"
    assert table.total.exact == 50
    assert not table.any_suppressed
    assert table.percentages_allowed
    assert [cell.percent for cell in table] == [60.0, 30.0, 10.0]


def test_one_group_small_hides_it_and_the_total_so_subtraction_fails() -> None:
    table = suppress({"Parents": 23, "Health professionals": 3})
    assert shown(table) == ["23", "fewer than 5"]
    assert table.cell("Health professionals").shown is None
    assert str(table.total) == "24 to 27"
    assert table.total.exact is None
    assert by_subtraction(str(table.total), ["23"]) is None
    assert hidden_values(str(table.total), ["23"]) == {1, 2, 3, 4}


def test_one_group_small_with_a_zero_beside_it_still_protects_it() -> None:
    table = suppress({"Parents": 7, "Young people": 3, "Health": 0})
    assert shown(table) == ["7", "fewer than 5", "0"]
    assert hidden_values(str(table.total), ["7", "0"]) == {1, 2, 3, 4}


@pytest.mark.parametrize(("first", "second"), [(1, 1), (4, 4), (1, 4), (2, 3)])
def test_two_groups_small_give_nothing_away_even_at_the_extremes(
    first: int, second: int
) -> None:
    # With an exact total, 1 + 1 or 4 + 4 would give both away.
    table = suppress({"a": 12, "b": first, "c": second})
    assert shown(table) == ["12", "fewer than 5", "fewer than 5"]
    assert str(table.total) == "14 to 20"
    assert published(table) == published(suppress({"a": 12, "b": 2, "c": 2}))


def test_zero_is_a_shown_count_not_a_suppressed_one() -> None:
    table = suppress({"Parents": 12, "Councillors": 0})
    assert shown(table) == ["12", "0"]
    assert not table.any_suppressed
    assert str(table.total) == "12"
    assert [cell.percent for cell in table] == [100.0, 0.0]


def test_nothing_at_all_is_a_total_of_zero_without_percentages() -> None:
    table = suppress({"Parents": 0})
    assert str(table.total) == "0"
    assert [cell.percent for cell in table] == [None]
    assert str(suppress({}).total) == "0"
    assert not suppress({})


@pytest.mark.parametrize(
    ("counts", "total"),
    [
        ({"a": 1}, "fewer than 5"),
        ({"a": 1, "b": 0}, "fewer than 5"),
        ({"a": 3, "b": 2}, "2 to 8"),
    ],
)
def test_all_groups_small_hide_every_cell_and_the_total(
    counts: dict[str, int], total: str
) -> None:
    table = suppress(counts)
    assert all(cell.shown is None for cell in table if counts[cell.label])
    assert str(table.total) == total
    assert not table.percentages_allowed


def test_percentages_only_beside_an_exact_total() -> None:
    # 10 people shown as 50% would say the total is 20, and then 20 - 10 - 7 = 3.
    table = suppress({"a": 10, "b": 7, "c": 3})
    assert not table.percentages_allowed
    assert [cell.percent for cell in table] == [None, None, None]
    exact = suppress({"a": 10, "b": 7, "c": 5})
    assert [cell.percent for cell in exact] == [45.5, 31.8, 22.7]


def test_a_table_keeps_the_given_order_and_finds_cells_by_label() -> None:
    table = suppress({"b": 9, "a": 6})
    assert [cell.label for cell in table] == ["b", "a"]
    assert table.cell("a").shown == 6
    # Labels come from the database, not from literals: compared by value.
    assert table.cell("".join(["a"])).shown == 6
    built = suppress({"".join(["Health ", "staff"]): 7})
    assert built.cell("Health staff").shown == 7
    with pytest.raises(KeyError):
        table.cell("total")


def test_the_template_filter_shows_a_count_as_the_public_sees_it() -> None:
    template = Template(
        "{{ a|public_count }}/{{ b|public_count }}/{{ c|public_count }}"
    )
    assert template.render(Context({"a": 3, "b": 0, "c": 1204})) == (
        "fewer than 5/0/1,204"
    )


# Every table of up to three groups over these counts: the zero, each small
# count, the threshold and some above it.
SAMPLE_COUNTS = (0, 1, 2, 3, 4, 5, 7, 12)
TABLES = [
    dict(zip("abc", counts, strict=False))
    for size in (1, 2, 3)
    for counts in itertools.product(SAMPLE_COUNTS, repeat=size)
]


@pytest.mark.parametrize("size", [1, 2, 3])
def test_changing_a_hidden_count_within_1_to_4_changes_nothing_published(
    size: int,
) -> None:
    """Whatever the table, a reader cannot tell 1, 2, 3 or 4 apart in any
    suppressed cell: the rule publishes the same thing for each."""
    checked = 0
    for counts in (t for t in TABLES if len(t) == size):
        table = published(suppress(counts))
        for label, count in counts.items():
            if not is_small(count):
                continue
            for other in range(1, 5):
                assert published(suppress({**counts, label: other})) == table, (
                    counts,
                    label,
                    other,
                )
                checked += 1
    assert checked > 0


def test_a_total_is_exact_exactly_when_nothing_is_suppressed() -> None:
    for counts in TABLES:
        table = suppress(counts)
        assert (table.total.exact == sum(counts.values())) is not table.any_suppressed
        low, high = table.total.low, table.total.high
        assert low <= sum(counts.values()) <= high


def test_a_large_exact_total_is_one_number() -> None:
    # Totals above 256 are separate int objects in CPython: compared by value.
    table = suppress({"a": 1000, "b": 204})
    assert table.total.exact == 1204
    assert str(table.total) == "1,204"


def test_a_suppressed_table_cannot_be_changed_after_the_rule_is_applied() -> None:
    table = suppress({"a": 12, "b": 3})
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.cell("b").shown = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.total.low = 15  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.cells = ()  # type: ignore[misc]
