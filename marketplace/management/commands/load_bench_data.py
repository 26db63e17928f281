import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from marketplace.demo import bench_catalog as bench_data
from regions.models import AdministrativeUnit


class Command(BaseCommand):
    help = (
        "Fill the database with N benchmark products of verified cooperatives (one per 50 products), "
        "with categories, certifications, OCOP stars, prices and stock. Running it again tops up to N: "
        "existing benchmark products are kept, only missing ones are created."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=10_000, help="How many benchmark products (default 10000).")
        parser.add_argument(
            "--per-cooperative",
            type=int,
            default=bench_data.PRODUCTS_PER_COOPERATIVE,
            help="Products per cooperative (default 50).",
        )

    def handle(self, *args, **options):
        if options["products"] < 0 or options["per_cooperative"] < 1:
            raise CommandError("--products must be 0 or more and --per-cooperative 1 or more.")
        if not AdministrativeUnit.objects.exists():
            call_command("import_regions", stdout=self.stdout)
        started = time.monotonic()
        result = bench_data.bench_data_load(
            products=options["products"], per_cooperative=options["per_cooperative"], log=self.stdout.write
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.cooperatives_created} cooperatives and {result.products_created} products created "
                f"in {time.monotonic() - started:.1f} s; {result.products_total} benchmark products in all."
            )
        )
