import os

import pytest

from tests.conftest import make_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told it is safe (it is: the
# loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_site(transactional_db, live_server):
    make_site()
    return live_server


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(60_000)  # generous: a loaded 2-core machine is slow, not broken
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)  # generous: a loaded 2-core machine is slow, not broken
    yield page
    context.close()


@pytest.fixture
def audited_phone(browser):
    """A 360×780 phone whose pages axe-core may be injected into (tests/browser/audits.py)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
