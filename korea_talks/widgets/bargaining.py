"""Widget for the expected-utility bargaining model: per-actor sliders (position,
capability, salience), a plot of positions over rounds with the weighted mean, the
predicted outcome and a note when the model oscillates instead of converging.

Views only: every number comes from :func:`korea_talks.bargaining.run_model`. The default
run is rendered at construction, so the static book shows it without a kernel.

>>> explorer = BargainingWidget()
>>> "South Korea" in explorer.chart.value
True
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from korea_talks.bargaining import (
    ActorInputError,
    ActorTable,
    BargainingResult,
    ec_emission_standards,
    run_model,
    six_parties_2017,
)
from korea_talks.palette import OKABE_ITO, colour
from korea_talks.widgets.layout import (
    DESCRIPTION,
    WIDGET_CLASS,
    control_layout,
    make_button,
    make_slider,
    styled,
)
from korea_talks.widgets.static_view import StaticFallback
from korea_talks.widgets.svg_chart import Series, line_chart

DATASETS = {
    "six-parties-2017": ("Six parties, mid-2017 (our estimates; 0-100 scale)", six_parties_2017),
    "ec-emission-standards": (
        "EC emission standards (published example; years)",
        ec_emission_standards,
    ),
}


def result_chart_svg(result: BargainingResult, scale: tuple[float, float] | None) -> str:
    """Positions of every actor over rounds, and the weighted mean (black)."""
    series = [
        Series(name, [row[i] for row in result.position_history], colour(i))
        for i, name in enumerate(result.names)
    ]
    series.append(Series("weighted mean", list(result.mean_history), OKABE_ITO["black"], "solid"))
    rounds = len(result.mean_history) - 1
    title = (
        f"Positions of {len(result.names)} actors over {rounds} rounds of the "
        f"expected-utility model; weighted mean ends at {result.predicted_outcome:.2f}"
    )
    return line_chart(
        series,
        title=title,
        x_label="round",
        y_label="position on the issue",
        y_range=scale,
        width=480,
        height=320,
    )


def result_text_html(result: BargainingResult) -> str:
    """Median, predicted outcome, convergence note and the first round's moves."""
    first = [m.describe() for m in result.moves if m.round == 1]
    moves = "".join(f"<li>{html.escape(line)}</li>" for line in first) or "<li>no moves</li>"
    return (
        f"<p>Initial median (Condorcet winner): <strong>{result.initial_median:.4g}</strong>. "
        f"Weighted mean after the last round (predicted outcome): "
        f"<strong>{result.predicted_outcome:.4g}</strong>.</p>"
        f"<p role='status'>{html.escape(result.note())}</p>"
        f"<p>Moves in round 1:</p><ul>{moves}</ul>"
    )


class BargainingWidget(StaticFallback, widgets.VBox):
    """Pick a data set and an actor, move its sliders, read the forecast."""

    def __init__(self, dataset: str = "six-parties-2017", rounds: int = 10) -> None:
        if dataset not in DATASETS:
            raise ActorInputError(f"unknown data set {dataset!r}; allowed: {', '.join(DATASETS)}")
        self.dataset = widgets.Dropdown(
            options=[(label, key) for key, (label, _) in DATASETS.items()],
            value=dataset,
            description="Data set",
            style=DESCRIPTION,
            layout=control_layout(),
        )
        self.table: ActorTable = DATASETS[dataset][1]()
        self.actor = widgets.Dropdown(
            options=self.table.names,
            description="Actor",
            style=DESCRIPTION,
            layout=control_layout(),
        )
        self.position = make_slider(widgets.FloatSlider, "Position")
        self.capability = make_slider(
            widgets.FloatSlider, "Capability (0-1)", min=0, max=1, step=0.01
        )
        self.salience = make_slider(widgets.FloatSlider, "Salience (0-100)", min=0, max=100, step=1)
        self.rounds = make_slider(widgets.IntSlider, "Rounds", value=rounds, min=1, max=30)
        self.reset = make_button("Reset this data set", "Restore the published or estimated values")
        self.chart = widgets.HTML()
        self.text = widgets.HTML()
        self.error = widgets.HTML()
        self._syncing = False
        self._load_actor_sliders()
        self._render()
        self.dataset.observe(self._on_dataset, names="value")
        self.actor.observe(self._on_actor, names="value")
        for slider in (self.position, self.capability, self.salience):
            slider.observe(self._on_slider, names="value")
        self.rounds.observe(lambda change: self._render(), names="value")
        self.reset.on_click(lambda button: self._on_dataset())
        super().__init__(
            styled(
                [
                    widgets.VBox(
                        [
                            self.dataset,
                            self.actor,
                            self.position,
                            self.capability,
                            self.salience,
                            self.rounds,
                            self.reset,
                        ]
                    ),
                    self.chart,
                    self.text,
                    self.error,
                ]
            )
        )
        self.add_class(WIDGET_CLASS)

    def _scale(self) -> tuple[float, float]:
        return (0.0, 100.0) if self.dataset.value == "six-parties-2017" else (0.0, 12.0)

    def _load_actor_sliders(self) -> None:
        actor = self.table.actors[self.table.names.index(self.actor.value)]
        low, high = self._scale()
        self._syncing = True
        try:
            self.position.min, self.position.max = low, high
            self.position.step = 1.0 if high > 20 else 0.5
            self.position.value = actor.position
            self.capability.max = max(1.0, actor.capability)
            self.capability.value = actor.capability
            self.salience.value = actor.salience
        finally:
            self._syncing = False

    def _on_dataset(self, change: object = None) -> None:
        self.table = DATASETS[self.dataset.value][1]()
        self._syncing = True
        try:
            self.actor.options = self.table.names
            self.actor.value = self.table.names[0]
        finally:
            self._syncing = False
        self._load_actor_sliders()
        self._render()

    def _on_actor(self, change: object = None) -> None:
        if not self._syncing:
            self._load_actor_sliders()

    def _on_slider(self, change: object = None) -> None:
        if self._syncing:
            return
        try:
            self.table = self.table.replace(
                self.actor.value,
                position=self.position.value,
                capability=self.capability.value,
                salience=self.salience.value,
            )
        except ActorInputError as exc:
            self.error.value = f"<p role='alert'>{html.escape(str(exc))}</p>"
            return
        self._render()

    def _render(self) -> None:
        try:
            result = run_model(self.table, rounds=self.rounds.value)
        except ActorInputError as exc:
            self.error.value = f"<p role='alert'>{html.escape(str(exc))}</p>"
            return
        self.error.value = ""
        self.result = result
        self.chart.value = result_chart_svg(result, self._scale())
        self.text.value = result_text_html(result)


BargainingExplorer = BargainingWidget
"""Alias of :class:`BargainingWidget`."""
