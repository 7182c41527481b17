"""The sequence builder: pick moves by actor, order them, run them, compare and explore.

A view only: every result comes from :mod:`korea_talks.sequence`, drawn by the functions
of :mod:`korea_talks.widgets.sequence_html`. The widget runs the chosen preset (the
author's roadmap by default) when it is built, so the static book shows a full view
(verdict, plot and explanation) without a running kernel. The plot is one inline SVG
inside an ``HTML`` widget, which keeps the embedded page state small.

The constructor assembles the view from parts, one small method each: the move palette,
the sequence column, the result and the tabs (:meth:`SequenceBuilder._tab_parts` lists
them; a new tab is one line there and a method making its box).

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

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from korea_talks.sequence import (
    ACTORS,
    MAX_MOVES,
    PRESETS,
    VERDICTS,
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
from korea_talks.sequence.contest import where_lenses_split
from korea_talks.widgets.layout import WIDGET_CLASS, column, label_style, make_button, styled
from korea_talks.widgets.lens_views import LensViews
from korea_talks.widgets.sequence_html import (
    FREEZE_LABELS,
    compare_html,
    distribution_html,
    example_note_html,
    explanation_html,
    explorer_html,
    lens_split_html,
    message_html,
    move_html,
    step_html,
    trajectory_svg,
    verdict_html,
)
from korea_talks.widgets.static_view import StaticFallback

if TYPE_CHECKING:  # the seminar's store needs sqlite3, which Python in the browser lacks
    from korea_talks.seminar.one_screen import SeminarTable

__all__ = ["FREEZE_LABELS", "SequenceBuilder", "compare_html", "trajectory_svg", "verdict_html"]


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
        self._edited_catalogue = catalogue is not None
        self._sequence: list[str] = list(get_preset(preset).moves)
        self.result: SimulationResult | None = None
        self._compare_sequence: list[str] = list(get_preset("cvid-first").moves)
        self._compare_name = "cvid-first"
        self.seminar: SeminarTable | None = None
        self.lens_views = LensViews(lambda: self.sequence, self.run)
        self._redraw_after_run: list[Callable[[SimulationResult], None]] = []

        palette = self._palette_part()
        sequence = self._sequence_part(preset)
        results = self._results_part()
        self.tabs = self._tabs_part()
        self._refresh_palette()
        self._refresh_steps()
        self.run()
        self._show_examples(PRESETS[preset].title)
        super().__init__(styled([widgets.HBox([palette, sequence]), *results, self.tabs]))
        self.add_class(WIDGET_CLASS)

    # ------------------------------------------------------------------ parts

    def _palette_part(self) -> widgets.VBox:
        """1. Choose a move: the actor, its moves, the move's description, "Add step"."""
        self.actor_dropdown = widgets.Dropdown(
            options=[(label, key) for key, label in ACTORS.items()],
            value="US",
            description="Actor",
            tooltip="Choose whose moves to list",
            style=label_style("short"),
        )
        self.move_select = widgets.Select(
            options=[],
            rows=6,
            description="Move",
            tooltip="Moves of the chosen actor; the description appears below",
            style=label_style("list"),
            layout=widgets.Layout(width="95%"),
        )
        self.move_info = widgets.HTML()
        self.add_button = make_button("Add step", "Add the selected move at the end", "primary")
        self.actor_dropdown.observe(lambda _: self._refresh_palette(), names="value")
        self.move_select.observe(lambda _: self._describe_move(), names="value")
        self.add_button.on_click(lambda _: self._add())
        return column(
            [
                widgets.HTML("<strong>1. Choose a move</strong>"),
                self.actor_dropdown,
                self.move_select,
                self.move_info,
                self.add_button,
            ]
        )

    def _sequence_part(self, preset: str) -> widgets.VBox:
        """2. Order the sequence: the steps, their buttons, the presets, the lens, "Run"."""
        self.steps_select = widgets.Select(
            options=[],
            rows=9,
            description="Sequence",
            tooltip="The steps in order; select one to remove or move it",
            style=label_style("list"),
            layout=widgets.Layout(width="95%"),
        )
        # a list box cannot wrap its options: the full text of the selected step is shown
        # below it, as the move's is below the move list
        self.step_info = widgets.HTML()
        self.remove_button = make_button("Remove step", "Remove the selected step")
        self.up_button = make_button("Move up", "Move the selected step one place earlier")
        self.down_button = make_button("Move down", "Move the selected step one place later")
        self.clear_button = make_button("Clear", "Remove every step")
        self.preset_dropdown = widgets.Dropdown(
            options=[(p.title, name) for name, p in PRESETS.items()],
            value=preset,
            description="Preset",
            tooltip="A ready-made sequence",
            style=label_style("short"),
        )
        self.load_button = make_button("Load preset", "Replace the sequence by the chosen preset")
        self.load_button.layout = widgets.Layout(width="auto", min_width="8em")
        self.run_button = make_button("Run", "Run the sequence through the model", "success")
        self.steps_select.observe(lambda _: self._describe_step(), names="value")
        self.remove_button.on_click(lambda _: self._remove())
        self.up_button.on_click(lambda _: self._shift(-1))
        self.down_button.on_click(lambda _: self._shift(1))
        self.clear_button.on_click(lambda _: self.set_sequence([]))
        self.load_button.on_click(lambda _: self.load_preset(self.preset_dropdown.value))
        self.run_button.on_click(lambda _: self.run())
        return column(
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
            ]
        )

    def _results_part(self) -> list[widgets.HTML]:
        """The run's result below the columns: a message, the verdict and the plot."""
        self.message_html = widgets.HTML()
        self.verdict_html = widgets.HTML()
        self.plot_html = widgets.HTML()
        return [self.message_html, self.verdict_html, self.plot_html]

    def _tab_parts(self) -> list[tuple[str, widgets.Widget]]:
        """The tabs below the result, in order: (title, the box each part method makes).

        A new tab is one line here and a method that makes its box (and, if the tab
        follows the current sequence, adds its redraw to ``_redraw_after_run``).
        """
        return [
            ("Explanation", self._explanation_tab()),
            ("Compare", self._compare_tab()),
            ("Uncertainty", self._uncertainty_tab()),
            ("Explorer", self._explorer_tab()),
            ("Lenses", self._lenses_tab()),
            ("Splits", self._split_tab()),
            ("Role-play", self._seminar_tab()),
        ]

    def _tabs_part(self) -> widgets.Tab:
        parts = self._tab_parts()
        tabs = widgets.Tab(children=[box for _, box in parts])
        for i, (title, _) in enumerate(parts):
            tabs.set_title(i, title)
        return tabs

    def _explanation_tab(self) -> widgets.HTML:
        """The step-by-step explanation of the run."""
        self.explanation_html = widgets.HTML()
        self._redraw_after_run.append(
            lambda result: setattr(self.explanation_html, "value", explanation_html(result))
        )
        return self.explanation_html

    def _compare_tab(self) -> widgets.VBox:
        """The current sequence (A) beside a preset or a pinned sequence (B)."""
        self.compare_dropdown = widgets.Dropdown(
            options=[(p.title, name) for name, p in PRESETS.items()],
            value="cvid-first",
            description="Compare with",
            tooltip="Sequence B, shown beside the current one",
            style=label_style("short"),
        )
        self.pin_button = make_button(
            "Pin current as B", "Keep the current sequence as the comparison (B)"
        )
        self.compare_html = widgets.HTML()
        self.compare_dropdown.observe(lambda _: self._compare_preset(), names="value")
        # A is the current sequence: redraw it after every run
        self._redraw_after_run.append(lambda _: self._render_compare())
        self.pin_button.on_click(lambda _: self._pin())
        return widgets.VBox(
            [widgets.HBox([self.compare_dropdown, self.pin_button]), self.compare_html]
        )

    def _lenses_tab(self) -> LensViews:
        """The sequence under every lens, and the sensitivity of its verdict."""
        self._redraw_after_run.append(lambda _: self.lens_views.refresh())
        return self.lens_views

    def _uncertainty_tab(self) -> widgets.VBox:
        """The distribution of verdicts over many runs with random hedged responses."""
        self.runs_input = widgets.BoundedIntText(
            value=200,
            min=10,
            max=5000,
            step=10,
            description="Runs",
            tooltip="Number of random runs (10 to 5000)",
            style=label_style("short"),
        )
        self.seed_input = widgets.BoundedIntText(
            value=0,
            min=0,
            max=2**31 - 1,
            description="Seed",
            tooltip="Same seed, same distribution",
            style=label_style("short"),
        )
        self.uncertainty_button = make_button(
            "Run uncertainty", "Draw the hedged responses at random, many times"
        )
        self.uncertainty_html = widgets.HTML()
        self.uncertainty_button.on_click(lambda _: self.run_uncertainty())
        return widgets.VBox(
            [
                widgets.HBox([self.runs_input, self.seed_input, self.uncertainty_button]),
                self.uncertainty_html,
            ]
        )

    def _explorer_tab(self) -> widgets.VBox:
        """Every ordering of the current moves."""
        self.explore_button = make_button(
            "Explore orderings", f"Evaluate every ordering of the current moves (up to {MAX_MOVES})"
        )
        self.explore_html = widgets.HTML()
        self.explore_button.on_click(lambda _: self.run_explorer())
        return widgets.VBox([self.explore_button, self.explore_html])

    def _split_tab(self) -> widgets.VBox:
        """Every ordering of the current moves under every lens: which each accepts, and why.

        Computed on a button press, as the explorer is: it explores every ordering once per
        lens (tens of milliseconds for eight moves, ten times that for nine), too slow to
        add to every run.
        """
        self.split_target = widgets.Dropdown(
            options=[(v.title, v.value) for v in VERDICTS if v.rank >= Verdict.MORATORIUM.rank],
            value=Verdict.VERIFIED_FREEZE.value,
            description="Accept from",
            tooltip="An ordering is accepted if it is feasible and reaches at least this verdict",
            style=label_style("short"),
        )
        self.split_button = make_button(
            "Compare lenses",
            f"Evaluate every ordering of the current moves (up to {MAX_MOVES}) under every lens",
        )
        self.split_html = widgets.HTML()
        self.split_button.on_click(lambda _: self.run_split())
        return widgets.VBox(
            [
                widgets.HTML(
                    "<p>Which orderings of the current moves each lens accepts, and the rule "
                    "that decides under each lens. Every ordering is run under every lens, "
                    "so this is computed when you press the button, not after each run.</p>"
                ),
                widgets.HBox([self.split_target, self.split_button]),
                self.split_html,
            ]
        )

    def _seminar_tab(self) -> widgets.VBox:
        """The seminar on one screen: the seminar engine's table (korea_talks.seminar)."""
        self.seminar_file = widgets.Text(
            value="seminar.sqlite",
            description="Session file",
            tooltip="SQLite file of the session; an existing file is resumed",
            style=label_style("short"),
        )
        self.open_seminar_button = make_button(
            "Open session", "Start, or resume, a seminar session on this screen", "primary"
        )
        self.seminar_box = widgets.VBox([])
        self.open_seminar_button.on_click(lambda _: self.open_seminar(self.seminar_file.value))
        return widgets.VBox(
            [widgets.HBox([self.seminar_file, self.open_seminar_button]), self.seminar_box]
        )

    def _show_examples(self, preset_title: str) -> None:
        """Example results of the slower tabs, so that the static book shows them too (they
        need no kernel to read)."""
        self.run_uncertainty()
        self.run_explorer()
        self.run_split()
        for output, label in (
            (self.uncertainty_html, "Run uncertainty"),
            (self.explore_html, "Explore orderings"),
            (self.split_html, "Compare lenses"),
        ):
            output.value = example_note_html(preset_title, label) + output.value

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
            self.message_html.value = message_html(str(error))
            return
        self._sequence = list(move_ids)
        self._refresh_steps()
        self.run()

    def load_preset(self, name: str) -> None:
        """Replace the sequence by a preset and rerun."""
        self.set_sequence(get_preset(name).moves)

    def run(self) -> SimulationResult:
        """Run the current sequence and redraw verdict, plot and the tabs that follow it
        (explanation, comparison, lenses)."""
        result = simulate(self._sequence, catalogue=self.catalogue, lens=self.lens_views.lens)
        self.result = result
        self.verdict_html.value = verdict_html(result)
        self.plot_html.value = trajectory_svg(result)
        self.message_html.value = ""
        for redraw in self._redraw_after_run:
            redraw(result)
        return result

    # ------------------------------------------------------------------ palette and steps

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
        self.move_info.value = move_html(self.catalogue.get(move_id))

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
        self.step_info.value = step_html(label, self.catalogue.get(self._sequence[index]))

    def _add(self) -> None:
        if self.move_select.value is None:
            return
        self._sequence.append(self.move_select.value)
        self._refresh_steps()
        self.run()

    def _remove(self) -> None:
        index = self.steps_select.value
        if index is None:
            self.message_html.value = message_html("Select a step to remove.")
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
        self.uncertainty_html.value = distribution_html(dist.verdict_counts, dist.runs, dist.seed)

    # ------------------------------------------------------------------ explorer

    def run_explorer(self) -> None:
        """Evaluate every ordering of the current moves (distinct, at most 9)."""
        moves = list(dict.fromkeys(self._sequence))
        if not moves:
            self.explore_html.value = message_html("Add some moves first.")
            return
        if len(moves) > MAX_MOVES:
            self.explore_html.value = message_html(
                f"The explorer takes at most {MAX_MOVES} different moves; the sequence has "
                f"{len(moves)}. Remove some steps first."
            )
            return
        result = explore(moves, catalogue=self.catalogue, lens=self.lens_views.lens)
        self.explore_html.value = explorer_html(result, repeated=len(moves) < len(self._sequence))

    # ------------------------------------------------------------------ where the lenses split

    def run_split(self) -> None:
        """Every ordering of the current moves (distinct, at most 9) under every lens."""
        moves = list(dict.fromkeys(self._sequence))
        if not moves:
            self.split_html.value = message_html("Add some moves first.")
            return
        if len(moves) > MAX_MOVES:
            self.split_html.value = message_html(
                f"The lens comparison takes at most {MAX_MOVES} different moves; the sequence "
                f"has {len(moves)}. Remove some steps first."
            )
            return
        target = str(self.split_target.value)
        report = where_lenses_split(moves, target=target)
        note = (
            "<p>Repeated moves are compared once each.</p>"
            if len(moves) < len(self._sequence)
            else ""
        )
        if self._edited_catalogue:  # the lenses are readings of the packaged catalogue
            note += (
                "<p>Each lens reads the packaged move catalogue, not the edited one this "
                "builder was given.</p>"
            )
        self.split_html.value = note + lens_split_html(report, target)

    # ------------------------------------------------------------------ seminar

    def open_seminar(self, path: str | Path, teams: tuple[str, ...] | None = None) -> SeminarTable:
        """Start or resume the one-screen seminar in ``path`` (the engine of the served one)."""
        from korea_talks.seminar.one_screen import SeminarTable

        self.seminar = SeminarTable(path, teams=teams)
        self.seminar_box.children = [self.seminar.widget]
        return self.seminar
