"""The only receivers that make cached things stale, connected from the list in registry.py.

Signals are for cache invalidation (docs/HOUSE_STYLE.md): products, prices and stock are written
by Oscar's dashboard, its checkout (``StockRecord.allocate`` sends the save signals itself), the
admin and our services alike; bulk writes send ``products_bulk_written``."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from catalog.cache_version import catalogue_version_bump, products_changed
from catalog.change_signals import product_changes_collect, products_bulk_written

from .registry import WATCHED, listing_fields_of


def connect() -> None:
    for watched in WATCHED:
        model = apps.get_model(watched.model)
        uid = f"caching.{watched.model}"
        if watched.products is None:
            post_save.connect(_catalogue_changed, sender=model, dispatch_uid=f"{uid}.save", weak=False)
            post_delete.connect(_catalogue_changed, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
            continue
        saved = _products_receiver(watched.products, watched.listings)
        post_save.connect(saved, sender=model, dispatch_uid=f"{uid}.save", weak=False)
        # A row deleted: whatever it was, the listings showed it.
        deleted = _products_receiver(watched.products, True if callable(watched.listings) else watched.listings)
        post_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
    StockRecord = get_model("partner", "StockRecord")
    post_init.connect(_remember_loaded, sender=StockRecord, dispatch_uid="caching.stockrecord.loaded", weak=False)
    Product = get_model("catalogue", "Product")
    m2m_changed.connect(_certifications_changed, sender=Product.certifications.through, dispatch_uid="caching.certs")
    order_placed.connect(_order_placed, dispatch_uid="caching.order_placed")
    products_bulk_written.connect(_bulk_written, dispatch_uid="caching.bulk_written")
    post_save.connect(_import_finished, sender=get_model("cooperatives", "ImportJob"), dispatch_uid="caching.import")


def _products_receiver(products_of, listings):
    def changed(sender, instance, raw=False, created=False, **kwargs):
        if not raw:  # loaddata
            # A new stock record puts a product on sale: the listings count it.
            stale = (created or listings(instance)) if callable(listings) else listings
            _refresh(products_of(instance), listings=stale)
        if hasattr(instance, "_loaded_for_listings"):
            _remember_loaded(sender, instance)  # the next save of this instance compares with this one

    return changed


def _remember_loaded(sender, instance, **kwargs):
    # What the row held when it was made or read, to tell a sale from a change listings show (registry.py).
    instance._loaded_for_listings = listing_fields_of(instance) if instance.pk is not None else None


def _refresh(product_ids, *, new=False, listings=True) -> None:
    """These products' pages, their parents' (a variant's price and stock show on its parent's page),
    and the pages of products that show any of them as recommendations; with ``listings``, every
    listing's counts, ids and facets too. Products just made (``new``) have neither parents' pages nor
    recommenders yet: nothing can recommend a product that did not exist."""
    ids = {pk for pk in product_ids if pk is not None}
    if not ids or product_changes_collect(ids, listings=listings):  # a collecting job sends them at its end
        return
    if new:
        products_changed(ids)
        return
    parents = get_model("catalogue", "Product").objects.filter(pk__in=ids, parent__isnull=False)
    ids |= set(parents.values_list("parent_id", flat=True))
    recommending = get_model("catalogue", "ProductRecommendation").objects.filter(recommendation_id__in=ids)
    products_changed(ids | set(recommending.values_list("primary_id", flat=True)), listings=listings)


def _catalogue_changed(sender, raw=False, **kwargs):
    if not raw:
        catalogue_version_bump()


def _certifications_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        _refresh([instance.pk])
    elif pk_set:
        _refresh(pk_set)
    else:  # a certification's products cleared: which ones is no longer known
        catalogue_version_bump()


def _order_placed(sender, order, **kwargs):
    # Allocation sends the stock records' save signals already; this covers any other path. The lines as
    # the order holds them: the ones just written when the placing kept them (contracts/placing.py).
    _refresh([line.product_id for line in order.lines.all()], listings=False)


def _bulk_written(sender, product_ids, new=False, listings=True, **kwargs):
    _refresh(product_ids, new=new, listings=listings)


def _import_finished(sender, instance, **kwargs):
    # The import writes in bulk; its job is saved once it is done.
    if instance.status == instance.Status.DONE:
        catalogue_version_bump()
