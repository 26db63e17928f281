"""English text of the site's pages (django-modeltranslation), see catalog/translation.py."""

from modeltranslation.translator import TranslationOptions, register

from .models import HomePage


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("hero_title", "intro")
