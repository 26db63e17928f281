"""`load_demo_data` builds a believable shop through the app's services, and is safe to rerun."""

import io

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.images import get_image_model

from cooperatives.models import Application, Cooperative, CooperativeDirectoryPage, StorefrontPage

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")


def _counts():
    return (
        Cooperative.objects.count(),
        Product.objects.count(),
        Order.objects.count(),
        Application.objects.count(),
        StorefrontPage.objects.count(),
        get_image_model().objects.count(),
    )


def test_demo_data_is_complete_and_idempotent(site):
    call_command("load_demo_data", stdout=io.StringIO())
    first = _counts()
    call_command("load_demo_data", stdout=io.StringIO())

    assert _counts() == first
    assert Cooperative.objects.verified().count() == 20
    assert Cooperative.objects.filter(status=Cooperative.Status.SUSPENDED).count() == 1
    assert Product.objects.count() == 100
    assert Application.objects.filter(status=Application.Status.SUBMITTED).count() == 1
    districts = set(Cooperative.objects.values_list("commune__parent__name", flat=True))
    assert districts == {"Củ Chi", "Hóc Môn", "Bình Chánh", "Nhà Bè", "Cần Giờ"}
    for email in [
        "admin@example.com",
        "officer@example.com",
        "coop1@example.com",
        "coop2@example.com",
        "buyer@example.com",
    ]:
        assert authenticate(username=email, password="demo12345") is not None, email

    coop1 = Cooperative.objects.get(partner__users__email="coop1@example.com")
    coop2 = Cooperative.objects.get(partner__users__email="coop2@example.com")
    assert coop1 != coop2
    # coop1 supplies the first school under a contract in force, with the school's change to answer.
    from contracts.models import ContractVersion

    assert list(
        ContractVersion.objects.filter(cooperatives=coop1, organisation__memberships__user__email="school1@example.com")
        .order_by("number")
        .values_list("state", "offered_by_side")
    ) == [("accepted", "cooperative"), ("offered", "organisation")]
    _assert_contract_portfolio()
    _assert_training()
    shared = Order.objects.filter(lines__partner=coop1.partner).filter(lines__partner=coop2.partner).distinct()
    assert shared.exists()
    # One order of coop1's and coop2's lines awaits a VietQR transfer, for officers to record.
    from payments.models import OrderPayment

    awaited = OrderPayment.objects.filter(method="bank-transfer", status="awaiting", order__in=shared)
    assert awaited.count() == 1
    assert OrderPayment.objects.count() == Order.objects.count()
    assert Order.objects.filter(user__email="buyer@example.com").count() >= 2
    assert all(p.images.exists() and p.stockrecords.get().price % 1 == 0 for p in Product.objects.all()[:10])

    # The department's dashboard has a year of snapshots and residents' feedback to show.
    from adoption.models import IndicatorSnapshot
    from feedback.models import ResidentFeedback

    communes = IndicatorSnapshot.objects.filter(indicator__code="communes_with_online_cooperative").order_by("day")
    assert communes.count() == 52
    assert communes.last().day == timezone.localdate() and communes.last().denominator == 56
    assert communes.first().numerator < communes.last().numerator
    assert ResidentFeedback.objects.values("commune").distinct().count() >= 10
    assert authenticate(username="officer@example.com", password="demo12345").has_perm(
        "adoption.view_adoption_dashboard"
    )

    # /en/ has English to show: every category, "Hữu cơ", the home page and a handful of products.
    from catalog.models import Certification
    from marketplace.models import HomePage

    assert not get_model("catalogue", "Category").objects.filter(name_en__isnull=True).exists()
    assert Certification.objects.get(name_vi="Hữu cơ").name_en == "Organic"
    assert HomePage.objects.get().hero_title_en
    assert Product.objects.filter(title_en__isnull=False).count() >= 10
    # …and the news, its articles and the home page's "Mùa dưa lưới Củ Chi" campaign.
    from marketplace.models import ArticlePage

    assert not ArticlePage.objects.filter(title_en="").exists()
    from cooperatives.pages import CooperativeDirectoryPage

    assert CooperativeDirectoryPage.objects.get().title_en == "Cooperatives"
    assert all(article.intro_en and article.body_en for article in ArticlePage.objects.all())
    [campaign] = HomePage.objects.get().featured_en
    assert campaign.value["title"] == "Cu Chi cantaloupe season" and campaign.value["link_page"] is not None


def test_demo_cooperatives_have_filled_storefronts_in_the_directory(client, site):
    call_command("load_demo_data", stdout=io.StringIO())

    directory = CooperativeDirectoryPage.objects.get()
    storefronts = StorefrontPage.objects.child_of(directory).live()
    assert storefronts.count() == 20
    assert all(s.hero_image and s.story and s.tagline and s.gallery for s in storefronts)
    coop1 = Cooperative.objects.get(partner__users__email="coop1@example.com")
    assert coop1.storefront.editor_group.user_set.filter(email="coop1@example.com").exists()
    html = client.get(coop1.storefront.url).content.decode()
    assert "HTX Nông nghiệp Phước An" in html
    assert "Rau muống VietGAP" in html
    assert "VietGAP" in html
    assert client.get(directory.url).status_code == 200


def _assert_contract_portfolio():
    """Two schools, a supermarket and a restaurant group buy under contracts led from at least three
    districts, with weeks of deliveries placed at the contract's prices and invoiced; two contracts fell
    short last week (with the reason), one has ended."""
    import datetime

    from contracts.models import ContractVersion, StandingOrderLine
    from invoicing.models import Invoice
    from valuechains.models import LinkageModel

    in_force = ContractVersion.objects.filter(state="accepted")
    assert set(in_force.values_list("organisation__kind", flat=True)) == {"restaurant", "school", "supermarket"}
    assert len(set(in_force.filter(organisation__kind="school").values_list("organisation", flat=True))) == 2
    districts = in_force.values_list("linkage_model__lead_cooperative__commune__parent__name", flat=True)
    assert len(set(districts)) >= 3
    assert LinkageModel.objects.filter(versions__isnull=False, status="ended").count() == 1

    today = timezone.localdate()
    last_monday = today - datetime.timedelta(days=today.weekday() + 7)
    short = StandingOrderLine.objects.filter(
        shortfall__gt=0, standing_order__delivery_date__range=(last_monday, last_monday + datetime.timedelta(days=6))
    )
    assert len(set(short.values_list("standing_order__linkage_model", flat=True))) == 2
    assert all(line.shortfall_reason for line in short)

    # Placed at the contract's price per kg (for a step of 500 g, half of it), each delivery invoiced.
    delivered = StandingOrderLine.objects.filter(
        standing_order__order__parts__delivered_at__isnull=False, order_line__isnull=False
    ).select_related("contract_line__product", "order_line")
    assert delivered.count() > 50
    for line in delivered:
        grams = line.contract_line.product.weight_step_grams or 1000
        assert line.order_line.unit_price_incl_tax == line.contract_line.unit_price * grams / 1000
    # The progress pages, the lists' badges and the alert find the two that fell short.
    from contracts import progress

    fell_short = set(short.values_list("standing_order__linkage_model", flat=True))
    assert fell_short <= progress.behind_among(LinkageModel.objects.all())
    invoiced = Invoice.objects.filter(standing_order__isnull=False)
    assert invoiced.count() >= 50
    assert invoiced.filter(paid_on__isnull=False).exists() and invoiced.filter(paid_on__isnull=True).exists()


def _assert_training():
    from training.models import Course, Official, Registration

    assert sorted(Course.objects.values_list("audience", flat=True)) == [
        "commune_officials",
        "cooperative_staff",
        "district_officials",
    ]
    assert Course.objects.get(audience="cooperative_staff").materials.count() == 3
    attended = Registration.objects.filter(status="attended")
    assert attended.filter(cooperative__partner__users__email="coop1@example.com").exists()
    assert attended.filter(cooperative__isnull=True).exists()  # officials
    assert Registration.objects.filter(status="registered", session__starts_at__gt=timezone.now()).exists()
    official = authenticate(username="canbo.xa1@example.com", password="demo12345")
    assert official is not None and not official.partners.exists() and not official.is_staff
    assert official.training_official.unit.level == "commune"
    assert sorted(Official.objects.values_list("level", flat=True)) == ["commune", "commune", "district"]
