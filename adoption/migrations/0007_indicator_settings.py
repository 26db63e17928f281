"""The indicators' settings row: linkage models count on their contracts' deliveries of the last 90 days."""

import django.core.validators
from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("adoption", "IndicatorSettings").objects.get_or_create(pk=1, defaults={"linkage_evidence_days": 90})


class Migration(migrations.Migration):
    dependencies = [
        ("adoption", "0006_feedback_base_is_programme_communes"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "linkage_evidence_days",
                    models.PositiveSmallIntegerField(
                        default=90,
                        help_text="A linkage model counts for the indicators only if its contract had a delivery in this many last days.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(3650),
                        ],
                        verbose_name="linkage evidence window (days)",
                    ),
                ),
            ],
            options={
                "verbose_name": "indicator settings",
                "verbose_name_plural": "indicator settings",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("pk", 1)), name="adoption_settings_one_row")
                ],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
