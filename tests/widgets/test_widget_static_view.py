"""The widgets' static fallback: a markdown view for the PDF, the live view kept first."""

from __future__ import annotations

import pytest

from korea_talks.widgets.bargaining import BargainingWidget
from korea_talks.widgets.freeze_game import FreezeGameWidget
from korea_talks.widgets.sequence_builder import SequenceBuilder
from korea_talks.widgets.static_view import NOTE, describe_widget, html_to_lines

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("factory", [SequenceBuilder, FreezeGameWidget, BargainingWidget])
def test_bundle_keeps_the_live_view_and_adds_markdown(factory) -> None:
    bundle = factory()._repr_mimebundle_()
    assert WIDGET_VIEW in bundle, "the web book renders the widget from this entry"
    assert "text/plain" in bundle
    markdown = bundle["text/markdown"]
    assert markdown.startswith(NOTE)
    assert "(children=" not in markdown


def test_sequence_builder_markdown_follows_its_state() -> None:
    builder = SequenceBuilder(preset="author-roadmap")
    first = builder.static_markdown()
    assert "settlement track" in first
    builder.load_preset("strike")
    second = builder.static_markdown()
    assert second != first
    assert builder.result is not None
    assert builder.result.verdict.title in second.replace("\\", "")


def test_only_the_open_tab_is_described() -> None:
    import ipywidgets

    tabs = ipywidgets.Tab(children=[ipywidgets.HTML("first"), ipywidgets.HTML("second")])
    tabs.set_title(0, "One")
    tabs.set_title(1, "Two")
    lines = describe_widget(tabs)
    assert "first" in lines
    assert "second" not in lines


def test_chart_becomes_its_title_and_description() -> None:
    svg = "<p>Before</p><svg><title>T</title><desc>D.</desc><text>axis</text></svg>"
    assert html_to_lines(svg) == ["Before", "Chart: T D."]
