"""Screenshots of every page at projector (1920x1080) and phone (390x844) size.

Not a test: ``python -m tests.browser.screenshots [OUTDIR [LANG ...]]`` (default /tmp/shots, English)
serves the app on a free localhost port, waits for each page's first result and saves full-page PNGs
(every page at desktop size in normal and projector mode, and at phone size; in each language given,
``?lang=``) for a person to look at. Chinese needs a CJK font (Debian: ``fonts-wqy-microhei``).
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


def main(out: str = "/tmp/shots", *languages: str) -> None:
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    port = bench.free_port()
    proc = bench.start_server(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for lang in languages or ("en",):
                for size, (w, h) in SIZES.items():
                    ctx = browser.new_context(viewport={"width": w, "height": h})
                    for key, route, _ in PAGES:
                        for projector in (False, True) if size == "desktop" and lang == "en" else (False,):
                            page = ctx.new_page()
                            query = "&".join((["projector=true"] if projector else []) + [f"lang={lang}"])
                            page.goto(f"http://127.0.0.1:{port}{route}?{query}")
                            page.locator(READY[route]).first.wait_for(timeout=60000)
                            if route == "/quiet":
                                handle = page.locator(".ctl-position [role=slider]")
                                handle.press("End")
                                for _ in range(45):
                                    handle.press("ArrowLeft")
                            page.wait_for_timeout(1500)
                            name = f"{key}_{lang}_{'projector_' if projector else ''}{size}.png"
                            page.screenshot(path=str(target / name), full_page=True)
                            page.close()
                    ctx.close()
            browser.close()
    finally:
        bench.stop_server(proc)


if __name__ == "__main__":
    main(*sys.argv[1:])
