"""Build your own: every setting, generated from its declaration; load, upload, download, reset.

The widgets of each settings group come from the model's declarations
(:class:`dashboards.widgets.Group`); the caregiver group shows only the chosen policy's
settings (``sim.params.POLICY_KEYS``). Loading a setup fills every widget with their
events discarded (``param.parameterized.discard_events``) and then runs it once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io

import panel as pn
import param

from dashboards import figures, library
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import (ONE_NIGHT, escape, hidden_words, metric_heading, number, number_text, policy_label,
                             reading_label, status_word)
from dashboards.widgets import Group
from sim.errors import CoregError
from sim.i18n import N_, _, current, use
from sim.export import csv_text
from sim.params import CAREGIVER_OWN_KEYS, MAX_STRESSORS, POLICY_KEYS, CaregiverParams, Setup, Stressor
from sim.printable import one_line
from sim.scenario import Scenario, scenario_texts
from sim.engine.simulate import RunResult
from sim.vocabulary import TABLE_METRICS

#: The settings groups shown as cards (the keys of :class:`sim.params.Setup`), with their titles.
GROUP_TITLES = {"run": N_("The run"), "infant": N_("The baby"), "sleep": N_("Sleep pressure"),
                "caregiver": N_("The caregiver"), "regimes": N_("Regime thresholds"),
                "mechanisms": N_("Mechanisms (assumptions)")}
OPEN_GROUPS = ("caregiver", "infant")
#: The title a scenario downloaded from the page has unless the user writes one.
MY_SCENARIO = N_("My scenario")
#: Simulated minutes above which a run shows a progress bar while it computes.
LONG_RUN_MIN = 600.0
#: The warning colour darkened so that its white label has a contrast of 6.4:1 (WCAG AA asks 4.5:1).
RESET_CSS = ".bk-btn-warning { background-color: #a63d00; border-color: #a63d00; color: #ffffff; }"

INTRO = N_(
    "Every setting of the model, with its bounds and meaning from one place. Change a value (press Enter "
    "or leave the box) and the plot follows. Load a scenario from the library or your own file; download "
    "the current setup as a scenario file, or the run as CSV for a spreadsheet."
)


def summary_html(result: RunResult) -> str:
    nights = result.nights if len(result.nights) <= 7 else (result.nights[0], result.nights[-1])
    head = "".join(f"<th scope='col'>" + escape(_('Night {n}', n=current().number(n.night))) + f"</th>" for n in nights)
    body = []
    for key in TABLE_METRICS:
        cells = "".join(
            f"<td data-metric='{key}' data-night='{n.night}'>{number_text(n.summary.get(key))}</td>"
            for n in nights
        )
        body.append(f"<tr><th scope='row'>{escape(metric_heading(key))}</th>{cells}</tr>")
    return (
        f"<table class='coreg build-summary'><caption>" + escape(_('Summary')) + f"</caption><thead><tr>"
        f"<th scope='col'>" + escape(_('Metric')) + f"</th>"
        f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def read_upload(data: bytes | str, fname: str) -> Scenario:
    """The scenario of an uploaded file (a worker thread's job: a large file takes a moment to read)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    return library.load_text(text, fname)


def schedule_html(setup: Setup) -> str:
    if not setup.schedule:
        return "<p>" + _("<em>Per-night schedule:</em> none (every night uses the caregiver above). Schedules "
                         "and scripted caregivers come from scenario files; upload one to use them.") + "</p>"
    num = current().number
    items = "".join(
        "<li>" + escape(_("nights {first}-{last}: {caregiver}", first=num(e.first_night), last=num(e.last_night),
                          caregiver=policy_label(e.caregiver.policy))) + "</li>"
        for e in setup.schedule
    )
    return "<p>" + _("<em>Per-night schedule from the loaded scenario</em> (kept as loaded):") + f"</p><ul>{items}</ul>"


def caregiver_keys(policy: str) -> tuple[str, ...]:
    """The caregiver settings shown for ``policy``: the policy, its own settings, the caregiver's state."""
    return ("policy", *POLICY_KEYS[policy], *CAREGIVER_OWN_KEYS)


class BuildPage(PageView):
    """Every model setting as a widget; the last night of the run, its summary, and the files."""

    key = "build"
    intro = INTRO

    loaded = param.ClassSelector(
        class_=Setup, doc="The setup last loaded or reset (its schedule and script are kept)."
    )
    setup = param.ClassSelector(class_=Setup, doc="The setup the widgets describe (the last valid one).")
    result = param.ClassSelector(class_=RunResult, allow_None=True, doc="The run of ``setup``.")
    edited = param.Event(doc="A setting's widget changed.")
    scenario_name = param.Selector(default=None, objects=[], label=N_("Scenario from the library"))
    scenario_title = param.String("My scenario", label=N_("Title of the downloaded scenario"))
    note = param.String("", doc="What was loaded last, in words.")
    busy = param.Boolean(False, doc="Whether a run is being computed.")

    def __init__(self, **params):
        base = library.default_base()
        params.setdefault("loaded", base)
        params.setdefault("setup", base)
        params.setdefault("scenario_title", _(MY_SCENARIO))
        super().__init__(**params)
        with param.parameterized.discard_events(self):  # the first run comes on load, in this reading
            self.setup = self.setup.with_values(reading=self.reading)
        names = library.names()
        self.param.scenario_name.objects = names
        self.scenario_name = library.DEFAULT_SCENARIO
        self._request = 0
        self._upload = 0
        self.groups = {key: Group(type(getattr(base, key)), key, getattr(base, key)) for key in GROUP_TITLES}
        for group in self.groups.values():
            group.watch(self._widget_changed)
        self.groups["caregiver"].widgets["policy"].param.watch(self._policy_changed, "value", precedence=1)
        self.groups["caregiver"].show_only(caregiver_keys(base.caregiver.policy))
        self.stressor_groups: list[Group] = []
        self.stressor_box = pn.Column(sizing_mode="stretch_width")
        self.add_stressor = pn.widgets.Button(
            label=_("Add a stressor"), width=160, css_classes=["ctl-add-stressor"]
        )
        self.remove_stressor = pn.widgets.Button(
            label=_("Remove the last stressor"), width=220, css_classes=["ctl-remove-stressor"]
        )
        self._set_stressors(base.stressors)
        self._make_file_controls()
        self.busy_bar = pn.indicators.Progress(
            label=_("Computing"), active=False, value=-1, width=160, visible=False
        )
        self.loaded_note = QuickHtml("", css_classes=["loaded-note"])
        self.schedule_note = QuickHtml(schedule_html(base))
        self.view = figures.run_view(_("Last night"), duration_min=base.run.duration_min)
        self.summary = QuickHtml("", css_classes=["build-summary-pane"])
        self.add_stressor.on_click(lambda _e: self._change_stressors(+1))
        self.remove_stressor.on_click(lambda _e: self._change_stressors(-1))
        if pn.state.curdoc is not None:
            pn.state.onload(self._run)

    def _make_file_controls(self) -> None:
        self.library_select = pn.widgets.Select.from_param(
            self.param.scenario_name, width=260, css_classes=["ctl-library"]
        )
        self.load_button = pn.widgets.Button(label=_("Load scenario"), width=150, css_classes=["ctl-load"])
        self.upload = pn.widgets.FileInput(
            label=_("Upload a scenario file (.toml)"),
            accept=".toml",
            multiple=False,
            css_classes=["ctl-upload"],
            width=300,
        )
        self.title_input = pn.widgets.TextInput.from_param(
            self.param.scenario_title, width=280, css_classes=["ctl-title"]
        )
        self.reset_button = pn.widgets.Button(
            label=_("Reset all"), color="warning", width=120, css_classes=["ctl-reset"], stylesheets=[RESET_CSS]
        )
        self.download_scenario, self.download_csv = (
            pn.widgets.FileDownload(
                callback=callback, filename=filename, label=label, css_classes=[css], width=w
            )
            for callback, filename, label, css, w in (
                (
                    self.scenario_file,
                    "my_scenario.toml",
                    _("Download scenario file"),
                    "ctl-download-scenario",
                    230,
                ),
                (self.csv_file, "coreg_run.csv", _("Download CSV"), "ctl-download-csv", 170),
            )
        )
        self.load_button.on_click(lambda _e: self.load_library_scenario())
        self.upload.param.watch(self._upload_changed, "value")
        self.reset_button.on_click(lambda _e: self.reset())

    # ---- from the widgets to the setup ----
    def read_setup(self) -> Setup:
        """The setup the widgets show (checked by the model: a bad value raises ``CoregError``)."""
        values = {key: group.values() for key, group in self.groups.items()}
        script = self.loaded.caregiver.actions if values["caregiver"]["policy"] == "scripted" else ()
        groups = {
            key: type(getattr(self.loaded, key))(**vals) for key, vals in values.items() if key != "caregiver"
        }
        return dataclasses.replace(
            self.loaded,
            **groups,
            caregiver=CaregiverParams(**values["caregiver"], actions=script),
            stressors=tuple(Stressor(**g.values()) for g in self.stressor_groups),
            reading=self.reading,
        )

    @param.depends("reading", watch=True)
    def _reading_switched(self) -> None:
        if self.setup.reading != self.reading:  # a setup just loaded brings its own reading along
            self._read_widgets()

    def _widget_changed(self, *_events) -> None:
        self.edited = True  # an Event: cheaper than param.trigger, which reads every parameter

    @param.depends("edited", watch=True)
    def _read_widgets(self) -> None:
        try:
            self.setup = self.read_setup()
        except (CoregError, TypeError, ValueError) as exc:
            self.refuse(exc)

    def _policy_changed(self, event) -> None:
        """A new policy: its documented settings fill the caregiver's widgets; only its own are shown."""
        try:
            merged = self.setup.caregiver.merged({"policy": event.new})
        except CoregError as exc:
            self.refuse(exc)
            return
        caregiver = self.groups["caregiver"]
        with pn.io.hold():
            with param.parameterized.discard_events(self):  # one run, for the policy change itself
                caregiver.set_values(merged)
            caregiver.show_only(caregiver_keys(event.new))

    # ---- running ----
    def _show_busy_bar(self) -> None:
        with pn.io.unlocked():
            self.busy_bar.param.update(visible=True, active=True)

    @param.depends("setup", watch=True)
    async def _run(self) -> None:
        self._request += 1
        request, setup = self._request, self.setup
        # a bar for long runs only: showing and hiding it costs the browser two layouts
        long_run = setup.run.nights * setup.run.duration_min > LONG_RUN_MIN
        try:
            runs = await self.run_within_budget_off_loop(lambda: {"run": setup},
                                                         started=self._show_busy_bar if long_run else None)
        finally:
            if long_run:
                with pn.io.unlocked():
                    self.busy_bar.param.update(visible=False, active=False)
        if runs is None or request != self._request:
            return  # refused (the page says why), or a newer request is on its way
        result = runs["run"]
        last = result.nights[-1]
        s = last.summary
        tts = s["time_to_settle_min"]
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            view = self.view
            view.signal.x_range.end = setup.run.duration_min
            view.signal.x_range.bounds = (0, setup.run.duration_min)
            view.update(last)
            view.set_thresholds(setup.regimes.crying, setup.regimes.arousal, setup.regimes.load)
            night = current().number(last.night)
            figures.set_title(view.signal, _("Night {n} ({caregiver}): what you hear", n=night,
                                       caregiver=policy_label(last.policy)))
            self.summary.object = summary_html(result)
            self.show_reading()
            said = [
                _("Night {n} with a caregiver who is \u201c{caregiver}\u201d: the baby cried {crying}.", n=night,
                  caregiver=policy_label(setup.caregiver.policy),
                  crying=_("{minutes} min", minutes=number(s["crying_min"], 1))),
                hidden_words(s),
                _("Its peak stress load was {load}.", load=number(s["peak_load"], 2)),
                _("It settled after {time}.", time=_("{minutes} min", minutes=number(tts, 1))) if tts is not None
                else _("It did not settle at all within the night."),
            ]
            self.param.update(result=result, error="", said=current().sentences(*said))

    def reading_remark(self) -> str:
        return _(ONE_NIGHT) if self.setup.run.nights == 1 else ""

    # ---- loading ----
    def apply(self, setup: Setup, note: str, title: str | None = None) -> None:
        """Show ``setup`` in every widget (their events discarded), then run it once.

        All the widget changes go to the browser in one message (``pn.io.hold``).
        """
        with pn.io.hold():
            with param.parameterized.discard_events(self):
                # the policy comes first in its group: the policy watcher's defaults are then overwritten
                for key, group in self.groups.items():
                    group.set_values(getattr(setup, key))
                self._set_stressors(setup.stressors)
            self.groups["caregiver"].show_only(caregiver_keys(setup.caregiver.policy))
            self.schedule_note.object = schedule_html(setup)
            its = _("Its reading: \u201c{reading}\u201d.", reading=reading_label(setup.reading))
            self.loaded_note.object = f"<p class='loaded'>{escape(note)} {escape(its)}</p>" if note else ""
            self.param.update(
                error="", note=note, loaded=setup, **({"scenario_title": title} if title else {})
            )
        self.setup = setup
        self.reading = setup.reading  # the file's reading comes with its other settings

    def load_library_scenario(self) -> None:
        name = self.scenario_name
        try:
            scenario = library.load(name)
            setup = library.base_setup(scenario)
        except Exception as exc:  # noqa: BLE001 - a library file that fails to load is reported, not raised
            self.refuse(exc, _("Could not load {name}:", name=name))
            return
        self.apply(setup, _("Loaded from the library: {title} (status: {status}).", title=scenario_texts(scenario).title,
                            status=status_word(scenario.status)), scenario.title)

    async def _upload_changed(self, event) -> None:
        await self.load_upload(event.new, self.upload.filename)

    async def load_upload(self, data: bytes | None, filename: str | None) -> None:
        """Read an uploaded file off the event loop (the sessions this process serves keep getting
        their answers meanwhile), then load it, or say in the page why it was refused."""
        if not data:
            return
        fname = one_line(filename or "uploaded.toml")
        self._upload += 1
        upload = self._upload
        try:
            scenario, refusal = await asyncio.to_thread(self._read_upload, data, fname), None
        except Exception as exc:  # noqa: BLE001 - every problem of the file is reported in the page
            scenario, refusal = None, exc
        if upload != self._upload:
            return  # a newer upload is on its way
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            if isinstance(refusal, UnicodeDecodeError):
                self.error = _("Could not read {file}: it is not a text (UTF-8) file. A scenario file is TOML "
                               "text.", file=fname)
            elif refusal is not None:
                self.refuse(refusal, _("Could not read {file}:", file=fname))
            else:
                self.apply(library.base_setup(scenario),
                           _("Loaded from your file {file}: {title}", file=fname, title=scenario_texts(scenario).title),
                           scenario.title)

    def _read_upload(self, data: bytes | str, fname: str) -> Scenario:
        """:func:`read_upload` in the page's language (a worker thread: its messages too)."""
        with use(self.lang):
            return read_upload(data, fname)

    def reset(self) -> None:
        self.apply(library.default_base(), _("Reset: every setting is back to the default scenario."),
                   _(MY_SCENARIO))

    # ---- stressors ----
    def _set_stressors(self, stressors) -> None:
        if len(stressors) == len(self.stressor_groups):  # the same cards, new values: no new widgets
            for group, stressor in zip(self.stressor_groups, stressors):
                group.set_values(stressor)
            return
        self.stressor_groups = [Group(Stressor, f"stressors.{i + 1}", s) for i, s in enumerate(stressors)]
        for group in self.stressor_groups:
            group.watch(self._widget_changed)
        self._show_stressors()

    def _change_stressors(self, delta: int) -> None:
        if delta > 0 and len(self.stressor_groups) < MAX_STRESSORS:
            group = Group(Stressor, f"stressors.{len(self.stressor_groups) + 1}", Stressor())
            group.watch(self._widget_changed)
            self.stressor_groups.append(group)
        elif delta < 0 and len(self.stressor_groups) > 1:
            self.stressor_groups.pop()
        else:
            return
        self._show_stressors()
        self.edited = True

    def _show_stressors(self) -> None:
        self.stressor_box.objects = [
            pn.Card(
                g.panel(columns=2), title=_("Stressor {n}", n=current().number(i + 1)), collapsed=False, sizing_mode="stretch_width"
            )
            for i, g in enumerate(self.stressor_groups)
        ]
        self.add_stressor.disabled = len(self.stressor_groups) >= MAX_STRESSORS
        self.remove_stressor.disabled = len(self.stressor_groups) <= 1

    # ---- files ----
    def csv_file(self) -> io.StringIO:
        return io.StringIO(csv_text(self.result) if self.result is not None else "")

    def scenario_file(self) -> io.StringIO:
        try:
            text = library.to_toml(self.read_setup(), self.scenario_title.strip() or _(MY_SCENARIO))
        except CoregError as exc:
            self.refuse(exc)
            return io.StringIO("")
        return io.StringIO(text)

    # ---- layout ----
    def restyle(self, projector: bool) -> None:
        self.view.restyle(projector)

    def controls(self) -> pn.Column:
        row = {"flex_wrap": "wrap", "align_items": "flex-end", "sizing_mode": "stretch_width"}
        return pn.Column(
            pn.FlexBox(self.library_select, self.load_button, self.upload, **row),
            pn.FlexBox(
                self.title_input,
                self.download_scenario,
                self.download_csv,
                self.reset_button,
                self.busy_bar,
                **row,
            ),
            self.loaded_note,
            sizing_mode="stretch_width",
        )

    def body(self) -> list:
        cards = {
            key: pn.Card(
                self.groups[key].panel(columns=2),
                title=_(title),
                collapsed=key not in OPEN_GROUPS,
                sizing_mode="stretch_width",
            )
            for key, title in GROUP_TITLES.items()
        }
        stressors = pn.Card(
            self.stressor_box,
            pn.FlexBox(self.add_stressor, self.remove_stressor, flex_wrap="wrap", gap="6px"),
            title=_("Stressors"),
            collapsed=True,
            sizing_mode="stretch_width",
        )
        order = [
            *(cards[k] for k in ("run", "infant", "sleep", "caregiver")),
            stressors,
            cards["regimes"],
            cards["mechanisms"],
        ]
        settings = pn.Column(
            QuickHtml(f"<h2>" + escape(_('Settings')) + f"</h2>"), *order, self.schedule_note, sizing_mode="stretch_width"
        )
        results = pn.Column(
            QuickHtml(f"<h2>" + escape(_('Result')) + f"</h2>"),
            pn.pane.Bokeh(self.view.layout(), sizing_mode="stretch_width"),
            QuickHtml(figures.regime_legend_html()),
            self.summary,
            sizing_mode="stretch_width",
        )
        return [flex(settings, results, min_item=300)]
