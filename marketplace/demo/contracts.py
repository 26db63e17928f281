"""The demo's linkage contracts: coop1's cooperative supplies the first school, in force, with a price
change the school offered awaiting the cooperative's answer."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from contracts import services
from contracts.models import ContractVersion
from cooperatives.selectors import cooperatives_of_user
from organisations.models import Organisation
from valuechains.selectors import products_of

User = get_user_model()
NAME = "Rau an toàn cho bếp ăn bán trú"


def _terms(cooperative, products, price_step, sites):
    return services.Terms(
        cooperatives=[cooperative],
        lines=[
            services.LineTerms(product=product, unit_price=int(25000 + price_step * n), volume=Decimal(40 + 10 * n))
            for n, product in enumerate(products)
        ],
        start=None,
        end=None,
        delivery_weekdays=[0, 2, 4],
        quality_terms="Rau đạt VietGAP, thu hoạch trong ngày, đóng thùng nhựa sạch.",
        delivery_sites=sites,
    )


@transaction.atomic
def fill_contracts(log):
    if ContractVersion.objects.filter(linkage_model__name=NAME).exists():
        return
    staff = User.objects.get(email="coop1@example.com")
    school_user = User.objects.get(email="school1@example.com")
    cooperative = cooperatives_of_user(staff).first()
    school = Organisation.objects.get(memberships__user=school_user)
    products = list(products_of(cooperative)[:2])
    if not products:
        return
    sites = list(school.delivery_sites.filter(is_active=True)[:1])
    first = services.contract_offer(
        by=staff,
        name=NAME,
        lead_cooperative=cooperative,
        organisation=school,
        terms=_terms(cooperative, products, 0, sites),
    )
    services.contract_accept(version=first, by=school_user)
    services.contract_change_offer(
        by=school_user, linkage_model=first.linkage_model, terms=_terms(cooperative, products, 1000, sites)
    )
    log("Contracts: 1 in force with a change awaiting an answer")
