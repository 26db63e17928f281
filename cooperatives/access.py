"""Who sees which entries of the dashboard's menu."""

from oscar.apps.dashboard.nav import default_access_fn

OFFICER_URL_NAMES = {
    "cooperatives:review-queue",
    "cooperatives:registry",
    "payments:payouts",
    "payments:commission",
    "payments:transfers",
}
# Cooperative staff (Oscar partner users, never is_staff) import their products and read their statement;
# officers watch the imports and see every statement.
PARTNER_URL_NAMES = {"cooperatives:product-import", "payments:statement", "valuechains:index"}


DEPARTMENT_URL_NAMES = {"adoption:dashboard", "adoption:report", "feedback:summary"}


def dashboard_access_fn(user, url_name, url_args=None, url_kwargs=None):
    # Oscar's default only knows its own dashboard apps' URLs.
    if url_name == "security:two-factor":
        # Officers and cooperatives' staff (security.two_step.may_use_two_step), from the cached permissions.
        return user.is_staff or user.has_perm("partner.dashboard_access")
    if url_name in DEPARTMENT_URL_NAMES:
        from adoption.access import is_department_officer

        return is_department_officer(user)
    if url_name in OFFICER_URL_NAMES:
        return user.is_staff and user.has_perm("cooperatives.review_application")
    if url_name in PARTNER_URL_NAMES:
        is_officer = user.is_staff and user.has_perm("cooperatives.review_application")
        return is_officer or (not user.is_staff and user.has_perm("partner.dashboard_access"))
    if url_name in ("cooperatives:staff", "fulfilment:delivery-options"):
        return not user.is_staff and user.has_perm("partner.dashboard_access")
    return default_access_fn(user, url_name, url_args, url_kwargs)
