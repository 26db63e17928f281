"""Refold every product's search text: letters and digits are now words apart ("ST25" → "st 25")."""

import importlib

from django.db import migrations


def refold(apps, schema_editor):
    fill = importlib.import_module("catalog.migrations.0034_product_search_text").fill_search_text
    fill(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0035_product_weight_step"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
