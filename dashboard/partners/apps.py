"""Fork of oscar.apps.dashboard.partners: changing a partner (a cooperative's seller record) takes
``change_partner``; Oscar lets anyone who may view a partner post its form too."""

import oscar.apps.dashboard.partners.apps as apps


class PartnersDashboardConfig(apps.PartnersDashboardConfig):
    """Forked so that changing a partner (a cooperative's seller record) takes ``change_partner``:
    Oscar lets anyone who may view a partner post its form too."""

    name = "dashboard.partners"
