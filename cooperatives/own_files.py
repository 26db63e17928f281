"""A cooperative's pages show only its own images and documents.

Each cooperative uploads into its own Wagtail collection (``storefronts.storefront_create``), and
Wagtail's choosers offer only those; but the editor's form takes any id it is sent, and one
cooperative could show another's certificates (unpublished scans included) as its own. Every image
and document a page chooses, in a field or anywhere in a StreamField, must be in the page's
collection (or one below it); ``StorefrontPage.clean`` asks here, on every save and publish.
"""

from django.db import models
from django.utils.translation import gettext as _
from wagtail.blocks import ListBlock, StreamBlock, StructBlock
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Collection

IMAGE = "image"
DOCUMENT = "document"


def _field_message(kind):
    if kind == IMAGE:
        return _("This image is not one of your cooperative's: choose one of your own images.")
    return _("This document is not one of your cooperative's: choose one of your own documents.")


def _block_message(kind, number):
    if kind == IMAGE:
        message = _(
            "Item %(number)s uses an image that is not one of your cooperative's: choose one of your own images."
        )
    else:
        message = _(
            "Item %(number)s uses a document that is not one of your cooperative's: choose one of your own documents."
        )
    return message % {"number": number}


def _chosen_in(block, value):
    """(kind, file) for every image and document chosen in a block's value, however deep."""
    if value is None:
        return
    if isinstance(block, ImageChooserBlock):
        yield IMAGE, value
    elif isinstance(block, DocumentChooserBlock):
        yield DOCUMENT, value
    elif isinstance(block, StructBlock):
        for name, child in block.child_blocks.items():
            yield from _chosen_in(child, value.get(name))
    elif isinstance(block, ListBlock):
        for item in value:
            yield from _chosen_in(block.child_block, item)
    elif isinstance(block, StreamBlock):
        for child in value:
            yield from _chosen_in(child.block, child.value)


def foreign_files_errors(page, collection) -> dict[str, list[str]]:
    """Per field, what the page uses from outside ``collection``: {} when it uses only its own."""
    allowed = set()
    if collection is not None:
        allowed = set(Collection.objects.descendant_of(collection, inclusive=True).values_list("pk", flat=True))
    file_models = {get_image_model(): IMAGE, get_document_model(): DOCUMENT}
    errors: dict[str, list[str]] = {}
    for field in page._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model in file_models:
            chosen = getattr(page, field.name)
            if chosen is not None and chosen.collection_id not in allowed:
                errors[field.name] = [_field_message(file_models[field.related_model])]
        elif isinstance(field, StreamField):
            messages = []
            for number, child in enumerate(getattr(page, field.attname) or [], start=1):
                chosen = _chosen_in(child.block, child.value)
                kinds = {kind for kind, file in chosen if file.collection_id not in allowed}
                messages += [_block_message(kind, number) for kind in sorted(kinds, reverse=True)]
            if messages:
                errors[field.name] = messages
    return errors
