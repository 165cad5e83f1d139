"""The "Download as a lesson file" button of Compare, Across nights and Lesson mode.

It downloads what the page shows as one HTML file (:mod:`dashboards.lessonfile`): the page's
settings are read when the button is pressed, and the file, seconds of computing, is made in
a thread, off the event loop, so the page and every other session keep answering.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable

import panel as pn

from sim.errors import CoregError
from sim.i18n import N_, _, current, use

LABEL = N_("Download as a lesson file")


def lesson_file_button(page, make: Callable[[], Callable[[], str]], filename: str) -> pn.widgets.FileDownload:
    """A button that downloads ``page`` as a lesson file: ``make()`` reads the page's settings and
    returns the function that makes the file. A refusal (a case too long) is said in the page."""

    code = current().code  # the file is made in the page's language

    async def callback() -> io.BytesIO:
        with pn.io.unlocked():
            button.loading = True
        try:
            work = make()  # the page's settings, read now

            def made() -> str:
                with use(code):
                    return work()

            text = await asyncio.to_thread(made)
        except CoregError as exc:
            page.refuse(exc, _("No lesson file:"))
            raise
        finally:
            with pn.io.unlocked():
                button.loading = False
        return io.BytesIO(text.encode("utf-8"))

    button = pn.widgets.FileDownload(callback=callback, filename=filename, label=_(LABEL), color="primary",
                                     css_classes=["ctl-lesson-file"], width=240, align="end")
    return button
