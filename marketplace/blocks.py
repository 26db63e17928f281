"""StreamField blocks of the site-wide pages (articles, home page campaigns), one template each."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "marketplace/blocks/heading.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "marketplace/blocks/paragraph.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=200, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "marketplace/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(
        label=_("attribution"), max_length=200, required=False, help_text=_("Who said it, for example a farmer.")
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "marketplace/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()


class CampaignBlock(blocks.StructBlock):
    """A current campaign on the home page (a harvest season, a trade fair, a promotion)."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(label=_("text"), max_length=400)
    link_page = blocks.PageChooserBlock(label=_("link to a page"), required=False)
    link_url = blocks.URLBlock(
        label=_("or link to an address"), required=False, help_text=_("Used when no page is chosen.")
    )
    link_text = blocks.CharBlock(label=_("link text"), max_length=60, required=False)
    image = ImageChooserBlock(label=_("image"), required=False)

    class Meta:
        icon = "pick"
        label = _("Campaign")
        template = "marketplace/blocks/campaign.html"
