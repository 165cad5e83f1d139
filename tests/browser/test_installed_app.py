"""The installed app, as a new user meets it: the wheel in a fresh venv, `coreg serve` started
from an empty directory on an empty numba cache (a first start), every page opened in
Chromium, and nothing but clean lines in the server's log.

The module's server is started once: its fixture records the first start as a visitor who
arrives at once sees it (the server's first answer, the waiting page, the landing page that
follows without anyone reloading), then the tests use the same server.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from installing import ROOT, Installed, clean_env

from browser.test_all_pages import READY
from dashboards.bench import server as bench
from dashboards.pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAITING = ".coreg-preparing"
PREPARED = re.compile(r"model ready in ([0-9.]+) s")
BAD_LOG_LINES = re.compile(r"Traceback|^ERROR|Exception", re.M)
FIRST_START_TIMEOUT_S = 900


@dataclass
class InstalledServer:
    installed: Installed
    port: int
    proc: subprocess.Popen
    log_path: Path
    numba_cache: str
    first_answer_s: float = 0.0
    ready_when_first_answered: bool = True
    waiting_page_seen: bool = False
    landing_usable_s: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def prepare_s(self) -> float | None:
        found = PREPARED.search(self.log())
        return float(found.group(1)) if found else None


def _first_answer(server: InstalledServer, t0: float) -> None:
    deadline = t0 + FIRST_START_TIMEOUT_S
    while time.perf_counter() < deadline:
        assert server.proc.poll() is None, f"`coreg serve` exited:\n{server.log()[-3000:]}"
        try:
            with urllib.request.urlopen(server.url + "/", timeout=5) as resp:
                if resp.status == 200:
                    server.first_answer_s = time.perf_counter() - t0
                    server.ready_when_first_answered = server.prepare_s() is not None
                    return
        except OSError:
            time.sleep(0.05)
    pytest.fail("`coreg serve` never answered")


@pytest.fixture(scope="module")
def installed_server(installed: Installed, browser, tmp_path_factory):
    """`coreg serve --port P` from the venv, in an empty directory, on an empty numba cache."""
    cache = tempfile.mkdtemp(prefix="numba-", dir=tmp_path_factory.mktemp("cache"))
    log_path = tmp_path_factory.mktemp("log") / "serve.log"
    port = bench.free_port()
    t0 = time.perf_counter()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [str(installed.script("coreg")), "serve", "--port", str(port)],
            cwd=installed.workdir, stdout=log, stderr=subprocess.STDOUT, text=True,
            start_new_session=True, env=bench.english(clean_env(COREG_CACHE_DIR=cache)),
        )
    server = InstalledServer(installed, port, proc, log_path, cache)
    try:
        _first_answer(server, t0)
        # a visitor who arrives at once: the waiting page, then the landing page on its own
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(server.url + "/", timeout=120000)
        page.locator(WAITING).or_(page.locator(READY["/"])).first.wait_for(timeout=120000)
        server.waiting_page_seen = page.locator(WAITING).count() > 0
        page.locator(READY["/"]).first.wait_for(timeout=FIRST_START_TIMEOUT_S * 1000)
        server.landing_usable_s = time.perf_counter() - t0
        context.close()
        yield server
    finally:
        bench.stop_server(proc)


def test_first_start_answers_at_once_says_it_is_preparing_and_then_opens_the_landing_page(installed_server):
    """On an empty cache the server answers before the model is ready, with a page that says the
    model is being prepared; the landing page then replaces it without anyone reloading; the
    compile time is in the log, and the first answer took a fraction of it."""
    s = installed_server
    prepare_s = s.prepare_s()
    assert prepare_s is not None, f"no compile time in the log:\n{s.log()[-3000:]}"
    assert not s.ready_when_first_answered
    assert s.waiting_page_seen
    assert s.first_answer_s < prepare_s, (s.first_answer_s, prepare_s)
    assert s.landing_usable_s > s.first_answer_s
    assert not BAD_LOG_LINES.search(s.log()), s.log()[-3000:]


def test_installed_package_serves_from_the_venv_not_the_checkout(installed_server):
    """The server runs the venv's `coreg`, whose Python imports the project from the venv."""
    site = installed_server.installed.site_packages()
    for name, file in installed_server.installed.imported_from().items():
        assert site in Path(file).resolve().parents, (name, file)
        assert ROOT not in Path(file).resolve().parents, (name, file)


@pytest.mark.parametrize("route", [route for _, route, _ in PAGES])
def test_every_page_of_the_installed_app_renders_without_a_server_error(installed_server, page, route):
    """Each page of the installed app shows its first result and the caveat, and the server logs
    no traceback or error while building and serving it."""
    before = len(installed_server.log())
    page.set_default_timeout(60000)
    page.goto(installed_server.url + route)
    page.locator(READY[route]).first.wait_for()
    page.locator(".caveat").first.wait_for()
    page.wait_for_timeout(500)  # anything the server logs after the first result
    new_lines = installed_server.log()[before:]
    assert not BAD_LOG_LINES.search(new_lines), new_lines[-3000:]


def test_installed_coreg_lists_the_library_and_runs_a_scenario_from_an_empty_directory(installed_server):
    """`coreg list` in an empty directory names every scenario of the checkout's library, and
    `coreg run tears_together` succeeds there (kernels from the server's cache) and writes nothing."""
    inst = installed_server.installed
    listed = inst.run([str(inst.script("coreg")), "list"])
    assert listed.returncode == 0, listed.stderr[-3000:]
    names = sorted(p.stem for p in (ROOT / "scenarios").glob("*.toml"))
    assert names and all(re.search(rf"^\s*{n}\b", listed.stdout, re.M) for n in names), listed.stdout
    ran = inst.run([str(inst.script("coreg")), "run", "tears_together", "--json"],
                   COREG_CACHE_DIR=installed_server.numba_cache)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert '"crying_min"' in ran.stdout
    assert list(inst.workdir.iterdir()) == []
