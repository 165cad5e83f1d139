"""The classroom app: Panel + Bokeh, one page per route, served from this machine only.

``serve()`` binds localhost by default; ``lan=True`` serves the classroom network and
allows websocket connections from this machine's own LAN addresses. Every page is built
anew for each browser tab (``create_app(page)``), so two sessions never share settings.
All JavaScript and CSS is served by the local server (no CDN, no web fonts, no icons
from elsewhere): the app works without internet.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import socket
import sys
import time
from typing import Callable

from dashboards.shell import HEAD_TEMPLATE, PAGE_TITLES, PAGES

#: page key -> module in dashboards.pages with a ``build()``
PAGE_MODULES = {key: f"dashboards.pages.{key}" for key, _, _ in PAGES}


def create_app(page: str = "compare"):
    """Build one page for the current session (a new object tree every call)."""
    import panel as pn
    from panel.io.resources import _env

    if page not in PAGE_MODULES:
        raise KeyError(f"unknown page {page!r}; pages: {', '.join(PAGE_MODULES)}")
    doc = pn.state.curdoc
    if doc is not None:
        doc.template = _env.from_string(HEAD_TEMPLATE)
        doc.title = f"{PAGE_TITLES[page]} \u2014 Co-Regulation Lab"
        # Panel points its components' stylesheets at its CDN and rewrites them to the local
        # server when the page's HTML is rendered. A session that Bokeh re-creates when the
        # websocket connects (the first one was discarded while a slow browser was still
        # loading) is never rendered, so it would keep the CDN addresses: tell Panel the local
        # address up front, which it then uses for every stylesheet it creates.
        doc._template_variables.setdefault("dist_url", local_dist_url())
    from dashboards.pages import PAGE_CLASSES

    module = importlib.import_module(PAGE_MODULES[page])
    return pn.panel(getattr(module, PAGE_CLASSES[page])())


def local_dist_url() -> str:
    """Where this server serves Panel's own files (never a CDN)."""
    import panel as pn
    from panel.io.resources import LOCAL_DIST

    rel = pn.state.rel_path
    return f"{rel}/{LOCAL_DIST}" if rel else LOCAL_DIST


def routes() -> dict[str, Callable]:
    """URL path -> page builder (called once per session)."""
    out = {}
    for key, route, _ in PAGES:
        out[route] = (lambda k: lambda: create_app(k))(key)
    return out


def warm_up() -> None:
    """Load (or compile) the numba kernels once, before the first visitor waits for them."""
    from sim.population import simulate_population
    from sim.presets import hungry_waking
    from sim.simulate import simulate

    simulate(hungry_waking("responsive", duration_min=10))
    simulate_population(hungry_waking("absent", duration_min=5), 2)


def lan_origins(port: int) -> list[str]:
    """Websocket origins a classroom browser may use: this machine's names and addresses."""
    hosts = {"localhost", "127.0.0.1", socket.gethostname()}
    try:
        hosts.add(socket.getfqdn())
        for info in socket.getaddrinfo(socket.gethostname(), None):
            addr = info[4][0]
            hosts.add(f"[{addr}]" if ":" in addr else addr)
    except OSError:
        pass
    return sorted(f"{h}:{port}" for h in hosts if h)


def _stats_handler():
    from tornado.web import RequestHandler

    class StatsHandler(RequestHandler):
        """Benchmark only: open sessions and the server's resident memory."""

        def get(self) -> None:
            if self.get_argument("gc", "0") == "1":
                gc.collect()
            sessions = sum(len(ctx.sessions) for ctx in self.application._applications.values())
            self.set_header("Content-Type", "application/json")
            self.write(json.dumps({"sessions": sessions, "rss_kb": rss_kb(), "pid": os.getpid()}))

    return StatsHandler


def rss_kb(pid: int | str = "self") -> int:
    """Resident memory of a process in kB (Linux /proc)."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def make_server(
    port: int = 5006,
    lan: bool = False,
    show: bool = False,
    *,
    stats: bool = False,
    session_lifetime_ms: int | None = None,
    start: bool = False,
):
    """A configured (not yet started) Panel server."""
    import panel as pn

    address = "0.0.0.0" if lan else "127.0.0.1"
    origins = lan_origins(port) if lan else [f"localhost:{port}", f"127.0.0.1:{port}"]
    extra = {}
    if stats:
        extra["extra_patterns"] = [(r"/coreg-stats", _stats_handler())]
    if session_lifetime_ms is not None:
        extra["unused_session_lifetime_milliseconds"] = session_lifetime_ms
        extra["check_unused_sessions_milliseconds"] = max(200, session_lifetime_ms // 2)
    titles = {route: f"{title} \u2014 Co-Regulation Lab" for _, route, title in PAGES}
    return pn.serve(
        routes(),
        port=port,
        address=address,
        websocket_origin=origins,
        show=False,
        start=start,
        threaded=False,
        title=titles,
        **extra,
    )


def serve(
    port: int = 5006,
    lan: bool = False,
    show: bool = False,
    *,
    stats: bool = False,
    session_lifetime_ms: int | None = None,
    warm: bool = True,
) -> None:
    """Start the app and block until interrupted. Localhost only unless ``lan``."""
    if warm:
        t0 = time.perf_counter()
        warm_up()
        print(f"model ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    where = "this machine's network addresses" if lan else "http://localhost"
    print(f"Co-Regulation Lab: {where}:{port}/  (Ctrl+C stops it)", file=sys.stderr)
    server = make_server(port, lan, show, stats=stats, session_lifetime_ms=session_lifetime_ms)
    server.start()
    if show:
        server.io_loop.add_callback(server.show, "/")
    try:
        server.io_loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboards.app", description="Serve the classroom app.")
    parser.add_argument("--port", type=int, default=5006)
    parser.add_argument("--lan", action="store_true", help="serve the local network, not only this machine")
    parser.add_argument("--show", action="store_true", help="open a browser")
    parser.add_argument("--stats", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--session-lifetime-ms", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    serve(args.port, args.lan, args.show, stats=args.stats, session_lifetime_ms=args.session_lifetime_ms)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
