"""The bulk path of survey imports: COPY text built from the converted rows,
checked against what the database stores."""

import re
from decimal import Decimal

import pytest

from consultations.imports import services
from consultations.imports.copying import AnswerRows
from consultations.imports.copying import copy_text
from consultations.imports.copying import new_references
from consultations.models import Answer
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from consultations.models.responses import REFERENCE_ALPHABET

from .conftest import CHOICE
from .conftest import FREE
from .conftest import LIKERT
from .conftest import MULTI
from .conftest import NUMBER
from .conftest import question
from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db


def test_copy_text_escapes_what_copy_reads_as_structure() -> None:
    assert copy_text("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e"
    assert copy_text(None) == "\\N"
    assert copy_text(True) == "t"
    assert copy_text([]) == "[]"
    assert copy_text(Decimal("2.50")) == "2.50"


def test_references_look_like_the_portals_and_use_every_letter() -> None:
    references = new_references()
    drawn = [next(references) for _ in range(20_000)]
    pattern = re.compile(f"[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}")
    assert all(pattern.fullmatch(reference) for reference in drawn)
    assert len(set(drawn)) == len(drawn)
    letters = "".join(drawn).replace("-", "")
    assert set(letters) == set(REFERENCE_ALPHABET)
    # Each of the 31 letters about 1/31 of the time: a biased table would
    # give the first letters about twice as often as the rest.
    counts = [letters.count(letter) for letter in REFERENCE_ALPHABET]
    assert max(counts) < 1.2 * min(counts)


def test_answer_lines_encode_a_repeated_answer_once() -> None:
    rows = AnswerRows()
    lines = rows.lines(7, [(3, "agree", "", None), (4, "", "", Decimal("2.00"))])
    assert lines == "7\t3\tagree\t\t\\N\n7\t4\t\t\t2.00\n"
    assert rows.lines(8, [(3, "agree", "", None)]) == "8\t3\tagree\t\t\\N\n"
    assert rows.lines(9, []) == ""
    rows.lines(9, [(5, "", "free text", None)])
    assert (5, "", "free text", None) not in rows.encoded


@pytest.mark.parametrize("name", ["a.csv", "a.xlsx"])
def test_text_with_tabs_newlines_and_backslashes_is_stored_as_typed(
    import_survey: Survey, name: str
) -> None:
    typed = 'Line one\tcolumn\nline two\rC:\\new\\table \\N "quoted" ü'
    if name.endswith(".xlsx"):
        typed = typed.replace("\r", "\n")  # XML reads a lone CR as a new line
    rows = [
        ["Timestamp", LIKERT, CHOICE, FREE, NUMBER, MULTI],
        ["01/02/2026 10:00", "Agree", "Local provision", typed, "1,234.5", "Autism;"],
    ]
    data = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows)
    batch = services.import_batch_create(
        survey=import_survey, data=data, file_name=name, channel="PAPER", by=None
    )

    batch = services.import_batch_confirm(batch=batch, by=None)

    assert batch.status == ImportStatus.DONE, (batch.message, batch.errors)
    response = Response.objects.get(import_batch=batch)
    answers = {answer.question_id: answer for answer in response.answers.all()}
    assert answers[question(import_survey, FREE).pk].text_value == typed
    assert answers[question(import_survey, NUMBER).pk].number_value == Decimal(
        "1234.50"
    )
    assert answers[question(import_survey, MULTI).pk].option_code == "asd"
    assert batch.answers_created == Answer.objects.filter(response=response).count()
    assert response.channel == "PAPER"
    assert response.age_bands == []
    assert response.publish_consent is None
    assert len(response.follow_token) == 43


def test_a_bad_cell_far_down_a_streamed_file_writes_nothing(
    import_survey: Survey,
) -> None:
    good = ["01/02/2026", "Agree", "Early support", "Fine", "2", "Autism"]
    rows = [["Timestamp", LIKERT, CHOICE, FREE, NUMBER, MULTI]]
    rows += [good] * 4_500 + [["01/02/2026", "Maybe", *good[2:]]] + [good] * 10
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes(rows),
        file_name="long.csv",
        channel="PAPER",
        by=None,
    )

    batch = services.import_batch_confirm(batch=batch, by=None, background=False)

    assert batch.status == ImportStatus.FAILED
    assert batch.error_count == 1
    assert batch.errors[0]["row"] == 4_502
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_more_rows_than_counted_at_upload_still_import_every_row(
    import_survey: Survey,
) -> None:
    rows = [["Timestamp", LIKERT, FREE]]
    rows += [[f"0{day}/02/2026", "Agree", f"Row {day}"] for day in range(1, 8)]
    batch = services.import_batch_create(
        survey=import_survey,
        data=csv_bytes(rows),
        file_name="rows.csv",
        channel="PAPER",
        by=None,
    )
    # A batch counted by an older reader: the writer takes more ids mid-way.
    batch.rows_total = 2
    batch.save(update_fields=["rows_total"])

    batch = services.import_batch_confirm(batch=batch, by=None, background=False)

    assert batch.status == ImportStatus.DONE, batch.message
    assert batch.responses_created == 7
    texts = Answer.objects.filter(response__import_batch=batch).values_list(
        "text_value", flat=True
    )
    assert sorted(text for text in texts if text) == [f"Row {n}" for n in range(1, 8)]
