"""The department's training classes (lớp tập huấn): a course for one audience, its sessions, and who
registered for each session. Seats and the waiting list are decided in services.py, never here."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Layout


class Course(models.Model):
    class Audience(models.TextChoices):
        COOPERATIVE_STAFF = "cooperative_staff", _("cooperative staff")
        COMMUNE_OFFICIALS = "commune_officials", _("commune officials")
        DISTRICT_OFFICIALS = "district_officials", _("district officials")

    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    topics = models.TextField(_("topics"), blank=True)
    # Materials come from the training library (/thu-vien-tap-huan/), edited in Wagtail.
    materials = models.ManyToManyField(
        "marketplace.TrainingResourcePage",
        blank=True,
        related_name="courses",
        verbose_name=_("materials"),
        limit_choices_to={"live": True},
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course"))
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    # A commune hall (the commune and the venue), or online with a link: exactly one of venue and link.
    commune = models.ForeignKey(
        "regions.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("commune"),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    seats = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1, message=_("A session needs at least one seat."))]
    )
    trainer = models.CharField(_("trainer"), max_length=200)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gt=0), name="training_session_has_seats"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(venue="") & ~Q(online_link="")) | (~Q(venue="") & Q(online_link="")),
                name="training_session_venue_or_link",
            ),
        ]

    def __str__(self):
        return f"{self.course} ({self.starts_at:%d/%m/%Y %H:%M})"

    @property
    def is_online(self) -> bool:
        return bool(self.online_link)

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        if self.venue and self.online_link:
            errors["online_link"] = _("Give either a venue or an online link, not both.")
        elif not self.venue and not self.online_link:
            errors["venue"] = _("Give the venue (a commune hall) or an online link.")
        if self.commune_id and not self.venue:
            errors.setdefault("venue", _("A session in a commune needs its venue."))
        if errors:
            raise ValidationError(errors)


def new_code() -> str:
    """An unguessable code for a registration: its QR code at the door and its certificate's link."""
    return secrets.token_urlsafe(12)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")
        ABSENT = "absent", _("absent")

    # The statuses that hold one of the session's seats.
    SEATED = (Status.REGISTERED, Status.ATTENDED, Status.ABSENT)

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_registrations",
        verbose_name=_("person"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # Set for a cooperative's staff: the cooperative that sent them.
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_registrations",
        verbose_name=_("cooperative"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    # Carried by the person's QR code (check-in at the door) and, once attended, by the certificate's
    # verification link: unguessable, so a link cannot be made up.
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_code, editable=False)
    attended_marked_at = models.DateTimeField(_("attendance marked at"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance marked by"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="training_one_live_registration_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.session}"


class Official(models.Model):
    """A commune or district official (cán bộ xã / huyện) with an account made by an officer: where they
    work, which the officials' figures count them by. The account itself has no shop rights."""

    class Level(models.TextChoices):
        COMMUNE = "commune", _("commune official")
        DISTRICT = "district", _("district official")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_official", verbose_name=_("account")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # A commune or a district of the layout before July 2025, as the plan's figures and the cooperatives
    # use; the 2025 units are reached through the succession table.
    unit = models.ForeignKey(
        "regions.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="training_officials",
        verbose_name=_("workplace"),
        limit_choices_to={"layout": Layout.BEFORE_2025, "level__in": ["commune", "district"]},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["user__first_name", "user__last_name", "pk"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self):
        return self.user.get_full_name() or str(self.user)

    def clean(self):
        if not self.unit_id:
            return
        if self.unit.layout != Layout.BEFORE_2025 or self.unit.level != self.level:
            message = {
                self.Level.COMMUNE: _("A commune official's workplace is a commune."),
                self.Level.DISTRICT: _("A district official's workplace is a district."),
            }.get(self.level, _("Choose the level, then the workplace."))
            raise ValidationError({"unit": message})
