import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked only for its strategy: what can be bought is decided by the
    market's rule (catalog/availability.py), so Oscar's basket, checkout and placement checks follow it."""

    name = "partner"
