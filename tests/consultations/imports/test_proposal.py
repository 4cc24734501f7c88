"""Guessing a survey from a spreadsheet: the pure functions, on files built here."""

from consultations.imports.columns import SUBMITTED_AT
from consultations.imports.columns import detect_shape
from consultations.imports.columns import read_survey_file
from consultations.imports.proposal import CONTACT_COLUMN
from consultations.imports.proposal import TOOL_COLUMN
from consultations.imports.proposal import Proposal
from consultations.imports.proposal import by_frequency
from consultations.imports.proposal import guess_question
from consultations.imports.proposal import propose_survey
from consultations.models import QuestionType
from tests.consultations.imports.files import csv_bytes
from tests.consultations.imports.files import xlsx_bytes

AGREE = ["Strongly agree", "Agree", "Agree", "Disagree", "Don't know", "Agree"]


def proposed(rows: list[list[object]], name: str = "export.csv") -> Proposal:
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    table = read_survey_file(data, name)
    return propose_survey(table, detect_shape(table.headers))


def by_text(proposal: Proposal) -> dict[str, tuple[str, list[str]]]:
    return {q.text: (q.question_type, q.options) for q in proposal.questions}


def test_microsoft_forms_export() -> None:
    rows: list[list[object]] = [
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Do the ambitions reflect what matters?",
            "Which needs does your child have?",
            "Which area do you live in?",
        ]
    ]
    needs = ["Autism;", "Autism;Hearing impairment;", "Hearing impairment;"]
    areas = ["North", "South", "North", "North", "East", "South"]
    for i in range(6):
        rows.append(
            [
                i + 1,
                "11/14/25 09:00:00",
                "11/14/25 09:05:00",
                "anonymous",
                "",
                AGREE[i],
                needs[i % 3],
                areas[i],
            ]
        )
    proposal = proposed(rows, "forms.xlsx")
    assert by_text(proposal) == {
        "Do the ambitions reflect what matters?": (QuestionType.LIKERT, []),
        "Which needs does your child have?": (
            QuestionType.MULTI_CHOICE,
            ["Autism", "Hearing impairment"],
        ),
        "Which area do you live in?": (
            QuestionType.SINGLE_CHOICE,
            ["North", "South", "East"],
        ),
    }
    left = {column.heading: column.reason for column in proposal.left_out}
    assert left == {
        "ID": TOOL_COLUMN,
        "Start time": TOOL_COLUMN,
        "Completion time": TOOL_COLUMN,
        "Email": CONTACT_COLUMN,
        "Name": CONTACT_COLUMN,
    }
    completion = next(c for c in proposal.left_out if c.heading == "Completion time")
    assert completion.target == SUBMITTED_AT


def test_google_forms_export_with_a_comma_inside_an_option() -> None:
    rows: list[list[object]] = [
        ["Timestamp", "Email address", "Which needs?", "How many children?"]
    ]
    needs = [
        "Autism, Social, emotional and mental health",
        "Autism",
        "Social, emotional and mental health",
        "Hearing impairment, Autism",
        "Autism",
    ]
    for i, need in enumerate(needs):
        rows.append(["2025/11/14 9:00:00 AM GMT", f"p{i}@example.org", need, i + 1])
    proposal = proposed(rows)
    assert by_text(proposal) == {
        "Which needs?": (
            QuestionType.MULTI_CHOICE,
            ["Autism", "Social, emotional and mental health", "Hearing impairment"],
        ),
        "How many children?": (QuestionType.NUMBER, []),
    }
    assert [c.reason for c in proposal.left_out] == [TOOL_COLUMN, CONTACT_COLUMN]


def test_surveymonkey_two_heading_rows_make_one_multiple_choice() -> None:
    rows: list[list[object]] = [
        [
            "Respondent ID",
            "End Date",
            "Which needs does your child have?",
            "",
            "",
            "",
            "How much do you agree?",
            "",
            "Where do you live?",
            "",
        ],
        [
            "",
            "",
            "Autism",
            "Hearing impairment",
            "Social, emotional and mental health",
            "Other (please specify)",
            "The plan is clear",
            "The plan is fair",
            "Response",
            "Other (please specify)",
        ],
    ]
    for i in range(6):
        rows.append(
            [
                1000 + i,
                "11/14/2025 09:15:40",
                "Autism" if i % 2 else "",
                "Hearing impairment" if i % 3 == 0 else "",
                "Social, emotional and mental health" if i == 4 else "",
                "Dyslexia" if i == 5 else "",
                AGREE[i],
                AGREE[-i - 1],
                ["North", "South"][i % 2],
                "",
            ]
        )
    proposal = proposed(rows, "monkey.xlsx")
    first = proposal.questions[0]
    assert first.text == "Which needs does your child have?"
    assert first.question_type == QuestionType.MULTI_CHOICE
    assert first.options == [
        "Autism",
        "Hearing impairment",
        "Social, emotional and mental health",
    ]
    assert first.columns == [2, 3, 4]
    texts = by_text(proposal)
    assert texts["Which needs does your child have? – Other (please specify)"] == (
        QuestionType.FREE_TEXT,
        [],
    )
    assert texts["How much do you agree? – The plan is clear"][0] == QuestionType.LIKERT
    assert texts["How much do you agree? – The plan is fair"][0] == QuestionType.LIKERT
    assert texts["Where do you live?"] == (
        QuestionType.SINGLE_CHOICE,
        ["North", "South"],
    )
    assert [c.heading for c in proposal.left_out] == ["Respondent ID", "End Date"]


def test_free_text_from_many_different_answers() -> None:
    answers = [f"Answer number {i} about the plan" for i in range(8)]
    assert guess_question(answers, "other") == (QuestionType.FREE_TEXT, [])
    long = ["The transport to school has been a real struggle for us " * 2] * 2
    assert guess_question(long, "other") == (QuestionType.FREE_TEXT, [])
    commas = [
        "I like it, but the bus is late",
        "It is fine, thanks",
        "More help, please, at school",
        "Nothing to add",
        "Speech therapy, mostly",
    ]
    assert guess_question(commas, "google_forms")[0] == QuestionType.FREE_TEXT


def test_numbers_and_an_empty_column() -> None:
    assert guess_question(["1", "2", "1,200", "3.5"], "other") == (
        QuestionType.NUMBER,
        [],
    )
    assert guess_question([], "other") == (QuestionType.FREE_TEXT, [])


def test_an_email_column_is_contact_details_whatever_its_heading() -> None:
    rows: list[list[object]] = [["Your reply", "Which school?"]]
    for i in range(5):
        rows.append([f"person{i}@example.org", ["Oak", "Elm"][i % 2]])
    proposal = proposed(rows)
    assert [q.text for q in proposal.questions] == ["Which school?"]
    assert proposal.left_out[0].heading == "Your reply"
    assert proposal.left_out[0].reason == CONTACT_COLUMN


def test_options_by_frequency_with_other_last() -> None:
    values = ["Other", "Bus", "car", "Car", "Walk", "Car", "Bus", "Prefer not to say"]
    assert by_frequency(values) == ["car", "Bus", "Walk", "Other", "Prefer not to say"]


def test_hostile_headings_are_kept_as_typed() -> None:
    headings = ["<b>Bold</b> question", "{{ secret }}", '=HYPERLINK("x")']
    rows: list[list[object]] = [list(headings)]
    for i in range(5):
        rows.append(["Yes" if i % 2 else "No", "Yes", "No"])
    proposal = proposed(rows)
    assert [q.text for q in proposal.questions] == headings
    assert proposal.questions[0].options == ["No", "Yes"]
