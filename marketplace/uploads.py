"""Uploads are checked by what they contain, not by their names."""

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_PRODUCT_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def _check_size(upload, limit):
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )


def _is_pdf(upload) -> bool:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def _image_format(upload) -> str | None:
    """The image's real format, or None. Pillow's decompression-bomb guard stays on:
    an image too large to decode safely is refused, not opened."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image.verify()
                return image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("%(name)s has too many pixels to be a photo.") % {"name": upload.name}) from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors for non-images
        return None
    finally:
        upload.seek(0)


def validate_document(upload):
    """A supporting document: a PDF, or a JPEG, PNG or WebP image, of at most 10 MB."""
    _check_size(upload, MAX_DOCUMENT_BYTES)
    if _is_pdf(upload) or _image_format(upload) in IMAGE_FORMATS:
        return
    raise ValidationError(
        _("%(name)s is not a PDF or an image (JPEG, PNG, WebP).") % {"name": upload.name}
    )


def validate_product_image(upload):
    """A product photo: a JPEG, PNG or WebP image of at most 5 MB."""
    _check_size(upload, MAX_PRODUCT_IMAGE_BYTES)
    if _image_format(upload) in IMAGE_FORMATS:
        return
    raise ValidationError(_("%(name)s is not a JPEG, PNG or WebP image.") % {"name": upload.name})
