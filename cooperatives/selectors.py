from django.db.models import Count, Q

from .models import Cooperative


def featured_cooperatives(*, limit):
    """Verified cooperatives with the most public products, for the home page."""
    return (
        Cooperative.objects.verified()
        .select_related("commune__parent")
        .annotate(
            product_count=Count(
                "partner__stockrecords",
                filter=Q(partner__stockrecords__product__is_public=True),
            )
        )
        .order_by("-product_count", "name")[:limit]
    )


def cooperatives_of_user(user):
    if not user.is_authenticated:
        return Cooperative.objects.none()
    return Cooperative.objects.filter(partner__users=user)
