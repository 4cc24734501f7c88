"""Reading uploaded CSV and XLSX files safely, with a plain-English reason for
every file the portal cannot read.

Survey imports and improvement-plan imports both start here: the file is
checked (size, real type, zip bomb, XML entities, formulas, encoding) before a
single row is handed on, so nothing is imported from a file that is not sound.
"""

import csv
import io
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from python_calamine import CalamineError
from python_calamine import CalamineWorkbook

Cell = str | int | float | bool | date | datetime | time | timedelta | None

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and .doc)
PDF_MAGIC = b"%PDF-"
# Excel's own limit for the text of one cell.
EXCEL_MAX_CELL_CHARS = 32_767


class SpreadsheetError(ValueError):
    """A file that cannot be read, with a message for the person who uploaded it."""


@dataclass
class Table:
    """The rows of a spreadsheet: headers, then data rows with their row numbers."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    header_rows: list[list[str]] = field(default_factory=list)
    format: str = "csv"
    encoding: str = ""

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class TableStream:
    """A Table whose rows are read one at a time, for files too large to hold
    as Python values: every check of the file as a whole (size, type, zip,
    XML, formulas, encoding, headings) has passed before it is returned; the
    checks of each row (width, cell length) run as the row is read, so
    iterating `rows` may raise SpreadsheetError."""

    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    header_rows: list[list[str]] = field(default_factory=list)
    format: str = "csv"
    encoding: str = ""


def max_upload_bytes() -> int:
    return settings.SPREADSHEET_MAX_BYTES


def read_table(
    file: IO[bytes], name: str, *, header_rows: int = 1, max_bytes: int | None = None
) -> Table:
    """Read a CSV or XLSX upload into a Table, or raise SpreadsheetError.

    `max_bytes` is the upload limit, SPREADSHEET_MAX_BYTES unless a kind of
    import sets its own.
    """
    stream = stream_table(file, name, header_rows=header_rows, max_bytes=max_bytes)
    table = Table(
        headers=stream.headers,
        header_rows=stream.header_rows,
        format=stream.format,
        encoding=stream.encoding,
    )
    table.rows.extend(stream.rows)
    return table


def stream_table(
    file: IO[bytes], name: str, *, header_rows: int = 1, max_bytes: int | None = None
) -> TableStream:
    """Like read_table, but the rows come one at a time (see TableStream)."""
    data = _read_bounded(file, max_upload_bytes() if max_bytes is None else max_bytes)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data.strip():
        raise SpreadsheetError(_("The selected file is empty."))
    if extension == "xls" or data.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _(
                "The selected file is an old Excel 97-2003 (.xls) workbook. Open it in "
                "Excel, choose File, Save As, “Excel Workbook (.xlsx)”, and upload "
                "that file, or save it as CSV."
            )
        )
    if extension == "xlsm":
        raise SpreadsheetError(
            _(
                "The selected file is a macro-enabled workbook (.xlsm). Save it as an "
                "Excel Workbook (.xlsx) without macros and upload that file."
            )
        )
    if extension == "xlsx":
        if not data.startswith(ZIP_MAGIC):
            kind = (
                _("a PDF") if data.startswith(PDF_MAGIC) else _("another kind of file")
            )
            raise SpreadsheetError(
                _(
                    "The selected file is called .xlsx but is %(kind)s, not an Excel "
                    "workbook. Save or export it again as .xlsx or CSV."
                )
                % {"kind": kind}
            )
        return _table(_xlsx_rows(data), header_rows=header_rows, format="xlsx")
    if extension in ("csv", "txt"):
        is_utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        binary = data.startswith((ZIP_MAGIC, PDF_MAGIC, OLE_MAGIC)) or (
            b"\x00" in data[:4096] and not is_utf16
        )
        if binary:
            raise SpreadsheetError(
                _(
                    "The selected file is called .csv but is not a text file. "
                    "Save or export it again as CSV."
                )
            )
        text, encoding = decode_text(data)
        del data
        stream = _table(_csv_rows(text), header_rows=header_rows, format="csv")
        stream.encoding = encoding
        return stream
    raise SpreadsheetError(_("The selected file must be a CSV or XLSX file."))


def _read_bounded(file: IO[bytes], limit: int) -> bytes:
    data = file.read(limit + 1)
    if len(data) > limit:
        raise SpreadsheetError(
            _("The selected file must be smaller than %(size)s.")
            % {"size": filesizeformat(limit)}
        )
    return data


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with a BOM, or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        _(
            "The selected file’s text could not be read. Save it as “CSV UTF-8 "
            "(comma delimited)” and upload it again."
        )
    )


def _csv_rows(text: str) -> Iterator[list[Cell]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text))
    try:
        for row in reader:
            yield list(row)
    except csv.Error as error:
        raise SpreadsheetError(
            _("Row %(row)s of the file could not be read: %(reason)s.")
            % {"row": reader.line_num, "reason": _csv_reason(error)}
        ) from error


def guess_delimiter(text: str) -> str:
    """ ",", ";" (European Excel) or tab: whichever splits the heading row most.

    Only the delimiter is guessed; quoting stays the standard kind (doubled
    quotes inside quoted cells), which csv.Sniffer can get wrong on small files.
    """
    first_line = next(csv.reader(io.StringIO(text, newline=""), delimiter="\x1f"), [""])
    heading = first_line[0] if first_line else ""
    outside_quotes = re.sub(r'"[^"]*"', "", heading)
    counts = {candidate: outside_quotes.count(candidate) for candidate in ",;\t"}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _csv_reason(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _("a cell holds more than %(limit)s characters") % {
            "limit": f"{EXCEL_MAX_CELL_CHARS:,}"
        }
    return str(error)


def _xlsx_rows(data: bytes) -> Iterator[list[Cell]]:
    _check_zip(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        for row in sheet.iter_rows():
            yield list(row)
    except CalamineError as error:
        raise SpreadsheetError(
            _(
                "The selected file could not be read as an Excel workbook. Open it in "
                "Excel, save it again as .xlsx, and upload it."
            )
        ) from error


def _check_zip(data: bytes) -> None:
    """Refuse zip bombs, XML entity tricks, macros and formulas before parsing."""
    max_members = settings.SPREADSHEET_MAX_MEMBERS
    max_unzipped = settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise _unreadable() from error
    with archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise SpreadsheetError(
                _(
                    "The selected workbook has too many parts (%(count)s). Save it "
                    "again as .xlsx or CSV."
                )
                % {"count": len(members)}
            )
        if sum(member.file_size for member in members) > max_unzipped:
            raise SpreadsheetError(
                _(
                    "The selected workbook unpacks to more than %(size)s. Split it "
                    "into smaller files, or save it as CSV."
                )
                % {"size": filesizeformat(max_unzipped)}
            )
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise _unreadable()
        if any(_is_macro_part(name) for name in names):
            raise _macros()
        sheets = _worksheet_parts(archive, names)
        for member in members:
            if "/media/" in member.filename:
                continue  # pictures: never parsed as XML
            if member.filename in sheets:
                _scan_sheet(archive, member)
                continue
            with archive.open(member) as handle:
                _scan_part(handle, name=member.filename, sheet=False)


def _unreadable() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The selected file could not be read as an Excel workbook. Open it in "
            "Excel, save it again as .xlsx, and upload it."
        )
    )


def _macros() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The selected workbook contains macros. Save it as an Excel "
            "Workbook (.xlsx) without macros and upload that file."
        )
    )


def _is_macro_part(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith("vbaproject.bin") or "/macrosheets/" in f"/{lowered}"


# Every part is scanned whole, a chunk at a time: the chunks overlap by more
# than the longest token below, so a token split across two chunks is still
# found (a DOCTYPE after a 5 KB comment once passed a check of the first 4 KB).
SCAN_CHUNK = 64 * 1024
SHEET_SCAN_CHUNK = 1024 * 1024  # fewer, larger reads of a sheet's tens of MB
TAG_LIMIT = 1000
SCAN_OVERLAP = 2 * TAG_LIMIT
PREFIX = rb"(?:[A-Za-z_][\w.-]{0,30}:)?"  # x:c, x:f: some tools write prefixed XML
DOCTYPE = rb"(?P<doctype><!(?i:doctype|entity))"
PART_TOKENS = re.compile(DOCTYPE)
# Content types that only a macro-enabled workbook declares (.xlsm, XLM sheets).
CONTENT_TYPE_TOKENS = re.compile(
    DOCTYPE + rb"|(?P<macro>(?i:macroenabled|vbaproject|macrosheet))"
)
SHEET_TOKENS = re.compile(
    DOCTYPE
    + rb"|(?P<cell><"
    + PREFIX
    + rb"c\s[^>]{0,%d}?\br\s*=\s*[\"'](?P<ref>[A-Za-z]{1,3}[0-9]{1,7})[\"'])"
    % TAG_LIMIT
    + rb"|(?P<formula><"
    + PREFIX
    + rb"f(?=[\s/>])(?P<attributes>[^>]{0,%d}))" % TAG_LIMIT
)
# The same check without naming cells: a sheet's every cell would match the
# pattern above, which made the scan four times slower than reading the sheet.
# A sheet in which this finds a formula is scanned again to name its cells.
# (The "<" stays outside the groups: Python's re then skips ahead to each "<"
# instead of trying every position, which is eight times faster here.)
SHEET_QUICK_TOKENS = re.compile(
    rb"<(?:(?P<doctype>!(?i:doctype|entity))|(?P<formula>" + PREFIX + rb"f(?=[\s/>])))"
)
FORMULA_KIND = re.compile(rb"""\bt\s*=\s*["'](shared|array)["']""")
RELATIONSHIP = re.compile(rb"<" + PREFIX + rb"Relationship\s[^>]*>")
TARGET = re.compile(rb"""\bTarget\s*=\s*["']([^"']+)["']""")
SHEET_TYPE = re.compile(rb"""\bType\s*=\s*["'][^"']*/(?:work|macro)sheet["']""")
XML_SUFFIXES = (".xml", ".rels", ".vml")


def _chunks(handle: IO[bytes], size: int = SCAN_CHUNK) -> Iterator[bytes]:
    while chunk := handle.read(size):
        yield chunk


def _matches(
    chunks: Iterable[bytes], pattern: re.Pattern[bytes]
) -> Iterator[re.Match[bytes]]:
    """Every match of `pattern` in a stream of chunks, in order."""
    buffer = b""
    for chunk in itertools.chain(chunks, [b""]):
        buffer += chunk
        # A match starting in the overlap waits for the next chunk, which
        # holds the rest of its token.
        limit = max(len(buffer) - SCAN_OVERLAP, 0) if chunk else len(buffer)
        done = 0
        for match in pattern.finditer(buffer):
            if match.start() >= limit:
                break
            yield match
            done = match.end()
        buffer = buffer[max(done, limit) :]


def _scan_sheet(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    with archive.open(member) as handle:
        chunks = _chunks(handle, SHEET_SCAN_CHUNK)
        first = next(chunks, b"")
        if first.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
            raise _refused_xml()
        for match in _matches(itertools.chain([first], chunks), SHEET_QUICK_TOKENS):
            if match["doctype"]:
                raise _refused_xml()
            break  # a formula: the full scan below names its cells
        else:
            return
    with archive.open(member) as handle:
        _scan_part(handle, name=member.filename, sheet=True)


def _scan_part(handle: IO[bytes], *, name: str, sheet: bool) -> None:
    chunks = _chunks(handle)
    first = next(chunks, b"")
    if (sheet or name.endswith(XML_SUFFIXES)) and first.startswith(
        (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
    ):
        # Excel writes UTF-8; a UTF-16 part would hide its DOCTYPE from the scan.
        raise _refused_xml()
    if sheet:
        pattern = SHEET_TOKENS
    elif name == "[Content_Types].xml":
        pattern = CONTENT_TYPE_TOKENS
    else:
        pattern = PART_TOKENS
    formulas: dict[str, list[str]] = {"": [], "shared": [], "array": []}
    cell = "?"
    for match in _matches(itertools.chain([first], chunks), pattern):
        if match["doctype"]:
            raise _refused_xml()
        if pattern is CONTENT_TYPE_TOKENS:
            raise _macros()
        if match["ref"]:
            cell = match["ref"].decode().upper()
        elif match["formula"]:
            kind = FORMULA_KIND.search(match["attributes"])
            formulas[kind[1].decode() if kind else ""].append(cell)
    _refuse_formulas(formulas)


def _refused_xml() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The selected workbook contains XML that the portal does not accept. "
            "Save it again from Excel as .xlsx."
        )
    )


def _worksheet_parts(archive: zipfile.ZipFile, names: set[str]) -> set[str]:
    """The parts that hold sheets: xl/worksheets/ and whatever the workbook's
    relationships name as a sheet, wherever it is in the zip."""
    sheets = {name for name in names if name.startswith("xl/worksheets/")}
    rels = "xl/_rels/workbook.xml.rels"
    if rels not in names:
        return sheets
    with archive.open(rels) as handle:
        _scan_part(handle, name=rels, sheet=False)
    for tag in RELATIONSHIP.findall(archive.read(rels)):
        target = TARGET.search(tag)
        if target and SHEET_TYPE.search(tag):
            path = target[1].decode(errors="replace")
            path = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
            sheets.add(posixpath.normpath(path))
    return sheets


def _refuse_formulas(formulas: dict[str, list[str]]) -> None:
    """Cells must hold values: a formula's result is whatever Excel last saved."""
    messages = {
        "shared": lambda count: ngettext(
            "Cell %(cells)s contains a formula filled down or across (a shared "
            "formula).",
            "Cells %(cells)s contain formulas filled down or across (shared formulas).",
            count,
        ),
        "array": lambda count: ngettext(
            "Cell %(cells)s contains an array formula.",
            "Cells %(cells)s contain array formulas.",
            count,
        ),
        "": lambda count: ngettext(
            "Cell %(cells)s contains a formula.",
            "Cells %(cells)s contain formulas.",
            count,
        ),
    }
    for kind, message in messages.items():
        cells = formulas[kind]
        if cells:
            raise SpreadsheetError(
                message(len(cells)) % {"cells": ", ".join(cells[:5])}
                + " "
                + _(
                    "Copy the sheet and paste it as values only (Paste Special, "
                    "Values), then upload the file again."
                )
            )


def _is_blank(row: Sequence[Cell]) -> bool:
    return all(
        cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row
    )


def _table(rows: Iterator[list[Cell]], *, header_rows: int, format: str) -> TableStream:
    iterator = iter(rows)
    headers_raw: list[list[str]] = []
    for row in iterator:
        if not headers_raw and _is_blank(row):
            continue
        headers_raw.append(
            [str(cell).strip() if cell is not None else "" for cell in row]
        )
        if len(headers_raw) == header_rows:
            break
    if not headers_raw:
        raise SpreadsheetError(_("The selected file is empty."))
    if len(headers_raw) < header_rows:
        raise SpreadsheetError(
            _("The selected file has column headings but no rows under them.")
        )
    last = headers_raw[-1] if header_rows == 1 else _merge(headers_raw)
    headers = [str(cell) for cell in _trim_trailing_blanks(last)]
    _check_headers(headers)
    return TableStream(
        headers=headers,
        rows=_checked_rows(iterator, headers, first=header_rows + 1),
        header_rows=headers_raw,
        format=format,
    )


def _checked_rows(
    rows: Iterator[list[Cell]], headers: list[str], *, first: int
) -> Iterator[tuple[int, list[Cell]]]:
    """The data rows with their row numbers, blank rows left out, each padded
    to the headings' width; SpreadsheetError for a row that does not fit."""
    width = len(headers)
    padding: list[Cell] = [None] * width
    count = 0
    for index, row in enumerate(rows, start=first):
        if _is_blank(row):
            continue
        cells = _trim_trailing_blanks(row)
        if len(cells) > width:
            raise SpreadsheetError(
                _(
                    "Row %(row)s has %(count)s cells but there are only %(width)s "
                    "column headings. Check for a missing heading or a stray comma."
                )
                % {"row": index, "count": len(cells), "width": width}
            )
        for column, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > EXCEL_MAX_CELL_CHARS:
                raise SpreadsheetError(
                    _(
                        "Row %(row)s, column “%(column)s” holds %(length)s characters; "
                        "the most a cell can hold is %(limit)s."
                    )
                    % {
                        "row": index,
                        "column": headers[column],
                        "length": f"{len(cell):,}",
                        "limit": f"{EXCEL_MAX_CELL_CHARS:,}",
                    }
                )
        if len(cells) < width:
            cells += padding[: width - len(cells)]
        count += 1
        yield index, cells
    if not count:
        raise SpreadsheetError(
            _("The selected file has column headings but no rows under them.")
        )


def _merge(header_rows: list[list[str]]) -> list[str]:
    """Two heading rows (SurveyMonkey): the question, carried right, then the answer."""
    width = max(len(row) for row in header_rows)
    top = header_rows[0] + [""] * (width - len(header_rows[0]))
    sub = header_rows[1] + [""] * (width - len(header_rows[1]))
    merged: list[str] = []
    current = ""
    for question, answer in zip(top, sub, strict=True):
        current = question or current
        if answer and answer.lower() not in {"response", "open-ended response"}:
            merged.append(f"{current} – {answer}" if current else answer)
        else:
            merged.append(current)
    return merged


def _trim_trailing_blanks(row: Sequence[Cell]) -> list[Cell]:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return list(row[:end])


def _check_headers(headers: list[str]) -> None:
    if not headers:
        raise SpreadsheetError(_("The first row of the file has no column headings."))
    seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        if not header:
            raise SpreadsheetError(
                _("Column %(column)s has no heading. Give every column a heading.")
                % {"column": column_letter(position)}
            )
        key = header.casefold()
        if key in seen:
            raise SpreadsheetError(
                _(
                    "Columns %(first)s and %(second)s have the same heading, "
                    "“%(header)s”. Give each column a different heading."
                )
                % {
                    "first": column_letter(seen[key]),
                    "second": column_letter(position),
                    "header": header,
                }
            )
        seen[key] = position


def column_letter(position: int) -> str:
    """1 -> A, 27 -> AA, as spreadsheet programs name columns."""
    letters = ""
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# Reading cell values ------------------------------------------------------

EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - serial dates have no zone
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)
PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
SPACES = re.compile(r"\s+")


def normalise_label(value: object) -> str:
    """Text for matching answers: "Strongly Agree " and "strongly-agree" both match."""
    text = str(value).casefold().replace("’", "'")
    text = PUNCTUATION.sub(" ", text.replace("'", ""))
    return SPACES.sub(" ", text).strip()


def cell_text(value: Cell) -> str:
    """A cell as the text a person sees (whole numbers without ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def parse_datetime_cell(value: Cell) -> datetime | None:
    """A date or date-time from a cell: Excel dates or serial numbers, UK text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)  # noqa: DTZ001
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel's range: 1900-01-01 to 9999-12-31
            return EXCEL_EPOCH + timedelta(days=float(value))
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return parse_datetime_cell(float(text))
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)  # noqa: DTZ007 - local time
        except ValueError:
            continue
    return None


def split_choices(value: Cell, options: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split a multi-select cell into known options and unknown leftovers.

    Cells separate answers with ";" (Microsoft Forms, SurveyMonkey) or "," (Google
    Forms), and an option may itself contain a comma ("Social, emotional and
    mental health"), so the longest run of pieces that names an option wins.
    """
    text = cell_text(value)
    if not text:
        return [], []
    by_label = {normalise_label(option): option for option in options}
    separator = ";" if ";" in text else ","
    pieces = text.split(separator)
    longest = 1 + max((option.count(separator) for option in options), default=0)
    matched: list[str] = []
    unknown: list[str] = []
    index = 0
    while index < len(pieces):
        for size in range(min(longest, len(pieces) - index), 0, -1):
            candidate = separator.join(pieces[index : index + size])
            option = by_label.get(normalise_label(candidate))
            if option is not None:
                if option not in matched:
                    matched.append(option)
                index += size
                break
        else:
            if pieces[index].strip():
                unknown.append(pieces[index].strip())
            index += 1
    return matched, unknown
