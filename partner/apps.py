"""Fork of oscar.apps.partner: only the strategy (partner/strategy.py), so that Oscar's basket, checkout and
order placement all follow the market's one "can be bought" rule (catalog/availability.py); models are Oscar's."""

import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked only for its strategy: what can be bought is decided by the
    market's rule (catalog/availability.py), so Oscar's basket, checkout and placement checks follow it."""

    name = "partner"
