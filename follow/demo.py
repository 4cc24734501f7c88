"""Demo responses a visitor can follow, one in Buckinghamshire and one in
Hertfordshire, with fixed references and follow links.

Each is a demo response whose free-text answer is coded to themes that
public actions respond to, with a RAG history since it was sent. Hertfordshire
gets a small published plan on its draft 2026 strategy for that (its early
actions while the strategy is finished); its actions are linked to the themes
of their priority as Buckinghamshire's are.
"""

import datetime
from dataclasses import dataclass
from typing import TextIO

from consultations.models import Answer
from consultations.models import AnswerTheme
from consultations.models import QuestionType
from consultations.models import Response
from improvement.demo import DemoAction
from improvement.demo import DemoWorkstream
from improvement.demo import load_plan
from improvement.demo import load_theme_links
from improvement.models import ActionTheme
from sendportal.areas.models import LocalArea
from strategies.models import Strategy
from strategies.models import Theme


@dataclass(frozen=True)
class DemoFollower:
    area_slug: str
    reference: str
    token: str
    # The themes the demo answer is coded to, by name.
    themes: tuple[str, ...]
    answer: str


DEMO_FOLLOWERS = (
    DemoFollower(
        "buckinghamshire",
        "BUCK-FAM2",
        "demo-follow-buckinghamshire-2Kq7VfR9xWc4Tn8Yp3Ld",
        ("Autism and ADHD assessment waits", "Therapies for speech and language"),
        "My son waited two years for an autism assessment and had no speech "
        "therapy at school while we waited.",
    ),
    DemoFollower(
        "hertfordshire",
        "HERT-FAM6",
        "demo-follow-hertfordshire-8Hs3MbQ6zJd2Wr5Gk9Xa",
        ("Waiting times for assessment", "Communication with families"),
        "Nobody told us where our EHC needs assessment had got to for months.",
    ),
)

d = datetime.date
HERTS_PLAN_WORKSTREAMS = (
    DemoWorkstream(
        "Listening and communication",
        (1,),
        (
            DemoAction(
                "Give every family a named EHCP contact and a reply within five days",
                "Hertfordshire County Council",
                d(2026, 12, 31),
                "Families say they know who to ask and hear back within five days",
            ),
        ),
        lead="lead",
    ),
    DemoWorkstream(
        "Timely assessments",
        (2,),
        (
            DemoAction(
                "Clear the backlog of EHC needs assessments past 20 weeks",
                "Hertfordshire County Council",
                d(2027, 3, 31),
                "Most new EHC plans issued within 20 weeks",
            ),
            DemoAction(
                "Send families a monthly update while their assessment is under way",
                "Hertfordshire County Council",
                d(2026, 9, 30),
            ),
        ),
        lead="lead.assessments",
        lead_title="Assessments Workstream Lead",
    ),
)


def load_hertfordshire_plan() -> None:
    area = LocalArea.objects.get(slug="hertfordshire")
    plan = load_plan(
        area=area,
        strategy=Strategy.objects.get(area=area, period_start=2026),
        title="Early actions on what families told us, 2026",
        board="SEND Partnership Board",
        workstreams=HERTS_PLAN_WORKSTREAMS,
        update_months=[d(2026, month, 5) for month in range(3, 12)],
        start=d(2026, 2, 1),
    )
    load_theme_links(plan)


def load_follower(demo: DemoFollower) -> Response:
    """Give the area's first demo response with a free-text answer the fixed
    reference and link, and code that answer to the demo's themes."""
    responses = Response.objects.filter(
        consultation__area__slug=demo.area_slug,
        answers__question__question_type=QuestionType.FREE_TEXT,
    )
    response = (
        responses.filter(reference=demo.reference).first()
        or responses.order_by("submitted_at", "pk").first()
    )
    if response is None:
        raise LookupError(f"No demo response in {demo.area_slug} to follow.")
    Response.objects.filter(pk=response.pk).update(
        reference=demo.reference, follow_token=demo.token
    )
    answer = Answer.objects.filter(
        response=response, question__question_type=QuestionType.FREE_TEXT
    ).first()
    assert answer is not None  # noqa: S101  # filtered above
    if answer.text_value != demo.answer:
        Answer.objects.filter(pk=answer.pk).update(text_value=demo.answer)
    themes = Theme.objects.filter(
        strategy=response.consultation.strategy, name__in=demo.themes
    )
    for theme in themes:
        AnswerTheme.objects.get_or_create(answer=answer, theme=theme)
    if not ActionTheme.objects.filter(theme__in=themes).exists():
        raise LookupError(f"No action of {demo.area_slug} responds to {demo.themes}.")
    response.refresh_from_db()
    return response


def load(stdout: TextIO) -> None:
    load_hertfordshire_plan()
    for demo in DEMO_FOLLOWERS:
        response = load_follower(demo)
        stdout.write(
            f"  Follow a response in {demo.area_slug}: /{demo.area_slug}/consultations"
            f"/follow/{response.reference}/{response.follow_token}/"
        )
