"""Who sees which entries of the dashboard's menu."""

from oscar.apps.dashboard.nav import default_access_fn

from accounts import roles

OFFICER_URL_NAMES = {
    "cooperatives:review-queue",
    "cooperatives:registry",
    "organisations:review-queue",
    "contracts:officer-contracts",
    "payments:payouts",
    "payments:commission",
    "payments:transfers",
    "fulfilment:buyer-texts",
    "training:manage",
}
# Cooperative staff (Oscar partner users, never is_staff) import their products and read their statement;
# officers watch the imports and see every statement.
PARTNER_URL_NAMES = {"cooperatives:product-import", "payments:statement", "valuechains:index"}


DEPARTMENT_URL_NAMES = {"adoption:dashboard", "adoption:report", "feedback:summary"}


def dashboard_access_fn(user, url_name, url_args=None, url_kwargs=None):
    # Oscar's default only knows its own dashboard apps' URLs.
    if url_name == "security:two-factor":
        # Officers and cooperatives' staff (security.two_step.may_use_two_step), from the cached permissions.
        return roles.uses_dashboard(user)
    if url_name in DEPARTMENT_URL_NAMES:
        return roles.is_officer(user)
    if url_name in OFFICER_URL_NAMES:
        return roles.is_officer(user)
    if url_name in PARTNER_URL_NAMES:
        return roles.uses_dashboard(user)
    if url_name in ("cooperatives:staff", "fulfilment:delivery-options"):
        return roles.is_cooperative_staff(user)
    return default_access_fn(user, url_name, url_args, url_kwargs)
