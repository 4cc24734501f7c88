"""Publishing individual responses: strike out, publish, withhold, take down.

Each step is atomic and audited. Only a response whose respondent said yes to
"May we publish your answers, without your name?" can be published, and what
is published is a copy (`PublishedAnswer`) made from the answers with every
struck span replaced, so that public pages never read what families typed.
"""

import datetime
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from sendportal.pii import ADDRESS
from sendportal.pii import EMAIL
from sendportal.pii import NAME
from sendportal.pii import NHS_NUMBER
from sendportal.pii import PHONE
from sendportal.pii import POSTCODE
from sendportal.pii import Span
from sendportal.pii import find_pii

from .models import Answer
from .models import PublicationState
from .models import PublishedAnswer
from .models import QuestionType
from .models import Redaction
from .models import RedactionReason
from .models import Response
from .models import ResponsePublication

REMOVED = "[removed]"
NAME_REMOVED = "[name removed]"

# The reason proposed for each kind of detail the patterns find.
REASON_FOR_KIND = {
    NAME: RedactionReason.NAME,
    EMAIL: RedactionReason.CONTACT,
    PHONE: RedactionReason.CONTACT,
    ADDRESS: RedactionReason.ADDRESS,
    POSTCODE: RedactionReason.ADDRESS,
    NHS_NUMBER: RedactionReason.IDENTIFYING,
}


class PublishingRefusedError(ValidationError):
    """The response cannot be published (no consent), or the strike is wrong."""


@dataclass(frozen=True)
class Strike:
    """A span of one answer to strike out, and why."""

    answer_id: int
    start: int
    end: int
    reason: str


def free_text_answers(response: Response) -> QuerySet[Answer]:
    return (
        response.answers.filter(question__question_type=QuestionType.FREE_TEXT)
        .exclude(text_value="")
        .select_related("question")
        .prefetch_related("redactions")
        .order_by("question__survey", "question__sort", "pk")
    )


def proposed_spans(answer: Answer) -> list[Span]:
    """What the patterns find in an answer and is not struck out yet."""
    struck = [(r.start, r.end) for r in answer.redactions.all()]
    return [
        span
        for span in find_pii(answer.text_value)
        if not any(start < span.end and span.start < end for start, end in struck)
    ]


def redacted_text(text: str, redactions: Iterable[Redaction]) -> str:
    """`text` with each struck span replaced; overlapping spans become one,
    "[name removed]" when all of it was a name, "[removed]" otherwise."""
    merged: list[tuple[int, int, set[str]]] = []
    for r in sorted(redactions, key=lambda r: (r.start, r.end)):
        start, end = max(0, r.start), min(len(text), r.end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            last_start, last_end, reasons = merged[-1]
            merged[-1] = (last_start, max(last_end, end), reasons | {r.reason})
        else:
            merged.append((start, end, {r.reason}))
    parts: list[str] = []
    position = 0
    for start, end, reasons in merged:
        parts.append(text[position:start])
        parts.append(NAME_REMOVED if reasons == {RedactionReason.NAME} else REMOVED)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _refuse_without_consent(response: Response) -> None:
    if response.publish_consent is not True:
        raise PublishingRefusedError(
            _("This person did not agree to their answers being published."),
            code="no_consent",
        )


def _publication(response: Response) -> ResponsePublication:
    publication, _created = (
        ResponsePublication.objects.select_for_update().get_or_create(response=response)
    )
    return publication


@transaction.atomic
def response_redact(
    *,
    response: Response,
    strikes: Sequence[Strike],
    unstrike_ids: Iterable[int] = (),
    by: User,
) -> list[Redaction]:
    """Strike out spans of a response's free-text answers, and take back strikes.

    A published response is published again from the new strikes at once, so
    the public copy never lags behind what the officer struck.
    """
    _refuse_without_consent(response)
    answers = {a.pk: a for a in free_text_answers(response)}
    added: list[Redaction] = []
    for strike in strikes:
        answer = answers.get(strike.answer_id)
        if answer is None or not 0 <= strike.start < strike.end <= len(
            answer.text_value
        ):
            raise PublishingRefusedError(
                _("That text is not in this response."), code="bad_span"
            )
        redaction, created = Redaction.objects.get_or_create(
            answer=answer,
            start=strike.start,
            end=strike.end,
            defaults={"reason": RedactionReason(strike.reason), "by": by},
        )
        if created:
            added.append(redaction)
    removed, _by_model = Redaction.objects.filter(
        answer__response=response, pk__in=list(unstrike_ids)
    ).delete()
    if added or removed:
        record_event(
            by=by,
            verb=AuditVerb.RESPONSE_REDACTED,
            target=response,
            area_id=response.consultation.area_id,
            subject=response.consultation,
            changes={
                "struck": [[r.answer_id, r.start, r.end, r.reason] for r in added],
                "unstruck": removed,
            },
        )
        publication = getattr(response, "publication", None)
        if publication is not None and publication.state == PublicationState.PUBLISHED:
            _copy_answers(publication)
    return added


def _copy_answers(publication: ResponsePublication) -> None:
    """(Re)make the public copy of every answer of the response."""
    response = publication.response
    publication.answers.all().delete()
    copies = []
    answers = (
        response.answers.select_related("question")
        .prefetch_related("redactions", "question__options")
        .order_by("question__sort", "pk")
    )
    for answer in answers:
        question = answer.question
        if question.question_type == QuestionType.FREE_TEXT:
            if not answer.text_value:
                continue
            text = redacted_text(answer.text_value, answer.redactions.all())
        elif answer.number_value is not None:
            text = f"{answer.number_value.normalize():f}"
        elif answer.option_code:
            text = dict(question.choices()).get(answer.option_code, "")
        else:
            continue
        if text:
            copies.append(
                PublishedAnswer(
                    publication=publication, answer=answer, question=question, text=text
                )
            )
    PublishedAnswer.objects.bulk_create(copies)


@transaction.atomic
def response_publish(
    *, response: Response, by: User, at: datetime.datetime | None = None
) -> ResponsePublication:
    """Publish a consented response from its strikes; refuse one without consent."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    _refuse_without_consent(response)
    now = at or timezone.now()
    publication = _publication(response)
    before = publication.state
    publication.state = PublicationState.PUBLISHED
    publication.decided_by = by
    publication.decided_at = now
    publication.published_at = now
    publication.full_clean()
    publication.save()
    _copy_answers(publication)
    record_event(
        by=by,
        verb=AuditVerb.RESPONSE_PUBLISHED,
        target=response,
        area_id=response.consultation.area_id,
        subject=response.consultation,
        changes={
            "state": [before, publication.state],
            "redactions": Redaction.objects.filter(answer__response=response).count(),
        },
    )
    return publication


@transaction.atomic
def response_withhold(
    *, response: Response, by: User, at: datetime.datetime | None = None
) -> ResponsePublication:
    """Decide not to publish a response, or take a published one down: its
    public copy is deleted, its strikes are kept."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    publication = _publication(response)
    before = publication.state
    publication.state = PublicationState.WITHHELD
    publication.decided_by = by
    publication.decided_at = at or timezone.now()
    publication.published_at = None
    publication.full_clean()
    publication.save()
    publication.answers.all().delete()
    record_event(
        by=by,
        verb=AuditVerb.RESPONSE_PUBLICATION_WITHDRAWN
        if before == PublicationState.PUBLISHED
        else AuditVerb.RESPONSE_WITHHELD,
        target=response,
        area_id=response.consultation.area_id,
        subject=response.consultation,
        changes={"state": [before, publication.state]},
    )
    return publication


@dataclass(frozen=True)
class Segment:
    """A piece of an answer as the officer sees it: plain, struck or proposed."""

    text: str
    state: str = ""  # "", "struck" or "proposed"
    reason: str = ""


def segments(answer: Answer, proposals: Sequence[Span]) -> list[Segment]:
    """The answer's text in pieces, struck spans and proposed ones marked."""
    text = answer.text_value
    labels = dict(RedactionReason.choices)
    marks = sorted(
        [
            (r.start, r.end, "struck", str(labels[r.reason]))
            for r in answer.redactions.all()
        ]
        + [(s.start, s.end, "proposed", "") for s in proposals]
    )
    pieces: list[Segment] = []
    position = 0
    for start, end, state, reason in marks:
        start = max(start, position)
        if start >= end:
            continue
        if start > position:
            pieces.append(Segment(text[position:start]))
        pieces.append(Segment(text[start:end], state, reason))
        position = end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces
