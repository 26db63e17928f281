"""Site-wide Wagtail pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("hero_title"), FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        # Imported here: Oscar's models are not loaded yet when this module is.
        from catalog.selectors import flagship_products
        from cooperatives.selectors import featured_cooperatives

        context = super().get_context(request, *args, **kwargs)
        context["flagship_products"] = flagship_products(limit=8)
        context["cooperatives"] = featured_cooperatives(limit=6)
        return context
