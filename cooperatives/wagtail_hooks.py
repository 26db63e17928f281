"""Wagtail admin hooks for the cooperatives' storefronts."""

from wagtail import hooks

from accounts import roles

from .pages import StorefrontPage

PUBLISH_ACTION = "action-publish"


@hooks.register("construct_page_action_menu")
def publish_first_for_cooperative_staff(menu_items, request, context):
    """Cooperative staff editing their storefront get "Đăng" (publish) as the main button: Wagtail puts
    "Save draft" first and hides publishing behind the arrow, where staff did not find it."""
    page = context.get("page")
    if not isinstance(page, StorefrontPage) or not roles.is_cooperative_staff(request.user):
        return
    publish = next((item for item in menu_items if item.name == PUBLISH_ACTION), None)
    if publish is not None:
        menu_items.remove(publish)
        menu_items.insert(0, publish)
