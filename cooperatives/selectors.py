from django.db.models import Count, Q

from .models import Application, Cooperative


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


def latest_application_of(user):
    return Application.objects.filter(applicant=user).select_related("commune__parent").order_by("-pk").first()


def open_application_of(user):
    return Application.objects.filter(applicant=user).exclude(status=Application.Status.APPROVED).first()


def applications_awaiting_review():
    return (
        Application.objects.filter(status=Application.Status.SUBMITTED)
        .select_related("commune__parent", "applicant")
        .annotate(document_count=Count("documents"))
        .order_by("submitted_at", "pk")
    )


def applications_for_review():
    return Application.objects.select_related("commune__parent", "applicant", "cooperative").prefetch_related(
        "documents", "decisions__officer"
    )


def cooperatives_for_registry():
    return Cooperative.objects.select_related("commune__parent").prefetch_related("decisions__officer").order_by(
        "status", "name"
    )
