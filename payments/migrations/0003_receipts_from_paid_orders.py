"""Money already received before receipts existed: one receipt per paid card or transfer payment, and
each refund tied to its order."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    OrderPayment = apps.get_model("payments", "OrderPayment")
    Receipt = apps.get_model("payments", "Receipt")
    Refund = apps.get_model("payments", "Refund")
    for refund in Refund.objects.filter(order__isnull=True).select_related("order_part"):
        refund.order_id = refund.order_part.order_id
        refund.save(update_fields=["order"])
    paid = OrderPayment.objects.filter(status="paid", method__in=["card", "bank-transfer"])
    for payment in paid:
        reference = payment.stripe_payment_intent_id or payment.reference or f"before-receipts-{payment.pk}"
        Receipt.objects.get_or_create(
            order_id=payment.order_id,
            method=payment.method,
            reference=reference,
            defaults={"amount": payment.amount},
        )


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_order_lifecycle")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="refund",
            name="order",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT, related_name="refunds", to="order.order", verbose_name="order"
            ),
        ),
    ]
