"""Storefront services: approval gives a cooperative its storefront page, and its
staff a Wagtail group that may edit, preview and publish that page only and upload
images and documents into the cooperative's own collection only."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Site

from .models import Cooperative
from .pages import CooperativeDirectoryPage, StorefrontPage

DIRECTORY_SLUG = "hop-tac-xa"
# What the cooperative's group may do with its storefront page…
PAGE_PERMISSIONS = ["add", "change", "publish"]
# …and inside its collection (Wagtail's own image and document permissions).
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


@transaction.atomic
def directory_page_get_or_create() -> CooperativeDirectoryPage:
    """The directory page under the home page, created the first time it is needed.

    The home page is found as the default site's root (Wagtail's own record), not through the project's
    HomePage model: the project package sits above this app."""
    directory = CooperativeDirectoryPage.objects.first()
    if directory is None:
        # Page content is in the site's content language, whoever triggers this.
        with translation.override(settings.LANGUAGE_CODE):
            title = gettext("Cooperatives")
        directory = Site.objects.get(is_default_site=True).root_page.add_child(
            instance=CooperativeDirectoryPage(title=title, slug=DIRECTORY_SLUG)
        )
    return directory


@transaction.atomic
def storefront_create(*, cooperative: Cooperative) -> StorefrontPage:
    """Publish the cooperative's storefront and let its staff edit it in Wagtail's admin."""
    group = Group.objects.create(name=_group_name(cooperative))
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    collection = Collection.get_first_root_node().add_child(name=cooperative.name)
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )

    storefront = StorefrontPage(
        title=cooperative.name,
        slug=cooperative.slug,
        cooperative=cooperative,
        editor_group=group,
        collection=collection,
        story=f"<p>{escape(cooperative.description)}</p>" if cooperative.description else "",
        live=False,
    )
    directory_page_get_or_create().add_child(instance=storefront)
    storefront.save_revision().publish()
    for permission_type in PAGE_PERMISSIONS:
        GroupPagePermission.objects.create(group=group, page=storefront, permission_type=permission_type)

    group.user_set.add(*cooperative.partner.users.all())
    return storefront


def storefront_add_editor(*, cooperative: Cooperative, user) -> None:
    """A new staff member of the cooperative edits its storefront too (once it has one)."""
    group_id = StorefrontPage.objects.filter(cooperative=cooperative).values_list("editor_group", flat=True).first()
    if group_id:
        user.groups.add(group_id)


def _group_name(cooperative: Cooperative) -> str:
    # Group names are unique; two cooperatives may share a name, never a group.
    name = f"Storefront: {cooperative.name[:120]}"
    if Group.objects.filter(name=name).exists():
        name = f"{name} #{cooperative.pk}"
    return name


def storefront_remove_editor(*, cooperative: Cooperative, user) -> None:
    group_id = StorefrontPage.objects.filter(cooperative=cooperative).values_list("editor_group", flat=True).first()
    if group_id:
        user.groups.remove(group_id)
