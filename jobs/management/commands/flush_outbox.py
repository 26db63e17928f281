from django.core.management.base import BaseCommand

from jobs.services import outbox_flush


class Command(BaseCommand):
    help = (
        "Hand pending e-mails and queued imports to the workers again, and requeue imports whose worker died "
        "(Celery beat runs this every minute; run it by hand after a broker outage)."
    )

    def handle(self, *args, **options):
        counts = outbox_flush()
        self.stdout.write(
            "e-mails handed over: {emails_dispatched} (taken back from dead workers: {emails_requeued}); "
            "imports handed over: {imports_dispatched} (requeued: {imports_requeued}, failed: {imports_failed})".format(
                **counts
            )
        )
