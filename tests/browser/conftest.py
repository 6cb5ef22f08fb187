"""Real-browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live_server.

No browser is ever downloaded (no `playwright install`): Chromium is the system's /usr/bin/chromium (or the
path in ORGSITE_CHROMIUM). Without it, or without the playwright package, these tests skip and say why.
"""
import io
import os
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API keeps an asyncio event loop running in the test thread (for the whole session, since
# the browser is session-scoped). Django then sees a running loop and refuses ORM calls from that thread
# (SynchronousOnlyOperation): the demo loading below, the database flush after each live_server test, and
# every later test of the session. The loop only drives the browser and never runs Django code, so the
# check is safely off for the test process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ORGSITE_CHROMIUM") or "/usr/bin/chromium")
# The network is closed except localhost: nothing that phones home, no QUIC, no GPU.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 10_000
SERVER_IDLE_TIMEOUT_S = 30


def wait_until_the_live_server_is_idle():
    """Wait for the live server's request threads (socketserver's "process_request_thread") to end.

    On SQLite the test database lives in memory, and the live server's threads use the very connection object
    of the test thread (Django's connections_override). A request still running when a test ends (a heartbeat,
    a rendition being made, a page the browser had asked for before it closed) then shares its transaction
    state with the next test's flush or demo loading: interleaved atomic blocks can leave the connection in
    manual transaction mode for good, and every later test that saves fails ("on_commit() cannot be used in
    manual transaction management"). Once the browser context is closed its connections are closed too, so
    these threads end as soon as their request is answered.
    """
    deadline = time.monotonic() + SERVER_IDLE_TIMEOUT_S
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.name.endswith("(process_request_thread)"):
            thread.join(max(0.0, deadline - time.monotonic()))
    busy = [t.name for t in threading.enumerate() if t.name.endswith("(process_request_thread)") and t.is_alive()]
    assert not busy, f"the live server still answers requests after {SERVER_IDLE_TIMEOUT_S} s: {busy}"


@pytest.fixture(autouse=True)
def patient_expect():
    """Playwright's expect() waits up to 20 s in these tests (uploads, renditions and popups take longer than a page
    load on a busy machine), then its default again."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        yield
        return
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session; each test gets its own context and page."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
            "or set ORGSITE_CHROMIUM to a Chromium binary"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        pytest.skip(f"the playwright package is not importable ({error}): pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(transactional_db, live_server):
    """The live server with the demo loaded, committed so that the server thread sees it.

    Demo media are copied into the test's MEDIA_ROOT (the autouse `media_root` fixture). Django's live server
    serves MEDIA_URL from settings.MEDIA_ROOT itself, read at each request (LiveServerThread wraps the site in
    django.test.testcases._MediaFilesHandler), whatever SERVE_MEDIA and orgsite/urls.py say.
    """
    wait_until_the_live_server_is_idle()
    call_command("load_demo", "--no-user", verbosity=0, stdout=io.StringIO())
    return live_server


@pytest.fixture
def page(browser, site):
    """A fresh browser context and page on the live server; relative URLs in goto() resolve against it."""
    context = browser.new_context(
        base_url=site.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    # Closing fires the pages' "pagehide": the change form's presence script then says goodbye (sendBeacon). That
    # request must not reach the live server while the test's database is being flushed: nothing leaves now.
    context.route("**/*", lambda route: route.abort())
    context.close()
    # Requests sent before the route was set may still be running on the server: let them end before the
    # database is flushed.
    wait_until_the_live_server_is_idle()
    leave_the_connection_in_autocommit()


def leave_the_connection_in_autocommit():
    """Put the shared SQLite connection back in autocommit if a request that overlapped the test's own database
    work left it in manual transaction mode (see wait_until_the_live_server_is_idle), and say so: left as it is,
    every later test of the session that saves would fail, far from the cause."""
    import warnings

    from django.db import connection

    if not connection.in_atomic_block and not connection.get_autocommit():
        connection.set_autocommit(True)
        warnings.warn("a live-server request left the test database connection in manual transaction mode; "
                      "autocommit restored", RuntimeWarning, stacklevel=1)


@pytest.fixture
def axe():
    """``axe(page, options)`` injects axe-core into the page and returns axe.run's result.

    Skips when node_modules/axe-core is missing. Request it before ``page`` so the skip comes first.
    """
    if not AXE_JS.is_file():
        pytest.skip(f"axe-core is missing ({AXE_JS.relative_to(BASE_DIR)}): run npm ci (or make test with npm)")

    source = AXE_JS.read_text()

    def run(page, options):
        # Evaluated through the DevTools protocol, which the site's Content Security Policy does not govern:
        # an injected <script> tag would be refused like any inline script (script-src 'self').
        page.evaluate(f"{source}\n;undefined")
        return page.evaluate("options => axe.run(document, options)", options)

    return run


@pytest.fixture
def signed_in(page, site, make_staff):
    """The page, signed in to the admin as a superuser (a session cookie, as after signing in)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(make_staff("superuser", "tongbientap"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site.url}])
    return page
