"""Site-wide content the department's editors run in Wagtail: news and stories, and the
training library for cooperative staff. Imported at the end of models.py, where Django
looks for models. Editing rights are Wagtail's own page permissions."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from common.content_language import EnglishTitle, in_english

from .blocks import ArticleBodyBlock

# Image filters of the list templates, prefetched by the selectors.
ARTICLE_CARD_IMAGE = "fill-480x270"


class ArticleIndexPage(EnglishTitle, Page):  # noqa: DJ008 (Wagtail's Page gives __str__)
    """News and stories from the cooperatives, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("title_en")]
    parent_page_types = ["marketplace.HomePage"]
    subpage_types = ["marketplace.ArticlePage"]
    max_count = 1
    page_size = 10

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import articles_for_index

        context = super().get_context(request, *args, **kwargs)
        articles = articles_for_index(index=self)
        context["articles"] = Paginator(articles, self.page_size).get_page(request.GET.get("page"))
        return context


class ArticlePage(EnglishTitle, Page):  # noqa: DJ008 (Wagtail's Page gives __str__)
    date = models.DateField(_("date"), default=datetime.date.today)
    intro = models.TextField(_("introduction"), max_length=500, help_text=_("One or two sentences for the lists."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    # English, for /en/: left empty, the English site shows the Vietnamese.
    intro_en = models.TextField(_("English introduction"), max_length=500, blank=True)
    body_en = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("English body"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("intro_en"), FieldPanel("body_en")],
            heading=_("English, for /en/ (optional)"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["marketplace.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")

    @property
    def shown_intro(self) -> str:
        return self.intro_en if in_english() and self.intro_en else self.intro

    @property
    def shown_body(self):
        return self.body_en if in_english() and self.body_en else self.body


class TrainingLibraryPage(Page):
    """Guides, documents and videos for cooperative staff (the plan's training strand)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["marketplace.HomePage"]
    subpage_types = ["marketplace.TrainingResourcePage"]
    max_count = 1
    page_size = 20

    class Meta:
        verbose_name = _("training library")

    def get_context(self, request, *args, **kwargs):
        from .selectors import training_resources

        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get("kind")
        if kind not in TrainingResourcePage.Kind.values:
            kind = None
        resources = training_resources(library=self, kind=kind)
        context["kind"] = kind
        context["kinds"] = TrainingResourcePage.Kind.choices
        context["resources"] = Paginator(resources, self.page_size).get_page(request.GET.get("page"))
        return context


class TrainingResourcePage(Page):
    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        DOCUMENT = "document", _("Document")
        VIDEO = "video", _("Video")

    summary = models.TextField(_("summary"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GUIDE, db_index=True)
    topic = models.CharField(
        _("topic"), max_length=100, blank=True, help_text=_("For example VietGAP, bookkeeping or e-commerce.")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    video_url = models.URLField(_("video address"), blank=True, help_text=_("For example a YouTube link."))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("kind"),
        FieldPanel("topic"),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("video_url")], heading=_("Resource")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("topic"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["marketplace.TrainingLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training resource")

    def clean(self):
        super().clean()
        if self.kind == self.Kind.VIDEO and not self.video_url:
            raise ValidationError({"video_url": _("A video needs its address.")})
        if self.kind != self.Kind.VIDEO and not self.document_id:
            raise ValidationError({"document": _("Choose the document staff will download.")})
