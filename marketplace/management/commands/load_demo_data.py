from django.core.management import call_command
from django.core.management.base import BaseCommand

from marketplace.demo import builder
from regions.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Load demo cooperatives, products, accounts and orders. Safe to run again."

    def handle(self, *args, **options):
        if not AdministrativeUnit.objects.exists():
            call_command("import_regions", stdout=self.stdout)
        builder.build(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts use the password demo12345."))
