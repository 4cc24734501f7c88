"""The keying template's profile columns: a paper form's district, age of
child, areas of need, setting and support keyed in and imported onto the
responses, so "who we heard from" counts paper voices too."""

import io

import pytest
from openpyxl import load_workbook

from consultations.imports import services
from consultations.imports.columns import suggest_mapping
from consultations.imports.keying import keying_headers
from consultations.imports.keying import keying_template
from consultations.models import Response
from consultations.models import Survey
from sendportal.areas.models import District
from tests.factories import DistrictFactory

from .conftest import CHOICE
from .conftest import LIKERT
from .conftest import question

pytestmark = pytest.mark.django_db

PROFILE = {
    "District": "district",
    "Age of child": "age_bands",
    "Areas of need": "need_codes",
    "School or setting": "setting_type",
    "Level of support": "support_level",
}


def keyed(survey: Survey, rows: list[dict[str, object]]) -> bytes:
    """The survey's own template with `rows` typed in, each by heading."""
    workbook = load_workbook(io.BytesIO(keying_template(survey)))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        assert set(row) <= set(headers), set(row) - set(headers)
        sheet.append([row.get(str(header), "") for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def base(survey: Survey, day: str) -> dict[str, object]:
    return {
        "Date received": day,
        "Responding as": "Parent or carer of a child or young person with SEND",
        f"Q1. {LIKERT}": "Agree",
        f"Q2. {CHOICE}": "Early support",
    }


def allowed_answers(survey: Survey) -> dict[str, str]:
    workbook = load_workbook(io.BytesIO(keying_template(survey)))
    return dict(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))


def test_profile_columns_follow_responding_as_and_map_by_themselves(
    import_survey: Survey,
) -> None:
    headers = keying_headers(import_survey)

    assert headers[:7] == ["Date received", "Responding as", *PROFILE]
    assert headers[7] == f"Q1. {LIKERT}"
    assert headers[-1] == "Who helped"
    questions = services.survey_questions(import_survey)
    assert suggest_mapping(headers, questions, {})[:7] == [
        "submitted_at",
        "respondent_type",
        *PROFILE.values(),
    ]


def test_the_allowed_answers_list_the_areas_districts_and_each_profile_list(
    import_survey: Survey,
) -> None:
    area = import_survey.consultation.area
    DistrictFactory.create(area=area, name="St Albans", code="st-albans")
    DistrictFactory.create(name="Elsewhere", code="elsewhere")  # another area's

    allowed = allowed_answers(import_survey)

    districts = allowed["District"]
    for name in District.objects.filter(area=area).values_list("name", flat=True):
        assert name in districts
    assert "Elsewhere" not in districts
    assert "0 to 4; 5 to 10" in allowed["Age of child"]
    assert "separated by semicolons" in allowed["Areas of need"]
    assert "Social, emotional and mental health" in allowed["Areas of need"]
    assert "Special school" in allowed["School or setting"]
    assert "Education, health and care (EHC) plan" in allowed["Level of support"]
    assert all("Leave it empty" in allowed[heading] for heading in PROFILE)


def test_an_area_without_districts_has_no_district_column(
    import_survey: Survey,
) -> None:
    District.objects.filter(area=import_survey.consultation.area).delete()

    headers = keying_headers(import_survey)

    assert "District" not in headers
    assert headers[2] == "Age of child"
    assert "District" not in allowed_answers(import_survey)


def test_keyed_profile_values_import_onto_the_responses_and_blanks_stay_unset(
    import_survey: Survey,
) -> None:
    watford = District.objects.get(area=import_survey.consultation.area, code="watford")
    filled = base(import_survey, "13/03/2025") | {
        "District": "Watford",
        "Age of child": "5 to 10",
        "Areas of need": "Autism; Social, emotional and mental health",
        "School or setting": "Special school",
        "Level of support": "Education, health and care (EHC) plan",
    }
    blank = base(import_survey, "14/03/2025")
    batch = services.import_batch_create(
        survey=import_survey,
        data=keyed(import_survey, [filled, blank]),
        file_name="paper.xlsx",
        channel="PAPER",
        by=None,
    )
    assert batch.shape == "keying_template"
    preview = services.import_batch_preview(batch)
    assert preview.error_count == 0, preview.errors

    batch = services.import_batch_confirm(batch=batch, by=None)

    assert batch.responses_created == 2, (batch.message, batch.errors)
    responses = Response.objects.filter(import_batch=batch).order_by("submitted_at")
    profiles = [
        (r.district_id, r.age_bands, r.need_codes, r.setting_type, r.support_level)
        for r in responses
    ]
    assert profiles == [
        (
            watford.pk,
            ["AGE_5_10"],
            ["ASD", "SEMH"],
            "SPECIAL_MAINTAINED_ACADEMY",
            "EHCP",
        ),
        (None, [], [], "", ""),
    ]
    first = responses[0]
    assert first.respondent_type == "PARENT_CARER"
    assert set(first.answers.values_list("question", "option_code")) == {
        (question(import_survey, LIKERT).pk, "agree"),
        (question(import_survey, CHOICE).pk, "early"),
    }


def test_a_keyed_district_of_another_area_is_a_row_error(
    import_survey: Survey,
) -> None:
    DistrictFactory.create(name="Elsewhere", code="elsewhere")
    row = base(import_survey, "13/03/2025") | {"District": "Elsewhere"}
    batch = services.import_batch_create(
        survey=import_survey,
        data=keyed(import_survey, [row]),
        file_name="paper.xlsx",
        channel="PAPER",
        by=None,
    )

    preview = services.import_batch_preview(batch)

    assert preview.error_count == 1
    assert preview.errors[0].column == "C (District)"
    assert "Watford" in preview.errors[0].problem
