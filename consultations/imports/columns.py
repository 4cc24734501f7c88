"""Which survey tool a file came from, and which question each column answers."""

import io
import re
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sendportal.spreadsheets import SpreadsheetError
from sendportal.spreadsheets import Table
from sendportal.spreadsheets import TableStream
from sendportal.spreadsheets import normalise_label
from sendportal.spreadsheets import read_table
from sendportal.spreadsheets import stream_table

from ..models import Question

IGNORE = ""
SUBMITTED_AT = "submitted_at"
RESPONDENT_TYPE = "respondent_type"
SUPPORTED_BY = "supported_by"
QUESTION_PREFIX = "q:"
# The respondent's profile, as the portal's own survey asks it (Response fields).
DISTRICT = "district"
AGE_BANDS = "age_bands"
NEED_CODES = "need_codes"
SETTING_TYPE = "setting_type"
SUPPORT_LEVEL = "support_level"
PROFILE_TARGETS = (DISTRICT, AGE_BANDS, NEED_CODES, SETTING_TYPE, SUPPORT_LEVEL)
# Profile targets a respondent may give several answers to.
MULTIPLE_TARGETS = (AGE_BANDS, NEED_CODES)

SHAPE_LABELS = {
    "microsoft_forms": gettext_lazy("Microsoft Forms"),
    "google_forms": gettext_lazy("Google Forms"),
    "surveymonkey": gettext_lazy("SurveyMonkey"),
    "keying_template": gettext_lazy("the portal’s keying template"),
    "portal_export": gettext_lazy("a portal export"),
    "other": gettext_lazy("a spreadsheet"),
}

# Columns that survey tools add around the answers. Names and emails are not
# imported: responses are anonymous, contact details need consent.
META_COLUMNS: Mapping[str, str] = {
    "completion time": SUBMITTED_AT,
    "timestamp": SUBMITTED_AT,
    "end date": SUBMITTED_AT,
    "submitted": SUBMITTED_AT,
    "date received": SUBMITTED_AT,
    "responding as": RESPONDENT_TYPE,
    "respondent type": RESPONDENT_TYPE,
    "who helped": SUPPORTED_BY,
    "who helped them answer": SUPPORTED_BY,
    "supported by": SUPPORTED_BY,
    "helped by": SUPPORTED_BY,
    "did someone help you answer": SUPPORTED_BY,
    "i am a": RESPONDENT_TYPE,
    "i am": RESPONDENT_TYPE,
    "are you": RESPONDENT_TYPE,
    "which best describes you": RESPONDENT_TYPE,
    "in what capacity are you responding": RESPONDENT_TYPE,
    "are you responding as": RESPONDENT_TYPE,
    "which area do you live in": DISTRICT,
    "which area do you live in or work in": DISTRICT,
    "where do you live": DISTRICT,
    "area": DISTRICT,
    "district": DISTRICT,
    "locality": DISTRICT,
    "borough": DISTRICT,
    "age of child": AGE_BANDS,
    "age of child or young person": AGE_BANDS,
    "how old is your child": AGE_BANDS,
    "childs age": AGE_BANDS,
    "age": AGE_BANDS,
    "age group": AGE_BANDS,
    "type of need": NEED_CODES,
    "types of need": NEED_CODES,
    "area of need": NEED_CODES,
    "areas of need": NEED_CODES,
    "primary need": NEED_CODES,
    "what are your childs needs": NEED_CODES,
    "school or setting": SETTING_TYPE,
    "type of school or setting": SETTING_TYPE,
    "setting": SETTING_TYPE,
    "setting type": SETTING_TYPE,
    "which school or setting does your child attend": SETTING_TYPE,
    "level of support": SUPPORT_LEVEL,
    "support level": SUPPORT_LEVEL,
    "what support does your child have": SUPPORT_LEVEL,
    "does your child have an ehcp": SUPPORT_LEVEL,
    "does your child have an ehc plan": SUPPORT_LEVEL,
    "id": IGNORE,
    "start time": IGNORE,
    "last modified time": IGNORE,
    "email": IGNORE,
    "email address": IGNORE,
    "name": IGNORE,
    "respondent id": IGNORE,
    "collector id": IGNORE,
    "start date": IGNORE,
    "ip address": IGNORE,
    "first name": IGNORE,
    "last name": IGNORE,
    "custom data 1": IGNORE,
    "reference": IGNORE,
    "channel": IGNORE,
    "source document": IGNORE,
}
CODE_HEADER = re.compile(r"^\s*(Q\d+)\b", re.IGNORECASE)
SURVEYMONKEY_FIRST = "respondent id"
SURVEYMONKEY_SUBHEADINGS = {"response", "open-ended response"}


def question_code(position: int) -> str:
    """The code of the question at `position` (1-based) in its survey: "Q3"."""
    return f"Q{position}"


def question_target(question_id: int) -> str:
    return f"{QUESTION_PREFIX}{question_id}"


def target_question_id(target: str) -> int | None:
    if target.startswith(QUESTION_PREFIX):
        return int(target[len(QUESTION_PREFIX) :])
    return None


def header_key(header: str) -> str:
    return normalise_label(header)[:500]


def read_survey_file(data: bytes, name: str) -> Table:
    """Read an upload, with SurveyMonkey's two heading rows when it has them."""
    try:
        table = read_table(io.BytesIO(data), name)
    except SpreadsheetError as error:
        # SurveyMonkey leaves the top heading blank over the answers of a
        # multiple-choice question, which a one-row reading refuses.
        try:
            table = read_table(io.BytesIO(data), name, header_rows=2)
        except Exception:  # the first reason is the one to give
            raise error from None
        if header_key(table.headers[0]) != SURVEYMONKEY_FIRST:
            raise error from None
        return table
    if header_key(table.headers[0]) == SURVEYMONKEY_FIRST and table.rows:
        first = {str(cell).strip().lower() for cell in table.rows[0][1] if cell}
        if first & SURVEYMONKEY_SUBHEADINGS:
            table = read_table(io.BytesIO(data), name, header_rows=2)
    return table


def stream_survey_file(data: bytes, name: str, *, header_rows: int) -> TableStream:
    """An upload read already (with `read_survey_file`), read again a row at a
    time with the heading rows found then."""
    return stream_table(io.BytesIO(data), name, header_rows=header_rows)


def detect_shape(headers: Sequence[str]) -> str:
    keys = [header_key(header) for header in headers]
    if keys[:3] == ["id", "start time", "completion time"]:
        return "microsoft_forms"
    if keys[0] == "timestamp":
        return "google_forms"
    if keys[0] == SURVEYMONKEY_FIRST:
        return "surveymonkey"
    if keys[0] == "reference" and "submitted" in keys:
        return "portal_export"
    if any(CODE_HEADER.match(header) for header in headers):
        return "keying_template"
    return "other"


@dataclass(frozen=True)
class QuestionIndex:
    """A survey's questions found by text, normalised text and code."""

    by_text: Mapping[str, int]
    by_key: Mapping[str, int]
    by_code: Mapping[str, int]

    @classmethod
    def of(cls, questions: Sequence[Question]) -> "QuestionIndex":
        by_text: dict[str, int] = {}
        by_key: dict[str, int] = {}
        by_code: dict[str, int] = {}
        for position, question in enumerate(questions, start=1):
            by_text.setdefault(question.text.strip(), question.pk)
            by_key.setdefault(normalise_label(question.text), question.pk)
            by_code[question_code(position).lower()] = question.pk
        return cls(by_text=by_text, by_key=by_key, by_code=by_code)

    def find(self, header: str) -> int | None:
        text = header.strip()
        if text in self.by_text:
            return self.by_text[text]
        key = normalise_label(text)
        if key in self.by_key:
            return self.by_key[key]
        code = CODE_HEADER.match(text)
        if code and code.group(1).lower() in self.by_code:
            return self.by_code[code.group(1).lower()]
        return None


def suggest_mapping(
    headers: Sequence[str],
    questions: Sequence[Question],
    remembered: Mapping[str, str],
) -> list[str]:
    """A target for every column: remembered, then exact text, normalised text,
    question code, the question part of a SurveyMonkey heading, tool columns."""
    index = QuestionIndex.of(questions)
    known = {question_target(question.pk) for question in questions}
    targets: list[str] = []
    for header in headers:
        key = header_key(header)
        target = remembered.get(key)
        if target is not None and (target in known or not target.startswith("q:")):
            targets.append(target)
            continue
        question_id = index.find(header)
        if question_id is None and " – " in header:
            question_id = index.find(header.split(" – ", 1)[0])
        if question_id is not None:
            targets.append(question_target(question_id))
        else:
            targets.append(META_COLUMNS.get(key, IGNORE))
    return targets


def check_mapping(
    headers: Sequence[str], mapping: Sequence[str], questions: Sequence[Question]
) -> list[str]:
    """Problems with a mapping that stop any row from being imported."""
    from sendportal.spreadsheets import column_letter

    from ..models import QuestionType

    problems: list[str] = []
    if len(mapping) != len(headers):
        return [_("The column mapping does not fit this file. Upload it again.")]
    by_id = {question.pk: question for question in questions}
    seen: dict[str, int] = {}
    for position, target in enumerate(mapping, start=1):
        if not target:
            continue
        question_id = target_question_id(target)
        if question_id is not None and question_id not in by_id:
            problems.append(
                _("Column %(column)s is matched to a question of another survey.")
                % {"column": column_letter(position)}
            )
            continue
        many_allowed = target in MULTIPLE_TARGETS or (
            question_id is not None
            and by_id[question_id].question_type == QuestionType.MULTI_CHOICE
        )
        if target in seen and not many_allowed:
            problems.append(
                _(
                    "Columns %(first)s and %(second)s are both matched to “%(what)s”. "
                    "Ignore one of them."
                )
                % {
                    "first": column_letter(seen[target]),
                    "second": column_letter(position),
                    "what": by_id[question_id].text
                    if question_id is not None
                    else target_label(target),
                }
            )
        seen.setdefault(target, position)
    if not any(target.startswith(QUESTION_PREFIX) for target in mapping):
        problems.append(
            _(
                "None of the columns is matched to a question of this survey. Check "
                "that you chose the right survey, or use its keying template."
            )
        )
    return problems


def target_label(target: str) -> str:
    if target == SUBMITTED_AT:
        return _("Date and time submitted")
    if target == RESPONDENT_TYPE:
        return _("Responding as")
    if target == SUPPORTED_BY:
        return _("Who helped them answer")
    if target in PROFILE_TARGETS:
        return str(PROFILE_LABELS[target])
    return _("Ignore this column")


PROFILE_LABELS = {
    DISTRICT: gettext_lazy("District or area they live in"),
    AGE_BANDS: gettext_lazy("Age of the child or young person"),
    NEED_CODES: gettext_lazy("Areas of need"),
    SETTING_TYPE: gettext_lazy("School or setting"),
    SUPPORT_LEVEL: gettext_lazy("Level of support"),
}
