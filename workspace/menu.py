"""The workspace's menu: every page staff use, grouped the way staff think of their work (selling,
value chains, money, the cooperative, their own account). The bottom bar repeats the daily ones."""

from typing import NamedTuple

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .access import workspace_view


class Entry(NamedTuple):
    label: str
    hint: str
    url_name: str
    anchor: str = ""
    post: bool = False  # signing out is a small form (a POST), never a link


def section(title, *entries):
    return {"title": title, "entries": entries}


SECTIONS = (
    section(
        pgettext_lazy("workspace menu section", "Selling"),
        Entry(pgettext_lazy("workspace menu", "Orders"), _("Confirm, hand to shipper, delivered"), "workspace:orders"),
        Entry(pgettext_lazy("workspace menu", "Products"), _("Price, stock, photos, on sale"), "workspace:products"),
        Entry(_("Bulk import"), _("Many products at once from a spreadsheet"), "workspace:import"),
        Entry(pgettext_lazy("workspace menu", "Storefront"), _("Story, photos, contact"), "workspace:storefront"),
    ),
    section(
        pgettext_lazy("workspace menu section", "Value chains"),
        Entry(_("Contracts"), _("Buyers' contracts: versions and offers to answer"), "workspace:contracts"),
        Entry(_("Linkage models"), _("Who works with the cooperative"), "valuechains:index", "#linkage-models"),
        Entry(_("Raw-material areas"), _("Fields and farms that grow the produce"), "valuechains:index", "#areas"),
        Entry(_("Batches"), _("Harvests, QR codes and labels"), "valuechains:index", "#batches"),
    ),
    section(
        pgettext_lazy("workspace menu section", "Money"),
        Entry(_("Invoices"), _("Contract invoices: due, overdue, paid; monthly register"), "workspace:invoices"),
        Entry(_("Statement"), _("Money in and out, balance"), "payments:statement"),
        Entry(_("Sales summary"), _("Sales by month, best-selling products"), "dashboard:sales"),
    ),
    section(
        pgettext_lazy("workspace menu section", "Cooperative"),
        Entry(_("Staff"), _("Who helps run the shop, invitations"), "cooperatives:staff"),
        Entry(_("Delivery options"), _("Delivery fee and pickup"), "fulfilment:delivery-options"),
        Entry(_("Training"), _("The Department's classes: register staff, cancel"), "workspace:training"),
    ),
    section(
        pgettext_lazy("workspace menu section", "Account"),
        Entry(_("Two-step sign-in"), _("A code from your phone when signing in"), "security:two-factor"),
        Entry(_("Go to the shop"), _("See the market as buyers do"), "home-page"),
        Entry(_("Sign out"), "", "customer:logout", post=True),
    ),
)


@workspace_view
def more(request):
    sections = []
    for group in SECTIONS:
        entries = [{**entry._asdict(), "url": reverse(entry.url_name) + entry.anchor} for entry in group["entries"]]
        sections.append({"title": group["title"], "entries": entries})
    return render(request, "workspace/more.html", {"active": "more", "sections": sections})
