"""Uploads are checked by what they contain, not by their names, and stored under a name whose
extension says what they contain: a PNG with a web page after it, sent as ``promo.html``, is kept as
``promo.png`` and served as an image, never as a page. Every upload path asks this module
(product photos, application documents, Wagtail's documents); Wagtail's images are refused by
Wagtail itself when their extension and format differ.

How media are served is decided here too: ``MEDIA_HEADERS`` for every file under /media/ and
``media_response_headers`` per file (Django in DEBUG / ``make run``; the README's "Running at scale"
says what a web server or bucket must do the same)."""

import mimetypes
import os
import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_PRODUCT_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
PDF = "PDF"
# The extension a stored file gets, by the format its content was found to be.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", PDF: "pdf"}
MAX_STEM_LENGTH = 80
# Whatever a file under /media/ holds, the browser neither guesses its type nor runs it as a page.
MEDIA_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}
# Shown inline; anything else under /media/ (PDFs, anything unexpected) is downloaded.
INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"}


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


def validate_document(upload) -> str:
    """A supporting document: a PDF, or a JPEG, PNG or WebP image, of at most 10 MB. Its format."""
    _check_size(upload, MAX_DOCUMENT_BYTES)
    if _is_pdf(upload):
        return PDF
    if (image_format := _image_format(upload)) in IMAGE_FORMATS:
        return image_format
    raise ValidationError(_("%(name)s is not a PDF or an image (JPEG, PNG, WebP).") % {"name": upload.name})


def validate_product_image(upload) -> str:
    """A product photo: a JPEG, PNG or WebP image of at most 5 MB. Its format."""
    _check_size(upload, MAX_PRODUCT_IMAGE_BYTES)
    if (image_format := _image_format(upload)) in IMAGE_FORMATS:
        return image_format
    raise ValidationError(_("%(name)s is not a JPEG, PNG or WebP image.") % {"name": upload.name})


def stored_name(name: str, file_format: str) -> str:
    """The name a file is kept under: its own words, folded to ASCII (``Giấy chứng nhận.PDF`` →
    ``giay-chung-nhan.pdf``), and the extension of its format, never the one it came with."""
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    stem = slugify(stem.replace("đ", "d").replace("Đ", "D").replace(".", "-"))[:MAX_STEM_LENGTH].strip("-_")
    return f"{stem or 'file'}.{EXTENSIONS[file_format]}"


def document_checked(upload):
    """The supporting document, checked by content and renamed after its format."""
    upload.name = stored_name(upload.name, validate_document(upload))
    return upload


def product_image_checked(upload):
    """The product photo, checked by content and renamed after its format."""
    upload.name = stored_name(upload.name, validate_product_image(upload))
    return upload


def media_response_headers(path: str) -> dict[str, str]:
    """The headers a file under /media/ is served with: never sniffed, sandboxed, and downloaded
    unless it is an image."""
    headers = dict(MEDIA_HEADERS)
    content_type, _encoding = mimetypes.guess_type(path)
    if content_type not in INLINE_MEDIA_TYPES:
        headers["Content-Disposition"] = "attachment"
    return headers
