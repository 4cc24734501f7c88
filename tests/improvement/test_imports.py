"""Spreadsheet import of KPI values and action updates: all or nothing."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from improvement.imports import Kind
from improvement.imports import parse_period
from improvement.imports import progress_import
from improvement.imports import read_dataset
from improvement.imports import validate_progress_file
from improvement.models import ActionUpdate
from improvement.models import KpiBreakdown
from improvement.models import KpiValue
from improvement.periods import PeriodType
from sendportal.audit.models import AuditEvent
from tests.improvement.factories import ActionFactory
from tests.improvement.factories import KpiFactory

pytestmark = pytest.mark.django_db


def csv_file(text: str, name: str = "values.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(plan, user, kind, content: bytes, extension: str, dry_run: bool = False):
    return progress_import(
        plan=plan,
        by=user,
        kind=kind,
        dataset=read_dataset(content, extension),
        dry_run=dry_run,
    )


def test_kpi_values_import_from_csv(plan, officer) -> None:
    KpiFactory.create(plan=plan, code="EHCP_20WK")
    content = (
        b"kpi_code,period,value,status\n"
        b"EHCP_20WK,2025/26 Q1,35.2,final\n"
        b"ehcp_20wk,2025/26 Q2,38.9,\n"
    )
    outcome = run(plan, officer, Kind.KPI_VALUES, content, "csv")
    assert outcome.errors == []
    values = list(
        KpiValue.objects.order_by("period__start").values_list(
            "period__label", "value", "status"
        )
    )
    assert values == [
        ("2025/26 Q1", Decimal("35.2"), "final"),
        ("2025/26 Q2", Decimal("38.9"), "provisional"),
    ]
    assert AuditEvent.objects.filter(verb="plan.kpi_values_imported").exists()


def test_kpi_values_import_from_xlsx_updates_existing_values(plan, officer) -> None:
    KpiFactory.create(plan=plan, code="AR_TIMELY")
    rows: list[list[object]] = [
        ["KPI_code", "Period", "Value"],
        ["AR_TIMELY", "2025/26 Q3", 48],
    ]
    run(plan, officer, Kind.KPI_VALUES, xlsx_bytes(rows), "xlsx")
    rows[1][2] = 51.5
    outcome = run(plan, officer, Kind.KPI_VALUES, xlsx_bytes(rows), "xlsx")
    assert outcome.errors == []
    assert outcome.updated == 1
    assert KpiValue.objects.get().value == Decimal("51.5")


def test_one_bad_row_keeps_nothing_and_names_row_column_and_value(
    plan, officer
) -> None:
    KpiFactory.create(plan=plan, code="EHCP_20WK")
    content = (
        b"kpi_code,period,value\n"
        b"EHCP_20WK,2025/26 Q1,35.2\n"
        b"EHCP_20WK,2025/26 Q2,lots\n"
        b"NOPE,2025/26 Q2,12\n"
        b"EHCP_20WK,Spring,12\n"
        b"EHCP_20WK,2025/26 Q4,140\n"
    )
    outcome = run(plan, officer, Kind.KPI_VALUES, content, "csv")
    assert not KpiValue.objects.exists()
    text = "\n".join(outcome.errors)
    assert "Row 3, column “value” (“lots”)" in text
    assert "Row 4, column “kpi_code” (“NOPE”): There is no KPI" in text
    assert "Row 5, column “period” (“Spring”)" in text
    assert "Row 6" in text
    assert "100 or less" in text
    assert "Row 2" not in text


def test_values_by_group_import_only_for_the_kpis_groups_in_use(plan, officer) -> None:
    kpi = KpiFactory.create(plan=plan, code="EHCP_20WK")
    KpiBreakdown.objects.create(kpi=kpi, breakdown="district", group="Dearne")
    content = (
        b"kpi_code,period,value,breakdown,breakdown_value\n"
        b"EHCP_20WK,2025/26 Q1,78.9,district,Dearne\n"
        b"EHCP_20WK,2025/26 Q1,70.0,district,Dearn\n"
    )
    outcome = run(plan, officer, Kind.KPI_VALUES, content, "csv")
    text = "\n".join(outcome.errors)
    assert "Row 3" in text
    assert "“Dearn” is not one of the KPI’s breakdown groups" in text
    assert "Row 2" not in text
    assert not KpiValue.objects.exists()
    outcome = run(plan, officer, Kind.KPI_VALUES, content.rsplit(b"\n", 2)[0], "csv")
    assert outcome.errors == []
    assert KpiValue.objects.get().breakdown_value == "Dearne"


def test_dry_run_keeps_nothing(plan, officer) -> None:
    KpiFactory.create(plan=plan, code="EHCP_20WK")
    content = b"kpi_code,period,value\nEHCP_20WK,2025/26 Q1,35\n"
    outcome = run(plan, officer, Kind.KPI_VALUES, content, "csv", dry_run=True)
    assert outcome.errors == []
    assert outcome.new == 1
    assert not KpiValue.objects.exists()


def test_missing_columns_are_reported(plan, officer) -> None:
    outcome = run(plan, officer, Kind.KPI_VALUES, b"code,value\nX,1\n", "csv")
    assert "kpi_code, period" in outcome.errors[0]


def test_action_updates_import_appends_history_and_sets_rag(
    plan, workstream, officer
) -> None:
    action = ActionFactory.create(workstream=workstream, reference="2.3")
    content = (
        b"reference,rag,status,narrative,next_steps\n"
        b"2.3,Amber,In progress,Recruitment slipped,Agency cover\n"
    )
    outcome = run(plan, officer, Kind.ACTION_UPDATES, content, "csv")
    assert outcome.errors == []
    update = ActionUpdate.objects.get()
    assert (update.rag, update.status, update.next_steps) == (
        "amber",
        "in_progress",
        "Agency cover",
    )
    action.refresh_from_db()
    assert action.rag == "amber"


def test_action_update_import_rejects_unknown_rag_and_empty_narrative(
    plan, workstream, officer
) -> None:
    ActionFactory.create(workstream=workstream, reference="1.1")
    content = (
        b"reference,rag,status,narrative\n"
        b"1.1,green,in progress,Fine\n"
        b"1.1,purple,in progress,Odd\n"
        b"9.9,red,in progress,Missing\n"
        b"1.1,red,in progress,\n"
    )
    outcome = run(plan, officer, Kind.ACTION_UPDATES, content, "csv")
    text = "\n".join(outcome.errors)
    assert "Row 3, column “rag” (“purple”)" in text
    assert "Row 4, column “reference” (“9.9”)" in text
    assert "Row 5" in text
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", "Excel 97-2003 (.xls)"),
        ("macro.xlsm", b"PK\x03\x04", "macro-enabled"),
        ("fake.xlsx", b"not a zip at all", "is called .xlsx but is another kind"),
        ("zip.csv", b"PK\x03\x04rest", "is called .csv but is not a text file"),
        ("nul.csv", b"a,b\x00,c", "is called .csv but is not a text file"),
        ("empty.csv", b"", "empty"),
        ("notes.txt", b"hello", "must be a CSV or XLSX file"),
        ("notes.xlsb", b"PK\x03\x04", "must be a CSV or XLSX file"),
    ],
)
def test_bad_files_are_refused_with_a_message(name, content, message) -> None:
    with pytest.raises(ValidationError) as error:
        validate_progress_file(SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)


def test_too_big_file_is_refused(settings) -> None:
    settings.IMPROVEMENT_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_progress_file(csv_file("a,b\n" * 100))
    assert "smaller than" in error.value.messages[0]


def test_workbook_with_macros_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", "macro")
    with pytest.raises(ValidationError) as error:
        validate_progress_file(SimpleUploadedFile("sneaky.xlsx", buffer.getvalue()))
    assert "macros" in error.value.messages[0]


def test_csv_from_windows_excel_is_read_as_windows_1252() -> None:
    # The same reader as survey imports: Excel's plain "CSV" is Windows-1252.
    dataset = read_dataset("kpi_code,period\nA,“smart”\n".encode("cp1252"), "csv")
    assert dataset["period"] == ["“smart”"]


def test_csv_in_no_known_encoding_is_refused_with_advice() -> None:
    with pytest.raises(ValidationError) as error:
        read_dataset(b"kpi_code,period\nA,\x81\x8d\x90\n", "csv")
    assert "CSV UTF-8" in error.value.messages[0]


def test_a_formula_in_a_workbook_is_refused_with_its_cell(plan, officer) -> None:
    # A formula's value is whatever Excel last saved, so values must be pasted.
    data = xlsx_bytes([["kpi_code", "period", "value"], ["X", "2025/26 Q1", "=40+2"]])
    with pytest.raises(ValidationError) as error:
        validate_progress_file(SimpleUploadedFile("values.xlsx", data))
    assert "Cell C2 contains a formula" in error.value.messages[0]


def test_a_workbook_with_a_doctype_after_a_long_comment_is_refused() -> None:
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["kpi_code"], ["X"]])))
    parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = b"<!--" + b"x" * 5000 + b"--><!DOCTYPE x>" + parts[sheet]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(ValidationError) as error:
        validate_progress_file(SimpleUploadedFile("values.xlsx", buffer.getvalue()))
    assert "XML that the portal does not accept" in error.value.messages[0]


def test_workbook_limits_come_from_the_spreadsheet_settings(settings) -> None:
    settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES = 1000
    data = xlsx_bytes([["kpi_code", "period", "value"], ["X", "2025/26 Q1", 1]])
    with pytest.raises(ValidationError) as error:
        validate_progress_file(SimpleUploadedFile("values.xlsx", data))
    assert "unpacks to more than" in error.value.messages[0]


def test_a_file_within_the_survey_limit_but_over_the_import_limit_is_refused(
    settings,
) -> None:
    settings.SPREADSHEET_MAX_BYTES = 10_000
    settings.IMPROVEMENT_IMPORT_MAX_BYTES = 200
    with pytest.raises(ValidationError) as error:
        read_dataset(b"kpi_code,period,value\n" + b"X,2025/26 Q1,1\n" * 50, "csv")
    assert "must be smaller than 200" in error.value.messages[0]


@pytest.mark.parametrize(
    ("period_type", "text", "label"),
    [
        (PeriodType.FIN_QUARTER, "2025/26 Q2", "2025/26 Q2"),
        (PeriodType.FIN_QUARTER, "2025-2026 q4", "2025/26 Q4"),
        (PeriodType.FIN_QUARTER, "2025-08-01", "2025/26 Q2"),
        (PeriodType.MONTH, "Mar 2026", "Mar 2026"),
        (PeriodType.MONTH, "March 2026", "Mar 2026"),
        (PeriodType.ACADEMIC_YEAR, "2024/25", "2024/25"),
        (PeriodType.CALENDAR_YEAR, "2024", "2024"),
    ],
)
def test_periods_are_read_from_labels_or_dates(period_type, text, label) -> None:
    assert parse_period(period_type, text).label == label


def test_an_unreadable_period_is_explained() -> None:
    with pytest.raises(ValueError, match="is not a period like"):
        parse_period(PeriodType.FIN_QUARTER, "Q2")


def import_url(plan) -> str:
    from django.urls import reverse

    return reverse(
        "improvement_staff:import",
        kwargs={"area_slug": plan.area.slug, "plan_pk": plan.pk},
    )


def test_officer_previews_then_confirms_an_import(client, plan, officer) -> None:
    KpiFactory.create(plan=plan, code="EHCP_20WK")
    client.force_login(officer)
    upload = csv_file(
        "kpi_code,period,value,commentary\n"
        'EHCP_20WK,2025/26 Q1,35,"<script>alert(1)</script>"\n'
    )
    response = client.post(import_url(plan), {"kind": "kpi_values", "file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    content = preview.content.decode()
    assert "1 new" in content
    assert "<script>alert(1)</script>" not in content
    assert not KpiValue.objects.exists()
    done = client.post(response["Location"])
    assert done.status_code == 302
    assert KpiValue.objects.get().value == Decimal(35)
    # The checked file is used once.
    assert client.post(response["Location"]).status_code == 404


def test_import_page_lists_row_errors_and_imports_nothing(
    client, plan, officer
) -> None:
    KpiFactory.create(plan=plan, code="EHCP_20WK")
    client.force_login(officer)
    upload = csv_file("kpi_code,period,value\nEHCP_20WK,2025/26 Q1,abc\n")
    response = client.post(import_url(plan), {"kind": "kpi_values", "file": upload})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in content
    assert "Row 2, column “value” (“abc”)" in content
    assert not KpiValue.objects.exists()


def test_xls_upload_is_refused_on_the_page(client, plan, officer) -> None:
    client.force_login(officer)
    upload = SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    response = client.post(import_url(plan), {"kind": "kpi_values", "file": upload})
    assert "Excel 97-2003 (.xls)" in response.content.decode()


def test_workstream_lead_cannot_import(client, plan, lead) -> None:
    client.force_login(lead)
    assert client.get(import_url(plan)).status_code == 403
