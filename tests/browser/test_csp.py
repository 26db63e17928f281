"""The Content-Security-Policy in a real browser: the site's own pages run no inline script and
break no rule of the policy, and their scripts still work (basket, checkout, dashboard menus)."""

import re

import pytest

from tests import factories
from tests.browser.journeys import enter_guest_details

LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline")
      + " in " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


KNOWN_SCRIPT_ERRORS: dict = {}


class PolicyWatch:
    """Every page's violations, script errors and unconverted inline start-up code."""

    def __init__(self, page):
        self.page = page
        self.problems = []
        self.headers = {}
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.on("pageerror", self._script_error)
        page.on("console", self._console)
        page.on("response", self._response)

    def _script_error(self, error):
        known = next((texts for path, texts in KNOWN_SCRIPT_ERRORS.items() if self.page.url.endswith(path)), ())
        if not any(text in str(error) for text in known):
            self.problems.append(f"{self.page.url}: script error {error}")

    def _console(self, message):
        if message.type == "error" and ("page_init" in message.text or "Content Security Policy" in message.text):
            self.problems.append(f"{self.page.url}: {message.text}")

    def _response(self, response):
        if response.request.resource_type == "document":
            self.headers[response.url] = response.headers.get("content-security-policy")

    def check(self):
        """Call on each page, once it has loaded."""
        self.page.wait_for_load_state("load")
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"{self.page.url}: {violation}")
        unconverted = self.page.locator("#unconverted-onbodyload")
        if unconverted.count():
            text = unconverted.text_content().strip()
            if text:
                self.problems.append(f"{self.page.url}: inline start-up code {text!r}")
        policy = self.headers.get(self.page.url)
        if not policy or "script-src 'self'" not in policy:
            self.problems.append(f"{self.page.url}: no Content-Security-Policy ({policy!r})")

    def visit(self, url):
        self.page.goto(url)
        self.check()


@pytest.fixture
def shop(live_site):
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    melon = factories.product(coop, title="Dưa lưới ruột cam", price=85000, is_flagship=True, image=factories.photo())
    storefront = factories.storefront(coop)
    batch = factories.batch(coop=coop, product_=melon, code="LO-0001-261120")
    factories.officer(email="canbo@example.com")
    return {"url": live_site.url, "coop": coop, "product": melon, "batch": batch, "storefront": storefront}


def sign_in(page, url, email):
    page.goto(url + "/en/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", "demo12345")
    with page.expect_navigation():
        page.locator("button[name=login_submit]").click()


def test_a_buyers_pages_and_guest_checkout_pass_the_policy(shop, desktop):
    url = shop["url"]
    watch = PolicyWatch(desktop)

    for path in ["/en/", "/", "/en/catalogue/", "/en/search/?q=dua", "/en/noi-san-xuat/", "/en/hop-tac-xa/"]:
        watch.visit(url + path)
    watch.visit(url + "/en" + shop["product"].get_absolute_url())
    desktop.locator("#add_to_basket_form button[type=submit]").click()
    desktop.locator(".alert-success").first.wait_for()
    watch.check()
    # The header's basket is a plain link (Oscar's "View basket" was an inline onclick).
    desktop.locator(".basket-mini > a[href$='/basket/']").click()
    desktop.wait_for_url(re.compile(r"/basket/$"))
    watch.check()
    assert "Dưa lưới ruột cam" in desktop.locator("#basket_formset").inner_text()

    desktop.locator("a[href$='/checkout/']").last.click()
    desktop.wait_for_url(re.compile(r"/checkout/"))
    watch.check()
    # Oscar's gateway script shows the password field only for "I have an account".
    desktop.check("input[name=options][value=existing]")
    assert desktop.locator("#id_password").is_enabled()
    desktop.check("input[name=options][value=anonymous]")
    assert desktop.locator("#id_password").is_disabled()
    enter_guest_details(desktop)
    watch.check()
    desktop.locator("#choose-delivery").click()
    desktop.wait_for_url(re.compile(r"/checkout/payment-details/"))
    watch.check()
    desktop.locator("#view_preview").click()
    desktop.wait_for_url(re.compile(r"/checkout/preview/"))
    watch.check()
    desktop.locator("#place-order").click()
    desktop.wait_for_url(re.compile(r"/checkout/thank-you/"))
    watch.check()

    for path in ["/en/trace/LO-0001-261120/", "/en/map/", "/en/feedback/", "/en/accounts/login/"]:
        watch.visit(url + path)
    watch.visit(url + "/en" + shop["storefront"].url)
    assert "HTX Dưa lưới Tân Thông Hội" in desktop.content()

    assert watch.problems == [], "\n".join(watch.problems)


def test_the_search_facets_open_on_a_wide_screen(shop, desktop):
    watch = PolicyWatch(desktop)
    watch.visit(shop["url"] + "/en/search/?q=dua")

    assert desktop.locator("#search-facets").get_attribute("open") is not None
    assert watch.problems == [], "\n".join(watch.problems)


def test_officers_dashboards_pass_the_policy_and_their_menus_work(shop, desktop):
    url = shop["url"]
    watch = PolicyWatch(desktop)
    sign_in(desktop, url, "canbo@example.com")

    watch.visit(url + "/en/dashboard/")
    menu = desktop.locator("#bottom_nav_bar .dropdown-toggle").first
    menu.click()
    desktop.locator("#bottom_nav_bar .dropdown-menu.show").wait_for()
    for path in [
        "/en/dashboard/orders/",
        "/en/dashboard/catalogue/",
        "/en/adoption/",
        "/en/feedback/summary/",
        "/en/cooperatives/review/",
        "/en/payments/statement/",
    ]:
        watch.visit(url + path)

    assert watch.problems == [], "\n".join(watch.problems)


def test_cooperative_staff_pages_pass_the_policy(shop, desktop):
    url = shop["url"]
    factories.cooperative_staff(shop["coop"], email="htx@example.com")
    watch = PolicyWatch(desktop)
    sign_in(desktop, url, "htx@example.com")

    for path in ["/en/dashboard/", "/en/dashboard/catalogue/", "/en/value-chains/", "/en/cooperatives/import/"]:
        watch.visit(url + path)
    watch.visit(url + f"/en/dashboard/catalogue/products/{shop['product'].pk}/")
    watch.visit(url + f"/en/value-chains/batches/{shop['batch'].pk}/labels/")
    # The label sheet's print button is wired by a static script, not an inline onclick.
    assert desktop.locator("button[data-action=print]").count() == 1

    assert watch.problems == [], "\n".join(watch.problems)


def test_a_page_inside_a_frame_of_another_site_is_refused(shop, desktop):
    response = desktop.request.get(shop["url"] + "/en/")

    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_buyers_account_pages_pass_the_policy(shop, desktop):
    url = shop["url"]
    factories.user(email="lan@example.com")
    watch = PolicyWatch(desktop)
    sign_in(desktop, url, "lan@example.com")

    for path in [
        "/en/accounts/profile/",
        "/en/accounts/profile/edit/",
        "/en/accounts/change-password/",
        "/en/accounts/orders/",
        "/en/accounts/addresses/",
        "/en/accounts/addresses/add/",
        "/en/accounts/emails/",
        "/en/accounts/notifications/inbox/",
        "/en/accounts/wishlists/",
    ]:
        watch.visit(url + path)
    # Oscar's form partial: "cancel" goes back through page_init.js (it was an inline onclick).
    watch.visit(url + "/en/accounts/profile/edit/")
    desktop.locator("a[data-action=history-back]").click()
    desktop.wait_for_url(re.compile(r"/en/accounts/wishlists/$"))

    assert watch.problems == [], "\n".join(watch.problems)
