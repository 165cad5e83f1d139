"""The app as the benchmarks and the browser tests start it: ``python -m dashboards.bench.serve``.

The classroom app itself (:func:`dashboards.app.serve`) plus what only measuring needs: a
``/coreg-stats`` endpoint (open sessions, resident memory, whether the model is prepared) and
a short unused-session lifetime, so that the sessions a test or a benchmark closes are
discarded at once and its memory figures are of the sessions still open.
"""

from __future__ import annotations

import argparse
import gc
import json
import os

from tornado.web import RequestHandler

from dashboards import app, warmup


class StatsHandler(RequestHandler):
    """``/coreg-stats``: open sessions and the server's resident memory (``?gc=1`` collects first)."""

    def get(self) -> None:
        if self.get_argument("gc", "0") == "1":
            gc.collect()
        sessions = sum(len(ctx.sessions) for ctx in self.application._applications.values())
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({"sessions": sessions, "rss_kb": rss_kb(), "pid": os.getpid(),
                               "ready": warmup.is_ready(), "prepare_s": warmup.seconds()}))


def rss_kb(pid: int | str = "self") -> int:
    """Resident memory of a process in kB (Linux /proc)."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboards.bench.serve",
                                     description="Serve the app with the benchmarks' stats endpoint.")
    parser.add_argument("--port", type=int, default=5006)
    parser.add_argument("--procs", type=int, default=1, help="serving processes (default 1)")
    parser.add_argument("--session-lifetime-ms", type=int, default=400,
                        help="how long a closed session is kept before it is discarded (default 400)")
    args = parser.parse_args(argv)
    if args.procs < 1:
        parser.error(f"--procs must be at least 1, not {args.procs}")
    lifetime = args.session_lifetime_ms
    app.serve(args.port, procs=args.procs, extra_patterns=[(r"/coreg-stats", StatsHandler)],
              unused_session_lifetime_milliseconds=lifetime,
              check_unused_sessions_milliseconds=max(200, lifetime // 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
