"""First start: prepare the model in the background while the server already answers.

On a fresh machine numba compiles the model's kernels the first time they run (about a
minute on a 2-core laptop); afterwards they load from numba's on-disk cache in a second
or two. Before serving (and before any fork) :func:`start_helper` starts one helper
process that compiles them into that cache unless a previous start did, so the compile
never holds a serving process's interpreter lock, runs on another core, and happens once
however many processes serve. Then, in each serving process, :func:`start` loads the
kernels in a background thread (waiting for the helper if it compiles). Until that is
done every new session gets :func:`waiting_page`, which says what it is waiting for and
turns into the real page on its own (it reloads itself) once the model is ready.

Nothing here imports ``sim`` at module level, and the waiting page never touches it: a
session that arrives while the kernels load must not wait on the modules (or the compile
lock) held by the preparing thread.
"""

from __future__ import annotations

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
_status: dict[str, float | str | None] = {"seconds": None, "error": None}
_helper: subprocess.Popen | None = None  # the compiling helper, if one was started
_helper_owner = 0  # the pid of the process that started it


def warm_up() -> None:
    """Run each kind of kernel once: compiles them on a fresh machine, loads them from cache later."""
    from sim.population import simulate_population
    from sim.presets import hungry_waking
    from sim.simulate import simulate

    simulate(hungry_waking("responsive", duration_min=10))
    simulate_population(hungry_waking("absent", duration_min=5), 2)


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
    code = (f"import os, signal; signal.signal(signal.SIGINT, signal.SIG_DFL); os.nice({NICE})\n"
            "from dashboards.warmup import compile_unless_cached; compile_unless_cached()")
    _helper = subprocess.Popen([sys.executable, "-P", "-c", code], env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _helper_owner = os.getpid()


def compile_unless_cached() -> None:
    """The helper's work: compile the kernels into the cache, unless a previous start did."""
    if kernels_cached():
        return
    t0 = time.perf_counter()
    warm_up()
    seconds = time.perf_counter() - t0
    print(f"model compiled in {seconds:.1f} s (a helper process)", file=sys.stderr, flush=True)


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


def kernels_cached() -> bool:
    """Whether numba's cache already holds the model's kernels, i.e. a previous start compiled
    them (then loading them here takes a second or two). Only the kernels called from Python
    have cache entries, so any entry counts. Reads numba's cache bookkeeping; any doubt: no."""
    try:
        import numba

        import sim.population  # noqa: F401 -- imports every module with kernels, sim.simulate too

        kernels = [obj for name, module in list(sys.modules.items()) if name.startswith("sim.")
                   for obj in vars(module).values() if isinstance(obj, numba.core.registry.CPUDispatcher)]
        return any(Path(k._cache._cache_file._index_path).is_file() for k in kernels)
    except Exception:  # noqa: BLE001 -- numba's internals moved: compile in the helper, to be safe
        return False


def prepare() -> None:
    """Load the kernels from numba's cache; on a first start wait for the helper to fill it."""
    if not kernels_cached():
        while helper_running():
            time.sleep(0.2)
    warm_up()


def start(work=prepare) -> threading.Thread:
    """Prepare the model in a background thread; log how long it took; mark the model ready."""

    def run() -> None:
        t0 = time.perf_counter()
        try:
            work()
        except Exception:  # noqa: BLE001 -- the pages will show their own message; the operator sees why here
            _status["error"] = traceback.format_exc()
            print(f"the model could not be prepared:\n{_status['error']}", file=sys.stderr, flush=True)
        seconds = time.perf_counter() - t0
        _status["seconds"] = round(seconds, 2)
        print(f"model ready in {seconds:.1f} s", file=sys.stderr, flush=True)
        _ready.set()

    print("preparing the model (a first start compiles it: a minute or so; later starts take seconds)...",
          file=sys.stderr, flush=True)
    thread = threading.Thread(target=run, name="coreg-warm-up", daemon=True)
    thread.start()
    return thread


def mark_ready() -> None:
    """Serve the real pages at once (no background preparation; the first visitor compiles)."""
    _ready.set()


def is_ready() -> bool:
    return _ready.is_set()


def seconds() -> float | None:
    """How long the preparation took (None while it runs)."""
    value = _status["seconds"]
    return float(value) if value is not None else None


WAITING_HTML = """
<main class="coreg-preparing" aria-busy="true">
<h1>Co-Regulation Lab</h1>
<p role="status">Preparing the model&hellip;</p>
<p>The first time the app starts on this computer the model is compiled; this takes a
minute or so, once. This page opens by itself when the model is ready: there is no need
to reload it.</p>
</main>
"""
READY_HTML = """
<main class="coreg-preparing"><h1>Co-Regulation Lab</h1><p role="status">Ready: opening&hellip;</p></main>
"""
WAITING_CSS = """
:host { display: block; font-size: 1.15em; max-width: 40em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; }
"""


class WaitingPage:
    """A page that says the model is being prepared and reloads itself once it is ready."""

    def __init__(self) -> None:
        import panel as pn

        self.view = pn.pane.HTML(WAITING_HTML, stylesheets=[WAITING_CSS], sizing_mode="stretch_width")
        # the browser reloads when the server changes the message (jscallback names the Bokeh
        # property, ``text``; naming the pane's ``object`` breaks the page): the new session is real
        self.view.jscallback(text="window.location.reload()")

    def check(self) -> bool:
        """Switch to the ready message (which reloads the browser) once the model is ready."""
        if is_ready() and self.view.object != READY_HTML:
            self.view.object = READY_HTML
        return self.view.object == READY_HTML


def waiting_page():
    """The waiting page for this session, asking every ``POLL_MS`` whether the model is ready."""
    import panel as pn

    page = WaitingPage()

    def poll() -> None:
        if page.check():
            callback.stop()

    callback = pn.state.add_periodic_callback(poll, period=POLL_MS)
    return page.view
