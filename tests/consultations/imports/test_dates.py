"""The submitted-at column's dates: the way each tool writes them found at
upload, asked once when the values cannot tell, read as UK time."""

import datetime
from collections.abc import Sequence
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from consultations.imports import services
from consultations.imports.dates import DateProblem
from consultations.imports.dates import datetime_reader
from consultations.imports.dates import detect_date_order
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from consultations.models.imports import DateOrder
from consultations.models.imports import ImportStatus
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from sendportal.spreadsheets import Cell
from tests.helpers import client_for

from .conftest import LIKERT
from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def at(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
) -> datetime.datetime:
    """A moment in UTC."""
    return datetime.datetime(
        year, month, day, hour, minute, second, microsecond, tzinfo=UTC
    )


def upload(survey: Survey, data: bytes, name: str) -> ImportBatch:
    return services.import_batch_create(
        survey=survey, data=data, file_name=name, channel="ONLINE_SURVEY", by=None
    )


def imported_times(batch: ImportBatch) -> list[datetime.datetime]:
    batch = services.import_batch_confirm(batch=batch, by=None)
    assert batch.status == ImportStatus.DONE, (batch.message, batch.errors)
    return list(
        Response.objects.filter(import_batch=batch)
        .order_by("pk")
        .values_list("submitted_at", flat=True)
    )


# Each tool's file, as it exports it --------------------------------------


def test_surveymonkey_month_first_dates_are_found_and_read_month_first(
    import_survey: Survey,
) -> None:
    data = csv_bytes(
        [
            ["Respondent ID", "Collector ID", "Start Date", "End Date", LIKERT],
            ["", "", "", "", "Response"],
            ["114", "431", "11/14/2025 09:10:02", "11/14/2025 09:15:40", "Agree"],
            ["115", "431", "11/03/2025 14:01:00", "11/03/2025 14:05:10", "Disagree"],
        ]
    )

    batch = upload(import_survey, data, "Sheet_1.csv")

    assert batch.shape == "surveymonkey"
    assert batch.date_order == DateOrder.MONTH_FIRST
    assert not batch.needs_date_order
    assert imported_times(batch) == [
        at(2025, 11, 14, 9, 15, 40),
        at(2025, 11, 3, 14, 5, 10),
    ]


def test_surveymonkey_times_with_am_and_pm_are_read(import_survey: Survey) -> None:
    data = csv_bytes(
        [
            ["Respondent ID", "End Date", LIKERT],
            ["1", "11/14/2025 09:15:40 AM", "Agree"],
            ["2", "11/14/2025 12:05:00 PM", "Agree"],
            ["3", "11/14/2025 3:05:00 pm", "Agree"],
        ]
    )

    times = imported_times(upload(import_survey, data, "monkey.csv"))

    assert times == [
        at(2025, 11, 14, 9, 15, 40),
        at(2025, 11, 14, 12, 5),
        at(2025, 11, 14, 15, 5),
    ]


def test_google_forms_day_first_timestamps_are_uk_time_either_side_of_the_clock_change(
    import_survey: Survey,
) -> None:
    data = csv_bytes(
        [
            ["Timestamp", LIKERT],
            ["14/11/2025 09:15:40", "Agree"],  # GMT
            ["14/06/2025 10:00:00", "Agree"],  # BST: 09:00 UTC
        ]
    )

    batch = upload(import_survey, data, "Form responses 1.csv")

    assert batch.shape == "google_forms"
    assert batch.date_order == DateOrder.DAY_FIRST
    assert imported_times(batch) == [at(2025, 11, 14, 9, 15, 40), at(2025, 6, 14, 9)]


def test_google_forms_year_first_timestamps_with_their_zone_are_read(
    import_survey: Survey,
) -> None:
    data = csv_bytes(
        [
            ["Timestamp", LIKERT],
            ["2025/11/14 9:15:40 am GMT", "Agree"],
            ["2025/06/14 10:15:40 pm GMT+1", "Agree"],
            ["2025/06/15 8:00:00 am BST", "Agree"],
        ]
    )

    batch = upload(import_survey, data, "Form responses 1.csv")

    assert batch.date_order == DateOrder.YEAR_FIRST
    assert imported_times(batch) == [
        at(2025, 11, 14, 9, 15, 40),
        at(2025, 6, 14, 21, 15, 40),
        at(2025, 6, 15, 7),
    ]


def test_microsoft_forms_date_cells_are_read_as_uk_time(import_survey: Survey) -> None:
    data = xlsx_bytes(
        [
            ["ID", "Start time", "Completion time", "Email", "Name", LIKERT],
            [
                1,
                datetime.datetime(2025, 11, 14, 9, 10),  # noqa: DTZ001 - a cell
                datetime.datetime(2025, 11, 14, 9, 15, 40),  # noqa: DTZ001
                "anonymous",
                "",
                "Agree",
            ],
            [
                2,
                datetime.datetime(2025, 6, 14, 9, 55),  # noqa: DTZ001
                datetime.datetime(2025, 6, 14, 10, 0),  # noqa: DTZ001
                "anonymous",
                "",
                "Agree",
            ],
        ]
    )

    batch = upload(import_survey, data, "Survey.xlsx")

    assert batch.shape == "microsoft_forms"
    assert batch.date_order == ""
    assert not batch.needs_date_order
    assert imported_times(batch) == [at(2025, 11, 14, 9, 15, 40), at(2025, 6, 14, 9)]


def test_excel_serial_numbers_in_xlsx_cells_are_dates(import_survey: Survey) -> None:
    data = xlsx_bytes(
        [["Date received", LIKERT], [45975.38, "Agree"], [45822.5, "Agree"]]
    )

    batch = upload(import_survey, data, "keyed.xlsx")

    assert batch.date_order == DateOrder.SERIAL
    # 45975.38 is 14 November 2025 09:07:12; 45822.5 noon on 14 June (BST).
    assert imported_times(batch) == [at(2025, 11, 14, 9, 7, 12), at(2025, 6, 14, 11)]


def test_excel_serial_numbers_in_a_csv_are_dates(import_survey: Survey) -> None:
    data = csv_bytes(
        [["Date received", LIKERT], ["45975.38", "Agree"], ["45975", "Agree"]]
    )

    batch = upload(import_survey, data, "keyed.csv")

    assert batch.date_order == DateOrder.SERIAL
    assert imported_times(batch) == [at(2025, 11, 14, 9, 7, 12), at(2025, 11, 14)]


def test_iso_dates_with_and_without_time_and_zone_are_read(
    import_survey: Survey,
) -> None:
    data = csv_bytes(
        [
            ["Submitted", LIKERT],
            ["2025-11-14T09:15:40", "Agree"],
            ["2025-06-14 10:00:00.250", "Agree"],
            ["2025-06-14T10:00:00Z", "Agree"],
            ["2025-06-14T10:00:00+02:00", "Agree"],
            ["2025-11-14", "Agree"],
        ]
    )

    batch = upload(import_survey, data, "export.csv")

    assert batch.date_order == DateOrder.YEAR_FIRST
    assert imported_times(batch) == [
        at(2025, 11, 14, 9, 15, 40),
        at(2025, 6, 14, 9, 0, 0, 250_000),
        at(2025, 6, 14, 10),
        at(2025, 6, 14, 8),
        at(2025, 11, 14),
    ]


# Finding the order ---------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "possible"),
    [
        (["14/11/2025", "03/04/2025"], ["dmy"]),
        (["11/14/2025 09:15:40", "03/04/2025"], ["mdy"]),
        (["03/04/2025", "05/06/2025 10:00"], ["dmy", "mdy"]),
        # The same either way: nothing to ask.
        (["01/01/2025", "05/05/2025"], ["dmy"]),
        (["14/11/2025", "11/14/2025"], []),
        (["2025-11-14", "2025/03/04 9:00 am GMT"], ["ymd"]),
        ([45975.38, "45976"], ["serial"]),
        ([datetime.date(2025, 11, 14), None, ""], []),
        (["14 November 2025", "Nov 3, 2025"], []),
    ],
)
def test_the_values_of_the_column_say_how_its_dates_are_written(
    values: list[Cell], possible: list[str]
) -> None:
    assert detect_date_order(values, 0).possible == possible


def test_ambiguous_values_keep_two_examples_to_ask_with() -> None:
    detection = detect_date_order(
        ["01/01/2025", "03/04/2025", "03/04/2025", "05/06/2025", "07/08/2025"], 0
    )

    assert detection.examples == ["03/04/2025", "05/06/2025"]
    assert detection.order == ""


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("03/04/2025", "dmy", at(2025, 4, 2, 23)),  # 3 April, BST
        ("03/04/2025", "mdy", at(2025, 3, 4)),
        ("3.4.25", "dmy", at(2025, 4, 2, 23)),
        ("14 November 2025 09:15", "", at(2025, 11, 14, 9, 15)),
        ("Fri 14 Nov 2025", "mdy", at(2025, 11, 14)),
        ("November 14, 2025 9:15 pm", "dmy", at(2025, 11, 14, 21, 15)),
        # The clock change of 30 March 2025 at 01:00 UTC.
        ("30/03/2025 00:30", "dmy", at(2025, 3, 30, 0, 30)),
        ("30/03/2025 02:30", "dmy", at(2025, 3, 30, 1, 30)),
        # 01:30 on 26 October 2025 happens twice: the first (BST) is taken.
        ("26/10/2025 01:30", "dmy", at(2025, 10, 26, 0, 30)),
        ("26/10/2025 03:00", "dmy", at(2025, 10, 26, 3)),
        (datetime.datetime(2025, 6, 14, 10), "mdy", at(2025, 6, 14, 9)),  # noqa: DTZ001
        (at(2025, 6, 14, 10), "", at(2025, 6, 14, 10)),
        ("", "dmy", None),
    ],
)
def test_a_cell_is_read_in_the_files_order_as_uk_time(
    value: Cell, order: str, expected: datetime.datetime | None
) -> None:
    moment = datetime_reader(order)(value)
    # In UTC: a time that happens twice compares unequal across zones (PEP 495).
    assert (moment and moment.astimezone(UTC)) == expected


@pytest.mark.parametrize(
    ("value", "order", "problem"),
    [
        ("11/14/2025", "dmy", "written month first"),
        ("14/11/2025", "mdy", "written day first"),
        ("31/02/2025", "dmy", "not a real date"),
        ("14/11/2025 25:00", "dmy", "not a real date"),
        ("14/11/2025 13:00 pm", "dmy", "not a real date"),
        ("2025", "dmy", "not a date"),
        (True, "dmy", "DD/MM/YYYY"),
        ("next Tuesday", "mdy", "MM/DD/YYYY"),
        ("14 Smarch 2025", "dmy", "DD/MM/YYYY"),
    ],
)
def test_a_cell_that_is_not_a_date_says_why(
    value: Cell, order: str, problem: str
) -> None:
    with pytest.raises(DateProblem, match=problem):
        datetime_reader(order)(value)


def test_a_date_of_the_other_order_is_a_row_error_and_nothing_is_imported(
    import_survey: Survey,
) -> None:
    data = csv_bytes(
        [["Timestamp", LIKERT], ["14/11/2025", "Agree"], ["11/15/2025", "Agree"]]
    )
    batch = upload(import_survey, data, "mixed.csv")

    preview = services.import_batch_preview(batch)

    assert [(error.row, error.problem) for error in preview.errors] == [
        (
            3,
            "This date is written month first, but the file’s other dates are day "
            "first (DD/MM/YYYY).",
        )
    ]
    assert services.import_batch_confirm(batch=batch, by=None).status == "failed"


# Asking when the values cannot tell ------------------------------------------

AMBIGUOUS = [
    ["Timestamp", LIKERT],
    ["03/04/2025 10:00", "Agree"],
    ["05/06/2025 11:30", "Disagree"],
]


def staff_url(name: str, area: LocalArea, **kwargs: int) -> str:
    return reverse(
        f"consultation_imports:{name}", kwargs={"area_slug": area.slug, **kwargs}
    )


def upload_and_map(
    client: Client, survey: Survey, area: LocalArea, rows: Sequence[Sequence[object]]
) -> tuple[ImportBatch, str]:
    """Upload a file through the pages and keep the suggested columns: the
    batch, and where saving the columns leads."""
    upload = SimpleUploadedFile("form.csv", csv_bytes(rows), content_type="text/csv")
    client.post(
        staff_url("import_upload", area, survey_pk=survey.pk),
        {"file": upload, "channel": "ONLINE_SURVEY"},
    )
    batch = ImportBatch.objects.latest("pk")
    mapping = {f"column_{i}": target for i, target in enumerate(batch.mapping)}
    response = client.post(staff_url("batch_columns", area, pk=batch.pk), mapping)
    return batch, response["Location"]


def test_ambiguous_dates_are_asked_once_with_examples_both_ways(
    import_survey: Survey, officer: User, area: LocalArea
) -> None:
    client = client_for(officer)
    batch, next_page = upload_and_map(client, import_survey, area, AMBIGUOUS)
    dates = staff_url("batch_dates", area, pk=batch.pk)
    preview = staff_url("batch_preview", area, pk=batch.pk)
    assert next_page == dates
    assert client.get(preview)["Location"] == dates

    page = client.get(dates).content.decode()
    assert "How are the dates in this file written?" in page
    assert "03/04/2025 10:00 means 3 April 2025" in page
    assert "03/04/2025 10:00 means 4 March 2025" in page
    assert "05/06/2025 11:30 means 6 May 2025" in page

    response = client.post(dates, {"date_order": "mdy"})

    # The file has a choice column: its answers are matched next.
    values = staff_url("batch_values", area, pk=batch.pk)
    assert response["Location"] == values
    assert client.get(preview).status_code == HTTPStatus.OK
    # Saving the same columns again does not ask again.
    mapping = {f"column_{i}": target for i, target in enumerate(batch.mapping)}
    assert (
        client.post(staff_url("batch_columns", area, pk=batch.pk), mapping)["Location"]
        == values
    )
    event = AuditEvent.objects.get(verb=AuditVerb.SURVEY_IMPORT_DATE_ORDER_SET)
    assert event.changes == {"date_order": ["", "mdy"]}
    assert event.actor == officer
    client.post(preview)
    assert list(
        Response.objects.order_by("submitted_at").values_list("submitted_at", flat=True)
    ) == [at(2025, 3, 4, 10), at(2025, 5, 6, 10, 30)]


def test_the_answer_is_remembered_for_the_surveys_next_file(
    import_survey: Survey, officer: User, area: LocalArea
) -> None:
    client = client_for(officer)
    first, _next = upload_and_map(client, import_survey, area, AMBIGUOUS)
    client.post(staff_url("batch_dates", area, pk=first.pk), {"date_order": "mdy"})

    second, next_page = upload_and_map(
        client,
        import_survey,
        area,
        [["Timestamp", LIKERT], ["07/08/2025 09:00", "Agree"]],
    )

    second.refresh_from_db()
    assert second.date_order == DateOrder.MONTH_FIRST
    assert next_page == staff_url("batch_values", area, pk=second.pk)
    page = client.get(staff_url("batch_preview", area, pk=second.pk)).content.decode()
    assert "Month first (MM/DD/YYYY)" in page
    assert "as in the last file of this survey" in page
    # Still changeable from the preview.
    assert staff_url("batch_dates", area, pk=second.pk) in page


def test_the_dates_question_without_an_answer_is_an_error(
    import_survey: Survey, officer: User, area: LocalArea
) -> None:
    client = client_for(officer)
    batch, dates = upload_and_map(client, import_survey, area, AMBIGUOUS)

    response = client.post(dates, {})

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in content
    assert "govuk-error-summary" in content
    assert "Select how the dates in the file are written" in content
    batch.refresh_from_db()
    assert batch.needs_date_order


def test_a_file_whose_dates_tell_is_not_asked(
    import_survey: Survey, officer: User, area: LocalArea
) -> None:
    client = client_for(officer)
    batch, next_page = upload_and_map(
        client, import_survey, area, [["Timestamp", LIKERT], ["14/04/2025", "Agree"]]
    )

    assert next_page == staff_url("batch_values", area, pk=batch.pk)
    dates = client.get(staff_url("batch_dates", area, pk=batch.pk))
    assert dates["Location"] == staff_url("batch_preview", area, pk=batch.pk)


def test_choosing_another_date_column_finds_its_order_again(
    import_survey: Survey,
) -> None:
    batch = upload(
        import_survey,
        csv_bytes(
            [
                ["Timestamp", "Keyed on", LIKERT],
                ["14/11/2025", "03/04/2025", "Agree"],
                ["15/11/2025", "05/06/2025", "Agree"],
            ]
        ),
        "two dates.csv",
    )
    assert batch.date_order == DateOrder.DAY_FIRST

    services.import_batch_map_columns(
        batch=batch, mapping=["", "submitted_at", batch.mapping[2]], by=None
    )

    assert batch.needs_date_order
    assert batch.date_detection["examples"] == ["03/04/2025", "05/06/2025"]


def test_the_date_order_service_refuses_what_the_values_rule_out(
    import_survey: Survey,
) -> None:
    batch = upload(
        import_survey,
        csv_bytes([["Timestamp", LIKERT], ["14/11/2025", "Agree"]]),
        "a.csv",
    )

    with pytest.raises(services.ImportRefused, match="cannot be read that way"):
        services.import_batch_set_date_order(batch=batch, date_order="mdy", by=None)
    with pytest.raises(services.ImportRefused, match="Choose how"):
        services.import_batch_set_date_order(batch=batch, date_order="dym", by=None)
    batch.refresh_from_db()
    assert batch.date_order == DateOrder.DAY_FIRST
    assert not AuditEvent.objects.filter(
        verb=AuditVerb.SURVEY_IMPORT_DATE_ORDER_SET
    ).exists()


def test_the_date_order_of_an_imported_file_cannot_change(
    import_survey: Survey,
) -> None:
    batch = upload(import_survey, csv_bytes(AMBIGUOUS), "a.csv")
    services.import_batch_set_date_order(batch=batch, date_order="dmy", by=None)
    services.import_batch_confirm(batch=batch, by=None)

    with pytest.raises(services.ImportRefused, match="already been imported"):
        services.import_batch_set_date_order(batch=batch, date_order="mdy", by=None)


def test_a_file_without_a_date_column_says_nothing_about_dates(
    import_survey: Survey, officer: User, area: LocalArea
) -> None:
    batch = upload(import_survey, csv_bytes([[LIKERT], ["Agree"]]), "paper.csv")

    page = client_for(officer).get(staff_url("batch_preview", area, pk=batch.pk))

    assert batch.date_detection == {"column": None, "possible": [], "examples": []}
    assert "Dates read as" not in page.content.decode()


def test_another_tools_file_is_asked_again(import_survey: Survey) -> None:
    google = upload(import_survey, csv_bytes(AMBIGUOUS), "Form responses 1.csv")
    services.import_batch_set_date_order(batch=google, date_order="dmy", by=None)

    monkey = upload(
        import_survey,
        csv_bytes(
            [["Respondent ID", "End Date", LIKERT], ["1", "03/04/2025", "Agree"]]
        ),
        "Sheet_1.csv",
    )

    assert monkey.shape == "surveymonkey"
    assert monkey.needs_date_order
