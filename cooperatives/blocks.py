"""StreamField blocks of a cooperative's storefront, one template each."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=200, required=False)

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "cooperatives/blocks/gallery_image.html"


class CertificateBlock(blocks.StructBlock):
    """A certificate the cooperative holds (VietGAP, GlobalGAP, organic, OCOP…)."""

    name = blocks.CharBlock(label=_("certificate"), max_length=120, help_text=_("For example VietGAP or OCOP 4★."))
    number = blocks.CharBlock(label=_("certificate number"), max_length=60, required=False)
    issued_by = blocks.CharBlock(label=_("issued by"), max_length=200, required=False)
    valid_until = blocks.DateBlock(label=_("valid until"), required=False)
    document = DocumentChooserBlock(
        label=_("scan of the certificate"), required=False, help_text=_("A PDF or photo buyers may open.")
    )

    class Meta:
        icon = "success"
        label = _("Certificate")
        template = "cooperatives/blocks/certificate.html"
