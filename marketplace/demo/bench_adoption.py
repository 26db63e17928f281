"""Benchmark data for the adoption dashboard: a city's worth of cooperatives, linkage models and orders.

``adoption_bench_data_load(cooperatives=5000, linkages=1000, order_lines=200_000)`` fills a migrated
database in about a minute on SQLite with what the dashboard's indicators read:

- cooperatives (each with its Oscar partner) over the 58 rural communes (before the 2025 merger),
  created over the last two years; mostly verified, some applied or suspended; most onboarded through
  an approved ``Application`` with its ``Decision`` (a few first returned), a pool of applications
  still waiting, and the suspensions' decisions;
- products with stock records for most verified (and suspended) cooperatives, through the bulk
  import's service; some cooperatives sold out, some products not public, some stock allocated;
- storefronts for a sample of cooperatives (Wagtail pages are slow to create one by one);
- raw-material areas, linkage models (mostly active, some tied to areas, some applying digital
  technologies);
- Oscar orders over the last 18 months (more of them lately) from registered buyers and guests, with
  their lines and one ``OrderPart`` per order and cooperative; the order's total is its lines plus
  the parts' delivery fees;
- the evidence the linkage indicators count (issue 18): for most active linkage models, a version in
  force with a bench buyer and, as its contract's delivery, a standing order on one of the lead
  cooperative's orders delivered in the last 90 days (leads with no such order stay uncounted).

Rows go in with ``bulk_create`` in batches, one transaction per chunk, so no save signal runs (the
order e-mails and ledger receivers must not fire for made-up orders). Dates are set explicitly, so the
fields' ``auto_now``/``auto_now_add`` are suspended while inserting. A run is reproducible (seeded);
it refuses a database that already holds adoption bench data.
"""

import bisect
import io
import itertools
import random
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import services as catalog_services
from contracts.models import ContractVersion, StandingOrder
from cooperatives import storefronts
from cooperatives.models import Application, Cooperative, Decision
from fulfilment.models import OrderPart
from organisations.models import DeliverySite, Organisation
from valuechains.models import DigitalTechnologyAdoption, LinkageModel, RawMaterialArea

from . import bench_catalog as catalog_bench

User = get_user_model()
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")

CODE_PREFIX = "HTX-ADOPT-"
ORDER_PREFIX = "AB"
BATCH = 500  # rows per INSERT: under SQLite's and PostgreSQL's limits on parameters
ORDERS_PER_TRANSACTION = 5000
ORDER_MONTHS = 18
OFFICER_EMAIL = "can-bo-bench@example.com"
CROPS = ["Rau ăn lá", "Lúa ST25", "Dưa lưới", "Nấm rơm", "Bưởi da xanh", "Tôm sú", "Mật ong", "Cà phê"]
TECHNOLOGIES = list(DigitalTechnologyAdoption.Technology.values)


@dataclass
class AdoptionBenchResult:
    cooperatives: int = 0
    applications: int = 0
    decisions: int = 0
    storefronts: int = 0
    products: int = 0
    areas: int = 0
    linkages: int = 0
    technologies: int = 0
    users: int = 0
    orders: int = 0
    lines: int = 0
    parts: int = 0
    contract_deliveries: int = 0

    def summary(self) -> str:
        return ", ".join(f"{getattr(self, f.name):,} {f.name}" for f in fields(self))


class AdoptionBenchDataError(ValueError):
    """The database already holds adoption bench data, or the numbers asked for make no sense."""


def adoption_bench_data_load(
    *,
    cooperatives: int = 5000,
    linkages: int = 1000,
    order_lines: int = 200_000,
    buyers: int = 5000,
    storefront_count: int = 100,
    seed: int = 7,
    log: Callable[[str], None] = print,
) -> AdoptionBenchResult:
    if min(cooperatives, linkages, order_lines, buyers, storefront_count) < 0 or cooperatives < 1:
        raise AdoptionBenchDataError("cooperatives must be 1 or more, the other numbers 0 or more")
    if Cooperative.objects.filter(registration_code__startswith=CODE_PREFIX).exists():
        raise AdoptionBenchDataError("Adoption bench data is already loaded in this database.")
    if not catalog_bench._communes_across_districts():
        call_command("import_regions", stdout=io.StringIO())
    loader = _Loader(random.Random(seed), timezone.now(), log)
    loader.users(buyers)
    loader.cooperatives(cooperatives)
    loader.onboarding()
    loader.storefronts(storefront_count)
    loader.products()
    loader.areas_and_linkages(linkages)
    loader.orders(order_lines)
    loader.contract_deliveries()
    catalog_bench._analyze()
    return loader.result


@contextmanager
def _dates_as_given(*models):
    """Keep the dates we set: bulk_create would stamp ``auto_now``/``auto_now_add`` fields with now."""
    stamped = [
        f
        for m in models
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _insert(model, rows: list) -> list:
    with _dates_as_given(model):
        return model.objects.bulk_create(rows, batch_size=BATCH)


def _money(amount) -> Decimal:
    return Decimal(amount).quantize(Decimal("1.00"))


class _Loader:
    def __init__(self, rng: random.Random, now, log):
        self.rng, self.now, self.log = rng, now, log
        self.result = AdoptionBenchResult()
        self.password = make_password(None)  # unusable; hashing a real one 10,000 times would take minutes

    def _ago(self, days: float):
        return self.now - timedelta(days=days)

    # --- People --------------------------------------------------------------------------------------

    def users(self, buyers: int) -> None:
        self.officer, _ = User.objects.get_or_create(
            username=OFFICER_EMAIL[:150], defaults={"email": OFFICER_EMAIL, "is_staff": True, "first_name": "Cán bộ"}
        )
        rows = [
            User(
                username=f"nguoimua{n:05d}@example.com",
                email=f"nguoimua{n:05d}@example.com",
                password=self.password,
                first_name=self.rng.choice(["Lan", "Minh", "Hùng", "Thảo", "Tuấn", "Hoa", "Nam", "Vy"]),
                last_name=self.rng.choice(["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Huỳnh"]),
                date_joined=self._ago(800),
            )
            for n in range(1, buyers + 1)
        ]
        with transaction.atomic():
            self.buyers = [user.pk for user in _insert(User, rows)]
        # A few buyers order often: their weights follow a long tail.
        self.buyer_weights = list(itertools.accumulate(self.rng.paretovariate(1.3) for _ in self.buyers))
        self.result.users += len(rows)

    # --- Cooperatives and onboarding -----------------------------------------------------------------

    def cooperatives(self, count: int) -> None:
        communes, rng = catalog_bench._communes_across_districts(), self.rng
        partners, coops = [], []
        for n in range(count):
            commune = communes[n % len(communes)]
            kind = catalog_bench.COOPERATIVE_KINDS[rng.randrange(len(catalog_bench.COOPERATIVE_KINDS))]
            name = f"HTX {kind} {commune.name} {n + 1}"
            roll = rng.random()
            status = "verified" if roll < 0.85 else "applied" if roll < 0.93 else "suspended"
            # More cooperatives joined lately; a suspended one has had time to be suspended.
            age = 730 * rng.random() ** 1.4
            age = max(age, 45) if status == "suspended" else age
            pickup = rng.random() < 0.2
            partners.append(Partner(name=name, code=f"htx-adopt-{n + 1:05d}"))
            coops.append(
                Cooperative(
                    name=name,
                    slug=f"htx-adopt-{n + 1:05d}",
                    registration_code=f"{CODE_PREFIX}{n + 1:05d}",
                    commune=commune,
                    status=status,
                    member_count=rng.randint(7, 250),
                    founded_year=rng.randint(1997, 2024),
                    phone=f"09{rng.randrange(10**8):08d}",
                    address=f"Ấp {rng.randint(1, 9)}, xã {commune.name}, {commune.parent.name}",
                    created_at=self._ago(age),
                    offers_pickup=pickup,
                    pickup_address=f"Trụ sở HTX, xã {commune.name}" if pickup else "",
                    free_delivery_threshold=Decimal(500_000) if rng.random() < 0.3 else None,
                )
            )
        with transaction.atomic():
            for partner, coop in zip(_insert(Partner, partners), coops, strict=True):
                coop.partner = partner
            self.coops = _insert(Cooperative, coops)
        self.result.cooperatives = len(self.coops)
        self.log(f"  {len(self.coops):,} cooperatives")

    def onboarding(self) -> None:
        """Approved applications behind most cooperatives, returned ones before some, a queue still waiting."""
        rng = self.rng
        applicants = []
        applications, decisions = [], []  # decisions as (application index or None, Decision)
        for coop in self.coops:
            if coop.status == "applied" or rng.random() > 0.8:
                continue  # registered before the platform took applications
            waited = rng.lognormvariate(2.4, 0.6)  # days from application to approval: median ~11
            submitted = coop.created_at - timedelta(days=waited)
            applications.append(self._application(coop, submitted, coop.created_at, "approved"))
            applicants.append(coop)
            if rng.random() < 0.12:
                returned_at = submitted + timedelta(days=waited / 3)
                decisions.append((len(applications) - 1, self._decision("returned", returned_at, coop=None)))
            decisions.append((len(applications) - 1, self._decision("approved", coop.created_at, coop=coop)))
        for n in range(max(1, len(self.coops) // 15)):  # still waiting, some returned for changes
            submitted = self._ago(rng.uniform(0, 60))
            returned = rng.random() < 0.25
            application = self._application(None, submitted, submitted, "returned" if returned else "submitted", n)
            applications.append(application)
            if returned:
                decisions.append((len(applications) - 1, self._decision("returned", submitted, coop=None)))
        for coop in self.coops:
            if coop.status == "suspended":
                suspended = coop.created_at + (self.now - coop.created_at) * rng.uniform(0.5, 0.95)
                decisions.append((None, self._decision("suspended", suspended, coop=coop)))
        users = [
            User(
                username=f"xa-vien-{a.registration_code.lower()}@example.com",
                password=self.password,
                email=f"xa-vien-{a.registration_code.lower()}@example.com",
                date_joined=a.submitted_at,
            )
            for a in applications
        ]
        with transaction.atomic():
            for user, application in zip(_insert(User, users), applications, strict=True):
                application.applicant = user
            _insert(Application, applications)
            for index, decision in decisions:
                if index is not None:
                    decision.application = applications[index]
            _insert(Decision, [decision for _index, decision in decisions])
            # The applicant runs the cooperative's shop, as approval makes them.
            Partner.users.through.objects.bulk_create(
                [
                    Partner.users.through(partner_id=coop.partner_id, user_id=a.applicant_id)
                    for coop, a in zip(applicants, applications, strict=False)
                ],
                batch_size=BATCH,
            )
        self.result.users += len(users)
        self.result.applications, self.result.decisions = len(applications), len(decisions)

    def _application(self, coop, submitted, updated, status, n=0) -> Application:
        code = coop.registration_code if coop else f"{CODE_PREFIX}A{n + 1:05d}"
        commune = coop.commune if coop else self.coops[n % len(self.coops)].commune
        return Application(
            cooperative_name=coop.name if coop else f"HTX Nông nghiệp {commune.name} mới {n + 1}",
            registration_code=code,
            commune=commune,
            legal_representative=self.rng.choice(["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường"]),
            phone=f"09{self.rng.randrange(10**8):08d}",
            member_count=coop.member_count if coop else self.rng.randint(7, 60),
            main_products=self.rng.choice(CROPS),
            status=status,
            cooperative=coop,
            submitted_at=submitted,
            updated_at=updated,
        )

    def _decision(self, action, at, *, coop) -> Decision:
        reason = {"returned": "Bổ sung giấy chứng nhận đăng ký HTX.", "suspended": "Vi phạm an toàn thực phẩm."}
        return Decision(
            cooperative=coop, officer=self.officer, action=action, reason=reason.get(action, ""), decided_at=at
        )

    def storefronts(self, count: int) -> None:
        """Through the service approval uses: it builds Wagtail pages, groups and collections one by one."""
        verified = [coop for coop in self.coops if coop.status == "verified"]
        for coop in self.rng.sample(verified, min(count, len(verified))):
            storefronts.storefront_create(cooperative=coop)
            self.result.storefronts += 1

    # --- Products -------------------------------------------------------------------------------------

    def products(self) -> None:
        rng, categories, certifications = self.rng, catalog_bench._categories(), catalog_bench._certifications()
        index = 0
        for n, coop in enumerate(self.coops):
            if coop.status == "applied" or rng.random() > 0.88:
                continue
            sold_out = rng.random() < 0.08
            rows = []
            for position in range(rng.choice([1, 2, 2, 3, 3, 4, 5, 6])):
                row = catalog_bench._product_row(index, coop, categories, certifications, flagship=position == 0)
                row = replace(row, fields={**row.fields, "is_public": rng.random() > 0.03})
                rows.append(replace(row, stock=0) if sold_out else row)
                index += 1
            with transaction.atomic():
                catalog_services.products_bulk_create(cooperative=coop, rows=rows)
            if (n + 1) % 1000 == 0:
                self.log(f"  products of {n + 1:,} cooperatives")
        self.result.products = index
        # Some stock is held by orders not yet shipped; some of it entirely.
        records = StockRecord.objects.filter(partner__cooperative__registration_code__startswith=CODE_PREFIX)
        ids = list(records.values_list("pk", flat=True))
        allocated = [pk for pk in ids if rng.random() < 0.3]
        with transaction.atomic():
            for start in range(0, len(allocated), BATCH):
                chunk = allocated[start : start + BATCH]
                StockRecord.objects.filter(pk__in=chunk[::5]).update(num_allocated=F("num_in_stock"))
                StockRecord.objects.filter(pk__in=[pk for i, pk in enumerate(chunk) if i % 5]).update(num_allocated=1)
        self.log(f"  {index:,} products")

    # --- Value chains ---------------------------------------------------------------------------------

    def areas_and_linkages(self, count: int) -> None:
        rng = self.rng
        active = [coop for coop in self.coops if coop.status != "applied"]
        areas = []
        for coop in active:
            if rng.random() < 0.35:
                for n in range(rng.choice([1, 1, 2, 3])):
                    crop = rng.choice(CROPS)
                    areas.append(
                        RawMaterialArea(
                            cooperative=coop,
                            name=f"Vùng {crop.lower()} {coop.commune.name} {n + 1}",
                            commune=coop.commune,
                            hectares=_money(rng.uniform(2, 150)),
                            crops=crop,
                            household_count=rng.randint(5, 120),
                        )
                    )
        with transaction.atomic():
            areas = _insert(RawMaterialArea, areas)
        by_coop = {}
        for area in areas:
            by_coop.setdefault(area.cooperative_id, []).append(area)
        with_areas = [coop for coop in active if coop.pk in by_coop]
        key_products = dict(
            StockRecord.objects.filter(partner__cooperative__registration_code__startswith=CODE_PREFIX)
            .order_by("pk")
            .values_list("partner__cooperative", "product")
        )
        models, links, technologies = [], [], []
        for n in range(count):
            tied = with_areas and rng.random() < 0.65
            lead = rng.choice(with_areas if tied else active)
            roll = rng.random()
            status = "active" if roll < 0.78 else "planned" if roll < 0.9 else "ended"
            start = max(lead.created_at, self._ago(700)) + timedelta(days=rng.uniform(0, 60))
            models.append(
                LinkageModel(
                    name=f"Liên kết {rng.choice(CROPS).lower()} {lead.commune.name} {n + 1}",
                    lead_cooperative=lead,
                    key_product_name=rng.choice(CROPS),
                    key_product_id=key_products.get(lead.pk) if rng.random() < 0.4 else None,
                    status=status,
                    contract_start=start.date(),
                    contract_end=(start + timedelta(days=rng.choice([365, 730, 1095]))).date(),
                    agreed_volume=_money(rng.uniform(5, 500)),
                    created_at=start,
                )
            )
            mine = by_coop.get(lead.pk, []) if tied else []
            links.append(rng.sample(mine, min(len(mine), rng.choice([1, 1, 2]))) if mine else [])
            if rng.random() < (0.65 if mine else 0.2):
                technologies.append((n, rng.sample(TECHNOLOGIES, rng.choice([1, 1, 2, 3])), start))
        with transaction.atomic():
            models = _insert(LinkageModel, models)
            LinkageModel.areas.through.objects.bulk_create(
                [
                    LinkageModel.areas.through(linkagemodel_id=model.pk, rawmaterialarea_id=area.pk)
                    for model, chosen in zip(models, links, strict=True)
                    for area in chosen
                ],
                batch_size=BATCH,
            )
            adoptions = _insert(
                DigitalTechnologyAdoption,
                [
                    DigitalTechnologyAdoption(
                        linkage_model=models[n],
                        technology=technology,
                        started_on=(start + timedelta(days=rng.uniform(0, 90))).date(),
                        evidence="Biên bản kiểm tra của phòng Kinh tế.",
                    )
                    for n, chosen, start in technologies
                    for technology in chosen
                ],
            )
        self.result.areas, self.result.linkages, self.result.technologies = len(areas), len(models), len(adoptions)
        self.log(f"  {len(areas):,} raw-material areas, {len(models):,} linkage models")

    # --- Orders ---------------------------------------------------------------------------------------

    def orders(self, line_count: int) -> None:
        sellers = self._sellers()
        if not sellers or not line_count:
            return
        sellers.sort(key=lambda seller: seller["coop"].created_at)
        joined = [seller["coop"].created_at for seller in sellers]
        # Some cooperatives sell much more than others.
        weights = list(itertools.accumulate(self.rng.paretovariate(1.1) for _ in sellers))
        guests = max(1, len(self.buyers) // 2)
        made, number = 0, 0
        while made < line_count:
            chunk = []
            while made < line_count and len(chunk) < ORDERS_PER_TRANSACTION:
                number += 1
                order = self._order(number, sellers, joined, weights, guests, line_count - made)
                if order is not None:
                    chunk.append(order)
                    made += len(order[1])
            self._write_orders(chunk)
            self.log(f"  {made:,} order lines")

    # --- Deliveries under the linkage models' contracts ------------------------------------------------

    EVIDENCE_DAYS = 90

    def contract_deliveries(self) -> None:
        """A standing order for most active models, on a delivered order of their lead from the last 90 days."""
        place = {"street": "1 Nguyễn Huệ", "commune_code": 26740, "commune_name": "Phường Sài Gòn"}
        place.update(province_code=79, province_name="Thành phố Hồ Chí Minh")
        models = list(
            LinkageModel.objects.filter(
                lead_cooperative__registration_code__startswith=CODE_PREFIX, status=LinkageModel.Status.ACTIVE
            ).order_by("pk")
        )
        recent = {}
        for part in (
            OrderPart.objects.filter(
                cooperative__registration_code__startswith=CODE_PREFIX,
                delivered_at__gte=self.now - timedelta(days=self.EVIDENCE_DAYS - 1),
            )
            .order_by("-delivered_at", "pk")
            .values("cooperative_id", "order_id", "delivered_at")
        ):
            recent.setdefault(part["cooperative_id"], []).append(part)
        with transaction.atomic():
            buyer = Organisation.objects.create(
                name="Siêu thị Bench",
                kind="supermarket",
                tax_code="0300000000",
                contact_name="Lan",
                phone="0901234567",
                status="verified",
                applicant=self.officer,  # the bench has no buyer accounts to spare; the officer stands in
                **place,
            )
            site = DeliverySite.objects.create(
                organisation=buyer, name="Kho Bench", contact_name="Lan", phone="0901234567", **place
            )
            versions = _insert(
                ContractVersion,
                [
                    ContractVersion(
                        linkage_model=model,
                        number=1,
                        organisation=buyer,
                        start=model.contract_start,
                        end=model.contract_end,
                        offered_by_side="cooperative",
                        state="accepted",
                    )
                    for model in models
                ],
            )
            ContractVersion.cooperatives.through.objects.bulk_create(
                [
                    ContractVersion.cooperatives.through(contractversion_id=v.pk, cooperative_id=m.lead_cooperative_id)
                    for v, m in zip(versions, models, strict=True)
                ],
                batch_size=BATCH,
            )
            taken, standing = set(), []
            for version, model in zip(versions, models, strict=True):
                part = next((p for p in recent.get(model.lead_cooperative_id, []) if p["order_id"] not in taken), None)
                if part is None:
                    continue
                taken.add(part["order_id"])
                standing.append(
                    StandingOrder(
                        linkage_model=model,
                        version=version,
                        delivery_date=timezone.localdate(part["delivered_at"]),
                        delivery_site=site,
                        cutoff_at=part["delivered_at"],
                        status="placed",
                        order_id=part["order_id"],
                        placed_at=part["delivered_at"],
                    )
                )
            _insert(StandingOrder, standing)
        self.result.contract_deliveries = len(standing)
        self.log(f"  {len(standing):,} deliveries under {len(models):,} active linkage models' contracts")

    def _sellers(self) -> list[dict]:
        by_coop = {coop.partner_id: {"coop": coop, "records": []} for coop in self.coops}
        for record in (
            StockRecord.objects.filter(partner__cooperative__registration_code__startswith=CODE_PREFIX)
            .order_by("pk")
            .values("pk", "partner_id", "partner_sku", "price", "product_id", "product__title", "product__upc")
        ):
            by_coop[record["partner_id"]]["records"].append(record)
        return [seller for seller in by_coop.values() if seller["records"]]

    def _order(self, number, sellers, joined, weights, guests, lines_left):
        rng = self.rng
        days_ago = ORDER_MONTHS * 30.4 * (1 - rng.random() ** 0.5)  # more orders lately
        placed = self._ago(days_ago)
        eligible = bisect.bisect_left(joined, placed)  # cooperatives that had joined by then
        if not eligible:
            return None
        chosen = {}
        for _ in range(rng.choice([1] * 14 + [2] * 4 + [3] * 2)):
            seller = sellers[bisect.bisect_right(weights, rng.uniform(0, weights[eligible - 1]))]
            chosen[seller["coop"].pk] = seller
        status, line_status = self._statuses(days_ago)
        order = Order(
            number=f"{ORDER_PREFIX}{number:08d}",
            site_id=settings.SITE_ID,
            currency="VND",
            status=status,
            date_placed=placed,
            shipping_method="Giao hàng hoặc nhận tại HTX",
            shipping_code="cooperatives",
        )
        if self.buyers and rng.random() < 0.72:
            order.user_id = self.buyers[bisect.bisect_right(self.buyer_weights, rng.uniform(0, self.buyer_weights[-1]))]
        else:
            order.guest_email = f"khach{rng.randrange(guests):05d}@example.com"
        lines, parts = [], []
        for seller in chosen.values():
            records = seller["records"]
            taken = rng.sample(records, min(len(records), rng.choice([1, 1, 1, 2, 2, 3]), lines_left - len(lines)))
            if not taken:
                break
            subtotal = Decimal(0)
            for record in taken:
                quantity = rng.choice([1, 1, 1, 2, 2, 3, 5])
                price = record["price"]
                subtotal += price * quantity
                lines.append(self._line(seller["coop"], record, quantity, price, line_status))
            pickup = seller["coop"].offers_pickup and rng.random() < 0.5
            fee = Decimal(0) if pickup else seller["coop"].delivery_fee_for(subtotal)
            parts.append(
                OrderPart(
                    cooperative=seller["coop"],
                    delivery_method="pickup" if pickup else "delivery",
                    delivery_fee=fee,
                    status=line_status,
                    language="vi" if rng.random() < 0.9 else "en",
                    created_at=placed,
                    updated_at=placed + timedelta(days=min(days_ago, 3)),
                    delivered_at=placed + timedelta(days=min(days_ago, 3)) if line_status == "delivered" else None,
                )
            )
        shipping = sum((part.delivery_fee for part in parts), Decimal(0))
        total = sum((line.line_price_incl_tax for line in lines), Decimal(0)) + shipping
        order.shipping_incl_tax = order.shipping_excl_tax = _money(shipping)
        order.total_incl_tax = order.total_excl_tax = _money(total)
        return order, lines, parts

    def _statuses(self, days_ago: float) -> tuple[str, str]:
        """The order's status and its lines' (and parts'), as far as an order of that age has got."""
        roll = self.rng.random()
        if roll < 0.05:
            return "cancelled", "cancelled"
        if days_ago > 14 or (days_ago > 3 and roll < 0.7):
            return "complete", "delivered"
        if days_ago > 3 or roll < 0.5:
            return "processing", self.rng.choice(["confirmed", "shipped"])
        return "pending", "pending"

    @staticmethod
    def _line(coop, record, quantity, price, status) -> Line:
        amount = _money(price * quantity)
        return Line(
            partner_id=coop.partner_id,
            partner_name=coop.name,
            partner_sku=record["partner_sku"],
            stockrecord_id=record["pk"],
            product_id=record["product_id"],
            title=record["product__title"],
            upc=record["product__upc"],
            quantity=quantity,
            line_price_incl_tax=amount,
            line_price_excl_tax=amount,
            line_price_before_discounts_incl_tax=amount,
            line_price_before_discounts_excl_tax=amount,
            unit_price_incl_tax=price,
            unit_price_excl_tax=price,
            status=status,
            num_allocated=0 if status == "cancelled" else quantity,
            allocation_cancelled=status == "cancelled",
        )

    def _write_orders(self, chunk) -> None:
        with transaction.atomic():
            orders = _insert(Order, [order for order, _lines, _parts in chunk])
            lines, parts = [], []
            for order, (_order, order_lines, order_parts) in zip(orders, chunk, strict=True):
                for row in itertools.chain(order_lines, order_parts):
                    row.order_id = order.pk
                lines += order_lines
                parts += order_parts
            _insert(Line, lines)
            _insert(OrderPart, parts)
        self.result.orders += len(orders)
        self.result.lines += len(lines)
        self.result.parts += len(parts)
