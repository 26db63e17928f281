"""Place pages: the districts, each district and commune with its cooperatives and products.

Views parse the address and call the selectors; every page runs a fixed number of queries. They live in
cooperatives, above regions and catalog, because they list both apps' data (URLs: cooperatives/place_urls.py)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from catalog.place_products import product_counts_by_place, products_from
from cooperatives.places import cooperative_counts_by_place, cooperatives_in
from regions import selectors


class PlaceIndexView(TemplateView):
    template_name = "regions/place_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["districts"] = selectors.districts_with_counts(
            product_counts=product_counts_by_place(), cooperative_counts=cooperative_counts_by_place()
        )
        return context


class PlaceView(ListView):
    """A place and what comes from it: its cooperatives, and its products a page at a time."""

    template_name = "regions/place.html"
    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    kind = ""

    def get(self, request, *args, **kwargs):
        self.place = self.get_place()
        if self.place is None:
            # A name of the other (2025) layout leads to that unit's page.
            slug = self.get_2025_slug()
            if slug and selectors.unit_2025_by_slug(slug) is not None:
                return redirect("places:unit-2025", unit=slug, permanent=True)
            raise Http404(_("No such place."))
        self.units = self.get_units()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return products_from(self.units)

    def get_2025_slug(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(place=self.place, kind=self.kind, cooperatives=cooperatives_in(self.units))
        return context


class DistrictView(PlaceView):
    kind = "district"

    def get_place(self):
        return selectors.district_by_slug(self.kwargs["district"])

    def get_2025_slug(self):
        # /noi-san-xuat/tan-nhut/: a 2025 commune typed where a district goes.
        return self.kwargs["district"]

    def get_units(self):
        self.communes = selectors.communes_of(self.place)
        return [self.place, *self.communes]

    def get_context_data(self, **kwargs):
        return super().get_context_data(communes=self.communes, **kwargs)


class CommuneView(PlaceView):
    kind = "commune"

    def get_place(self):
        return selectors.commune_by_slugs(self.kwargs["district"], self.kwargs["commune"])

    def get_2025_slug(self):
        # /noi-san-xuat/cu-chi/tan-an-hoi/: a 2025 commune under its old district.
        return self.kwargs["commune"]

    def get_units(self):
        return [self.place]

    def get_context_data(self, **kwargs):
        return super().get_context_data(successors=selectors.successors_of(self.place), **kwargs)


class Unit2025View(PlaceView):
    """A commune (or ward) of the 2025 layout, shown as the old communes it took in."""

    kind = "unit-2025"

    def get_place(self):
        return selectors.unit_2025_by_slug(self.kwargs["unit"])

    def get_units(self):
        self.predecessors = selectors.predecessors_of(self.place)
        return [self.place, *self.predecessors]

    def get_context_data(self, **kwargs):
        return super().get_context_data(predecessors=self.predecessors, **kwargs)
