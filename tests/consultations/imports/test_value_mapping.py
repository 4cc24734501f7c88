"""Answers of a file's choice columns matched to the portal's codes: respondent
types, districts, age, need, setting, support and the survey's questions."""

import pytest

from consultations.analysis import analyse
from consultations.imports import services
from consultations.imports.columns import AGE_BANDS
from consultations.imports.columns import DISTRICT
from consultations.imports.columns import NEED_CODES
from consultations.imports.columns import RESPONDENT_TYPE
from consultations.imports.columns import SETTING_TYPE
from consultations.imports.columns import SUPPORT_LEVEL
from consultations.imports.columns import question_target
from consultations.imports.values import FileValue
from consultations.models import Answer
from consultations.models import ImportBatch
from consultations.models import Response
from consultations.models import Survey
from consultations.models import ValueMapping
from consultations.models.imports import ImportStatus
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.consultations.conftest import make_survey
from tests.consultations.factories import ConsultationFactory
from tests.factories import DistrictFactory

from .conftest import CHOICE
from .conftest import LIKERT
from .conftest import MULTI
from .conftest import question
from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db

TYPES = [
    ["Timestamp", "Responding as", LIKERT],
    ["01/02/2026", "Education professional", "Agree"],
    ["01/02/2026", "Voluntary or community sector", "SA"],
    ["02/02/2026", "Other", "Strongly Agree"],
    ["02/02/2026", "Parent/Carer", "Agree strongly"],
    ["03/02/2026", "Education professional", "Disagree"],
]


def upload(survey: Survey, data: bytes, name: str = "export.csv") -> ImportBatch:
    return services.import_batch_create(
        survey=survey, data=data, file_name=name, channel="ONLINE_SURVEY", by=None
    )


def groups_by_target(batch: ImportBatch) -> dict[str, dict[str, FileValue]]:
    return {
        group.target: {answer.key: answer for answer in group.answers}
        for group in services.import_batch_value_groups(batch)
    }


def test_unmapped_respondent_types_are_listed_with_counts_and_need_a_choice(
    import_survey: Survey,
) -> None:
    batch = upload(import_survey, csv_bytes(TYPES))
    assert batch.mapping[1] == RESPONDENT_TYPE
    groups = services.import_batch_value_groups(batch)
    types = next(group for group in groups if group.target == RESPONDENT_TYPE)
    answers = {answer.key: answer for answer in types.answers}
    assert answers["education professional"].count == 2
    # Not a sure match: nothing chosen, School staff offered as a guess.
    assert answers["education professional"].chosen is None
    assert answers["education professional"].hint == "EDUCATION_SCHOOL"
    assert answers["voluntary or community sector"].chosen == "VCS"
    assert answers["other"].chosen == "OTHER"
    assert answers["parent carer"].chosen == "PARENT_CARER"
    # The answers to choose come first.
    assert types.answers[0].key == "education professional"
    likert = next(group for group in groups if group.target.startswith("q:"))
    assert {answer.key: answer.chosen for answer in likert.answers} == {
        "agree": "agree",
        "sa": "strongly_agree",
        "strongly agree": "strongly_agree",
        "agree strongly": "strongly_agree",
        "disagree": "disagree",
    }

    preview = services.import_batch_preview(batch)
    assert preview.error_count == 2  # the two "Education professional" rows

    services.import_batch_map_values(
        batch=batch,
        values={RESPONDENT_TYPE: {"Education professional": "EDUCATION_SCHOOL"}},
        by=None,
    )
    preview = services.import_batch_preview(batch)
    assert preview.ok
    assert preview.responses == 5
    batch = services.import_batch_confirm(batch=batch, by=None)
    assert batch.status == ImportStatus.DONE
    assert sorted(
        Response.objects.filter(import_batch=batch).values_list(
            "respondent_type", flat=True
        )
    ) == sorted(
        ["EDUCATION_SCHOOL", "VCS", "OTHER", "PARENT_CARER", "EDUCATION_SCHOOL"]
    )
    assert AuditEvent.objects.filter(
        verb=AuditVerb.SURVEY_IMPORT_VALUES_MAPPED, target_id=str(batch.pk)
    ).exists()


def test_not_given_leaves_the_detail_unset(import_survey: Survey) -> None:
    batch = upload(import_survey, csv_bytes(TYPES))
    services.import_batch_map_values(
        batch=batch, values={RESPONDENT_TYPE: {"education professional": ""}}, by=None
    )
    services.import_batch_confirm(batch=batch, by=None)
    assert (
        Response.objects.filter(
            import_batch=batch, respondent_type="PREFER_NOT_SAY"
        ).count()
        == 2
    )


def test_an_area_column_is_mapped_to_districts_with_their_usual_short_forms(
    import_survey: Survey, area: LocalArea
) -> None:
    DistrictFactory.create(area=area, name="North Hertfordshire", code="north-herts")
    DistrictFactory.create(area=area, name="St Albans", code="st-albans")
    rows = [
        ["Timestamp", "Which area do you live in?", "Age of child", "Type of need",
         "School or setting", "Level of support", LIKERT],
        ["01/02/2026", "North Herts", "5 to 10", "ASD; SEMH", "Primary",
         "EHCP", "Agree"],
        ["01/02/2026", "Saint Albans District", "11-15 years", "SLCN", "Secondary school",
         "SEN support", "Agree"],
        ["02/02/2026", "Dacorum Borough Council", "5 to 10, 11 to 15", "MLD",
         "Special school", "Don't know", "Agree"],
        ["02/02/2026", "Somewhere else", "", "", "", "", "Agree"],
    ]  # fmt: skip
    batch = upload(import_survey, csv_bytes(rows))
    assert batch.mapping[1:6] == [
        DISTRICT,
        AGE_BANDS,
        NEED_CODES,
        SETTING_TYPE,
        SUPPORT_LEVEL,
    ]
    districts = groups_by_target(batch)[DISTRICT]
    assert districts["north herts"].chosen == "north-herts"
    assert districts["saint albans district"].chosen == "st-albans"
    assert districts["dacorum borough council"].chosen == "dacorum"
    assert districts["somewhere else"].chosen is None
    assert services.import_batch_preview(batch).error_count == 1

    services.import_batch_map_values(
        batch=batch, values={DISTRICT: {"Somewhere else": ""}}, by=None
    )
    preview = services.import_batch_preview(batch)
    assert preview.ok
    charts = {chart.title: chart for chart in preview.heard}
    assert {bar.label: bar.count for bar in charts["Districts"].bars} == {
        "North Hertfordshire": 1,
        "St Albans": 1,
        "Dacorum": 1,
        "Not given": 1,
    }
    assert {bar.label: bar.count for bar in charts["Areas of need"].bars} == {
        "Autism": 1,
        "Speech, language and communication needs": 1,
        "Social, emotional and mental health": 1,
        "Moderate learning difficulty": 1,
    }
    ages = {
        bar.label: bar.count for bar in charts["Age of the child or young person"].bars
    }
    assert ages == {"5 to 10": 2, "11 to 15": 2}

    services.import_batch_confirm(batch=batch, by=None)
    imported = {
        response.district.name if response.district else None: response
        for response in Response.objects.filter(import_batch=batch).select_related(
            "district"
        )
    }
    north = imported["North Hertfordshire"]
    assert north.age_bands == ["AGE_5_10"]
    assert north.need_codes == ["ASD", "SEMH"]
    assert north.setting_type == "MAINSTREAM_PRIMARY"
    assert north.support_level == "EHCP"
    dacorum = imported["Dacorum"]
    assert dacorum.age_bands == ["AGE_5_10", "AGE_11_15"]
    assert dacorum.support_level == "DONT_KNOW"
    assert imported[None].age_bands == []
    assert imported[None].setting_type == ""
    # Analysis counts the imported voices by district.
    by_district = {
        bar.label: bar.count
        for bar in analyse(import_survey.consultation).by_district.bars
    }
    assert by_district["North Hertfordshire"] == 1
    assert by_district["Dacorum"] == 1


def test_a_surveymonkey_export_with_a_multiple_choice_over_several_columns(
    import_survey: Survey,
) -> None:
    rows = [
        ["Respondent ID", "Collector ID", "End Date", "I am a...", MULTI, "", "",
         "Type of need", ""],
        ["", "", "", "Response", "Autism", "Social, emotional and mental health",
         "Other (please specify)", "ASC", "ADHD"],
        ["1001", "5", "14/11/2025 09:15", "Teacher", "Autism", "", "Dyspraxia",
         "ASC", ""],
        ["1002", "5", "15/11/2025 10:00", "SENCO", "",
         "Social, emotional and mental health", "", "", "ADHD"],
    ]  # fmt: skip
    batch = upload(import_survey, xlsx_bytes(rows), "monkey.xlsx")
    assert batch.header_rows == 2
    multi = question_target(question(import_survey, MULTI).pk)
    assert batch.mapping[3] == RESPONDENT_TYPE
    assert batch.mapping[4:7] == [multi, multi, multi]
    # The two-row heading of the need columns: map them both to need codes.
    mapping = list(batch.mapping)
    mapping[7] = mapping[8] = NEED_CODES
    services.import_batch_map_columns(batch=batch, mapping=mapping, by=None)
    groups = groups_by_target(batch)
    assert groups[multi]["autism"].chosen == "asd"
    assert groups[multi]["dyspraxia"].chosen is None
    assert groups[NEED_CODES]["asc"].chosen == "ASD"
    assert groups[NEED_CODES]["adhd"].chosen is None
    assert groups[NEED_CODES]["adhd"].hint == "SEMH"
    assert groups[RESPONDENT_TYPE]["senco"].chosen == "EDUCATION_SCHOOL"
    services.import_batch_map_values(
        batch=batch,
        values={multi: {"Dyspraxia": ""}, NEED_CODES: {"ADHD": "SEMH"}},
        by=None,
    )
    assert services.import_batch_preview(batch).ok
    services.import_batch_confirm(batch=batch, by=None)
    first, second = Response.objects.filter(import_batch=batch).order_by("pk")
    assert first.respondent_type == second.respondent_type == "EDUCATION_SCHOOL"
    assert first.need_codes == ["ASD"]
    assert second.need_codes == ["SEMH"]
    assert list(
        Answer.objects.filter(response=first).values_list("option_code", flat=True)
    ) == ["asd"]


def test_choices_are_remembered_for_the_survey_and_offered_for_the_areas_next_survey(
    import_survey: Survey, area: LocalArea
) -> None:
    batch = upload(import_survey, csv_bytes(TYPES))
    likert = question_target(question(import_survey, LIKERT).pk)
    services.import_batch_map_values(
        batch=batch,
        values={
            RESPONDENT_TYPE: {"Education professional": "EDUCATION_SCHOOL"},
            likert: {"Disagree": "strongly_disagree"},
        },
        by=None,
    )
    assert ValueMapping.objects.filter(survey=import_survey).count() == 2

    # The next file of the same survey: already matched, nothing to choose.
    again = upload(
        import_survey,
        csv_bytes([*TYPES, ["04/02/2026", "Education professional", "Agree"]]),
    )
    assert again.value_mapping[RESPONDENT_TYPE] == {
        "education professional": "EDUCATION_SCHOOL"
    }
    answers = groups_by_target(again)[RESPONDENT_TYPE]
    assert answers["education professional"].chosen == "EDUCATION_SCHOOL"
    assert services.import_batch_preview(again).ok

    # The area's next survey, with another agree question: offered too.
    other = make_survey(ConsultationFactory.create(area=area))
    later = upload(other, csv_bytes(TYPES))
    groups = groups_by_target(later)
    assert groups[RESPONDENT_TYPE]["education professional"].chosen == (
        "EDUCATION_SCHOOL"
    )
    other_likert = question_target(question(other, LIKERT).pk)
    assert groups[other_likert]["disagree"].chosen == "strongly_disagree"

    # Another area's survey is not offered them.
    from tests.factories import LocalAreaFactory

    elsewhere = make_survey(ConsultationFactory.create(area=LocalAreaFactory.create()))
    outside = upload(elsewhere, csv_bytes(TYPES))
    assert (
        groups_by_target(outside)[RESPONDENT_TYPE]["education professional"].chosen
        is None
    )


def test_a_code_not_in_the_list_or_a_column_not_in_the_file_is_refused(
    import_survey: Survey,
) -> None:
    batch = upload(import_survey, csv_bytes(TYPES))
    with pytest.raises(services.ImportRefused):
        services.import_batch_map_values(
            batch=batch, values={RESPONDENT_TYPE: {"Other": "NOT_A_CODE"}}, by=None
        )
    with pytest.raises(services.ImportRefused):
        services.import_batch_map_values(
            batch=batch, values={DISTRICT: {"Watford": "watford"}}, by=None
        )
    with pytest.raises(services.ImportRefused):
        services.import_batch_map_values(
            batch=batch,
            values={
                question_target(question(import_survey, CHOICE).pk): {"x": "early"}
            },
            by=None,
        )
    batch.refresh_from_db()
    assert batch.value_mapping == {}
    assert not ValueMapping.objects.exists()


def test_a_numbered_agree_scale_is_a_guess_until_chosen(import_survey: Survey) -> None:
    rows = [["Timestamp", LIKERT], ["01/02/2026", "5"], ["01/02/2026", "1"]]
    batch = upload(import_survey, csv_bytes(rows))
    likert = question_target(question(import_survey, LIKERT).pk)
    answers = groups_by_target(batch)[likert]
    assert answers["5"].chosen is None
    assert answers["5"].hint == "strongly_agree"
    assert services.import_batch_preview(batch).error_count == 2
    services.import_batch_map_values(
        batch=batch,
        values={likert: {"5": "strongly_agree", "1": "strongly_disagree"}},
        by=None,
    )
    assert services.import_batch_preview(batch).ok


@pytest.mark.parametrize(
    ("target", "value", "code"),
    [
        (RESPONDENT_TYPE, "Parent/Carer", "PARENT_CARER"),
        (RESPONDENT_TYPE, "Parent or carer", "PARENT_CARER"),
        (RESPONDENT_TYPE, "Teacher", "EDUCATION_SCHOOL"),
        (RESPONDENT_TYPE, "SENCO", "EDUCATION_SCHOOL"),
        (RESPONDENT_TYPE, "Health visitor", "HEALTH"),
        (RESPONDENT_TYPE, "Social worker", "SOCIAL_CARE"),
        (RESPONDENT_TYPE, "Young person", "YOUNG_PERSON"),
        (RESPONDENT_TYPE, "Pupil", "CYP"),
        (RESPONDENT_TYPE, "Voluntary or community sector", "VCS"),
        (RESPONDENT_TYPE, "OTHER", "OTHER"),
        (NEED_CODES, "ASC", "ASD"),
        (NEED_CODES, "Social, emotional and mental health", "SEMH"),
        (NEED_CODES, "SLCN", "SLCN"),
        (NEED_CODES, "Dyslexia", "SPLD"),
        (AGE_BANDS, "Aged 16 to 19 years", "AGE_16_19"),
        (AGE_BANDS, "0-4", "UNDER_5"),
        (SETTING_TYPE, "Home educated", "EHE"),
        (SUPPORT_LEVEL, "EHC plan", "EHCP"),
    ],
)
def test_the_common_wordings_are_sure_matches(
    target: str, value: str, code: str
) -> None:
    from consultations.imports.values import profile_list
    from sendportal.spreadsheets import normalise_label

    assert profile_list(target).match(normalise_label(value)) == code


@pytest.mark.parametrize(
    ("name", "district"),
    [
        ("North Herts", "North Hertfordshire"),
        ("N. Herts District Council", "North Hertfordshire"),
        ("Borough of Watford", "Watford"),
        ("st albans", "St Albans"),
    ],
)
def test_place_names_match_in_their_usual_short_forms(name: str, district: str) -> None:
    from consultations.imports.values import place_key

    assert place_key(name) == place_key(district)


def test_a_choice_spread_over_columns_keeps_each_cell_whole_commas_and_all(
    import_survey: Survey,
) -> None:
    """SurveyMonkey gives each choice its own column, so a cell is one answer
    even when its wording has a comma; and a cell that reads like one piece
    of another cell is matched as itself."""
    rows = [
        ["Respondent ID", "Collector ID", "End Date", "Type of need", "", "",
         LIKERT],
        ["", "", "", "Social, emotional or mental health", "ASC", "asc, adhd",
         "Response"],
        ["1001", "5", "14/11/2025 09:15", "Social, emotional or mental health",
         "", "", "Agree"],
        ["1002", "5", "15/11/2025 10:00", "", "ASC", "asc, adhd", "Agree"],
        ["1003", "5", "16/11/2025 11:00", "", "", "adhd", "Disagree"],
    ]  # fmt: skip
    batch = upload(import_survey, xlsx_bytes(rows), "monkey.xlsx")
    mapping = list(batch.mapping)
    mapping[3] = mapping[4] = mapping[5] = NEED_CODES
    services.import_batch_map_columns(batch=batch, mapping=mapping, by=None)
    groups = groups_by_target(batch)[NEED_CODES]
    assert "social emotional or mental health" in groups
    assert "social" not in groups
    services.import_batch_map_values(
        batch=batch,
        values={
            NEED_CODES: {
                "Social, emotional or mental health": "SEMH",
                "asc, adhd": "OTH",
                "adhd": "SEMH",
            }
        },
        by=None,
    )
    assert services.import_batch_preview(batch).ok
    services.import_batch_confirm(batch=batch, by=None)
    needs = [
        response.need_codes
        for response in Response.objects.filter(import_batch=batch).order_by("pk")
    ]
    assert needs == [["SEMH"], ["ASD", "OTH"], ["SEMH"]]


def test_a_google_forms_multiple_choice_with_commas_imports_each_need(
    import_survey: Survey,
) -> None:
    rows = [
        ["Timestamp", "Type of need", LIKERT],
        ["01/02/2026", "Autism, Social, emotional and mental health, ADHD", "Agree"],
        # Reads like the last piece of the cell above: matched as itself.
        ["02/02/2026", "adhd", "Agree"],
    ]
    batch = upload(import_survey, csv_bytes(rows))
    assert groups_by_target(batch)[NEED_CODES]["adhd"].chosen is None
    services.import_batch_map_values(
        batch=batch, values={NEED_CODES: {"ADHD": "OTH"}}, by=None
    )
    services.import_batch_confirm(batch=batch, by=None)
    first, second = Response.objects.filter(import_batch=batch).order_by("pk")
    assert first.need_codes == ["ASD", "SEMH", "OTH"]
    assert second.need_codes == ["OTH"]


def test_a_question_with_an_other_option_offers_treat_as_other_and_a_dash_is_no_answer(
    import_survey: Survey,
) -> None:
    from tests.consultations.factories import OptionFactory

    choice = question(import_survey, CHOICE)
    OptionFactory.create(question=choice, code="else", label="Other (please specify)")
    rows = [
        ["Timestamp", CHOICE, LIKERT],
        ["01/02/2026", "Transport", "-"],
        ["01/02/2026", "Early support", "Agree"],
    ]
    batch = upload(import_survey, csv_bytes(rows))
    target = question_target(choice.pk)
    groups = {
        group.target: group for group in services.import_batch_value_groups(batch)
    }
    assert groups[target].values.other == "else"
    assert [answer.key for answer in groups[target].answers] == [
        "transport",
        "early support",
    ]
    services.import_batch_map_values(
        batch=batch, values={target: {"Transport": "else"}}, by=None
    )
    services.import_batch_confirm(batch=batch, by=None)
    assert sorted(
        Answer.objects.filter(response__import_batch=batch).values_list(
            "option_code", flat=True
        )
    ) == ["agree", "early", "else"]
