"""Browser fixtures: one app server for the browser tests, Debian's Chromium, a page helper.

The app runs in a subprocess on a free localhost port (sessions are isolated, so the
tests share it); each test gets a fresh browser context, so a fresh Panel session per
page, and after each test the server is asked until every session of that test has
been discarded (Panel's per-session state is reset). Chromium comes from Debian
(``/usr/bin/chromium``): its absence is a failure, never a skip.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest

from dashboards.bench import server as bench

# the same Debian chromium and flags as the benchmark (no sandbox, headless, no background traffic)
CHROMIUM = bench.CHROMIUM
LAUNCH_ARGS = bench.CHROMIUM_ARGS
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is required for the browser tests: {CHROMIUM} is missing (apt-get install chromium)",
            pytrace=False,
        )
    return {"executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1400, "height": 900}, "accept_downloads": True}


@dataclass
class AppServer:
    port: int
    proc: object

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sessions(self) -> int:
        return bench.stats(self.port)["sessions"]


@pytest.fixture(scope="session")
def app_server():
    port = bench.free_port()
    proc = bench.start_server(port, lifetime_ms=300)
    yield AppServer(port, proc)
    bench.stop_server(proc)


@dataclass
class App:
    """A page of the app with everything it logged and requested."""

    page: object
    server: AppServer
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    def open(self, route: str = "/", ready: str | None = None):
        self.page.goto(self.server.url + route)
        # the Bokeh document exists once the websocket has opened and the session synced
        self.page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0", timeout=60000)
        if ready:
            self.page.locator(ready).first.wait_for(timeout=60000)
        return self.page

    def external_requests(self) -> list[str]:
        bad = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname not in {h.strip("[]") for h in LOCAL_HOSTS}:
                bad.append(url)
        return bad


@pytest.fixture
def app(page, app_server):
    helper = App(page=page, server=app_server)
    page.on("console", lambda msg: helper.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: helper.page_errors.append(str(exc)))
    page.on("request", lambda req: helper.requests.append(req.url))
    page.set_default_timeout(30000)
    yield helper
    assert helper.page_errors == [], f"uncaught errors in the page: {helper.page_errors}"


@pytest.fixture(autouse=True)
def _sessions_discarded_after_test(request):
    """After each test that used the server (its pages are closed by then), wait until its sessions are gone."""
    yield
    if "app_server" not in request.fixturenames:
        return
    server = request.getfixturevalue("app_server")
    deadline = time.monotonic() + 20
    while server.sessions() > 0 and time.monotonic() < deadline:
        time.sleep(0.1)
