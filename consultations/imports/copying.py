"""Writing an import's responses and answers in bulk.

On PostgreSQL the rows go through `COPY ... FROM STDIN` as text built straight
from the converted rows: no model instance per response or answer, each
answer's text encoded once per distinct answer (a scale's "Agree" is encoded
once, not 50,000 times), the answers streamed in one `COPY` while the rows are
still being read, so that the database indexes them while Python converts the
next rows. Other databases (the run command's SQLite) get the same rows
through `bulk_create`. docs/performance.md ("Survey import") has the figures.
"""

import contextlib
import datetime
import json
import secrets
import uuid
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Field

from ..models import Answer
from ..models import Response
from ..models.responses import REFERENCE_ALPHABET
from ..models.responses import new_follow_token
from .rows import AnswerValues

ANSWER_COLUMNS = (
    "response_id",
    "question_id",
    "option_code",
    "text_value",
    "number_value",
)
# Characters of COPY's text format that stand for something else.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
# Bytes of encoded rows handed to psycopg at a time.
WRITE_BYTES = 256 * 1024


def copy_text(value: object) -> str:
    """One value as COPY's text format writes it."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value).translate(COPY_ESCAPES)
    raise TypeError(f"No COPY encoding for {type(value).__name__}")


def new_references() -> Iterator[str]:
    """Response references as `new_reference` makes them ("K7QM-3XPA"), drawn
    from the same alphabet with the same odds, but from random bytes taken a
    few thousand at a time instead of eight calls per reference."""
    size = len(REFERENCE_ALPHABET)
    usable = 256 - 256 % size  # bytes from `usable` up would favour some letters
    table = "".join(REFERENCE_ALPHABET[byte % size] for byte in range(usable)).encode()
    table += bytes(256 - usable)
    discard = bytes(range(usable, 256))
    while True:
        letters = secrets.token_bytes(8 * 4096).translate(table, discard).decode()
        for start in range(0, len(letters) - 7, 8):
            yield f"{letters[start : start + 4]}-{letters[start + 4 : start + 8]}"


class ResponseRows:
    """The COPY lines of an import's responses. The columns that every
    response of one import shares are encoded once, from `prototype`; each
    line then sets only the values it is given."""

    def __init__(self, prototype: Response) -> None:
        self.fields: list[Field[Any, Any]] = list(Response._meta.concrete_fields)
        self.columns = [field.column for field in self.fields]
        self.position = {field.attname: n for n, field in enumerate(self.fields)}
        self.template = [
            copy_text(field.value_from_object(prototype)) for field in self.fields
        ]

    def line(self, values: Mapping[str, object]) -> str:
        row = self.template.copy()
        for attname, value in values.items():
            row[self.position[attname]] = copy_text(value)
        return "\t".join(row) + "\n"


class AnswerRows:
    """The COPY lines of answers: everything after the response id is
    encoded once per distinct answer and kept."""

    def __init__(self) -> None:
        self.encoded: dict[AnswerValues, str] = {}

    def lines(self, response_id: int, answers: Sequence[AnswerValues]) -> str:
        if not answers:
            return ""
        encoded = self.encoded
        tails = []
        for answer in answers:
            tail = encoded.get(answer)
            if tail is None:
                question_id, code, text, number = answer
                tail = f"\t{question_id}\t{copy_text(code)}\t{copy_text(text)}\t"
                tail += NULL if number is None else str(number)
                if not text:
                    # Free text is rarely repeated; keeping it would hold
                    # every answer of the file.
                    encoded[answer] = tail
            tails.append(tail)
        prefix = str(response_id)
        return prefix + f"\n{prefix}".join(tails) + "\n"


class BulkWriter:
    """Collects an import's responses and answers and writes them.

    `add` takes one response (the values that differ from the prototype) and
    its answers; `close` writes whatever is left. Nothing is committed here:
    the caller's transaction makes the import all or nothing.
    """

    def __init__(self, prototype: Response, rows: int) -> None:
        self.prototype = prototype
        self.responses = 0
        self.answers = 0

    def add(
        self, values: Mapping[str, object], answers: Sequence[AnswerValues]
    ) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        """Stop writing after an error (the transaction is rolled back)."""


class CopyWriter(BulkWriter):
    """PostgreSQL: answers streamed in one COPY as rows come, responses in a
    second COPY at the end. The answers' foreign keys to their responses are
    checked at commit (Django makes them DEFERRABLE INITIALLY DEFERRED), so
    writing the answers first is sound; the response ids are taken from the
    table's sequence before the first row, so no answer waits for one."""

    def __init__(self, prototype: Response, rows: int) -> None:
        super().__init__(prototype, rows)
        self.connection = connections["default"]
        self.response_rows = ResponseRows(prototype)
        self.answer_rows = AnswerRows()
        self.references = new_references()
        self.response_lines: list[str] = []
        self.pending: list[str] = []
        self.pending_size = 0
        self.cursor = self.connection.cursor()
        self.ids: list[int] = []
        self._take_ids(rows)
        self._open()

    def _take_ids(self, count: int) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [Response._meta.db_table, count],
            )
            self.ids += [row[0] for row in cursor.fetchall()]

    def _open(self) -> None:
        self.copy_context = self.cursor.cursor.copy(
            f"COPY {Answer._meta.db_table} ({', '.join(ANSWER_COLUMNS)}) FROM STDIN"
        )
        self.copy = self.copy_context.__enter__()

    def add(
        self, values: Mapping[str, object], answers: Sequence[AnswerValues]
    ) -> None:
        if self.responses == len(self.ids):
            # More rows than the batch counted at upload: end this COPY to
            # take more ids (no other statement can run during one).
            self._send()
            self.copy_context.__exit__(None, None, None)
            self._take_ids(1_000)
            self._open()
        response_id = self.ids[self.responses]
        self.responses += 1
        self.response_lines.append(
            self.response_rows.line(
                {
                    "id": response_id,
                    "reference": next(self.references),
                    "follow_token": new_follow_token(),
                    "submission_token": uuid.uuid4(),
                    **values,
                }
            )
        )
        if answers:
            block = self.answer_rows.lines(response_id, answers)
            self.answers += len(answers)
            self.pending.append(block)
            self.pending_size += len(block)
            if self.pending_size >= WRITE_BYTES:
                self._send()

    def _send(self) -> None:
        self.copy.write("".join(self.pending))
        self.pending.clear()
        self.pending_size = 0

    def close(self) -> None:
        self._send()
        self.copy_context.__exit__(None, None, None)
        copy_statement = (
            f"COPY {Response._meta.db_table} "
            f"({', '.join(self.response_rows.columns)}) FROM STDIN"
        )
        with self.cursor.cursor.copy(copy_statement) as copy:
            for start in range(0, len(self.response_lines), 2_000):
                copy.write("".join(self.response_lines[start : start + 2_000]))
        self.response_lines.clear()
        self.cursor.close()

    def abort(self) -> None:
        error = RuntimeError("import stopped")
        # The COPY fails on the server; the import's own error is the one raised.
        with contextlib.suppress(Exception):
            self.copy_context.__exit__(type(error), error, None)
        self.cursor.close()


class ModelWriter(BulkWriter):
    """Other databases: model instances through bulk_create, a chunk at a time."""

    CHUNK = 500

    def __init__(self, prototype: Response, rows: int) -> None:
        super().__init__(prototype, rows)
        self.pending: list[tuple[Response, Sequence[AnswerValues]]] = []
        self.concrete = [
            field.attname
            for field in Response._meta.concrete_fields
            if field.attname != "id"
        ]

    def add(
        self, values: Mapping[str, object], answers: Sequence[AnswerValues]
    ) -> None:
        fields = {name: getattr(self.prototype, name) for name in self.concrete}
        fields.pop("reference")
        fields.pop("follow_token")
        fields["submission_token"] = uuid.uuid4()
        fields.update(values)
        self.pending.append((Response(**fields), answers))
        if len(self.pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        responses = Response.objects.bulk_create(
            [response for response, _answers in self.pending]
        )
        rows = [
            Answer(
                response_id=response.pk,
                question_id=question_id,
                option_code=code,
                text_value=text,
                number_value=number,
            )
            for response, (_r, answers) in zip(responses, self.pending, strict=True)
            for question_id, code, text, number in answers
        ]
        Answer.objects.bulk_create(rows, batch_size=self.CHUNK)
        self.responses += len(responses)
        self.answers += len(rows)
        self.pending.clear()

    def close(self) -> None:
        if self.pending:
            self._flush()


def bulk_writer(prototype: Response, rows: int) -> BulkWriter:
    if connections["default"].vendor == "postgresql":
        return CopyWriter(prototype, rows)
    return ModelWriter(prototype, rows)
