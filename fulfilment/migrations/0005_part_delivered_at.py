from django.db import migrations, models


def delivered_when_last_changed(apps, schema_editor):
    # Parts delivered before the field existed: their last change was the move to "delivered".
    OrderPart = apps.get_model("fulfilment", "OrderPart")
    OrderPart.objects.filter(status="delivered", delivered_at__isnull=True).update(delivered_at=models.F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("fulfilment", "0004_buyertext"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderpart",
            name="delivered_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name="delivered"),
        ),
        migrations.RunPython(delivered_when_last_changed, migrations.RunPython.noop),
    ]
