"""The classroom app: Panel + Bokeh, one page per route, served from this machine only.

``serve()`` binds localhost by default; ``lan=True`` serves the classroom network and
allows websocket connections from this machine's own LAN addresses; ``procs=N`` serves
from N processes (Bokeh's own multi-process serving: one laptop, a whole class). The
server answers at once: until the model is prepared (:mod:`dashboards.warmup`) a session
gets a page saying so, which turns into the real page by itself. Every page is built
anew for each browser tab (``create_app(page)``), so two sessions never share settings.
All JavaScript and CSS is served by the local server (no CDN, no web fonts, no icons
from elsewhere): the app works without internet.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable

from dashboards import language, warmup
from dashboards.pages import PAGE, PAGES
from dashboards.shell import DESCRIPTION, HEAD_TEMPLATE
from sim.i18n import _


def create_app(page: str = "compare"):
    """Build one page for the current session (a new object tree every call)."""
    import panel as pn

    if page not in PAGE:
        raise KeyError(f"unknown page {page!r}; pages: {', '.join(PAGE)}")
    doc = pn.state.curdoc
    if doc is not None:
        language.install()
        language.bind(doc, language.choose())
        _document(doc, _("{page} \u2014 Co-Regulation Lab", page=_(PAGE[page].title)))
        # Panel points its components' stylesheets at its CDN and rewrites them to the local
        # server when the page's HTML is rendered. A session that Bokeh re-creates when the
        # websocket connects (the first one was discarded while a slow browser was still
        # loading) is never rendered, so it would keep the CDN addresses: tell Panel the local
        # address up front, which it then uses for every stylesheet it creates.
        doc._template_variables.setdefault("dist_url", local_dist_url())
    return pn.panel(PAGE[page].view_class()())


def local_dist_url() -> str:
    """Where this server serves Panel's own files (never a CDN)."""
    import panel as pn
    from panel.io.resources import LOCAL_DIST

    rel = pn.state.rel_path
    return f"{rel}/{LOCAL_DIST}" if rel else LOCAL_DIST


def routes() -> dict[str, Callable]:
    """URL path -> page builder (called once per session): the real page once the model is
    ready, until then a page that says it is being prepared."""

    def builder(key: str) -> Callable:
        return lambda: create_app(key) if warmup.is_ready() else waiting_app(key)

    return {route: builder(key) for key, route, _ in PAGES}


def waiting_app(page: str = "compare"):
    """The page a session gets while the model is prepared (built without touching the model)."""
    import panel as pn

    doc = pn.state.curdoc
    if doc is not None:
        language.install()
        language.bind(doc, language.choose())
        _document(doc, _("Preparing \u2014 {page} \u2014 Co-Regulation Lab", page=_(PAGE[page].title)))
        doc._template_variables.setdefault("dist_url", local_dist_url())  # see create_app
    return warmup.waiting_page()


def _document(doc, title: str) -> None:
    """The page's head in the session's language: ``<html lang>``, title and description."""
    language.set_document(doc, HEAD_TEMPLATE, title)
    doc.template_variables["coreg_description"] = _(DESCRIPTION)


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


def make_server(port: int = 5006, lan: bool = False, show: bool = False, *, procs: int = 1, start: bool = False,
                **server_options):
    """A configured (not yet started) Panel server; ``server_options`` go to Panel's server as
    they are (the benchmarks add an endpoint of their own: :mod:`dashboards.bench.serve`).

    With ``procs`` > 1 Bokeh forks that many processes sharing the listening socket: this call
    then returns in each child, while the parent stays inside it, watching the children.
    """
    import panel as pn

    address = "0.0.0.0" if lan else "127.0.0.1"
    origins = lan_origins(port) if lan else [f"localhost:{port}", f"127.0.0.1:{port}"]
    extra = dict(server_options)
    if procs != 1:
        extra["num_procs"] = procs
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


def open_browser(url: str) -> threading.Thread:
    """Open ``url`` in a desktop browser if there is one, else say where to go; never fails.

    Runs in a background thread (starting a browser can take seconds). Without a desktop
    (Linux with no display) the only browsers Python finds are terminal ones, which would
    take over the server's terminal, so none is started.
    """

    def run() -> None:
        opened = False
        no_display = sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        )
        if not no_display:
            try:
                opened = webbrowser.open(url, new=2)
            except Exception:  # noqa: BLE001 -- a broken browser setup must not stop the server
                opened = False
        if not opened:
            print(_("No desktop browser to open here: open {url} in a browser.", url=url), file=sys.stderr, flush=True)

    thread = threading.Thread(target=run, name="coreg-open-browser", daemon=True)
    thread.start()
    return thread


def _stop_when_orphaned(server) -> None:
    """Stop this serving process once the parent that forked it has gone (stopped on its own,
    e.g. by ``kill``, the parent takes no child with it)."""
    from tornado.ioloop import PeriodicCallback

    parent = os.getppid()

    def check() -> None:
        if os.getppid() != parent:
            server.io_loop.stop()

    PeriodicCallback(check, 1000).start()


def serve(port: int = 5006, lan: bool = False, show: bool = False, *, procs: int = 1, warm: bool = True,
          **server_options) -> None:
    """Start the app and block until interrupted. Localhost only unless ``lan``.

    The server answers at once: a helper process compiles the model if the cache lacks it
    (started before any fork), and each serving process loads it in a background thread
    started after the fork (``warm``), so no numba state or thread crosses a ``fork()``.
    """
    from tornado import process

    if procs < 1:
        raise ValueError(f"procs must be at least 1, not {procs}")
    from sim.i18n import n_

    if lan:
        where = _("Co-Regulation Lab: this machine's network addresses, port {port}", port=port)
    else:
        where = _("Co-Regulation Lab: http://localhost:{port}/", port=port)
    served_by = "  " + n_("({n} process)", "({n} processes)", procs) if procs > 1 else ""
    print(where + served_by + "  " + _("(Ctrl+C stops it)"), file=sys.stderr, flush=True)
    if warm:  # one compile, however many processes serve; a process, so it is safe to fork after
        warmup.start_helper()
    try:
        server = make_server(port, lan, show, procs=procs, **server_options)
    except KeyboardInterrupt:  # with several processes, the parent returns here when stopped
        return
    if warm:
        warmup.start()
    else:
        warmup.mark_ready()
    server.start()
    if process.task_id() is not None:  # a child of several: stop when the parent is gone
        _stop_when_orphaned(server)
    # the socket already listens: the browser's request waits for the loop below; with several
    # processes only the first one opens it
    if show and process.task_id() in (None, 0):
        open_browser(f"http://localhost:{port}/")
    try:
        server.io_loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    from sim.i18n import from_environment, use

    with use(from_environment()):
        parser = argparse.ArgumentParser(prog="python -m dashboards.app", description=_("Serve the classroom app."))
        parser.add_argument("--port", type=int, default=5006)
        parser.add_argument("--lan", action="store_true", help=_("serve the local network, not only this machine"))
        parser.add_argument("--show", action="store_true", help=_("open a browser"))
        parser.add_argument("--procs", type=int, default=1,
                            help=_("serving processes (a classroom on a 2-core laptop: 2); default 1"))
        args = parser.parse_args(argv)
        if args.procs < 1:
            parser.error(_("--procs must be at least 1, not {n}", n=args.procs))
    serve(args.port, args.lan, args.show, procs=args.procs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
