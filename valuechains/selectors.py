"""Reads of the value chain. Staff see their own cooperative's rows; officers read everything."""

from django.db.models import Count, Prefetch
from django.db.models.functions import Lower
from oscar.core.loading import get_model

from accounts.roles import is_officer
from cooperatives.pages import StorefrontPage
from cooperatives.selectors import cooperatives_of_user

from . import gs1
from .models import AreaCertification, Batch, LinkageModel, RawMaterialArea, TraceEvent

Product = get_model("catalogue", "Product")


def own_cooperatives(user):
    return cooperatives_of_user(user)


def can_read_all(user) -> bool:
    return is_officer(user)


def _scoped(queryset, user, field):
    if can_read_all(user):
        return queryset
    return queryset.filter(**{f"{field}__in": own_cooperatives(user)})


def areas_for(user):
    return _scoped(
        RawMaterialArea.objects.select_related("cooperative", "commune__parent").annotate(
            batch_count=Count("batches", distinct=True)
        ),
        user,
        "cooperative",
    )


def linkage_models_for(user):
    return _scoped(
        LinkageModel.objects.select_related("lead_cooperative", "key_product").prefetch_related(
            "participants", "technologies", "areas"
        ),
        user,
        "lead_cooperative",
    )


def batches_for(user):
    return _scoped(
        Batch.objects.select_related("product", "area", "cooperative").annotate(
            event_count=Count("events", distinct=True)
        ),
        user,
        "cooperative",
    )


def batch_for_staff(user, pk):
    """One batch with its events, if the user may read it (else None)."""
    return (
        _scoped(Batch.objects.select_related("product", "area", "cooperative"), user, "cooperative")
        .prefetch_related(Prefetch("events", queryset=TraceEvent.objects.select_related("corrects")))
        .filter(pk=pk)
        .first()
    )


def _with_code(batches, code):
    """The batches whose code is ``code`` in any case: codes are unique regardless of case (the
    constraint is on ``Lower("code")``, which this lookup uses on PostgreSQL)."""
    return batches.alias(code_lower=Lower("code")).filter(code_lower=code.lower())


def batch_for_trace(code):
    """The public trace of a batch, in a fixed number of queries whatever its length; None if the
    code is unknown or malformed."""
    if not gs1.is_valid_batch_code(code):
        return None
    batches = Batch.objects.select_related(
        "product__product_class", "cooperative__commune__parent", "area__commune__parent"
    )
    return (
        _with_code(batches, code)
        .prefetch_related(
            Prefetch(
                "area__certifications",
                queryset=AreaCertification.objects.select_related("certification"),
            ),
            Prefetch("events", queryset=TraceEvent.objects.prefetch_related("corrections")),
        )
        .first()
    )


def live_storefront(cooperative):
    """The cooperative's storefront page if it is published, for the trace page's link (else None)."""
    return StorefrontPage.objects.live().filter(cooperative=cooperative).first()


def batch_by_code(code):
    """A batch with what its QR code needs (its code, its product's GTIN), in one query."""
    if not gs1.is_valid_batch_code(code):
        return None
    return _with_code(Batch.objects.select_related("product").only("code", "product__upc"), code).first()


def batch_by_digital_link(*, gtin, code):
    """The batch a GS1 Digital Link names, when the GTIN is valid and is its product's."""
    if not gs1.is_valid_gtin(gtin) or not gs1.is_valid_batch_code(code):
        return None
    batches = Batch.objects.filter(product__upc__in=gs1.gtin_forms(gtin)).only("code")
    return _with_code(batches, code).first()


def products_of(cooperative):
    return Product.objects.filter(stockrecords__partner_id=cooperative.partner_id).order_by("title")


def latest_harvested_batch(product):
    """The batch a product page points buyers to: the latest harvested (whether the product is on sale is
    the product page's business, catalog/availability.py)."""
    return Batch.objects.filter(product=product).only("code", "harvest_date").order_by("-harvest_date", "-pk").first()


def batches_received(order) -> dict:
    """For each product of ``order``, the batch the buyer most likely received: the latest harvested
    on or before the day the order was placed (a later harvest cannot be in it). Products without
    such a batch are left out: their trace is not known."""
    placed_on = order.date_placed.date() if order.date_placed else None
    product_ids = [line.product_id for line in order.lines.all() if line.product_id]
    batches = Batch.objects.filter(product_id__in=product_ids).only("code", "product_id", "harvest_date")
    if placed_on:
        batches = batches.filter(harvest_date__lte=placed_on)
    found = {}
    for batch in batches.order_by("product_id", "-harvest_date", "-pk"):
        found.setdefault(batch.product_id, batch)
    return found
