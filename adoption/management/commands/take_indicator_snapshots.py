from django.core.management.base import BaseCommand

from adoption.snapshots import snapshots_take


class Command(BaseCommand):
    help = "Store today's figure of every indicator (once a day: cron or Celery beat; safe to run again)."

    def handle(self, *args, **options):
        for snapshot in snapshots_take():
            self.stdout.write(f"{snapshot.day} {snapshot.indicator.code}: {snapshot.numerator}/{snapshot.denominator}")
