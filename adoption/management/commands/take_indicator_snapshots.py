from django.core.management.base import BaseCommand

from adoption.snapshots import nightly_figures_take


class Command(BaseCommand):
    help = "Store today's figure of every indicator and roll up closed months' sales (daily; safe to run again)."

    def handle(self, *args, **options):
        snapshots, sales_rows = nightly_figures_take()
        for snapshot in snapshots:
            self.stdout.write(f"{snapshot.day} {snapshot.indicator.code}: {snapshot.numerator}/{snapshot.denominator}")
        self.stdout.write(f"Closed months' sales rolled up: {sales_rows} rows (cooperative × month).")
