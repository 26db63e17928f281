"""On PostgreSQL, a trigram index on the folded search text, so that ``search_text LIKE '%word%'``
(catalog/selectors.py ``_has_word``) is answered from the index instead of reading every product.
SQLite has no such index and keeps scanning, which is quick enough at the sizes it serves."""

from django.db import migrations

INDEX = "catalogue_product_search_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalogue_product USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0036_refold_letters_and_digits"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
