"""Every kind of bad file gets a plain message and imports nothing."""

import io
import zipfile

import pytest
from django.test import override_settings

from consultations.imports import services
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.spreadsheets import SpreadsheetError

from .conftest import CHOICE
from .conftest import FREE
from .conftest import LIKERT
from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD: list[list[object]] = [
    ["Timestamp", LIKERT, CHOICE],
    ["01/02/2026", "Agree", "Early support"],
]


def upload(survey: Survey, data: bytes, name: str) -> ImportBatch:
    return services.import_batch_create(
        survey=survey, data=data, file_name=name, channel="PAPER", by=None
    )


def refused(survey: Survey, data: bytes, name: str) -> str:
    with pytest.raises(SpreadsheetError) as error:
        upload(survey, data, name)
    assert not ImportBatch.objects.exists()
    assert not Response.objects.exists()
    return str(error.value)


def rewrite_xlsx(data: bytes, change: dict[str, bytes], extra: int = 0) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, change.get(item.filename, source.read(item)))
        for number in range(extra):
            target.writestr(f"xl/media/padding{number}.bin", b"")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The selected file is empty."),
        (b"\n\n", "blank.csv", "The selected file is empty."),
        (
            csv_bytes([["Timestamp", LIKERT]]),
            "headers.csv",
            "has column headings but no rows under them",
        ),
        (
            csv_bytes([["Timestamp", LIKERT, "timestamp"], ["a", "b", "c"]]),
            "dup.csv",
            "have the same heading, “timestamp”",
        ),
        (
            csv_bytes(
                [["Timestamp", LIKERT], ["01/02/2026", "Agree", "extra", "more"]]
            ),
            "ragged.csv",
            "Row 2 has 4 cells but there are only 2 column headings",
        ),
        (
            b"Timestamp,Question\r\n01/02/2026,caf\x81\r\n",
            "bad.csv",
            "could not be read",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "survey.xlsx",
            "is called .xlsx but is a PDF",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "survey.xls",
            "old Excel 97-2003 (.xls)",
        ),
        (b"PK\x03\x04junk", "survey.xlsm", "macro-enabled"),
        (b"Timestamp\n", "survey.pdf", "must be a CSV or XLSX file"),
        (
            csv_bytes([["Timestamp", "Why?"], ["01/02/2026", "x" * 200_000]]),
            "long.csv",
            "more than 32,767 characters",
        ),
    ],
    ids=[
        "empty",
        "blank-lines",
        "header-only",
        "duplicate-headers",
        "ragged-row",
        "undecodable",
        "pdf-renamed",
        "legacy-xls",
        "xlsm",
        "wrong-type",
        "huge-cell-csv",
    ],
)
def test_bad_files_are_refused_with_a_message(
    import_survey: Survey, data: bytes, name: str, message: str
) -> None:
    assert message in refused(import_survey, data, name)


def test_a_200000_character_cell_in_a_workbook_imports_nothing(
    import_survey: Survey,
) -> None:
    # The workbook reader stops a cell at Excel's 32,767 characters; the answer
    # is still far over what a free-text answer may hold.
    data = xlsx_bytes([["Timestamp", FREE], ["01/02/2026", "x" * 200_000]])
    batch = services.import_batch_confirm(
        batch=upload(import_survey, data, "long.xlsx"), by=None
    )

    assert batch.status == ImportStatus.FAILED
    assert batch.errors[0]["problem"] == (
        "The answer is longer than 10,000 characters."
    )
    assert not Response.objects.exists()


def test_formula_cells_are_refused(import_survey: Survey) -> None:
    data = xlsx_bytes(
        [*GOOD, ["01/02/2026", '=HYPERLINK("http://evil")', "Early support"]]
    )
    assert "Cell B3 contains a formula" in refused(import_survey, data, "f.xlsx")


def test_xml_entity_expansion_is_refused(import_survey: Survey) -> None:
    good = xlsx_bytes(GOOD)
    sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
    bomb = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' + sheet
    )
    data = rewrite_xlsx(good, {"xl/worksheets/sheet1.xml": bomb})
    assert "XML that the portal does not accept" in refused(
        import_survey, data, "f.xlsx"
    )


def test_a_workbook_with_absurdly_many_parts_is_refused(import_survey: Survey) -> None:
    data = rewrite_xlsx(xlsx_bytes(GOOD), {}, extra=1_000)
    assert "too many parts" in refused(import_survey, data, "f.xlsx")


@override_settings(SPREADSHEET_MAX_UNCOMPRESSED_BYTES=2_000)
def test_a_workbook_that_unpacks_too_large_is_refused(import_survey: Survey) -> None:
    assert "unpacks to more than" in refused(import_survey, xlsx_bytes(GOOD), "f.xlsx")


@override_settings(SPREADSHEET_MAX_BYTES=50)
def test_a_file_over_the_size_limit_is_refused(import_survey: Survey) -> None:
    assert "must be smaller than 50" in refused(
        import_survey, csv_bytes(GOOD * 5), "f.csv"
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (
            csv_bytes(
                [
                    ["Timestamp", LIKERT, "Why?"],
                    ["01/02/2026", "Don’t know", "Café – crèche"],
                ],
                encoding="cp1252",
            ),
            "cp1252",
        ),
        (
            b"\xef\xbb\xbf"
            + csv_bytes(
                [
                    ["Timestamp", LIKERT, "Why?"],
                    ["01/02/2026", "Don’t know", "Café – crèche"],
                ]
            ),
            "utf-8-sig",
        ),
        (
            csv_bytes(
                [
                    ["Timestamp", LIKERT, "Why?"],
                    ["01/02/2026", "Don’t know", "Café – crèche"],
                ],
                delimiter=";",
            ),
            "utf-8",
        ),
    ],
    ids=["windows-1252", "utf-8-bom", "semicolons"],
)
def test_other_encodings_and_semicolons_are_read(
    import_survey: Survey, data: bytes, encoding: str
) -> None:
    batch = upload(import_survey, data, "f.csv")
    assert batch.headers == ["Timestamp", LIKERT, "Why?"]

    batch = services.import_batch_confirm(batch=batch, by=None)

    assert batch.status == ImportStatus.DONE
    assert Response.objects.get().answers.get().option_code == "dont_know"


def test_unknown_columns_only_import_nothing(import_survey: Survey) -> None:
    batch = upload(
        import_survey, csv_bytes([["Colour", "Pet"], ["Blue", "Cat"]]), "f.csv"
    )

    preview = services.import_batch_preview(batch)
    batch = services.import_batch_confirm(batch=batch, by=None)

    assert "None of the columns is matched to a question" in preview.problems[0]
    assert batch.status == ImportStatus.FAILED
    assert "None of the columns is matched" in batch.message
    assert not Response.objects.exists()


def test_two_columns_for_one_single_choice_question_are_refused(
    import_survey: Survey,
) -> None:
    batch = upload(
        import_survey, csv_bytes([[LIKERT, f"{LIKERT}!"], ["Agree", "Agree"]]), "f.csv"
    )

    preview = services.import_batch_preview(batch)

    assert "Columns A and B are both matched" in preview.problems[0]
