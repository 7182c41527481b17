"""ipywidgets front ends, one module per model. Views only: every number comes from a
model function in ``korea_talks``.

- :mod:`korea_talks.widgets.sequence_builder` - build, run, compare and explore sequences
  of diplomatic moves (:class:`~korea_talks.widgets.sequence_builder.SequenceBuilder`);
- :mod:`korea_talks.widgets.freeze_game` - the freeze-for-freeze game and repeated play;
- :mod:`korea_talks.widgets.bargaining` - the expected-utility bargaining model.

Import the module you need; this package imports none of them eagerly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def interactive_controls(widget: Any) -> Iterator[Any]:
    """Every control a reader can operate inside ``widget``, depth first.

    Buttons and value widgets count; text shown to the reader (HTML, Label) does not.
    Each of them must carry a label (``description``) to be usable by screen readers.

    >>> import ipywidgets
    >>> box = ipywidgets.VBox([ipywidgets.HTML("x"), ipywidgets.Button(description="Run")])
    >>> [c.description for c in interactive_controls(box)]
    ['Run']
    """
    import ipywidgets

    text = (ipywidgets.HTML, ipywidgets.HTMLMath, ipywidgets.Label)
    for child in getattr(widget, "children", ()):
        if isinstance(child, ipywidgets.Box):
            yield from interactive_controls(child)
        elif isinstance(child, ipywidgets.Button) or (
            isinstance(child, ipywidgets.ValueWidget) and not isinstance(child, text)
        ):
            yield child
