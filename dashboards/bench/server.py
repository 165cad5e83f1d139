"""Starting, asking and stopping the app for the benchmarks and the browser tests.

One job: a server process on a free localhost port (the same ``dashboards`` this process
imports, started as :mod:`dashboards.bench.serve` starts it), its ``/coreg-stats`` answers, and
the Chromium it is driven with.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]
READY = ".compare-results td[data-policy=delayed]"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stats(port: int, collect: bool = False) -> dict:
    url = f"http://127.0.0.1:{port}/coreg-stats" + ("?gc=1" if collect else "")
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def english(environ) -> dict[str, str]:
    """``environ`` with the C locale: the server's console lines, which the benchmarks and tests
    read (``model ready in 12.3 s``), are in English whatever the machine's language."""
    env = {k: v for k, v in environ.items() if k not in ("LANGUAGE", "LC_MESSAGES", "LANG")}
    env["LC_ALL"] = "C.UTF-8"
    return env


def launch_server(
    port: int, *, procs: int = 1, lifetime_ms: int = 400, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start the app in its own process group (not waiting for it); its log goes to ``proc.log``.

    The server imports the same ``dashboards`` as this process (the checkout or the installed
    package, whichever this process runs), never whatever the working directory holds.
    """
    cmd = [sys.executable, "-P", "-m", "dashboards.bench.serve", "--port", str(port),
           "--session-lifetime-ms", str(lifetime_ms), "--procs", str(procs)]
    here = str(Path(__file__).resolve().parents[2])
    full_env = english(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
    full_env.update(env or {})
    # the server's log goes to a file: a pipe nobody reads would fill up and stall the server
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, text=True, start_new_session=True,
                            env=full_env)
    proc.log = log  # type: ignore[attr-defined]
    return proc


def server_log(proc: subprocess.Popen) -> str:
    proc.log.seek(0)  # type: ignore[attr-defined]
    return proc.log.read()  # type: ignore[attr-defined]


def wait_ready(
    port: int, proc: subprocess.Popen, *, procs: int = 1, timeout_s: float = 300
) -> dict[int, dict]:
    """Wait until every serving process answers with its model prepared; their stats by pid."""
    deadline = time.monotonic() + timeout_s
    seen: dict[int, dict] = {}
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early: {server_log(proc)[-2000:]}")
        try:
            answer = stats(port)
            seen[answer["pid"]] = answer
            if len(seen) >= procs and all(s["ready"] for s in seen.values()):
                return seen
        except OSError:
            pass
        time.sleep(0.1 if len(seen) < procs else 0.3)
    stop_server(proc)
    raise RuntimeError(f"the app was not ready within {timeout_s:.0f} s: {server_log(proc)[-2000:]}")


def start_server(port: int, lifetime_ms: int = 400, *, procs: int = 1) -> subprocess.Popen:
    """Start the app and return once it answers with the model prepared (in every process)."""
    proc = launch_server(port, procs=procs, lifetime_ms=lifetime_ms)
    wait_ready(port, proc, procs=procs)
    return proc


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


def wait_sessions(port: int, at_most: int, timeout_s: float = 20.0) -> int:
    deadline = time.monotonic() + timeout_s
    n = stats(port)["sessions"]
    while n > at_most and time.monotonic() < deadline:
        time.sleep(0.1)
        n = stats(port)["sessions"]
    return n
