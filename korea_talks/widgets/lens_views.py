"""Lens views for the sequence builder: a lens selector, an "all lenses" view and a
sensitivity chart.

A view only: every number comes from :mod:`korea_talks.sequence` (``simulate(...,
lens=...)``, :func:`~korea_talks.sequence.compare_lenses` and
:func:`~korea_talks.sequence.sensitivity`). The builder owns one :class:`LensViews`; it
reads :attr:`LensViews.lens` when it runs a sequence and calls :meth:`LensViews.refresh`
after every run. Both views are HTML tables from :mod:`korea_talks.widgets.sequence_html`,
readable at a phone's width, with small drawings in their cells.

>>> from korea_talks.sequence import get_preset
>>> views = LensViews(lambda: list(get_preset("author-roadmap").moves), lambda: None)
>>> views.refresh()
>>> "washington" in views.all_html.value
True
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from korea_talks.sequence.lenses import load_lenses
from korea_talks.widgets.layout import label_style, make_button
from korea_talks.widgets.sequence_html import SENSITIVITY_KEY, all_lenses_html, sensitivity_html


class LensViews(widgets.VBox):
    """The lens selector, the all-lenses table and the sensitivity chart of a builder.

    ``sequence`` returns the builder's current moves; ``rerun`` runs them again (the
    builder's ``run``), and is called when the lens changes.
    """

    def __init__(self, sequence: Callable[[], list[str]], rerun: Callable[[], object]) -> None:
        self._sequence = sequence
        self._rerun = rerun
        self.selector = widgets.Dropdown(
            options=[(lens.title, lens.id) for lens in load_lenses().values()],
            value="author",
            description="Lens",
            tooltip="Whose reading of the actors' responses the run uses",
            style=label_style("short"),
            layout=widgets.Layout(width="auto"),
        )
        self.all_html = widgets.HTML()
        self.sensitivity_button = make_button(
            "Sensitivity",
            "For each parameter, where in its range the verdict flips (selected lens)",
        )
        self.sensitivity_html = widgets.HTML(
            "<em>Press “Sensitivity” to see, for each parameter, whether the verdict flips "
            "within its documented range.</em>"
        )
        self.selector.observe(lambda _: self._rerun(), names="value")
        self.sensitivity_button.on_click(lambda _: self.show_sensitivity())
        super().__init__(
            [
                widgets.HTML("<strong>The current sequence under every lens</strong>"),
                self.all_html,
                self.sensitivity_button,
                self.sensitivity_html,
            ]
        )

    @property
    def lens(self) -> str:
        """The id of the selected lens."""
        return str(self.selector.value)

    def refresh(self) -> None:
        """Redraw the all-lenses view for the current sequence."""
        self.all_html.value = all_lenses_html(self._sequence())

    def show_sensitivity(self) -> None:
        """Draw the sensitivity chart of the current sequence under the selected lens."""
        self.sensitivity_html.value = SENSITIVITY_KEY + sensitivity_html(
            self._sequence(), self.lens
        )
