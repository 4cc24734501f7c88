"""Mapping files: an import's column choices as JSON or YAML, to save and reuse.

The staff column page offers the same file as a download and takes one back,
and `manage.py import_survey --mapping` reads it, so a mapping made once (or
edited by hand) applies to the next file from the same survey tool:

    {"version": 1,
     "columns": [{"heading": "Timestamp", "target": "submitted_at"},
                 {"heading": "Q1. Do the ambitions...", "target": "Q1"}],
     "values": {"respondent_type": {"Education professional": "PROFESSIONAL"}},
     "date_order": "dmy"}

Questions are written by their position in the survey ("Q3"), as in the
keying template; "q:<question id>" is read too. Keys left out keep what the
portal suggested. A document with any problem changes nothing.
"""

import json
import re
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.spreadsheets import column_letter
from sendportal.spreadsheets import normalise_label

from ..models import ImportBatch
from ..models import Question
from ..models.imports import DateOrder
from . import columns
from . import services
from .columns import QUESTION_PREFIX
from .columns import header_key
from .columns import question_code
from .columns import question_target
from .columns import target_question_id

MAPPING_VERSION = 1
DOCUMENT_KEYS = ("version", "columns", "values", "date_order")
DATE_ORDERS = ("", *DateOrder.values)
# A mapping file is a few kilobytes; anything much larger is not one.
MAX_MAPPING_BYTES = 1_000_000
MAX_PROBLEMS = 20
QUESTION_CODE = re.compile(r"^Q(\d+)$", re.IGNORECASE)
YAML_SUFFIXES = (".yaml", ".yml")


class MappingFileError(services.ImportRefused):
    """A mapping file that cannot be applied; `messages` says every reason."""


def _non_question_targets() -> tuple[str, ...]:
    return (
        columns.IGNORE,
        columns.SUBMITTED_AT,
        columns.RESPONDENT_TYPE,
        columns.SUPPORTED_BY,
        *columns.PROFILE_TARGETS,
    )


def _codes(questions: Sequence[Question]) -> dict[str, str]:
    """Question targets ("q:<id>") by the code a mapping file writes ("Q3")."""
    return {
        question_target(question.pk): question_code(position)
        for position, question in enumerate(questions, start=1)
    }


def _written(target: str, codes: Mapping[str, str]) -> str:
    return codes.get(target, target)


def mapping_document(batch: ImportBatch) -> dict[str, Any]:
    """The batch's mapping as a mapping file holds it (see the module)."""
    codes = _codes(services.survey_questions(batch.survey))
    document: dict[str, Any] = {
        "version": MAPPING_VERSION,
        "columns": [
            {"heading": heading, "target": _written(target, codes)}
            for heading, target in zip(batch.headers, batch.mapping, strict=False)
        ],
    }
    if batch.value_mapping:
        document["values"] = {
            _written(target, codes): dict(answers)
            for target, answers in batch.value_mapping.items()
        }
    if batch.date_order:
        document["date_order"] = batch.date_order
    return document


def dump_mapping(document: Mapping[str, Any], name: str) -> str:
    """A mapping document as text: YAML for a .yaml or .yml name, else JSON."""
    if name.lower().endswith(YAML_SUFFIXES):
        import yaml

        return str(yaml.safe_dump(dict(document), allow_unicode=True, sort_keys=False))
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load_mapping(data: bytes, name: str) -> Any:
    """Read a mapping file's bytes: YAML for a .yaml or .yml name, else JSON.
    Raises MappingFileError saying what is wrong with it."""
    if len(data) > MAX_MAPPING_BYTES:
        raise MappingFileError(
            _("The mapping file is too large: a mapping file is a few kilobytes.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingFileError(
            _("The mapping file is not text: save it as UTF-8 JSON or YAML.")
        ) from None
    if name.lower().endswith(YAML_SUFFIXES):
        import yaml

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else "?"
            raise MappingFileError(
                _("The mapping file is not valid YAML (line %(line)s).")
                % {"line": line}
            ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise MappingFileError(
            _("The mapping file is not valid JSON (line %(line)s: %(reason)s).")
            % {"line": error.lineno, "reason": error.msg}
        ) from None


class _Reader:
    """Checks a mapping document against a batch, collecting every problem."""

    def __init__(self, batch: ImportBatch, questions: Sequence[Question]) -> None:
        self.batch = batch
        self.questions = questions
        self.by_id = {question.pk: question for question in questions}
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)

    def target(self, value: object, where: str) -> str | None:
        """The stored target for a written one, or None (a problem noted)."""
        if value is None:
            return columns.IGNORE
        if not isinstance(value, str):
            self.problem(
                _("%(where)s: the target must be text, such as “Q1”.")
                % {"where": where}
            )
            return None
        text = value.strip()
        code = QUESTION_CODE.match(text)
        if code:
            position = int(code.group(1))
            if 1 <= position <= len(self.questions):
                return question_target(self.questions[position - 1].pk)
            self.problem(
                _(
                    "%(where)s: “%(code)s” is not a question of this survey, "
                    "which has questions Q1 to Q%(last)s."
                )
                % {"where": where, "code": text, "last": len(self.questions)}
            )
            return None
        if text.startswith(QUESTION_PREFIX):
            question_id = target_question_id(text) if text[2:].isdigit() else None
            if question_id in self.by_id:
                return text
            self.problem(
                _("%(where)s: “%(code)s” is not a question of this survey.")
                % {"where": where, "code": text}
            )
            return None
        if text.lower() == "ignore":
            return columns.IGNORE
        if text in _non_question_targets():
            return text
        self.problem(
            _(
                "%(where)s: “%(target)s” is not something a column can be matched "
                "to. Use a question code such as “Q1”, or one of: %(known)s."
            )
            % {
                "where": where,
                "target": text[:80],
                "known": ", ".join(
                    ["ignore", *(name for name in _non_question_targets() if name)]
                ),
            }
        )
        return None

    def columns(self, entries: object) -> list[str] | None:
        headers = list(self.batch.headers)
        if not isinstance(entries, list):
            self.problem(
                _("“columns” must be a list of headings, each with its target.")
            )
            return None
        mapping = list(self.batch.mapping)
        mapping += [columns.IGNORE] * (len(headers) - len(mapping))
        keys = [header_key(header) for header in headers]
        taken: set[int] = set()
        for number, entry in enumerate(entries, start=1):
            where = _("Column entry %(number)s") % {"number": number}
            if not isinstance(entry, dict) or not isinstance(entry.get("heading"), str):
                self.problem(
                    _("%(where)s must give a “heading” and a “target”.")
                    % {"where": where}
                )
                continue
            if unknown := sorted(set(entry) - {"heading", "target"}):
                self.problem(
                    _("%(where)s: “%(key)s” is not part of a column entry.")
                    % {"where": where, "key": str(unknown[0])[:80]}
                )
                continue
            heading = entry["heading"]
            key = header_key(heading)
            # The first column of that heading not already given: files may
            # repeat a heading.
            index = next(
                (
                    position
                    for position, header in enumerate(headers)
                    if position not in taken and header.strip() == heading.strip()
                ),
                None,
            )
            if index is None:
                index = next(
                    (
                        position
                        for position, found in enumerate(keys)
                        if position not in taken and found == key
                    ),
                    None,
                )
            if index is None:
                self.problem(
                    _("“%(heading)s” is not a column heading of this file.")
                    % {"heading": heading[:120]}
                )
                continue
            taken.add(index)
            target = self.target(
                entry.get("target"),
                _("Column %(letter)s (“%(heading)s”)")
                % {"letter": column_letter(index + 1), "heading": heading[:80]},
            )
            if target is not None:
                mapping[index] = target
        return mapping

    def values(self, entries: object) -> dict[str, dict[str, str]] | None:
        if not isinstance(entries, dict):
            self.problem(
                _("“values” must map each target to the codes of its answers.")
            )
            return None
        cleaned: dict[str, dict[str, str]] = {}
        for written, answers in entries.items():
            where = _("Values of “%(target)s”") % {"target": str(written)[:80]}
            target = self.target(written, where)
            if target is None:
                continue
            if not target:
                self.problem(
                    _("%(where)s: answers cannot be matched for an ignored column.")
                    % {"where": where}
                )
                continue
            if not isinstance(answers, dict) or not all(
                isinstance(code, str | type(None)) for code in answers.values()
            ):
                self.problem(
                    _(
                        "%(where)s must map each answer in the file to a code "
                        '(or to "" for Not given).'
                    )
                    % {"where": where}
                )
                continue
            cleaned.setdefault(target, {}).update(
                {
                    normalise_label(str(value)): (code or "").strip()
                    for value, code in answers.items()
                }
            )
        return cleaned

    def date_order(self, value: object) -> str | None:
        if value is None:
            return ""
        if not isinstance(value, str) or value.strip().lower() not in DATE_ORDERS:
            self.problem(
                _(
                    "“date_order” must be one of dmy (day first), mdy (month "
                    "first), ymd (year first) or serial (Excel date numbers)."
                )
            )
            return None
        return value.strip().lower()


@transaction.atomic
def apply_mapping_document(
    *, batch: ImportBatch, document: object, by: User | None
) -> ImportBatch:
    """Apply a mapping document (see the module) to a batch not yet imported.

    Raises MappingFileError with every problem found, and then changes
    nothing: the columns, answers and date order apply together or not at all.
    """
    questions = services.survey_questions(batch.survey)
    reader = _Reader(batch, questions)
    if not isinstance(document, dict):
        raise MappingFileError(
            _(
                "The mapping file must hold “version” and “columns”, as a "
                "download gives."
            )
        )
    version = document.get("version", MAPPING_VERSION)
    if version != MAPPING_VERSION:
        reader.problem(
            _("This mapping file is version %(version)s; the portal reads version 1.")
            % {"version": str(version)[:20]}
        )
    for key in document:
        if key not in DOCUMENT_KEYS:
            reader.problem(
                _(
                    "“%(key)s” is not part of a mapping file, which holds version, "
                    "columns, values and date_order."
                )
                % {"key": str(key)[:80]}
            )
    mapping = reader.columns(document["columns"]) if "columns" in document else None
    values = reader.values(document["values"]) if "values" in document else None
    date_order = (
        reader.date_order(document["date_order"]) if "date_order" in document else None
    )
    final = mapping if mapping is not None else list(batch.mapping)
    codes = _codes(questions)
    for target in values or {}:
        if target not in final:
            reader.problem(
                _(
                    "Values of “%(target)s”: no column of this file is matched to "
                    "it. Match a column to it under “columns”."
                )
                % {"target": _written(target, codes)}
            )
    if reader.problems:
        raise MappingFileError(reader.problems)
    if mapping is not None:
        batch = services.import_batch_map_columns(batch=batch, mapping=mapping, by=by)
    if values:
        batch = services.import_batch_map_values(batch=batch, values=values, by=by)
    if date_order:
        batch = services.import_batch_set_date_order(
            batch=batch, date_order=date_order, by=by
        )
    return batch
