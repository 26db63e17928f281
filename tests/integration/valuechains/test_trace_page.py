"""The public trace page of a batch: HTML, the JSON document, QR codes, GS1 Digital Link, friendly 404s."""

import datetime
import io
import json
import re

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from catalog.models import Certification
from tests import factories
from valuechains import services
from valuechains.trace import FORMAT

# An EAN-13 with a valid GS1 check digit (Vietnam's prefix 893).
GTIN = "8934563138165"


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def coop(site):
    return factories.cooperative(name="HTX Rau sạch Phước An")


@pytest.fixture
def batch(coop):
    product = factories.product(coop=coop, title="Rau muống hữu cơ", upc=GTIN)
    area = factories.raw_material_area(coop, name="Cánh đồng ấp 3")
    vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
    services.area_certification_add(
        area=area, certification=vietgap, valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2027, 12, 31)
    )
    services.area_certification_add(
        area=area, name="Hữu cơ PGS", valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2022, 12, 31)
    )
    return factories.batch(coop=coop, product_=product, area=area, code="PA-2611-01")


def at(hour):
    return timezone.make_aware(datetime.datetime(2026, 11, 20, hour, 0))


def record_steps(batch, count):
    for n in range(count):
        factories.trace_event(
            batch, kind="sorted", occurred_at=at(6) + datetime.timedelta(minutes=n), place=f"Xưởng {n}"
        )


class TestTracePage:
    def test_shows_product_cooperative_area_certifications_and_steps(self, client, batch):
        harvested = factories.trace_event(batch, kind="harvested", occurred_at=at(6), place="Ấp 3, xã An Phú")
        factories.trace_event(batch, kind="packed", occurred_at=at(9), place="Nhà sơ chế HTX")

        response = client.get(en("valuechains:trace", code="PA-2611-01"))

        assert response.status_code == 200
        page = response.content.decode()
        for text in [
            "Rau muống hữu cơ",
            "HTX Rau sạch Phước An",
            "Cánh đồng ấp 3",
            "VietGAP",
            "Hữu cơ PGS",
            "not valid today",
            "Harvested",
            "Packed",
            "Ấp 3, xã An Phú",
            "Nhà sơ chế HTX",
            "08934563138165",
        ]:
            assert text in page
        assert page.index("Harvested") < page.index("Packed")
        assert f'id="event-{harvested.pk}"' in page

    def test_a_correction_is_shown_as_such_and_the_corrected_step_stays(self, client, batch):
        wrong = factories.trace_event(batch, kind="shipped", occurred_at=at(10), place="Kho Bình Điền")
        factories.trace_event(
            batch, kind="shipped", occurred_at=at(11), place="Kho Thủ Đức", corrects=wrong, note="Sai kho nhận."
        )

        page = client.get(en("valuechains:trace", code="PA-2611-01")).content.decode()

        assert "Kho Bình Điền" in page and "Kho Thủ Đức" in page
        assert "Correction of step 1" in page
        assert "Corrected by a later entry" in page

    def test_vietnamese_page_lives_at_the_unprefixed_address(self, client, batch):
        assert reverse("valuechains:trace", kwargs={"code": "PA-2611-01"}) == "/trace/PA-2611-01/"
        assert client.get("/trace/PA-2611-01/").status_code == 200

    @pytest.mark.parametrize("code", ["NO-SUCH-LOT", "bad code!", "x" * 40, "-dash-first"])
    def test_unknown_or_malformed_code_says_it_is_not_a_registered_batch(self, client, batch, code):
        response = client.get(f"/trace/{code}/")

        assert response.status_code == 404
        page = response.content.decode()
        assert "Mã này không phải là lô hàng đã đăng ký trên chợ" in page
        assert 'href="mailto:cho-htx@example.com?subject=' in page

    def test_unknown_code_in_english(self, client, batch):
        page = client.get("/en/trace/NO-SUCH-LOT/").content.decode()

        assert "This code is not a batch registered on the market" in page
        assert "NO-SUCH-LOT" in page

    def test_unknown_digital_link_gets_the_same_answer(self, client, batch):
        response = client.get(f"/01/{GTIN}/10/NO-SUCH-LOT")

        assert response.status_code == 404
        assert "Mã này không phải là lô hàng đã đăng ký trên chợ" in response.content.decode()

    def test_steps_are_numbered_in_the_order_they_happened_even_when_recorded_late(self, client, batch):
        # As in the demo data: a correction recorded after the last step, about an earlier time.
        factories.trace_event(batch, kind="harvested", occurred_at=at(6), place="Ruộng")
        factories.trace_event(batch, kind="sorted", occurred_at=at(8), place="Xưởng")
        packed = factories.trace_event(batch, kind="packed", occurred_at=at(9), place="Nhà sơ chế sai giờ")
        factories.trace_event(batch, kind="shipped", occurred_at=at(14), place="Kho Thủ Đức")
        factories.trace_event(
            batch, kind="packed", occurred_at=at(11), place="Nhà sơ chế đúng giờ", corrects=packed, note="Sai giờ."
        )

        page = client.get("/trace/PA-2611-01/").content.decode()

        places = ["Ruộng", "Xưởng", "Nhà sơ chế sai giờ", "Nhà sơ chế đúng giờ", "Kho Thủ Đức"]
        positions = [page.index(place) for place in places]
        assert positions == sorted(positions)
        numbers = re.findall(r'class="trace-step-number">(\d+)\.<', page)
        assert numbers == ["1", "2", "3", "4", "5"]
        assert "Sửa bước 3" in page

    def test_links_to_the_product_the_cooperative_and_a_buy_button(self, client, batch, coop):
        storefront = factories.storefront(coop)

        page = client.get("/trace/PA-2611-01/").content.decode()

        assert f'href="{batch.product.get_absolute_url()}" id="trace-product"' in page
        assert f'href="{storefront.url}" id="trace-cooperative"' in page
        assert f'action="/basket/add/{batch.product.pk}/"' in page

    def test_a_product_taken_off_sale_has_no_buy_button(self, client, batch):
        batch.product.is_public = False
        batch.product.save()

        page = client.get("/trace/PA-2611-01/").content.decode()

        assert 'id="trace-buy"' not in page and "/basket/add/" not in page

    @pytest.mark.parametrize("events", [5, 500])
    def test_query_count_does_not_grow_with_the_steps(self, client, batch, events, django_assert_max_num_queries):
        record_steps(batch, events)
        url = en("valuechains:trace", code="PA-2611-01")
        client.get(url)  # warm the per-process caches (site, categories)

        # The trace's 4 queries, the storefront link's 1, the buy button's 4 (stock record, partner,
        # cooperative, product options) and the header's 2 category queries.
        with django_assert_max_num_queries(11):
            response = client.get(url)

        assert response.content.decode().count('class="border-left') == events


class TestTraceJson:
    def test_json_document_has_the_documented_shape(self, client, batch):
        harvested = factories.trace_event(batch, kind="harvested", occurred_at=at(6))
        fix = factories.trace_event(batch, kind="harvested", occurred_at=at(7), corrects=harvested, note="Giờ sai.")

        response = client.get(en("valuechains:trace", code="PA-2611-01"), HTTP_ACCEPT="application/json")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "Accept" in response["Vary"]
        document = json.loads(response.content)
        assert document["format"] == FORMAT
        assert document["code"] == "PA-2611-01"
        assert document["url"] == "http://testserver/trace/PA-2611-01/"
        assert document["product"] == {"title": "Rau muống hữu cơ", "gtin": "08934563138165"}
        assert document["cooperative"]["name"] == "HTX Rau sạch Phước An"
        assert document["area"]["name"] == "Cánh đồng ấp 3"
        assert document["area"]["hectares"] == "12.50"
        assert document["area"]["location"]["type"] == "Polygon"
        assert {c["name"]: c["valid_today"] for c in document["area"]["certifications"]} == {
            "VietGAP": True,
            "Hữu cơ PGS": False,
        }
        assert document["harvest_date"] == "2026-11-20"
        assert (document["quantity"], document["unit"]) == ("250.00", "kg")
        assert [(e["id"], e["kind"], e["corrects"], e["corrected_by"]) for e in document["events"]] == [
            (harvested.pk, "harvested", None, [fix.pk]),
            (fix.pk, "harvested", harvested.pk, []),
        ]
        assert document["events"][0]["occurred_at"].startswith("2026-11-20T06:00:00")
        assert set(document["events"][0]) == {
            "id",
            "kind",
            "kind_label",
            "occurred_at",
            "place",
            "actor",
            "note",
            "corrects",
            "corrected_by",
        }

    def test_browsers_get_html(self, client, batch):
        accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        response = client.get(en("valuechains:trace", code="PA-2611-01"), HTTP_ACCEPT=accept)

        assert response["Content-Type"].startswith("text/html")

    def test_unknown_code_as_json_is_a_404(self, client, batch):
        response = client.get("/en/trace/NOPE/", HTTP_ACCEPT="application/json")

        assert response.status_code == 404

    @pytest.mark.parametrize("events", [5, 500])
    def test_json_query_count_does_not_grow(self, client, batch, events, django_assert_max_num_queries):
        record_steps(batch, events)

        # The batch with its product, cooperative and area; certifications; events; corrections.
        with django_assert_max_num_queries(4):
            response = client.get(en("valuechains:trace", code="PA-2611-01"), HTTP_ACCEPT="application/json")

        assert len(json.loads(response.content)["events"]) == events


class TestQrCodes:
    def test_png_of_a_product_with_a_gtin_decodes_to_the_gs1_digital_link(self, client, batch):
        response = client.get(reverse("valuechains:trace-qr-png", kwargs={"code": "PA-2611-01"}))

        assert response["Content-Type"] == "image/png"
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
        assert [code.text for code in decoded] == ["http://testserver/01/08934563138165/10/PA-2611-01"]

    def test_png_of_a_product_without_a_gtin_decodes_to_the_absolute_trace_url(self, client, coop):
        factories.batch(coop=coop, code="PA-NO-GTIN")

        response = client.get(reverse("valuechains:trace-qr-png", kwargs={"code": "PA-NO-GTIN"}))

        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
        assert [code.text for code in decoded] == ["http://testserver/trace/PA-NO-GTIN/"]

    def test_english_page_qr_still_carries_the_default_language_url(self, client, batch):
        response = client.get(en("valuechains:trace-qr-png", code="PA-2611-01"))

        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
        assert decoded[0].text == "http://testserver/01/08934563138165/10/PA-2611-01"

    def test_svg_is_an_svg_image(self, client, batch):
        response = client.get(reverse("valuechains:trace-qr-svg", kwargs={"code": "PA-2611-01"}))

        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.lstrip().startswith(b"<svg")

    def test_qr_of_an_unknown_batch_is_a_404(self, client, batch):
        assert client.get("/trace/NOPE/qr.png").status_code == 404
