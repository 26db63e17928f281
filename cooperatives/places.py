"""Which verified cooperatives are in a place (the place pages, /noi-san-xuat/). Here in cooperatives,
above regions, so regions never imports cooperatives."""

from django.db.models import Count

from cooperatives.models import Cooperative


def cooperatives_in(units):
    """Verified cooperatives in any of ``units``, with their place and their storefront."""
    return (
        Cooperative.objects.verified()
        .filter(commune__in=units)
        .select_related("commune__parent", "storefront")
        .order_by("name", "pk")
    )


def cooperative_counts_by_place() -> dict[int, int]:
    """How many verified cooperatives are in each commune, by commune id (one query)."""
    return dict(
        Cooperative.objects.verified()
        .order_by()
        .values("commune_id")
        .annotate(n=Count("pk"))
        .values_list("commune_id", "n")
    )
