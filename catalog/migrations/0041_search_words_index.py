"""On PostgreSQL, the folded words as a stored text-search vector with a GIN index (catalog/search_words.py),
so that a search for any word, two letters too ("cá nhà bè"), reads the index instead of every product. The
trigram index of 0037 answers only words of three letters or more; SQLite has neither and keeps scanning."""

from django.db import migrations

from catalog import search_words


def create(apps, schema_editor):
    search_words.ensure(schema_editor.connection)


def drop(apps, schema_editor):
    search_words.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0040_fill_suggestion_words"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
