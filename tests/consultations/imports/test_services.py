"""Importing each survey tool's shape, all or nothing, once per file, undoable."""

import csv
import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from consultations.imports import services
from consultations.imports.keying import keying_headers
from consultations.imports.resources import export_survey_responses
from consultations.models import Answer
from consultations.models import ColumnMapping
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import ImportStatus
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ResponseFactory
from tests.hostile import FORMULA_TEXT
from tests.hostile import TRIGGERS

from .conftest import CHOICE
from .conftest import FREE
from .conftest import LIKERT
from .conftest import MULTI
from .conftest import NUMBER
from .conftest import question
from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def upload(
    survey: Survey, data: bytes, name: str, by: User | None = None, **kwargs: object
) -> ImportBatch:
    return services.import_batch_create(
        survey=survey,
        data=data,
        file_name=name,
        channel=str(kwargs.pop("channel", "PAPER")),
        by=by,
        **kwargs,  # type: ignore[arg-type]  # only is_different_batch
    )


def answers_of(response: Response) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for answer in response.answers.select_related("question").order_by("pk"):
        value = answer.option_code or answer.text_value or str(answer.number_value)
        found.setdefault(answer.question.text, []).append(value)
    return found


MS_FORMS_ROWS: list[list[object]] = [
    [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        LIKERT,
        CHOICE,
        FREE,
        NUMBER,
        MULTI,
    ],
    [
        1,
        "03/02/2026 09:10:00",
        "03/02/2026 09:14:30",
        "anonymous",
        "",
        "Strongly Agree ",
        "early support",
        "More speech therapy",
        "2",
        "Autism;Social, emotional and mental health",
    ],
    [
        2,
        "03/02/2026 10:00:00",
        "03/02/2026 10:05:00",
        "anonymous",
        "",
        "disagree",
        "Local provision",
        "",
        "",
        "",
    ],
]


def test_microsoft_forms_xlsx_imports_every_answer(
    import_survey: Survey, officer: User
) -> None:
    batch = upload(import_survey, xlsx_bytes(MS_FORMS_ROWS), "Survey.xlsx", by=officer)
    assert batch.shape == "microsoft_forms"
    assert batch.mapping[:5] == ["", "", "submitted_at", "", ""]

    batch = services.import_batch_confirm(batch=batch, by=officer)

    assert batch.status == ImportStatus.DONE
    assert batch.responses_created == 2
    first, second = Response.objects.filter(import_batch=batch).order_by("submitted_at")
    assert answers_of(first) == {
        LIKERT: ["strongly_agree"],
        CHOICE: ["early"],
        FREE: ["More speech therapy"],
        NUMBER: ["2.00"],
        MULTI: ["asd", "semh"],
    }
    assert answers_of(second) == {LIKERT: ["disagree"], CHOICE: ["local"]}
    assert first.submitted_at == datetime.datetime(2026, 2, 3, 9, 14, 30, tzinfo=LONDON)
    assert first.channel == "PAPER"
    assert first.respondent_type == "PREFER_NOT_SAY"


def test_google_forms_csv_reads_timestamp_and_comma_separated_choices(
    import_survey: Survey,
) -> None:
    rows = [
        ["Timestamp", LIKERT, CHOICE, MULTI],
        [
            "14/03/2026 18:02:11",
            "Agree",
            "Early support",
            "Autism, Social, emotional and mental health, Hearing impairment",
        ],
    ]
    batch = upload(
        import_survey, csv_bytes(rows), "Form responses 1.csv", channel="ONLINE_SURVEY"
    )
    assert batch.shape == "google_forms"

    batch = services.import_batch_confirm(batch=batch, by=None)

    response = Response.objects.get(import_batch=batch)
    assert answers_of(response)[MULTI] == ["asd", "semh", "hi"]
    assert timezone.localtime(response.submitted_at).day == 14
    assert response.channel == "ONLINE_SURVEY"


def test_surveymonkey_two_heading_rows_spread_a_multiple_choice_over_columns(
    import_survey: Survey,
) -> None:
    rows = [
        [
            "Respondent ID",
            "Collector ID",
            "Start Date",
            "End Date",
            LIKERT,
            MULTI,
            "",
            "",
            FREE,
        ],
        [
            "",
            "",
            "",
            "",
            "Response",
            "Autism",
            "Social, emotional and mental health",
            "Hearing impairment",
            "Open-Ended Response",
        ],
        [
            "1140",
            "420",
            "05/01/2026 10:00",
            "05/01/2026 10:07",
            "Neither agree nor disagree",
            "Autism",
            "",
            "Hearing impairment",
            "Shorter waits",
        ],
    ]
    batch = upload(import_survey, xlsx_bytes(rows), "Data_All.xlsx")
    assert batch.shape == "surveymonkey"
    multi = f"q:{question(import_survey, MULTI).pk}"
    assert batch.mapping[5:8] == [multi, multi, multi]

    batch = services.import_batch_confirm(batch=batch, by=None)

    response = Response.objects.get(import_batch=batch)
    assert answers_of(response) == {
        LIKERT: ["neither"],
        MULTI: ["asd", "hi"],
        FREE: ["Shorter waits"],
    }


def test_keying_template_headings_map_by_question_code(import_survey: Survey) -> None:
    headers = keying_headers(import_survey)
    first = headers.index(f"Q1. {LIKERT}")
    headers[first] = "Q1 (ambitions)"
    rows = [
        headers,
        [
            "12/01/2026",
            "Parent or carer of a child or young person with SEND",
            *[""] * (first - 2),  # the profile columns, not given
            "agree",
            "Local provision",
            "",
            "",
            "",
        ],
    ]
    batch = upload(import_survey, xlsx_bytes(rows), "paper.xlsx")
    assert batch.shape == "keying_template"
    assert [batch.mapping[0], batch.mapping[1], batch.mapping[first]] == [
        "submitted_at",
        "respondent_type",
        f"q:{question(import_survey, LIKERT).pk}",
    ]

    batch = services.import_batch_confirm(batch=batch, by=None)

    response = Response.objects.get(import_batch=batch)
    assert response.respondent_type == "PARENT_CARER"
    assert answers_of(response) == {LIKERT: ["agree"], CHOICE: ["local"]}


def test_excel_serial_dates_are_read_as_dates(import_survey: Survey) -> None:
    rows: list[list[object]] = [["Timestamp", LIKERT], [46056.5, "Agree"]]
    batch = services.import_batch_confirm(
        batch=upload(import_survey, xlsx_bytes(rows), "f.xlsx"), by=None
    )
    response = Response.objects.get(import_batch=batch)
    assert response.submitted_at == datetime.datetime(2026, 2, 3, 12, 0, tzinfo=LONDON)


def test_an_unknown_answer_names_row_column_value_and_allowed_answers(
    import_survey: Survey,
) -> None:
    rows = [
        ["Timestamp", LIKERT, CHOICE],
        ["01/02/2026", "Agree", "Early support"],
        ["01/02/2026", "Sort of", "Early support"],
    ]
    batch = upload(import_survey, csv_bytes(rows), "f.csv")

    preview = services.import_batch_preview(batch)

    assert preview.responses == 0
    assert preview.error_count == 1
    error = preview.errors[0]
    assert error.row == 3
    assert error.column == f"B ({LIKERT})"
    assert error.value == "Sort of"
    assert "Strongly agree; Agree; Neither agree nor disagree" in error.problem


def test_a_file_with_any_error_imports_nothing(import_survey: Survey) -> None:
    rows = [
        ["Timestamp", LIKERT, NUMBER],
        *[["01/02/2026", "Agree", "1"]] * 5,
        ["01/02/2026", "Agree", "lots"],
    ]
    batch = upload(import_survey, csv_bytes(rows), "f.csv")

    batch = services.import_batch_confirm(batch=batch, by=None)

    assert batch.status == ImportStatus.FAILED
    assert batch.error_count == 1
    assert batch.errors[0]["row"] == 7
    assert batch.errors[0]["problem"] == "Enter a number."
    assert not Response.objects.exists()


def test_preview_counts_responses_without_importing(import_survey: Survey) -> None:
    batch = upload(import_survey, xlsx_bytes(MS_FORMS_ROWS), "Survey.xlsx")

    preview = services.import_batch_preview(batch)

    assert (preview.rows, preview.responses, preview.answers, preview.error_count) == (
        2,
        2,
        8,
        0,
    )
    assert not Response.objects.exists()


def test_the_same_file_twice_is_refused_unless_it_is_a_different_batch(
    import_survey: Survey,
) -> None:
    data = xlsx_bytes(MS_FORMS_ROWS)
    services.import_batch_confirm(
        batch=upload(import_survey, data, "Survey.xlsx"), by=None
    )

    with pytest.raises(services.ImportRefused, match="already imported"):
        upload(import_survey, data, "Survey (1).xlsx")
    again = upload(import_survey, data, "Survey (1).xlsx", is_different_batch=True)
    services.import_batch_confirm(batch=again, by=None)

    assert Response.objects.count() == 4


def test_undo_removes_exactly_the_batch_and_is_audited(
    import_survey: Survey, officer: User
) -> None:
    online = ResponseFactory.create(survey=import_survey)
    AnswerFactory.create(
        response=online, question=question(import_survey, FREE), text_value="Mine"
    )
    first = services.import_batch_confirm(
        batch=upload(import_survey, xlsx_bytes(MS_FORMS_ROWS), "a.xlsx"), by=None
    )
    second = services.import_batch_confirm(
        batch=upload(
            import_survey,
            csv_bytes([["Timestamp", LIKERT], ["01/02/2026", "Agree"]]),
            "b.csv",
        ),
        by=None,
    )

    services.import_batch_undo(batch=first, by=officer)

    assert set(Response.objects.all()) == {
        online,
        *Response.objects.filter(import_batch=second),
    }
    assert Answer.objects.count() == 2
    first.refresh_from_db()
    assert first.status == ImportStatus.UNDONE
    event = AuditEvent.objects.get(verb="survey_import.undone")
    assert event.actor == officer
    assert event.changes["responses"] == [2, 0]
    with pytest.raises(services.ImportRefused):
        services.import_batch_undo(batch=first, by=officer)


def test_an_undone_file_may_be_imported_again(import_survey: Survey) -> None:
    data = xlsx_bytes(MS_FORMS_ROWS)
    batch = services.import_batch_confirm(
        batch=upload(import_survey, data, "a.xlsx"), by=None
    )
    services.import_batch_undo(batch=batch, by=None)

    again = services.import_batch_confirm(
        batch=upload(import_survey, data, "a.xlsx"), by=None
    )

    assert again.status == ImportStatus.DONE


def test_mapping_is_remembered_for_the_next_file_of_the_survey(
    import_survey: Survey,
) -> None:
    rows = [
        ["When", "Your view on the ambitions", "Colour"],
        ["01/02/2026", "Agree", "Blue"],
    ]
    batch = upload(import_survey, csv_bytes(rows), "f.csv")
    assert batch.mapping == ["", "", ""]
    likert = f"q:{question(import_survey, LIKERT).pk}"

    services.import_batch_map_columns(
        batch=batch, mapping=["submitted_at", likert, ""], by=None
    )

    assert ColumnMapping.objects.filter(survey=import_survey).count() == 3
    rows[1][1] = "Disagree"
    later = upload(import_survey, csv_bytes(rows), "g.csv")
    assert later.mapping == ["submitted_at", likert, ""]


def test_exported_responses_import_back_to_the_same_answers(
    import_survey: Survey,
) -> None:
    batch = services.import_batch_confirm(
        batch=upload(import_survey, xlsx_bytes(MS_FORMS_ROWS), "a.xlsx"), by=None
    )
    before = [
        answers_of(r)
        for r in Response.objects.filter(import_batch=batch).order_by("submitted_at")
    ]

    exported = export_survey_responses(import_survey, "csv")
    again = upload(import_survey, exported, "export.csv")
    assert again.shape == "portal_export"
    again = services.import_batch_confirm(batch=again, by=None)

    after = [
        answers_of(r)
        for r in Response.objects.filter(import_batch=again).order_by("submitted_at")
    ]
    assert after == before
    originals = Response.objects.filter(import_batch=batch).order_by("submitted_at")
    copies = Response.objects.filter(import_batch=again).order_by("submitted_at")
    assert [r.submitted_at for r in copies] == [r.submitted_at for r in originals]


def test_hostile_text_is_stored_as_typed(import_survey: Survey) -> None:
    hostile = '<script>alert("x")</script> =HYPERLINK("http://evil")'
    rows = [["Timestamp", FREE], ["01/02/2026", hostile]]
    batch = services.import_batch_confirm(
        batch=upload(import_survey, xlsx_bytes(rows), "f.xlsx"), by=None
    )
    assert Answer.objects.get(response__import_batch=batch).text_value == hostile


def test_running_the_import_twice_imports_once(import_survey: Survey) -> None:
    batch = upload(import_survey, xlsx_bytes(MS_FORMS_ROWS), "a.xlsx")
    services.import_batch_confirm(batch=batch, by=None)

    services.import_batch_run(batch_id=batch.pk)

    assert Response.objects.count() == 2


def test_answer_copy_writes_every_column_that_needs_a_value() -> None:
    # COPY names its columns; a new non-null Answer column must be added to it.
    required = {
        field.column
        for field in Answer._meta.concrete_fields
        if not field.null and not field.primary_key
    }
    assert required <= set(services.ANSWER_COLUMNS)


def test_importing_ten_times_the_rows_takes_no_more_queries(
    import_survey: Survey,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (20, 200):
        data = xlsx_bytes([MS_FORMS_ROWS[0], *[MS_FORMS_ROWS[1]] * rows])
        batch = upload(import_survey, data, f"{rows}.xlsx")
        services._queue(batch=batch, by=None, background=False)
        with CaptureQueriesContext(connection) as queries:
            batch = services.import_batch_run(batch_id=batch.pk)
        assert batch.responses_created == rows
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[1] <= 25


def test_exported_text_that_looks_like_a_formula_is_inert_and_imports_back(
    import_survey: Survey,
) -> None:
    hostile = "@SUM(1+1)*cmd|' /C calc'!A0"
    rows = [["Timestamp", FREE], ["01/02/2026", hostile]]
    services.import_batch_confirm(
        batch=upload(import_survey, xlsx_bytes(rows), "f.xlsx"), by=None
    )

    exported = export_survey_responses(import_survey, "csv")
    assert b"'@SUM(1+1)" in exported
    again = services.import_batch_confirm(
        batch=upload(import_survey, exported, "export.csv"), by=None
    )

    assert Answer.objects.get(response__import_batch=again).text_value == hostile


HOSTILE = [*FORMULA_TEXT, "<script>alert(1)</script>"]


def test_the_survey_import_export_escapes_every_hostile_answer_and_reads_it_back(
    import_survey: Survey,
) -> None:
    free = question(import_survey, FREE)
    number = question(import_survey, NUMBER)
    for text in HOSTILE:
        response = ResponseFactory.create(survey=import_survey)
        AnswerFactory.create(response=response, question=free, text_value=text)
        AnswerFactory.create(response=response, question=number, number_value="-2.5")

    exported = export_survey_responses(import_survey, "csv")
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(TRIGGERS)]
    assert "'\n=1+1" in cells
    assert "'-2.5" in cells

    again = services.import_batch_confirm(
        batch=upload(import_survey, exported, "export.csv"), by=None
    )
    copies = Answer.objects.filter(response__import_batch=again)
    assert sorted(
        copies.filter(question=free).values_list("text_value", flat=True)
    ) == sorted(HOSTILE)
    assert set(
        copies.filter(question=number).values_list("number_value", flat=True)
    ) == {Decimal("-2.50")}
