"""The feedback indicator's base is the programme's communes in the 2025 layout, wards not counted (issue 16):
its "out of" label says so. A label an administrator has edited is left as it is."""

from django.db import migrations

CODE = "communes_collecting_feedback"
OLD = {
    "denominator_label_en": "communes offered on the feedback form",
    "denominator_label_vi": "xã có trong phiếu lấy ý kiến",
}
NEW = {
    "denominator_label_en": "programme communes in the 2025 layout (wards not counted)",
    "denominator_label_vi": "xã thuộc chương trình theo địa giới từ 1/7/2025 (không tính phường)",
}


def relabel(old, new):
    def run(apps, schema_editor):
        Indicator = apps.get_model("adoption", "Indicator")
        for field, text in new.items():
            Indicator.objects.filter(code=CODE, **{field: old[field]}).update(**{field: text})

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("adoption", "0005_order_placed_buyer_index"),
    ]

    operations = [
        migrations.RunPython(relabel(OLD, NEW), relabel(NEW, OLD)),
    ]
