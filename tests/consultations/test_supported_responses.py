"""Supported responses: "Did someone help you answer?" from the journey page to
the stored response, the check page's declaration, the analysis filter and
the export."""

import csv
import io
import re
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations.analysis import analyse
from consultations.analysis import public_helped_count
from consultations.imports import services as imports
from consultations.models import Response
from consultations.models import Survey
from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.consultations.conftest import questions
from tests.consultations.factories import AnswerFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.imports.files import csv_bytes
from tests.consultations.test_journey import answer_everything
from tests.consultations.test_journey import step
from tests.consultations.test_journey import url
from tests.helpers import client_for
from tests.helpers import staff_url

pytestmark = pytest.mark.django_db

OWN_VIEWS = (
    "By sending this response you confirm that, to the best of your knowledge, "
    "the answers you are giving are your own views."
)


def respond(survey: Survey, helped: str) -> Response:
    """One family's whole journey, in a client of its own (its own session)."""
    client = Client()
    answer_everything(client, survey, helped=helped)
    assert client.post(url(survey, "journey_check")).status_code == HTTPStatus.FOUND
    return Response.objects.order_by("-pk")[0]


def export(client: Client, survey: Survey, file_format: str, query: str = "") -> bytes:
    consultation = survey.consultation
    path = reverse(
        "consultations_staff:export",
        args=[consultation.area.slug, consultation.pk, file_format],
    )
    page = client.get(path + query)
    assert page.status_code == HTTPStatus.OK
    if page.streaming:
        return b"".join(page.streaming_content)  # type: ignore[attr-defined]  # CSV
    return page.content


def csv_records(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_helped_page_comes_just_before_contact_and_needs_an_answer(
    client: Client, survey: Survey
) -> None:
    number = questions(survey)[3]
    client.get(url(survey, "journey_start"))
    for key, answer in [
        ("type", "PARENT_CARER"),
        ("district", str(survey.consultation.area.districts.all()[0].pk)),
        ("age", ["AGE_5_10"]),
        ("need", ["ASD"]),
        ("setting", ""),
        ("support", ""),
        (f"q{questions(survey)[0].pk}", "agree"),
        (f"q{questions(survey)[1].pk}", "early"),
        (f"q{questions(survey)[2].pk}", ""),
    ]:
        client.post(step(survey, key), {"answer": answer})
    after_last_question = client.post(step(survey, f"q{number.pk}"), {"answer": "1"})
    assert after_last_question["Location"] == step(survey, "helped")

    page = client.get(step(survey, "helped"))
    content = page.content.decode()
    assert re.search(r"<h1[^>]*>\s*Did someone help you answer\?", content)
    for label in [
        "No, I answered on my own",
        "Yes, a parent or carer",
        "Yes, a teacher or support worker",
        "Yes, an advocate",
        "Yes, someone else",
        "I’d rather not say",
    ]:
        assert label in content

    missing = client.post(step(survey, "helped"), {})
    assert missing.status_code == HTTPStatus.OK
    assert "Select if someone helped you answer, or I’d rather not say" in (
        missing.content.decode()
    )
    chosen = client.post(step(survey, "helped"), {"answer": "ADVOCATE"})
    assert chosen["Location"] == step(survey, "publish")


def test_who_helped_is_stored_on_the_response(survey: Survey) -> None:
    response = respond(survey, "TEACHER_SUPPORT_WORKER")
    response.refresh_from_db()
    assert response.supported_by == "TEACHER_SUPPORT_WORKER"
    assert respond(survey, "PREFER_NOT_SAY").supported_by == "PREFER_NOT_SAY"


def test_a_response_without_the_question_records_nobody_as_not_asked(
    survey: Survey,
) -> None:
    assert ResponseFactory.create(survey=survey).supported_by == ""


@pytest.mark.parametrize(
    ("helped", "declaration"),
    [
        (
            "PARENT_CARER",
            "By sending this, you tell us these are the views of the person "
            "answering. A parent or carer helped them to answer.",
        ),
        (
            "ADVOCATE",
            "By sending this, you tell us these are the views of the person "
            "answering. An advocate helped them to answer.",
        ),
        ("NOBODY", OWN_VIEWS),
        ("PREFER_NOT_SAY", OWN_VIEWS),
    ],
)
def test_the_check_page_declaration_fits_who_helped(
    client: Client, survey: Survey, helped: str, declaration: str
) -> None:
    answer_everything(client, survey, helped=helped)
    content = client.get(url(survey, "journey_check")).content.decode()
    assert declaration in content
    if helped in ("PARENT_CARER", "ADVOCATE"):
        assert "your own views" not in content
    assert "Did someone help you answer?" in content


def test_an_easy_read_survey_keeps_the_declaration_short(
    client: Client, easy_read_survey: Survey
) -> None:
    from tests.consultations.test_easy_read import walk

    survey = easy_read_survey
    walk(
        client,
        survey,
        {
            "type": {"answer": "CYP"},
            f"q{survey.questions.get(sort=1).pk}": {"answer": "agree"},
            f"q{survey.questions.get(sort=8).pk}": {"answer": "o1"},
            "helped": {"answer": "NOBODY"},
            "publish": {"answer": "no"},
        },
    )
    content = client.get(url(survey, "journey_check")).content.decode()
    assert "By sending this, you tell us these answers are what you think." in content
    assert OWN_VIEWS not in content


def test_supported_answers_reach_the_analysis_filter_and_the_export(
    survey: Survey, officer: User
) -> None:
    """Two families answer online (one helped by an advocate, one on their
    own); a support worker keys a workshop's two paper forms for the whole
    upload. Analysis and exports then tell them apart."""
    respond(survey, "ADVOCATE")
    respond(survey, "NOBODY")
    likert = questions(survey)[0].text
    officer_client = client_for(officer)
    area = survey.consultation.area
    today = timezone.localdate().strftime("%d/%m/%Y")
    upload = officer_client.post(
        reverse(
            "consultation_imports:import_upload",
            kwargs={"area_slug": area.slug, "survey_pk": survey.pk},
        ),
        {
            "file": SimpleUploadedFile(
                "workshop.csv",
                csv_bytes(
                    [
                        ["Date received", likert],
                        # Keyed while the consultation is open: no warning.
                        [today, "Agree"],
                        [today, "Disagree"],
                    ]
                ),
            ),
            "channel": "WORKSHOP",
            "supported_by": "TEACHER_SUPPORT_WORKER",
        },
    )
    assert upload.status_code == HTTPStatus.FOUND, upload.content[:3000]
    batch = survey.import_batches.get()
    assert (batch.channel, batch.supported_by) == ("WORKSHOP", "TEACHER_SUPPORT_WORKER")
    imports.import_batch_confirm(batch=batch, by=officer)
    assert (
        sorted(
            Response.objects.filter(import_batch=batch).values_list(
                "channel", "supported_by"
            )
        )
        == [("WORKSHOP", "TEACHER_SUPPORT_WORKER")] * 2
    )

    everyone = analyse(survey.consultation)
    assert (everyone.total, everyone.helped) == (4, 3)
    assert {bar.label: bar.count for bar in everyone.by_supported.bars} == {
        "A teacher or support worker": 2,
        "An advocate": 1,
        "Nobody": 1,
    }
    assert analyse(survey.consultation, supported="NOBODY").total == 1
    assert analyse(survey.consultation, supported="not_recorded").total == 0
    helped = analyse(survey.consultation, supported="helped")
    assert helped.total == 3
    (_question, likert_chart), *_ = helped.questions
    counts = {bar.label: bar.count for bar in likert_chart.bars}
    assert (counts["Agree"], counts["Disagree"]) == (2, 1)  # everyone: 3 and 1

    page = officer_client.get(
        staff_url("analysis", survey.consultation) + "?supported_by=helped"
    )
    content = page.content.decode()
    assert "3 responses" in content
    assert "Answered with help: 3" in content
    assert '<option value="helped" selected>' in content
    assert "export.csv?supported_by=helped" in content
    # An unknown filter value shows every response, not an error.
    unknown = officer_client.get(
        staff_url("analysis", survey.consultation) + "?supported_by=<b>x</b>"
    )
    assert unknown.status_code == HTTPStatus.OK
    assert "4 responses" in unknown.content.decode()

    rows = csv_records(export(officer_client, survey, "csv"))
    by_reference = {row["reference"]: row["who helped"] for row in rows}
    assert sorted(set(by_reference.values())) == [
        "A teacher or support worker",
        "An advocate",
        "Nobody",
    ]
    helped_rows = csv_records(
        export(officer_client, survey, "csv", "?supported_by=helped")
    )
    assert {row["who helped"] for row in helped_rows} == {
        "A teacher or support worker",
        "An advocate",
    }
    assert len({row["reference"] for row in helped_rows}) == 3
    event = AuditEvent.objects.filter(verb=AuditVerb.RESPONSES_EXPORTED).latest("pk")
    assert event.changes["who helped"] == [None, "helped"]

    sheet = load_workbook(io.BytesIO(export(officer_client, survey, "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("who helped")
    values = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values == {"A teacher or support worker", "An advocate", "Nobody"}


def test_free_text_answers_filter_by_who_helped(survey: Survey, officer: User) -> None:
    free = questions(survey)[2]
    for helper, text in [("ADVOCATE", "Said with help"), ("NOBODY", "Said alone")]:
        response = ResponseFactory.create(survey=survey, supported_by=helper)
        AnswerFactory.create(response=response, question=free, text_value=text)
    page = client_for(officer).get(
        staff_url("free_text", survey.consultation) + "?supported_by=helped"
    )
    content = page.content.decode()
    assert "Said with help" in content
    assert "With help: An advocate" in content
    assert "Said alone" not in content


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"": 40}, None),  # not asked
        ({"NOBODY": 30}, None),  # nobody helped: nothing to say
        ({"ADVOCATE": 6, "PARENT_CARER": 6, "NOBODY": 20}, "12"),
        ({"ADVOCATE": 3, "NOBODY": 20}, "fewer than 5"),
        ({"ADVOCATE": 3, "NOBODY": 2}, "fewer than 5"),
        # 3 not helped would be the published total minus 30.
        ({"PARENT_CARER": 30, "NOBODY": 2, "": 1}, None),
        ({"PARENT_CARER": 30, "NOBODY": 5}, "30"),
    ],
)
def test_the_public_count_of_those_helped_keeps_to_the_disclosure_rule(
    counts: dict[str, int], shown: str | None
) -> None:
    assert public_helped_count(counts) == shown


def test_you_said_we_did_says_how_many_answered_with_help(
    client: Client, survey: Survey
) -> None:
    consultation = survey.consultation
    consultation.status = "feedback_published"
    consultation.feedback_published_at = timezone.now()
    consultation.save()
    ResponseFactory.create_batch(6, survey=survey, supported_by="PARENT_CARER")
    ResponseFactory.create_batch(2, survey=survey, supported_by="ADVOCATE")
    ResponseFactory.create_batch(9, survey=survey, supported_by="NOBODY")
    path = reverse(
        "consultations:feedback_detail",
        args=[consultation.area.slug, consultation.pk],
    )
    content = client.get(path).content.decode()
    assert "and received 17 responses." in content
    assert "8 of them answered with help from someone" in content

    # 2 not helped: "8" beside the exact total of 10 would give them away.
    nobody = Response.objects.filter(supported_by="NOBODY").values_list("pk", flat=True)
    Response.objects.filter(pk__in=list(nobody[:7])).delete()
    content = client.get(path).content.decode()
    assert "and received 10 responses." in content
    assert "answered with help" not in content
