"""Reads of the site-wide pages, with what their lists show fetched up front."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from .pages import ARTICLE_CARD_IMAGE, ArticlePage, TrainingResourcePage


def _articles():
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=ARTICLE_CARD_IMAGE)
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("hero_image")
        .prefetch_related(Prefetch("hero_image__renditions", queryset=renditions))
        .order_by("-date", "-first_published_at", "-pk")
    )


def articles_for_index(*, index):
    """The index's published articles, newest first."""
    return _articles().child_of(index)


def latest_articles(*, limit):
    return _articles()[:limit]


def training_resources(*, library, kind=None):
    """The library's published resources, newest first, of one kind if given."""
    resources = (
        TrainingResourcePage.objects.child_of(library)
        .live()
        .public()
        .select_related("document")
        .order_by("-first_published_at", "-pk")
    )
    if kind:
        resources = resources.filter(kind=kind)
    return resources
