"""Wagtail pages of the cooperatives: the directory and each cooperative's storefront.

Imported at the end of models.py, where Django looks for models. A storefront is
created by approval (``storefronts.storefront_create``), never by hand in the admin;
its cooperative's staff edit it, and only it, in Wagtail's admin.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from common.content_language import EnglishTitle, vietnamese_page_form

from .blocks import CertificateBlock, GalleryImageBlock

# Image filters of the storefront's templates, prefetched by the selectors.
DIRECTORY_CARD_IMAGE = "fill-480x270"
STOREFRONT_HERO_IMAGE = "fill-1200x400"


class CooperativeDirectoryPage(EnglishTitle, Page):  # noqa: DJ008 (Wagtail's Page gives __str__)
    """Every verified cooperative's storefront, filterable by place, produce and certification."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("intro_en", heading=_("English introduction")),
        FieldPanel("title_en"),
    ]
    base_form_class = vietnamese_page_form()
    parent_page_types = ["marketplace.HomePage"]
    subpage_types = ["cooperatives.StorefrontPage"]
    max_count = 1
    page_size = 24

    class Meta:
        verbose_name = _("cooperative directory")

    def get_context(self, request, *args, **kwargs):
        from .directory import DirectoryFilterForm
        from .selectors import storefronts_for_directory

        context = super().get_context(request, *args, **kwargs)
        form = DirectoryFilterForm(request.GET)
        storefronts = storefronts_for_directory(directory=self, **form.filters())
        context["filter_form"] = form
        context["storefronts"] = Paginator(storefronts, self.page_size).get_page(request.GET.get("page"))
        return context


class StorefrontPermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        # Staff with change and publish permission could otherwise delete (or move)
        # their storefront; it leaves the shop when the cooperative is suspended.
        return self.user.is_superuser and super().can_delete(ignore_bulk=ignore_bulk)

    def can_copy(self):
        # A copy would belong to the same cooperative, which has exactly one storefront.
        return False


class StorefrontPage(Page):
    """A cooperative's own page: its story, photos and certificates, and its products live from Oscar."""

    cooperative = models.OneToOneField(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        related_name="storefront",
        verbose_name=_("cooperative"),
    )
    # The Wagtail group of the cooperative's staff and the collection their images go to;
    # set by storefront_create, never edited in the admin.
    editor_group = models.ForeignKey(
        "auth.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hero image"),
    )
    story = RichTextField(_("our story"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"])
    gallery = StreamField([("photo", GalleryImageBlock())], blank=True, verbose_name=_("gallery"))
    certifications = StreamField([("certificate", CertificateBlock())], blank=True, verbose_name=_("certificates"))

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        FieldPanel("hero_image"),
        FieldPanel("story"),
        FieldPanel("gallery"),
        FieldPanel("certifications"),
        # English, for /en/: left empty, the English site shows the Vietnamese.
        FieldPanel("tagline_en", heading=_("English tagline")),
        FieldPanel("story_en", heading=_("English story")),
    ]
    base_form_class = vietnamese_page_form()
    search_fields = Page.search_fields + [index.SearchField("tagline"), index.SearchField("story")]
    parent_page_types = ["cooperatives.CooperativeDirectoryPage"]
    subpage_types = []
    # Approval creates storefronts (with their permissions); nobody adds one by hand.
    is_creatable = False
    product_limit = 12

    class Meta:
        verbose_name = _("storefront")

    def permissions_for_user(self, user):
        return StorefrontPermissionTester(user, self)

    def clean(self):
        from .own_files import foreign_files_errors

        super().clean()
        # Checked by the editor's form and by every save_revision(), so on save and on publish.
        if errors := foreign_files_errors(self, self.collection):
            raise ValidationError(errors)

    def route(self, request, path_components):
        # A suspended or not yet verified cooperative has no public storefront;
        # its staff can still edit and preview it in the admin.
        if not self.cooperative.is_verified:
            raise Http404
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .selectors import storefront_cooperative, storefront_products

        context = super().get_context(request, *args, **kwargs)
        context["directory"] = self.get_parent()
        context["cooperative"] = storefront_cooperative(pk=self.cooperative_id)
        context["products"] = storefront_products(cooperative=context["cooperative"], limit=self.product_limit)
        return context
