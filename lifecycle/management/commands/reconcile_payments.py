from django.core.management.base import BaseCommand, CommandError

from lifecycle.card import card_payments_reconcile


class Command(BaseCommand):
    help = "Settle card payments whose Stripe webhook never arrived (run from cron or Celery beat)."

    def handle(self, *args, **options):
        counts = card_payments_reconcile()
        self.stdout.write(
            "paid: {paid}, failed: {failed}, still open: {open}, Stripe unreachable: {errors}".format(**counts)
        )
        if counts["errors"]:
            raise CommandError(f"Stripe could not be reached for {counts['errors']} payment(s); run again later.")
