"""Mapping files: the staff column page and `manage.py import_survey` share one
shape (JSON or YAML), applied whole or not at all, with plain reasons."""

import json
from http import HTTPStatus
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.core.management import call_command
from django.urls import reverse

from consultations.imports import services
from consultations.imports.mapping_files import MappingFileError
from consultations.imports.mapping_files import apply_mapping_document
from consultations.imports.mapping_files import load_mapping
from consultations.imports.mapping_files import mapping_document
from consultations.models import ColumnMapping
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.helpers import client_for

from .conftest import CHOICE
from .conftest import LIKERT
from .conftest import question
from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db

# Headings no suggestion matches: only a mapping says what they answer.
ROWS: list[list[object]] = [
    ["When", "Ambitions right?", "Top priority", "Office use"],
    ["01/02/2026", "Agree", "Early support", "x"],
    ["02/02/2026", "Disagree", "Local provision", "y"],
]
MAPPING: dict[str, object] = {
    "version": 1,
    "columns": [
        {"heading": "When", "target": "submitted_at"},
        {"heading": "Ambitions right?", "target": "Q1"},
        {"heading": "top priority", "target": "Q2"},
        {"heading": "Office use", "target": "ignore"},
    ],
}


def write(path: Path, rows: list[list[object]] = ROWS) -> Path:
    path.write_bytes(xlsx_bytes(rows))
    return path


def make_batch(survey: Survey) -> ImportBatch:
    return services.import_batch_create(
        survey=survey,
        data=csv_bytes(ROWS),
        file_name="forms.csv",
        channel="PAPER",
        by=None,
    )


@pytest.mark.parametrize("suffix", ["json", "yaml", "yml"])
def test_the_command_imports_with_a_mapping_file(
    import_survey: Survey,
    tmp_path: Path,
    suffix: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mapping = tmp_path / f"mapping.{suffix}"
    mapping.write_text(
        json.dumps(MAPPING) if suffix == "json" else yaml.safe_dump(MAPPING)
    )

    call_command(
        "import_survey",
        str(write(tmp_path / "forms.xlsx")),
        "--survey",
        str(import_survey.pk),
        "--mapping",
        str(mapping),
        "--keyed-by",
        "J. Smith, SENDIASS",
        "--source-document",
        "Paper forms, Stevenage",
    )

    assert "Imported 2 responses" in capsys.readouterr().out
    batch = ImportBatch.objects.get()
    assert (batch.keyed_by, batch.source_document) == (
        "J. Smith, SENDIASS",
        "Paper forms, Stevenage",
    )
    likert, choice = question(import_survey, LIKERT), question(import_survey, CHOICE)
    assert batch.mapping == ["submitted_at", f"q:{likert.pk}", f"q:{choice.pk}", ""]
    assert sorted(
        Response.objects.values_list("answers__option_code", flat=True)
    ) == sorted(["agree", "disagree", "early", "local"])
    assert {r.submitted_at.day for r in Response.objects.all()} == {1, 2}
    # Remembered for the survey's next file, as the staff page does.
    assert ColumnMapping.objects.get(header="Ambitions right?").question == likert


def test_write_mapping_writes_the_suggestion_and_stops_then_round_trips(
    import_survey: Survey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [
        ["Timestamp", LIKERT, "Office use"],
        ["01/02/2026", "Agree", "x"],
    ]
    data = write(tmp_path / "forms.xlsx", rows)
    written = tmp_path / "suggested.yaml"

    call_command(
        "import_survey", str(data), survey=import_survey.pk, write_mapping=written
    )

    out = capsys.readouterr().out
    assert "Nothing was imported" in out
    assert "--mapping" in out
    assert not ImportBatch.objects.exists()
    assert not Response.objects.exists()
    document = yaml.safe_load(written.read_text())
    assert document["version"] == 1
    assert document["columns"] == [
        {"heading": "Timestamp", "target": "submitted_at"},
        {"heading": LIKERT, "target": "Q1"},
        {"heading": "Office use", "target": ""},
    ]

    # Edited by hand, then given back: the edit applies, and --write-mapping
    # with --mapping writes what was applied and imports.
    document["columns"][1]["target"] = "ignore"
    document["columns"][2]["target"] = "Q3"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document))
    applied = tmp_path / "applied.json"
    call_command(
        "import_survey",
        str(data),
        survey=import_survey.pk,
        mapping=edited,
        write_mapping=applied,
    )
    assert json.loads(applied.read_text())["columns"][1:] == [
        {"heading": LIKERT, "target": ""},
        {"heading": "Office use", "target": "Q3"},
    ]
    assert list(Response.objects.values_list("answers__text_value", flat=True)) == ["x"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("{not json", "bad.json", "not valid JSON (line 1"),
        ("columns: [", "bad.yaml", "not valid YAML"),
        ("[]", "list.json", "must hold “version” and “columns”"),
        (
            json.dumps(
                {"version": 1, "columns": [{"heading": "Nope", "target": "Q1"}]}
            ),
            "m.json",
            "“Nope” is not a column heading of this file.",
        ),
        (
            json.dumps({"columns": [{"heading": "When", "target": "birthday"}]}),
            "m.json",
            "Column A (“When”): “birthday” is not something a column can be matched",
        ),
        (
            json.dumps({"columns": [{"heading": "When", "target": "Q99"}]}),
            "m.json",
            "“Q99” is not a question of this survey, which has questions Q1 to Q5.",
        ),
        (
            json.dumps({"columns": [{"heading": "When", "target": "q:999999"}]}),
            "m.json",
            "“q:999999” is not a question of this survey.",
        ),
        (json.dumps({"version": 2}), "m.json", "version 2; the portal reads version 1"),
        (json.dumps({"colums": []}), "m.json", "“colums” is not part of a mapping"),
        (
            json.dumps({"date_order": "dd/mm"}),
            "m.json",
            "“date_order” must be one of dmy (day first)",
        ),
        (
            json.dumps({"values": ["Agree"]}),
            "m.json",
            "“values” must map each target to the codes",
        ),
        (
            json.dumps({"values": {"Q1": {"Agree": 3}}}),
            "m.json",
            "Values of “Q1” must map each answer in the file to a code",
        ),
    ],
)
def test_bad_mapping_files_are_refused_with_a_reason_and_change_nothing(
    import_survey: Survey,
    tmp_path: Path,
    content: str,
    name: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mapping = tmp_path / name
    mapping.write_text(content)

    with pytest.raises(CommandError) as refused:
        call_command(
            "import_survey",
            str(write(tmp_path / "forms.xlsx")),
            survey=import_survey.pk,
            mapping=mapping,
        )

    assert message in f"{refused.value} {capsys.readouterr().err}"
    assert not ImportBatch.objects.exists()
    assert not ColumnMapping.objects.exists()
    assert not Response.objects.exists()


def test_every_problem_is_listed_and_a_good_column_is_not_kept(
    import_survey: Survey,
) -> None:
    batch = make_batch(import_survey)
    suggested = list(batch.mapping)

    with pytest.raises(MappingFileError) as refused:
        apply_mapping_document(
            batch=batch,
            document={
                "columns": [
                    {"heading": "Ambitions right?", "target": "Q1"},
                    {"heading": "Top priority", "target": "Q42"},
                    {"heading": "<b>Gone</b>", "target": "Q1"},
                ]
            },
            by=None,
        )

    assert len(refused.value.messages) == 2
    batch.refresh_from_db()
    assert batch.mapping == suggested
    assert not AuditEvent.objects.filter(
        verb=AuditVerb.SURVEY_IMPORT_COLUMNS_MAPPED
    ).exists()


def test_a_large_or_binary_mapping_file_is_refused() -> None:
    with pytest.raises(MappingFileError, match="too large"):
        load_mapping(b" " * 1_000_001, "m.json")
    with pytest.raises(MappingFileError, match="not text"):
        load_mapping(b"\xff\xfe\x00", "m.json")


def test_the_same_file_again_says_use_as_new_batch_on_the_command_line(
    import_survey: Survey, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING))
    data = write(tmp_path / "forms.xlsx")
    call_command("import_survey", str(data), survey=import_survey.pk, mapping=mapping)

    with pytest.raises(CommandError) as refused:
        call_command(
            "import_survey", str(data), survey=import_survey.pk, mapping=mapping
        )

    assert "already imported" in str(refused.value)
    assert "--as-new-batch" in str(refused.value)
    assert "tick" not in str(refused.value).lower()
    assert ImportBatch.objects.count() == 1
    call_command(
        "import_survey",
        str(data),
        survey=import_survey.pk,
        mapping=mapping,
        as_new_batch=True,
    )
    assert Response.objects.count() == 4


def test_unmatched_columns_point_to_the_mapping_options(
    import_survey: Survey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CommandError, match="has errors"):
        call_command(
            "import_survey",
            str(write(tmp_path / "forms.xlsx")),
            survey=import_survey.pk,
        )

    err = capsys.readouterr().err
    assert "None of the columns is matched" in err
    assert "--mapping FILE" in err
    assert "--write-mapping FILE" in err
    assert not ImportBatch.objects.exists()


def test_the_staff_page_downloads_and_applies_the_same_mapping(
    import_survey: Survey, officer: User
) -> None:
    client = client_for(officer)
    batch = make_batch(import_survey)
    kwargs = {"area_slug": batch.area.slug, "pk": batch.pk}
    columns = client.get(reverse("consultation_imports:batch_columns", kwargs=kwargs))
    assert "Download this mapping (JSON)" in columns.content.decode()

    download = client.get(
        reverse("consultation_imports:batch_mapping_download", kwargs=kwargs)
    )
    assert download.status_code == HTTPStatus.OK
    assert "attachment" in download["Content-Disposition"]
    assert json.loads(download.content) == mapping_document(batch)

    upload_url = reverse("consultation_imports:batch_mapping_upload", kwargs=kwargs)
    assert client.get(upload_url).status_code == HTTPStatus.OK
    bad = client.post(
        upload_url,
        {"file": SimpleUploadedFile("m.json", b'{"columns": [{"heading": "X"}]}')},
    )
    assert bad.status_code == HTTPStatus.OK
    content = bad.content.decode()
    assert "govuk-error-summary" in content
    assert "“X” is not a column heading of this file." in content
    batch.refresh_from_db()
    assert batch.mapping[1] == ""

    good = client.post(
        upload_url,
        {
            "file": SimpleUploadedFile(
                "mapping.yaml",
                yaml.safe_dump({**MAPPING, "date_order": "mdy"}).encode(),
            )
        },
    )
    assert good.status_code == HTTPStatus.FOUND
    # On to the file's answers to check, as after the columns page.
    assert good["Location"].endswith("/values/")
    batch.refresh_from_db()
    assert batch.mapping[1] == f"q:{question(import_survey, LIKERT).pk}"
    # The file's dates read both ways: the mapping file said month first.
    assert batch.date_order == "mdy"
    assert services.import_batch_preview(batch).responses == 2


def test_the_mapping_file_says_the_dates_are_month_first(
    import_survey: Survey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write(tmp_path / "forms.xlsx")
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(MAPPING))
    call_command(
        "import_survey", str(data), survey=import_survey.pk, mapping=plain, dry_run=True
    )
    assert "read both day first and month first" in capsys.readouterr().err
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump({**MAPPING, "date_order": "mdy"}))

    call_command("import_survey", str(data), survey=import_survey.pk, mapping=mapping)

    assert "read both day first" not in capsys.readouterr().err
    batch = ImportBatch.objects.get()
    assert batch.date_order == "mdy"
    assert mapping_document(batch)["date_order"] == "mdy"
    assert sorted(
        (r.submitted_at.month, r.submitted_at.day) for r in Response.objects.all()
    ) == [(1, 2), (2, 2)]


def test_a_date_order_the_dates_cannot_have_is_refused(
    import_survey: Survey, tmp_path: Path
) -> None:
    rows: list[list[object]] = [["When", "Ambitions right?"], ["25/02/2026", "Agree"]]
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": [
                    {"heading": "When", "target": "submitted_at"},
                    {"heading": "Ambitions right?", "target": "Q1"},
                ],
                "date_order": "mdy",
            }
        )
    )

    with pytest.raises(CommandError) as refused:
        call_command(
            "import_survey",
            str(write(tmp_path / "forms.xlsx", rows)),
            survey=import_survey.pk,
            mapping=mapping,
        )

    assert "does not fit" in str(refused.value)
    assert not ImportBatch.objects.exists()
    assert not Response.objects.exists()


def test_values_for_a_target_no_column_is_matched_to_are_refused(
    import_survey: Survey,
) -> None:
    batch = make_batch(import_survey)

    with pytest.raises(MappingFileError, match="Values of “Q3”: no column of this"):
        apply_mapping_document(
            batch=batch,
            document={**MAPPING, "values": {"Q3": {"Top": "early"}}},
            by=None,
        )


def test_a_mapping_that_cannot_be_written_is_said_plainly(
    import_survey: Survey, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="Could not write the mapping to"):
        call_command(
            "import_survey",
            str(write(tmp_path / "forms.xlsx")),
            survey=import_survey.pk,
            write_mapping=tmp_path / "missing" / "m.json",
        )
    assert not ImportBatch.objects.exists()


VALUE_ROWS: list[list[object]] = [
    ["When", "Role", "Top priority"],
    ["01/02/2026", "Education professional", "Top"],
    ["02/02/2026", "Voluntary or community sector", "Local provision"],
]
VALUE_COLUMNS = [
    {"heading": "When", "target": "submitted_at"},
    {"heading": "Role", "target": "respondent_type"},
    {"heading": "Top priority", "target": "Q2"},
]


def test_the_mapping_file_matches_answers_to_codes(
    import_survey: Survey, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        yaml.safe_dump(
            {
                "columns": VALUE_COLUMNS,
                "values": {
                    "respondent_type": {
                        "Education professional": "EDUCATION_SCHOOL",
                        "Voluntary or community sector": "VCS",
                    },
                    "Q2": {"Top": "early"},
                },
            }
        )
    )
    applied = tmp_path / "applied.json"

    call_command(
        "import_survey",
        str(write(tmp_path / "forms.xlsx", VALUE_ROWS)),
        survey=import_survey.pk,
        mapping=mapping,
        write_mapping=applied,
    )

    assert set(Response.objects.values_list("respondent_type", flat=True)) == {
        "EDUCATION_SCHOOL",
        "VCS",
    }
    assert set(Response.objects.values_list("answers__option_code", flat=True)) == {
        "early",
        "local",
    }
    written = json.loads(applied.read_text())
    assert written["values"]["Q2"] == {"top": "early"}
    assert written["values"]["respondent_type"]["education professional"] == (
        "EDUCATION_SCHOOL"
    )


def test_a_code_not_in_the_list_is_refused_and_nothing_is_kept(
    import_survey: Survey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": VALUE_COLUMNS,
                "values": {"respondent_type": {"Education professional": "TEACHER"}},
            }
        )
    )

    with pytest.raises(CommandError, match="does not fit"):
        call_command(
            "import_survey",
            str(write(tmp_path / "forms.xlsx", VALUE_ROWS)),
            survey=import_survey.pk,
            mapping=mapping,
        )

    assert "“TEACHER” is not one of the answers" in capsys.readouterr().err
    assert not ImportBatch.objects.exists()
    assert not ColumnMapping.objects.exists()
    assert not Response.objects.exists()
