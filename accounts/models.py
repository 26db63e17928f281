from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingActivation(models.Model):
    """An account registered but not yet activated by the link mailed to its address. Only these
    inactive accounts can be activated by a link: one a manager switched off stays off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_activation")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account waiting for activation")
        verbose_name_plural = _("accounts waiting for activation")

    def __str__(self):
        return self.user.email


class PhoneNumber(models.Model):
    """An account's mobile number, in E.164 form (+84…). A verified number signs its account in with
    a one-time code (accounts/phone_login.py); one verified number belongs to one account only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone")
    number = models.CharField(_("phone number"), max_length=16)
    verified = models.BooleanField(_("verified"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=models.Q(verified=True), name="accounts_phone_verified_unique"
            )
        ]

    def __str__(self):
        return self.number


class OneTimeCode(models.Model):
    """A 6-digit code sent by SMS, kept only as an HMAC (a database leak gives no code away). The
    newest code for a number and purpose is the only one that counts."""

    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", _("sign in")
        ADD_PHONE = "add_phone", _("add a phone number")

    number = models.CharField(max_length=16)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    # The signed-in account adding this number (ADD_PHONE); empty for signing in.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    code_hash = models.CharField(max_length=64)
    expires = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["number", "purpose"])]

    def __str__(self):
        return f"{self.number} ({self.purpose})"
