"""The demo loaded once per test session, and copied into each test that reads it.

`load_demo` takes seconds (it hashes passwords, builds hundreds of survey
responses and renders two report PDFs). Leaving its rows in the test database
for the whole session is not safe: many tests assume an empty database, count
every row of a table, or create areas whose slugs the demo might use. So the
session loads the demo once inside a transaction, copies each table it filled
out with PostgreSQL's COPY, and rolls back. A test that asks for the demo gets
those rows copied back in, inside the test's own transaction (rolled back
afterwards) or, for live-server tests, committed and flushed at the end like
any other row.

Transactional tests flush the database and re-create content types with new
ids, so rows pointing at a content type (audit events) are re-pointed at the
same model's current id after copying.
"""

import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection
from django.db import transaction
from django.db.backends.utils import CursorWrapper

CONTENT_TYPES = "django_content_type"


@dataclass(frozen=True)
class Column:
    table: str
    name: str


@dataclass(frozen=True)
class DemoDump:
    """The rows `load_demo` wrote, as PostgreSQL binary COPY data per table."""

    tables: dict[str, bytes]
    # Columns with an id sequence, moved past the copied ids after a restore.
    sequences: dict[Column, str]
    # Columns holding a content type id, and the content types at dump time.
    content_type_columns: list[Column]
    content_types: dict[int, tuple[str, str]]


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  # names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def current_content_types() -> dict[int, tuple[str, str]]:
    # Read from the table, not ContentType's cache, which outlives a flush.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, app_label, model FROM {CONTENT_TYPES}")  # noqa: S608  # a constant
        return {pk: (app_label, model) for pk, app_label, model in cursor.fetchall()}


def dump_demo() -> DemoDump:
    """Load the demo, copy out every table it filled, and roll the load back."""
    with transaction.atomic():
        before = row_counts()
        call_command("load_demo", stdout=io.StringIO())
        after = row_counts()
        touched = sorted(t for t, n in before.items() if n and after[t] != n)
        if touched:
            # Either the database was not empty or the demo writes to a table
            # that migrations fill; copying these back would duplicate rows.
            raise RuntimeError(f"load_demo changed pre-filled tables: {touched}")
        filled = [t for t, n in after.items() if n and not before[t]]
        with connection.cursor() as cursor:
            tables = {}
            for table in filled:
                sql = (
                    f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT BINARY)"
                )
                with cursor.copy(sql) as copy:
                    tables[table] = b"".join(bytes(chunk) for chunk in copy)
            sequences, content_type_columns = describe(cursor, filled, before)
        dump = DemoDump(
            tables=tables,
            sequences=sequences,
            content_type_columns=content_type_columns,
            content_types=current_content_types(),
        )
        transaction.set_rollback(True)
    return dump


def describe(
    cursor: CursorWrapper, tables: list[str], before: dict[str, int]
) -> tuple[dict[Column, str], list[Column]]:
    """Find the copied tables' id sequences and their content type columns."""
    sequences: dict[Column, str] = {}
    content_type_columns: list[Column] = []
    for table in tables:
        for description in connection.introspection.get_table_description(
            cursor, table
        ):
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)", [table, description.name]
            )
            sequence = cursor.fetchone()[0]
            if sequence:
                sequences[Column(table, description.name)] = sequence
        relations = connection.introspection.get_relations(cursor, table)
        for column, (_, target) in relations.items():
            if target == CONTENT_TYPES:
                content_type_columns.append(Column(table, column))
            elif before.get(target):
                # A flush re-creates pre-filled tables with new ids; only
                # content types are re-pointed.
                raise RuntimeError(f"{table}.{column} points at pre-filled {target}")
    return sequences, content_type_columns


def restore_demo(dump: DemoDump) -> None:
    """Copy the demo's rows back in; foreign keys are checked at commit."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in dump.tables.items():
            with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(data)
        remap_content_types(cursor, dump)
        for column, sequence in dump.sequences.items():
            # Never move a sequence back: ids already handed out stay unused.
            cursor.execute(
                f"SELECT setval(%s, GREATEST((SELECT max({quote(column.name)}) FROM "  # noqa: S608  # names from the catalogue
                f"{quote(column.table)}), (SELECT last_value FROM {sequence})))",
                [sequence],
            )


def remap_content_types(cursor: CursorWrapper, dump: DemoDump) -> None:
    now = {natural: pk for pk, natural in current_content_types().items()}
    moved = {
        old: now[natural]
        for old, natural in dump.content_types.items()
        if natural in now and now[natural] != old
    }
    if not moved:
        return
    values = ", ".join(f"({old}, {new})" for old, new in moved.items())
    quote = connection.ops.quote_name
    for column in dump.content_type_columns:
        # One statement per column, so an id moved onto another's old id is
        # not moved twice.
        cursor.execute(
            f"UPDATE {quote(column.table)} SET {quote(column.name)} = moved.new "  # noqa: S608  # integers and catalogue names
            f"FROM (VALUES {values}) AS moved(old, new) "
            f"WHERE {quote(column.table)}.{quote(column.name)} = moved.old"
        )
