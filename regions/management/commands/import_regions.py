from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regions import services

DATA_DIR = Path(settings.BASE_DIR) / "regions" / "data"


class Command(BaseCommand):
    help = "Import HCMC's rural districts and communes, and the 2025 merger mapping, from CSV."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=Path, default=DATA_DIR / "hcmc_rural_communes.csv")
        parser.add_argument("--mapping", type=Path, default=DATA_DIR / "hcmc_rural_communes_2025_mapping.csv")
        parser.add_argument(
            "--exclude-from-programme",
            default="27619,27586",
            help="Commune codes left out of the new-rural programme (default: Bình Hưng, Trung Chánh).",
        )

    def handle(self, *args, **options):
        excluded = {code.strip() for code in options["exclude_from_programme"].split(",") if code.strip()}
        try:
            communes, mapping = services.regions_import(
                communes_path=options["communes"],
                mapping_path=options["mapping"],
                excluded_from_programme=excluded,
            )
        except services.RegionsImportError as exc:
            raise CommandError(f"{exc}. Nothing was imported / Chưa nhập dữ liệu nào.") from exc
        self.stdout.write(
            f"Communes: {communes.created} created, {communes.updated} updated. "
            f"2025 units: {mapping.created} created, {mapping.updated} updated."
        )
