"""Demo responses a visitor can follow, one in Buckinghamshire and one in
Hertfordshire, with fixed references and follow links.

Each is a demo response whose free-text answer is coded to themes that
public actions respond to (improvement/demo_thread.py links every action of
both areas' plans to the themes of its priority), with a RAG history since it
was sent.
"""

from dataclasses import dataclass
from typing import TextIO

from consultations.models import Answer
from consultations.models import QuestionType
from consultations.models import Response
from consultations.services import answers_code
from improvement.demo import _officer
from improvement.models import ActionTheme
from strategies.models import Theme


@dataclass(frozen=True)
class DemoFollower:
    area_slug: str
    reference: str
    token: str
    # The themes the demo answer is coded to, by name.
    themes: tuple[str, ...]


DEMO_FOLLOWERS = (
    DemoFollower(
        "buckinghamshire",
        "BUCK-FAM2",
        "demo-follow-buckinghamshire-2Kq7VfR9xWc4Tn8Yp3Ld",
        ("Autism and ADHD assessment waits", "Therapies for speech and language"),
    ),
    DemoFollower(
        "hertfordshire",
        "HERT-FAM6",
        "demo-follow-hertfordshire-8Hs3MbQ6zJd2Wr5Gk9Xa",
        ("Waiting times for assessment", "Communication with families"),
    ),
)


def load_follower(demo: DemoFollower) -> Response:
    """Give the first demo response with a free-text answer to the area's
    latest consultation the fixed reference and link, and code that answer to
    the demo's themes. (Not an earlier consultation's: their “You said, we
    did” counts the coded responses as the demo loads.)"""
    responses = Response.objects.filter(
        consultation__area__slug=demo.area_slug,
        answers__question__question_type=QuestionType.FREE_TEXT,
    )
    response = (
        responses.filter(reference=demo.reference).first()
        or responses.order_by("-consultation__opens_at", "submitted_at", "pk").first()
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
    themes = Theme.objects.filter(
        strategy=response.consultation.strategy, name__in=demo.themes
    )
    # As the area's officer codes answers on the free-text page (audited).
    answers_code(
        consultation=response.consultation,
        answer_ids=[answer.pk],
        themes=list(themes),
        by=_officer(response.consultation.area),
    )
    if not ActionTheme.objects.filter(theme__in=themes).exists():
        raise LookupError(f"No action of {demo.area_slug} responds to {demo.themes}.")
    response.refresh_from_db()
    return response


def load(stdout: TextIO) -> None:
    for demo in DEMO_FOLLOWERS:
        response = load_follower(demo)
        stdout.write(
            f"  Follow a response in {demo.area_slug}: /{demo.area_slug}/consultations"
            f"/follow/{response.reference}/{response.follow_token}/"
        )
