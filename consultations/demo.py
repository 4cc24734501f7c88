"""Demo consultations: Hertfordshire's draft 2026-29 strategy and Buckinghamshire's
2020 consultation with its published “You said, we did”.

Hertfordshire's consultation opened on 14 November 2025 (the real date). So
that families can try the journey in the demo, it closes at 11:59:59pm on the
first 6 February at least 30 days after the day the demo is loaded (the real
consultation closed on 6 February 2026). Its generated responses all fall in
the real window, from a seeded random generator, so loading twice on a day
gives the same data.
"""

import datetime
import random
import uuid
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from sendportal.accounts.models import User
from sendportal.areas.demo import demo_email
from sendportal.areas.models import District
from strategies.codes import ABOUT_A_CHILD
from strategies.codes import Channel
from strategies.codes import CoproductionLevel
from strategies.codes import Likert
from strategies.codes import RespondentType
from strategies.codes import SettingType
from strategies.codes import SupportedBy
from strategies.codes import SupportLevel
from strategies.models import Priority
from strategies.models import Strategy
from strategies.models import Theme

from . import publishing
from .demo_imports import load_hertfordshire_imports
from .demo_languages import load_hertfordshire_languages
from .models import Answer
from .models import AnswerTheme
from .models import Consultation
from .models import ConsultationStatus
from .models import Option
from .models import Question
from .models import QuestionType
from .models import Response
from .models import ResponseContact
from .models import Survey
from .models import YouSaidWeDid
from .scales import EASY_READ_SCALES

LONDON = zoneinfo.ZoneInfo("Europe/London")
TOKENS = uuid.UUID("6f1c1c52-93a4-4c2b-9a55-3c1d8d1f2e10")

# SEND_DOMAIN.md 7.8: 45% parents/carers, 10% children and young people,
# 35% professionals, 5% voluntary sector, 5% other.
RESPONDENT_MIX: tuple[tuple[str, int], ...] = (
    ("PARENT_CARER", 42),
    ("FAMILY_OTHER", 3),
    ("CYP", 4),
    ("YOUNG_PERSON", 6),
    ("EDUCATION_SCHOOL", 16),
    ("EDUCATION_EARLY_YEARS", 4),
    ("EDUCATION_POST16", 3),
    ("HEALTH", 6),
    ("SOCIAL_CARE", 3),
    ("LA_OFFICER", 3),
    ("VCS", 3),
    ("PCF_REP", 2),
    ("OTHER", 3),
    ("PREFER_NOT_SAY", 2),
)
NEED_WEIGHTS = (
    ("ASD", 33),
    ("SLCN", 20),
    ("SEMH", 16),
    ("MLD", 8),
    ("SLD", 9),
    ("PMLD", 2),
    ("SPLD", 3),
    ("HI", 2),
    ("VI", 1),
    ("PD", 3),
    ("OTH", 2),
    ("UNSURE", 4),
)
EASY_READ_AGES = {
    "CYP": ("AGE_5_10", "AGE_11_15"),
    "YOUNG_PERSON": ("AGE_16_19", "AGE_20_25"),
}
# Who helped people answer ("Did someone help you answer?"): most children and
# young people on the Easy Read survey answer with a parent, a teacher or a
# support worker beside them; fewer do on the standard survey, and adults
# mostly answer alone.
HELPED_EASY_READ = (
    (SupportedBy.PARENT_CARER, 35),
    (SupportedBy.TEACHER_SUPPORT_WORKER, 30),
    (SupportedBy.ADVOCATE, 6),
    (SupportedBy.SOMEONE_ELSE, 5),
    (SupportedBy.NOBODY, 19),
    (SupportedBy.PREFER_NOT_SAY, 5),
)
HELPED_YOUNG = (
    (SupportedBy.PARENT_CARER, 25),
    (SupportedBy.TEACHER_SUPPORT_WORKER, 15),
    (SupportedBy.ADVOCATE, 5),
    (SupportedBy.SOMEONE_ELSE, 5),
    (SupportedBy.NOBODY, 45),
    (SupportedBy.PREFER_NOT_SAY, 5),
)
HELPED_ADULT = (
    (SupportedBy.SOMEONE_ELSE, 3),
    (SupportedBy.ADVOCATE, 1),
    (SupportedBy.NOBODY, 90),
    (SupportedBy.PREFER_NOT_SAY, 6),
)


def who_helped(rng: random.Random, survey: Survey, respondent_type: str) -> str:
    """A demo answer to "Did someone help you answer?"."""
    if survey.is_easy_read:
        return weighted(rng, HELPED_EASY_READ)
    if respondent_type in (RespondentType.CYP, RespondentType.YOUNG_PERSON):
        return weighted(rng, HELPED_YOUNG)
    return weighted(rng, HELPED_ADULT)


AGE_WEIGHTS = (("UNDER_5", 5), ("AGE_5_10", 33), ("AGE_11_15", 37), ("AGE_16_19", 20))
LIKERT_WEIGHTS = (
    (Likert.STRONGLY_AGREE, 18),
    (Likert.AGREE, 38),
    (Likert.NEITHER, 16),
    (Likert.DISAGREE, 14),
    (Likert.STRONGLY_DISAGREE, 8),
    (Likert.DONT_KNOW, 6),
)
EASY_READ_WEIGHTS = ((Likert.AGREE, 60), (Likert.NEITHER, 25), (Likert.DISAGREE, 15))
COMMENTS: tuple[tuple[str, str | None], ...] = (
    (
        "We waited 18 months for an autism assessment and had no help meanwhile.",
        "Waiting times for assessment",
    ),
    (
        "Nobody answers emails from the SEND team. Please tell us who our case officer is.",
        "Communication with families",
    ),
    (
        "My son travels an hour each way because there is no suitable school nearby.",
        "School places near home",
    ),
    ("Transport to college is a real worry after 16.", "Transport"),
    (
        "Teachers need training on autism and sensory needs in mainstream schools.",
        "Staff training",
    ),
    (
        "My daughter felt welcome at her primary school but not at secondary.",
        "Feeling welcome and included",
    ),
    (
        "There are very few college courses for young people with complex needs.",
        "Post-16 options",
    ),
    ("The ambitions are good but how will you measure them?", None),
    ("Please write the strategy in plain English.", "Communication with families"),
    (
        "Support should not depend on getting a diagnosis first.",
        "Waiting times for assessment",
    ),
    (
        "We need more specialist places locally, not out of county.",
        "School places near home",
    ),
    ("Annual reviews are late and EHC plans are not updated.", None),
)


@dataclass(frozen=True)
class DemoQuestion:
    text: str
    kind: str
    required: bool = False
    priority: int | None = None
    options: Sequence[str] = ()
    show_to: Sequence[str] = ()
    help_text: str = ""
    # Easy Read: a bundled symbol beside the question, and one per option.
    symbol: str = ""
    option_symbols: Sequence[str] = ()


def weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def closing_date(today: datetime.date) -> datetime.datetime:
    """The first 6 February at least 30 days after `today`, at 11:59:59pm."""
    year = today.year
    while datetime.date(year, 2, 6) < today + datetime.timedelta(days=30):
        year += 1
    return datetime.datetime(year, 2, 6, 23, 59, 59, tzinfo=LONDON)


def load_survey(
    consultation: Consultation,
    title: str,
    questions: Sequence[DemoQuestion],
    *,
    sort: int = 0,
    easy_read: bool = False,
    audience: str = "ALL",
    intro: str = "",
) -> Survey:
    survey, _ = Survey.objects.update_or_create(
        consultation=consultation,
        title=title,
        defaults={
            "sort": sort,
            "is_easy_read": easy_read,
            "audience": audience,
            "intro": intro,
        },
    )
    priorities = {
        p.number: p for p in Priority.objects.filter(strategy=consultation.strategy)
    }
    for number, item in enumerate(questions, start=1):
        question, _ = Question.objects.update_or_create(
            survey=survey,
            sort=number,
            defaults={
                "text": item.text,
                "question_type": item.kind,
                "required": item.required,
                "priority": priorities.get(item.priority) if item.priority else None,
                "show_to": list(item.show_to),
                "help_text": item.help_text,
                "picture_symbol": item.symbol,
            },
        )
        symbols = list(item.option_symbols) or [""] * len(item.options)
        for index, (label, symbol) in enumerate(
            zip(item.options, symbols, strict=True), start=1
        ):
            Option.objects.update_or_create(
                question=question,
                code=f"o{index}",
                defaults={
                    "label": label,
                    "sort": index,
                    "is_exclusive": label.startswith("Don"),
                    "picture_symbol": symbol,
                },
            )
    return survey


def generate_responses(
    survey: Survey,
    *,
    count: int,
    seed: int,
    start: datetime.datetime,
    end: datetime.datetime,
    mix: Sequence[tuple[str, int]] = RESPONDENT_MIX,
    asks_who_helped: bool = True,
) -> None:
    """Give the survey `count` seeded random demo responses, once.

    A second load keeps the responses already there, so their ids, references
    and coding stay as they were.
    """
    # Not the responses imported from a file (consultations/demo_imports.py).
    generated = Response.objects.filter(survey=survey, import_batch__isnull=True)
    if generated.count() == count:
        return
    rng = random.Random(seed)
    # A generator of its own, so the other demo figures stay as they were.
    helper_rng = random.Random(seed + 1)
    consultation = survey.consultation
    districts = list(District.objects.filter(area_id=consultation.area_id))
    questions = list(survey.questions.prefetch_related("options").order_by("sort"))
    themes = {t.name: t for t in Theme.objects.for_strategy(consultation.strategy)}
    generated.delete()
    span = (end - start).total_seconds()
    responses: list[Response] = []
    for i in range(count):
        respondent_type = weighted(rng, mix)
        # The Easy Read profile asks a young person their own age and nothing
        # about a child someone answers for.
        about_child = respondent_type in ABOUT_A_CHILD and not survey.is_easy_read
        ages = (
            [rng.choice(EASY_READ_AGES[respondent_type])]
            if survey.is_easy_read and respondent_type in EASY_READ_AGES
            else [weighted(rng, AGE_WEIGHTS)]
            if about_child
            else []
        )
        # Responses bunch towards the closing date, as they do in practice.
        moment = start + datetime.timedelta(seconds=span * rng.random() ** 0.7)
        responses.append(
            Response(
                consultation=consultation,
                survey=survey,
                reference=f"D{seed % 100:02d}{i:02X}-{rng.randrange(16**4):04X}"[:12],
                submission_token=uuid.uuid5(TOKENS, f"{seed}-{i}"),
                submitted_at=moment,
                channel=Channel.EASY_READ_SURVEY
                if survey.is_easy_read
                else (Channel.PAPER if rng.random() < 0.06 else Channel.ONLINE_SURVEY),
                respondent_type=respondent_type,
                district=rng.choice(districts)
                if districts and rng.random() < 0.93
                else None,
                age_bands=ages,
                need_codes=sorted(
                    {weighted(rng, NEED_WEIGHTS) for _ in range(rng.randint(1, 2))}
                )
                if about_child
                else [],
                setting_type=rng.choice(list(SettingType.values))
                if about_child
                else "",
                support_level=rng.choice(list(SupportLevel.values))
                if about_child
                else "",
                supported_by=who_helped(helper_rng, survey, respondent_type)
                if asks_who_helped
                else "",
            )
        )
    Response.objects.bulk_create(responses)
    answers: list[Answer] = []
    codings: list[tuple[int, str]] = []
    contacts: list[ResponseContact] = []
    for response in responses:
        for question in questions:
            if not question.is_for(response.respondent_type):
                continue
            if not question.required and rng.random() < 0.2:
                continue
            kind = question.question_type
            if kind in EASY_READ_SCALES:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        option_code=weighted(rng, EASY_READ_WEIGHTS),
                    )
                )
            elif kind == QuestionType.LIKERT:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        option_code=weighted(rng, LIKERT_WEIGHTS),
                    )
                )
            elif kind == QuestionType.SINGLE_CHOICE:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        option_code=rng.choice(question.options.all()).code,
                    )
                )
            elif kind == QuestionType.FREE_TEXT and rng.random() < 0.45:
                text, theme = rng.choice(COMMENTS)
                answer = Answer(response=response, question=question, text_value=text)
                answers.append(answer)
                if theme and rng.random() < 0.6:
                    codings.append((len(answers) - 1, theme))
        if rng.random() < 0.15:
            contacts.append(
                ResponseContact(
                    response=response,
                    email=f"respondent-{response.reference.lower()}@example.invalid",
                    consented_at=response.submitted_at,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=2000)
    AnswerTheme.objects.bulk_create(
        [
            AnswerTheme(answer=answers[index], theme=themes[name])
            for index, name in codings
            if name in themes
        ]
    )
    ResponseContact.objects.bulk_create(contacts)


AMBITIONS = (
    "Listen, engage, collaborate, evolve",
    "Early identification and support",
    "Local provision for children and young people",
    "Aspiration for all",
    "Preparing for the future",
    "Strong foundations",
)
HERTS_QUESTIONS = (
    DemoQuestion(
        "Do the ambitions reflect what matters most to children and young people with SEND and their families?",
        QuestionType.LIKERT,
        required=True,
    ),
    *(
        DemoQuestion(
            f"To what extent do you agree with ambition {n}: {title}?",
            QuestionType.LIKERT,
            priority=n,
        )
        for n, title in enumerate(AMBITIONS, start=1)
    ),
    DemoQuestion(
        "Are there any parts which are missing, unclear or need strengthening?",
        QuestionType.FREE_TEXT,
        help_text="Do not include names or details that could identify a child.",
    ),
    DemoQuestion(
        "What do you think is the single most important priority for us to focus on?",
        QuestionType.SINGLE_CHOICE,
        required=True,
        options=AMBITIONS,
    ),
    DemoQuestion(
        "How did you hear about this consultation?",
        QuestionType.SINGLE_CHOICE,
        options=(
            "School or college",
            "Herts Parent Carer Involvement",
            "Social media",
            "Local Offer website",
            "Other",
        ),
    ),
)
# Easy Read all the way: its own short profile (consultations/journey.py),
# a picture beside every question and answer, and answer scales that map onto
# the standard survey's, one Easy Read question per ambition.
HERTS_EASY_READ = (
    DemoQuestion(
        "Do you like our plans?",
        QuestionType.YES_NOT_SURE_NO,
        required=True,
        symbol="list",
        help_text="Our plans say how we will help you. This help is for school, "
        "college and home.",
    ),
    DemoQuestion(
        "We will listen to you. Do you agree?",
        QuestionType.FACES_AGREE,
        priority=1,
        symbol="talk",
    ),
    DemoQuestion(
        "We will help you early. Do you agree?",
        QuestionType.FACES_AGREE,
        priority=2,
        symbol="helper",
    ),
    DemoQuestion(
        "We want a good school near your home. Do you agree?",
        QuestionType.FACES_AGREE,
        priority=3,
        symbol="school",
    ),
    DemoQuestion(
        "We want you to do well. Do you agree?",
        QuestionType.FACES_AGREE,
        priority=4,
        symbol="star",
    ),
    DemoQuestion(
        "We will help you plan what you do when you are older. Do you agree?",
        QuestionType.FACES_AGREE,
        priority=5,
        symbol="college",
    ),
    DemoQuestion(
        "We want staff who know how to help you. Do you agree?",
        QuestionType.FACES_AGREE,
        priority=6,
        symbol="teacher",
    ),
    DemoQuestion(
        "What is the most important thing for us to work on?",
        QuestionType.SINGLE_CHOICE,
        required=True,
        options=(
            "Listening to me",
            "Help early",
            "A school near me",
            "Feeling welcome",
            "Planning my future",
            "Good staff",
        ),
        symbol="idea",
        help_text="Pick one.",
        option_symbols=("talk", "helper", "school", "hug", "college", "teacher"),
    ),
    DemoQuestion(
        "Do you get the help you need as a parent or carer?",
        QuestionType.YES_NOT_SURE_NO,
        show_to=("PARENT_CARER",),
        symbol="family",
    ),
    DemoQuestion(
        "Is there anything else you want to tell us?",
        QuestionType.FREE_TEXT,
        symbol="speech",
        help_text="Please do not write the names of people.",
    ),
)
HERTS_OPENED = datetime.datetime(2025, 11, 14, 0, 0, tzinfo=LONDON)
HERTS_REAL_CLOSE = datetime.datetime(2026, 2, 6, 23, 59, 59, tzinfo=LONDON)


def load_hertfordshire(stdout: TextIO) -> None:
    strategy = Strategy.objects.get(area__slug="hertfordshire", period_start=2026)
    consultation, _ = Consultation.objects.update_or_create(
        area=strategy.area,
        title="Have your say on our draft SEND strategy for 2026 to 2029",
        defaults={
            "strategy": strategy,
            "summary": (
                "Our draft strategy has six ambitions shaped by more than 1,000 "
                "voices. Tell us whether they reflect what matters most, what is "
                "missing or unclear, and what we should focus on first. There are "
                "online events with a BSL interpreter, and an Easy Read survey for "
                "children and young people."
            ),
            "coproduction_level": CoproductionLevel.CONSULT,
            "audiences": [
                "PARENT_CARER",
                "CYP",
                "YOUNG_PERSON",
                "EDUCATION_SCHOOL",
                "HEALTH",
                "SOCIAL_CARE",
            ],
            "opens_at": HERTS_OPENED,
            "closes_at": closing_date(timezone.localdate()),
            "status": ConsultationStatus.OPEN,
            "expected_mix": {
                "FAMILIES": 40,
                "CYP": 25,
                "PROFESSIONALS": 25,
                "VCS": 5,
                "OTHER": 5,
            },
            "documents_url": "https://www.hertfordshire.gov.uk/SENDstrategy",
        },
    )
    standard = load_survey(consultation, "Draft SEND strategy survey", HERTS_QUESTIONS)
    easy = load_survey(
        consultation,
        "Easy Read survey for children and young people",
        HERTS_EASY_READ,
        sort=1,
        easy_read=True,
        audience="CYP",
    )
    load_hertfordshire_languages(consultation, standard)
    generate_responses(
        standard, count=320, seed=2026, start=HERTS_OPENED, end=HERTS_REAL_CLOSE
    )
    generate_responses(
        easy,
        count=30,
        mix=(("CYP", 55), ("YOUNG_PERSON", 35), ("PARENT_CARER", 10)),
        seed=2027,
        start=HERTS_OPENED,
        end=HERTS_REAL_CLOSE,
    )
    load_published_responses(consultation, HERTS_STORIES, seed=2026)
    stdout.write("  Hertfordshire: consultation on the draft strategy, 350 responses")


# Before the draft, Hertfordshire listened: the "more than 1,000 voices" of
# its draft strategy began with this survey in spring 2025, whose “You said,
# we did” tells how each theme shaped the draft and its first-year plan.
HERTS_LISTENING_OPENED = datetime.datetime(2025, 3, 3, 0, 0, tzinfo=LONDON)
HERTS_LISTENING_CLOSED = datetime.datetime(2025, 5, 30, 23, 59, 59, tzinfo=LONDON)
HERTS_LISTENING_QUESTIONS = (
    DemoQuestion(
        "How well do services for children and young people with SEND work for your family?",
        QuestionType.LIKERT,
        required=True,
    ),
    DemoQuestion(
        "What would be better if we changed it?",
        QuestionType.FREE_TEXT,
        help_text="Do not include names or details that could identify a child.",
    ),
)
HERTS_LISTENING_FEEDBACK = (
    (
        "Communication with families",
        "Families told us they did not know who to contact about their child's plan and that emails went unanswered.",
        "Ambition 1 of our draft strategy is to listen and communicate better. Every family will have a named contact, and we are measuring how quickly we reply.",
        "planned",
    ),
    (
        "Waiting times for assessment",
        "You told us that waits for assessments were too long and that there was little help while you waited.",
        "Ambition 2 is early identification and support. Our first-year plan clears the backlog of EHC needs assessments and sends families regular updates while they wait.",
        "planned",
    ),
    (
        "School places near home",
        "Parents said their children travel too far because there are not enough specialist places nearby.",
        "Ambition 3 is local provision. We are opening new specialist places in mainstream schools across the county.",
        "planned",
    ),
    (
        "Staff training",
        "Families and young people asked for teachers who understand autism and sensory needs.",
        "Ambition 6 is strong foundations, starting with training for staff in every setting.",
        "planned",
    ),
)


def load_hertfordshire_listening(stdout: TextIO) -> None:
    strategy = Strategy.objects.get(area__slug="hertfordshire", period_start=2026)
    consultation, _ = Consultation.objects.update_or_create(
        area=strategy.area,
        title="Tell us what matters: listening to families before our next SEND strategy",
        defaults={
            "strategy": strategy,
            "summary": (
                "Before writing our next SEND strategy we asked families, children "
                "and young people and professionals what works well and what would "
                "be better. What you told us shaped the six ambitions of the draft."
            ),
            "coproduction_level": CoproductionLevel.ENGAGE,
            "audiences": ["PARENT_CARER", "CYP", "YOUNG_PERSON", "EDUCATION_SCHOOL"],
            "opens_at": HERTS_LISTENING_OPENED,
            "closes_at": HERTS_LISTENING_CLOSED,
            "status": ConsultationStatus.FEEDBACK_PUBLISHED,
            "no_easy_read_reason": (
                "Children and young people gave their views at school workshops "
                "run with the Youth Council, not through an online survey."
            ),
            "feedback_published_at": datetime.datetime(
                2025, 9, 15, 12, 0, tzinfo=LONDON
            ),
            "expected_mix": {
                "FAMILIES": 50,
                "CYP": 10,
                "PROFESSIONALS": 30,
                "VCS": 5,
                "OTHER": 5,
            },
        },
    )
    survey = load_survey(consultation, "Listening survey", HERTS_LISTENING_QUESTIONS)
    generate_responses(
        survey,
        count=260,
        seed=2025,
        start=HERTS_LISTENING_OPENED,
        end=HERTS_LISTENING_CLOSED,
    )
    themes = {t.name: t for t in Theme.objects.for_strategy(strategy)}
    for sort, (name, said, did, status) in enumerate(HERTS_LISTENING_FEEDBACK, 1):
        theme = themes[name]
        YouSaidWeDid.objects.update_or_create(
            consultation=consultation,
            sort=sort,
            defaults={
                "theme": theme,
                "you_said": said,
                # How many people the officer's coding counted for the theme.
                "said_count": Response.objects.filter(
                    consultation=consultation, answers__themes=theme
                )
                .distinct()
                .count(),
                "we_did": did,
                "status": status,
                "is_published": True,
            },
        )
    stdout.write(
        "  Hertfordshire: 2025 listening survey with “You said, we did”, 260 responses"
    )


BUCKS_QUESTIONS = (
    DemoQuestion(
        "To what extent do you agree with the vision of the strategy?",
        QuestionType.LIKERT,
        required=True,
    ),
    DemoQuestion(
        "To what extent do you agree with the principles of the strategy?",
        QuestionType.LIKERT,
        required=True,
    ),
    DemoQuestion(
        "To what extent do you agree with the aims, built on the Preparing for Adulthood outcomes?",
        QuestionType.LIKERT,
        required=True,
        priority=1,
    ),
    DemoQuestion("Is there anything you would change or add?", QuestionType.FREE_TEXT),
)
BUCKS_FEEDBACK = (
    (
        "Autism and ADHD assessment waits",
        "Families told us that waits for autism and ADHD assessments were too long and that there was little help while waiting.",
        31,
        "We made autism and ADHD assessment waits one of three areas of the Written Statement of Action and set up an impact group to reduce them.",
        "done",
    ),
    (
        "Therapies for speech and language",
        "Parents asked for speech and language therapy to be available in school, not only in clinics.",
        18,
        "The therapies strategy for speech, language and occupational therapy now includes support delivered in settings.",
        "done",
    ),
    (
        "Post-16 options",
        "Young people at the Shout Out for SEND conference wanted more choice of courses and work experience after 16.",
        12,
        "Preparing for Adulthood is one of the eight priorities of the Improvement Plan, with its own impact group.",
        "planned",
    ),
    (
        "Social and leisure activities",
        "Some young people said there were few clubs where they felt welcome.",
        4,
        "The voluntary and community sector, represented by Pace, is working on a directory of inclusive activities.",
        "planned",
    ),
)


def load_buckinghamshire(stdout: TextIO) -> None:
    strategy = Strategy.objects.get(area__slug="buckinghamshire", period_start=2021)
    opens = datetime.datetime(2020, 3, 2, 0, 0, tzinfo=LONDON)
    closes = datetime.datetime(2020, 4, 6, 23, 59, 59, tzinfo=LONDON)
    consultation, _ = Consultation.objects.update_or_create(
        area=strategy.area,
        title="Consultation on the SEND and Inclusion Strategy 2021 to 2023",
        defaults={
            "strategy": strategy,
            "summary": (
                "We asked for your views on the vision, principles and aims of the "
                "strategy, developed with young people at the Shout Out for SEND "
                "conference, the SEND Youth Forum and FACT Bucks."
            ),
            "audiences": ["PARENT_CARER", "YOUNG_PERSON", "EDUCATION_SCHOOL", "HEALTH"],
            # The strategy was shaped with young people before it was asked about.
            "coproduction_level": CoproductionLevel.ENGAGE,
            "opens_at": opens,
            "closes_at": closes,
            "status": ConsultationStatus.FEEDBACK_PUBLISHED,
            "no_easy_read_reason": (
                "Young people gave their views in person, with support workers, at "
                "the Shout Out for SEND conference and the SEND Youth Forum. No "
                "Easy Read survey was made."
            ),
            "feedback_published_at": datetime.datetime(
                2021, 3, 2, 12, 0, tzinfo=LONDON
            ),
            "expected_mix": {
                "FAMILIES": 45,
                "CYP": 10,
                "PROFESSIONALS": 35,
                "VCS": 5,
                "OTHER": 5,
            },
        },
    )
    survey = load_survey(consultation, "Strategy consultation survey", BUCKS_QUESTIONS)
    # The 2020 survey did not ask who helped.
    generate_responses(
        survey,
        count=140,
        seed=2020,
        start=opens,
        end=closes,
        asks_who_helped=False,
    )
    themes = {t.name: t for t in Theme.objects.for_strategy(strategy)}
    for sort, (theme, said, count, did, status) in enumerate(BUCKS_FEEDBACK, start=1):
        YouSaidWeDid.objects.update_or_create(
            consultation=consultation,
            sort=sort,
            defaults={
                "theme": themes.get(theme),
                "you_said": said,
                "said_count": count,
                "we_did": did,
                "status": status,
                "is_published": True,
            },
        )
    load_published_responses(consultation, BUCKS_STORIES, seed=2020)
    stdout.write("  Buckinghamshire: 2020 consultation with “You said, we did”")


@dataclass(frozen=True)
class Story:
    """A demo answer from someone who agreed to publishing; `publish`: an
    officer has struck out what the patterns found and published it (else it
    is waiting for review)."""

    text: str
    publish: bool


BUCKS_STORIES = (
    Story(
        "My son Oliver waited 18 months for his EHCP. Mrs Patel, his SENCO, was "
        "the only person who kept us informed. Please ring me on 07700 900123 if "
        "you want to know more.",
        True,
    ),
    Story(
        "The vision is right but parents need one named person to talk to. We "
        "live at 14 Acacia Avenue, HP19 8FJ and the nearest specialist place is "
        "over an hour away.",
        True,
    ),
    Story(
        "Young people should be asked, not just told. The SEND Youth Forum is a "
        "good start and it should meet in every part of the county.",
        True,
    ),
    Story(
        "My daughter Amelia has autism and anxiety. Transport to college has been "
        "the hardest part; email me at amelia.mum@example.com.",
        True,
    ),
    Story(
        "Speech and language therapy in school made the biggest difference for "
        "my child. Her NHS number is 943 476 5919 if you need to check.",
        False,
    ),
    Story(
        "Dr Okafor at the child development centre listened to us. More of that "
        "please.",
        False,
    ),
)
HERTS_STORIES = (
    Story(
        "The ambitions are right. My son Kwame is in Year 9 and needs help getting "
        "ready for college; call me on 01632 960001.",
        True,
    ),
    Story(
        "Please make the Local Offer easier to search. I could not find anything "
        "about short breaks for my family.",
        True,
    ),
    Story(
        "Our SENCO, Mrs Hughes, is brilliant but overloaded. Every school needs "
        "more time for SEN support.",
        True,
    ),
    Story("I want to choose what I do after school and who helps me.", False),
    Story("My daughter called Sophie waited two years for CAMHS.", False),
)


def load_published_responses(
    consultation: Consultation, stories: Sequence[Story], *, seed: int
) -> None:
    """Give a few responses of the standard survey consent to publishing and
    the demo's stories as their written answer; publish some with what the
    patterns found struck out (docs/publishing-responses.md). Once: a
    response already decided on is left as it is."""
    officer = User.objects.get(email=demo_email("officer", consultation.area.slug))
    survey = consultation.surveys.filter(is_easy_read=False).order_by("sort").first()
    question = (
        survey.questions.filter(question_type=QuestionType.FREE_TEXT)
        .order_by("sort")
        .first()
        if survey
        else None
    )
    if survey is None or question is None:
        return
    responses = list(
        # Not the responses imported from a file (consultations/demo_imports.py).
        Response.objects.filter(survey=survey, import_batch__isnull=True)
        .select_related("publication")
        .order_by("submitted_at", "pk")
    )
    chosen = random.Random(seed).sample(responses, len(stories))
    for response, story in zip(chosen, stories, strict=True):
        if hasattr(response, "publication"):
            continue
        if response.publish_consent is not True:
            Response.objects.filter(pk=response.pk).update(publish_consent=True)
            response.publish_consent = True
        answer = response.answers.filter(question=question).first()
        if answer is None:
            Answer.objects.create(
                response=response, question=question, text_value=story.text
            )
        elif answer.text_value != story.text:
            Answer.objects.filter(pk=answer.pk).update(text_value=story.text)
        if not story.publish:
            continue
        answer = response.answers.get(question=question)
        publishing.response_redact(
            response=response,
            strikes=[
                publishing.Strike(
                    answer.pk,
                    span.start,
                    span.end,
                    publishing.REASON_FOR_KIND[span.kind],
                )
                for span in publishing.proposed_spans(answer)
            ],
            by=officer,
        )
        publishing.response_publish(
            response=response,
            by=officer,
            at=response.submitted_at + datetime.timedelta(days=14),
        )


@transaction.atomic
def load(stdout: TextIO) -> None:
    load_hertfordshire_listening(stdout)
    load_hertfordshire(stdout)
    load_hertfordshire_imports(stdout)
    load_buckinghamshire(stdout)
