"""Writing an import's photos: each becomes the product's main photo (Oscar's ``ProductImage``).

The photos are written inside the import's transaction, a batch at a time. A file is not part of a
transaction, so ``written_or_removed`` deletes the files already saved when the import is rolled back:
an import that fails leaves neither rows nor files behind.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from oscar.core.loading import get_model

from catalog.change_signals import products_bulk_written
from catalog.thumbnails import product_image_thumbnails_enqueue
from common.uploads import stored_name

ProductImage = get_model("catalogue", "ProductImage")

# Rows written together when the file comes with photos.
BATCH = 100


def written_or_removed(write) -> None:
    """Run ``write(saved)``, which appends the name of each photo file it saves; if it fails, delete them."""
    saved = []
    try:
        write(saved)
    except BaseException:
        storage = ProductImage._meta.get_field("original").storage
        for name in saved:
            storage.delete(name)
        raise


def photos_add(photos, pairs, saved: list) -> int:
    """Give each product of ``pairs`` ((product id, photo key or None), …) its photo. Returns how many."""
    images = []
    for product_id, key in pairs:
        if key is None:
            continue
        image = ProductImage(product_id=product_id, display_order=0, caption="")
        name = stored_name(photos.file_name(key), photos.image_format(key))
        image.original.save(name, ContentFile(photos.read(key)), save=False)
        saved.append(image.original.name)
        images.append(image)
    if not images:
        return 0
    # A bulk insert sends no post_save: what catalog/receivers.py does for one photo, done here.
    ProductImage.objects.bulk_create(images)
    image_ids = [image.pk for image in images]
    transaction.on_commit(lambda: [product_image_thumbnails_enqueue(image_id) for image_id in image_ids])
    products_bulk_written.send(sender=ProductImage, product_ids=[image.product_id for image in images])
    return len(images)


def photos_add_where_missing(photos, pairs, saved: list) -> int:
    """Like ``photos_add``, for products that exist already: a product that has a photo keeps it
    (a photo taken in the shop is not replaced by a file uploaded again with a price list)."""
    pairs = [(product_id, key) for product_id, key in pairs if key is not None]
    if not pairs:
        return 0
    with_photo = set(
        ProductImage.objects.filter(product_id__in=[product_id for product_id, _key in pairs]).values_list(
            "product_id", flat=True
        )
    )
    return photos_add(photos, [(product_id, key) for product_id, key in pairs if product_id not in with_photo], saved)
