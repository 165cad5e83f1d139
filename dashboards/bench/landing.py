"""Benchmark of the classroom app in a real browser: ``python -m dashboards.bench``.

Starts the app in a subprocess on a free localhost port and drives Debian's Chromium
through Playwright. It prints:

* the landing page's slider-release-to-all-plots-updated time (median of many releases):
  from the key event that releases the slider, in the page, to the first animation frame
  after the server's whole answer has been applied -- Bokeh repaints the changed plots in
  that frame, just before our callback (``*_median_ms``); also to the next frame, once the
  repainted frame has been shown (``*_shown_median_ms``), and to the moment the answer
  arrived (``*_answer_median_ms``);
* the same with 20 sessions releasing their sliders at the same moment, and whether each
  session saw only its own settings (its numbers are recomputed here from its own
  slider values and compared);
* the server's resident memory after 50 and after 100 sessions opened and closed one
  after another, and the largest of sessions 51-100 relative to session 50.

``--smoke`` runs a short form of each part (for the test suite); ``--json`` prints one
JSON object. Every loop is bounded in count and time, and all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass

from dashboards.bench.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    READY,
    free_port,
    start_server,
    stats,
    stop_server,
    wait_sessions,
)


@dataclass(frozen=True)
class Plan:
    landing_releases: int
    load_sessions: int
    load_rounds: int
    memory_sessions: int
    memory_reference: int


FULL = Plan(landing_releases=30, load_sessions=20, load_rounds=3, memory_sessions=100, memory_reference=50)
SMOKE = Plan(landing_releases=3, load_sessions=3, load_rounds=1, memory_sessions=4, memory_reference=2)

#: Arms one measurement: t0 at the next key event in the page; done two animation frames
#: after the live summary (the last change the server sends for an update) has changed.
ARM_JS = r"""
() => {
  const doc = Bokeh.documents[0];
  // the live summary is a Div whose HTML arrives through a one-row source (see shell.Html)
  const live = doc.get_model_by_name('coreg-live-html');
  let t0 = null, first = null, cds = new Set();
  window.__coreg_result = new Promise((resolve, reject) => {
    const onkey = () => { if (t0 === null) t0 = performance.now(); };
    document.addEventListener('keydown', onkey, {capture: true, once: true});
    const timer = setTimeout(() => reject(new Error('no update within 30 s')), 30000);
    const listener = (ev) => {
      const slider = ev.attr === 'value' || ev.attr === 'value_throttled';
      if (t0 !== null && first === null && !slider) first = performance.now();
      const own = ev.model && !String(ev.model.name).startsWith('coreg-');
      if (own && ev.model.type === 'ColumnDataSource' && ev.attr === 'data') cds.add(ev.model.id);
      if (live && ev.model === live && ev.attr === 'data' && t0 !== null) {
        doc.remove_on_change(listener);
        // Bokeh asked for its repaint (an animation frame) while applying the change: our first
        // frame callback runs right after that repaint; the second one after the frame was shown
        requestAnimationFrame(() => {
          const painted = performance.now();
          requestAnimationFrame(() => {
            clearTimeout(timer);
            resolve({ms: painted - t0, shown_ms: performance.now() - t0, answer_ms: first - t0,
                     sources: cds.size});
          });
        });
      }
    };
    doc.on_change(listener, true);
  });
  return live !== null;
}
"""


async def open_landing(ctx, url: str):
    page = await ctx.new_page()
    await page.goto(url, timeout=120000)
    await page.wait_for_selector(READY, timeout=60000)
    await page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0")
    return page


async def release(page, key: str, slider: str = "latency") -> dict:
    """Press a key on a slider (a release: the value is applied) and return the measured update."""
    ok = await page.evaluate(ARM_JS)
    if not ok:
        raise RuntimeError("the live summary was not found on the page")
    await page.locator(f".ctl-{slider} [role=slider]").press(key)
    return await page.evaluate("window.__coreg_result")


async def read_state(page) -> dict:
    latency = await page.locator(".ctl-latency .bk-slider-value").inner_text()
    reactivity = await page.locator(".ctl-reactivity .bk-slider-value").inner_text()
    stress = await page.locator(".ctl-stress .bk-slider-value").inner_text()
    crying = await page.locator(
        ".compare-results td[data-policy=delayed][data-metric=crying_min]"
    ).get_attribute("data-value")
    return {
        "latency_s": float(latency) * 60.0,  # the slider shows minutes (English: the bench's server); the page keeps seconds
        "reactivity": float(reactivity),
        "stress": float(stress),
        "crying": float(crying),
    }


def expected_crying(state: dict) -> float:
    from dashboards import library
    from dashboards.pagemodel.compare import COLUMNS, column_setups
    from sim.engine.simulate import simulate
    from sim.vocabulary import DEFAULT_READING

    setups = column_setups(library.compare_setups(COLUMNS), state["latency_s"], state["reactivity"], state["stress"],
                           DEFAULT_READING)
    return float(simulate(setups["delayed"]).nights[0].summary["crying_min"])


async def drive(port: int, plan: Plan, log) -> dict:
    from playwright.async_api import async_playwright

    url = f"http://127.0.0.1:{port}/"
    out: dict = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # 1. one session, many releases
            ctx = await browser.new_context(viewport={"width": 1920, "height": 1080})
            page = await open_landing(ctx, url)
            await release(page, "ArrowRight")  # first update warms caches; not counted
            times, answers, shown = [], [], []
            for i in range(plan.landing_releases):
                r = await release(page, "ArrowLeft" if i % 2 else "ArrowRight")
                times.append(r["ms"])
                answers.append(r["answer_ms"])
                shown.append(r["shown_ms"])
            out["landing_median_ms"] = round(statistics.median(times), 1)
            out["landing_p90_ms"] = round(sorted(times)[int(0.9 * (len(times) - 1))], 1)
            out["landing_samples"] = len(times)
            out["landing_answer_median_ms"] = round(statistics.median(answers), 1)
            out["landing_shown_median_ms"] = round(statistics.median(shown), 1)
            log(
                f"landing page: median {out['landing_median_ms']} ms over {len(times)} releases "
                "of the latency slider"
            )
            # the reactivity slider changes the baby of all three columns: every plot is redrawn
            times_all = []
            for i in range(plan.landing_releases):
                r = await release(page, "ArrowLeft" if i % 2 else "ArrowRight", slider="reactivity")
                times_all.append(r["ms"])
            out["landing_all_columns_median_ms"] = round(statistics.median(times_all), 1)
            log(
                f"landing page, all three columns redrawn (reactivity): median "
                f"{out['landing_all_columns_median_ms']} ms"
            )
            await ctx.close()

            # 2. many sessions at once, each with its own settings
            ctxs = [
                await browser.new_context(viewport={"width": 1280, "height": 900})
                for _ in range(plan.load_sessions)
            ]
            pages = [await open_landing(c, url) for c in ctxs]  # opening is not measured
            for i, pg in enumerate(pages):  # distinct settings per session
                await release(pg, "Home")
                for _ in range(i % 12):
                    await release(pg, "ArrowRight")
                for _ in range(i // 12):
                    await release(pg, "ArrowRight", slider="reactivity")
            load_times, load_answers, load_shown = [], [], []
            for r in range(plan.load_rounds):
                key = "ArrowLeft" if r % 2 else "ArrowRight"
                results = await asyncio.gather(*(release(pg, key) for pg in pages))
                load_times += [x["ms"] for x in results]
                load_answers += [x["answer_ms"] for x in results]
                load_shown += [x["shown_ms"] for x in results]
            out["load_sessions"] = plan.load_sessions
            out["load_median_ms"] = round(statistics.median(load_times), 1)
            out["load_p90_ms"] = round(sorted(load_times)[int(0.9 * (len(load_times) - 1))], 1)
            out["load_answer_median_ms"] = round(statistics.median(load_answers), 1)
            out["load_shown_median_ms"] = round(statistics.median(load_shown), 1)
            states = [await read_state(pg) for pg in pages]
            mismatches = 0
            for st in states:
                if abs(expected_crying(st) - st["crying"]) > 1e-6:
                    mismatches += 1
            distinct = len({(s["latency_s"], s["reactivity"]) for s in states})
            out["load_isolated"] = mismatches == 0 and distinct == len(states)
            out["load_distinct_settings"] = distinct
            log(
                f"{plan.load_sessions} sessions at once: median {out['load_median_ms']} ms; "
                f"each saw only its own settings: {out['load_isolated']}"
            )
            for c in ctxs:
                await c.close()
            wait_sessions(port, 0)

            # 3. memory over sessions opened and closed one after another
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
            rss = []
            for k in range(1, plan.memory_sessions + 1):
                pg = await open_landing(ctx, url)
                await pg.close()
                left = wait_sessions(port, 0)
                rss.append(stats(port, collect=True)["rss_kb"])
                if left:
                    log(f"warning: {left} session(s) still open after session {k}")
            await ctx.close()
            ref = rss[plan.memory_reference - 1]
            later = rss[plan.memory_reference :]
            out["memory_sessions"] = plan.memory_sessions
            out[f"rss_after_{plan.memory_reference}_mb"] = round(ref / 1024, 1)
            out[f"rss_after_{plan.memory_sessions}_mb"] = round(rss[-1] / 1024, 1)
            out["rss_max_later_ratio"] = round(max(later) / ref, 3)
            out["memory_within_10pct"] = max(later) <= 1.10 * ref
            log(
                f"memory: {ref / 1024:.1f} MB after session {plan.memory_reference}, "
                f"{rss[-1] / 1024:.1f} MB after session {plan.memory_sessions}; "
                f"largest later / reference = {out['rss_max_later_ratio']}"
            )
        finally:
            await browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboards.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a short run of the chosen part (for tests)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--port", type=int, default=0, help="port for the app (default: a free one)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--load", action="store_true",
                      help="a classroom: 40 light-client sessions release a slider at once (no browser)")
    mode.add_argument("--first-start", action="store_true",
                      help="the first start on an empty numba cache, to the landing page usable")
    parser.add_argument("--procs", default="1,2", help="with --load: process counts to compare (default 1,2)")
    parser.add_argument("--sessions", type=int, default=None, help="with --load: sessions (default 40)")
    parser.add_argument("--runs", type=int, default=None, help="with --first-start: fresh starts (default 3)")
    args = parser.parse_args(argv)
    log = (lambda msg: print(msg, file=sys.stderr)) if args.json else print
    t0 = time.monotonic()
    if args.load:
        result = _load(args, log)
    else:
        if not os.path.exists(CHROMIUM):
            print(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
            return 2
        result = _first_start(args, log) if args.first_start else _browser(args, log)
    result.update({"smoke": args.smoke, "cores": os.cpu_count(), "seconds": round(time.monotonic() - t0, 1)})
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


def _browser(args: argparse.Namespace, log) -> dict:
    plan = SMOKE if args.smoke else FULL
    port = args.port or free_port()
    proc = start_server(port)
    try:
        result = asyncio.run(drive(port, plan, log))
    finally:
        stop_server(proc)
    result["targets"] = {"landing_median_ms": 150, "load_median_ms": 1000, "memory_ratio": 1.10}
    log(
        f"landing median {result['landing_median_ms']} ms (target <= 150); under "
        f"{result['load_sessions']} sessions {result['load_median_ms']} ms (target < 1000); memory ratio "
        f"{result['rss_max_later_ratio']} (target <= 1.10)"
    )
    return result


def _load(args: argparse.Namespace, log) -> dict:
    from dashboards.bench import load as bench_load

    plan = bench_load.LOAD_SMOKE if args.smoke else bench_load.LOAD_FULL
    if args.sessions:
        plan = dataclasses.replace(plan, sessions=args.sessions)
    procs = [int(p) for p in args.procs.split(",") if p.strip()]
    result = bench_load.measure(procs, plan, log)
    result["targets"] = {"p90_ms": 1000}
    for n, r in result["by_procs"].items():
        log(f"{plan.sessions} sessions, {n} process(es): median {r['median_ms']} ms, "
            f"p90 {r['p90_ms']} ms (target p90 <= 1000)")
    return result


def _first_start(args: argparse.Namespace, log) -> dict:
    from dashboards.bench import start as bench_start

    runs = args.runs or (1 if args.smoke else 3)
    result = bench_start.measure(runs, log)
    log(f"first start, median of {runs}: first answer {result['first_answer_median_s']} s (target <= 5), "
        f"landing page usable {result['usable_median_s']} s (target <= 10), "
        f"every kernel compiled in {result['compile_median_s']} s (target <= 25: "
        f"{result['compile_per_kernel_median_s']}), pages ready in {result['prepare_median_s']} s")
    return result

