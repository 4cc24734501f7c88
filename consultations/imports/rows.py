"""Turning spreadsheet rows into responses and answers, with an error for every
cell that does not fit its question. Lookups are built once, before the rows."""

import datetime
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from decimal import InvalidOperation
from typing import TypeVar

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from sendportal.exports import unescape_formula
from sendportal.spreadsheets import Cell
from sendportal.spreadsheets import Table
from sendportal.spreadsheets import TableStream
from sendportal.spreadsheets import cell_text
from sendportal.spreadsheets import normalise_label
from sendportal.spreadsheets import split_choices
from strategies.codes import RespondentType
from strategies.codes import SupportedBy

from ..models import Question
from ..models import QuestionType
from .columns import RESPONDENT_TYPE
from .columns import SUBMITTED_AT
from .columns import SUPPORTED_BY
from .columns import target_question_id
from .dates import DateProblem
from .dates import datetime_reader

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


class CellProblem(ValueError):
    pass


def _choice_matcher(
    choices: Sequence[tuple[str, str]],
) -> tuple[dict[str, str], list[str]]:
    by_key: dict[str, str] = {}
    for code, label in choices:
        by_key.setdefault(normalise_label(label), code)
        by_key.setdefault(normalise_label(code), code)
    return by_key, [label for _code, label in choices]


def _allowed(labels: Sequence[str]) -> str:
    return "; ".join(labels)


def _cell_converter(question: Question) -> Callable[[Cell], list[AnswerValues]]:
    """A function from a cell to the answer rows of `question` (memoised)."""
    kind = question.question_type
    question_id = question.pk
    cache: dict[Cell, list[AnswerValues]] = {}

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

    by_key, labels = _choice_matcher(question.choices())
    multiple = kind == QuestionType.MULTI_CHOICE

    def choice(value: Cell) -> list[AnswerValues]:
        key = value if isinstance(value, str | int | float) else cell_text(value)
        if key in cache:
            return cache[key]
        if cell_text(value) == "":
            result: list[AnswerValues] = []
        elif multiple:
            matched, unknown = split_choices(value, labels)
            if not matched and not unknown:
                result = []
            else:
                codes = []
                for piece in [*matched, *unknown]:
                    code = by_key.get(normalise_label(piece))
                    if code is None:
                        raise CellProblem(
                            _("“%(value)s” is not one of the answers: %(allowed)s.")
                            % {"value": piece, "allowed": _allowed(labels)}
                        )
                    if code not in codes:
                        codes.append(code)
                result = [(question_id, code, "", None) for code in codes]
        else:
            code = by_key.get(normalise_label(cell_text(value)))
            if code is None:
                raise CellProblem(
                    _("This is not one of the answers: %(allowed)s.")
                    % {"allowed": _allowed(labels)}
                )
            result = [(question_id, code, "", None)]
        cache[key] = result
        return result

    return choice


RESPONDENT_TYPES, RESPONDENT_LABELS = _choice_matcher(
    [(code, str(label)) for code, label in RespondentType.choices]
)


# Who helped, as paper forms and survey tools write it: the code list's labels,
# the journey's answers ("Yes, an advocate") and the usual short forms.
SUPPORTED_BY_WORDS = {
    "no": SupportedBy.NOBODY,
    "none": SupportedBy.NOBODY,
    "no one": SupportedBy.NOBODY,
    "no, i answered on my own": SupportedBy.NOBODY,
    "parent": SupportedBy.PARENT_CARER,
    "carer": SupportedBy.PARENT_CARER,
    "parent or carer": SupportedBy.PARENT_CARER,
    "teacher": SupportedBy.TEACHER_SUPPORT_WORKER,
    "support worker": SupportedBy.TEACHER_SUPPORT_WORKER,
    "teacher or support worker": SupportedBy.TEACHER_SUPPORT_WORKER,
    "advocate": SupportedBy.ADVOCATE,
    "i’d rather not say": SupportedBy.PREFER_NOT_SAY,
}


def _not_one_of(codes: type[TextChoices]) -> CellProblem:
    labels = [str(label) for _code, label in codes.choices]
    return CellProblem(
        _("This is not one of the answers: %(allowed)s.")
        % {"allowed": _allowed(labels)}
    )


def _supported_by_matcher() -> dict[str, str]:
    by_key, _labels = _choice_matcher(
        [(code, str(label)) for code, label in SupportedBy.choices]
    )
    for word, code in SUPPORTED_BY_WORDS.items():
        by_key.setdefault(normalise_label(word), code)
    return by_key


SUPPORTED_BY_KEYS = _supported_by_matcher()


def _supported_by(value: Cell) -> str:
    key = normalise_label(cell_text(value))
    if not key:
        return ""
    code = SUPPORTED_BY_KEYS.get(key) or SUPPORTED_BY_KEYS.get(key.removeprefix("yes "))
    if code is None:
        raise _not_one_of(SupportedBy)
    return code


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


def _respondent_type(value: Cell) -> str:
    key = normalise_label(cell_text(value))
    if not key:
        return DEFAULT_RESPONDENT_TYPE
    code = RESPONDENT_TYPES.get(key)
    if code is None:
        raise _not_one_of(RespondentType)
    return code


Detail = TypeVar("Detail")


class RowConverter:
    """Converts the rows of one file with one mapping, collecting errors."""

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Sequence[str],
        questions: Sequence[Question],
        *,
        date_order: str = "",
    ) -> None:
        by_id = {question.pk: question for question in questions}
        self.submitted_at = _submitted_at_reader(date_order)
        self.headers = list(headers)
        self.question_columns: list[
            tuple[int, Callable[[Cell], list[AnswerValues]]]
        ] = []
        converters: dict[int, Callable[[Cell], list[AnswerValues]]] = {}
        self.submitted_column: int | None = None
        self.respondent_column: int | None = None
        self.supported_column: int | None = None
        for position, target in enumerate(mapping):
            question_id = target_question_id(target)
            if question_id is not None and question_id in by_id:
                if question_id not in converters:
                    converters[question_id] = _cell_converter(by_id[question_id])
                self.question_columns.append((position, converters[question_id]))
            elif target == SUBMITTED_AT:
                self.submitted_column = position
            elif target == RESPONDENT_TYPE:
                self.respondent_column = position
            elif target == SUPPORTED_BY:
                self.supported_column = position

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
                number, cells, self.respondent_column, _respondent_type, errors
            )
            or DEFAULT_RESPONDENT_TYPE,
            supported_by=self._detail(
                number, cells, self.supported_column, _supported_by, errors
            )
            or "",
        )
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
