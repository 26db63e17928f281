"""Checking each row of a product file against the catalogue.

Categories, certifications and communes are read once, before the first row, so
checking 10,000 rows runs the same few queries as checking one."""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from catalog.models import Certification, SellingUnit
from catalog.services import validate_vnd
from regions.models import AdministrativeUnit, Layout, Level

from .columns import COLUMNS_BY_KEY, fold
from .values import parse_month, parse_stars, parse_whole_number, parse_yes_no, split_codes

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

# The template's example row: refused, so that it is not imported by mistake.
EXAMPLE_SKU = "EXAMPLE-001"
COMMUNE_LEVELS = (Level.COMMUNE, Level.TOWNSHIP, Level.WARD)
# "Xã An Phú" is the commune "An Phú".
COMMUNE_PREFIXES = ("xã ", "thị trấn ", "phường ")
# Optional columns and the product field each fills.
PRODUCT_FIELDS = {
    "unit": "selling_unit",
    "description": "description",
    "is_flagship": "is_flagship",
    "ocop_stars": "ocop_stars",
    "origin_commune": "origin_commune",
}


@dataclass(slots=True)
class ProductRow:
    """A checked row: what to write for one product."""

    line: int
    sku: str
    title: str
    category: object
    price: Decimal
    stock: int
    # Product fields whose columns the file has; a column it lacks leaves the product's value alone.
    fields: dict
    # None when the file has no certifications column.
    certifications: list | None
    # The key of its photo in the ZIP of photos (photos.PhotoArchive), or None.
    photo: str | None = None


def _norm(text) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def category_index():
    categories = list(Category.objects.only("pk", "name", "path", "depth").order_by("path"))
    by_path = {category.path: category for category in categories}
    by_name, by_full_name = defaultdict(list), {}
    for category in categories:
        parts = [
            by_path[category.path[: depth * Category.steplen]].name
            for depth in range(1, category.depth + 1)
            if category.path[: depth * Category.steplen] in by_path
        ]
        category.import_full_name = " > ".join(parts)
        by_full_name[_norm(category.import_full_name)] = category
        by_name[_norm(category.name)].append(category)
    return by_name, by_full_name


def _commune_index():
    by_code, by_name = {}, defaultdict(list)
    units = AdministrativeUnit.objects.filter(level__in=COMMUNE_LEVELS).select_related("parent")
    # Codes and names of the units before the 2025 merger first: products name the commune they grew in.
    for unit in sorted(units, key=lambda unit: unit.layout != Layout.BEFORE_2025):
        by_code.setdefault(unit.code, unit)
        by_name[(unit.layout, _norm(unit.name))].append(unit)
        by_name[(unit.layout, _norm(unit.full_name))].append(unit)
    return by_code, by_name


def _unit_index():
    units = {}
    for value, label in SellingUnit.choices:
        units[fold(value)] = value
        for language in ("en", "vi"):
            with translation.override(language):
                units.setdefault(fold(label), value)
    return units


class RowValidator:
    def __init__(self, columns, photos=None):
        self.columns = set(columns)
        self.photos = photos
        # photo key -> the first line that uses it: a photo no row uses is refused (unmatched_photos)
        self.photo_lines = {}
        self.categories_by_name, self.categories_by_full_name = category_index()
        certifications = list(Certification.objects.all())
        # A code wins over another certification's name.
        self.certifications = {_norm(certification.name): certification for certification in certifications}
        self.certifications.update({_norm(certification.code): certification for certification in certifications})
        self.communes_by_code, self.communes_by_name = _commune_index()
        self.units = _unit_index()
        self.sku_lines = {}
        self.fields = {
            "sku": StockRecord._meta.get_field("partner_sku"),
            "price": StockRecord._meta.get_field("price"),
            "stock": StockRecord._meta.get_field("num_in_stock"),
            "title": Product._meta.get_field("title"),
        }

    def validate(self, line: int, values: dict) -> tuple[ProductRow | None, list[str]]:
        """The row to write, or None and what is wrong with it (one message per problem)."""
        self.problems = []
        sku = self._required(values, "sku")
        if sku:
            sku = self._field(sku, "sku")
        if sku == EXAMPLE_SKU:
            self._problem(
                "sku", _("%(column)s: this is the template's example row; delete it or fill in your product.")
            )
        elif sku and sku in self.sku_lines:
            self._problem(
                "sku", _("%(column)s: “%(value)s” is already used on line %(line)s of this file."),
                value=sku, line=self.sku_lines[sku],
            )
        elif sku:
            self.sku_lines[sku] = line
        title = self._required(values, "title")
        if title:
            title = self._field(title, "title")
        category = self._category(self._required(values, "category"))
        price = self._price(self._required(values, "price"))
        stock = self._stock(self._required(values, "stock"))
        fields = self._product_fields(values)
        certifications = self._certifications(values["certifications"]) if "certifications" in values else None
        photo = self._photo(values.get("photo", ""), sku, line)
        if self.problems:
            return None, self.problems
        return ProductRow(line, sku, title, category, price, stock, fields, certifications, photo), []

    def unmatched_photos(self) -> list[str]:
        """A message for each photo of the ZIP that no row took: probably a typo in a name or a code."""
        if self.photos is None:
            return []
        return [
            _("The photo %(name)s matches no row: name it after a product code, or write its name in the column "
              "“%(column)s”.") % {"name": self.photos.file_name(key), "column": COLUMNS_BY_KEY["photo"].name}
            for key in self.photos.entries
            if key not in self.photo_lines
        ]

    # --- helpers: each records its problems and returns the clean value or None

    def _problem(self, key, text, **params):
        self.problems.append(text % {"column": COLUMNS_BY_KEY[key].name, **params})

    def _required(self, values, key):
        value = values[key]
        if not value:
            self._problem(key, _("%(column)s is required."))
        return value

    def _field(self, value, key):
        """Run the model field's own checks (length, range) on a value."""
        try:
            self.fields[key].run_validators(value)
        except ValidationError as error:
            for message in error.messages:
                self._problem(key, _("%(column)s: %(message)s"), message=message)
            return None
        return value

    def _whole_number(self, text, key):
        try:
            return parse_whole_number(text)
        except ValueError:
            self._problem(
                key, _("%(column)s: “%(value)s” is not a whole number; write it like 150000 or 150.000."), value=text
            )
            return None

    def _price(self, text):
        if not text:
            return None
        number = self._whole_number(text, "price")
        if number is None:
            return None
        try:
            price = validate_vnd(number)
        except ValidationError as error:
            for message in error.messages:
                self._problem("price", _("%(column)s: %(message)s"), message=message)
            return None
        return self._field(price, "price")

    def _stock(self, text):
        if not text:
            return None
        number = self._whole_number(text, "stock")
        return None if number is None else self._field(number, "stock")

    def _category(self, text):
        if not text:
            return None
        key = " > ".join(_norm(part) for part in text.split(">"))
        category = self.categories_by_full_name.get(key)
        if category is not None:
            return category
        candidates = self.categories_by_name.get(key, [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            self._problem(
                "category",
                _("%(column)s: several categories are called “%(value)s”; write the full path, such as “%(example)s”."),
                value=text, example=candidates[0].import_full_name,
            )
        else:
            self._problem("category", _("%(column)s: the shop has no category “%(value)s”."), value=text)
        return None

    def _product_fields(self, values):
        fields = {}
        for key, name in PRODUCT_FIELDS.items():
            if key in values:
                fields[name] = getattr(self, f"_{key}")(values[key])
        if "season_start" in values or "season_end" in values:
            problems_before = len(self.problems)
            start = self._month(values.get("season_start", ""), "season_start")
            end = self._month(values.get("season_end", ""), "season_end")
            if (start is None) != (end is None) and len(self.problems) == problems_before:
                self._problem(
                    "season_start", _("Give both season months, or leave both empty for produce sold all year.")
                )
            fields["season_start"], fields["season_end"] = start, end
        return fields

    def _unit(self, text):
        if not text:
            return SellingUnit.KILOGRAM
        unit = self.units.get(fold(text))
        if unit is None:
            self._problem(
                "unit", _("%(column)s: “%(value)s” is not a selling unit; use one of %(choices)s."),
                value=text, choices=", ".join(SellingUnit.values),
            )
        return unit

    def _description(self, text):
        return text

    def _is_flagship(self, text):
        try:
            return parse_yes_no(text)
        except ValueError:
            self._problem("is_flagship", _("%(column)s: write “yes” or “no”, not “%(value)s”."), value=text)
            return False

    def _ocop_stars(self, text):
        try:
            return parse_stars(text)
        except ValueError:
            self._problem(
                "ocop_stars",
                _("%(column)s: “%(value)s” is not 3, 4 or 5; leave it empty when the product has no OCOP rating."),
                value=text,
            )
            return None

    def _month(self, text, key):
        try:
            return parse_month(text)
        except ValueError:
            self._problem(key, _("%(column)s: “%(value)s” is not a month; write a number from 1 to 12."), value=text)
            return None

    def _certifications(self, text):
        found, unknown = [], []
        for code in split_codes(text):
            certification = self.certifications.get(_norm(code))
            if certification is None:
                unknown.append(code)
            elif certification not in found:
                found.append(certification)
        if unknown:
            self._problem(
                "certifications",
                ngettext(
                    "%(column)s: no certification has the code %(codes)s.",
                    "%(column)s: no certifications have the codes %(codes)s.",
                    len(unknown),
                ),
                codes=", ".join(f"“{code}”" for code in unknown),
            )
        return found

    def _photo(self, text, sku, line):
        """The row's photo: the file its photo column names, else the one named after its code."""
        if text:
            if self.photos is None:
                self._problem("photo", _("%(column)s: “%(value)s” is named, but no ZIP of photos was uploaded."),
                              value=text)
                return None
            key = self.photos.named(text)
            if key is None:
                self._problem("photo", _("%(column)s: the ZIP of photos has no file “%(value)s”."), value=text)
                return None
        elif self.photos is not None and sku:
            keys = self.photos.for_code(sku)
            for key in keys:
                self.photo_lines.setdefault(key, line)
            if len(keys) > 1:
                self._problem(
                    "photo", _("%(column)s: several photos are named after the code “%(value)s”: %(names)s."),
                    value=sku, names=", ".join(self.photos.file_name(key) for key in keys),
                )
                return None
            if not keys:
                return None
            key = keys[0]
        else:
            return None
        self.photo_lines.setdefault(key, line)
        problem = self.photos.check(key)
        if problem:
            self._problem("photo", _("%(column)s: %(message)s"), message=problem)
            return None
        return key

    def _origin_commune(self, text):
        if not text:
            return None
        unit = self.communes_by_code.get(text)
        if unit is not None:
            return unit
        name = _norm(text)
        names = [name] + [name[len(prefix):] for prefix in COMMUNE_PREFIXES if name.startswith(prefix)]
        for layout in (Layout.BEFORE_2025, Layout.FROM_2025):
            candidates = {unit for name in names for unit in self.communes_by_name.get((layout, name), [])}
            if len(candidates) == 1:
                return candidates.pop()
            if candidates:
                self._problem(
                    "origin_commune",
                    _("%(column)s: several communes are called “%(value)s”; write its code instead."),
                    value=text,
                )
                return None
        self._problem(
            "origin_commune", _("%(column)s: there is no commune named or coded “%(value)s”."), value=text
        )
        return None
