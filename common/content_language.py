"""Content in two languages (django-modeltranslation, see the ``translation.py`` modules).

A translated field such as ``Product.title`` reads in the page's language, falling back to
Vietnamese, and django-modeltranslation *writes* it in the active language too. Our text is
Vietnamese first: the plain field always means the Vietnamese text and English goes in its own
``*_en`` field. So every write of content runs in Vietnamese, whatever the language of the page
or of the import that asked for it: ``in_vietnamese`` for services, ``VietnameseFieldsForm`` for
model forms (their initial values and what they write).
"""

import functools

from django.conf import settings
from django.db import models
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def in_vietnamese(func):
    """Run ``func`` with Vietnamese active, so translated fields read and write the Vietnamese text."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


class VietnameseFieldsForm:
    """A ModelForm mixin: translated fields show and save their Vietnamese text on an English page;
    their ``*_en`` fields are listed in the form beside them."""

    def __init__(self, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            super().__init__(*args, **kwargs)

    def _post_clean(self):
        with translation.override(settings.LANGUAGE_CODE):
            super()._post_clean()

    def save(self, *args, **kwargs):
        # Oscar's save() makes a new category's slug from its (Vietnamese) name.
        with translation.override(settings.LANGUAGE_CODE):
            return super().save(*args, **kwargs)


def with_vietnamese_columns(model, names) -> list[str]:
    """``names`` for a ``bulk_update``, with the Vietnamese column of each translated field:
    ``title`` is stored in ``title_vi`` (and in the original ``title`` column)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return list(names)
    return [*names, *(f"{name}_{settings.LANGUAGE_CODE}" for name in names if name in translated)]


def vietnamese_page_form():
    """Wagtail's page form, showing and saving the Vietnamese text of translated fields whatever
    the editor's admin language (a page's ``base_form_class``)."""
    from wagtail.admin.forms import WagtailAdminPageForm

    return type("VietnamesePageForm", (VietnameseFieldsForm, WagtailAdminPageForm), {})


def vietnamese_from_original(app_label: str, fields_by_model: dict[str, list[str]]):
    """A migration's operation: the text rows had before their fields were translated is the
    Vietnamese text (``title`` into ``title_vi``)."""
    from django.db import migrations, models

    def copy(apps, schema_editor):
        for model_name, names in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            model.objects.update(**{f"{name}_{settings.LANGUAGE_CODE}": models.F(name) for name in names})

    return migrations.RunPython(copy, migrations.RunPython.noop)


def text_shown(field_path: str):
    """``field_path``'s text as the page shows it, as a query expression to sort or read by: the
    active language's column, the Vietnamese one where that is empty (modeltranslation falls back on
    the model's attributes, not in SQL: a plain ``order_by("name")`` under /en/ sorts by ``name_en``,
    empty first)."""
    vietnamese = F(f"{field_path}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}")
    language = translation.get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE or language not in settings.MODELTRANSLATION_LANGUAGES:
        return vietnamese
    return Coalesce(NullIf(F(f"{field_path}_{language}"), Value("")), vietnamese, output_field=CharField())


def in_english() -> bool:
    """Whether the page is read in English (/en/)."""
    return (translation.get_language() or "") == "en"


class EnglishTitle(models.Model):
    """A page's English title for /en/ (Wagtail's own ``title`` is Vietnamese; its table is Wagtail's, so
    django-modeltranslation cannot add a column to it). Empty: /en/ shows the Vietnamese."""

    title_en = models.CharField(_("English title"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def shown_title(self) -> str:
        return self.title_en if in_english() and self.title_en else self.title

    @property
    def shown_seo_title(self) -> str:
        """The <title>: the English title on /en/ when there is one, else Wagtail's SEO title or title."""
        if in_english() and self.title_en:
            return self.title_en
        return self.seo_title or self.title
