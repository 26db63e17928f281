"""Fill the suggestions' words (catalog/suggestion_words.py) for the products on sale: public,
canonical, sold by a verified cooperative. Later changes keep them current by themselves."""

from django.db import migrations

_WORD_LENGTH = 64


def fill(apps, schema_editor):
    Product = apps.get_model("catalogue", "Product")
    StockRecord = apps.get_model("partner", "StockRecord")
    Cooperative = apps.get_model("cooperatives", "Cooperative")
    SuggestionWord = apps.get_model("catalogue", "SuggestionWord")
    verified_partners = Cooperative.objects.filter(status="verified").values("partner_id")
    sold = StockRecord.objects.filter(partner_id__in=verified_partners).values("product_id")
    on_sale = Product.objects.filter(parent=None, is_public=True, pk__in=sold)
    rows = on_sale.values_list("pk", "search_text", "search_title", "is_flagship", "date_created")
    words = []
    for pk, text, title, is_flagship, date_created in rows.iterator(chunk_size=2000):
        for word in dict.fromkeys(text.split()):
            words.append(
                SuggestionWord(
                    word=word[:_WORD_LENGTH],
                    product_id=pk,
                    search_text=f" {text} ",
                    search_title=title,
                    is_flagship=is_flagship,
                    date_created=date_created,
                )
            )
        if len(words) >= 5000:
            SuggestionWord.objects.bulk_create(words)
            words = []
    SuggestionWord.objects.bulk_create(words)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0039_suggestion_words"),
        ("cooperatives", "0009_english_text"),
        ("partner", "0007_partneraddress_code"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
