"""Site-wide Wagtail pages."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from common.content_language import EnglishTitle, in_english, vietnamese_page_form

from .blocks import CampaignBlock


class HomePage(EnglishTitle, Page):
    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    featured = StreamField(
        [("campaign", CampaignBlock())],
        blank=True,
        verbose_name=_("current campaigns"),
        help_text=_("Shown on the home page above the flagship products, in this order."),
    )
    featured_en = StreamField(
        [("campaign", CampaignBlock())],
        blank=True,
        verbose_name=_("current campaigns in English"),
        help_text=_("Shown on /en/ in place of the campaigns above; left empty, /en/ shows those."),
    )

    featured_cooperatives = ParentalManyToManyField(
        "cooperatives.Cooperative",
        blank=True,
        related_name="+",
        verbose_name=_("featured cooperatives"),
        help_text=_(
            "Shown on the home page with their flagship products. "
            "When none is chosen, the cooperatives with the most products are shown."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("intro"),
        FieldPanel("featured"),
        FieldPanel("featured_cooperatives", widget=forms.CheckboxSelectMultiple),
        # English, for /en/: left empty, the English site shows the Vietnamese.
        FieldPanel("hero_title_en", heading=_("English hero title")),
        FieldPanel("intro_en", heading=_("English introduction")),
        FieldPanel("title_en"),
        FieldPanel("featured_en"),
    ]
    base_form_class = vietnamese_page_form()
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    latest_article_count = 3

    class Meta:
        verbose_name = _("home page")

    @property
    def shown_featured(self):
        return self.featured_en if in_english() and self.featured_en else self.featured

    def get_context(self, request, *args, **kwargs):
        # Imported here: Oscar's models are not loaded yet when this module is.
        from catalog.selectors import flagship_products
        from cooperatives.selectors import featured_cooperatives

        from .selectors import latest_articles

        context = super().get_context(request, *args, **kwargs)
        chosen = [cooperative.pk for cooperative in self.featured_cooperatives.all()] or None
        context["flagship_products"] = flagship_products(limit=8, cooperative_ids=chosen)
        context["cooperatives"] = featured_cooperatives(limit=6, chosen_ids=chosen)
        context["latest_articles"] = latest_articles(limit=self.latest_article_count)
        return context


from .pages import ArticleIndexPage, ArticlePage, TrainingLibraryPage, TrainingResourcePage  # noqa: E402, F401
