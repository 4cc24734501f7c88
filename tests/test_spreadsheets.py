"""Reading uploaded spreadsheets: the shapes that work, and every bad file refused
with a plain-English message before anything is imported."""

import datetime
import io
import re
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from sendportal.spreadsheets import SCAN_CHUNK
from sendportal.spreadsheets import SCAN_OVERLAP
from sendportal.spreadsheets import SpreadsheetError
from sendportal.spreadsheets import cell_text
from sendportal.spreadsheets import column_letter
from sendportal.spreadsheets import normalise_label
from sendportal.spreadsheets import parse_datetime_cell
from sendportal.spreadsheets import read_table
from sendportal.spreadsheets import split_choices
from sendportal.spreadsheets import stream_table


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data: bytes, name: str = "survey.csv", **kwargs: int):
    return read_table(io.BytesIO(data), name, **kwargs)


def refused(data: bytes, name: str = "survey.csv", **kwargs: int) -> str:
    with pytest.raises(SpreadsheetError) as error:
        read(data, name, **kwargs)
    return str(error.value)


def test_a_utf8_csv_gives_headers_and_numbered_rows() -> None:
    table = read(
        b"Timestamp,Your role\n06/02/2026 10:00:00,Parent\n\n07/02/2026 11:00:00,Young person\n"
    )
    assert table.headers == ["Timestamp", "Your role"]
    assert table.rows == [
        (2, ["06/02/2026 10:00:00", "Parent"]),
        (4, ["07/02/2026 11:00:00", "Young person"]),
    ]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Name,Comment\nA,Café “quotes”\n".encode("utf-8-sig"), "utf-8-sig"),
        ("Name,Comment\nA,Café “quotes”\n".encode("cp1252"), "cp1252"),
        ("Name,Comment\nA,Café “quotes”\n".encode("utf-16"), "utf-16"),
    ],
)
def test_csv_encodings_are_detected(data: bytes, encoding: str) -> None:
    table = read(data)
    assert table.encoding == encoding
    assert table.rows[0][1] == ["A", "Café “quotes”"]


def test_semicolon_delimited_csv_is_read() -> None:
    table = read(b"Name;Answer\nA;Agree\nB;Disagree\n")
    assert table.headers == ["Name", "Answer"]
    assert [cells for _, cells in table.rows] == [["A", "Agree"], ["B", "Disagree"]]


def test_xlsx_keeps_types_and_dates() -> None:
    when = datetime.datetime(2026, 2, 6, 9, 30)  # noqa: DTZ001  # Excel has no time zones
    table = read(xlsx([["ID", "Start time", "Score"], [1, when, 4]]), "forms.xlsx")
    assert table.format == "xlsx"
    assert table.rows[0][1][1] == when
    assert table.rows[0][1][2] == 4


def test_two_heading_rows_are_merged_for_surveymonkey() -> None:
    data = b"Respondent ID,Which areas of need?,,Comments\n,Autism,ADHD,Open-Ended Response\n1,Autism,,Fine\n"
    table = read(data, header_rows=2)
    assert table.headers == [
        "Respondent ID",
        "Which areas of need? – Autism",
        "Which areas of need? – ADHD",
        "Comments",
    ]
    assert table.rows == [(3, ["1", "Autism", "", "Fine"])]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "s.csv", "The selected file is empty"),
        (b"  \n\n", "s.csv", "The selected file is empty"),
        (b"Name,Role\n", "s.csv", "has column headings but no rows under them"),
        (
            b"Name,Role,name\nA,B,C\n",
            "s.csv",
            "Columns A and C have the same heading, “name”",
        ),
        (b"Name,,Role\nA,B,C\n", "s.csv", "Column B has no heading"),
        (
            b"Name,Role\nA,B,C\n",
            "s.csv",
            "Row 2 has 3 cells but there are only 2 column headings",
        ),
        (b"%PDF-1.4 fake", "s.xlsx", "is called .xlsx but is a PDF"),
        (b"MZ\x90\x00binary", "s.xlsx", "is called .xlsx but is another kind of file"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "s.xls",
            "Excel 97-2003 (.xls)",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "s.xlsx",
            "Excel 97-2003 (.xls)",
        ),
        (b"PK\x03\x04junk", "s.xlsm", "macro-enabled workbook"),
        (
            b"PK\x03\x04not really a zip",
            "s.xlsx",
            "could not be read as an Excel workbook",
        ),
        (b"PK\x03\x04zip", "s.csv", "is not a text file"),
        (b"Name\n\x81\x8d\x8f\x90\x9d\n", "s.csv", "text could not be read"),
        (b"a,b\n1,2\n", "s.pdf", "must be a CSV or XLSX file"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    data: bytes, name: str, message: str
) -> None:
    assert message in refused(data, name)


def test_a_file_over_the_size_limit_is_refused(settings) -> None:
    settings.SPREADSHEET_MAX_BYTES = 1024
    assert "must be smaller than 1.0\xa0KB" in refused(b"a,b\n" + b"1,2\n" * 1000)


def test_a_200000_character_cell_is_refused() -> None:
    huge = "x" * 200_000
    assert "holds more than 32,767 characters" in refused(
        f"Name,Comment\nA,{huge}\n".encode()
    )
    # Excel and openpyxl stop at 32,767 characters, so write the cell by hand.
    workbook = zipfile.ZipFile(
        io.BytesIO(xlsx([["Name", "Comment"], ["A", "PLACEHOLDER"]]))
    )
    patched = {
        item.filename: workbook.read(item.filename).replace(
            b"PLACEHOLDER", huge.encode()
        )
        for item in workbook.infolist()
    }
    message = refused(zipped(patched), "s.xlsx")
    assert "Row 2, column “Comment” holds 200,000 characters" in message


def test_formula_cells_are_refused_with_their_references() -> None:
    message = refused(
        xlsx([["Name", "Score"], ["A", "=1+1"], ["B", "=SUM(B2:B2)"]]), "s.xlsx"
    )
    assert "Cells B2, B3 contain formulas" in message


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_parsing(settings) -> None:
    settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
    bomb = zipped(
        {
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"0" * (20 * 1024 * 1024),
        }
    )
    assert len(bomb) < 100_000
    assert "unpacks to more than 10.0\xa0MB" in refused(bomb, "s.xlsx")


def test_a_workbook_with_thousands_of_parts_is_refused() -> None:
    many = zipped({f"xl/media/{n}.xml": b"<x/>" for n in range(1_100)})
    assert "too many parts (1100)" in refused(many, "s.xlsx")


def test_xml_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst>&lol2;</sst>'
    )
    bomb = zipped({"xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": laughs})
    assert "contains XML that the portal does not accept" in refused(bomb, "s.xlsx")


def test_hostile_text_in_cells_is_returned_as_plain_text() -> None:
    table = read(
        b'Name,Comment\nA,"=HYPERLINK(""http://x"")"\nB,<script>alert(1)</script>\n'
    )
    assert [cells[1] for _, cells in table.rows] == [
        '=HYPERLINK("http://x")',
        "<script>alert(1)</script>",
    ]


@pytest.mark.parametrize(
    ("position", "letter"), [(1, "A"), (26, "Z"), (27, "AA"), (703, "AAA")]
)
def test_column_letters(position: int, letter: str) -> None:
    assert column_letter(position) == letter


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("Strongly Agree ", "strongly agree"),
        ("strongly-agree", "strongly agree"),
        ("Don’t know", "dont know"),
        ("  NEITHER agree nor disagree.", "neither agree nor disagree"),
    ],
)
def test_answers_match_ignoring_case_spaces_and_punctuation(
    typed: str, label: str
) -> None:
    assert normalise_label(typed) == label


OPTIONS = [
    "Autism",
    "Social, emotional and mental health",
    "Speech, language and communication",
    "Hearing impairment",
]


@pytest.mark.parametrize(
    ("cell", "matched", "unknown"),
    [
        ("Autism;Hearing impairment", ["Autism", "Hearing impairment"], []),
        ("autism; hearing IMPAIRMENT;", ["Autism", "Hearing impairment"], []),
        (
            "Autism, Social, emotional and mental health",
            ["Autism", "Social, emotional and mental health"],
            [],
        ),
        (
            "Speech, language and communication, Autism, Dyslexia",
            ["Speech, language and communication", "Autism"],
            ["Dyslexia"],
        ),
        ("", [], []),
        (None, [], []),
    ],
)
def test_multi_select_cells_split_on_semicolons_or_commas(
    cell, matched, unknown
) -> None:
    assert split_choices(cell, OPTIONS) == (matched, unknown)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("06/02/2026 10:30:00", datetime.datetime(2026, 2, 6, 10, 30)),  # noqa: DTZ001
        ("6/2/2026", datetime.datetime(2026, 2, 6)),  # noqa: DTZ001
        ("2026-02-06", datetime.datetime(2026, 2, 6)),  # noqa: DTZ001
        (46059, datetime.datetime(2026, 2, 6)),  # noqa: DTZ001  # Excel serial
        (46059.5, datetime.datetime(2026, 2, 6, 12)),  # noqa: DTZ001
        ("46059", datetime.datetime(2026, 2, 6)),  # noqa: DTZ001
        (datetime.date(2026, 2, 6), datetime.datetime(2026, 2, 6)),  # noqa: DTZ001
        ("31/02/2026", None),
        ("next Tuesday", None),
        ("", None),
    ],
)
def test_uk_dates_and_excel_serial_dates(cell, expected) -> None:
    assert parse_datetime_cell(cell) == expected


def test_cell_text_shows_whole_numbers_without_decimals() -> None:
    assert [
        cell_text(v) for v in (3.0, 2.5, None, " x ", datetime.date(2026, 2, 6))
    ] == ["3", "2.5", "", "x", "06/02/2026"]


@pytest.mark.parametrize(
    "data",
    [
        b'Name,Comment\nA,"alert(""x"")"\n',
        b'Comment\n"say ""hi"", then leave"\n',
        b'Name;Comment\nA;"=HYPERLINK(""http://x"")"\n',
    ],
)
def test_doubled_quotes_in_small_csv_files_are_read_as_one_quote(data: bytes) -> None:
    value = read(data).rows[0][1][-1]
    assert isinstance(value, str)
    assert '""' not in value
    assert '"' in value


def test_two_heading_rows_with_nothing_after_them_is_a_clear_error() -> None:
    assert "no rows under them" in refused(b"Respondent ID,Question\n", header_rows=2)


# Workbooks as Excel writes them: openpyxl writes the workbook, then the test
# edits its parts the way Excel (or someone with a zip tool) would.

SHEET = "xl/worksheets/sheet1.xml"
VALUES_ONLY = "paste it as values only (Paste Special, Values)"


def edited(data: bytes, edits: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """The workbook with some parts rewritten (or added, from b"")."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    for name, edit in edits.items():
        parts[name] = edit(parts.get(name, b""))
    return zipped(parts)


def scores(count: int = 3) -> bytes:
    return xlsx([["Name", "Score"], *[[f"Person {n}", n] for n in range(count)]])


def cell(ref: str, value: bytes) -> Callable[[bytes], bytes]:
    """Replace the whole <c> element of one cell."""
    return lambda xml: re.sub(rb'<c r="%s".*?</c>' % ref.encode(), value, xml)


def test_a_normal_workbook_still_reads() -> None:
    table = read(scores(), "s.xlsx")
    assert table.headers == ["Name", "Score"]
    assert table.rows[0] == (2, ["Person 0", 0])


def test_a_shared_formula_filled_down_is_refused() -> None:
    # Excel writes the formula once and points the cells below at it.
    data = edited(
        scores(),
        {
            SHEET: lambda xml: cell(
                "B3", b'<c r="B3"><f t="shared" ref="B3:B4" si="0">B2+1</f><v>1</v></c>'
            )(cell("B4", b'<c r="B4"><f t="shared" si="0"/><v>2</v></c>')(xml))
        },
    )
    message = refused(data, "s.xlsx")
    assert "Cells B3, B4 contain formulas filled down or across (shared" in message
    assert VALUES_ONLY in message


def test_an_array_formula_is_refused() -> None:
    array = b'<c r="B3"><f t="array" ref="B3">SUM(B2:B2*1)</f><v>0</v></c>'
    message = refused(edited(scores(), {SHEET: cell("B3", array)}), "s.xlsx")
    assert "Cell B3 contains an array formula." in message
    assert VALUES_ONLY in message


def test_a_formula_after_the_first_4_kb_of_a_sheet_is_refused() -> None:
    data = xlsx(
        [["Name", "Score"], *[["x" * 100, n] for n in range(200)], ["Z", "=1+1"]]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read(SHEET).index(b"<f>") > 16 * 1024
    assert "Cell B202 contains a formula." in refused(data, "s.xlsx")


def test_a_prefixed_formula_past_the_first_megabyte_of_a_sheet_is_named() -> None:
    # The quick scan of a sheet only notices a formula; the cells are named by
    # a second, full scan of that sheet.
    data = edited(
        xlsx([["Name", "Score"], *[["x" * 200, n] for n in range(6_000)]]),
        {
            SHEET: lambda xml: cell(
                "B6001", b'<c r="B6001"><x:f>1+1</x:f><v>2</v></c>'
            )(xml)
        },
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read(SHEET).index(b"<x:f>") > 1024 * 1024
    assert "Cell B6001 contains a formula." in refused(data, "s.xlsx")


@pytest.mark.parametrize("name", ["s.csv", "s.xlsx"])
def test_a_streamed_table_checks_each_row_as_it_is_read(name: str) -> None:
    rows: list[list[object]] = [["Name", "Score"], ["A", 1], ["B", 2, "extra"]]
    data = xlsx(rows) if name.endswith(".xlsx") else b"Name,Score\nA,1\n\nB,2,extra\n"
    stream = stream_table(io.BytesIO(data), name)
    assert stream.headers == ["Name", "Score"]
    first = next(stream.rows)
    assert first[1] == ["A", 1] if name.endswith(".xlsx") else ["A", "1"]
    with pytest.raises(SpreadsheetError, match="has 3 cells"):
        next(stream.rows)
    # The table that holds every row refuses the same file before any row.
    assert "has 3 cells" in refused(data, name)


def test_a_streamed_table_with_headings_only_is_refused_when_read() -> None:
    stream = stream_table(io.BytesIO(b"Name,Score\n\n"), "s.csv")
    with pytest.raises(SpreadsheetError, match="no rows under them"):
        list(stream.rows)


def test_a_formula_in_a_sheet_stored_outside_xl_worksheets_is_refused() -> None:
    # The workbook's relationships say where each sheet is, not the folder.
    data = xlsx([["Name", "Score"], ["A", "=1+1"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    parts["xl/elsewhere/data.xml"] = parts.pop(SHEET)
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = parts[name].replace(
            b"/xl/worksheets/sheet1.xml", b"/xl/elsewhere/data.xml"
        )
    assert "Cell B2 contains a formula." in refused(zipped(parts), "s.xlsx")


def test_chart_references_are_not_taken_for_formulas() -> None:
    chart = b'<c:chartSpace xmlns:c="c"><c:f>Sheet!$B$2:$B$3</c:f></c:chartSpace>'
    data = edited(scores(), {"xl/charts/chart1.xml": lambda _: chart})
    assert read(data, "s.xlsx").headers == ["Name", "Score"]


@pytest.mark.parametrize(
    "padding",
    [
        5 * 1024,  # past the first 4 KB, which was all that was once checked
        SCAN_CHUNK - 6,  # "<!DOCTYPE" split across two chunks
        SCAN_CHUNK - SCAN_OVERLAP - 3,  # split across the overlap's edge
        3 * SCAN_CHUNK,
    ],
)
@pytest.mark.parametrize("part", [SHEET, "xl/styles.xml", "[Content_Types].xml"])
def test_a_doctype_after_a_long_comment_is_refused(padding: int, part: str) -> None:
    def hide(xml: bytes) -> bytes:
        comment = b"<!--" + b"x" * (padding - 4) + b"-->"
        return comment + b'<!DOCTYPE x [<!ENTITY a "b">]>' + xml

    message = refused(edited(scores(), {part: hide}), "s.xlsx")
    assert "contains XML that the portal does not accept" in message


@pytest.mark.parametrize(
    "doctype", [b"<!DOCTYPE worksheet>", b"<!doctype worksheet>", b'<!ENTITY a "b">']
)
def test_a_lone_doctype_with_no_entity_is_refused(doctype: bytes) -> None:
    data = edited(scores(), {SHEET: lambda xml: doctype + xml})
    assert "XML that the portal does not accept" in refused(data, "s.xlsx")


def test_a_utf16_part_is_refused() -> None:
    # A UTF-16 part would hide its DOCTYPE from a byte scan.
    data = edited(
        scores(), {"xl/styles.xml": lambda xml: xml.decode().encode("utf-16")}
    )
    assert "XML that the portal does not accept" in refused(data, "s.xlsx")


@pytest.mark.parametrize(
    "edits",
    [
        {"xl/vbaProject.bin": lambda _: b"\xd0\xcf\x11\xe0 macro"},
        {"xl/hidden/vbaProject.bin": lambda _: b"\xd0\xcf\x11\xe0 macro"},
        {"xl/macrosheets/sheet1.xml": lambda _: b"<xm:macrosheet/>"},
        {
            "[Content_Types].xml": lambda xml: xml.replace(
                b"spreadsheetml.sheet.main+xml",
                b"ms-excel.sheet.macroEnabled.main+xml",
            )
        },
    ],
    ids=["vbaProject.bin", "vbaProject.bin elsewhere", "XLM macro sheet", "type"],
)
def test_a_workbook_with_macros_named_xlsx_is_refused(edits) -> None:
    message = refused(edited(scores(), edits), "s.xlsx")
    assert "The selected workbook contains macros. Save it as an Excel" in message


def test_the_upload_limit_can_be_set_per_import() -> None:
    data = b"a,b\n" + b"1,2\n" * 100
    assert read(data).headers == ["a", "b"]
    with pytest.raises(SpreadsheetError, match="must be smaller than 100"):
        read_table(io.BytesIO(data), "s.csv", max_bytes=100)
