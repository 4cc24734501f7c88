"""Co-production events: sessions, bookings, attendance counts and findings."""

import datetime
from typing import TYPE_CHECKING
from typing import Self

from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import District
from sendportal.areas.models import LocalArea
from sendportal.bsl import SignedVersion
from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours
from sendportal.plain_english import PublicText
from strategies.codes import HasCoproductionLevel
from strategies.codes import RespondentType
from strategies.models import Priority
from strategies.models import Strategy
from strategies.models import Theme

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sendportal.accounts.models import User

BOOKING_SIGNING_SALT = "events.booking"


class EventType(models.TextChoices):
    """Kinds of co-production event (SEND domain code list 4.8)."""

    SCENE_SETTING_CONFERENCE = "scene_setting_conference", _("Scene-setting conference")
    THEMED_WORKSHOP = "themed_workshop", _("Themed workshop")
    LISTENING_EVENT = "listening_event", _("Listening event")
    ROADSHOW = "roadshow", _("Roadshow")
    SUMMIT = "summit", _("Summit")
    YOUTH_FORUM = "youth_forum", _("Youth forum")
    COFFEE_MORNING_DROP_IN = "coffee_morning_drop_in", _("Coffee morning or drop-in")
    TASK_AND_FINISH_GROUP = "task_and_finish_group", _("Task and finish group")
    LAUNCH_EVENT = "launch_event", _("Launch event")
    CONTINUING_THE_CONVERSATION = (
        "continuing_the_conversation",
        _("Continuing the conversation"),
    )
    WEBINAR = "webinar", _("Webinar")


class PhaseFocus(models.TextChoices):
    EARLY_YEARS = "early_years", _("Early years (0 to 5)")
    SCHOOL_AGE = "school_age", _("School age (5 to 16)")
    POST_16 = "post_16", _("Preparing for adulthood (14 to 25)")
    ALL = "all", _("All ages (0 to 25)")


class Accessibility(models.TextChoices):
    BSL = "bsl", _("British Sign Language interpreter")
    STEP_FREE = "step_free", _("Step-free access")
    QUIET_ROOM = "quiet_room", _("Quiet room")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    EASY_READ = "easy_read", _("Easy Read materials")
    LARGE_PRINT = "large_print", _("Large print materials")
    TRANSLATION = "translation", _("Translation or interpreting")
    CHILDCARE = "childcare", _("Childcare or sitter support")
    EVENING_OR_WEEKEND = "evening_or_weekend", _("Evening or weekend time")
    CAPTIONS = "captions", _("Live captions")


@tag_colours(
    {
        "planned": "grey",
        "open": "green",
        "held": "blue",
        "written_up": "purple",
        "cancelled": "red",
    }
)
class EventStatus(TaggedChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for booking")
    HELD = "held", _("Held")
    WRITTEN_UP = "written_up", _("Written up")
    CANCELLED = "cancelled", _("Cancelled")


PUBLIC_EVENT_STATUSES = (
    EventStatus.OPEN,
    EventStatus.HELD,
    EventStatus.WRITTEN_UP,
    EventStatus.CANCELLED,
)
CANCELLABLE_EVENT_STATUSES = (EventStatus.PLANNED, EventStatus.OPEN)
EDITABLE_EVENT_STATUSES = (
    EventStatus.PLANNED,
    EventStatus.OPEN,
    EventStatus.HELD,
    EventStatus.WRITTEN_UP,
)
RECORDABLE_EVENT_STATUSES = (EventStatus.HELD, EventStatus.WRITTEN_UP)
HELD_EVENT_STATUSES = RECORDABLE_EVENT_STATUSES


class EventQuerySet(models.QuerySet["Event"]):
    def for_area(self, area: LocalArea | int) -> Self:
        return self.filter(area=area)

    def public(self) -> Self:
        """Events anyone may see: everything but those still being planned."""
        return self.filter(status__in=PUBLIC_EVENT_STATUSES)

    def visible_to(self, user: "User | AnonymousUser") -> Self:
        """Public events, plus planned ones of the areas the user works in."""
        if not user.is_authenticated:
            return self.public()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(status__in=PUBLIC_EVENT_STATUSES)
            | Q(area_id__in=user.area_ids_with_role())
        )

    def upcoming(self, *, at: datetime.datetime | None = None) -> Self:
        """Events still to come, soonest first: not ended, and not yet held."""
        now = at or timezone.now()
        return (
            self.filter(ends_at__gt=now)
            .exclude(status__in=HELD_EVENT_STATUSES)
            .order_by("starts_at")
        )

    def past(self, *, at: datetime.datetime | None = None) -> Self:
        """Events that have ended or been held, most recent first."""
        now = at or timezone.now()
        return self.filter(
            Q(ends_at__lte=now) | Q(status__in=HELD_EVENT_STATUSES)
        ).order_by("-starts_at")

    def with_places_taken(self) -> Self:
        return self.annotate(
            confirmed_places=Sum(
                "bookings__places",
                filter=Q(bookings__status="confirmed"),
                default=0,
            )
        )


class Event(SignedVersion, HasCoproductionLevel):
    """A co-production event: a day, workshop or forum where families are heard."""

    area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="events")
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("strategy"),
    )
    title = models.CharField(_("title"), max_length=200)
    event_type = models.CharField(_("type of event"), max_length=40, choices=EventType)
    phase_focus = models.CharField(
        _("age group"), max_length=20, choices=PhaseFocus, default=PhaseFocus.ALL
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("venue address"), max_length=500, blank=True)
    online_url = models.URLField(_("online joining link"), blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("district"),
    )
    capacity = models.PositiveIntegerField(_("places"))
    # Usually 1, so that a retried or repeated booking cannot take a second
    # share of a small event's places.
    bookings_per_email = models.PositiveSmallIntegerField(
        _("bookings one email address may make"), default=1
    )
    # A list of Accessibility codes (JSON, so that SQLite runs the portal too).
    accessibility = models.JSONField(
        _("accessibility offered"), default=list, blank=True
    )
    booking_opens_at = models.DateTimeField(_("booking opens"), null=True, blank=True)
    booking_closes_at = models.DateTimeField(_("booking closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus, default=EventStatus.PLANNED
    )
    recording_url = models.URLField(_("recording"), blank=True)
    write_up = models.TextField(_("summary of the day"), max_length=5000, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["area", "starts_at", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(venue_name="") | ~Q(online_url=""),
                name="event_has_venue_or_link",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="event_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(bookings_per_email__gte=1),
                name="event_bookings_per_email_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "events:event_detail", kwargs={"area_slug": self.area.slug, "pk": self.pk}
        )

    def get_staff_url(self) -> str:
        return reverse(
            "events_staff:event_detail",
            kwargs={"area_slug": self.area.slug, "pk": self.pk},
        )

    def public_texts(self) -> list[PublicText]:
        """What officers wrote for the public: the description, each topic's
        description and the write-up."""
        texts = [PublicText(_("Description"), self.description)]
        texts += [
            PublicText(
                _("Topic “%(topic)s”: description") % {"topic": session.title},
                session.description,
            )
            for session in self.sessions.all()
        ]
        texts.append(PublicText(_("Summary for the public write-up"), self.write_up))
        return texts

    @property
    def status_colour(self) -> str:
        if self.is_full:
            return "orange"
        return EventStatus(self.status).tag_colour

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_EVENT_STATUSES

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def accessibility_labels(self) -> list[str]:
        labels = dict(Accessibility.choices)
        return [str(labels.get(code, code)) for code in self.accessibility]

    def is_booking_open(self, *, at: datetime.datetime | None = None) -> bool:
        """Whether families can book now: open, in the window, not yet started."""
        now = at or timezone.now()
        if self.status != EventStatus.OPEN or self.starts_at <= now:
            return False
        if self.booking_opens_at and now < self.booking_opens_at:
            return False
        return not (self.booking_closes_at and now >= self.booking_closes_at)

    def places_taken(self) -> int:
        annotated = getattr(self, "confirmed_places", None)
        if annotated is not None:
            return int(annotated)
        return self.bookings.confirmed().total_places()

    def places_left(self) -> int:
        return max(self.capacity - self.places_taken(), 0)

    @property
    def is_full(self) -> bool:
        """Open for booking with every place taken: new bookings wait."""
        return self.status == EventStatus.OPEN and self.places_left() == 0

    @property
    def status_label(self) -> str:
        """The status as staff and families both see it (one rule for both)."""
        if self.is_full:
            return str(_("Full: waiting list"))
        return str(self.get_status_display())


class EventSession(models.Model):
    """A topic or session within an event, optionally about one priority."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_sessions",
        verbose_name=_("priority"),
    )
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "sort", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class BookingQuerySet(models.QuerySet["Booking"]):
    def confirmed(self) -> Self:
        return self.filter(status=BookingStatus.CONFIRMED)

    def waiting(self) -> Self:
        """The waiting list, first come first served."""
        return self.filter(status=BookingStatus.WAITING).order_by("created_at", "pk")

    def active(self) -> Self:
        return self.exclude(status=BookingStatus.CANCELLED)

    def held_by_email(self, email: str) -> Self:
        """Places and waiting-list places held under an email address, in any case."""
        return self.active().filter(email__iexact=email.strip())

    def total_places(self) -> int:
        return int(self.aggregate(total=Sum("places", default=0))["total"])

    def due_for_erasure(self, *, before: datetime.datetime) -> Self:
        """Bookings still holding personal data for events that ended before."""
        return self.filter(event__ends_at__lt=before, erased_at__isnull=True)


class Booking(models.Model):
    """A family's or professional's place (or waiting-list spot) at an event.

    Name, email and access requirements are personal data, erased on a
    schedule after the event; the rest stays for counts.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    respondent_type = models.CharField(
        _("who they are"), max_length=30, choices=RespondentType
    )
    access_requirements = models.TextField(
        _("access requirements"), max_length=2000, blank=True
    )
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus, db_index=True
    )
    # The booking form's one-time token (sendportal/submissions.py): sending
    # the form again returns this booking. Empty for bookings made before.
    submission_token = models.UUIDField(unique=True, null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    # Markers claimed by a conditional UPDATE before each email is sent, so a
    # retried or duplicated task never sends the same email twice.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    promotion_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancellation_sent_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1) & Q(places__lte=10),
                name="booking_places_in_range",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this text is copied into the audit trail.
        return f"Booking {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse(
            "events:booking_detail",
            kwargs={"area_slug": self.event.area.slug, "token": self.token},
        )

    def get_cancel_url(self) -> str:
        return reverse(
            "events:booking_cancel",
            kwargs={"area_slug": self.event.area.slug, "token": self.token},
        )

    @property
    def token(self) -> str:
        """A signed reference to this booking for links in emails."""
        return signing.Signer(salt=BOOKING_SIGNING_SALT).sign_object(self.pk)

    @classmethod
    def pk_from_token(cls, token: str) -> int | None:
        try:
            value = signing.Signer(salt=BOOKING_SIGNING_SALT).unsign_object(token)
        except signing.BadSignature:
            return None
        return value if isinstance(value, int) else None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class AttendanceCount(models.Model):
    """How many people of one respondent type came to an event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendance_counts"
    )
    respondent_type = models.CharField(
        _("who they are"), max_length=30, choices=RespondentType
    )
    count = models.PositiveIntegerField(_("number who came"))

    class Meta:
        ordering = ["event", "respondent_type"]
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "respondent_type"],
                name="attendance_count_unique_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_respondent_type_display()}: {self.count}"


class FindingKind(models.TextChoices):
    WORKS_WELL = "works_well", _("What works well at the moment")
    BETTER_IF = "better_if", _("What would be better if")
    IDEA = "idea", _("Idea")
    CONCERN = "concern", _("Concern")
    ACTION = "action", _("Action")


class Finding(models.Model):
    """A statement recorded at an event topic, coded to themes and a priority."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="findings")
    session = models.ForeignKey(
        EventSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("topic"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind)
    text = models.TextField(_("what was said"), max_length=2000)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="event_findings", verbose_name=_("themes")
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_findings",
        verbose_name=_("priority"),
    )
    sort = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "session", "kind", "sort", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]
