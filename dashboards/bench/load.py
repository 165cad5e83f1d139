"""A classroom on one laptop, measured: ``python -m dashboards.bench --load``.

Starts the app with ``--procs N`` (by default 1, then 2) and opens many sessions of the
landing page from this one asyncio process with a light client that speaks Bokeh's
websocket protocol itself (a browser per student would need more cores than the server
it measures). Then, several rounds over, every session releases its latency slider at the
same moment, each to a value of its own. For each session the time runs from its release
(the message written to its socket) to its answer: the update of the page's live summary,
the last change the server sends for an update. Printed per process count: the median
and 90th percentile, the median of one session releasing alone first (the peer in the
same run), how the sessions spread over the processes, and the server's memory.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any

SLIDER_CLASS = "ctl-latency"
LIVE_NAME = "coreg-live-html"
MAX_MESSAGE = 256 * 1024 * 1024  # a whole pulled page arrives as one message
DOCUMENT_READY = {
    "kind": "MessageSent",
    "msg_type": "bokeh_event",
    "msg_data": {"type": "event", "name": "document_ready", "values": {"type": "map"}},
}


@dataclass(frozen=True)
class LoadPlan:
    sessions: int
    rounds: int
    solo_releases: int = 5  # releases of one session alone first: the peer in the same run
    open_batch: int = 4  # sessions opened at once while setting up (not measured)
    timeout_s: float = 120.0


LOAD_FULL = LoadPlan(sessions=40, rounds=5)
LOAD_SMOKE = LoadPlan(sessions=4, rounds=1, solo_releases=2)


def _models(doc_json: Any) -> list[dict]:
    """Every model object in a pulled document (they nest inside each other's attributes)."""
    found, stack = [], [doc_json]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "object" and "attributes" in item and "id" in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


class LightSession:
    """One student's landing page, without a browser: the websocket and two model ids."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.ws = None
        self.slider_id = ""
        self.live_id = ""
        self.start = self.end = self.step = 0.0
        self.value = 0.0

    async def open(self) -> None:
        from bokeh.protocol import Protocol
        from bokeh.protocol.receiver import Receiver
        from bokeh.util.token import generate_jwt_token, generate_session_id
        from tornado.websocket import websocket_connect

        self.protocol = Protocol()
        self.receiver = Receiver(self.protocol)
        token = generate_jwt_token(generate_session_id(), signed=False,
                                   extra_payload={"headers": {}, "cookies": {}}, expiration=3600)
        self.ws = await websocket_connect(self.url, subprotocols=["bokeh", token],
                                          max_message_size=MAX_MESSAGE)
        ack = await self._read()
        if ack.msgtype != "ACK":
            raise RuntimeError(f"expected ACK, got {ack.msgtype}")
        await self._send(self.protocol.create("PULL-DOC-REQ"))
        reply = await self._read_type("PULL-DOC-REPLY")
        for model in _models(reply.content["doc"]):
            attrs = model["attributes"]
            if SLIDER_CLASS in (attrs.get("css_classes") or []) and "value" in attrs:
                self.slider_id = model["id"]
                self.start, self.end = float(attrs["start"]), float(attrs["end"])
                self.step, self.value = float(attrs["step"]), float(attrs["value"])
            elif attrs.get("name") == LIVE_NAME:
                self.live_id = model["id"]
        if not (self.slider_id and self.live_id):
            raise RuntimeError("the landing page has no latency slider or live summary")
        await self._patch([DOCUMENT_READY])  # as a browser does once it has rendered the page

    def value_for(self, index: int, round_no: int) -> float:
        """A value of this session's own, different from the one the slider shows."""
        steps = max(1, round((self.end - self.start) / self.step))
        for k in range(steps + 1):
            value = round(self.start + self.step * ((index * 7 + round_no * 3 + k) % (steps + 1)), 6)
            if abs(value - self.value) > self.step / 2:
                return value
        return self.end

    async def release(self, value: float) -> float:
        """Let go of the slider at ``value``; seconds until the page's result arrived."""
        events = [{"kind": "ModelChanged", "model": {"id": self.slider_id}, "attr": attr, "new": value}
                  for attr in ("value", "value_throttled")]
        t0 = time.perf_counter()
        await self._patch(events)
        while True:
            msg = await self._read()
            if msg.msgtype == "PATCH-DOC" and any(
                ev.get("model", {}).get("id") == self.live_id for ev in msg.content.get("events", [])
            ):
                self.value = value
                return time.perf_counter() - t0
            if msg.msgtype == "ERROR":
                raise RuntimeError(f"the server refused the release: {msg.content}")

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()

    async def _patch(self, events: list[dict]) -> None:
        header = json.dumps({"msgid": uuid.uuid4().hex, "msgtype": "PATCH-DOC"})
        await self._send(self.protocol.assemble(header, "{}", json.dumps({"events": events})))

    async def _send(self, msg: Any) -> None:
        for part in (msg.header_json, msg.metadata_json, msg.content_json):
            await self.ws.write_message(part)

    async def _read(self) -> Any:
        while True:
            fragment = await self.ws.read_message()
            if fragment is None:
                raise RuntimeError("the server closed the session's websocket")
            msg = await self.receiver.consume(fragment)
            if msg is not None:
                return msg

    async def _read_type(self, msgtype: str) -> Any:
        while True:
            msg = await self._read()
            if msg.msgtype == msgtype:
                return msg


def percentile(values: list[float], q: float) -> float:
    """The q-th quantile by the nearest-rank rule (q in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


async def run_load(port: int, procs: int, plan: LoadPlan, log) -> dict:
    """Open the sessions, then release every slider at once, ``plan.rounds`` times."""
    url = f"ws://127.0.0.1:{port}/ws"
    sessions = [LightSession(url) for _ in range(plan.sessions)]
    t_open = time.perf_counter()
    for i in range(0, len(sessions), plan.open_batch):
        batch = sessions[i:i + plan.open_batch]
        await asyncio.wait_for(asyncio.gather(*(s.open() for s in batch)), plan.timeout_s)
    open_s = time.perf_counter() - t_open
    await asyncio.sleep(1.0)  # let the last pages finish their first drawing
    per_process = _per_process(port, procs)
    times: list[float] = []
    try:
        # the peer from the same run: one session releasing alone, the others idle
        first = sessions[0]
        alone = [await first.release(first.value_for(0, 100 + k)) for k in range(plan.solo_releases)]
        log(f"  one session alone: median {statistics.median(alone) * 1000:.0f} ms")
        for r in range(plan.rounds):
            values = [s.value_for(i, r) for i, s in enumerate(sessions)]
            answers = await asyncio.wait_for(
                asyncio.gather(*(s.release(v) for s, v in zip(sessions, values))), plan.timeout_s
            )
            times += answers
            log(f"  round {r + 1}: median {statistics.median(answers) * 1000:.0f} ms, "
                f"slowest {max(answers) * 1000:.0f} ms")
            await asyncio.sleep(0.5)
    finally:
        for s in sessions:
            await s.close()
    return {
        "sessions": plan.sessions,
        "rounds": plan.rounds,
        "samples": len(times),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "alone_median_ms": round(statistics.median(alone) * 1000, 1),
        "p90_ms": round(percentile(times, 0.9) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "open_all_s": round(open_s, 1),
        "sessions_per_process": sorted((p["sessions"] for p in per_process.values()), reverse=True),
        "rss_total_mb": round(sum(p["rss_kb"] for p in per_process.values()) / 1024, 1),
    }


def measure(procs_list: list[int], plan: LoadPlan, log) -> dict:
    """The load figures for each process count, each with a freshly started server."""
    from dashboards.bench import server as bench

    out: dict[str, Any] = {"sessions": plan.sessions, "rounds": plan.rounds, "by_procs": {}}
    for procs in procs_list:
        port = bench.free_port()
        proc = bench.start_server(port, lifetime_ms=60000, procs=procs)
        try:
            log(f"{plan.sessions} sessions on {procs} process(es):")
            result = asyncio.run(run_load(port, procs, plan, log))
        finally:
            bench.stop_server(proc)
        log(f"  {procs} process(es): median {result['median_ms']} ms, p90 {result['p90_ms']} ms, one session "
            f"alone {result['alone_median_ms']} ms (sessions per process {result['sessions_per_process']}, "
            f"memory {result['rss_total_mb']} MB)")
        out["by_procs"][str(procs)] = result
    return out


def _per_process(port: int, procs: int, tries: int = 200) -> dict[int, dict]:
    """Ask the stats route until every serving process has answered (the kernel picks one per request)."""
    from dashboards.bench import server as bench

    seen: dict[int, dict] = {}
    for _ in range(tries):
        answer = bench.stats(port)
        seen.setdefault(answer["pid"], answer)
        if len(seen) >= procs:
            break
    return seen
