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
