"""Product photos' thumbnails, made ahead of the first page that shows them.

With a broker, a Celery worker makes every size the shop's templates ask for as soon as a photo is
saved (catalog.tasks.product_image_thumbnails_make), so no buyer's request pays for the resizing. Without
one (``make run``, tests), or if the broker is down, sorl-thumbnail still makes each size on first view:
nothing is lost, it is only slower once."""

import logging

from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer

ProductImage = get_model("catalogue", "ProductImage")
logger = logging.getLogger(__name__)

# (geometry, options) as the templates' {% oscar_thumbnail %} tags write them: cards, gallery,
# gallery strip, basket and checkout lines, the dashboard's image widget.
PRODUCT_IMAGE_SIZES = [
    ("264x198", {"crop": "center"}),
    ("440x400", {"upscale": False}),
    ("65x55", {"crop": "center"}),
    ("100x100", {"upscale": False}),
    ("200x200", {"upscale": False}),
]


def product_image_thumbnails_make(image_id: int) -> int:
    """Make (or find already made) every size of one photo; returns how many sizes exist."""
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None or not image.original:
        return 0
    thumbnailer = get_thumbnailer()
    for size, options in PRODUCT_IMAGE_SIZES:
        thumbnailer.generate_thumbnail(image.original, size=size, **options)
    return len(PRODUCT_IMAGE_SIZES)


def product_image_thumbnails_enqueue(image_id: int) -> bool:
    """Hand the resizing to a worker; False when there is no broker or it did not answer (made on view)."""
    from jobs.dispatch import broker_connection, tasks_run_in_process

    from .tasks import product_image_thumbnails_make as task

    if tasks_run_in_process():
        return False
    try:
        with broker_connection() as connection:
            task.apply_async((image_id,), connection=connection, retry=False)
    except Exception:
        logger.warning("The broker did not take the thumbnails of photo %s: made on first view", image_id)
        return False
    return True
