"""First start: prepare the model in the background while the server already answers.

On a fresh machine numba compiles the model's kernels the first time they run; afterwards they
load from numba's on-disk cache in a second or two. The kernels come in two stages (:data:`STAGES`):
the night loop and its summary, which every page but Population needs, and the population
kernel. Before serving (and before any fork) :func:`start_helper` starts one helper process
that compiles them into that cache unless a previous start did -- the pages' stage first -- so
the compile never holds a serving process's interpreter lock, runs on another core, and happens
once however many processes serve. Then, in each serving process, :func:`start` loads the
kernels in a background thread: as soon as the pages' kernels are in the cache it loads them and
marks the model ready (every page opens), then it loads the population kernel
(:func:`population_ready` says when; the Population page waits for it). Until the model is
ready every new session gets :func:`waiting_page`, which says what it is waiting for and turns
into the real page on its own (it reloads itself).

Nothing here imports ``sim`` at module level, and the waiting page never touches it: a
session that arrives while the kernels load must not wait on the modules (or the compile
lock) held by the preparing thread.
"""

from __future__ import annotations

import html

import os
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

#: how often a waiting page asks whether the model is ready (ms)
POLL_MS = 500
#: the compiling helper's scheduling priority below the server's (background work)
NICE = 10

_ready = threading.Event()
_population = threading.Event()
_population.set()  # nothing to wait for unless start() prepares it in the background
_status: dict[str, float | str | None] = {"seconds": None, "error": None}
_helper: subprocess.Popen | None = None  # the compiling helper, if one was started
_helper_owner = 0  # the pid of the process that started it

#: The kernels' stages, in the order they are prepared: what the pages need, then the population.
STAGES = ("pages", "population")


def stage_kernels(stage: str) -> list:
    """The kernels a stage calls from Python (the ones numba's cache has entries for)."""
    from sim.engine import kernel, summary

    return {"pages": [kernel.run_night, summary.summarize], "population": [kernel.run_population]}[stage]


def warm_up(stage: str = "pages") -> dict[str, float]:
    """Run one stage's kernels once: compiles them on a fresh machine, loads them from cache later.
    Returns the seconds each kernel took (its compile, on a first start)."""
    from sim.presets import hungry_waking

    took = {}
    if stage == "pages":
        import numpy as np

        from sim.engine import kernel, summary
        from sim.engine.nights import Carry
        from sim.engine.simulate import night_loop_args

        setup = hungry_waking("responsive", duration_min=10)
        night, out = night_loop_args(setup, 1, Carry.first(setup))
        t0 = time.perf_counter()
        kernel.run_night(night, out)
        took["night loop"] = time.perf_counter() - t0
        rec, reg = out.record, setup.regimes
        t0 = time.perf_counter()
        summary.summarize(rec, reg.crying, reg.arousal, reg.load, 60.0, np.empty(rec.shape[0], dtype=np.int8),
                          np.empty(summary.NSUMMARY))
        took["summary"] = time.perf_counter() - t0
    else:
        from sim.engine.population import simulate_population

        t0 = time.perf_counter()
        simulate_population(hungry_waking("absent", duration_min=5), 2)
        took["population"] = time.perf_counter() - t0
    return took


def start_helper() -> None:
    """Start the helper process that compiles the kernels into numba's cache unless they are
    there already. Call it before serving and before any fork; it does not wait.

    The helper imports this very copy of the package (not whatever its working directory
    holds), so the cache it fills is the one the server reads; it writes to the server's log.
    It runs at a lower priority (``NICE``): the server starting and answering comes first.
    Ctrl+C stops it silently with the server. If it fails, the log says why and each serving
    process compiles for itself.
    """
    global _helper, _helper_owner
    root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    from sim.i18n import current

    code = (f"import os, signal; signal.signal(signal.SIGINT, signal.SIG_DFL); os.nice({NICE})\n"
            f"from dashboards.warmup import compile_unless_cached; compile_unless_cached({current().code!r})")
    _helper = subprocess.Popen([sys.executable, "-P", "-c", code], env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _helper_owner = os.getpid()


def compile_unless_cached(language: str = "en") -> None:
    """The helper's work: compile each stage's kernels into the cache (the pages' first), unless a
    previous start did; the log says how long each stage took (in the server's ``language``)."""
    from sim.i18n import _, use

    for stage in STAGES:
        if kernels_cached(stage):
            continue
        took = warm_up(stage)
        with use(language) as lang:
            # "; " between the kernels: their seconds may have a decimal comma
            each = "; ".join(_("{kernel} {seconds} s", kernel=name, seconds=lang.number(seconds, 1))
                             for name, seconds in took.items())
            log(_("model compiled: {stage} in {seconds} s ({kernels}; a helper process)", stage=stage,
                  seconds=lang.number(sum(took.values()), 1), kernels=each))


def log(line: str) -> None:
    """A line in the server's console (its log): in the server's language (the system's, or
    ``coreg serve --lang``); the benchmarks and tests that read it start the server in English
    (:func:`dashboards.bench.server.launch_server`)."""
    print(line, file=sys.stderr, flush=True)


def helper_running() -> bool:
    """Whether the helper still runs (asked from the process that started it, or a fork of it)."""
    if _helper is None:
        return False
    if os.getpid() == _helper_owner:
        return _helper.poll() is None
    try:  # a forked serving process: the helper is a sibling, reaped by the watching parent
        os.kill(_helper.pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def kernels_cached(stage: str = "pages") -> bool:
    """Whether numba's cache already holds a stage's kernels (then loading them takes a second or
    two). Reads numba's cache bookkeeping; any doubt: no."""
    from sim.engine.jit import cached

    return cached(stage_kernels(stage))


def prepare(stage: str = "pages") -> None:
    """Load a stage's kernels from numba's cache; on a first start wait until the helper has put
    them there (or has stopped)."""
    while not kernels_cached(stage) and helper_running():
        time.sleep(0.2)
    warm_up(stage)


def start(work=prepare, then=lambda: prepare("population")) -> threading.Thread:
    """Prepare the model in a background thread: ``work`` (the pages' kernels), then mark the
    model ready and log how long it took; then ``then`` (the population kernel), and mark it
    ready too."""

    from sim.i18n import _, current, use

    console = current()  # the server's language (a thread does not inherit the caller's ``use``)

    def attempt(step) -> None:
        try:
            step()
        except Exception:  # noqa: BLE001 -- the pages will show their own message; the operator sees why here
            _status["error"] = traceback.format_exc()
            with use(console):
                log(_("the model could not be prepared:") + "\n" + str(_status["error"]))

    def run() -> None:
        t0 = time.perf_counter()
        attempt(work)
        seconds = time.perf_counter() - t0
        _status["seconds"] = round(seconds, 2)
        with use(console):
            log(_("model ready in {seconds} s", seconds=console.number(seconds, 1)))
        _ready.set()
        attempt(then)
        with use(console):
            log(_("population kernel loaded after {seconds} s", seconds=console.number(time.perf_counter() - t0, 1)))
        _population.set()

    _population.clear()
    with use(console):
        log(_("preparing the model (a first start compiles it: a minute or so; later starts take seconds)..."))
    thread = threading.Thread(target=run, name="coreg-warm-up", daemon=True)
    thread.start()
    return thread


def mark_ready() -> None:
    """Serve the real pages at once (no background preparation; the first visitor compiles)."""
    _ready.set()
    _population.set()


def population_ready(timeout: float | None = None) -> bool:
    """Wait (up to ``timeout`` s; None: as long as it takes) until the population kernel is loaded."""
    return _population.wait(timeout)


def is_ready() -> bool:
    return _ready.is_set()


def seconds() -> float | None:
    """How long the preparation took (None while it runs)."""
    value = _status["seconds"]
    return float(value) if value is not None else None


def waiting_html() -> str:
    """The waiting page's text, in the language in force."""
    from sim.i18n import _

    return (
        '<main class="coreg-preparing" aria-busy="true">\n<h1>Co-Regulation Lab</h1>\n'
        '<p role="status">' + html.escape(_("Preparing the model\u2026")) + "</p>\n"
        "<p>" + html.escape(_("The first time the app starts on this computer the model is compiled; this takes a "
                              "minute or so, once. This page opens by itself when the model is ready: there is no "
                              "need to reload it.")) + "</p>\n</main>\n"
    )


def ready_html() -> str:
    """The ready message (the browser reloads when it appears), in the language in force."""
    from sim.i18n import _

    return ('<main class="coreg-preparing"><h1>Co-Regulation Lab</h1><p role="status">'
            + html.escape(_("Ready: opening\u2026")) + "</p></main>\n")


WAITING_CSS = """
:host { display: block; font-size: 1.15em; max-width: 40em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; }
"""


class WaitingPage:
    """A page that says the model is being prepared and reloads itself once it is ready."""

    def __init__(self) -> None:
        import panel as pn

        from sim.i18n import current

        self.lang = current().code  # the periodic check phrases in the session's language
        self.ready_html = ready_html()
        self.view = pn.pane.HTML(waiting_html(), stylesheets=[WAITING_CSS], sizing_mode="stretch_width")
        # the browser reloads when the server changes the message (jscallback names the Bokeh
        # property, ``text``; naming the pane's ``object`` breaks the page): the new session is real
        self.view.jscallback(text="window.location.reload()")

    def check(self) -> bool:
        """Switch to the ready message (which reloads the browser) once the model is ready."""
        if is_ready() and self.view.object != self.ready_html:
            self.view.object = self.ready_html
        return self.view.object == self.ready_html


def waiting_page():
    """The waiting page for this session, asking every ``POLL_MS`` whether the model is ready."""
    import panel as pn

    page = WaitingPage()

    def poll() -> None:
        if page.check():
            callback.stop()

    callback = pn.state.add_periodic_callback(poll, period=POLL_MS)
    return page.view
