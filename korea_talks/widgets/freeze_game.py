"""Widgets for the freeze-for-freeze game: payoff sliders with live equilibria and the
game's name, and a repeated-match panel with strategy pickers and cumulative payoffs.

Views only: equilibria come from :class:`korea_talks.games.FreezeGame` (nashpy), matches
from :func:`korea_talks.games.play_match`. The default result is rendered at construction,
so the static book shows a meaningful view without a running kernel.

>>> explorer = FreezeGameWidget()
>>> "prisoner" in explorer.summary.value
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from korea_talks.games import STRATEGIES, FreezeGame, FreezeGameError, play_match
from korea_talks.games.freeze_game import CELLS
from korea_talks.games.repeated import patience_threshold
from korea_talks.palette import OKABE_ITO
from korea_talks.widgets.static_view import StaticFallback

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
DASHES = ["", "6 3", "2 2", "8 3 2 3", "1 3", "4 4", "", "6 3"]

CELL_LABELS = {
    "freeze_suspend": "NK freezes, US suspends",
    "freeze_continue": "NK freezes, US continues",
    "test_suspend": "NK tests, US suspends",
    "test_continue": "NK tests, US continues",
}
WIDE = {"description_width": "16em"}


def svg_line_chart(
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    width: int = 560,
    height: int = 300,
    y_range: tuple[float, float] | None = None,
) -> str:
    """A small, self-contained SVG line chart (Okabe-Ito colours, dashes, a legend and
    ``role="img"`` with an ``aria-label`` that states what it shows).

    >>> svg = svg_line_chart([("a", [0, 1, 2])], title="t", x_label="x", y_label="y")
    >>> svg.startswith("<svg") and "polyline" in svg
    True
    """
    left, right, top, bottom = 52, 150, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, ys in series for v in ys]
    low, high = y_range if y_range else (min(values, default=0.0), max(values, default=1.0))
    if high - low < 1e-12:
        low, high = low - 1, high + 1
    n = max((len(ys) for _, ys in series), default=1)

    def px(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def py(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}" '
        'style="font-family:sans-serif;font-size:11px">',
        f"<title>{html.escape(title)}</title>",
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="white" '
        'stroke="#999"/>',
    ]
    for k in range(5):
        value = low + (high - low) * k / 4
        y = py(value)
        parts.append(f'<line x1="{left - 4}" x2="{left}" y1="{y:.1f}" y2="{y:.1f}" stroke="#333"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:.3g}</text>')
    ticks = sorted({0, n - 1, *range(0, n, max(1, (n - 1) // 5 or 1))})
    for i in ticks:
        parts.append(
            f'<text x="{px(i):.1f}" y="{top + plot_h + 14}" text-anchor="middle">{i}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle">'
        f"{html.escape(x_label)}</text>"
    )
    parts.append(
        f'<text x="12" y="{top + plot_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + plot_h / 2})">{html.escape(y_label)}</text>'
    )
    for number, (name, ys) in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        dash = DASHES[number % len(DASHES)]
        points = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(ys))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash_attr} '
            f'points="{points}"/>'
        )
        ly = top + 10 + 16 * number
        lx = left + plot_w + 10
        parts.append(
            f'<line x1="{lx}" x2="{lx + 22}" y1="{ly}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
        )
        parts.append(f'<text x="{lx + 27}" y="{ly + 4}">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def game_summary_html(game: FreezeGame) -> str:
    """The payoff table, the game's name, the nashpy equilibria and their meaning."""
    kind = game.classify()
    table = game.payoff_table()
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(str(idx))}</th>"
        + "".join(f"<td>{html.escape(v)}</td>" for v in table.loc[idx])
        + "</tr>"
        for idx in table.index
    )
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in table.columns)
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
        f"<p>Nash equilibria (nashpy, support enumeration):</p><ul>{equilibria}</ul>"
        f"<p>{html.escape(patience)}</p></div>"
    )


def match_chart_svg(
    north_korea: str, united_states: str, rounds: int, noise: float, seed: int, game: FreezeGame
) -> tuple[str, str]:
    """The cumulative-payoff chart of one match and a one-line summary."""
    result = play_match(
        north_korea, united_states, rounds=rounds, noise=noise, seed=seed, game=game
    )
    moves = result.moves
    title = (
        f"Cumulative payoffs over {rounds} rounds: North Korea plays {north_korea}, "
        f"the United States plays {united_states}, noise {noise:.2f}"
    )
    svg = svg_line_chart(
        [
            ("North Korea", [0.0, *moves["nk_cumulative"].tolist()]),
            ("United States", [0.0, *moves["us_cumulative"].tolist()]),
        ],
        title=title,
        x_label="round",
        y_label="cumulative payoff",
    )
    totals = result.totals
    line = (
        f"Totals: North Korea {totals['north_korea']:g}, United States "
        f"{totals['united_states']:g}; both stepped back in "
        f"{result.mutual_freeze_share:.0%} of rounds; "
        f"{int(moves['misread'].sum())} round(s) with a misread move."
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
                slider = widgets.FloatSlider(
                    value=payoffs[cell],
                    min=0,
                    max=10,
                    step=0.5,
                    description=f"{label}: {CELL_LABELS[cell]}",
                    style=WIDE,
                    continuous_update=False,
                    layout=widgets.Layout(width="30em"),
                )
                slider.observe(self._on_payoff, names="value")
                self.payoff_sliders[(player, cell)] = slider
                sliders.append(slider)
            columns.append(widgets.VBox(sliders))
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
        self.rounds = widgets.IntSlider(
            value=50,
            min=5,
            max=200,
            step=5,
            description="Rounds",
            style=WIDE,
            continuous_update=False,
        )
        self.noise = widgets.FloatSlider(
            value=0.05,
            min=0,
            max=0.3,
            step=0.01,
            description="Chance a move is misread",
            style=WIDE,
            continuous_update=False,
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
