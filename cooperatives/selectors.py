from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from wagtail.images import get_image_model

from catalog.selectors import products_on_sale

from .models import Application, Cooperative, StaffInvitation
from .pages import DIRECTORY_CARD_IMAGE, StorefrontPage


def featured_cooperatives(*, limit, chosen_ids=None):
    """The verified cooperatives the editors chose for the home page, or else
    those with the most public products."""
    cooperatives = Cooperative.objects.verified()
    if chosen_ids:
        cooperatives = cooperatives.filter(pk__in=chosen_ids)
    return (
        cooperatives
        .select_related("commune__parent", "storefront")
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
    return (
        Application.objects.filter(applicant=user)
        .exclude(status__in=[Application.Status.APPROVED, Application.Status.REJECTED])
        .first()
    )


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


# --- Storefronts ---------------------------------------------------------------


def storefront_of(cooperative) -> StorefrontPage | None:
    return StorefrontPage.objects.filter(cooperative=cooperative).first()


def storefront_cooperative(*, pk):
    return Cooperative.objects.select_related("commune__parent").get(pk=pk)


def storefront_products(*, cooperative, limit):
    """What the cooperative has on sale, flagship products first."""
    return (
        products_on_sale()
        .filter(stockrecords__partner_id=cooperative.partner_id)
        .order_by("-is_flagship", "-rating", "title", "pk")[:limit]
    )


def storefronts_for_directory(*, directory, district=None, commune=None, category=None, certification=None):
    """Live storefronts of verified cooperatives, with what their cards show fetched up front.

    Produce and certification filters keep a cooperative that has a product on
    sale in that category (or a sub-category) carrying that certification."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=DIRECTORY_CARD_IMAGE)
    storefronts = (
        StorefrontPage.objects.child_of(directory)
        .live()
        .filter(cooperative__status=Cooperative.Status.VERIFIED)
        .select_related("cooperative__commune__parent", "hero_image")
        .prefetch_related(Prefetch("hero_image__renditions", queryset=renditions))
        .order_by("cooperative__name", "pk")
    )
    if district:
        storefronts = storefronts.filter(cooperative__commune__parent=district)
    if commune:
        storefronts = storefronts.filter(cooperative__commune=commune)
    if category or certification:
        products = products_on_sale().filter(stockrecords__partner_id=OuterRef("cooperative__partner_id"))
        if category:
            products = products.filter(categories__in=category.get_descendants_and_self())
        if certification:
            products = products.filter(certifications=certification)
        storefronts = storefronts.filter(Exists(products))
    return storefronts


# --- Staff ---------------------------------------------------------------------


def staff_of(cooperative):
    managers = set(cooperative.managers.values_list("pk", flat=True))
    members = list(cooperative.partner.users.order_by("email"))
    for member in members:
        member.is_cooperative_manager = member.pk in managers
    # An invitation whose inviter no longer manages the cooperative cannot be accepted: not listed.
    invitations = [
        i for i in cooperative.invitations.select_related("invited_by") if i.is_pending and i.invited_by_id in managers
    ]
    return {"members": members, "invitations": invitations}


def invitation_by_token(token):
    return StaffInvitation.objects.select_related("cooperative").filter(token=token).first()
