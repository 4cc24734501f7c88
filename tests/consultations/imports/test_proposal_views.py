"""A survey from a spreadsheet, through the staff pages: upload, review,
change, create, then the same file imported into the new survey."""

import datetime
from decimal import Decimal
from http import HTTPStatus
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.analysis import analyse
from consultations.imports import proposal_services
from consultations.imports import services as import_services
from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import ConsultationStatus
from consultations.models import ImportBatch
from consultations.models import QuestionType
from consultations.models import Response
from consultations.models import SurveyProposal
from consultations.models.imports import ImportStatus
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditEvent
from sendportal.audit.models import AuditVerb
from tests.consultations.factories import ConsultationFactory
from tests.helpers import client_for

from .files import csv_bytes
from .files import xlsx_bytes

pytestmark = pytest.mark.django_db

AGREE = "Do the ambitions reflect what matters most?"
NEEDS = "Which needs does your child have?"
PLACE = "Where do you live?"
MISSING = "Is anything missing?"
CHILDREN = "How many children do you care for?"
SCHOOL = "Which school?"
MISSING_ANSWERS = [
    "More help with transport to school, please",
    "Nothing, thank you",
    "Speech therapy waiting lists are far too long",
    "Clearer letters about annual reviews",
    "Short breaks in the holidays",
    "",
]
ROWS: list[list[object]] = [
    [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        AGREE,
        NEEDS,
        PLACE,
        MISSING,
        CHILDREN,
        SCHOOL,
    ],
    *[
        [
            i + 1,
            f"1{i}/11/2025 09:00:00",
            f"1{i}/11/2025 09:05:00",
            f"parent{i}@example.org",
            f"Parent {i}",
            ["Agree", "Strongly agree", "Disagree", "Agree", "Don't know", "Agree"][i],
            ["Autism;", "Autism;Hearing impairment;", "Hearing impairment;"][i % 3],
            ["North", "South", "North", "North", "East", "South"][i],
            MISSING_ANSWERS[i],
            str(i % 3 + 1),
            ["Oak", "Elm"][i % 2],
        ]
        for i in range(6)
    ],
]


# The files' answers were given in November 2025, within the consultation.
OPENS = datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC)
CLOSES = datetime.datetime(2025, 11, 30, 23, 59, tzinfo=datetime.UTC)


@pytest.fixture
def draft(consultation: Consultation) -> Consultation:
    consultation.status = ConsultationStatus.DRAFT
    consultation.opens_at, consultation.closes_at = OPENS, CLOSES
    consultation.save(update_fields=["status", "opens_at", "closes_at"])
    return consultation


def url(name: str, area: LocalArea, **kwargs: int) -> str:
    return reverse(
        f"consultation_imports:{name}", kwargs={"area_slug": area.slug, **kwargs}
    )


def upload(
    client: Client,
    area: LocalArea,
    consultation: Consultation,
    data: bytes,
    **fields: str,
) -> Any:
    return client.post(
        url("proposal_upload", area, consultation_pk=consultation.pk),
        {
            "file": SimpleUploadedFile("Parent survey 2025.csv", data),
            "channel": "ONLINE_SURVEY",
            "supported_by": "",
            **fields,
        },
    )


def make_proposal(
    consultation: Consultation, rows: list[list[object]] = ROWS
) -> SurveyProposal:
    return proposal_services.survey_proposal_create(
        consultation=consultation,
        data=csv_bytes(rows),
        file_name="Parent survey 2025.csv",
        channel="ONLINE_SURVEY",
        by=None,
    )


def test_a_survey_proposed_edited_created_and_the_same_file_imported(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    client = client_for(officer)
    response = upload(client, area, draft, csv_bytes(ROWS))
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    proposal = SurveyProposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.rows_total == 6
    assert proposal.shape == "microsoft_forms"

    review = client.get(proposal.get_absolute_url())
    assert review.status_code == HTTPStatus.OK
    page = review.content.decode()
    for text in (AGREE, NEEDS, PLACE, MISSING, CHILDREN, SCHOOL):
        assert text in page
    assert "Contact details: not imported" in page
    assert "Date and time submitted" in page
    assert 'value="Parent survey 2025"' in page

    types = [q["question_type"] for q in proposal.questions]
    assert types == [
        QuestionType.LIKERT,
        QuestionType.MULTI_CHOICE,
        QuestionType.SINGLE_CHOICE,
        QuestionType.FREE_TEXT,
        QuestionType.NUMBER,
        QuestionType.SINGLE_CHOICE,
    ]

    # Change the wording and order of the place question; leave the school out.
    change = url("proposal_question", area, pk=proposal.pk, index=3)
    assert client.get(change).status_code == HTTPStatus.OK
    response = client.post(
        change,
        {
            "include": "yes",
            "text": "Which part of the county do you live in?",
            "question_type": QuestionType.SINGLE_CHOICE,
            "options_text": "North\nEast\nSouth\nWest",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("#question-3")
    response = client.post(
        url("proposal_question", area, pk=proposal.pk, index=6),
        {
            "include": "no",
            "text": SCHOOL,
            "question_type": QuestionType.SINGLE_CHOICE,
            "options_text": "Oak\nElm",
        },
    )
    assert response.status_code == HTTPStatus.FOUND

    response = client.post(
        proposal.get_absolute_url(), {"title": "Parents 2025", "audience": "ALL"}
    )
    assert response.status_code == HTTPStatus.FOUND, response.content
    batch = ImportBatch.objects.get()
    assert response["Location"] == url("batch_columns", area, pk=batch.pk)
    survey = batch.survey
    assert survey.title == "Parents 2025"
    assert survey.consultation == draft
    questions = list(survey.questions.order_by("sort"))
    assert [q.text for q in questions] == [
        AGREE,
        NEEDS,
        "Which part of the county do you live in?",
        MISSING,
        CHILDREN,
    ]
    assert [o.label for o in questions[2].options.order_by("sort")] == [
        "North",
        "East",
        "South",
        "West",
    ]
    assert [o.label for o in questions[1].options.order_by("sort")] == [
        "Autism",
        "Hearing impairment",
    ]
    ids = [f"q:{q.pk}" for q in questions]
    assert batch.mapping == ["", "", "submitted_at", "", "", *ids, ""]
    assert batch.sha256 == proposal.sha256
    proposal.refresh_from_db()
    assert proposal.survey == survey
    assert not proposal.file
    # The proposal's pages now lead to the import.
    assert client.get(proposal.get_absolute_url()).status_code == HTTPStatus.FOUND

    assert client.get(url("batch_columns", area, pk=batch.pk)).status_code == 200
    preview = client.get(url("batch_preview", area, pk=batch.pk))
    assert preview.context["preview"].ok, preview.context["preview"].errors
    client.post(url("batch_preview", area, pk=batch.pk))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert batch.responses_created == 6

    responses = list(Response.objects.filter(survey=survey).order_by("submitted_at"))
    assert len(responses) == 6
    first = timezone.localtime(responses[0].submitted_at)
    assert (first.date(), first.time()) == (
        datetime.date(2025, 11, 10),
        datetime.time(9, 5),
    )
    agree, needs, place, missing, children = questions

    def answers(question_id: int, field: str) -> list[object]:
        return [
            list(
                Answer.objects.filter(response=r, question_id=question_id)
                .order_by(field)
                .values_list(field, flat=True)
            )
            for r in responses
        ]

    assert answers(agree.pk, "option_code") == [
        ["agree"],
        ["strongly_agree"],
        ["disagree"],
        ["agree"],
        ["dont_know"],
        ["agree"],
    ]
    assert (
        answers(needs.pk, "option_code")
        == [
            ["autism"],
            ["autism", "hearing-impairment"],
            ["hearing-impairment"],
        ]
        * 2
    )
    assert answers(place.pk, "option_code") == [
        ["north"],
        ["south"],
        ["north"],
        ["north"],
        ["east"],
        ["south"],
    ]
    assert answers(missing.pk, "text_value") == [
        [text] if text else [] for text in MISSING_ANSWERS
    ]
    assert answers(children.pk, "number_value") == [
        [Decimal(i % 3 + 1)] for i in range(6)
    ]
    # No answer for the school (left out), nor the contact details.
    assert Answer.objects.filter(response__survey=survey).count() == 6 + 8 + 6 + 5 + 6
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        AuditVerb.SURVEY_PROPOSED,
        AuditVerb.SURVEY_PROPOSAL_CHANGED,
        AuditVerb.SURVEY_PROPOSAL_ACCEPTED,
        AuditVerb.SURVEY_ADDED,
        AuditVerb.QUESTION_ADDED,
        AuditVerb.SURVEY_IMPORT_UPLOADED,
    } <= verbs


def test_another_areas_officer_gets_404(
    users_by_role: dict[str, User | None],
    area: LocalArea,
    other_area: LocalArea,
    draft: Consultation,
) -> None:
    proposal = make_proposal(draft)
    client = client_for(users_by_role["other_officer"])
    for page in (
        url("proposal_upload", other_area, consultation_pk=draft.pk),
        url("proposal_review", other_area, pk=proposal.pk),
        url("proposal_question", other_area, pk=proposal.pk, index=1),
    ):
        assert client.get(page).status_code == HTTPStatus.NOT_FOUND, page
        assert client.post(page, {}).status_code == HTTPStatus.NOT_FOUND, page
    assert client.get(url("proposal_review", area, pk=proposal.pk)).status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", HTTPStatus.FOUND),
        ("no_role", HTTPStatus.FORBIDDEN),
        ("lead", HTTPStatus.FORBIDDEN),
        ("cabinet", HTTPStatus.FORBIDDEN),
        ("officer", HTTPStatus.OK),
        ("admin", HTTPStatus.OK),
    ],
)
def test_proposal_pages_are_for_editors_of_the_area(
    users_by_role: dict[str, User | None],
    area: LocalArea,
    draft: Consultation,
    role: str,
    status: int,
) -> None:
    proposal = make_proposal(draft)
    client = client_for(users_by_role[role])
    for page in (
        url("proposal_upload", area, consultation_pk=draft.pk),
        url("proposal_review", area, pk=proposal.pk),
        url("proposal_question", area, pk=proposal.pk, index=1),
    ):
        assert client.get(page).status_code == status, page


def test_an_open_consultation_cannot_gain_a_survey(
    officer: User, area: LocalArea, consultation: Consultation
) -> None:
    # The survey builder's rule: surveys change only while it is a draft.
    page = url("proposal_upload", area, consultation_pk=consultation.pk)
    assert client_for(officer).get(page).status_code == HTTPStatus.FORBIDDEN
    with pytest.raises(proposal_services.ImportRefused):
        make_proposal(consultation)


def test_a_question_index_outside_the_proposal_is_404(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    proposal = make_proposal(draft)
    client = client_for(officer)
    for index in (0, 7, 99):
        page = url("proposal_question", area, pk=proposal.pk, index=index)
        assert client.get(page).status_code == HTTPStatus.NOT_FOUND


def test_bad_changes_are_refused_with_a_message(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    proposal = make_proposal(draft)
    client = client_for(officer)
    page = url("proposal_question", area, pk=proposal.pk, index=3)
    response = client.post(
        page,
        {
            "include": "yes",
            "text": "",
            "question_type": QuestionType.SINGLE_CHOICE,
            "options_text": "Über\nUber",
        },
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert errors["text"] == ["Enter the question"]
    assert "too alike" in errors["options_text"][0]
    response = client.post(
        page,
        {"include": "maybe", "text": "x", "question_type": "CONSENT"},
    )
    assert set(response.context["form"].errors) == {"include", "question_type"}
    proposal.refresh_from_db()
    assert proposal.questions[2]["text"] == PLACE


def test_a_file_of_only_tool_columns_is_refused(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    rows: list[list[object]] = [["Timestamp", "Email address"]]
    rows += [["14/11/2025 09:00", "a@example.org"]]
    response = upload(client_for(officer), area, draft, csv_bytes(rows))
    assert response.status_code == HTTPStatus.OK
    assert "None of the file’s columns looks like a question" in str(
        response.context["form"].errors["file"]
    )
    assert not SurveyProposal.objects.exists()


def test_hostile_headings_are_stored_as_typed_and_shown_inert(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    headings = [
        "<script>alert('q')</script>",
        "{{ request.user.pk }} {{ csrf_token }}",
        '=HYPERLINK("http://evil","x")',
    ]
    rows: list[list[object]] = [["Timestamp", *headings]]
    for i in range(5):
        answers = ["<b>Yes</b>" if i % 2 else "No", "{% debug %}", "=1+1"]
        rows.append([f"1{i}/11/2025 10:00", *answers])
    client = client_for(officer)
    upload(client, area, draft, csv_bytes(rows))
    proposal = SurveyProposal.objects.get()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;q&#x27;)&lt;/script&gt;" in page
    assert "{{ request.user.pk }} {{ csrf_token }}" in page
    assert "<b>Yes</b>" not in page
    response = client.post(
        proposal.get_absolute_url(), {"title": "<i>Odd</i>", "audience": "ALL"}
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    batch = ImportBatch.objects.get()
    texts = list(batch.survey.questions.order_by("sort").values_list("text", flat=True))
    assert texts == headings
    client.post(url("batch_preview", area, pk=batch.pk))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE, batch.errors
    assert batch.responses_created == 5


def test_expired_proposals_are_deleted_with_their_files(
    draft: Consultation, area: LocalArea
) -> None:
    old = make_proposal(draft)
    new = make_proposal(make_consultation_in(area))
    SurveyProposal.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    assert proposal_services.survey_proposals_delete_expired() == 1
    assert not storage.exists(name)
    assert list(SurveyProposal.objects.all()) == [new]


def make_consultation_in(area: LocalArea) -> Consultation:
    return ConsultationFactory.create(
        area=area, status=ConsultationStatus.DRAFT, opens_at=OPENS, closes_at=CLOSES
    )


def test_a_survey_with_no_questions_or_clashing_options_is_not_created(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    rows: list[list[object]] = [["Timestamp", "Which school?"]]
    rows += [["14/11/2025 09:00", school] for school in ["Über", "Uber", "Über"]]
    proposal = make_proposal(draft, rows)
    assert proposal.questions[0]["options"] == ["Über", "Uber"]
    client = client_for(officer)
    review = proposal.get_absolute_url()
    response = client.post(review, {"title": "Schools", "audience": "ALL"})
    assert response.status_code == HTTPStatus.OK
    assert "too alike" in str(response.context["form"].non_field_errors())
    proposal_services.survey_proposal_change_question(
        proposal=proposal,
        index=0,
        data={"text": "Which school?", "question_type": "FREE_TEXT", "include": False},
        by=officer,
    )
    response = client.post(review, {"title": "Schools", "audience": "ALL"})
    assert "Include at least one question" in response.content.decode()
    assert draft.surveys.count() == 0
    assert not ImportBatch.objects.exists()


def test_the_review_page_takes_the_same_queries_for_many_questions(
    officer: User,
    area: LocalArea,
    draft: Consultation,
    django_assert_max_num_queries: Any,
) -> None:
    headings: list[object] = [f"Question {n}" for n in range(60)]
    rows: list[list[object]] = [headings]
    rows += [[["Yes", "No"][(r + n) % 2] for n in range(60)] for r in range(5)]
    proposal = make_proposal(draft, rows)
    client = client_for(officer)
    client.get(proposal.get_absolute_url())
    with django_assert_max_num_queries(12):
        page = client.get(proposal.get_absolute_url())
    assert page.content.decode().count('<h3 class="govuk-summary-card__title') == 60


@pytest.mark.parametrize("tool", ["surveymonkey", "google_forms"])
def test_a_tools_multiple_choice_imports_into_the_survey_made_from_it(
    officer: User, draft: Consultation, tool: str
) -> None:
    semh = "Social, emotional and mental health"
    note = (
        "Note {}: what the family wrote in their own words, long enough to be free text"
    )
    ticked = [["Autism", semh], ["Hearing impairment"], [semh], []]
    if tool == "surveymonkey":
        choices = ["Autism", "Hearing impairment", semh]
        rows: list[list[object]] = [
            ["Respondent ID", "End Date", NEEDS, "", "", "Anything else?"],
            ["", "", *choices, "Open-Ended Response"],
        ]
        for i, picked in enumerate(ticked):
            cells = [choice if choice in picked else "" for choice in choices]
            rows.append([100 + i, "14/11/2025 09:15:40", *cells, note.format(i)])
        data, name = xlsx_bytes(rows), "monkey.xlsx"
    else:
        rows = [["Timestamp", NEEDS, "Anything else?"]]
        for i, picked in enumerate(ticked):
            rows.append(["14/11/2025 09:15:40", ", ".join(picked), note.format(i)])
        data, name = csv_bytes(rows), "google.csv"
    proposal = proposal_services.survey_proposal_create(
        consultation=draft, data=data, file_name=name, channel="PAPER", by=officer
    )
    assert proposal.shape == tool
    assert proposal.questions[0]["question_type"] == QuestionType.MULTI_CHOICE
    batch = proposal_services.survey_proposal_accept(
        proposal=proposal, data={"title": "Needs", "audience": "ALL"}, by=officer
    )
    assert import_services.import_batch_preview(batch).ok
    batch = import_services.import_batch_confirm(batch=batch, by=officer)
    assert batch.status == ImportStatus.DONE
    needs = batch.survey.questions.get(text=NEEDS)
    codes = {o.label: o.code for o in needs.options.all()}
    got = [
        sorted(
            Answer.objects.filter(response=r, question=needs).values_list(
                "option_code", flat=True
            )
        )
        for r in Response.objects.filter(survey=batch.survey).order_by("pk")
    ]
    assert got == [sorted(codes[label] for label in picked) for picked in ticked]
    notes = Answer.objects.filter(response__survey=batch.survey).exclude(question=needs)
    assert sorted(notes.values_list("text_value", flat=True)) == [
        note.format(i) for i in range(4)
    ]


KEYED_BY = "Keyed by J. Smith, SENDIASS"
SOURCE = "Sticky notes from the Stevenage workshop, 12 November 2025"
HOSTILE = "<script>alert('keyed')</script> {{ csrf_token }} & co"
WORKSHOP = ("WORKSHOP", KEYED_BY, SOURCE)


def provenance(record: SurveyProposal | ImportBatch) -> tuple[str, str, str]:
    return (record.channel, record.keyed_by, record.source_document)


def test_a_workshop_file_keeps_who_keyed_it_and_its_source_into_its_import(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    client = client_for(officer)
    response = upload(
        client,
        area,
        draft,
        csv_bytes(ROWS),
        channel="WORKSHOP",
        keyed_by=f"  {KEYED_BY}  ",
        source_document=f"Sticky notes from the Stevenage workshop,\n{SOURCE[41:]}",
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    proposal = SurveyProposal.objects.get()
    assert provenance(proposal) == WORKSHOP
    review = client.get(proposal.get_absolute_url()).content.decode()
    assert all(text in review for text in (KEYED_BY, SOURCE, "Workshop"))

    response = client.post(
        proposal.get_absolute_url(), {"title": "Workshop 2025", "audience": "ALL"}
    )
    assert response.status_code == HTTPStatus.FOUND, response.content
    batch = ImportBatch.objects.get()
    assert provenance(batch) == WORKSHOP
    for verb in (AuditVerb.SURVEY_PROPOSED, AuditVerb.SURVEY_IMPORT_UPLOADED):
        changes = AuditEvent.objects.get(verb=verb).changes
        assert (changes["keyed_by"], changes["source_document"]) == (
            [None, KEYED_BY],
            [None, SOURCE],
        )
    batch = import_services.import_batch_confirm(batch=batch, by=officer)
    assert batch.responses_created == 6, (batch.message, batch.errors)
    detail = client.get(batch.get_absolute_url()).content.decode()
    assert all(text in detail for text in (KEYED_BY, SOURCE, "Workshop"))
    sources = [row for row in analyse(draft).sources if row.batch_id == batch.pk]
    assert [(row.channel, row.source, row.keyed_by, row.count) for row in sources] == [
        ("Workshop", SOURCE, KEYED_BY, 6)
    ]


def test_a_proposals_provenance_is_stored_as_typed_and_shown_inert(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    client = client_for(officer)
    upload(
        client,
        area,
        draft,
        csv_bytes(ROWS),
        channel="PAPER",
        keyed_by=HOSTILE,
        source_document=HOSTILE,
    )
    proposal = SurveyProposal.objects.get()
    assert provenance(proposal) == ("PAPER", HOSTILE, HOSTILE)
    review = client.get(proposal.get_absolute_url()).content.decode()
    client.post(proposal.get_absolute_url(), {"title": "Paper", "audience": "ALL"})
    batch = ImportBatch.objects.get()
    assert provenance(batch) == ("PAPER", HOSTILE, HOSTILE)
    detail = client.get(batch.get_absolute_url()).content.decode()
    for content in (review, detail):
        assert "<script>alert('keyed')" not in content
        assert "&lt;script&gt;alert(&#x27;keyed&#x27;)&lt;/script&gt;" in content
        assert "{{ csrf_token }}" in content


def test_a_proposal_without_provenance_records_none(
    officer: User, area: LocalArea, draft: Consultation
) -> None:
    client = client_for(officer)
    upload(client, area, draft, csv_bytes(ROWS))
    proposal = SurveyProposal.objects.get()
    assert (proposal.keyed_by, proposal.source_document) == ("", "")
    assert "Not recorded" in client.get(proposal.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("field", "limit"), [("keyed_by", 200), ("source_document", 300)]
)
def test_overlong_provenance_is_refused_with_the_limit_and_nothing_kept(
    officer: User, area: LocalArea, draft: Consultation, field: str, limit: int
) -> None:
    text = "x" * (limit + 1)
    page = upload(client_for(officer), area, draft, csv_bytes(ROWS), **{field: text})
    assert page.status_code == HTTPStatus.OK
    assert f"{limit} characters" in page.content.decode()
    with pytest.raises(
        import_services.ImportRefused, match=f"{limit} characters or fewer"
    ):
        proposal_services.survey_proposal_create(
            consultation=draft,
            data=csv_bytes(ROWS),
            file_name="forms.csv",
            channel="PAPER",
            by=officer,
            **{field: text},
        )
    assert not SurveyProposal.objects.exists()
