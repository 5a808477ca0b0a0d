"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Screenshots of the key pages go to ./screenshots (ignored by git) to be looked at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("WORKSHIFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("WORKSHIFT_SCREENSHOTS", "screenshots"))


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `bash scripts/ensure-services.sh` (installs Debian's chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(live_server: Any) -> Any:
    """pytest-django's live server, with the whole URLconf imported before the first page opens.

    The URLconf imports every app's views and the API (numba, scikit-learn, ninja, Altair):
    about 20 s on a loaded machine. Without this, the server thread pays that on the first
    request, and the first `page.goto` of a session runs out of its 15 s while the server is
    still importing (a slow start, not a deadlock).
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
    return live_server


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    # a loaded machine may need longer: WORKSHIFT_BROWSER_TIMEOUT_MS
    context.set_default_timeout(int(os.environ.get("WORKSHIFT_BROWSER_TIMEOUT_MS", "15000")))
    # every Content-Security-Policy violation the page meets, for `csp_violations`
    context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', function (e) {"
        "  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') +"
        "    ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || ''));"
        "});"
    )
    page = context.new_page()
    page.csp_console = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda message: (
            page.csp_console.append(message.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def csp_violations(page: Any) -> Callable[[], list[str]]:
    """The Content-Security-Policy violations on the current page and in the console so far."""

    def collect() -> list[str]:
        return list(page.evaluate("window.__cspViolations || []")) + list(page.csp_console)

    return collect


@pytest.fixture
def login(page: Any, live_server: Any) -> Callable[[str, str], Any]:
    # the first request loads every URL module (numba, scipy...); on a busy machine that can take
    # longer than a page's timeout, so it happens here, before the browser waits on it
    import urllib.request

    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=180).read()

    def do_login(username: str, password: str) -> Any:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return do_login


@pytest.fixture
def shot(page: Any) -> Callable[[str], Path]:
    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pick_person(page: Any, field: str, typed: str, label: str) -> None:
    """Choose a person in a person picker the way a user does: type, arrow down to them, Enter."""
    box = page.locator(f"#id_{field}")
    box.click()
    search = box.get_attribute("hx-get").split("?")[0]  # people:search or the form's own search
    with page.expect_response(lambda r: search in r.url and "q=" in r.url):
        box.type(typed, delay=30)
    page.wait_for_selector(f"#id_{field}_options [role=option]")
    options = page.locator(f"#id_{field}_options [role=option]")
    index = next(i for i in range(options.count()) if label in options.nth(i).inner_text())
    for _ in range(index):
        box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_selector(f"[data-picker] .ws-picker-chip:has-text('{label}')")
