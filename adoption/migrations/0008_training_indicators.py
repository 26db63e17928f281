"""The training indicators of issue 19 (cooperatives with trained staff, officials trained this year), loaded
like the plan's first ones so their targets are rows an administrator edits. An existing row is left as it is."""

from django.db import migrations

from adoption.defaults import DEFAULT_INDICATORS, PLAN, PLAN_DEADLINE

CODES = ("cooperatives_with_trained_staff", "officials_trained")


def load(apps, schema_editor):
    Indicator = apps.get_model("adoption", "Indicator")
    for position, fields in enumerate(DEFAULT_INDICATORS):
        if fields["code"] in CODES:
            defaults = {**fields, "deadline": PLAN_DEADLINE, "source": PLAN, "position": position}
            Indicator.objects.get_or_create(code=defaults.pop("code"), defaults=defaults)


def unload(apps, schema_editor):
    apps.get_model("adoption", "Indicator").objects.filter(code__in=CODES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("adoption", "0007_indicator_settings"),
    ]

    operations = [migrations.RunPython(load, unload)]
