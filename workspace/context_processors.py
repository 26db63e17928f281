"""Which layout the pages staff share with officers extend.

The statement, staff, delivery options, value-chain and two-step sign-in pages existed before the
workspace and serve officers too. For a cooperative's staff they sit inside the workspace (its
header, menu and phone-first styles); for everyone else they keep Oscar's dashboard or shop layout.
Their templates say ``{% extends page_layout.dashboard %}`` (or ``.shop``) and this decides which.
"""

from functools import cached_property

from .access import cooperative_of_staff

# Each bridge extends the workspace layout and maps the block names of the layout it replaces.
WORKSPACE_LAYOUTS = {
    "dashboard": "workspace/bridges/dashboard.html",
    "shop": "workspace/bridges/shop.html",
}
OTHER_LAYOUTS = {
    "dashboard": "oscar/dashboard/layout.html",
    "shop": "oscar/layout.html",
}


class PageLayout:
    """Lazy: only a page that extends ``page_layout`` asks who the user is (and pays its queries)."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def in_workspace(self) -> bool:
        if getattr(self.request, "cooperative", None) is not None:
            return True
        cooperative = cooperative_of_staff(getattr(self.request, "user", None))
        if cooperative is None:
            return False
        # The workspace layout names the cooperative, as it does on the workspace's own pages.
        self.request.cooperative = cooperative
        return True

    def _layouts(self):
        return WORKSPACE_LAYOUTS if self.in_workspace else OTHER_LAYOUTS

    @property
    def dashboard(self) -> str:
        return self._layouts()["dashboard"]

    @property
    def shop(self) -> str:
        return self._layouts()["shop"]


def page_layout(request):
    return {"page_layout": PageLayout(request)}
