"""The demo's survey imports: Hertfordshire's draft strategy consultation.

Herts Parent Carer Involvement ran the consultation's questions on
SurveyMonkey at its drop-in sessions; its export, built here from a fixed seed
in the shape SurveyMonkey writes (two heading rows, a tick-all question over
several columns, month-first dates, its own words for who answered and short
district names), is imported through the import services: columns, date
order and answers matched, warnings acknowledged. A second upload is left
"Not imported yet", its answers already matched from the first, and a third
was discarded (off the imports list, on its own page and in the audit log;
docs/import-answers.md). Once: a file already uploaded is left as it is.
"""

import csv
import datetime
import io
import random
import zoneinfo
from typing import TextIO

from sendportal.accounts.models import User
from sendportal.areas.demo import demo_email
from sendportal.areas.models import District
from strategies.codes import Channel
from strategies.codes import SupportedBy

from .imports import services
from .imports.columns import DISTRICT
from .imports.columns import NEED_CODES
from .imports.columns import RESPONDENT_TYPE
from .imports.columns import SUBMITTED_AT
from .imports.columns import question_target
from .models import Consultation
from .models import ImportBatch
from .models import QuestionType
from .models import Survey
from .models.imports import DateOrder
from .models.imports import ImportStatus

LONDON = zoneinfo.ZoneInfo("Europe/London")
SEED = 1114
# Where the responses came from (docs/import-provenance-and-mapping-files.md).
KEYED_BY = "Herts Parent Carer Involvement volunteers"
SOURCE_DOCUMENT = (
    "SurveyMonkey collector at the HPCI drop-in sessions, November-December 2025"
)
ROWS = 40
IMPORTED = "HPCI drop-ins - SurveyMonkey export.csv"
WAITING = "HPCI drop-ins - second export.csv"
DISCARDED = "HPCI drop-ins - wrong survey.csv"
# Who answered, in SurveyMonkey's words, and the portal's respondent types.
TYPES = {
    "Parent or carer": "PARENT_CARER",
    "Education professional": "EDUCATION_SCHOOL",
    "Health professional": "HEALTH",
    "Voluntary or community sector": "VCS",
    "Other": "OTHER",
}
TYPE_WEIGHTS = (60, 15, 8, 10, 7)
# The form's short district names, by the district's full name.
DISTRICTS = {
    "Broxbourne": "Broxbourne BC",
    "Dacorum": "Dacorum BC",
    "East Herts": "E. Herts",
    "Hertsmere": "Hertsmere BC",
    "North Herts": "N. Herts",
    "St Albans": "St. Albans",
    "Stevenage": "Stevenage BC",
    "Three Rivers": "3 Rivers",
    "Watford": "Watford BC",
    "Welwyn Hatfield": "WelHat",
}
# The tick-all question spread over one column per answer.
NEEDS = {
    "Autism": "ASD",
    "Speech and language": "SLCN",
    "Social, emotional and mental health": "SEMH",
    "Learning difficulty": "MLD",
}
AGREE = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree")
AGREE_WEIGHTS = (30, 40, 18, 12)
COMMENTS = (
    "More drop-ins like this one, please, in the evenings.",
    "Ambition 2 matters most: we waited over a year for help.",
    "The strategy should say who families contact first.",
    "",
    "",
)


def survey_export(seed: int, rows: int) -> bytes:
    """A SurveyMonkey CSV export of the draft strategy questions: the same
    seed gives the same bytes."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    ambitions = ("Ambition 1", "Ambition 2", "Ambition 3")
    first = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "Which of these best describes you?",
        "Which district do you live in?",
        "What type of need does your child have? (tick all that apply)",
        *([""] * (len(NEEDS) - 1)),
        "Do the ambitions reflect what matters most to children and young people "
        "with SEND and their families?",
        *(f"To what extent do you agree with {name.lower()}?" for name in ambitions),
        "Are there any parts which are missing, unclear or need strengthening?",
    ]
    second = ["", "", "", "", "Response", "Response", *NEEDS, *["Response"] * 5]
    table = [first, second]
    # The drop-ins ran from the consultation's first day, 14 November 2025.
    at = datetime.datetime(2025, 11, 14, 9, 15, 40, tzinfo=LONDON)
    for number in range(rows - 1):
        kind = rng.choices(list(TYPES), TYPE_WEIGHTS)[0]
        ticked = rng.sample(list(NEEDS), rng.randint(1, 2))
        needs = [need if need in ticked else "" for need in NEEDS]
        if kind != "Parent or carer":
            needs = [""] * len(NEEDS)
        started = at - datetime.timedelta(seconds=rng.randint(120, 900))
        table.append(
            [
                str(114000000 + number * 7),
                "431",
                started.strftime("%m/%d/%Y %H:%M:%S"),
                at.strftime("%m/%d/%Y %H:%M:%S"),
                kind,
                rng.choice(list(DISTRICTS.values())),
                *needs,
                *(rng.choices(AGREE, AGREE_WEIGHTS)[0] for _ in range(4)),
                rng.choice(COMMENTS),
            ]
        )
        at += datetime.timedelta(seconds=rng.randint(1200, 180000))
    # One paper form keyed twice: the same time and answers, a new ID.
    table.append([str(114000000 + rows * 7), *table[len(table) // 2][1:]])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    return out.getvalue().encode("utf-8")


def _mapping(batch: ImportBatch, survey: Survey) -> list[str]:
    """The columns by position: the agree questions are the survey's first
    four, the comment its free-text question."""
    questions = services.survey_questions(survey)
    agree = [question_target(q.pk) for q in questions[:4]]
    comment = next(q for q in questions if q.question_type == QuestionType.FREE_TEXT)
    return [
        "",
        "",
        "",
        SUBMITTED_AT,
        RESPONDENT_TYPE,
        DISTRICT,
        *[NEED_CODES] * len(NEEDS),
        *agree,
        question_target(comment.pk),
    ][: len(batch.headers)]


def _values(consultation: Consultation) -> dict[str, dict[str, str]]:
    codes = dict(
        District.objects.filter(area=consultation.area).values_list("name", "code")
    )
    return {
        RESPONDENT_TYPE: dict(TYPES),
        DISTRICT: {short: codes[name] for name, short in DISTRICTS.items()},
        NEED_CODES: dict(NEEDS),
    }


def _upload(survey: Survey, name: str, data: bytes, by: User) -> ImportBatch:
    return services.import_batch_create(
        survey=survey,
        data=data,
        file_name=name,
        channel=Channel.IN_PERSON_EVENT,
        supported_by=SupportedBy.NOBODY,
        keyed_by=KEYED_BY,
        source_document=SOURCE_DOCUMENT,
        by=by,
    )


def load_hertfordshire_imports(stdout: TextIO) -> None:
    consultation = Consultation.objects.get(area__slug="hertfordshire", status="open")
    survey = consultation.surveys.filter(is_easy_read=False).order_by("sort").first()
    if survey is None:
        return
    admin = User.objects.get(email=demo_email("admin", consultation.area.slug))
    done = set(survey.import_batches.values_list("file_name", flat=True))
    if IMPORTED not in done:
        batch = _upload(survey, IMPORTED, survey_export(SEED, ROWS), admin)
        services.import_batch_map_columns(
            batch=batch, mapping=_mapping(batch, survey), by=admin
        )
        if batch.needs_date_order:
            services.import_batch_set_date_order(
                batch=batch, date_order=DateOrder.MONTH_FIRST, by=admin
            )
        services.import_batch_map_values(
            batch=batch, values=_values(consultation), by=admin
        )
        warnings = services.import_batch_warnings(batch)
        batch = services.import_batch_confirm(
            batch=batch,
            by=admin,
            background=False,
            acknowledged=[warning.kind for warning in warnings],
        )
        if batch.status != ImportStatus.DONE:
            raise RuntimeError(f"The demo's survey import failed: {batch.message}")
    # The nightly expiry discards an upload left waiting: load again to
    # have one waiting again.
    if not survey.import_batches.filter(
        file_name=WAITING, status=ImportStatus.UPLOADED
    ).exists():
        _upload(survey, WAITING, survey_export(SEED + 1, 12), admin)
    if DISCARDED not in done:
        wrong = _upload(survey, DISCARDED, survey_export(SEED + 2, 6), admin)
        services.import_batch_discard(batch=wrong, by=admin)
    stdout.write(
        f"  Hertfordshire: {ROWS} drop-in responses imported from SurveyMonkey"
    )
