"""First start on a fresh machine, measured: ``python -m dashboards.bench --first-start``.

Each run starts the app with an empty numba cache (``COREG_CACHE_DIR``, which overrules
``NUMBA_CACHE_DIR``, pointing at a new, empty folder: what a computer that never ran the app
has) and records, from the moment the server process is started:

* ``first_answer_s``: the server's first HTTP answer for the landing page;
* ``waiting_page_s``: a browser opened at that moment shows the page saying the model is
  being prepared;
* ``usable_s``: the same browser tab, with nobody reloading it, shows the landing page with
  its results table and plots drawn;
* ``compile_s`` (per kernel, and in all) and ``prepare_s``: from the server's log, the compile
  (in a helper process: the pages' kernels first, then the population kernel) and the
  preparation until the pages open (the pages' compile, then loading those kernels into the
  server; the population kernel is prepared after it).

As a peer from the same run, ``import_panel_s`` is how long a fresh Python takes just to
import Panel (a server cannot answer sooner): this machine is shared, so read the first
answer against it.

The last run's cache then serves a second start (``second_*``): the kernels load from it.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

WAITING = ".coreg-preparing"
PREPARED = re.compile(r"model ready in ([0-9.]+) s")
#: The server's console lines, in English: :func:`dashboards.bench.server.launch_server` starts it so.
COMPILED = re.compile(r"model compiled: \w+ in [0-9.]+ s \((.+); a helper process\)")
KERNEL = re.compile(r"([a-z ]+) ([0-9.]+) s")


def first_answer(port: int, proc, deadline: float) -> float:
    """Poll the landing page until the server answers it; the moment (perf_counter) it did."""
    from dashboards.bench import server as bench

    url = f"http://127.0.0.1:{port}/"
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early: {bench.server_log(proc)[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return time.perf_counter()
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the app never answered")


async def observe_start(cache_dir: str, timeout_s: float = 600.0) -> dict:
    """Start the app on ``cache_dir`` and time what a visitor who arrives at once sees."""
    from playwright.async_api import async_playwright

    from dashboards.bench import server as bench

    out: dict = {}
    async with async_playwright() as pw:
        # the browser is up before the server starts: its own start-up is not counted
        browser = await pw.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1920, "height": 1080})
        port = bench.free_port()
        t0 = time.perf_counter()
        proc = bench.launch_server(port, env={"COREG_CACHE_DIR": cache_dir})
        try:
            answered = await asyncio.to_thread(first_answer, port, proc, t0 + timeout_s)
            out["first_answer_s"] = round(answered - t0, 2)
            await page.goto(f"http://127.0.0.1:{port}/", timeout=timeout_s * 1000)
            either = page.locator(WAITING).or_(page.locator(bench.READY))
            await either.first.wait_for(timeout=timeout_s * 1000)
            out["waiting_page_seen"] = await page.locator(WAITING).count() > 0
            seen_at = round(time.perf_counter() - t0, 2)
            out["waiting_page_s"] = seen_at if out["waiting_page_seen"] else None
            # nobody reloads: the waiting page turns into the landing page by itself
            await page.locator(bench.READY).first.wait_for(timeout=timeout_s * 1000)
            await page.locator("canvas").first.wait_for(state="attached", timeout=timeout_s * 1000)
            out["usable_s"] = round(time.perf_counter() - t0, 2)
            prepared = PREPARED.search(bench.server_log(proc))
            out["prepare_s"] = float(prepared.group(1)) if prepared else None
            await asyncio.to_thread(population_compiled, proc, t0 + timeout_s)
            kernels = {name.strip(): float(s) for stage in COMPILED.findall(bench.server_log(proc))
                       for name, s in KERNEL.findall(stage)}
            out["compile_per_kernel_s"] = kernels
            out["compile_s"] = round(sum(kernels.values()), 2) if kernels else None
        finally:
            bench.stop_server(proc)
            await browser.close()
    return out


def population_compiled(proc, deadline: float) -> None:
    """Wait until the server's log says the population kernel is ready too (its compile ends the
    first start's work)."""
    from dashboards.bench import server as bench

    while time.perf_counter() < deadline and "population kernel loaded" not in bench.server_log(proc):
        time.sleep(0.2)


def import_panel_s(rounds: int = 3) -> float:
    """Median wall time of ``python -c "import panel"`` in a fresh process."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import panel"], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 2)


def measure(runs: int, log) -> dict:
    """``runs`` first starts on fresh caches, then one second start on the last cache."""
    peer = import_panel_s()
    log(f"peer: a fresh Python imports Panel in {peer} s")
    results = []
    cache = ""
    for k in range(runs):
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
        cache = tempfile.mkdtemp(prefix="coreg-numba-")
        r = asyncio.run(observe_start(cache))
        results.append(r)
        log(f"first start {k + 1}/{runs}: first answer {r['first_answer_s']} s, waiting page "
            f"{r['waiting_page_s']} s, landing page usable {r['usable_s']} s (pages ready in {r['prepare_s']} s; "
            f"compiled in {r['compile_s']} s: {r['compile_per_kernel_s']})")
    try:
        second = asyncio.run(observe_start(cache))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    log(f"second start (cache filled): first answer {second['first_answer_s']} s, "
        f"usable {second['usable_s']} s")

    def median(key: str) -> float | None:
        values = [r[key] for r in results if r.get(key) is not None]
        return round(statistics.median(values), 2) if values else None

    return {
        "runs": runs,
        "first_answer_median_s": median("first_answer_s"),
        "import_panel_s": peer,
        "waiting_page_median_s": median("waiting_page_s"),
        "usable_median_s": median("usable_s"),
        "prepare_median_s": median("prepare_s"),
        "compile_median_s": median("compile_s"),
        "waiting_page_always_seen": all(r["waiting_page_seen"] for r in results),
        "second_start_first_answer_s": second["first_answer_s"],
        "second_start_usable_s": second["usable_s"],
        "per_run": results,
        "compile_per_kernel_median_s": {name: round(statistics.median(r["compile_per_kernel_s"][name] for r in results
                                                                      if name in r["compile_per_kernel_s"]), 2)
                                        for name in results[-1]["compile_per_kernel_s"]},
        "targets": {"first_answer_s": 5.0, "usable_s": 10.0, "compile_s": 25.0},
    }
