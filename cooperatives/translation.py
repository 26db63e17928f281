"""English text of the cooperatives' public pages (django-modeltranslation), see catalog/translation.py."""

from modeltranslation.translator import TranslationOptions, register

from .models import Cooperative
from .pages import CooperativeDirectoryPage, StorefrontPage


@register(Cooperative)
class CooperativeTranslation(TranslationOptions):
    fields = ("description",)


@register(StorefrontPage)
class StorefrontPageTranslation(TranslationOptions):
    fields = ("tagline", "story")


@register(CooperativeDirectoryPage)
class CooperativeDirectoryPageTranslation(TranslationOptions):
    fields = ("intro",)
