from django.core.management.base import BaseCommand
from django.db import transaction
from oscar.core.loading import get_model

from catalog import services, suggestion_words

Product = get_model("catalogue", "Product")


class Command(BaseCommand):
    help = (
        "Fold again every product's search text (title, cooperative, categories, certifications). "
        "and rebuild the suggestions' words (catalog/suggestion_words.py). "
        "Run once after upgrading how search text is folded; renames keep it current by themselves."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = services.products_refresh_search_text_many(Product.objects.values_list("pk", flat=True))
            on_sale = suggestion_words.rebuild_all()
        self.stdout.write(self.style.SUCCESS(f"{count} products refolded, {on_sale} on sale suggested."))
