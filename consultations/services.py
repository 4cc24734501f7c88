"""Changes to consultations with side effects: atomic, audited, tasks after commit."""

import datetime
import uuid
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import model_update
from sendportal.audit.services import record_event
from sendportal.bsl import BSL_FIELDS
from sendportal.ordering import move_one_place
from sendportal.outbox.services import enqueue
from sendportal.submissions import earlier_submission
from strategies.models import Theme

from .models import Answer
from .models import AnswerTheme
from .models import Consultation
from .models import ConsultationStatus
from .models import Option
from .models import Question
from .models import QuestionType
from .models import Response
from .models import ResponseContact
from .models import SavedJourney
from .models import Section
from .models import Survey
from .models import YouSaidWeDid
from .tasks import send_feedback_published as send_feedback_published_task
from .tasks import send_saved_journey_link as send_saved_journey_link_task

CONSULTATION_FIELDS = (
    "strategy",
    "title",
    "summary",
    "audiences",
    "opens_at",
    "closes_at",
    "expected_mix",
    "documents_url",
    "coproduction_level",
    *BSL_FIELDS,
)
QUESTION_FIELDS = (
    "text",
    "help_text",
    "question_type",
    "required",
    "priority",
    "show_to",
    "section",
    "picture_symbol",
    "picture_alt",
)

# Options that cannot be chosen with others in a multiple choice.
EXCLUSIVE_LABELS = frozenset({"don't know", "don’t know", "none of these", "not sure"})


class ConsultationTransitionError(ValidationError):
    """A lifecycle step that does not fit the consultation's status."""


class ConsultationClosedError(Exception):
    """The consultation does not accept responses at this moment."""


def _refuse(message: str) -> ConsultationTransitionError:
    return ConsultationTransitionError(message, code="invalid_transition")


@transaction.atomic
def consultation_create(
    *, area: LocalArea, by: User, data: Mapping[str, Any]
) -> Consultation:
    """Start a draft consultation with one standard survey, expecting the area's
    usual mix of respondents until the officer sets another."""
    consultation = Consultation(
        area=area,
        status=ConsultationStatus.DRAFT,
        expected_mix=dict(area.default_expected_mix or {}),
    )
    changes = model_update(instance=consultation, fields=CONSULTATION_FIELDS, data=data)
    Survey.objects.create(
        consultation=consultation, title=_("Have your say"), audience="ALL"
    )
    record_event(
        by=by,
        verb=AuditVerb.CONSULTATION_CREATED,
        target=consultation,
        area_id=area.pk,
        changes=changes,
    )
    return consultation


REASON_MAX_LENGTH = (
    Consultation._meta.get_field("no_easy_read_reason").max_length or 1000
)


@transaction.atomic
def consultation_publish(
    *, consultation: Consultation, by: User, no_easy_read_reason: str = ""
) -> Consultation:
    """Publish a draft: scheduled until it opens, then open until it closes.

    A consultation needs an Easy Read survey or an Easy Read version of its
    strategy, so that young people and people with a learning disability can
    take part; without either, the officer records why (`no_easy_read_reason`),
    which is kept on the consultation and in the audit entry.
    """
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("strategy")
        .get(pk=consultation.pk)
    )
    if consultation.status != ConsultationStatus.DRAFT:
        raise _refuse(_("Only a draft consultation can be published."))
    if not Question.objects.filter(survey__consultation=consultation).exists():
        raise _refuse(_("Add at least one question before publishing."))
    now = timezone.now()
    if consultation.closes_at <= now:
        raise _refuse(_("The closing date has passed. Change it before publishing."))
    has_easy_read = consultation.has_easy_read_version()
    reason = "" if has_easy_read else no_easy_read_reason.strip()
    if not has_easy_read and not reason:
        raise ValidationError(
            {
                "no_easy_read_reason": _(
                    "Enter why there is no Easy Read version, or add an Easy Read "
                    "survey or an Easy Read version of the strategy first"
                )
            },
            code="easy_read_required",
        )
    consultation.status = (
        ConsultationStatus.OPEN
        if consultation.opens_at <= now
        else ConsultationStatus.SCHEDULED
    )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "no_easy_read_reason": _(
                    "The reason must be %(max)s characters or fewer"
                )
                % {"max": REASON_MAX_LENGTH}
            }
        )
    consultation.no_easy_read_reason = reason
    consultation.save(update_fields=["status", "no_easy_read_reason", "updated_at"])
    changes: dict[str, list[str | None]] = {
        "status": [ConsultationStatus.DRAFT, consultation.status]
    }
    if reason:
        changes["no_easy_read_reason"] = [None, reason]
    record_event(
        by=by,
        verb=AuditVerb.CONSULTATION_PUBLISHED,
        target=consultation,
        area_id=consultation.area_id,
        changes=changes,
    )
    return consultation


@transaction.atomic
def consultation_close(*, consultation: Consultation, by: User | None) -> Consultation:
    """Close a consultation now (or record that its closing time has passed)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status not in (
        ConsultationStatus.SCHEDULED,
        ConsultationStatus.OPEN,
    ):
        raise _refuse(_("Only a published consultation can be closed."))
    before = consultation.status
    now = timezone.now()
    consultation.status = ConsultationStatus.CLOSED
    if consultation.closes_at > now:
        consultation.closes_at = max(now, consultation.opens_at)
        if consultation.closes_at <= consultation.opens_at:
            consultation.opens_at = consultation.closes_at - datetime.timedelta(
                seconds=1
            )
    consultation.save(update_fields=["status", "opens_at", "closes_at", "updated_at"])
    record_event(
        by=by,
        verb=AuditVerb.CONSULTATION_CLOSED,
        target=consultation,
        area_id=consultation.area_id,
        changes={"status": [before, consultation.status]},
    )
    return consultation


@transaction.atomic
def consultation_publish_feedback(
    *, consultation: Consultation, by: User
) -> Consultation:
    """Publish “You said, we did” and tell respondents who asked for updates."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.current_status != ConsultationStatus.CLOSED:
        raise _refuse(_("Feedback can be published once the consultation closes."))
    if not consultation.feedback_items.filter(is_published=True).exists():
        raise _refuse(_("Add at least one “You said, we did” item first."))
    before = consultation.status
    consultation.status = ConsultationStatus.FEEDBACK_PUBLISHED
    consultation.feedback_published_at = timezone.now()
    consultation.save(update_fields=["status", "feedback_published_at", "updated_at"])
    record_event(
        by=by,
        verb=AuditVerb.CONSULTATION_FEEDBACK_PUBLISHED,
        target=consultation,
        area_id=consultation.area_id,
        changes={"status": [before, consultation.status]},
    )
    enqueue(send_feedback_published_task, consultation.pk)
    return consultation


@dataclass(frozen=True)
class Submission:
    """Everything a respondent entered, already validated step by step."""

    token: uuid.UUID
    respondent_type: str
    answers: Mapping[int, Any]
    district_id: int | None = None
    age_bands: Sequence[str] = ()
    need_codes: Sequence[str] = ()
    setting_type: str = ""
    support_level: str = ""
    channel: str = "ONLINE_SURVEY"
    supported_by: str = ""
    # None: not asked (an import, say); see docs/publishing-responses.md.
    publish_consent: bool | None = None
    contact_email: str = ""


def _answer_rows(question: Question, value: Any) -> list[Answer]:
    if value in (None, "", [], ()):
        return []
    kind = question.question_type
    if kind == QuestionType.MULTI_CHOICE:
        return [Answer(question=question, option_code=code) for code in value]
    if kind == QuestionType.FREE_TEXT:
        return [Answer(question=question, text_value=str(value))]
    if kind == QuestionType.NUMBER:
        return [Answer(question=question, number_value=Decimal(str(value)))]
    return [Answer(question=question, option_code=str(value))]


def response_submit(
    *, survey: Survey, submission: Submission, at: datetime.datetime | None = None
) -> tuple[Response, bool]:
    """Store a response once per submission token; return it and whether it is new.

    A second submit with the same token (double click, two tabs, browser back)
    returns the response stored first, even when both arrive at once: the
    unique token decides, inside the database.
    """
    now = at or timezone.now()
    existing = earlier_submission(Response.objects.all(), submission.token)
    if existing is not None:
        return existing, False
    consultation = survey.consultation
    if not consultation.accepts_responses(at=now):
        raise ConsultationClosedError
    questions = {q.pk: q for q in survey.questions.all()}
    with transaction.atomic():
        response, created = Response.objects.get_or_create(
            submission_token=submission.token,
            defaults={
                "consultation": consultation,
                "survey": survey,
                "submitted_at": now,
                "channel": submission.channel,
                "respondent_type": submission.respondent_type,
                "district_id": submission.district_id,
                "age_bands": list(submission.age_bands),
                "need_codes": list(submission.need_codes),
                "setting_type": submission.setting_type,
                "support_level": submission.support_level,
                "supported_by": submission.supported_by,
                "publish_consent": submission.publish_consent,
            },
        )
        if not created:
            return response, False
        rows: list[Answer] = []
        for question_id, value in submission.answers.items():
            question = questions.get(int(question_id))
            if question is None or not question.is_for(submission.respondent_type):
                continue
            rows.extend(_answer_rows(question, value))
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        if submission.contact_email:
            ResponseContact.objects.create(
                response=response, email=submission.contact_email, consented_at=now
            )
        record_event(
            by=None,
            verb=AuditVerb.RESPONSE_SUBMITTED,
            target=response,
            area_id=consultation.area_id,
            subject=consultation,
        )
    return response, True


def saved_journey_save(
    *,
    survey: Survey,
    answers: Mapping[str, Any],
    email: str = "",
    saved_journey_id: int | None = None,
    at: datetime.datetime | None = None,
) -> SavedJourney:
    """Keep a family's unfinished answers to come back to later, without an
    account; with an email address, send a new link to them after commit.

    Saving again from the same session updates the same saved answers.
    """
    now = at or timezone.now()
    consultation = survey.consultation
    if not consultation.accepts_responses(at=now):
        raise ConsultationClosedError
    with transaction.atomic():
        saved = (
            SavedJourney.objects.select_for_update()
            .filter(survey=survey, pk=saved_journey_id)
            .first()
            if saved_journey_id is not None
            else None
        ) or SavedJourney(survey=survey)
        saved.answers = dict(answers)
        saved.expires_at = consultation.closes_at
        if email:
            saved.email = email
        saved.save()
        if email:
            enqueue(send_saved_journey_link_task, saved.pk)
    return saved


def saved_journey_delete(*, survey: Survey, saved_journey_id: int) -> None:
    """Erase saved answers: the response was sent, or the consultation closed."""
    SavedJourney.objects.filter(survey=survey, pk=saved_journey_id).delete()


@transaction.atomic
def answers_code(
    *,
    consultation: Consultation,
    answer_ids: Iterable[int],
    themes: Iterable[Theme],
    by: User,
) -> int:
    """Code free-text answers of a consultation to themes; returns codings added."""
    answers = list(
        Answer.objects.filter(
            pk__in=list(answer_ids),
            response__consultation=consultation,
            question__question_type=QuestionType.FREE_TEXT,
        ).values_list("pk", flat=True)
    )
    # Only the strategy's active themes: retired ones stay on past codings but
    # take no new ones (checked as stored, not as the caller last saw them).
    theme_list = list(
        Theme.objects.for_strategy(consultation.strategy_id).filter(
            pk__in=[t.pk for t in themes]
        )
    )
    rows = [
        AnswerTheme(answer_id=answer_id, theme=theme, coded_by=by)
        for answer_id in answers
        for theme in theme_list
    ]
    created = AnswerTheme.objects.bulk_create(rows, ignore_conflicts=True)
    record_event(
        by=by,
        verb=AuditVerb.ANSWERS_CODED,
        target=consultation,
        area_id=consultation.area_id,
        changes={
            "answers": [None, len(answers)],
            "themes": [None, ", ".join(t.name for t in theme_list)],
        },
    )
    return len(created)


FEEDBACK_ITEM_FIELDS = (
    "theme",
    "you_said",
    "said_count",
    "we_did",
    "status",
    "is_published",
)


@transaction.atomic
def feedback_item_save(
    *,
    consultation: Consultation,
    by: User,
    data: Mapping[str, Any],
    item: YouSaidWeDid | None = None,
) -> YouSaidWeDid:
    """Add a "You said, we did" item to a consultation, or edit one, recording it."""
    # Edits start from the stored row (a bound ModelForm has already changed
    # the instance it was given), locked so two edits cannot interleave.
    if item is None:
        item = YouSaidWeDid(consultation=consultation)
    else:
        item = YouSaidWeDid.objects.select_for_update().get(pk=item.pk)
    changes = model_update(instance=item, fields=FEEDBACK_ITEM_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.FEEDBACK_ITEM_SAVED,
        target=item,
        area_id=consultation.area_id,
        changes=changes,
        subject=consultation,
    )
    return item


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, by: User, data: Mapping[str, Any]
) -> Consultation:
    """Change a consultation's text, dates or expected mix of respondents."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    changes = model_update(instance=consultation, fields=CONSULTATION_FIELDS, data=data)
    if changes:
        record_event(
            by=by,
            verb=AuditVerb.CONSULTATION_CHANGED,
            target=consultation,
            area_id=consultation.area_id,
            changes=changes,
        )
    return consultation


def _require_editable(consultation: Consultation) -> None:
    if not consultation.is_editable:
        raise _refuse(_("Questions cannot change once the consultation has opened."))


@transaction.atomic
def _question_picture_save(
    question: Question, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Store an uploaded picture (checked by the form), or remove one."""
    upload: UploadedFile | None = data.get("picture_upload")
    before = question.picture_image.name or ""
    if upload is not None:
        if before:
            question.picture_image.delete(save=False)
        question.picture_image.save(upload.name or "picture", upload, save=False)
    elif data.get("picture_clear") and before:
        question.picture_image.delete(save=False)
    else:
        return {}
    question.save(update_fields=["picture_image"])
    return {"picture_image": [before, question.picture_image.name or ""]}


def question_save(
    *,
    survey: Survey,
    question: Question | None,
    by: User,
    data: Mapping[str, Any],
) -> Question:
    """Add or change a survey question and its answer options."""
    _require_editable(survey.consultation)
    if question is None:
        last = survey.questions.order_by("-sort").values_list("sort", flat=True)
        question = Question(survey=survey, sort=(last.first() or 0) + 1)
        verb = AuditVerb.QUESTION_ADDED
    else:
        verb = AuditVerb.QUESTION_CHANGED
    section_title = (data.get("section_title") or "").strip()
    section = (
        Section.objects.get_or_create(
            survey=survey,
            title=section_title,
            defaults={"sort": survey.sections.count() + 1},
        )[0]
        if section_title
        else None
    )
    old_labels = (
        list(question.options.values_list("label", flat=True)) if question.pk else []
    )
    changes = model_update(
        instance=question,
        fields=QUESTION_FIELDS,
        data={
            **data,
            "show_to": list(data.get("show_to") or []),
            "section": section,
        },
    )
    changes.update(_question_picture_save(question, data))
    labels: Sequence[str] = data.get("option_labels") or []
    # An option keeps its picture while its words stay the same.
    kept = {o.label: o for o in question.options.all()}
    symbols: Mapping[str, str] = data.get("option_symbols") or {}
    old_symbols = {label: o.picture_symbol for label, o in kept.items()}
    question.options.all().delete()
    question.options.bulk_create(
        [
            Option(
                question=question,
                code=slugify(label)[:50] or f"o{i}",
                label=label,
                sort=i,
                is_exclusive=label.lower() in EXCLUSIVE_LABELS,
                picture_symbol=symbols.get(label, old_symbols.get(label, "")),
                picture_image=kept[label].picture_image if label in kept else "",
                picture_alt=kept[label].picture_alt if label in kept else "",
            )
            for i, label in enumerate(labels, start=1)
        ]
    )
    if old_labels != list(labels):
        changes["options"] = [old_labels, list(labels)]
    new_symbols = {o.label: o.picture_symbol for o in question.options.all()}
    if {k: v for k, v in old_symbols.items() if k in new_symbols} != {
        k: v for k, v in new_symbols.items() if k in old_symbols
    }:
        changes["option_pictures"] = [old_symbols, new_symbols]
    record_event(
        by=by,
        verb=verb,
        target=question,
        area_id=survey.consultation.area_id,
        subject=survey.consultation,
        changes=changes,
    )
    return question


@transaction.atomic
def question_move(*, question: Question, up: bool, by: User) -> None:
    """Swap a question with its neighbour above or below."""
    survey = question.survey
    _require_editable(survey.consultation)
    ordered = survey.questions.select_for_update().order_by("sort", "pk")
    if move_one_place(ordered, question, up=up) is None:
        return
    record_event(
        by=by,
        verb=AuditVerb.QUESTION_MOVED,
        target=question,
        area_id=survey.consultation.area_id,
        subject=survey.consultation,
    )


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    """Remove a question that nobody has answered."""
    consultation = question.survey.consultation
    _require_editable(consultation)
    if question.answers.exists():
        raise _refuse(_("This question has answers and cannot be removed."))
    record_event(
        by=by,
        verb=AuditVerb.QUESTION_REMOVED,
        target=question,
        area_id=consultation.area_id,
        subject=consultation,
        changes={"text": [question.text, None]},
    )
    question.delete()


SURVEY_FIELDS = ("title", "audience", "is_easy_read", "intro")


def _require_draft(consultation: Consultation) -> None:
    if consultation.status != ConsultationStatus.DRAFT:
        raise _refuse(
            _(
                "Surveys can only be added, moved or removed while the "
                "consultation is a draft."
            )
        )


@transaction.atomic
def survey_add(
    *, consultation: Consultation, by: User, data: Mapping[str, Any]
) -> Survey:
    """Add a survey (for example an Easy Read one) to a draft consultation."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require_draft(consultation)
    last = consultation.surveys.order_by("-sort").values_list("sort", flat=True)
    survey = Survey(consultation=consultation, sort=(last.first() or 0) + 1)
    changes = model_update(instance=survey, fields=SURVEY_FIELDS, data=data)
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_ADDED,
        target=survey,
        area_id=consultation.area_id,
        subject=consultation,
        changes=changes,
    )
    return survey


@transaction.atomic
def survey_move(*, survey: Survey, up: bool, by: User) -> None:
    """Swap a survey with its neighbour above or below, in a draft consultation."""
    consultation = Consultation.objects.select_for_update().get(
        pk=survey.consultation_id
    )
    _require_draft(consultation)
    positions = move_one_place(
        consultation.surveys.order_by("sort", "pk"), survey, up=up
    )
    if positions is None:
        return
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_MOVED,
        target=survey,
        area_id=consultation.area_id,
        subject=consultation,
        changes={"position": positions},
    )


@transaction.atomic
def survey_remove(*, survey: Survey, by: User) -> None:
    """Remove a survey and its questions from a draft consultation.

    Not one with responses (imported ones, say), and not the only survey.
    """
    consultation = Consultation.objects.select_for_update().get(
        pk=survey.consultation_id
    )
    _require_draft(consultation)
    if Response.objects.filter(survey=survey).exists():
        raise _refuse(_("This survey has responses and cannot be removed."))
    if survey.import_batches.listed().exists():
        raise _refuse(
            _("Responses have been imported into this survey, so it cannot be removed.")
        )
    if consultation.surveys.count() <= 1:
        raise _refuse(
            _(
                "A consultation needs at least one survey. Add another before "
                "removing this one."
            )
        )
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_REMOVED,
        target=survey,
        area_id=consultation.area_id,
        subject=consultation,
        changes={"title": [survey.title, None]},
    )
    survey.delete()
