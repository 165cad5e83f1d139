"""First start: prepare the model in the background while the server already answers.

On a fresh machine numba compiles the model's kernels the first time they run (about a
minute on a 2-core laptop); afterwards they load from numba's on-disk cache in a second
or two. :func:`start` prepares them off the serving thread: a helper process compiles
them into the cache (so the compile never holds this server's interpreter lock, and it
runs on another core), then this process loads them from there. Until that is done every
new session gets :func:`waiting_page`, which says what it is waiting for and turns into
the real page on its own (it reloads itself) once the model is ready.

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

_ready = threading.Event()
_status: dict[str, float | str | None] = {"seconds": None, "error": None}


def warm_up() -> None:
    """Run each kind of kernel once: compiles them on a fresh machine, loads them from cache later."""
    from sim.population import simulate_population
    from sim.presets import hungry_night
    from sim.simulate import simulate

    simulate(hungry_night("responsive", duration_min=10))
    simulate_population(hungry_night("absent", duration_min=5), 2)


def compile_in_helper() -> float:
    """Compile the kernels into numba's cache in a helper process; its wall time in seconds.

    The helper imports this very copy of the package (not whatever its working directory
    holds), so the cache it fills is the one this process reads. If it fails, the log says
    so and :func:`warm_up` compiles here instead.
    """
    root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-P", "-c", "from dashboards.warmup import warm_up; warm_up()"],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"compiling in a helper process failed; compiling here instead:\n{done.stderr[-2000:]}",
              file=sys.stderr, flush=True)
    return time.perf_counter() - t0


def kernels_cached() -> bool:
    """Whether numba's cache already holds the model's kernels, i.e. a previous start compiled
    them (then loading them here takes a second or two). Only the kernels called from Python
    have cache entries, so any entry counts. Reads numba's cache bookkeeping; any doubt: no."""
    try:
        import numba

        import sim.population  # noqa: F401 -- imports every module with kernels
        import sim.simulate  # noqa: F401

        kernels = [obj for name, module in list(sys.modules.items()) if name.startswith("sim.")
                   for obj in vars(module).values() if isinstance(obj, numba.core.registry.CPUDispatcher)]
        return any(Path(k._cache._cache_file._index_path).is_file() for k in kernels)
    except Exception:  # noqa: BLE001 -- numba's internals moved: compile in the helper, to be safe
        return False


def prepare() -> None:
    """Load the kernels from numba's cache; on a first start fill it from a helper process first."""
    if not kernels_cached():
        seconds = compile_in_helper()
        print(f"model compiled in {seconds:.1f} s (a helper process)", file=sys.stderr, flush=True)
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
        print(f"model ready in {seconds:.1f} s (compiled on a first start, loaded from cache after)",
              file=sys.stderr, flush=True)
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
