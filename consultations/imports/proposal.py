"""A survey proposed from a spreadsheet's headings, with each question's type
guessed from the answers under it.

Pure functions of a read `Table`: no database, no files. The officer reviews
the proposal before anything is created (proposal_services.py).

The guess, column by column, first match wins:
- a survey tool's own column (timestamps, ids, `columns.META_COLUMNS`), or
  contact details (an email address, a phone number, a name): not a question;
- numbers only: a number question;
- the portal's agree scale (every answer one of its points): an agree scale;
- answers that hold several choices (Microsoft Forms "A;B;", Google Forms
  "A, B", SurveyMonkey one column per choice): multiple choice;
- many different or long answers: free text;
- otherwise single choice, its options the different answers, the most
  often given first.
"""

import re
from collections import Counter
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from sendportal.spreadsheets import Table
from sendportal.spreadsheets import cell_text
from sendportal.spreadsheets import normalise_label
from strategies.codes import Likert

from ..models import QuestionType
from .columns import IGNORE
from .columns import META_COLUMNS
from .columns import PROFILE_TARGETS
from .columns import SURVEYMONKEY_SUBHEADINGS
from .columns import header_key

# The longest a question or option may be (Question.text, Option.label).
TEXT_MAX = 500
LABEL_MAX = 200
# More different answers than this and it is not a list to choose from.
MAX_OPTIONS = 30
# Answers longer than this on average are written, not chosen.
LONG_ANSWER = 60
# When most answers differ from one another (in a column of at least this
# many), people wrote them.
DISTINCT_SHARE = 0.7
DISTINCT_MIN_ROWS = 5

LIKERT_KEYS = {normalise_label(label): code for code, label in Likert.choices}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NUMBER = re.compile(r"^-?\d[\d,]*(\.\d+)?$")
# Headings whose answers are personal details, never imported as answers.
CONTACT_WORDS = ("email", "e mail", "phone", "mobile", "postcode", "address")
CONTACT_META = frozenset(
    {"email", "email address", "name", "first name", "last name", "ip address"}
)
# Options that read best at the end of a list, in this order.
LAST_OPTIONS = ("other", "none of these", "dont know", "not sure", "prefer not to say")
SPECIFY = "please specify"

# Why a column is not proposed as a question.
TOOL_COLUMN = "tool"
CONTACT_COLUMN = "contact"


@dataclass
class ProposedQuestion:
    """One question the file suggests: the columns it comes from, its words,
    its type and options, and whether the officer keeps it."""

    columns: list[int]
    heading: str
    text: str
    question_type: str
    options: list[str] = field(default_factory=list)
    include: bool = True
    examples: list[str] = field(default_factory=list)
    answered: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ProposedQuestion":
        return cls(**data)


@dataclass
class LeftOutColumn:
    """A column that is not a question: a tool's own column or contact details."""

    column: int
    heading: str
    reason: str
    target: str = IGNORE

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LeftOutColumn":
        return cls(**data)


@dataclass
class Proposal:
    questions: list[ProposedQuestion]
    left_out: list[LeftOutColumn]


# Reading a column's answers --------------------------------------------------


def column_values(table: Table, position: int) -> list[str]:
    """The non-empty answers of a column, as text."""
    values = []
    for _number, cells in table.rows:
        text = cell_text(cells[position])
        if text:
            values.append(text)
    return values


Counts = Mapping[str, int]


def counted(values: Iterable[str] | Counts) -> Counts:
    """Each different answer with how often it was given, in file order.

    The guesses read the different answers, not every row, so that a file of
    50,000 rows is proposed about as fast as one of 50.
    """
    return values if isinstance(values, Mapping) else Counter(values)


def by_frequency(values: Iterable[str] | Counts) -> list[str]:
    """The different values, most often given first (ties in file order), the
    same answer written differently counted once, "Other" and the like last."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for value, times in counted(values).items():
        key = normalise_label(value)
        if not key:
            continue
        first.setdefault(key, value.strip())
        counts[key] += times
    order = {key: position for position, key in enumerate(first)}

    def rank(key: str) -> tuple[int, int, int]:
        last = next(
            (i for i, word in enumerate(LAST_OPTIONS) if key.startswith(word)), -1
        )
        return (last, -counts[key], order[key])

    return [first[key][:LABEL_MAX] for key in sorted(first, key=rank)]


def is_number(value: str) -> bool:
    if not NUMBER.match(value):
        return False
    try:
        Decimal(value.replace(",", ""))
    except InvalidOperation:
        return False
    return True


def is_agree_scale(values: Iterable[str] | Counts) -> bool:
    keys = set()
    for value in counted(values):
        key = normalise_label(value)
        if key not in LIKERT_KEYS:
            return False
        keys.add(key)
    return any("agree" in key for key in keys)


def _join_continuations(pieces: list[str]) -> list[str]:
    """Google Forms separates choices with ", ", and an option may hold a comma
    itself ("Social, emotional and mental health"): a piece that starts in
    lower case carries on the one before it."""
    joined: list[str] = []
    for piece in pieces:
        if joined and piece[:1].islower():
            joined[-1] = f"{joined[-1]}, {piece}"
        else:
            joined.append(piece)
    return joined


def split_answer(value: str, separator: str) -> list[str]:
    pieces = [piece.strip() for piece in value.split(separator)]
    pieces = [piece for piece in pieces if piece]
    if separator == ",":
        pieces = _join_continuations(pieces)
    return pieces


def multiple_choice_separator(values: Iterable[str] | Counts, shape: str) -> str | None:
    """The separator between the choices of a multi-select column, if it is one.

    Microsoft Forms ends every multiple-choice answer with ";" (even a single
    choice); Google Forms writes "A, B". A column is multiple choice when some
    answer holds more than one choice and the choices come back across answers.
    """
    counts = counted(values)
    if not counts:
        return None
    if shape == "microsoft_forms" and all(value.endswith(";") for value in counts):
        return ";"
    for separator in (";", ","):
        if shape == "microsoft_forms" and separator == ",":
            continue
        if not any(separator in value for value in counts):
            continue
        distinct: set[str] = set()
        singles: set[str] = set()
        pieces_given = 0
        several = False
        for value, times in counts.items():
            pieces = {normalise_label(p) for p in split_answer(value, separator)}
            distinct |= pieces
            if len(distinct) > MAX_OPTIONS:
                break
            pieces_given += len(pieces) * times
            several = several or len(pieces) > 1
            if len(pieces) == 1:
                singles |= pieces
        else:
            if not several or len(distinct) >= pieces_given:
                continue
            whole = {normalise_label(value) for value in counts}
            if len(distinct) < len(whole) or singles <= whole:
                return separator
    return None


def is_free_text(values: Iterable[str] | Counts) -> bool:
    counts = counted(values)
    given = sum(counts.values())
    if len(counts) > 10 * MAX_OPTIONS:
        return True
    distinct = {normalise_label(value) for value in counts}
    if len(distinct) > MAX_OPTIONS:
        return True
    if sum(len(value) * times for value, times in counts.items()) / given > (
        LONG_ANSWER
    ):
        return True
    return given >= DISTINCT_MIN_ROWS and len(distinct) / given > DISTINCT_SHARE


def guess_question(values: Iterable[str] | Counts, shape: str) -> tuple[str, list[str]]:
    """The type of question a column's answers suggest, and its options."""
    counts = counted(values)
    if not counts:
        return QuestionType.FREE_TEXT, []
    if all(is_number(value) for value in counts):
        return QuestionType.NUMBER, []
    if is_agree_scale(counts):
        return QuestionType.LIKERT, []
    separator = multiple_choice_separator(counts, shape)
    if separator is not None:
        pieces: Counter[str] = Counter()
        for value, times in counts.items():
            for piece in split_answer(value, separator):
                pieces[piece] += times
        return QuestionType.MULTI_CHOICE, by_frequency(pieces)
    if is_free_text(counts):
        return QuestionType.FREE_TEXT, []
    return QuestionType.SINGLE_CHOICE, by_frequency(counts)


def is_contact(heading: str, values: Iterable[str] | Counts) -> bool:
    key = header_key(heading)
    if key in CONTACT_META or any(word in key for word in CONTACT_WORDS):
        return True
    counts = counted(values)
    given = sum(counts.values())
    emails = sum(times for value, times in counts.items() if EMAIL.match(value))
    return bool(given) and emails / given >= 0.8


# SurveyMonkey: one column per choice -----------------------------------------


def _surveymonkey_groups(table: Table) -> dict[int, list[int]]:
    """SurveyMonkey's multi-select questions: first column -> all its columns.

    The top heading row names the question over its first column only; the
    second names each choice, and a ticked cell holds the choice's words.
    A grid of statements (each cell an answer like "Agree") is not one.
    """
    if len(table.header_rows) != 2:
        return {}
    top, sub = table.header_rows
    width = len(table.headers)
    top = top + [""] * (width - len(top))
    sub = sub + [""] * (width - len(sub))
    runs: list[list[int]] = []
    for position in range(width):
        if top[position] or not runs:
            runs.append([position])
        else:
            runs[-1].append(position)
    groups: dict[int, list[int]] = {}
    for run in runs:
        choices = [
            position
            for position in run
            if sub[position]
            and sub[position].lower() not in SURVEYMONKEY_SUBHEADINGS
            and SPECIFY not in sub[position].lower()
        ]
        if len(choices) < 2:
            continue
        ticked = 0
        matching = 0
        for position in choices:
            label = normalise_label(sub[position])
            for value in column_values(table, position):
                ticked += 1
                matching += normalise_label(value) == label
        if ticked and matching / ticked >= 0.8:
            groups[choices[0]] = choices
    return groups


# The proposal ----------------------------------------------------------------


def _examples(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value[:LABEL_MAX])
        if len(seen) == 3:
            break
    return seen


def propose_survey(table: Table, shape: str) -> Proposal:
    """The questions a file's headings suggest, and the columns left out."""
    questions: list[ProposedQuestion] = []
    left_out: list[LeftOutColumn] = []
    groups = _surveymonkey_groups(table)
    grouped = {position for columns in groups.values() for position in columns}
    top = table.header_rows[0] if len(table.header_rows) == 2 else []
    for position, heading in enumerate(table.headers):
        if position in groups:
            columns = groups[position]
            sub = table.header_rows[1]
            text = top[position] if position < len(top) and top[position] else heading
            answers = [v for c in columns for v in column_values(table, c)]
            questions.append(
                ProposedQuestion(
                    columns=columns,
                    heading=text,
                    text=text[:TEXT_MAX],
                    question_type=QuestionType.MULTI_CHOICE,
                    options=[sub[c][:LABEL_MAX] for c in columns],
                    examples=_examples(answers),
                    answered=_answered(table, columns),
                )
            )
            continue
        if position in grouped:
            continue
        key = header_key(heading)
        values = Counter(column_values(table, position))
        # The respondent's district, age, need... stay proposed questions: a
        # survey of the file's own wording (the column page can match them to
        # the profile instead).
        if key in META_COLUMNS and META_COLUMNS[key] not in PROFILE_TARGETS:
            reason = CONTACT_COLUMN if key in CONTACT_META else TOOL_COLUMN
            left_out.append(LeftOutColumn(position, heading, reason, META_COLUMNS[key]))
            continue
        if is_contact(heading, values):
            left_out.append(LeftOutColumn(position, heading, CONTACT_COLUMN))
            continue
        question_type: str
        options: list[str]
        if SPECIFY in heading.lower():
            # "Other (please specify)": what each person wrote.
            question_type, options = QuestionType.FREE_TEXT, []
        else:
            question_type, options = guess_question(values, shape)
        questions.append(
            ProposedQuestion(
                columns=[position],
                heading=heading,
                text=heading[:TEXT_MAX],
                question_type=question_type,
                options=options,
                examples=_examples(values),
                answered=sum(values.values()),
            )
        )
    return Proposal(questions=questions, left_out=left_out)


def _answered(table: Table, columns: Sequence[int]) -> int:
    return sum(
        1 for _n, cells in table.rows if any(cell_text(cells[c]) for c in columns)
    )
