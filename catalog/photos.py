"""Product photos taken with a phone's camera: checked by content, turned upright, shrunk, stored.

A phone's photo is some 4000 px wide, several megabytes, and often stored sideways with an EXIF
tag saying how to turn it. Browsers and sorl-thumbnail do not all read that tag, so the photo is
turned upright here once, shrunk to ``MAX_PHOTO_SIDE`` and saved again without its EXIF (which
also drops the GPS position of the cooperative's field). The upload checks are the project's
(common/uploads.py): the content must be a JPEG, PNG or WebP image, whatever its name.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from PIL import Image, ImageOps

from common.uploads import product_image_checked

ProductImage = get_model("catalogue", "ProductImage")

# Wide enough for the product page's gallery on a desktop, small enough to load over 3G.
MAX_PHOTO_SIDE = 1600
JPEG_QUALITY = 85


def photo_checked(upload):
    """The upload, refused with a message naming it unless it is a photo we take (format and size)."""
    return product_image_checked(upload)


def photo_resized(upload) -> ContentFile:
    """The photo upright, at most ``MAX_PHOTO_SIDE`` px on its longer side, without EXIF.

    A PNG with transparency stays a PNG; every other photo becomes a JPEG (what cameras take)."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                image = ImageOps.exif_transpose(opened)
                image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE), Image.Resampling.LANCZOS)
                keeps_transparency = image.mode in ("RGBA", "LA", "P") and opened.format == "PNG"
                buffer = io.BytesIO()
                if keeps_transparency:
                    image.save(buffer, "PNG", optimize=True)
                    extension = "png"
                else:
                    image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
                    extension = "jpg"
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        # A file whose header looked right but whose picture cannot be read (cut short, say).
        raise ValidationError(_("%(name)s could not be read as a photo.") % {"name": upload.name}) from None
    finally:
        upload.seek(0)
    stem = upload.name.rsplit(".", 1)[0]
    return ContentFile(buffer.getvalue(), name=f"{stem}.{extension}")


@transaction.atomic
def product_photos_add(*, product, uploads) -> list:
    """Add checked photos (``photo_checked``) to ``product``, after the ones it has, resized."""
    last = product.images.order_by("-display_order").values_list("display_order", flat=True).first()
    start = 0 if last is None else last + 1
    return [
        ProductImage.objects.create(product=product, original=photo_resized(upload), display_order=start + index)
        for index, upload in enumerate(uploads)
    ]


def product_photo_remove(*, product, image_id: int) -> bool:
    """Remove one of ``product``'s photos (another product's is not found); True when one was removed.

    Oscar's ProductImage.delete() renumbers the others' display order; the file goes once the row is
    gone for good (nothing else points at it: each upload is stored under its own name)."""
    # Not ``product.images``: the photo would carry ``product`` along, and Oscar's renumbering would
    # read its prefetched photos, the removed one included, and save that one back.
    image = ProductImage.objects.filter(product_id=product.pk, pk=image_id).first()
    if image is None:
        return False
    storage, name = image.original.storage, image.original.name
    with transaction.atomic():
        image.delete()
        transaction.on_commit(lambda: storage.delete(name))
    return True
