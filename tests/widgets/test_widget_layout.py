"""The shared widget layout: one table of label widths, one factory for sliders and
buttons, columns that fill their row, and list boxes that keep their arrow keys."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from korea_talks.widgets import layout
from korea_talks.widgets.bargaining import BargainingWidget
from korea_talks.widgets.freeze_game import FreezeGameWidget
from korea_talks.widgets.sequence_builder import SequenceBuilder

WIDGETS = Path(layout.__file__).parent


def test_label_widths_are_set_only_through_the_table() -> None:
    written = [
        f"{path.name}:{number}"
        for path in sorted(WIDGETS.glob("*.py"))
        if path.name != "layout.py"
        for number, line in enumerate(path.read_text(encoding="utf8").splitlines(), 1)
        if "description_width" in line
    ]
    assert not written, f"label widths written outside layout.LABEL_WIDTHS: {written}"


def test_an_unknown_label_width_is_refused_with_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="allowed: long, short, list"):
        layout.label_style("huge")


@pytest.mark.parametrize("kind", [widgets.FloatSlider, widgets.IntSlider])
def test_the_slider_factory_makes_the_kind_asked_for(kind: type) -> None:
    made = layout.make_slider(kind, "Rounds", value=3, min=1, max=9, step=1)
    assert type(made) is kind
    assert (made.value, made.min, made.max, made.description) == (3, 1, 9, "Rounds")
    assert made.style.description_width == layout.LABEL_WIDTHS["long"]
    assert made.continuous_update is False


@pytest.mark.parametrize("widget_class", [SequenceBuilder, FreezeGameWidget, BargainingWidget])
def test_every_widget_carries_the_style_and_the_keep_keys_script(widget_class: type) -> None:
    first = widget_class().children[0]
    assert isinstance(first, widgets.HTML) and first.layout.display == "none"
    assert first.value == f'<style onload="{layout.KEEP_KEYS_SCRIPT}">{layout.WIDGET_CSS}</style>'


def test_the_keep_keys_script_marks_only_the_widgets_lists() -> None:
    script = layout.KEEP_KEYS_SCRIPT
    assert f"'.{layout.WIDGET_CLASS} select'" in script
    assert f"setAttribute('{layout.KEEP_KEYS}'" in script
    assert '"' not in script  # it sits in a double-quoted attribute


def test_the_builder_columns_share_their_row_instead_of_taking_half_each() -> None:
    builder = SequenceBuilder()
    row = builder.children[1]
    assert isinstance(row, widgets.HBox) and len(row.children) == 2
    for column in row.children:
        assert layout.COLUMN_CLASS in column._dom_classes
        assert column.layout.width is None  # no fixed share such as 50 %
    assert f".{layout.COLUMN_CLASS} {{ flex: 1 1 26em; min-width: 0; }}" in layout.WIDGET_CSS
