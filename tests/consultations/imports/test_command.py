"""`manage.py import_survey` does the same work as the staff pages."""

from pathlib import Path

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey

from .conftest import LIKERT
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS: list[list[object]] = [
    ["Timestamp", LIKERT],
    ["01/02/2026", "Agree"],
    ["02/02/2026", "Disagree"],
]


def test_dry_run_reports_and_imports_nothing(
    import_survey: Survey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "paper.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))

    call_command("import_survey", str(path), survey=import_survey.pk, dry_run=True)

    assert "2 responses" in capsys.readouterr().out
    assert not Response.objects.exists()
    assert not ImportBatch.objects.exists()


def test_import_with_channel_then_refuse_the_same_file_unless_new_batch(
    import_survey: Survey, tmp_path: Path
) -> None:
    path = tmp_path / "paper.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))

    call_command(
        "import_survey", str(path), survey=import_survey.pk, channel="in_person_event"
    )
    with pytest.raises(CommandError, match="already imported"):
        call_command("import_survey", str(path), survey=import_survey.pk)
    call_command("import_survey", str(path), survey=import_survey.pk, as_new_batch=True)

    assert Response.objects.count() == 4
    assert set(Response.objects.values_list("channel", flat=True)) == {
        "IN_PERSON_EVENT",
        "PAPER",
    }


def test_errors_are_listed_and_nothing_is_imported(
    import_survey: Survey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "paper.xlsx"
    path.write_bytes(xlsx_bytes([*ROWS, ["03/02/2026", "Maybe"]]))

    with pytest.raises(CommandError, match="has errors"):
        call_command("import_survey", str(path), survey=import_survey.pk)

    assert "Row 4, column B" in capsys.readouterr().err
    assert not Response.objects.exists()


def test_import_says_who_gave_the_answers(
    import_survey: Survey, tmp_path: Path
) -> None:
    path = tmp_path / "forum.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))

    call_command(
        "import_survey",
        str(path),
        "--survey",
        str(import_survey.pk),
        "--channel",
        "youth_forum",
        "--supported-by",
        "advocate",
    )

    assert set(Response.objects.values_list("channel", "supported_by")) == {
        ("YOUTH_FORUM", "ADVOCATE")
    }
    # Nobody was asked "May we publish your answers?": never published.
    assert set(Response.objects.values_list("publish_consent", flat=True)) == {None}


def test_warnings_are_printed_and_need_accept_warnings(
    import_survey: Survey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "early.xlsx"
    # The consultation opened on 1 January 2025 (conftest).
    path.write_bytes(xlsx_bytes([["Timestamp", LIKERT], ["14/12/2024", "Agree"]]))

    with pytest.raises(CommandError, match="--accept-warnings"):
        call_command("import_survey", str(path), survey=import_survey.pk)

    assert "1 row is dated before the consultation opened. Rows 2." in (
        capsys.readouterr().err
    )
    assert not Response.objects.exists()
    assert not ImportBatch.objects.exists()

    call_command(
        "import_survey", str(path), survey=import_survey.pk, accept_warnings=True
    )

    assert Response.objects.count() == 1
    assert ImportBatch.objects.get().acknowledged_warnings == {"before_opening": 1}
