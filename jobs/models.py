"""The outbox: work for Celery workers, written in the database first so that none is lost while the
broker (Redis) is away. Rows are handed to the broker after their transaction commits and again by
the periodic flush (jobs.services.outbox_flush) until a worker has done them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    """One e-mail, stored by jobs.mail.OutboxEmailBackend in the transaction that sent it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # Subject, body, alternatives, attachments, addresses and headers (jobs.mail.message_to_dict).
    message = models.JSONField(_("message"))
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Last handed to the broker; null while no broker has taken it.
    dispatched_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    # When a worker took it: a row "being sent" for too long belongs to a worker that died.
    claimed_at = models.DateTimeField(_("taken by a worker"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "dispatched_at"])]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self):
        return self.subject


class ImportDispatch(models.Model):
    """When a product import was handed to the broker and when a worker last started it.

    The import job's own row is its outbox (status "queued" until a worker takes it); this records
    only the times the flush needs to hand it over again or to requeue one whose worker died."""

    job = models.OneToOneField(
        "cooperatives.ImportJob", on_delete=models.CASCADE, primary_key=True, related_name="dispatch"
    )
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Runs started; a file whose runs keep dying is failed after jobs.services.IMPORT_MAX_RUNS.
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import dispatch")
        verbose_name_plural = _("import dispatches")

    def __str__(self):
        return str(self.job_id)
