"""Screenshots of every page at projector (1920x1080) and phone (390x844) size.

Not a test: ``python -m tests.browser.screenshots [OUTDIR]`` (default /tmp/shots) serves the
app on a free localhost port, waits for each page's first result and saves full-page PNGs
(every page at desktop size in normal and projector mode, and at phone size) for a person to look at.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboards.bench import server as bench
from dashboards.pages import PAGES
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS
from tests.browser.test_all_pages import READY

SIZES = {"desktop": (1920, 1080), "phone": (390, 844)}


def main(out: str = "/tmp/shots") -> None:
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    port = bench.free_port()
    proc = bench.start_server(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for size, (w, h) in SIZES.items():
                ctx = browser.new_context(viewport={"width": w, "height": h})
                for key, route, _ in PAGES:
                    for projector in (False, True) if size == "desktop" else (False,):
                        page = ctx.new_page()
                        query = "?projector=true" if projector else ""
                        page.goto(f"http://127.0.0.1:{port}{route}{query}")
                        page.locator(READY[route]).first.wait_for(timeout=60000)
                        if route == "/quiet":
                            page.get_by_role("slider", name="Minute of the night").press("End")
                            for _ in range(45):
                                page.get_by_role("slider", name="Minute of the night").press("ArrowLeft")
                        page.wait_for_timeout(1500)
                        name = f"{key}_{'projector_' if projector else ''}{size}.png"
                        page.screenshot(path=str(target / name), full_page=True)
                        page.close()
                ctx.close()
            browser.close()
    finally:
        bench.stop_server(proc)


if __name__ == "__main__":
    main(*sys.argv[1:])
