import time

from django.core.management.base import BaseCommand, CommandError

from marketplace.demo import bench_adoption as bench_data


class Command(BaseCommand):
    help = (
        "Fill a migrated database with benchmark data for the adoption dashboard: cooperatives with their "
        "applications, products and storefronts, raw-material areas, linkage models, buyers and orders "
        "over the last 18 months. Imports the administrative units first if there are none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cooperatives", type=int, default=5000, help="Cooperatives (default 5000).")
        parser.add_argument("--linkages", type=int, default=1000, help="Linkage models (default 1000).")
        parser.add_argument("--order-lines", type=int, default=200_000, help="Order lines (default 200000).")
        parser.add_argument("--buyers", type=int, default=5000, help="Registered buyers (default 5000).")
        parser.add_argument(
            "--storefronts", type=int, default=100, help="Storefront pages, created one by one (default 100)."
        )
        parser.add_argument("--seed", type=int, default=7, help="Random seed: the same seed, the same data.")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = bench_data.adoption_bench_data_load(
                cooperatives=options["cooperatives"],
                linkages=options["linkages"],
                order_lines=options["order_lines"],
                buyers=options["buyers"],
                storefront_count=options["storefronts"],
                seed=options["seed"],
                log=self.stdout.write,
            )
        except bench_data.AdoptionBenchDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {result.summary()} in {time.monotonic() - started:.1f} s."))
