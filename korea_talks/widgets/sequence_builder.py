"""The sequence builder: pick moves by actor, order them, run them, compare and explore.

A view only: every result comes from :mod:`korea_talks.sequence`. The widget runs the
chosen preset (the author's roadmap by default) when it is built, so the static book
shows a full view (verdict, plot and explanation) without a running kernel. The plot is
one inline SVG inside an ``HTML`` widget, which keeps the embedded page state small.

Every control has a visible label (``description``) and a tooltip, and is an ordinary
HTML control that works from the keyboard (Tab to move, Enter or Space to press,
arrow keys in lists).

>>> builder = SequenceBuilder()
>>> builder.result.verdict.value
'settlement-track'
>>> "Settlement track" in builder.verdict_html.value
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from korea_talks.palette import FREEZE_SHADE, OKABE_ITO, TRAJECTORY
from korea_talks.seminar.one_screen import SeminarTable
from korea_talks.sequence import (
    ACTORS,
    GROWTH_RULE_ID,
    MAX_MOVES,
    PRESETS,
    VERDICT_MEANINGS,
    Catalogue,
    SequenceModelError,
    SimulationResult,
    Verdict,
    explore,
    get_preset,
    load_catalogue,
    simulate,
    simulate_many,
)
from korea_talks.widgets.layout import WIDGET_CLASS, styled
from korea_talks.widgets.lens_views import LensViews
from korea_talks.widgets.static_view import StaticFallback
from korea_talks.widgets.svg_chart import Band, Series, line_chart

FREEZE_LABELS = {1: "test moratorium holds", 2: "freeze holds"}
"""Legend names of the shaded steps, by the model's freeze level."""

VERDICT_COLOURS = {
    Verdict.WAR_RISK: OKABE_ITO["vermillion"],
    Verdict.BREAKDOWN: OKABE_ITO["orange"],
    Verdict.STALEMATE: "#666666",
    Verdict.MORATORIUM: OKABE_ITO["sky blue"],
    Verdict.VERIFIED_FREEZE: OKABE_ITO["blue"],
    Verdict.SETTLEMENT_TRACK: OKABE_ITO["bluish green"],
}
_WIDE = {"description_width": "9em"}
_NARROW = {"description_width": "5.5em"}
_LAYOUT = widgets.Layout(width="auto")


# --------------------------------------------------------------------------- rendering


def trajectory_svg(
    result: SimulationResult, *, width: int = 480, height: int = 280, title: str = ""
) -> str:
    """Draw the state over the steps as an accessible inline SVG line chart.

    Lines differ by colour (Okabe-Ito), dash pattern and marker (styles from
    :data:`korea_talks.palette.TRAJECTORY`); shaded bands mark steps where a test
    moratorium (light) or a freeze (darker) holds, each named in the legend.

    >>> chart = trajectory_svg(simulate(["us_direct_talks"]))
    >>> chart.startswith("<figure") and "<desc>" in chart and "level (0-10)" in chart
    True
    """
    frame = result.trajectory
    steps = len(frame) - 1
    final = frame.iloc[-1]
    desc = (
        f"State over {steps} step(s). Verdict: {result.verdict.title}. Final values: "
        + ", ".join(f"{label} {final[col]:.1f}" for col, label, *_ in TRAJECTORY)
        + "."
    )
    series = [
        Series(label, list(frame[col]), OKABE_ITO[colour], line, marker)
        for col, label, colour, line, marker in TRAJECTORY
    ]
    shade, light, dark = FREEZE_SHADE
    bands = [
        Band(i, i, FREEZE_LABELS[int(level)], shade, light if level == 1 else dark)
        for i, level in enumerate(frame["freeze"])
        if level and i > 0
    ]
    return line_chart(
        series,
        title=title or "State of the negotiation model over the steps",
        desc=desc,
        x_label="step",
        y_label="level (0-10)",
        y_range=(0, 10),
        bands=bands,
        width=width,
        height=height,
    )


def verdict_html(result: SimulationResult) -> str:
    """The verdict in plain words, with a coloured badge and its meaning."""
    colour = VERDICT_COLOURS[result.verdict]
    return (
        '<div role="status" aria-live="polite" style="border-left:6px solid '
        f'{colour};padding:4px 10px;margin:4px 0">'
        f"<strong>Verdict: {html.escape(result.verdict.title)}</strong> "
        f"<span style='color:#555'>({html.escape(VERDICT_MEANINGS[result.verdict])})</span>"
        f"<br>{html.escape(result.verdict_text)}</div>"
    )


def explanation_html(result: SimulationResult) -> str:
    """The step-by-step explanation as an ordered list; each line names rule and sections."""
    items = []
    for line in result.explanation:
        style = "" if line.applied else " style='color:#a04000'"
        background = line.rule_id == GROWTH_RULE_ID
        text = html.escape(line.text)
        if background:
            text = f"<em>{text}</em>"
        items.append(
            f"<li{style}><strong>Step {line.step}</strong>: {text} "
            f"<code>{html.escape(line.rule_id)}</code> "
            f"<span title='article sections'>[{html.escape(', '.join(line.sections))}]</span>"
            "</li>"
        )
    return (
        "<div aria-label='Step-by-step explanation'><ul style='padding-left:1.2em;"
        "margin:4px 0'>" + "".join(items) + "</ul></div>"
    )


def distribution_html(counts: pd.Series, runs: int, seed: int | None) -> str:
    """Horizontal bars of the share of random runs ending in each verdict."""
    rows = []
    for name, count in counts.items():
        verdict = Verdict(str(name))
        share = count / runs
        rows.append(
            "<div style='display:flex;align-items:center;margin:2px 0'>"
            f"<span style='width:9em'>{html.escape(verdict.title)}</span>"
            f"<span role='img' aria-label='{verdict.title}: {share:.0%}' style='display:"
            f"inline-block;height:12px;width:{max(share * 300, 1):.0f}px;background:"
            f"{VERDICT_COLOURS[verdict]}'></span>"
            f"<span style='margin-left:6px'>{share:.0%} ({count} of {runs})</span></div>"
        )
    return (
        f"<div><strong>Outcome distribution</strong> over {runs} random runs "
        f"(seed {seed}); each run draws every probability from its documented range, then "
        "the hedged responses.</div>" + "".join(rows)
    )


def _button(label: str, tooltip: str, style: str = "") -> widgets.Button:
    return widgets.Button(description=label, tooltip=tooltip, button_style=style, layout=_LAYOUT)


# --------------------------------------------------------------------------- the widget


class SequenceBuilder(StaticFallback, widgets.VBox):
    """Build a sequence of moves, run it through the model and read why it ends as it does.

    Parameters
    ----------
    preset:
        The preset shown (and already run) when the widget is built.
    catalogue:
        A move catalogue (default: the packaged one); an instructor may pass an edited copy.
    """

    def __init__(
        self, preset: str = "author-roadmap", *, catalogue: Catalogue | None = None
    ) -> None:
        self.catalogue = catalogue if catalogue is not None else load_catalogue()
        self._sequence: list[str] = list(get_preset(preset).moves)
        self.result: SimulationResult | None = None
        self._compare_sequence: list[str] = list(get_preset("cvid-first").moves)
        self._compare_name = "cvid-first"
        self.seminar: SeminarTable | None = None
        self.lens_views = LensViews(lambda: self.sequence, self.run)

        # palette
        self.actor_dropdown = widgets.Dropdown(
            options=[(label, key) for key, label in ACTORS.items()],
            value="US",
            description="Actor",
            tooltip="Choose whose moves to list",
            style=_WIDE,
        )
        self.move_select = widgets.Select(
            options=[],
            rows=6,
            description="Move",
            tooltip="Moves of the chosen actor; the description appears below",
            style=_NARROW,
            layout=widgets.Layout(width="95%"),
        )
        self.move_info = widgets.HTML()
        self.add_button = _button("Add step", "Add the selected move at the end", "primary")

        # sequence
        self.steps_select = widgets.Select(
            options=[],
            rows=9,
            description="Sequence",
            tooltip="The steps in order; select one to remove or move it",
            style=_NARROW,
            layout=widgets.Layout(width="95%"),
        )
        # a list box cannot wrap its options: the full text of the selected step is shown
        # below it, as the move's is below the move list
        self.step_info = widgets.HTML()
        self.remove_button = _button("Remove step", "Remove the selected step")
        self.up_button = _button("Move up", "Move the selected step one place earlier")
        self.down_button = _button("Move down", "Move the selected step one place later")
        self.clear_button = _button("Clear", "Remove every step")
        self.preset_dropdown = widgets.Dropdown(
            options=[(p.title, name) for name, p in PRESETS.items()],
            value=preset,
            description="Preset",
            tooltip="A ready-made sequence",
            style=_WIDE,
        )
        self.load_button = _button("Load preset", "Replace the sequence by the chosen preset")
        self.load_button.layout = widgets.Layout(width="auto", min_width="8em")
        self.run_button = _button("Run", "Run the sequence through the model", "success")

        # outputs
        self.verdict_html = widgets.HTML()
        self.plot_html = widgets.HTML()
        self.explanation_html = widgets.HTML()
        self.message_html = widgets.HTML()

        # compare
        self.compare_dropdown = widgets.Dropdown(
            options=[(p.title, name) for name, p in PRESETS.items()],
            value="cvid-first",
            description="Compare with",
            tooltip="Sequence B, shown beside the current one",
            style=_WIDE,
        )
        self.pin_button = _button(
            "Pin current as B", "Keep the current sequence as the comparison (B)"
        )
        self.compare_html = widgets.HTML()

        # uncertainty
        self.runs_input = widgets.BoundedIntText(
            value=200,
            min=10,
            max=5000,
            step=10,
            description="Runs",
            tooltip="Number of random runs (10 to 5000)",
            style=_WIDE,
        )
        self.seed_input = widgets.BoundedIntText(
            value=0,
            min=0,
            max=2**31 - 1,
            description="Seed",
            tooltip="Same seed, same distribution",
            style=_WIDE,
        )
        self.uncertainty_button = _button(
            "Run uncertainty", "Draw the hedged responses at random, many times"
        )
        self.uncertainty_html = widgets.HTML()

        # explorer
        self.explore_button = _button(
            "Explore orderings", f"Evaluate every ordering of the current moves (up to {MAX_MOVES})"
        )
        self.explore_html = widgets.HTML()

        # seminar on one screen: the seminar engine's table (korea_talks.seminar)
        self.seminar_file = widgets.Text(
            value="seminar.sqlite",
            description="Session file",
            tooltip="SQLite file of the session; an existing file is resumed",
            style=_WIDE,
        )
        self.open_seminar_button = _button(
            "Open session", "Start, or resume, a seminar session on this screen", "primary"
        )
        self.seminar_box = widgets.VBox([])

        self._wire()
        self._refresh_palette()
        self._refresh_steps()
        self.run()
        # Example results, so that the static book shows them too (they need no kernel to read)
        self.run_uncertainty()
        self.run_explorer()
        shown = html.escape(PRESETS[preset].title)
        for output, button in (
            (self.uncertainty_html, "Run uncertainty"),
            (self.explore_html, "Explore orderings"),
        ):
            output.value = (
                f"<p class='kt-example'><em>Example: the result for “{shown}”, computed when "
                f"this view was built. Change the sequence and press “{button}” to recompute "
                "it (this needs a running notebook).</em></p>" + output.value
            )

        tabs = widgets.Tab(
            children=[
                self.explanation_html,
                widgets.VBox(
                    [widgets.HBox([self.compare_dropdown, self.pin_button]), self.compare_html]
                ),
                widgets.VBox(
                    [
                        widgets.HBox([self.runs_input, self.seed_input, self.uncertainty_button]),
                        self.uncertainty_html,
                    ]
                ),
                widgets.VBox([self.explore_button, self.explore_html]),
                self.lens_views,
                widgets.VBox(
                    [widgets.HBox([self.seminar_file, self.open_seminar_button]), self.seminar_box]
                ),
            ]
        )
        for i, title in enumerate(
            ["Explanation", "Compare", "Uncertainty", "Explorer", "Lenses", "Seminar role-play"]
        ):
            tabs.set_title(i, title)
        self.tabs = tabs
        palette = widgets.VBox(
            [
                widgets.HTML("<strong>1. Choose a move</strong>"),
                self.actor_dropdown,
                self.move_select,
                self.move_info,
                self.add_button,
            ],
            layout=widgets.Layout(width="50%"),
        )
        sequence = widgets.VBox(
            [
                widgets.HTML("<strong>2. Order the sequence</strong>"),
                self.steps_select,
                self.step_info,
                widgets.HBox(
                    [self.remove_button, self.up_button, self.down_button, self.clear_button]
                ),
                self.preset_dropdown,
                self.load_button,
                self.lens_views.selector,
                self.run_button,
            ],
            layout=widgets.Layout(width="50%"),
        )
        super().__init__(
            styled(
                [
                    widgets.HBox([palette, sequence]),
                    self.message_html,
                    self.verdict_html,
                    self.plot_html,
                    tabs,
                ]
            )
        )
        self.add_class(WIDGET_CLASS)

    # ------------------------------------------------------------------ state

    @property
    def sequence(self) -> list[str]:
        """The current sequence of move ids (a copy)."""
        return list(self._sequence)

    def set_sequence(self, move_ids: Sequence[str]) -> None:
        """Replace the sequence (unknown ids are reported, not raised) and rerun."""
        try:
            self.catalogue.check_sequence(move_ids)
        except SequenceModelError as error:
            self.message_html.value = _message(str(error))
            return
        self._sequence = list(move_ids)
        self._refresh_steps()
        self.run()

    def load_preset(self, name: str) -> None:
        """Replace the sequence by a preset and rerun."""
        self.set_sequence(get_preset(name).moves)

    def run(self) -> SimulationResult:
        """Run the current sequence and redraw verdict, plot, explanation and comparison."""
        self.result = simulate(self._sequence, catalogue=self.catalogue, lens=self.lens_views.lens)
        self.lens_views.refresh()
        self.verdict_html.value = verdict_html(self.result)
        self.plot_html.value = trajectory_svg(self.result)
        self.explanation_html.value = explanation_html(self.result)
        self.message_html.value = ""
        self._render_compare()  # A is the current sequence: redraw it after every run
        return self.result

    # ------------------------------------------------------------------ wiring

    def _wire(self) -> None:
        self.actor_dropdown.observe(lambda _: self._refresh_palette(), names="value")
        self.move_select.observe(lambda _: self._describe_move(), names="value")
        self.steps_select.observe(lambda _: self._describe_step(), names="value")
        self.add_button.on_click(lambda _: self._add())
        self.remove_button.on_click(lambda _: self._remove())
        self.up_button.on_click(lambda _: self._shift(-1))
        self.down_button.on_click(lambda _: self._shift(1))
        self.clear_button.on_click(lambda _: self.set_sequence([]))
        self.load_button.on_click(lambda _: self.load_preset(self.preset_dropdown.value))
        self.run_button.on_click(lambda _: self.run())
        self.compare_dropdown.observe(lambda _: self._compare_preset(), names="value")
        self.pin_button.on_click(lambda _: self._pin())
        self.uncertainty_button.on_click(lambda _: self.run_uncertainty())
        self.explore_button.on_click(lambda _: self.run_explorer())
        self.open_seminar_button.on_click(lambda _: self.open_seminar(self.seminar_file.value))

    def _refresh_palette(self) -> None:
        moves = self.catalogue.by_actor()[self.actor_dropdown.value]
        self.move_select.options = [(m.label, m.id) for m in moves]
        self.move_select.value = moves[0].id if moves else None
        self._describe_move()

    def _describe_move(self) -> None:
        move_id = self.move_select.value
        if move_id is None:
            self.move_info.value = ""
            return
        move = self.catalogue.get(move_id)
        rules = "; ".join(f"{r.id} ({', '.join(r.sections)})" for r in move.rules)
        self.move_info.value = (
            f"<div style='font-size:90%'><strong>{html.escape(move.label)}</strong> "
            f"<code>{move.id}</code> [{', '.join(move.sections)}]<br>"
            f"{html.escape(move.description)}<br><span style='color:#555'>Rules: "
            f"{html.escape(rules)}</span></div>"
        )

    def _refresh_steps(self, selected: int | None = None) -> None:
        options = []
        for i, move_id in enumerate(self._sequence):
            move = self.catalogue.get(move_id)
            options.append((f"{i + 1}. {move.label} ({move.actor})", i))
        self.steps_select.options = options
        if options:
            index = len(options) - 1 if selected is None else selected
            self.steps_select.value = max(0, min(index, len(options) - 1))
        self._describe_step()

    def _describe_step(self) -> None:
        index = self.steps_select.value
        if index is None or not self.steps_select.options:
            self.step_info.value = ""
            return
        label = self.steps_select.options[index][0]
        move = self.catalogue.get(self._sequence[index])
        self.step_info.value = (
            f"<div style='font-size:90%'>Selected: <strong>{html.escape(label)}</strong> "
            f"<code>{move.id}</code> [{', '.join(move.sections)}]</div>"
        )

    def _add(self) -> None:
        if self.move_select.value is None:
            return
        self._sequence.append(self.move_select.value)
        self._refresh_steps()
        self.run()

    def _remove(self) -> None:
        index = self.steps_select.value
        if index is None:
            self.message_html.value = _message("Select a step to remove.")
            return
        del self._sequence[index]
        self._refresh_steps(index)
        self.run()

    def _shift(self, offset: int) -> None:
        index = self.steps_select.value
        if index is None:
            return
        target = index + offset
        if not 0 <= target < len(self._sequence):
            return
        seq = self._sequence
        seq[index], seq[target] = seq[target], seq[index]
        self._refresh_steps(target)
        self.run()

    # ------------------------------------------------------------------ compare

    def _compare_preset(self) -> None:
        name = self.compare_dropdown.value
        self._compare_sequence = list(get_preset(name).moves)
        self._compare_name = PRESETS[name].title
        self._render_compare()

    def _pin(self) -> None:
        self._compare_sequence = list(self._sequence)
        self._compare_name = "pinned sequence"
        self._render_compare()

    def _render_compare(self) -> None:
        other = simulate(self._compare_sequence, catalogue=self.catalogue)
        if self._compare_name and self._compare_name in PRESETS:
            self._compare_name = PRESETS[self._compare_name].title
        current = self.result if self.result is not None else self.run()
        self.compare_html.value = compare_html(
            ("A: current sequence", current), (f"B: {self._compare_name}", other)
        )

    # ------------------------------------------------------------------ uncertainty

    def run_uncertainty(self) -> None:
        """Run the current sequence many times with random hedged responses."""
        dist = simulate_many(
            self._sequence,
            runs=int(self.runs_input.value),
            seed=int(self.seed_input.value),
            catalogue=self.catalogue,
            lens=self.lens_views.lens,
        )
        self.uncertainty_html.value = distribution_html(dist.counts, dist.runs, dist.seed)

    # ------------------------------------------------------------------ explorer

    def run_explorer(self) -> None:
        """Evaluate every ordering of the current moves (distinct, at most 9)."""
        moves = list(dict.fromkeys(self._sequence))
        if not moves:
            self.explore_html.value = _message("Add some moves first.")
            return
        if len(moves) > MAX_MOVES:
            self.explore_html.value = _message(
                f"The explorer takes at most {MAX_MOVES} different moves; the sequence has "
                f"{len(moves)}. Remove some steps first."
            )
            return
        note = ""
        if len(moves) < len(self._sequence):
            note = "<p>Repeated moves are explored once each.</p>"
        result = explore(moves, catalogue=self.catalogue, lens=self.lens_views.lens)
        examples = "".join(
            f"<li><strong>{html.escape(Verdict(v).title)}</strong>, e.g. "
            + html.escape(" → ".join(orders[0]))
            + "</li>"
            for v, orders in result.by_verdict(1).items()
        )
        top = result.position_effect.head(5)
        table = top.to_html(
            index=False,
            float_format=lambda x: f"{x:.0%}",
            border=0,
            columns=["move", "best_position", "best_share", "worst_position", "worst_share"],
        )
        summary = "<pre style='white-space:pre-wrap'>" + html.escape(result.summary()) + "</pre>"
        if not result.feasible:  # the summary says why; no empty sections
            self.explore_html.value = note + summary
            return
        self.explore_html.value = (
            note
            + summary
            + "<p>One example per verdict:</p><ul>"
            + examples
            + "</ul><p>Moves whose position matters most (share of feasible orderings reaching "
            "the settlement track with the move at its best and worst position):</p>"
            + f"<div class='kt-scroll'>{table}</div>"
        )

    # ------------------------------------------------------------------ seminar

    def open_seminar(self, path: str | Path, teams: tuple[str, ...] | None = None) -> SeminarTable:
        """Start or resume the one-screen seminar in ``path`` (the engine of the served one)."""
        self.seminar = SeminarTable(path, teams=teams)
        self.seminar_box.children = [self.seminar.widget]
        return self.seminar


def compare_html(*panels: tuple[str, SimulationResult]) -> str:
    """Two (or more) results side by side: title, verdict, small plot and moves."""
    cells = []
    for title, result in panels:
        moves = "".join(f"<li>{html.escape(m)}</li>" for m in result.sequence) or "<li>(none)</li>"
        cells.append(
            "<div style='flex:1;min-width:300px'>"
            f"<h4 style='margin:4px 0'>{html.escape(title)}</h4>"
            + verdict_html(result)
            + trajectory_svg(result, width=400, height=230, title=title)
            + f"<details><summary>Moves</summary><ol>{moves}</ol></details></div>"
        )
    return "<div style='display:flex;gap:12px;flex-wrap:wrap'>" + "".join(cells) + "</div>"


def _message(text: str) -> str:
    return f"<div role='alert' style='color:#a04000'>{html.escape(text)}</div>"
