"""A survey from a spreadsheet: propose it from an upload, let the officer
change it, then create it (with the consultation services that the survey
builder uses) and import the same file into it."""

import datetime
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sendportal.accounts.models import User
from sendportal.audit.models import AuditVerb
from sendportal.audit.services import record_event
from strategies.codes import Channel
from strategies.codes import SupportedBy

from .. import services as consultation_services
from ..models import CHOICE_TYPES
from ..models import Consultation
from ..models import ConsultationStatus
from ..models import ImportBatch
from ..models import Survey
from ..models import SurveyProposal
from .columns import IGNORE
from .columns import detect_shape
from .columns import question_target
from .columns import read_survey_file
from .proposal import LeftOutColumn
from .proposal import ProposedQuestion
from .proposal import propose_survey
from .services import ImportRefused
from .services import clean_provenance
from .services import file_sha256
from .services import import_batch_create
from .services import import_batch_map_columns

# A proposal not turned into a survey is deleted, with its file, after this.
PROPOSAL_MAX_AGE = datetime.timedelta(hours=24)


def _require_draft(consultation: Consultation) -> None:
    if consultation.status != ConsultationStatus.DRAFT:
        raise ImportRefused(
            _(
                "A survey can only be added while the consultation is a draft. "
                "Import the file into one of its surveys instead."
            )
        )


def proposal_questions(proposal: SurveyProposal) -> list[ProposedQuestion]:
    return [ProposedQuestion.from_dict(item) for item in proposal.questions]


def proposal_left_out(proposal: SurveyProposal) -> list[LeftOutColumn]:
    return [LeftOutColumn.from_dict(item) for item in proposal.left_out]


def option_problems(labels: Sequence[str]) -> list[str]:
    """Options that the survey builder would store under the same code."""
    problems = []
    seen: dict[str, str] = {}
    for position, label in enumerate(labels, start=1):
        code = slugify(label)[:50] or f"o{position}"
        if code in seen:
            problems.append(
                _("The options “%(first)s” and “%(second)s” are too alike. Change one.")
                % {"first": seen[code], "second": label}
            )
        seen.setdefault(code, label)
    return problems


def _title_from(file_name: str) -> str:
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("_", " ").strip()[:200] or _("Imported survey")


@transaction.atomic
def survey_proposal_create(
    *,
    consultation: Consultation,
    data: bytes,
    file_name: str,
    channel: str,
    by: User | None,
    supported_by: str = "",
    keyed_by: str = "",
    source_document: str = "",
) -> SurveyProposal:
    """Read an upload and propose a survey from its headings and answers.
    Raises SpreadsheetError or ImportRefused with the reason.

    `keyed_by` and `source_document` are kept, cleaned as an import's are,
    for the import batch the proposal becomes."""
    _require_draft(consultation)
    if supported_by and supported_by not in SupportedBy.values:
        raise ImportRefused(_("Choose who gave these answers from the list."))
    if channel not in Channel.values:
        raise ImportRefused(_("Choose how the responses were collected."))
    keyed_by, source_document = clean_provenance(
        keyed_by=keyed_by, source_document=source_document
    )
    table = read_survey_file(data, file_name)
    shape = detect_shape(table.headers)
    proposal_data = propose_survey(table, shape)
    if not proposal_data.questions:
        raise ImportRefused(
            _(
                "None of the file’s columns looks like a question: they are all "
                "dates, ids or contact details."
            )
        )
    sha256 = file_sha256(data)
    proposal = SurveyProposal(
        area_id=consultation.area_id,
        consultation=consultation,
        file_name=file_name[:255],
        sha256=sha256,
        channel=channel,
        supported_by=supported_by,
        keyed_by=keyed_by,
        source_document=source_document,
        shape=shape,
        headers=table.headers,
        questions=[question.as_dict() for question in proposal_data.questions],
        left_out=[column.as_dict() for column in proposal_data.left_out],
        rows_total=len(table),
        title=_title_from(file_name),
        created_by=by,
    )
    proposal.file.save(
        file_name.rsplit("/", 1)[-1][:100], ContentFile(data), save=False
    )
    proposal.save()
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_PROPOSED,
        target=proposal,
        area_id=proposal.area_id,
        changes={
            "questions": [None, len(proposal.questions)],
            "rows": [None, proposal.rows_total],
            "sha256": [None, sha256],
            "channel": [None, proposal.channel],
            "keyed_by": [None, proposal.keyed_by],
            "source_document": [None, proposal.source_document],
        },
        subject=consultation,
    )
    return proposal


def _require_pending(proposal: SurveyProposal) -> None:
    if proposal.survey_id is not None:
        raise ImportRefused(_("The survey has already been created from this file."))


@transaction.atomic
def survey_proposal_change_question(
    *,
    proposal: SurveyProposal,
    index: int,
    data: Mapping[str, Any],
    by: User | None,
) -> SurveyProposal:
    """Change a proposed question's words, type, options, or leave it out."""
    proposal = SurveyProposal.objects.select_for_update().get(pk=proposal.pk)
    _require_pending(proposal)
    questions = proposal_questions(proposal)
    if not 0 <= index < len(questions):
        raise ImportRefused(_("That question is not in the proposal."))
    question = questions[index]
    before = question.as_dict()
    question.text = str(data["text"]).strip()[:500]
    question.question_type = str(data["question_type"])
    question.options = (
        [str(label) for label in data.get("options") or []]
        if question.question_type in CHOICE_TYPES
        else []
    )
    question.include = bool(data["include"])
    problems = option_problems(question.options)
    if problems:
        raise ImportRefused(problems)
    after = question.as_dict()
    changes = {
        name: [before[name], after[name]]
        for name in ("text", "question_type", "options", "include")
        if before[name] != after[name]
    }
    if not changes:
        return proposal
    proposal.questions[index] = after
    proposal.save(update_fields=["questions"])
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_PROPOSAL_CHANGED,
        target=proposal,
        area_id=proposal.area_id,
        changes=changes,
        subject=proposal.consultation,
    )
    return proposal


def proposal_mapping(
    proposal: SurveyProposal, suggested: Sequence[str], question_ids: Sequence[int]
) -> list[str]:
    """The batch's column mapping: every included question's columns to the
    question created from it, the rest as suggested (dates, who answered),
    contact details and left-out questions ignored."""
    mapping = list(suggested)
    question_ids_iter = iter(question_ids)
    for question in proposal_questions(proposal):
        target = (
            question_target(next(question_ids_iter)) if question.include else IGNORE
        )
        for column in question.columns:
            mapping[column] = target
    for left in proposal_left_out(proposal):
        mapping[left.column] = left.target
    return mapping


@transaction.atomic
def survey_proposal_accept(
    *, proposal: SurveyProposal, data: Mapping[str, Any], by: User
) -> ImportBatch:
    """Create the survey and its questions, then upload the same file into it
    with every question column matched: the import's preview comes next."""
    proposal = (
        SurveyProposal.objects.select_for_update()
        .select_related("consultation")
        .get(pk=proposal.pk)
    )
    _require_pending(proposal)
    consultation = proposal.consultation
    _require_draft(consultation)
    questions = [q for q in proposal_questions(proposal) if q.include]
    if not questions:
        raise ImportRefused(_("Include at least one question in the survey."))
    for question in questions:
        if question.question_type in CHOICE_TYPES and not question.options:
            raise ImportRefused(
                _("Give the question “%(text)s” its answer options.")
                % {"text": question.text}
            )
        if problems := option_problems(question.options):
            raise ImportRefused(problems)
    survey: Survey = consultation_services.survey_add(
        consultation=consultation,
        by=by,
        data={
            "title": data["title"],
            "audience": data["audience"],
            "is_easy_read": False,
            "intro": "",
        },
    )
    created = [
        consultation_services.question_save(
            survey=survey,
            question=None,
            by=by,
            data={
                "text": question.text,
                "question_type": question.question_type,
                "required": False,
                "option_labels": question.options,
            },
        )
        for question in questions
    ]
    try:
        with proposal.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        raise ImportRefused(
            _("The file is no longer stored. Upload it again.")
        ) from None
    batch = import_batch_create(
        survey=survey,
        data=content,
        file_name=proposal.file_name,
        channel=proposal.channel,
        supported_by=proposal.supported_by,
        keyed_by=proposal.keyed_by,
        source_document=proposal.source_document,
        by=by,
    )
    batch = import_batch_map_columns(
        batch=batch,
        mapping=proposal_mapping(
            proposal, batch.mapping, [question.pk for question in created]
        ),
        by=by,
    )
    proposal.survey = survey
    proposal.batch = batch
    proposal.title = survey.title
    # The import keeps its own copy of the file.
    proposal.file.delete(save=False)
    proposal.save(update_fields=["survey", "batch", "title", "file"])
    record_event(
        by=by,
        verb=AuditVerb.SURVEY_PROPOSAL_ACCEPTED,
        target=proposal,
        area_id=proposal.area_id,
        changes={"survey": [None, survey.pk], "questions": [None, len(created)]},
        subject=consultation,
    )
    return batch


def survey_proposals_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete proposals never turned into a survey, with their files."""
    cutoff = (now or timezone.now()) - PROPOSAL_MAX_AGE
    deleted = 0
    for proposal in SurveyProposal.objects.pending().filter(created_at__lt=cutoff):
        if proposal.file:
            proposal.file.delete(save=False)
        proposal.delete()
        deleted += 1
    return deleted
