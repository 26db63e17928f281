"""Việt Nam as the one shipping country: the checkout's address form fixes the country to it
(checkout/forms.py, ShippingAddressForm), so every database must have the row, not only the demo's."""

from django.db import migrations


def vietnam_shipping_country(apps, schema_editor):
    Country = apps.get_model("address", "Country")
    Country.objects.update_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "name": "Việt Nam",
            "printable_name": "Việt Nam",
            "is_shipping_country": True,
            "display_order": 1,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_succession_verbose_names"),
        ("address", "0007_useraddress_code"),
    ]

    operations = [migrations.RunPython(vietnam_shipping_country, migrations.RunPython.noop)]
