"""First start and serving options, without a browser: the waiting page until the model is
ready, the background preparation and its log line, several processes, and `--show` on a
machine without a desktop. (The browser sees a real first start in
tests/browser/test_installed_app.py.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import pytest
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards import app, warmup


@pytest.fixture
def fresh_state(monkeypatch):
    """A model-readiness state of its own (the module's is shared by the whole process)."""
    monkeypatch.setattr(warmup, "_ready", threading.Event())
    monkeypatch.setattr(warmup, "_population", threading.Event())
    monkeypatch.setattr(warmup, "_status", {"seconds": None, "error": None})
    monkeypatch.setattr(warmup, "_helper", None)
    return warmup


def _page_text(route: str) -> str:
    doc = Document()
    with set_curdoc(doc):
        root = app.routes()[route]()
        root.server_doc(doc)
    return " ".join(str(getattr(m, "text", "")) for m in doc.models)


def test_sessions_get_the_waiting_page_until_the_model_is_ready_then_the_real_page(fresh_state):
    """Before the model is ready every route serves the page saying it is being prepared; once
    it is ready the same route serves the real page (with the caveat, not the waiting text)."""
    for route in ("/", "/about"):
        assert "Preparing the model" in _page_text(route)
    fresh_state.mark_ready()
    real = _page_text("/")
    assert "Preparing the model" not in real
    assert "not advice" in real


def test_the_waiting_page_switches_to_its_reloading_message_only_once_the_model_is_ready(fresh_state):
    """The waiting page's check leaves it alone while the model is prepared, then changes its
    message (the change that makes the browser reload into the real page)."""
    page = fresh_state.WaitingPage()
    assert page.check() is False
    assert page.view.object == fresh_state.waiting_html()
    fresh_state.mark_ready()
    assert page.check() is True
    assert page.view.object == fresh_state.ready_html()


def test_the_waiting_page_touches_no_model_module():
    """Building the waiting page imports nothing of sim/ beyond what importing the app already
    did (a session arriving during the compile must not wait on the compiling thread's modules)."""
    code = (
        "import sys; from bokeh.document import Document; from panel.io.state import set_curdoc\n"
        "from dashboards import app\n"
        "before = {m for m in sys.modules if m.startswith('sim')}\n"
        "doc = Document()\n"
        "with set_curdoc(doc): app.waiting_app('compare').server_doc(doc)\n"
        "print(sorted({m for m in sys.modules if m.startswith('sim')} - before))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_serving_process_loads_the_model_only_after_the_compiling_helper_finished(fresh_state, monkeypatch):
    """On a first start a serving process waits for the one helper that compiles the kernels and
    then loads them from the cache, rather than compiling alongside it (two compiles on two
    cores each took about twice as long: 210-263 s against 114 s, measured)."""
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1.5)"])
    monkeypatch.setattr(fresh_state, "_helper", helper)
    monkeypatch.setattr(fresh_state, "_helper_owner", os.getpid())
    monkeypatch.setattr(fresh_state, "kernels_cached", lambda stage="pages": False)
    loaded = []
    monkeypatch.setattr(fresh_state, "warm_up", lambda stage="pages": loaded.append(helper.poll()))
    fresh_state.prepare()
    assert loaded == [0]  # loaded once, after the helper had exited cleanly


def test_the_pages_open_as_soon_as_their_kernels_are_cached_not_the_population_kernel(fresh_state, monkeypatch):
    """A first start loads the pages' kernels as soon as the helper has cached them, without
    waiting for the population kernel it compiles next: the model is marked ready (every page
    opens) while the population kernel is still being prepared, and the Population page's wait
    ends when it is."""
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    monkeypatch.setattr(fresh_state, "_helper", helper)
    monkeypatch.setattr(fresh_state, "_helper_owner", os.getpid())
    cached = {"pages": True, "population": False}
    monkeypatch.setattr(fresh_state, "kernels_cached", lambda stage="pages": cached[stage])
    loaded = []
    monkeypatch.setattr(fresh_state, "warm_up", lambda stage="pages": loaded.append(stage))
    try:
        thread = fresh_state.start()
        assert fresh_state._ready.wait(10)  # the helper still compiles the population kernel
        assert loaded == ["pages"] and not fresh_state.population_ready(0.3)
        cached["population"] = True
        assert fresh_state.population_ready(10) and loaded == ["pages", "population"]
        thread.join(10)
    finally:
        helper.kill()


def test_a_forked_serving_process_sees_when_the_helper_has_finished(fresh_state, monkeypatch):
    """In a process forked after the helper started (not its parent), the helper counts as running
    until it has exited and been reaped by the parent that watches the serving processes."""
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.5)"])
    monkeypatch.setattr(fresh_state, "_helper", helper)
    monkeypatch.setattr(fresh_state, "_helper_owner", -1)  # as seen from a forked child
    assert fresh_state.helper_running() is True
    helper.wait()  # what the watching parent does
    assert fresh_state.helper_running() is False


def test_preparation_runs_in_the_background_logs_its_time_and_marks_the_model_ready(fresh_state, capfd):
    """start() returns at once; the work runs in a thread; when done the model is ready and the
    log says how long it took."""
    release = threading.Event()
    thread = fresh_state.start(work=lambda: release.wait(10), then=lambda: None)
    assert not fresh_state.is_ready()  # start() did not wait for the work
    release.set()
    thread.join(10)
    assert fresh_state.is_ready()
    assert fresh_state.seconds() is not None and fresh_state.seconds() >= 0
    err = capfd.readouterr().err
    assert "preparing the model" in err and "model ready in" in err


def test_a_failed_preparation_is_logged_and_the_pages_still_open(fresh_state, capfd):
    """If preparing the model fails, the log says why and the pages are served anyway (each shows
    its own message) rather than waiting forever."""

    def broken() -> None:
        raise RuntimeError("no compiler here")

    fresh_state.start(work=broken, then=lambda: None).join(10)
    assert fresh_state.is_ready()
    assert "no compiler here" in capfd.readouterr().err


def test_show_without_a_desktop_says_where_to_go_and_starts_no_browser(monkeypatch, capfd):
    """`--show` on Linux with no display starts no (terminal) browser and prints the address."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    called = []
    monkeypatch.setattr(app.webbrowser, "open", lambda *a, **k: called.append(a) or True)
    app.open_browser("http://localhost:5006/").join(10)
    assert called == []
    assert "open http://localhost:5006/ in a browser" in capfd.readouterr().err


def test_show_with_a_broken_browser_never_fails(monkeypatch, capfd):
    """A desktop whose browser cannot be started: the server goes on and prints the address."""
    monkeypatch.setenv("DISPLAY", ":0")

    def broken(*args, **kwargs):
        raise OSError("no browser")

    monkeypatch.setattr(app.webbrowser, "open", broken)
    app.open_browser("http://localhost:5006/").join(10)
    assert "open http://localhost:5006/ in a browser" in capfd.readouterr().err


def test_procs_below_one_is_refused_with_a_message():
    """`python -m dashboards.app --procs 0` exits with status 2 and names the option."""
    done = subprocess.run([sys.executable, "-m", "dashboards.app", "--procs", "0"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "--procs" in done.stderr and "Traceback" not in done.stderr


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
def test_two_processes_each_prepare_the_model_answer_and_stop_with_their_parent():
    """`--procs 2` serves from two processes (distinct pids behind one port), each of which
    prepares its own model after the fork and reports itself ready; stopping only the parent
    (as `kill PID` does) stops both within seconds."""
    from dashboards.bench import server as bench

    port = bench.free_port()
    proc = bench.start_server(port, procs=2)
    seen: dict[int, dict] = {}
    try:
        seen = bench.wait_ready(port, proc, procs=2, timeout_s=600)
        assert len(seen) == 2 and all(s["ready"] for s in seen.values())
        assert proc.pid not in seen  # the parent only watches; its children serve
        time.sleep(0.5)
        log = bench.server_log(proc)
        assert len(re.findall(r"^model ready in", log, re.MULTILINE)) == 2, log[-3000:]
        assert "Traceback" not in log
        proc.terminate()  # the parent alone, not its process group
        proc.wait(30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in seen)
    finally:
        bench.stop_server(proc)
        for pid in seen:
            if _alive(pid):
                os.kill(pid, 9)


def test_an_empty_numba_cache_is_recognised_as_a_first_start(tmp_path):
    """With an empty cache the preparation knows the kernels must be compiled (so it compiles
    them in a helper process, away from the serving thread), whatever cache the user has set."""
    # COREG_CACHE_DIR is read before NUMBA_CACHE_DIR (sim.engine.jit.kernel_cache_dir): it overrules both
    done = subprocess.run(
        [sys.executable, "-c", "from dashboards import warmup; print(warmup.kernels_cached())"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "COREG_CACHE_DIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "False"


def test_the_console_lines_are_in_the_server_s_language_and_the_bench_reads_them_in_english(fresh_state, capfd):
    """The warm-up's lines follow the language the server was started in (a thread of its own: the
    language is carried over explicitly), numbers included; what reads them (the benchmarks, these
    tests) starts the server in English whatever the machine's language."""
    from dashboards.bench.server import english
    from sim.i18n import from_environment, lang, use

    with use("de"):
        thread = fresh_state.start(work=lambda: None, then=lambda: None)
    thread.join(10)
    err = capfd.readouterr().err
    ready = re.escape(lang("de").gettext("model ready in {seconds} s", seconds="\0")).replace("\\\0", "\0")
    assert ready.count("\0") == 1
    pattern = "^" + ready.replace("\0", r"0,\d") + "$"  # the catalog's German, with a German decimal comma
    assert re.search(pattern, err, re.MULTILINE), (pattern, err)
    assert from_environment(english({"LANG": "de_DE.UTF-8", "LANGUAGE": "de:en", "LC_MESSAGES": "zh_CN"})) == "en"
