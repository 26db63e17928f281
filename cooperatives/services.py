"""Writes that touch a cooperative and Oscar's partner together."""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from .models import Cooperative

Partner = get_model("partner", "Partner")


@transaction.atomic
def cooperative_register(
    *,
    name: str,
    registration_code: str,
    commune,
    status: str = Cooperative.Status.APPLIED,
    **details,
) -> Cooperative:
    """Create a cooperative together with the Oscar partner that sells for it."""
    partner = Partner.objects.create(name=name)
    cooperative = Cooperative(
        partner=partner,
        name=name,
        slug=_unique_slug(name),
        registration_code=registration_code,
        commune=commune,
        status=status,
        **details,
    )
    cooperative.full_clean()
    cooperative.save()
    return cooperative


@transaction.atomic
def cooperative_add_staff(*, cooperative: Cooperative, user) -> None:
    """Let a user run the cooperative's shop in Oscar's dashboard.

    Oscar restricts partner users to their partner's data only while they are
    not staff, so a cooperative's staff user must never be ``is_staff``.
    """
    if user.is_staff:
        raise ValueError("Staff users see every partner's data; they cannot be cooperative staff.")
    cooperative.partner.users.add(user)
    user.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("Đ", "D").replace("đ", "d"))[:180] or "htx"
    slug, n = base, 1
    while Cooperative.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
