"""Every linkage model recorded before contracts had versions gets its version 1, in force since it was
recorded: no buyer (buyers had no accounts then), its lead cooperative, its dates and areas, and a line
for its key product when that is a shop product with a price (the agreed volume, or 0 when none was
written). Undone by removing the versions; the linkage models themselves are untouched."""

from decimal import Decimal

from django.db import migrations

NOTE = "Recorded before contracts had versions."


def _line_for(linkage_model, StockRecord):
    if linkage_model.key_product_id is None:
        return None
    record = (
        StockRecord.objects.filter(
            product_id=linkage_model.key_product_id, partner_id=linkage_model.lead_cooperative.partner_id
        )
        .exclude(price=None)
        .first()
    )
    if record is None or record.price < 1:
        return None
    return {
        "product_id": linkage_model.key_product_id,
        "unit_price": int(record.price),
        "volume": linkage_model.agreed_volume if linkage_model.agreed_volume is not None else Decimal(0),
        "volume_unit": linkage_model.agreed_volume_unit or "kg",
    }


def versions_forward(apps, schema_editor):
    LinkageModel = apps.get_model("valuechains", "LinkageModel")
    ContractVersion = apps.get_model("contracts", "ContractVersion")
    ContractLine = apps.get_model("contracts", "ContractLine")
    StockRecord = apps.get_model("partner", "StockRecord")
    legacy = LinkageModel.objects.select_related("lead_cooperative").prefetch_related("areas")
    for linkage_model in legacy.exclude(versions__isnull=False).iterator(chunk_size=500):
        version = ContractVersion.objects.create(
            linkage_model=linkage_model,
            number=1,
            organisation=None,
            start=linkage_model.contract_start,
            end=linkage_model.contract_end,
            offered_by_side="cooperative",
            offered_at=linkage_model.created_at,
            state="accepted",
            answered_at=linkage_model.created_at,
            note=NOTE,
        )
        version.cooperatives.add(linkage_model.lead_cooperative_id)
        version.areas.set(linkage_model.areas.all())
        if line := _line_for(linkage_model, StockRecord):
            ContractLine.objects.create(version=version, **line)


def versions_backward(apps, schema_editor):
    ContractVersion = apps.get_model("contracts", "ContractVersion")
    ContractVersion.objects.filter(number=1, organisation=None, note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_initial"),
        ("partner", "0007_partneraddress_code"),
    ]

    operations = [migrations.RunPython(versions_forward, versions_backward)]
