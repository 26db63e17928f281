"""English text of the catalogue (django-modeltranslation): ``title_en``, ``name_en``… beside the
Vietnamese ``title_vi``, ``name_vi``. Reading ``product.title`` gives the page language's text, the
Vietnamese one when there is no English."""

from modeltranslation.translator import TranslationOptions, register
from oscar.core.loading import get_model

from .models import Certification, Product

Category = get_model("catalogue", "Category")


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Certification)
class CertificationTranslation(TranslationOptions):
    fields = ("name",)
