"""Residents' opinions on new-rural (nông thôn mới) results and services in their commune."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import AdministrativeUnit, Layout


class Rating(models.IntegerChoices):
    VERY_DISSATISFIED = 1, _("1 — very dissatisfied")
    DISSATISFIED = 2, _("2 — dissatisfied")
    NEUTRAL = 3, _("3 — neither satisfied nor dissatisfied")
    SATISFIED = 4, _("4 — satisfied")
    VERY_SATISFIED = 5, _("5 — very satisfied")


class ResidentFeedback(models.Model):
    # A unit of today's (2025) layout: the commune residents know by name now.
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="resident_feedback",
        limit_choices_to={"layout": Layout.FROM_2025},
        verbose_name=_("commune"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=10)
    # HMAC-SHA256 of the client's address keyed with SECRET_KEY: enough to refuse repeat
    # voting, never the address itself (feedback.services.voter_key_for).
    voter_key = models.CharField(_("voter key"), max_length=64, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("resident feedback")
        verbose_name_plural = _("resident feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_between_1_and_5"
            ),
        ]
        indexes = [
            # The repeat-voting checks look up one voter's recent feedback.
            models.Index(fields=["voter_key", "created_at"], name="feedback_voter_recent_idx"),
        ]

    def __str__(self):
        return f"{self.commune} · {self.rating} · {self.created_at:%Y-%m-%d}"
