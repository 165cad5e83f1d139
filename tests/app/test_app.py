"""Serving: localhost by default, the LAN only when asked, a fresh object tree per session."""

from __future__ import annotations

import socket

import panel as pn
import pytest
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards import app
from dashboards.pages import PAGES


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bound_addresses(server) -> set[str]:
    return {sock.getsockname()[0] for sock in server._http._sockets.values()}


def test_serve_binds_localhost_only_by_default():
    """Without --lan the app listens on 127.0.0.1 and accepts websockets from localhost only."""
    port = _free_port()
    server = app.make_server(port)
    try:
        assert _bound_addresses(server) == {"127.0.0.1"}
        origins = server._tornado.websocket_origins
        assert origins == {f"localhost:{port}", f"127.0.0.1:{port}"}
    finally:
        server.stop()
        server.unlisten()


def test_lan_mode_listens_on_all_interfaces_with_this_machines_origins():
    """With lan=True the app listens on every interface and allows this machine's own names as origins."""
    port = _free_port()
    server = app.make_server(port, lan=True)
    try:
        assert _bound_addresses(server) == {"0.0.0.0"}
        origins = server._tornado.websocket_origins
        assert f"localhost:{port}" in origins
        assert f"{socket.gethostname()}:{port}".lower() in {o.lower() for o in origins}
        assert "*" not in origins
    finally:
        server.stop()
        server.unlisten()


def test_every_route_has_a_page_builder():
    """The seven pages of UX.md each have a route."""
    routes = app.routes()
    assert set(routes) == {route for _, route, _ in PAGES}
    assert len(routes) == 7


@pytest.mark.parametrize("key", [key for key, _, _ in PAGES])
def test_each_session_gets_its_own_objects(key):
    """Building a page twice (two sessions) shares no widget or figure between them."""
    built = []
    for _ in range(2):
        doc = Document()
        with set_curdoc(doc):
            root = app.create_app(key)
            root.server_doc(doc)
        built.append(doc)
    ids_a = {id(m) for m in built[0].models}
    ids_b = {id(m) for m in built[1].models}
    assert ids_a.isdisjoint(ids_b)
    pn.state.reset()


def test_unknown_page_is_refused():
    with pytest.raises(KeyError):
        app.create_app("nope")
