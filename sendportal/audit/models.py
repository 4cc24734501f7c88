"""The audit trail: who changed what, and when."""

from typing import Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_subject(self, obj: models.Model) -> Self:
        """Events about a row and the parts recorded under it, newest first."""
        return self.filter(subject=subject_key(obj)).select_related("actor")


def subject_key(obj: models.Model) -> str:
    """A stable label for a row: "app_label.model:pk"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


class AuditVerb(models.TextChoices):
    """What happened: one member for each kind of change that is recorded.

    The values are stored, so they never change; the labels are what people
    read in a history.
    """

    # People in an area
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    MEMBER_ROLE_CHANGED = "membership.role_changed", _("Member's role changed")
    MEMBER_REMOVED = "membership.removed", _("Member removed from the area")
    ACCOUNT_CHANGED = "account.changed", _("Account details changed")
    TWO_FACTOR_SET_UP = "two_factor.set_up", _("Two-factor authentication set up")
    TWO_FACTOR_RESET = "two_factor.reset", _("Two-factor authentication reset")
    RECOVERY_CODES_CREATED = (
        "two_factor.recovery_codes_created",
        _("New recovery codes made"),
    )
    RECOVERY_CODE_USED = (
        "two_factor.recovery_code_used",
        _("Signed in with a recovery code"),
    )
    # Local areas
    AREA_CREATED = "area.created", _("Local area created")
    AREA_CHANGED = "area.changed", _("Area settings changed")
    DISTRICT_ADDED = "district.added", _("District added")
    DISTRICT_RENAMED = "district.renamed", _("District renamed")
    DISTRICT_REMOVED = "district.removed", _("District removed")
    PARTNER_ADDED = "partner.added", _("Partner organisation added")
    PARTNER_CHANGED = "partner.changed", _("Partner organisation changed")
    PARTNER_RETIRED = "partner.retired", _("Partner organisation retired")
    # Strategies
    STRATEGY_CREATED = "strategy.created", _("Strategy created")
    STRATEGY_CHANGED = "strategy.changed", _("Strategy changed")
    STRATEGY_PUBLISHED = "strategy.published", _("Strategy published for consultation")
    STRATEGY_WITHDRAWN = "strategy.withdrawn", _("Strategy taken back to draft")
    STRATEGY_APPROVED = "strategy.approved", _("Strategy approved")
    STRATEGY_SUPERSEDED = "strategy.superseded", _("Strategy replaced by a new version")
    PRIORITY_CREATED = "priority.created", _("Priority added")
    PRIORITY_CHANGED = "priority.changed", _("Priority changed")
    PRIORITY_DELETED = "priority.deleted", _("Priority removed")
    DOCUMENT_ADDED = "document.added", _("Document added")
    DOCUMENT_REMOVED = "document.removed", _("Document removed")
    EASY_READ_SECTION_ADDED = "easy_read_section.added", _("Easy Read section added")
    EASY_READ_SECTION_CHANGED = (
        "easy_read_section.changed",
        _("Easy Read section changed"),
    )
    EASY_READ_SECTION_MOVED = "easy_read_section.moved", _("Easy Read section moved")
    EASY_READ_SECTION_REMOVED = (
        "easy_read_section.removed",
        _("Easy Read section removed"),
    )
    THEME_CREATED = "theme.created", _("Theme added to the coding frame")
    THEME_CHANGED = "theme.changed", _("Theme changed")
    THEME_MERGED = "theme.merged", _("Themes merged")
    THEME_RETIRED = "theme.retired", _("Theme retired")
    CODING_FRAME_COPIED = (
        "coding_frame.copied",
        _("Coding frame copied from another strategy"),
    )
    # Consultations
    CONSULTATION_CREATED = "consultation.created", _("Consultation created")
    CONSULTATION_CHANGED = "consultation.changed", _("Consultation changed")
    CONSULTATION_PUBLISHED = "consultation.published", _("Consultation published")
    CONSULTATION_CLOSED = "consultation.closed", _("Consultation closed")
    CONSULTATION_FEEDBACK_PUBLISHED = (
        "consultation.feedback_published",
        _("“You said, we did” published"),
    )
    FEEDBACK_ITEM_SAVED = "feedback_item.saved", _("“You said, we did” item saved")
    QUESTION_ADDED = "question.added", _("Question added")
    QUESTION_CHANGED = "question.changed", _("Question changed")
    QUESTION_MOVED = "question.moved", _("Question moved")
    QUESTION_REMOVED = "question.removed", _("Question removed")
    SURVEY_ADDED = "survey.added", _("Survey added")
    SURVEY_MOVED = "survey.moved", _("Survey moved")
    SURVEY_REMOVED = "survey.removed", _("Survey removed")
    SURVEY_TRANSLATED = "survey.translated", _("Survey translation saved")
    RESPONSE_SUBMITTED = "response.submitted", _("Response submitted")
    RESPONSES_EXPORTED = "responses.exported", _("Responses downloaded")
    FOLLOW_SUBSCRIBED = "follow.subscribed", _("Asked for emails on what changed")
    FOLLOW_CONFIRMED = "follow.confirmed", _("Confirmed emails on what changed")
    FOLLOW_UNSUBSCRIBED = "follow.unsubscribed", _("Stopped emails on what changed")
    ANSWERS_CODED = "answers.coded", _("Answers coded to themes")
    RESPONSE_REDACTED = "response.redacted", _("Response struck out for publishing")
    RESPONSE_PUBLISHED = "response.published", _("Response published")
    RESPONSE_WITHHELD = "response.withheld", _("Response not published")
    RESPONSE_PUBLICATION_WITHDRAWN = (
        "response.publication_withdrawn",
        _("Published response taken down"),
    )
    SURVEY_IMPORT_UPLOADED = "survey_import.uploaded", _("Survey file uploaded")
    SURVEY_IMPORT_COLUMNS_MAPPED = (
        "survey_import.columns_mapped",
        _("Survey file columns matched to questions"),
    )
    SURVEY_IMPORT_VALUES_MAPPED = (
        "survey_import.values_mapped",
        _("Survey file answers matched to codes"),
    )
    SURVEY_IMPORT_CONFIRMED = "survey_import.confirmed", _("Survey import started")
    SURVEY_IMPORT_IMPORTED = "survey_import.imported", _("Survey responses imported")
    SURVEY_IMPORT_UNDONE = "survey_import.undone", _("Survey import undone")
    SURVEY_IMPORT_DATE_ORDER_SET = (
        "survey_import.date_order_set",
        _("Survey file’s date format chosen"),
    )
    SURVEY_IMPORT_DISCARDED = "survey_import.discarded", _("Survey file discarded")
    SURVEY_PROPOSED = "survey_proposal.uploaded", _("Survey proposed from a file")
    SURVEY_PROPOSAL_CHANGED = (
        "survey_proposal.changed",
        _("Question of a proposed survey changed"),
    )
    SURVEY_PROPOSAL_ACCEPTED = (
        "survey_proposal.accepted",
        _("Survey created from a file"),
    )
    # Events
    EVENT_CREATED = "event.created", _("Event created")
    EVENT_UPDATED = "event.updated", _("Event changed")
    EVENT_OPENED = "event.open", _("Event opened for booking")
    EVENT_HELD = "event.held", _("Event marked as held")
    EVENT_WRITTEN_UP = "event.written_up", _("Event write-up published")
    EVENT_CANCELLED = "event.cancelled", _("Event cancelled")
    EVENT_SESSION_SAVED = "event.session_saved", _("Topic saved")
    EVENT_ATTENDANCE_RECORDED = "event.attendance_recorded", _("Attendance recorded")
    EVENT_BOOKINGS_ERASED = (
        "event.bookings_erased",
        _("Personal details erased from old bookings"),
    )
    BOOKING_CONFIRMED = "booking.confirmed", _("Booking confirmed")
    BOOKING_WAITING = "booking.waiting", _("Booking added to the waiting list")
    BOOKING_PROMOTED = "booking.promoted", _("Booking moved off the waiting list")
    BOOKING_CANCELLED = "booking.cancelled", _("Booking cancelled")
    FINDING_CREATED = "finding.created", _("Finding added")
    FINDING_UPDATED = "finding.updated", _("Finding changed")
    FINDING_RECORDED_FOR_TOPIC = (
        "finding.recorded_for_topic",
        _("Findings recorded for a topic"),
    )
    # Improvement plans
    PLAN_CREATED = "plan.created", _("Improvement plan created")
    PLAN_CHANGED = "plan.changed", _("Improvement plan changed")
    WORKSTREAM_CREATED = "workstream.created", _("Workstream added")
    WORKSTREAM_CHANGED = "workstream.changed", _("Workstream changed")
    ACTION_CREATED = "action.created", _("Action added")
    ACTION_CHANGED = "action.changed", _("Action changed")
    KPI_CREATED = "kpi.created", _("KPI added")
    KPI_CHANGED = "kpi.changed", _("KPI changed")
    PLAN_PUBLISHED = "plan.published", _("Plan progress published")
    PLAN_UNPUBLISHED = "plan.unpublished", _("Plan progress taken off the public pages")
    PLAN_KPI_VALUES_IMPORTED = "plan.kpi_values_imported", _("KPI values imported")
    PLAN_ACTION_UPDATES_IMPORTED = (
        "plan.action_updates_imported",
        _("Action updates imported"),
    )
    PLAN_ACTIONS_IMPORTED = (
        "plan.actions_imported",
        _("Workstreams and actions imported from a spreadsheet"),
    )
    PLAN_COPIED_FOR_NEXT_YEAR = (
        "plan.copied_for_next_year",
        _("Next year’s plan started from this one"),
    )
    ACTION_UPDATED = "action.updated", _("Action progress updated")
    WORKSTREAM_RAG_SET = "workstream.rag_set", _("Workstream RAG rating set")
    KPI_VALUE_RECORDED = "kpi.value_recorded", _("KPI value recorded")
    KPI_TARGET_SET = "kpi.target_set", _("KPI target set")
    KPI_BENCHMARK_SET = "kpi.benchmark_set", _("KPI comparator set")
    KPI_RETIRED = "kpi.retired", _("KPI retired")
    KPI_BREAKDOWN_ADDED = "kpi_breakdown.added", _("KPI breakdown group added")
    KPI_BREAKDOWN_CHANGED = "kpi_breakdown.changed", _("KPI breakdown group changed")
    KPI_BREAKDOWN_RETIRED = "kpi_breakdown.retired", _("KPI breakdown group retired")
    KPI_BREAKDOWN_REMOVED = "kpi_breakdown.removed", _("KPI breakdown group removed")
    WORKSTREAM_MEMBER_ADDED = "workstream.member_added", _("Workstream member added")
    WORKSTREAM_MEMBER_REMOVED = (
        "workstream.member_removed",
        _("Workstream member removed"),
    )
    WORKSTREAM_RETIRED = "workstream.retired", _("Workstream retired")
    ACTION_RETIRED = "action.retired", _("Action retired")
    ACTION_THEME_LINKED = "action.theme_linked", _("Action linked to a theme")
    ACTION_THEME_UNLINKED = "action.theme_unlinked", _("Action unlinked from a theme")
    ACTION_EVIDENCE_ADDED = "action.evidence_added", _("Evidence cited for an action")
    ACTION_EVIDENCE_REMOVED = (
        "action.evidence_removed",
        _("Evidence removed from an action"),
    )
    MILESTONE_ADDED = "milestone.added", _("Milestone added")
    MILESTONE_CHANGED = "milestone.changed", _("Milestone changed")
    MILESTONE_COMPLETED = "milestone.completed", _("Milestone completed")
    BOARD_MEETING_ADDED = "board_meeting.added", _("Board meeting added")
    BOARD_MEETING_CHANGED = "board_meeting.changed", _("Board meeting changed")
    FINANCE_LINE_ADDED = "finance_line.added", _("Finance line added")
    FINANCE_LINE_CHANGED = "finance_line.changed", _("Finance line changed")
    FINANCE_LINE_RETIRED = "finance_line.retired", _("Finance line retired")
    FINANCE_VALUE_RECORDED = "finance_value.recorded", _("Finance figures recorded")
    PROGRESS_REPORT_REQUESTED = (
        "progress_report.requested",
        _("Progress report requested"),
    )
    PROGRESS_REPORT_READY = "progress_report.ready", _("Progress report ready")
    PROGRESS_REPORT_FAILED = "progress_report.failed", _("Progress report failed")
    PROGRESS_REPORT_RETRIED = (
        "progress_report.retried",
        _("Progress report tried again"),
    )
    PROGRESS_REPORT_PUBLISHED = (
        "progress_report.published",
        _("Progress report published"),
    )
    PROGRESS_REPORT_WITHDRAWN = (
        "progress_report.withdrawn",
        _("Progress report taken off the public pages"),
    )


class AuditEvent(models.Model):
    """One recorded change: an actor did a verb to a target, at a time."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    area = models.ForeignKey(
        "areas.LocalArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(_("what"), max_length=80, choices=AuditVerb.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("about"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The row whose history this event belongs to, for example a strategy for
    # a change to one of its priorities.
    subject = models.CharField(max_length=100, blank=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb}"
