"""Widgets for the freeze-for-freeze game: payoff sliders with live equilibria and the
game's name, and a repeated-match panel with strategy pickers and cumulative payoffs.

Views only: equilibria come from :class:`korea_talks.games.FreezeGame` (pure Python), matches
from :func:`korea_talks.games.play_match`. The default result is rendered at construction,
so the static book shows a meaningful view without a running kernel.

>>> explorer = FreezeGameWidget()
>>> "prisoner" in explorer.summary.value
True
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from korea_talks.games import STRATEGIES, FreezeGame, FreezeGameError, play_match
from korea_talks.games.freeze_game import CELLS
from korea_talks.games.repeated import patience_threshold
from korea_talks.palette import OKABE_ITO
from korea_talks.widgets.layout import DESCRIPTION, WIDGET_CLASS, make_slider, styled
from korea_talks.widgets.static_view import StaticFallback
from korea_talks.widgets.svg_chart import Series, line_chart

SERIES_COLOURS = [
    OKABE_ITO[k]
    for k in (
        "blue",
        "vermillion",
        "bluish green",
        "orange",
        "reddish purple",
        "sky blue",
        "black",
        "yellow",
    )
]

CELL_LABELS = {
    "freeze_suspend": "NK freezes, US suspends",
    "freeze_continue": "NK freezes, US continues",
    "test_suspend": "NK tests, US suspends",
    "test_continue": "NK tests, US continues",
}
WIDE = DESCRIPTION


def game_summary_html(game: FreezeGame) -> str:
    """The payoff table, the game's name, the equilibria and their meaning."""
    kind = game.classify()
    row_labels, column_labels = game.payoff_labels()
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(label)}</th>"
        + "".join(f"<td>{html.escape(v)}</td>" for v in cells)
        + "</tr>"
        for label, cells in zip(row_labels, game.payoff_cells(), strict=True)
    )
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in column_labels)
    equilibria = "".join(f"<li>{html.escape(eq.label())}</li>" for eq in game.equilibria())
    threshold = patience_threshold(game)
    if threshold is None:
        patience = "No patience is enough to sustain mutual freeze in the repeated game."
    elif threshold == 0:
        patience = "Mutual freeze needs no patience: neither side is tempted to defect."
    else:
        patience = (
            f"In the repeated game, mutual freeze can last (grim trigger) when both "
            f"sides value the next round at least {threshold:.2f} of this one."
        )
    orderings = ""
    if kind.name == "mixed orderings":
        orderings = (
            f" North Korea's payoffs form a {html.escape(kind.north_korea)}; the "
            f"United States' a {html.escape(kind.united_states)}."
        )
    return (
        "<div class='kt-freeze-summary'>"
        f"<table><caption>Payoffs (North Korea, United States)</caption><tr><td></td>{head}"
        f"</tr>{rows}</table>"
        f"<p><strong>Game: {html.escape(kind.name)}.</strong>{orderings} "
        f"{html.escape(kind.meaning)}</p>"
        f"<p>Nash equilibria (support enumeration):</p><ul>{equilibria}</ul>"
        f"<p>{html.escape(patience)}</p></div>"
    )


def match_chart_svg(
    north_korea: str, united_states: str, rounds: int, noise: float, seed: int, game: FreezeGame
) -> tuple[str, str]:
    """The cumulative-payoff chart of one match and a one-line summary."""
    result = play_match(
        north_korea, united_states, rounds=rounds, noise=noise, seed=seed, game=game
    )
    rounds_played = result.rounds
    title = (
        f"Cumulative payoffs over {rounds} rounds: North Korea plays {north_korea}, "
        f"the United States plays {united_states}, noise {noise:.2f}"
    )
    svg = line_chart(
        [
            Series(
                "North Korea", [0.0, *(r.nk_cumulative for r in rounds_played)], SERIES_COLOURS[0]
            ),
            Series(
                "United States",
                [0.0, *(r.us_cumulative for r in rounds_played)],
                SERIES_COLOURS[1],
            ),
        ],
        title=title,
        x_label="round",
        y_label="cumulative payoff",
        width=460,
    )
    totals = result.totals
    line = (
        f"Totals: North Korea {totals['north_korea']:g}, United States "
        f"{totals['united_states']:g}; both stepped back in "
        f"{result.mutual_freeze_share:.0%} of rounds; "
        f"{sum(r.misread for r in rounds_played)} round(s) with a misread move."
    )
    return svg, line


class FreezeGameWidget(StaticFallback, widgets.VBox):
    """Payoff sliders with live equilibria, and a repeated-match panel."""

    def __init__(self, game: FreezeGame | None = None) -> None:
        self.game = game or FreezeGame.default()
        self.payoff_sliders: dict[tuple[str, str], widgets.FloatSlider] = {}
        columns = []
        for player, label in (
            ("north_korea", "North Korea's payoff"),
            ("united_states", "United States' payoff"),
        ):
            payoffs = getattr(self.game, player)
            sliders = []
            for cell in CELLS:
                slider = make_slider(
                    widgets.FloatSlider,
                    f"{label}: {CELL_LABELS[cell]}",
                    value=payoffs[cell],
                    min=0,
                    max=10,
                    step=0.5,
                )
                slider.observe(self._on_payoff, names="value")
                self.payoff_sliders[(player, cell)] = slider
                sliders.append(slider)
            columns.append(widgets.VBox(sliders, layout=widgets.Layout(flex="1 1 22em")))
        self.summary = widgets.HTML(game_summary_html(self.game))

        self.nk_strategy = widgets.Dropdown(
            options=list(STRATEGIES),
            value="tit-for-tat",
            description="North Korea's strategy",
            style=WIDE,
        )
        self.us_strategy = widgets.Dropdown(
            options=list(STRATEGIES),
            value="grim-trigger",
            description="United States' strategy",
            style=WIDE,
        )
        self.rounds = make_slider(widgets.IntSlider, "Rounds", value=50, min=5, max=200, step=5)
        self.noise = make_slider(
            widgets.FloatSlider, "Chance a move is misread", value=0.05, min=0, max=0.3, step=0.01
        )
        self.seed = widgets.BoundedIntText(
            value=1, min=0, max=10**6, description="Random seed", style=WIDE
        )
        for control in (self.nk_strategy, self.us_strategy, self.rounds, self.noise, self.seed):
            control.observe(self._on_match, names="value")
        self.chart = widgets.HTML()
        self.match_line = widgets.HTML()
        self.error = widgets.HTML()
        self._render_match()
        super().__init__(
            styled(
                [
                    widgets.HTML("<h4>One round: set the payoffs (0 worst, 10 best)</h4>"),
                    widgets.HBox(columns),
                    self.summary,
                    widgets.HTML("<h4>Many rounds: pick two strategies</h4>"),
                    widgets.VBox(
                        [self.nk_strategy, self.us_strategy, self.rounds, self.noise, self.seed]
                    ),
                    self.chart,
                    self.match_line,
                    self.error,
                ]
            )
        )
        self.add_class(WIDGET_CLASS)

    def current_game(self) -> FreezeGame:
        """The game the sliders describe."""
        values: dict[str, dict[str, float]] = {"north_korea": {}, "united_states": {}}
        for (player, cell), slider in self.payoff_sliders.items():
            values[player][cell] = slider.value
        return FreezeGame(values["north_korea"], values["united_states"])

    def _on_payoff(self, change: object = None) -> None:
        try:
            self.game = self.current_game()
        except FreezeGameError as exc:
            self.error.value = f"<p role='alert'>{html.escape(str(exc))}</p>"
            return
        self.error.value = ""
        self.summary.value = game_summary_html(self.game)
        self._render_match()

    def _on_match(self, change: object = None) -> None:
        self._render_match()

    def _render_match(self) -> None:
        svg, line = match_chart_svg(
            self.nk_strategy.value,
            self.us_strategy.value,
            self.rounds.value,
            self.noise.value,
            self.seed.value,
            self.game,
        )
        self.chart.value = svg
        self.match_line.value = f"<p>{html.escape(line)}</p>"


FreezeGameExplorer = FreezeGameWidget
"""Alias of :class:`FreezeGameWidget`."""
