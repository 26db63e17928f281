"""Each verified cooperative runs its own storefront (a Wagtail page), edited by its
staff and only them in Wagtail's admin at /cms/; the directory lists them all."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils.html import escape
from oscar.core.loading import get_model
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from catalog.models import Certification
from cooperatives import services as cooperative_services
from cooperatives.models import Cooperative, CooperativeDirectoryPage, StorefrontPage
from cooperatives.storefronts import directory_page_get_or_create
from marketplace.models import HomePage
from tests import factories

WagtailImage = get_image_model()
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _jpeg(colour=(60, 140, 60)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def _image(storefront, title):
    image = WagtailImage(title=title, collection=storefront.collection)
    image.file = ImageFile(io.BytesIO(_jpeg()), name=f"{title}.jpg")
    image.save()
    return image


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _form_data(page, publish=False, **fields):
    """What Wagtail's edit form posts for a storefront."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "tagline": page.tagline,
        "hero_image": page.hero_image_id or "",
        "story": rich_text(str(page.story) or "<p></p>"),
        "gallery": streamfield([]),
        "certifications": streamfield([]),
        "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
    }
    data.update(fields)
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


def _refused(response):
    """Wagtail refuses with a 403, or with a redirect to the admin's dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _approve(officer, applicant, name="HTX Rau sạch Tân Phú Trung", commune=None):
    from django.core.files.base import ContentFile

    application = cooperative_services.application_submit(
        applicant=applicant,
        language="vi",
        documents=[ContentFile(PDF, name="giay-chung-nhan.pdf")],
        cooperative_name=name,
        registration_code="4107000123",
        commune=commune or factories.commune("Tân Phú Trung"),
        legal_representative="Trần Văn Bình",
        phone="0909123456",
        member_count=35,
        main_products="Rau ăn lá, rau gia vị",
    )
    return cooperative_services.application_approve(application=application, officer=officer)


@pytest.fixture
def staffed_storefront(site):
    """A verified cooperative with a storefront and one staff member."""
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội", commune=factories.commune("Tân Thông Hội"))
    staff = factories.cooperative_staff(coop, email="a@example.com")
    return factories.storefront(coop), staff


class TestApprovalCreatesTheStorefront:
    def test_approval_publishes_a_storefront_in_the_directory(self, client, site):
        cooperative = _approve(factories.officer(), factories.user(email="htx@example.com"))

        storefront = StorefrontPage.objects.get(cooperative=cooperative)
        directory = CooperativeDirectoryPage.objects.get()
        assert storefront.live
        assert storefront.get_parent().specific == directory
        assert directory.get_parent().specific == HomePage.objects.get()
        html = client.get(storefront.url).content.decode()
        assert "HTX Rau sạch Tân Phú Trung" in html
        assert "Rau ăn lá, rau gia vị" in html

    def test_second_approval_reuses_the_directory(self, site):
        officer = factories.officer()
        _approve(officer, factories.user())
        factories.storefront()
        assert CooperativeDirectoryPage.objects.count() == 1
        assert StorefrontPage.objects.child_of(CooperativeDirectoryPage.objects.get()).count() == 2

    def test_applicant_gets_a_group_that_may_edit_only_this_page(self, site):
        applicant = factories.user()
        cooperative = _approve(factories.officer(), applicant)

        storefront = cooperative.storefront
        group = storefront.editor_group
        assert list(applicant.groups.all()) == [group]
        assert applicant.has_perm("wagtailadmin.access_admin")
        assert not applicant.is_staff
        permissions = GroupPagePermission.objects.filter(group=group)
        assert {p.page_id for p in permissions} == {storefront.pk}
        assert {p.permission.codename for p in permissions} == {"add_page", "change_page", "publish_page"}
        codenames = set(group.collection_permissions.filter(collection=storefront.collection).values_list(
            "permission__codename", flat=True
        ))
        assert codenames == {"add_image", "change_image", "choose_image", "add_document", "change_document",
                             "choose_document"}

    def test_staff_added_later_join_the_storefront_editors(self, client, staffed_storefront):
        storefront, _staff = staffed_storefront
        newcomer = factories.cooperative_staff(storefront.cooperative)
        assert newcomer.groups.filter(pk=storefront.editor_group_id).exists()
        client.force_login(newcomer)
        assert client.get(_edit_url(storefront)).status_code == 200


class TestStaffEditTheirStorefront:
    def test_staff_open_the_cms_and_their_storefront(self, client, staffed_storefront):
        storefront, staff = staffed_storefront
        client.force_login(staff)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
        response = client.get(_edit_url(storefront))
        assert response.status_code == 200
        assert "HTX Dưa lưới Tân Thông Hội" in response.content.decode()

    def test_staff_publish_a_new_story_and_photos(self, client, staffed_storefront):
        storefront, staff = staffed_storefront
        photo = _image(storefront, "ruong-dua")
        client.force_login(staff)
        data = _form_data(
            storefront,
            publish=True,
            tagline="Dưa lưới ruột cam từ Củ Chi",
            hero_image=photo.pk,
            story=rich_text("<p>Nhà màng công nghệ Israel, thu hoạch mỗi sáng.</p>"),
            gallery=streamfield([("photo", {"image": photo.pk, "caption": "Nhà màng số 3"})]),
            certifications=streamfield(
                [("certificate", {"name": "VietGAP", "number": "VG-79-012", "issued_by": "", "valid_until": "",
                                  "document": ""})]
            ),
        )
        response = client.post(_edit_url(storefront), data)
        assert response.status_code == 302, response.content.decode()[:3000]

        storefront.refresh_from_db()
        assert storefront.tagline == "Dưa lưới ruột cam từ Củ Chi"
        assert storefront.hero_image == photo
        assert not storefront.has_unpublished_changes
        html = client.get(storefront.url).content.decode()
        assert "Nhà màng công nghệ Israel" in html
        assert "Nhà màng số 3" in html
        assert "VG-79-012" in html

    def test_a_saved_draft_stays_off_the_public_storefront(self, client, staffed_storefront):
        storefront, staff = staffed_storefront
        client.force_login(staff)
        response = client.post(_edit_url(storefront), _form_data(storefront, tagline="Bản nháp chưa duyệt"))
        assert response.status_code == 302

        storefront.refresh_from_db()
        assert storefront.has_unpublished_changes
        assert storefront.tagline == ""
        client.logout()
        assert "Bản nháp chưa duyệt" not in client.get(storefront.url).content.decode()

    def test_preview_shows_the_draft_in_the_shop_layout(self, client, staffed_storefront):
        storefront, staff = staffed_storefront
        factories.product(storefront.cooperative, title="Dưa lưới ruột cam Taki", price=Decimal("85000"))
        client.force_login(staff)
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[storefront.pk])
        client.post(preview_url, _form_data(storefront, story=rich_text("<p>Xem trước câu chuyện</p>")))
        response = client.get(preview_url + "?mode=")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Xem trước câu chuyện" in html
        assert "Dưa lưới ruột cam Taki" in html
        assert storefront.url not in ("", None)
        assert "Xem trước câu chuyện" not in client.get(storefront.url).content.decode()

    def test_staff_upload_images_into_their_own_collection(self, client, staffed_storefront):
        storefront, staff = staffed_storefront
        client.force_login(staff)
        upload = io.BytesIO(_jpeg())
        upload.name = "vuon.jpg"
        response = client.post(
            reverse("wagtailimages:add"), {"title": "Vườn dưa", "file": upload, "collection": storefront.collection_id}
        )
        assert response.status_code == 302
        assert WagtailImage.objects.get(title="Vườn dưa").collection == storefront.collection

    def test_staff_cannot_delete_their_storefront(self, client, staffed_storefront):
        storefront, staff = staffed_storefront
        client.force_login(staff)
        url = reverse("wagtailadmin_pages:delete", args=[storefront.pk])
        assert _refused(client.get(url))
        assert _refused(client.post(url))
        assert Page.objects.filter(pk=storefront.pk).exists()

    def test_nobody_copies_a_storefront(self, staffed_storefront):
        storefront, staff = staffed_storefront
        superuser = factories.user(is_staff=True, is_superuser=True)
        assert not storefront.permissions_for_user(superuser).can_copy()
        assert not storefront.permissions_for_user(staff).can_copy()


class TestStaffCannotTouchAnotherCooperativesStorefront:
    @pytest.fixture
    def other(self, site):
        coop = factories.cooperative(name="HTX Gạo Tân Nhựt")
        factories.cooperative_staff(coop, email="b@example.com")
        storefront = factories.storefront(coop)
        storefront.tagline = "Gạo ST25 Tân Nhựt"
        storefront.save_revision().publish()
        return storefront

    def test_cannot_open_another_cooperatives_storefront_editor(self, client, staffed_storefront, other):
        _mine, staff = staffed_storefront
        client.force_login(staff)
        assert _refused(client.get(_edit_url(other)))

    def test_cannot_change_or_publish_another_cooperatives_storefront(self, client, staffed_storefront, other):
        _mine, staff = staffed_storefront
        revisions = other.revisions.count()
        client.force_login(staff)

        response = client.post(_edit_url(other), _form_data(other, publish=True, tagline="Bị sửa trộm"))

        assert _refused(response)
        other.refresh_from_db()
        assert other.tagline == "Gạo ST25 Tân Nhựt"
        assert other.revisions.count() == revisions
        assert "Bị sửa trộm" not in client.get(other.url).content.decode()

    def test_cannot_preview_another_cooperatives_storefront(self, client, staffed_storefront, other):
        _mine, staff = staffed_storefront
        client.force_login(staff)
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[other.pk])
        response = client.post(preview_url, _form_data(other, tagline="Bị sửa trộm"))
        assert response.status_code in (302, 403)
        assert "Bị sửa trộm" not in client.get(preview_url + "?mode=").content.decode()

    def test_cannot_open_or_change_another_cooperatives_images(self, client, staffed_storefront, other):
        _mine, staff = staffed_storefront
        theirs = _image(other, "ruong-lua")
        client.force_login(staff)
        url = reverse("wagtailimages:edit", args=[theirs.pk])

        assert _refused(client.get(url))
        assert _refused(client.post(url, {"title": "Bị sửa trộm", "collection": other.collection_id}))
        assert _refused(client.post(reverse("wagtailimages:delete", args=[theirs.pk])))
        theirs.refresh_from_db()
        assert theirs.title == "ruong-lua"

    def test_cannot_upload_into_another_cooperatives_collection(self, client, staffed_storefront, other):
        _mine, staff = staffed_storefront
        client.force_login(staff)
        upload = io.BytesIO(_jpeg())
        upload.name = "lan.jpg"
        client.post(reverse("wagtailimages:add"), {"title": "Ảnh lấn", "file": upload,
                                                   "collection": other.collection_id})
        assert not WagtailImage.objects.filter(collection=other.collection).exists()

    def test_cannot_open_or_change_another_cooperatives_documents(self, client, staffed_storefront, other):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        _mine, staff = staffed_storefront
        theirs = get_document_model().objects.create(
            title="chung-nhan-vietgap",
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="chung-nhan.pdf"),
            collection=other.collection,
        )
        client.force_login(staff)
        url = reverse("wagtaildocs:edit", args=[theirs.pk])

        assert _refused(client.get(url))
        assert _refused(client.post(url, {"title": "Bị sửa trộm", "collection": other.collection_id}))
        assert _refused(client.post(reverse("wagtaildocs:delete", args=[theirs.pk])))
        theirs.refresh_from_db()
        assert theirs.title == "chung-nhan-vietgap"

    def test_image_library_lists_only_their_own_collection(self, client, staffed_storefront, other):
        mine, staff = staffed_storefront
        _image(mine, "anh-cua-toi")
        _image(other, "anh-cua-htx-khac")
        client.force_login(staff)
        html = client.get(reverse("wagtailimages:index")).content.decode()
        assert "anh-cua-toi" in html
        assert "anh-cua-htx-khac" not in html


class TestStorefrontsUseOnlyTheirOwnImagesAndDocuments:
    """Wagtail's choosers list only the cooperative's collection; the editor's form must refuse
    another cooperative's image or document posted by id too, on save and on publish."""

    @pytest.fixture
    def theirs(self, site):
        other = factories.storefront(factories.cooperative(name="HTX Gạo Tân Nhựt"))
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        document = get_document_model().objects.create(
            title="chung-nhan-chua-cong-bo", file=ContentFile(PDF, name="chung-nhan.pdf"), collection=other.collection
        )
        return _image(other, "ruong-lua"), document

    @staticmethod
    def _message(text):
        from django.utils import translation

        with translation.override("vi"):
            return translation.gettext(text)

    @pytest.mark.parametrize("publish", [False, True])
    def test_another_cooperatives_hero_image_is_refused(self, client, staffed_storefront, theirs, publish):
        storefront, staff = staffed_storefront
        image, _document = theirs
        revisions = storefront.revisions.count()
        client.force_login(staff)

        response = client.post(_edit_url(storefront), _form_data(storefront, publish=publish, hero_image=image.pk))

        assert response.status_code == 200
        message = self._message("This image is not one of your cooperative's: choose one of your own images.")
        assert response.context["form"].errors["hero_image"] == [message]
        assert escape(message) in response.content.decode()
        storefront.refresh_from_db()
        assert storefront.hero_image is None
        assert storefront.revisions.count() == revisions

    def test_another_cooperatives_photo_in_the_gallery_is_refused(self, client, staffed_storefront, theirs):
        storefront, staff = staffed_storefront
        mine = _image(storefront, "ruong-dua")
        image, _document = theirs
        client.force_login(staff)
        gallery = streamfield(
            [("photo", {"image": mine.pk, "caption": "Của tôi"}), ("photo", {"image": image.pk, "caption": "Lấn"})]
        )

        response = client.post(_edit_url(storefront), _form_data(storefront, publish=True, gallery=gallery))

        assert response.status_code == 200
        message = self._message(
            "Item %(number)s uses an image that is not one of your cooperative's: choose one of your own images."
        ) % {"number": 2}
        assert response.context["form"].errors["gallery"] == [message]
        storefront.refresh_from_db()
        assert len(storefront.gallery) == 0
        assert "Lấn" not in client.get(storefront.url).content.decode()

    def test_another_cooperatives_certificate_scan_is_refused(self, client, staffed_storefront, theirs):
        storefront, staff = staffed_storefront
        _image_, document = theirs
        client.force_login(staff)
        certificate = {"name": "VietGAP", "number": "VG-1", "issued_by": "", "valid_until": "", "document": document.pk}

        response = client.post(
            _edit_url(storefront),
            _form_data(storefront, publish=True, certifications=streamfield([("certificate", certificate)])),
        )

        assert response.status_code == 200
        message = self._message(
            "Item %(number)s uses a document that is not one of your cooperative's: choose one of your own documents."
        ) % {"number": 1}
        assert response.context["form"].errors["certifications"] == [message]
        storefront.refresh_from_db()
        assert len(storefront.certifications) == 0
        assert not storefront.has_unpublished_changes
        html = client.get(storefront.url).content.decode()
        assert "VG-1" not in html and document.url not in html

    def test_their_own_images_and_documents_are_accepted(self, client, staffed_storefront):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        storefront, staff = staffed_storefront
        photo = _image(storefront, "ruong-dua")
        document = get_document_model().objects.create(
            title="vietgap", file=ContentFile(PDF, name="vietgap.pdf"), collection=storefront.collection
        )
        client.force_login(staff)
        certificate = {"name": "VietGAP", "number": "VG-2", "issued_by": "", "valid_until": "", "document": document.pk}

        response = client.post(
            _edit_url(storefront),
            _form_data(
                storefront,
                publish=True,
                hero_image=photo.pk,
                gallery=streamfield([("photo", {"image": photo.pk, "caption": "Nhà màng"})]),
                certifications=streamfield([("certificate", certificate)]),
            ),
        )

        assert response.status_code == 302
        storefront.refresh_from_db()
        assert storefront.hero_image == photo
        assert storefront.certifications[0].value["document"] == document

    def test_a_revision_saved_outside_the_editor_is_checked_too(self, staffed_storefront, theirs):
        from django.core.exceptions import ValidationError

        storefront, _staff = staffed_storefront
        storefront.hero_image = theirs[0]

        with pytest.raises(ValidationError) as refused:
            storefront.save_revision()

        assert "hero_image" in refused.value.message_dict


class TestStorefrontPage:
    def test_shows_story_location_contact_and_certificates(self, client, site):
        coop = factories.cooperative(
            name="HTX Nấm Trung Lập",
            commune=factories.commune("Trung Lập Thượng"),
            address="Ấp Phú Lợi, xã Trung Lập Thượng",
            contact_name="Nguyễn Văn Nam",
            phone="0912345678",
            email="namtrunglap@example.com",
        )
        storefront = factories.storefront(coop)
        storefront.story = "<p>Nấm sạch trồng trong nhà kín.</p>"
        storefront.certifications = [("certificate", {"name": "VietGAP", "number": "VG-79-001"})]
        storefront.save_revision().publish()

        html = client.get(storefront.url).content.decode()
        assert "Nấm sạch trồng trong nhà kín." in html
        assert "Trung Lập Thượng, Củ Chi" in html
        assert "Ấp Phú Lợi, xã Trung Lập Thượng" in html
        assert "Nguyễn Văn Nam" in html
        assert 'href="tel:0912345678"' in html
        assert "namtrunglap@example.com" in html
        assert "VG-79-001" in html

    def test_shows_its_products_with_prices_and_add_to_basket_forms(self, client, site):
        coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
        melon = factories.product(coop, title="Dưa lưới ruột cam Taki", price=Decimal("85000"), is_flagship=True)
        factories.product(title="Gạo của HTX khác")
        storefront = factories.storefront(coop)

        html = client.get(storefront.url).content.decode()
        assert "Dưa lưới ruột cam Taki" in html
        assert "85.000\xa0₫" in html
        assert reverse("basket:add", kwargs={"pk": melon.pk}) in html
        assert "Gạo của HTX khác" not in html

    def test_flagship_products_come_first(self, client, site):
        coop = factories.cooperative()
        factories.product(coop, title="Cải ngọt")
        factories.product(coop, title="Rau muống VietGAP", is_flagship=True)
        storefront = factories.storefront(coop)
        html = client.get(storefront.url).content.decode()
        assert html.index("Rau muống VietGAP") < html.index("Cải ngọt")

    def test_suspended_cooperatives_storefront_is_not_found(self, client, site):
        storefront = factories.storefront()
        cooperative_services.cooperative_suspend(
            cooperative=storefront.cooperative, officer=factories.officer(), reason="Hết hạn VietGAP"
        )
        assert client.get(storefront.url).status_code == 404

    def test_reinstated_cooperatives_storefront_is_back(self, client, site):
        storefront = factories.storefront()
        officer = factories.officer()
        cooperative_services.cooperative_suspend(cooperative=storefront.cooperative, officer=officer, reason="x")
        cooperative_services.cooperative_reinstate(cooperative=storefront.cooperative, officer=officer)
        assert client.get(storefront.url).status_code == 200

    def test_unverified_cooperatives_storefront_is_not_found(self, client, site):
        storefront = factories.storefront(factories.cooperative(status=Cooperative.Status.APPLIED))
        assert client.get(storefront.url).status_code == 404

    @pytest.mark.parametrize("count", [5, 500])
    def test_query_count_does_not_grow_with_products(self, client, site, count, django_assert_max_num_queries):
        coop = factories.cooperative()
        storefront = factories.storefront(coop)
        _bulk_products(coop, count)
        client.get(storefront.url)  # warm the thumbnail store
        with django_assert_max_num_queries(21):
            response = client.get(storefront.url)
        assert response.content.decode().count('class="product_pod"') == min(count, StorefrontPage.product_limit)


def _bulk_products(coop, count):
    """Products with their stock records and category, inserted in bulk."""
    from catalog.services import produce_product_class

    product_class = produce_product_class()
    category = factories.category()
    products = Product.objects.bulk_create(
        Product(title=f"Rau số {i}", slug=f"rau-so-{coop.pk}-{i}", product_class=product_class,
                is_flagship=i % 5 == 0)
        for i in range(count)
    )
    ProductCategory.objects.bulk_create(ProductCategory(product=p, category=category) for p in products)
    StockRecord.objects.bulk_create(
        StockRecord(product=p, partner=coop.partner, partner_sku=f"{coop.pk}-{p.pk}", price_currency="VND",
                    price=Decimal("20000") + i, num_in_stock=50)
        for i, p in enumerate(products)
    )


def _bulk_storefronts(count, commune=None):
    """Verified cooperatives with live storefronts, inserted in bulk (treebeard paths computed here)."""
    commune = commune or factories.commune()
    directory = directory_page_get_or_create()
    partners = Partner.objects.bulk_create(Partner(name=f"HTX số {i}", code=f"htx-bulk-{i}") for i in range(count))
    coops = Cooperative.objects.bulk_create(
        Cooperative(partner=p, name=p.name, slug=p.code, registration_code=p.code, commune=commune,
                    status=Cooperative.Status.VERIFIED)
        for p in partners
    )
    content_type = ContentType.objects.get_for_model(StorefrontPage)
    pages = Page.objects.bulk_create(
        Page(title=c.name, draft_title=c.name, slug=c.slug, content_type=content_type, locale=Locale.get_default(),
             live=True, depth=directory.depth + 1, numchild=0, url_path=f"{directory.url_path}{c.slug}/",
             path=Page._get_path(directory.path, directory.depth + 1, directory.numchild + n))
        for n, c in enumerate(coops, start=1)
    )
    Page.objects.filter(pk=directory.pk).update(numchild=directory.numchild + count)
    # A page's own table cannot be bulk-inserted (multi-table inheritance): one insert each.
    for page, coop in zip(pages, coops, strict=True):
        storefront = StorefrontPage(cooperative=coop)
        storefront.__dict__.update({f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
        storefront.page_ptr_id = page.pk
        storefront.save_base(raw=True, force_insert=True)
    return coops


def _names(response):
    """The cooperatives the directory lists, in order."""
    html = response.content.decode()
    return re.findall(r'class="stretched-link" href="[^"]+">([^<]+)</a>', html)


class TestCooperativeDirectory:
    @pytest.fixture
    def directory(self, site):
        return directory_page_get_or_create()

    @pytest.fixture
    def places(self, directory):
        """Three cooperatives in two districts, with different produce and certificates."""
        vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
        fruit = factories.category("Trái cây")
        melon_category = fruit.add_child(name="Dưa")
        rice = factories.category("Gạo và ngũ cốc")
        melon = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội", commune=factories.commune("Tân Thông Hội"))
        factories.product(melon, category=melon_category, certifications=[vietgap])
        mushroom = factories.cooperative(name="HTX Nấm Trung Lập", commune=factories.commune("Trung Lập Thượng"))
        factories.product(mushroom, category=factories.category("Nấm"))
        rice_coop = factories.cooperative(name="HTX Gạo Tân Nhựt", commune=factories.commune("Tân Nhựt", "Bình Chánh"))
        factories.product(rice_coop, category=rice, certifications=[vietgap])
        for coop in (melon, mushroom, rice_coop):
            factories.storefront(coop)
        return {"vietgap": vietgap, "fruit": fruit, "rice": rice, "melon": melon, "rice_coop": rice_coop}

    def test_lists_verified_cooperatives_linking_to_their_storefronts(self, client, directory):
        shown = factories.storefront(factories.cooperative(name="HTX Muối Lý Nhơn"))
        suspended = factories.storefront(factories.cooperative(name="HTX Bị đình chỉ"))
        cooperative_services.cooperative_suspend(cooperative=suspended.cooperative, officer=factories.officer(),
                                                 reason="Vi phạm")
        factories.storefront(factories.cooperative(name="HTX Chưa duyệt", status=Cooperative.Status.APPLIED))

        response = client.get(directory.url)

        assert _names(response) == ["HTX Muối Lý Nhơn"]
        assert f'href="{shown.url}"' in response.content.decode()

    def test_filter_form_sits_above_the_list(self, client, places, directory):
        html = client.get(directory.url).content.decode()
        form = html.index('class="directory-filters')
        assert form < html.index("HTX Dưa lưới Tân Thông Hội")
        for name in ("district", "commune", "category", "certification"):
            assert f'name="{name}"' in html

    def test_filters_by_district(self, client, places, directory):
        binh_chanh = places["rice_coop"].commune.parent
        assert _names(client.get(directory.url, {"district": binh_chanh.pk})) == ["HTX Gạo Tân Nhựt"]

    def test_filters_by_commune(self, client, places, directory):
        commune = places["melon"].commune
        assert _names(client.get(directory.url, {"commune": commune.pk})) == ["HTX Dưa lưới Tân Thông Hội"]

    def test_filters_by_product_category_and_its_subcategories(self, client, places, directory):
        assert _names(client.get(directory.url, {"category": places["fruit"].pk})) == ["HTX Dưa lưới Tân Thông Hội"]

    def test_filters_by_certification(self, client, places, directory):
        response = client.get(directory.url, {"certification": places["vietgap"].pk})
        assert _names(response) == ["HTX Dưa lưới Tân Thông Hội", "HTX Gạo Tân Nhựt"]

    def test_filters_combine(self, client, places, directory):
        response = client.get(directory.url, {"certification": places["vietgap"].pk, "category": places["rice"].pk})
        assert _names(response) == ["HTX Gạo Tân Nhựt"]

    def test_product_off_sale_does_not_count_for_the_filters(self, client, places, directory):
        Product.objects.filter(stockrecords__partner=places["rice_coop"].partner).update(is_public=False)
        assert _names(client.get(directory.url, {"category": places["rice"].pk})) == []

    def test_unknown_filter_value_is_ignored(self, client, places, directory):
        response = client.get(directory.url, {"district": "999999", "commune": "abc"})
        assert response.status_code == 200
        assert len(_names(response)) == 3

    def test_pages_through_many_cooperatives_keeping_the_filters(self, client, directory):
        commune = factories.commune("Lý Nhơn", "Cần Giờ")
        _bulk_storefronts(CooperativeDirectoryPage.page_size + 3, commune=commune)
        first = client.get(directory.url, {"district": commune.parent_id})
        second = client.get(directory.url, {"district": commune.parent_id, "page": 2})
        assert len(_names(first)) == CooperativeDirectoryPage.page_size
        assert len(_names(second)) == 3
        assert f"district={commune.parent_id}" in first.content.decode().split('class="pagination')[1]

    @pytest.mark.parametrize("count", [5, 500])
    def test_query_count_does_not_grow_with_cooperatives(self, client, directory, count,
                                                         django_assert_max_num_queries):
        _bulk_storefronts(count)
        with_photo = factories.storefront(factories.cooperative(name="HTX An Phú có ảnh"))
        with_photo.hero_image = _image(with_photo, "canh-dong")
        with_photo.save_revision().publish()
        client.get(directory.url)  # warm the renditions
        with django_assert_max_num_queries(15):
            response = client.get(directory.url)
        assert len(_names(response)) == min(count + 1, CooperativeDirectoryPage.page_size)
        assert re.search(r"canh-dong\.\w+\.fill-480x270", response.content.decode())


def test_home_page_links_cooperatives_to_their_storefronts(client, site):
    storefront = factories.storefront(factories.cooperative(name="HTX Muối Lý Nhơn"))
    factories.product(storefront.cooperative)
    html = client.get("/").content.decode()
    assert f'<a href="{storefront.url}">HTX Muối Lý Nhơn</a>' in html
