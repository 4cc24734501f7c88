"""Staff accounts and their roles in local areas. Families need no account."""

import datetime
import hashlib
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from typing import Self

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from sendportal.areas.models import LocalArea


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class Role(models.TextChoices):
    """What a member of staff may do in one local area."""

    OFFICER = "officer", _("Officer")
    WORKSTREAM_LEAD = "lead", _("Workstream lead")
    CABINET_MEMBER = "cabinet", _("Cabinet member")
    AREA_ADMIN = "admin", _("Area admin")


class User(AbstractUser):
    """A member of staff, signing in with their email address."""

    username = None  # type: ignore[assignment]  # email is the login
    first_name = None  # type: ignore[assignment]  # one name field, see `name`
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # email login

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email

    def roles_by_area(self) -> dict[int, frozenset[str]]:
        """Roles of this user per area id, loaded once per user object."""
        cached: dict[int, frozenset[str]] | None = getattr(self, "_roles_cache", None)
        if cached is None:
            collected: dict[int, set[str]] = {}
            if self.is_active and self.pk:
                for area_id, role in self.memberships.values_list("area_id", "role"):
                    collected.setdefault(area_id, set()).add(role)
            cached = {area_id: frozenset(roles) for area_id, roles in collected.items()}
            self._roles_cache = cached
        return cached

    def roles_in(self, area: "LocalArea | int | None") -> frozenset[str]:
        if area is None:
            return frozenset()
        area_id = area if isinstance(area, int) else area.pk
        return self.roles_by_area().get(area_id, frozenset())

    def has_role(self, area: "LocalArea | int | None", *roles: str) -> bool:
        return bool(self.roles_in(area) & set(roles))

    def area_ids_with_role(self, *roles: str) -> list[int]:
        wanted = set(roles)
        return [
            area_id
            for area_id, held in self.roles_by_area().items()
            if not wanted or held & wanted
        ]


class MembershipQuerySet(models.QuerySet["Membership"]):
    def with_two_factor(self) -> Self:
        """Annotate `has_two_factor`: the member has set up an authentication app."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return self.annotate(
            has_two_factor=models.Exists(
                TOTPDevice.objects.filter(user=models.OuterRef("user"), confirmed=True)
            )
        )


class Membership(models.Model):
    """A role a user holds in one local area."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    area = models.ForeignKey(
        "areas.LocalArea", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["area", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "area", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.area}"


# How long an invitation link may be used.
INVITATION_VALID_FOR = datetime.timedelta(days=7)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def for_area(self, area: "LocalArea") -> Self:
        return self.filter(area=area)

    def pending(self) -> Self:
        """Neither accepted nor revoked (an expired one is still pending)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An area admin's invitation for a person to take a role in an area.

    The link carries a random token; only its SHA-256 is stored, so the table
    cannot be used to sign in. A link works once, for seven days.
    """

    area = models.ForeignKey(
        "areas.LocalArea", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.area}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + INVITATION_VALID_FOR

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
