"""Editing a storefront outside Wagtail's admin (the cooperative workspace), with Wagtail as the store.

Every change becomes a draft revision of the page (``save_revision``), built on the latest revision,
so drafts made here and in /cms/ follow one another and the live page changes only when a revision
is published. Photos and certificate scans are uploaded into the storefront's own collection, where
``StorefrontPage.clean`` (cooperatives/own_files.py) expects them.

The contact (phone, e-mail, address) belongs to the cooperative, not to the page: it is saved on
the cooperative at once, since the storefront, the order pages and the directory all read it there.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.db import transaction
from django.utils.html import escape, strip_tags
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from common.content_language import in_vietnamese
from common.uploads import document_checked, product_image_checked

from .models import Cooperative
from .pages import StorefrontPage

CONTACT = ["phone", "email", "address"]
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(p|h3|li)>", re.IGNORECASE)


@dataclass(frozen=True)
class NewPhoto:
    file: object
    caption: str = ""


@dataclass(frozen=True)
class NewCertificate:
    name: str
    number: str = ""
    file: object | None = None


def story_as_text(story_html: str) -> str:
    """The story as plain paragraphs (one blank line between them), the way the workspace shows it."""
    marked = _BLOCK_END.sub("\n\n", _LINE_BREAK.sub("\n", story_html or ""))
    paragraphs = [unescape(strip_tags(part)).strip() for part in marked.split("\n\n")]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def story_as_html(text: str) -> str:
    """Plain text typed on a phone as the rich text Wagtail stores: a paragraph per blank-line block."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in block.split("\n")) + "</p>" for block in blocks
    )


def storefront_for_editing(cooperative: Cooperative) -> StorefrontPage | None:
    """The cooperative's storefront with what the editor reads of it (its latest revision) joined."""
    return StorefrontPage.objects.select_related("latest_revision", "locale").filter(cooperative=cooperative).first()


def storefront_draft(storefront: StorefrontPage) -> StorefrontPage:
    """What the page will look like once published: the latest revision (a draft, or the live page)."""
    revision = storefront.latest_revision
    if not storefront.has_unpublished_changes or revision is None:
        return storefront
    # Wagtail's revision.as_object() would fetch the page again; this one is at hand.
    return storefront.with_content_json(revision.content)


@in_vietnamese
def storefront_texts(draft: StorefrontPage) -> dict:
    """The tagline and story (as plain paragraphs) the workspace edits, in Vietnamese whatever the
    page's language, and their English (empty: /en/ shows the Vietnamese)."""
    return {
        "tagline": draft.tagline,
        "story": story_as_text(str(draft.story)),
        "tagline_en": draft.tagline_en or "",
        "story_en": story_as_text(draft.story_en or ""),
    }


def _story_set(draft: StorefrontPage, field: str, text: str) -> None:
    # The story is kept as it is (with any formatting made in /cms/) unless its words were changed.
    if story_as_text(story_as_html(text)) != story_as_text(str(getattr(draft, field) or "")):
        html = story_as_html(text)
        # An empty English story is stored as nothing, so that /en/ falls back to the Vietnamese.
        setattr(draft, field, html or None if field == "story_en" else html)


@in_vietnamese
def _texts_set(draft: StorefrontPage, *, story_text: str, tagline: str, story_en: str, tagline_en: str) -> None:
    _story_set(draft, "story", story_text)
    draft.tagline = tagline.strip()
    _story_set(draft, "story_en", story_en)
    draft.tagline_en = tagline_en.strip() or None


@transaction.atomic
def storefront_draft_save(
    *,
    storefront: StorefrontPage,
    user,
    story_text: str,
    tagline: str,
    story_en: str = "",
    tagline_en: str = "",
    new_photos: list[NewPhoto] = (),
    new_certificates: list[NewCertificate] = (),
    removed_block_ids: set[str] = frozenset(),
):
    """Save the workspace's edits as a new draft revision; the live page stays as it is.

    Uploads are checked by content (``common.uploads``) and raise ``ValidationError`` before
    anything is written; the whole save is one transaction. The first photo of a storefront without
    a cover photo becomes its cover (the hero image), so a new page does not stay bare."""
    # Every upload is checked before anything is written (no image saved for a refused certificate).
    for photo in new_photos:
        product_image_checked(photo.file)
    for certificate in new_certificates:
        if certificate.file is not None:
            document_checked(certificate.file)
    draft = storefront_draft(storefront)
    _texts_set(draft, story_text=story_text, tagline=tagline, story_en=story_en, tagline_en=tagline_en)
    for stream in (draft.gallery, draft.certifications):
        # Deleting in place keeps the other blocks' ids, which a form open elsewhere may name.
        for index in reversed(range(len(stream))):
            if stream[index].id in removed_block_ids:
                del stream[index]
    for photo in new_photos:
        image = _image_create(storefront=storefront, user=user, upload=photo.file, title=photo.caption)
        draft.gallery.append(("photo", {"image": image, "caption": photo.caption.strip()}))
        if draft.hero_image_id is None:
            draft.hero_image = image
    for certificate in new_certificates:
        document = None
        if certificate.file is not None:
            document = _document_create(
                storefront=storefront, user=user, upload=certificate.file, title=certificate.name
            )
        draft.certifications.append(
            (
                "certificate",
                {
                    "name": certificate.name.strip(),
                    "number": certificate.number.strip(),
                    "issued_by": "",
                    "valid_until": None,
                    "document": document,
                },
            )
        )
    return draft.save_revision(user=user, log_action=True)


@transaction.atomic
def storefront_publish(*, storefront: StorefrontPage, user):
    """Publish the latest revision (the draft saved here or in /cms/): the public page shows it."""
    revision = storefront.get_latest_revision()
    revision.publish(user=user)
    return revision


@transaction.atomic
def cooperative_contact_update(
    *, cooperative: Cooperative, phone: str, email: str, address: str, tax_code: str | None = None
) -> Cooperative:
    """The contact buyers read, and the tax code invoices print (unchanged when ``tax_code`` is None; the
    caller has checked its digits)."""
    cooperative.phone = phone.strip()
    cooperative.email = email.strip()
    cooperative.address = address.strip()
    fields = list(CONTACT)
    if tax_code is not None:
        cooperative.tax_code = tax_code.strip()
        fields.append("tax_code")
    # Only the contact is checked: a delivery setting left incomplete elsewhere must not stop the story.
    cooperative.clean_fields(exclude=[field.name for field in Cooperative._meta.fields if field.name not in fields])
    cooperative.save(update_fields=fields)
    return cooperative


def _image_create(*, storefront, user, upload, title):
    image = get_image_model()(
        title=(title or upload.name)[:255], collection=storefront.collection, uploaded_by_user=user
    )
    image.file = product_image_checked(upload)
    image._set_image_file_metadata()
    image.save()
    return image


def _document_create(*, storefront, user, upload, title):
    document = get_document_model()(title=title[:255], collection=storefront.collection, uploaded_by_user=user)
    document.file = document_checked(upload)
    document._set_document_file_metadata()
    document.save()
    return document


@dataclass(frozen=True)
class DraftItem:
    """A photo or certificate of the draft, as the workspace lists it."""

    block_id: str
    label: str
    image: object = None
    document: object = None


def storefront_draft_items(draft: StorefrontPage, *, thumbnail: str) -> tuple[list[DraftItem], list[DraftItem]]:
    """The draft's photos (their images fetched with the thumbnail's rendition) and certificates
    (their scans), in a fixed number of queries however many there are."""
    photos_raw = list(draft.gallery.raw_data)
    certificates_raw = list(draft.certifications.raw_data)
    images = (
        get_image_model()
        .objects.filter(pk__in=[item["value"].get("image") for item in photos_raw if item["value"].get("image")])
        .prefetch_renditions(thumbnail)
        .in_bulk()
    )
    documents = get_document_model().objects.in_bulk(
        [item["value"].get("document") for item in certificates_raw if item["value"].get("document")]
    )
    photos = [
        DraftItem(item["id"], item["value"].get("caption") or "", image=images.get(item["value"].get("image")))
        for item in photos_raw
    ]
    certificates = [
        DraftItem(
            item["id"],
            " ".join(filter(None, [item["value"].get("name"), item["value"].get("number")])),
            document=documents.get(item["value"].get("document")),
        )
        for item in certificates_raw
    ]
    return photos, certificates
