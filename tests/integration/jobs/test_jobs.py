"""The outbox and the jobs in the default settings (no broker: Celery runs each task in the process).

The same code against a real Redis broker and worker: tests/integration/flows/test_production_stack.py."""

import datetime
import io
from email.mime.text import MIMEText

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from cooperatives import tasks as cooperative_tasks
from cooperatives.models import ImportJob
from cooperatives.product_import import queue as import_queue
from cooperatives.product_import import services as import_services
from cooperatives.product_import.reading import read_table
from jobs import dispatch, services, tasks
from jobs.mail import message_from_dict, message_to_dict
from jobs.models import ImportDispatch, OutboxEmail
from marketplace.celery import app as celery_app
from tests import factories

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(hours=1)


@pytest.fixture
def outbox_mail(settings):
    """The production e-mail path, delivering into Django's test mailbox instead of SMTP."""
    settings.EMAIL_BACKEND = "jobs.mail.OutboxEmailBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def a_full_message():
    message = mail.EmailMultiAlternatives(
        subject="Đơn hàng 100001 đã giao",
        body="Chào chị Lan,\nđơn hàng đã giao.",
        from_email="Chợ HTX <cho-htx@example.com>",
        to=["lan@example.com"],
        cc=["htx@example.com"],
        bcc=["audit@example.com"],
        reply_to=["hotro@example.com"],
        headers={"X-Order": "100001"},
    )
    message.attach_alternative("<p>Đơn hàng <b>đã giao</b></p>", "text/html")
    message.attach("hoa-don.csv", "mã,số tiền\n100001,150000\n", "text/csv")
    message.attach("anh.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    message.attach(MIMEText("một phần MIME", "plain", "utf-8"))
    return message


class TestTheDefaultStaysInProcess:
    def test_without_a_broker_celery_runs_tasks_in_the_process(self):
        assert celery_app.conf.task_always_eager
        assert dispatch.tasks_run_in_process()

    def test_the_default_e_mail_backend_is_untouched(self, settings):
        # The test settings' locmem backend, as every other test expects: the outbox is production's.
        assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"

    def test_a_large_import_is_not_queued_for_a_worker(self, site):
        coop = factories.cooperative()
        job = ImportJob.objects.create(cooperative=coop, file="imports/x.csv", file_name="x.csv")
        assert import_queue.import_job_enqueue(job.pk) is False
        assert not ImportDispatch.objects.exists()


class TestOutboxEmail:
    def test_every_part_of_a_message_survives_the_outbox(self):
        original = a_full_message()

        stored = message_to_dict(original)
        again = message_from_dict(stored)

        assert (again.subject, again.body, again.from_email) == (original.subject, original.body, original.from_email)
        assert (again.to, again.cc, again.bcc, again.reply_to) == (
            original.to,
            original.cc,
            original.bcc,
            original.reply_to,
        )
        assert again.alternatives == [("<p>Đơn hàng <b>đã giao</b></p>", "text/html")]
        assert again.attachments[:2] == [
            ("hoa-don.csv", "mã,số tiền\n100001,150000\n", "text/csv"),
            ("anh.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png"),
        ]
        assert again.attachments[2].get_payload(decode=True).decode() == "một phần MIME"
        assert again.extra_headers["X-Order"] == "100001"
        # Date and Message-ID are fixed when the mail is written: a resend is recognisably the same mail.
        assert again.extra_headers["Message-ID"] == stored["headers"]["Message-ID"]
        assert "Date" in again.extra_headers
        rendered = again.message().as_string()
        assert stored["headers"]["Message-ID"] in rendered and "X-Order: 100001" in rendered

    def test_a_mail_is_stored_then_sent_once_the_transaction_commits(
        self, outbox_mail, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                assert a_full_message().send() == 1
                row = OutboxEmail.objects.get()
                assert row.status == OutboxEmail.Status.PENDING and mail.outbox == []

        row.refresh_from_db()
        assert row.status == OutboxEmail.Status.SENT and row.attempts == 1 and row.sent_at is not None
        assert row.recipients == "lan@example.com, htx@example.com, audit@example.com"
        [sent] = mail.outbox
        assert sent.subject == "Đơn hàng 100001 đã giao" and sent.bcc == ["audit@example.com"]
        assert sent.alternatives[0].mimetype == "text/html"

    def test_a_rolled_back_transaction_sends_nothing(self, outbox_mail, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError):
                with transaction.atomic():
                    mail.send_mail("Xác nhận", "…", None, ["lan@example.com"])
                    raise RuntimeError("the order failed")

        assert not OutboxEmail.objects.exists() and mail.outbox == []

    def test_a_message_without_recipients_is_not_stored(self, outbox_mail):
        assert mail.EmailMessage("Trống", "…", None, []).send() == 0
        assert not OutboxEmail.objects.exists()

    def test_a_row_is_sent_once_however_often_its_task_runs(self, outbox_mail, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            mail.send_mail("Một lần thôi", "…", None, ["lan@example.com"])
        row = OutboxEmail.objects.get()

        assert tasks.outbox_email_send.delay(row.pk).get() is False
        assert services.outbox_email_deliver(row.pk) is False
        assert len(mail.outbox) == 1

    def test_a_refusing_mail_server_leaves_the_mail_pending_and_the_flush_sends_it(
        self, outbox_mail, settings, django_capture_on_commit_callbacks
    ):
        settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
        with django_capture_on_commit_callbacks(execute=True):
            mail.send_mail("Hoá đơn", "…", None, ["lan@example.com"])
        row = OutboxEmail.objects.get()
        assert row.status == OutboxEmail.Status.PENDING and row.attempts == 1
        assert "ConnectionRefusedError" in row.last_error

        settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        counts = services.outbox_flush(now=timezone.now() + LATER)

        assert counts["emails_dispatched"] == 1
        row.refresh_from_db()
        assert (row.status, row.attempts, row.last_error) == (OutboxEmail.Status.SENT, 2, "")
        assert [message.subject for message in mail.outbox] == ["Hoá đơn"]

    def test_a_mail_that_keeps_failing_is_marked_failed_for_a_person_to_see(self, outbox_mail, settings):
        settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
        mail.send_mail("Hỏng", "…", None, ["lan@example.com"])
        OutboxEmail.objects.update(attempts=services.EMAIL_MAX_ATTEMPTS - 1, status=OutboxEmail.Status.PENDING)

        services.outbox_flush(now=timezone.now() + LATER)

        row = OutboxEmail.objects.get()
        assert row.status == OutboxEmail.Status.FAILED and row.attempts == services.EMAIL_MAX_ATTEMPTS
        services.outbox_flush(now=timezone.now() + 2 * LATER)
        assert OutboxEmail.objects.get().attempts == services.EMAIL_MAX_ATTEMPTS  # left alone

    def test_a_mail_held_by_a_dead_worker_is_sent_after_it_goes_stale(self, outbox_mail):
        row = OutboxEmail.objects.create(message=message_to_dict(a_full_message()), subject="Kẹt")
        OutboxEmail.objects.filter(pk=row.pk).update(status=OutboxEmail.Status.SENDING, claimed_at=timezone.now())

        assert services.outbox_flush()["emails_requeued"] == 0  # its worker may still be at it
        assert mail.outbox == []
        counts = services.outbox_flush(now=timezone.now() + services.EMAIL_SENDING_STALE + LATER)

        assert counts["emails_requeued"] == 1
        assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT and len(mail.outbox) == 1

    def test_the_flush_command_reports_what_it_handed_over(self, outbox_mail):
        OutboxEmail.objects.create(message=message_to_dict(a_full_message()), subject="Chờ")

        out = io.StringIO()
        call_command("flush_outbox", stdout=out)

        assert "e-mails handed over: 1" in out.getvalue() and len(mail.outbox) == 1


def _csv_job(coop, count):
    lines = ["sku,title,category,price,stock"] + [f"SP-{n:04d},Rau {n},Rau củ,20000,{n + 1}" for n in range(count)]
    upload = SimpleUploadedFile("bang-gia.csv", "\n".join(lines).encode())
    return import_services.import_job_create(
        cooperative=coop, uploaded_by=None, upload=upload, table=read_table(upload, name="bang-gia.csv"), language="en"
    )


class WorkerKilled(BaseException):
    """What a killed worker looks like from inside: not an Exception, so no handler turns it into a failed job."""


class TestAnImportWhoseWorkerDies:
    @pytest.fixture
    def coop(self, site):
        factories.category("Rau củ")
        return factories.cooperative()

    def _die_after_the_first_batch(self, monkeypatch):
        real = import_services.catalog_services.products_bulk_create

        def write_then_die(**kwargs):
            real(**kwargs)
            assert Product.objects.count() > 0  # written, inside the import's transaction
            raise WorkerKilled

        monkeypatch.setattr(import_services.catalog_services, "products_bulk_create", write_then_die)
        monkeypatch.setattr(import_services, "WRITE_BATCH", 10)

    @pytest.mark.django_db(transaction=True)
    def test_leaves_nothing_half_written_and_the_flush_runs_it_again(self, coop, monkeypatch):
        job = _csv_job(coop, 25)
        ImportDispatch.objects.create(job=job)
        self._die_after_the_first_batch(monkeypatch)

        with pytest.raises(WorkerKilled):
            cooperative_tasks.product_import_run.apply(args=[job.pk], throw=True)

        job.refresh_from_db()
        assert job.status == ImportJob.Status.IMPORTING
        assert not Product.objects.exists() and not StockRecord.objects.exists()
        assert services.outbox_flush()["imports_requeued"] == 0  # not stale yet: it may still be running

        monkeypatch.undo()
        counts = services.outbox_flush(now=timezone.now() + import_queue.IMPORT_STALE + LATER)

        assert (counts["imports_requeued"], counts["imports_dispatched"]) == (1, 1)
        job.refresh_from_db()
        assert (job.status, job.created_products, job.processed_rows) == (ImportJob.Status.DONE, 25, 25)
        assert StockRecord.objects.filter(partner=coop.partner).count() == 25
        assert ImportDispatch.objects.get(job=job).runs == 2

    def test_a_file_whose_runs_keep_dying_is_failed_with_a_message(self, coop):
        job = _csv_job(coop, 3)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING)
        ImportDispatch.objects.create(job=job, started_at=timezone.now(), runs=import_queue.IMPORT_MAX_RUNS)

        counts = services.outbox_flush(now=timezone.now() + import_queue.IMPORT_STALE + LATER)

        assert (counts["imports_failed"], counts["imports_requeued"]) == (1, 0)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
        runs = import_queue.IMPORT_MAX_RUNS
        message = f"The import was interrupted {runs} times; nothing was imported. Upload the file again."
        assert job.errors == [{"line": None, "messages": [message]}]
        assert not Product.objects.exists()

    def test_a_queued_import_the_broker_never_took_is_handed_over_by_the_flush(self, coop):
        job = _csv_job(coop, 3)
        ImportDispatch.objects.create(job=job)  # the request's hand-over failed: no dispatched_at

        counts = services.outbox_flush()

        assert counts["imports_dispatched"] == 1
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE and job.created_products == 3
