"""Turning spreadsheet rows into responses and answers, with an error for every
cell that does not fit its question. Lookups are built once, before the rows."""

import datetime
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from decimal import InvalidOperation
from typing import TypeVar

from django.utils.translation import gettext as _

from sendportal.areas.models import District
from sendportal.exports import unescape_formula
from sendportal.spreadsheets import Cell
from sendportal.spreadsheets import Table
from sendportal.spreadsheets import TableStream
from sendportal.spreadsheets import cell_text
from sendportal.spreadsheets import normalise_label
from strategies.codes import RespondentType

from ..models import Question
from ..models import QuestionType
from .columns import DISTRICT
from .columns import MULTIPLE_TARGETS
from .columns import PROFILE_TARGETS
from .columns import RESPONDENT_TYPE
from .columns import SUBMITTED_AT
from .columns import SUPPORTED_BY
from .columns import target_question_id
from .dates import DateProblem
from .dates import datetime_reader
from .values import ValueList
from .values import cell_pieces
from .values import question_list
from .values import value_lists

TEXT_LIMIT = 10_000
NUMBER_LIMIT = Decimal("9999999999.99")
# Paper and tool exports rarely say who answered.
DEFAULT_RESPONDENT_TYPE = RespondentType.PREFER_NOT_SAY

# (question id, option code, text, number)
AnswerValues = tuple[int, str, str, Decimal | None]


@dataclass(frozen=True)
class RowError:
    """A cell that cannot be imported, as shown in the preview's error table."""

    row: int
    column: str
    value: str
    problem: str

    def as_dict(self) -> dict[str, str | int]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value[:200],
            "problem": self.problem,
        }


@dataclass
class ParsedRow:
    row: int
    submitted_at: datetime.datetime | None
    respondent_type: str
    answers: list[AnswerValues] = field(default_factory=list)
    # "" when the file does not say: the batch's own setting applies.
    supported_by: str = ""
    district_id: int | None = None
    age_bands: list[str] = field(default_factory=list)
    need_codes: list[str] = field(default_factory=list)
    setting_type: str = ""
    support_level: str = ""


class CellProblem(ValueError):
    pass


def _cell_converter(
    question: Question, mapped: Mapping[str, str] | None = None, *, whole: bool = False
) -> Callable[[Cell], list[AnswerValues]]:
    """A function from a cell to the answer rows of `question` (memoised);
    `whole` when each cell is one answer (a choice spread over columns)."""
    kind = question.question_type
    question_id = question.pk

    if kind == QuestionType.FREE_TEXT:

        def text(value: Cell) -> list[AnswerValues]:
            content = unescape_formula(cell_text(value))
            if not content:
                return []
            if len(content) > TEXT_LIMIT:
                raise CellProblem(
                    _("The answer is longer than %(limit)s characters.")
                    % {"limit": f"{TEXT_LIMIT:,}"}
                )
            return [(question_id, "", content, None)]

        return text

    if kind == QuestionType.NUMBER:

        def number(value: Cell) -> list[AnswerValues]:
            content = unescape_formula(cell_text(value)).replace(",", "")
            if not content:
                return []
            try:
                amount = Decimal(content).quantize(Decimal("0.01"))
            except (InvalidOperation, ValueError):
                raise CellProblem(_("Enter a number.")) from None
            if not amount.is_finite() or abs(amount) > NUMBER_LIMIT:
                raise CellProblem(_("The number is too large."))
            return [(question_id, "", "", amount)]

        return number

    values = question_list(question)
    if values is None:  # not a choice question: nothing else is left
        raise ValueError(kind)
    values.whole = values.multiple and whole
    read = _codes_reader(values, values.resolver(mapped or {}))

    cache: dict[Cell, list[AnswerValues]] = {}

    def choice(value: Cell) -> list[AnswerValues]:
        key = value if isinstance(value, str | int | float) else cell_text(value)
        found = cache.get(key)
        if found is None:
            found = cache[key] = [(question_id, code, "", None) for code in read(value)]
        return found

    return choice


def _codes_reader(
    values: ValueList, resolve: Callable[[str], str | None]
) -> Callable[[Cell], list[str]]:
    """A function from a cell to the codes it answers (memoised per value):
    the officer's matches first, then the list's own wordings."""
    cache: dict[Cell, list[str]] = {}

    def read(value: Cell) -> list[str]:
        key = value if isinstance(value, str | int | float) else cell_text(value)
        if key in cache:
            return cache[key]
        codes: list[str] = []
        for piece in cell_pieces(value, values):
            piece_key = normalise_label(piece)
            if not piece_key:  # "-", "?": punctuation only is no answer
                continue
            code = resolve(piece_key)
            if code is None:
                if values.multiple:
                    raise CellProblem(
                        _("“%(value)s” is not one of the answers: %(allowed)s.")
                        % {"value": piece, "allowed": values.allowed()}
                    )
                raise CellProblem(
                    _("This is not one of the answers: %(allowed)s.")
                    % {"allowed": values.allowed()}
                )
            if code and code not in codes:
                codes.append(code)
        cache[key] = codes
        return codes

    return read


def _submitted_at_reader(
    date_order: str,
) -> Callable[[Cell], datetime.datetime | None]:
    """The submitted-at column's reader, for the file's way of writing dates."""
    read = datetime_reader(date_order)

    def submitted_at(value: Cell) -> datetime.datetime | None:
        try:
            return read(value)
        except DateProblem as problem:
            raise CellProblem(str(problem)) from None

    return submitted_at


Detail = TypeVar("Detail")


class RowConverter:
    """Converts the rows of one file with one mapping, collecting errors.

    `value_mapping` is the batch's matched answers ({target: {normalised
    value: code}}), consulted before the code lists' own wordings;
    `districts` are the area's, for a column matched to districts."""

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Sequence[str],
        questions: Sequence[Question],
        *,
        value_mapping: Mapping[str, Mapping[str, str]] | None = None,
        districts: Sequence[District] = (),
        date_order: str = "",
    ) -> None:
        by_id = {question.pk: question for question in questions}
        self.submitted_at = _submitted_at_reader(date_order)
        chosen = value_mapping or {}
        lists = value_lists(mapping, questions, districts)
        readers = {
            target: _codes_reader(values, values.resolver(chosen.get(target, {})))
            for target, values in lists.items()
            if not target.startswith("q:")
        }
        self.districts = list(districts)
        self.district_ids = {district.code: district.pk for district in districts}
        self.headers = list(headers)
        self.question_columns: list[
            tuple[int, Callable[[Cell], list[AnswerValues]]]
        ] = []
        converters: dict[int, Callable[[Cell], list[AnswerValues]]] = {}
        self.submitted_column: int | None = None
        self.respondent_column: int | None = None
        self.supported_column: int | None = None
        self.respondent_reader = readers.get(RESPONDENT_TYPE)
        self.supported_reader = readers.get(SUPPORTED_BY)
        # (position, target, reader) of the respondent's profile columns.
        self.profile_columns: list[tuple[int, str, Callable[[Cell], list[str]]]] = []
        for position, target in enumerate(mapping):
            question_id = target_question_id(target)
            if question_id is not None and question_id in by_id:
                if question_id not in converters:
                    converters[question_id] = _cell_converter(
                        by_id[question_id],
                        chosen.get(target),
                        whole=target in lists and lists[target].whole,
                    )
                self.question_columns.append((position, converters[question_id]))
            elif target == SUBMITTED_AT:
                self.submitted_column = position
            elif target == RESPONDENT_TYPE:
                self.respondent_column = position
            elif target == SUPPORTED_BY:
                self.supported_column = position
            elif target in PROFILE_TARGETS:
                self.profile_columns.append((position, target, readers[target]))

    def _respondent_type(self, value: Cell) -> str:
        codes = self.respondent_reader(value) if self.respondent_reader else []
        return codes[0] if codes else DEFAULT_RESPONDENT_TYPE

    def _supported_by(self, value: Cell) -> str:
        codes = self.supported_reader(value) if self.supported_reader else []
        return codes[0] if codes else ""

    def _profile(
        self,
        number: int,
        cells: Sequence[Cell],
        parsed: "ParsedRow",
        errors: list[RowError],
    ) -> None:
        for position, target, read in self.profile_columns:
            value = cells[position]
            if value is None or value == "":
                continue
            try:
                codes = read(value)
            except CellProblem as problem:
                errors.append(self._error(number, position, cells, problem))
                continue
            if not codes:
                continue
            if target in MULTIPLE_TARGETS:
                # SurveyMonkey spreads one multiple choice over several columns.
                chosen: list[str] = getattr(parsed, target)
                chosen.extend(code for code in codes if code not in chosen)
            elif target == DISTRICT:
                parsed.district_id = self.district_ids[codes[0]]
            else:
                setattr(parsed, target, codes[0])

    def convert(
        self, number: int, cells: Sequence[Cell]
    ) -> tuple[ParsedRow, list[RowError]]:
        errors: list[RowError] = []
        parsed = ParsedRow(
            number,
            self._detail(
                number, cells, self.submitted_column, self.submitted_at, errors
            ),
            self._detail(
                number, cells, self.respondent_column, self._respondent_type, errors
            )
            or DEFAULT_RESPONDENT_TYPE,
            supported_by=self._detail(
                number, cells, self.supported_column, self._supported_by, errors
            )
            or "",
        )
        if self.profile_columns:
            self._profile(number, cells, parsed, errors)
        seen: set[tuple[int, str]] = set()
        for position, converter in self.question_columns:
            value = cells[position]
            if value is None or value == "":
                continue
            try:
                answers = converter(value)
            except CellProblem as problem:
                errors.append(self._error(number, position, cells, problem))
                continue
            for answer in answers:
                # SurveyMonkey spreads one multiple choice over several columns.
                if answer[1]:
                    if (answer[0], answer[1]) in seen:
                        continue
                    seen.add((answer[0], answer[1]))
                parsed.answers.append(answer)
        return parsed, errors

    def _detail(
        self,
        number: int,
        cells: Sequence[Cell],
        column: int | None,
        read: Callable[[Cell], Detail],
        errors: list[RowError],
    ) -> Detail | None:
        """A detail of the response (when, who answered, who helped) read from
        its column; None when the file has no such column or the cell is bad."""
        if column is None:
            return None
        try:
            return read(cells[column])
        except CellProblem as problem:
            errors.append(self._error(number, column, cells, problem))
            return None

    def _error(
        self, number: int, position: int, cells: Sequence[Cell], problem: CellProblem
    ) -> RowError:
        from sendportal.spreadsheets import column_letter

        return RowError(
            row=number,
            column=f"{column_letter(position + 1)} ({self.headers[position]})",
            value=cell_text(cells[position]),
            problem=str(problem),
        )

    def rows(
        self, table: Table | TableStream
    ) -> Iterator[tuple[ParsedRow, list[RowError]]]:
        for number, cells in table.rows:
            yield self.convert(number, cells)

    def consume(self, table: Table) -> Iterator[tuple[ParsedRow, list[RowError]]]:
        """Like `rows`, but emptying the table as it goes, so that a large
        file's cells are freed while its responses are being written."""
        pending = table.rows
        pending.reverse()
        while pending:
            number, cells = pending.pop()
            yield self.convert(number, cells)
