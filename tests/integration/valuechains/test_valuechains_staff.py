"""Staff pages under /value-chains/: each cooperative manages its own chain; officers read everything."""

import datetime
import json
import re

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests import factories
from valuechains import qr
from valuechains.models import Batch, LinkageModel, LinkageParticipant, RawMaterialArea, TraceEvent


def decode_svg_qr(svg: str, *, module_pixels=8) -> str:
    """Decode a QR code printed as segno's inline SVG (one path of horizontal runs of dark modules) with ZXing:
    draw the runs into an image, as a printer would, and read it back."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    image = Image.new("L", (size * module_pixels, size * module_pixels), 255)
    x = y = 0.0
    for command, number, *rest in re.findall(
        r"([MmHh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", re.search(r' d="([^"]+)"', svg).group(1)
    ):
        second = float(rest[0]) if rest and rest[0] else 0.0
        if command == "M":
            x, y = float(number), second
        elif command == "m":
            x, y = x + float(number), y + second
        else:
            end = x + float(number) if command == "h" else float(number)
            row = int(y)  # the run is drawn along the middle of its row
            for column in range(int(x), int(end)):
                image.paste(
                    0,
                    (
                        column * module_pixels,
                        row * module_pixels,
                        (column + 1) * module_pixels,
                        (row + 1) * module_pixels,
                    ),
                )
            x = end
    return " ".join(code.text for code in zxingcpp.read_barcodes(image))


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def ours(site):
    return factories.cooperative(name="HTX Rau Củ Chi")


@pytest.fixture
def theirs(site):
    return factories.cooperative(name="HTX Gạo Bình Chánh")


@pytest.fixture
def staff(client, ours):
    client.force_login(factories.cooperative_staff(ours))
    return client


@pytest.fixture
def their_batch(theirs):
    batch = factories.batch(coop=theirs, code="BC-THEIRS")
    factories.trace_event(batch, kind="harvested", place="Ấp 1, Tân Nhựt")
    return batch


AREA_POST = {
    "name": "Cánh đồng ấp 5",
    "hectares": "8.5",
    "crops": "Rau muống, cải",
    "household_count": "21",
    "location": json.dumps({"type": "Point", "coordinates": [106.5, 11.0]}),
}


class TestOwnCooperative:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("valuechains:index", "Cánh đồng ấp 9"),
            ("valuechains:area-create", "An Phú, Củ Chi"),  # the commune choices
            ("valuechains:linkage-create", "Cánh đồng ấp 9"),  # our areas to tie
            ("valuechains:batch-create", "Cánh đồng ấp 9"),
        ],
    )
    def test_pages_open_for_our_staff(self, staff, ours, name, expected):
        factories.raw_material_area(ours, name="Cánh đồng ấp 9")

        response = staff.get(en(name))

        assert response.status_code == 200
        assert expected in response.content.decode()

    def test_index_lists_only_our_rows(self, staff, ours, their_batch):
        factories.batch(coop=ours, code="CC-OURS")

        page = staff.get(en("valuechains:index")).content.decode()

        assert "CC-OURS" in page
        assert "BC-THEIRS" not in page

    def test_adds_an_area_with_a_location(self, staff, ours):
        response = staff.post(en("valuechains:area-create"), {**AREA_POST, "commune": ours.commune_id})

        area = RawMaterialArea.objects.get()
        assert response.status_code == 302
        assert (area.cooperative, area.location["type"]) == (ours, "Point")

    def test_a_location_outside_vietnam_is_explained_and_nothing_saved(self, staff, ours):
        location = json.dumps({"type": "Point", "coordinates": [11.0, 106.5]})
        response = staff.post(
            en("valuechains:area-create"), {**AREA_POST, "commune": ours.commune_id, "location": location}
        )

        assert response.status_code == 400
        assert "Longitude must lie between -180 and 180" in response.content.decode()
        assert not RawMaterialArea.objects.exists()

    def test_a_bow_tie_outline_is_explained_in_vietnamese_and_nothing_saved_or_mapped(self, staff, ours):
        bow_tie = {
            "type": "Polygon",
            "coordinates": [[[106.49, 11.01], [106.50, 11.02], [106.50, 11.01], [106.49, 11.02], [106.49, 11.01]]],
        }
        response = staff.post(
            reverse("valuechains:area-create"),
            {**AREA_POST, "commune": ours.commune_id, "location": json.dumps(bow_tie)},
        )

        assert response.status_code == 400
        assert "Đường viền ngoài tự cắt chính nó gần điểm 106.495, 11.015." in response.content.decode()
        assert not RawMaterialArea.objects.exists()
        assert staff.get(reverse("valuechains:map-areas")).json()["features"] == []

    def test_a_clockwise_outline_is_stored_counter_clockwise(self, staff, ours):
        clockwise = [[106.49, 11.01], [106.49, 11.02], [106.50, 11.02], [106.50, 11.01], [106.49, 11.01]]
        location = json.dumps({"type": "Polygon", "coordinates": [clockwise]})

        response = staff.post(
            en("valuechains:area-create"), {**AREA_POST, "commune": ours.commune_id, "location": location}
        )

        assert response.status_code == 302
        assert RawMaterialArea.objects.get().location == {"type": "Polygon", "coordinates": [clockwise[::-1]]}

    def test_records_a_batch_then_a_step_then_a_correction(self, staff, ours):
        product = factories.product(coop=ours, title="Cải ngọt")
        area = factories.raw_material_area(ours)

        response = staff.post(
            en("valuechains:batch-create"),
            {
                "code": "CC-2611-07",
                "product": product.pk,
                "area": area.pk,
                "harvest_date": "2026-11-20",
                "quantity": "180",
                "unit": "kg",
            },
        )
        batch = Batch.objects.get(code="CC-2611-07")
        assert response["Location"] == en("valuechains:batch", pk=batch.pk)
        step = {"kind": "packed", "occurred_at": "2026-11-20T09:30", "place": "Nhà sơ chế", "actor": "Chị Lan"}
        staff.post(en("valuechains:batch", pk=batch.pk), step)
        packed = TraceEvent.objects.get(batch=batch)
        staff.post(
            en("valuechains:batch", pk=batch.pk),
            {**step, "occurred_at": "2026-11-20T10:30", "corrects": packed.pk, "note": "Đóng gói lúc 10:30."},
        )

        assert [(e.kind, e.corrects_id) for e in batch.events.all()] == [("packed", None), ("packed", packed.pk)]
        page = staff.get(en("valuechains:batch", pk=batch.pk)).content.decode()
        assert f"Correction of entry #{packed.pk}" in page

    def test_a_duplicate_batch_code_is_explained(self, staff, ours):
        existing = factories.batch(coop=ours, code="CC-1")

        response = staff.post(
            en("valuechains:batch-create"),
            {
                "code": "cc-1",
                "product": existing.product_id,
                "area": existing.area_id,
                "harvest_date": "2026-11-20",
                "quantity": "1",
                "unit": "kg",
            },
        )

        assert response.status_code == 400
        assert "This batch code is taken" in response.content.decode()
        assert Batch.objects.count() == 1

    def test_adds_a_linkage_model_with_participant_and_technology(self, staff, ours):
        area = factories.raw_material_area(ours)
        staff.post(
            en("valuechains:linkage-create"),
            {
                "name": "Liên kết rau Củ Chi – Bách Hóa Xanh",
                "key_product_name": "Rau ăn lá",
                "status": "active",
                "agreed_volume": "50",
                "agreed_volume_unit": "tonne",
                "areas": [area.pk],
            },
        )
        linkage = LinkageModel.objects.get()
        staff.post(
            en("valuechains:linkage-part-add", pk=linkage.pk, part="participant"),
            {"role": "distributor", "name": "Bách Hóa Xanh"},
        )
        staff.post(
            en("valuechains:linkage-part-add", pk=linkage.pk, part="technology"),
            {"technology": "e_contracts", "started_on": "2026-02-01", "evidence": "Hợp đồng điện tử số 12"},
        )

        page = staff.get(en("valuechains:linkage-edit", pk=linkage.pk)).content.decode()
        assert (linkage.lead_cooperative, list(linkage.areas.all())) == (ours, [area])
        assert "Bách Hóa Xanh (distributor or retailer)" in page
        assert "e-contracts" in page

    def test_labels_of_a_product_with_a_gtin_carry_the_gs1_digital_link(self, staff, ours):
        # GS1-aware scanners read the GTIN and the lot from /01/<GTIN-14>/10/<lot>; the route redirects
        # ordinary phones to the trace page.
        product = factories.product(coop=ours, title="Rau muống", upc="8934563138165")
        batch = factories.batch(coop=ours, product_=product, code="CC-GTIN-01")

        page = staff.get(en("valuechains:batch-labels", pk=batch.pk)).content.decode()

        labels = re.findall(r"<svg.*?</svg>", page, flags=re.S)
        assert len(labels) == 12
        assert {decode_svg_qr(svg) for svg in labels} == {"http://testserver/01/08934563138165/10/CC-GTIN-01"}
        assert staff.get("/01/08934563138165/10/CC-GTIN-01")["Location"] == "/trace/CC-GTIN-01/"

    def test_labels_of_a_product_without_a_gtin_carry_the_trace_url(self, staff, ours):
        batch = factories.batch(coop=ours, code="CC-PLAIN-01")

        page = staff.get(en("valuechains:batch-labels", pk=batch.pk)).content.decode()

        assert decode_svg_qr(re.search(r"<svg.*?</svg>", page, flags=re.S).group()) == (
            "http://testserver/trace/CC-PLAIN-01/"
        )

    def test_label_sheet_has_twelve_qr_labels(self, staff, ours):
        batch = factories.batch(coop=ours, code="CC-LABEL")

        page = staff.get(en("valuechains:batch-labels", pk=batch.pk)).content.decode()

        assert page.count("<svg") == 12
        # Each label carries the QR code of the public trace URL (the PNG of the same code is decoded in
        # test_trace_page.py).
        assert page.count(qr.qr_svg_inline("http://testserver/trace/CC-LABEL/")) == 12
        assert "size: A4" in page
        assert page.count("CC-LABEL") >= 12

    @pytest.mark.parametrize("rows", [5, 500])
    def test_index_query_count_does_not_grow(self, staff, ours, rows, django_assert_max_num_queries):
        product, area = factories.product(coop=ours), factories.raw_material_area(ours)
        for n in range(rows):
            Batch.objects.create(
                code=f"CC-{n:04d}",
                product=product,
                area=area,
                cooperative=ours,
                harvest_date=datetime.date(2026, 11, 1),
                quantity=1,
            )
            linkage = LinkageModel.objects.create(name=f"LK-{n}", key_product_name="Rau", lead_cooperative=ours)
            linkage.areas.add(area)
            LinkageParticipant.objects.create(linkage_model=linkage, role="household", name=f"Hộ {n}")
        url = en("valuechains:index")
        staff.get(url)

        # Session, user, own cooperative (2), notifications, permissions (2); batches, linkage models
        # with participants, technologies and areas (5), areas; a count for each list's pages (3);
        # the workspace layout's cooperative (1).
        with django_assert_max_num_queries(17):
            response = staff.get(url)

        assert response.content.decode().count("CC-0") == min(rows, 50)
        if rows > 50:
            import re

            first = set(re.findall(r"CC-\d{4}", response.content.decode()))
            second = set(re.findall(r"CC-\d{4}", staff.get(url + "?batches_page=2").content.decode()))
            assert len(first) == len(second) == 50 and not first & second
            assert "(500 in all)" in staff.get("/en/value-chains/").content.decode()


class TestAnotherCooperative:
    """Cooperative A (ours) tries to read and change B's (theirs) data: refused, nothing changed."""

    def test_cannot_open_their_batch(self, staff, their_batch):
        assert staff.get(en("valuechains:batch", pk=their_batch.pk)).status_code == 404
        assert staff.get(en("valuechains:batch-labels", pk=their_batch.pk)).status_code == 404

    def test_cannot_add_a_step_to_their_batch(self, staff, their_batch):
        response = staff.post(
            en("valuechains:batch", pk=their_batch.pk),
            {"kind": "shipped", "occurred_at": "2026-11-21T08:00", "place": "X", "actor": "Y"},
        )

        assert response.status_code == 404
        assert TraceEvent.objects.filter(batch=their_batch).count() == 1

    def test_cannot_change_their_area_or_certify_it(self, staff, theirs):
        area = factories.raw_material_area(theirs, name="Ruộng Tân Nhựt")

        edit = staff.post(en("valuechains:area-edit", pk=area.pk), {**AREA_POST, "commune": theirs.commune_id})
        certify = staff.post(
            en("valuechains:area-certify", pk=area.pk),
            {"name": "VietGAP", "valid_from": "2026-01-01", "valid_until": "2027-01-01"},
        )

        assert (edit.status_code, certify.status_code) == (404, 404)
        area.refresh_from_db()
        assert area.name == "Ruộng Tân Nhựt"
        assert not area.certifications.exists()

    def test_cannot_change_their_linkage_model_or_add_to_it(self, staff, theirs):
        from valuechains import services

        linkage = services.linkage_model_create(cooperative=theirs, name="Liên kết gạo", key_product_name="Gạo")

        edit = staff.post(
            en("valuechains:linkage-edit", pk=linkage.pk),
            {"name": "Đã đổi", "key_product_name": "X", "status": "ended", "agreed_volume_unit": "kg"},
        )
        add = staff.post(
            en("valuechains:linkage-part-add", pk=linkage.pk, part="participant"), {"role": "processor", "name": "Lạ"}
        )

        assert (edit.status_code, add.status_code) == (404, 404)
        linkage.refresh_from_db()
        assert (linkage.name, linkage.status) == ("Liên kết gạo", "active")
        assert not LinkageParticipant.objects.exists()

    def test_their_areas_and_products_are_not_offered(self, staff, ours, theirs):
        factories.raw_material_area(theirs, name="Ruộng Tân Nhựt")
        factories.product(coop=theirs, title="Gạo Nàng Thơm")

        pages = [
            staff.get(en(name)).content.decode() for name in ("valuechains:batch-create", "valuechains:linkage-create")
        ]

        assert not any("Ruộng Tân Nhựt" in page or "Gạo Nàng Thơm" in page for page in pages)

    def test_cannot_record_a_batch_from_their_area(self, staff, ours, theirs):
        their_area = factories.raw_material_area(theirs)

        response = staff.post(
            en("valuechains:batch-create"),
            {
                "code": "CC-X",
                "product": factories.product(coop=ours).pk,
                "area": their_area.pk,
                "harvest_date": "2026-11-20",
                "quantity": "1",
                "unit": "kg",
            },
        )

        assert response.status_code == 400
        assert not Batch.objects.exists()


class TestOfficersAndOthers:
    def test_officer_reads_every_cooperatives_chain_but_cannot_write(self, client, ours, their_batch):
        factories.batch(coop=ours, code="CC-OURS")
        client.force_login(factories.officer())

        page = client.get(en("valuechains:index")).content.decode()
        detail = client.get(en("valuechains:batch", pk=their_batch.pk))
        post = client.post(
            en("valuechains:batch", pk=their_batch.pk),
            {"kind": "shipped", "occurred_at": "2026-11-21T08:00", "place": "X", "actor": "Y"},
        )

        assert "CC-OURS" in page and "BC-THEIRS" in page
        assert detail.status_code == 200
        assert post.status_code == 404
        assert TraceEvent.objects.filter(batch=their_batch).count() == 1
        assert client.get(en("valuechains:batch-create")).status_code == 403

    def test_a_buyer_is_refused(self, client, site):
        client.force_login(factories.user())

        assert client.get(en("valuechains:index")).status_code == 403

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, site):
        response = client.get(en("valuechains:index"))

        assert response.status_code == 302
        assert "login" in response["Location"]

    def test_the_workspace_menu_offers_the_page_to_cooperative_staff(self, staff):
        page = staff.get("/en/workspace/more/").content.decode()

        assert f'href="{en("valuechains:index")}#linkage-models"' in page
        assert "Linkage models" in page
