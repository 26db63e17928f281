"""The demo data gains value chains: linkage models in most districts, outlined areas, digital
technologies on some models and traced batches, built through the services and safe to rerun."""

import io

from django.core.management import call_command

from valuechains.geojson import validate_location
from valuechains.models import Batch, DigitalTechnologyAdoption, LinkageModel, RawMaterialArea, TraceEvent


def _counts():
    return tuple(model.objects.count() for model in (LinkageModel, RawMaterialArea, Batch, TraceEvent))


def test_demo_value_chains_are_complete_and_idempotent(site, client):
    call_command("load_demo_data", stdout=io.StringIO())
    first = _counts()
    call_command("load_demo_data", stdout=io.StringIO())

    assert _counts() == first
    districts = set(LinkageModel.objects.values_list("lead_cooperative__commune__parent__name", flat=True))
    assert len(districts) >= 4
    assert LinkageModel.objects.count() >= 12
    assert DigitalTechnologyAdoption.objects.values("linkage_model").distinct().count() >= 5
    assert LinkageModel.objects.exclude(technologies__isnull=False).exists()
    for area in RawMaterialArea.objects.all():
        assert area.location["type"] == "Polygon"
        validate_location(area.location)
    # Every value chain of the demo (recorded with its participants) is traced; the demo contracts
    # (marketplace/demo/contracts.py and contract_history.py) are linkage models made in the shop, with no
    # harvest traced yet. The value chains' deliveries (marketplace/demo/deliveries.py) give them a version too.
    assert Batch.objects.count() == LinkageModel.objects.filter(participants__isnull=False).distinct().count()
    assert TraceEvent.objects.filter(corrects__isnull=False).count() == 1

    batch = Batch.objects.exclude(product__upc=None).exclude(product__upc="").get()
    assert client.get(f"/en/trace/{batch.code}/").status_code == 200
    link = client.get(f"/01/{batch.product.upc.zfill(14)}/10/{batch.code}")
    assert link["Location"] == f"/trace/{batch.code}/"
