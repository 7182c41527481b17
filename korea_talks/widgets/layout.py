"""Layout shared by the widgets: labels that wrap instead of being cut, sliders with a
usable track, buttons at their natural width, and one column on a phone.

ipywidgets cuts long descriptions and button texts with an ellipsis and gives a slider
a fixed width of 300 px, so a long description (16em) left its track 0 px wide. Each
widget carries the class :data:`WIDGET_CLASS` and, as its first child, a hidden ``HTML``
widget holding :data:`WIDGET_CSS`; the rules therefore apply wherever the widget is
shown (JupyterLab, the static book) and to nothing else on the page.

>>> "kt-widget" in style_tag().value
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

WIDGET_CLASS = "kt-widget"
NARROW_SCREEN = "640px"
"""Below this window width the controls stack in one column."""

WIDGET_CSS = f"""
.{WIDGET_CLASS} {{ max-width: 100%; }}
.{WIDGET_CLASS} .widget-inline-hbox .widget-label {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  min-height: var(--jp-widgets-inline-height, 28px); line-height: 1.25;
  display: flex; align-items: center; justify-content: flex-end; text-align: right;
}}
.{WIDGET_CLASS} .widget-inline-hbox {{
  height: auto; min-height: var(--jp-widgets-inline-height, 28px);
}}
.{WIDGET_CLASS} .widget-hslider {{ width: 100%; max-width: 42em; }}
.{WIDGET_CLASS} .widget-hslider .slider-container {{ flex: 1 1 8em; min-width: 8em; }}
.{WIDGET_CLASS} .widget-hbox {{ flex-wrap: wrap; column-gap: 8px; }}
.{WIDGET_CLASS} .jupyter-button {{
  flex: 0 0 auto; width: auto; max-width: 100%; white-space: nowrap; overflow: visible;
}}
.{WIDGET_CLASS} .widget-dropdown, .{WIDGET_CLASS} .widget-text {{ max-width: 100%; }}
.{WIDGET_CLASS} .lm-TabBar-content {{ flex-wrap: wrap; }}
.{WIDGET_CLASS} .lm-TabBar-tab {{ flex: 0 0 auto; max-width: none; min-width: 0; }}
.{WIDGET_CLASS} .lm-TabBar-tabLabel {{ overflow: visible; text-overflow: clip; }}
.{WIDGET_CLASS} .kt-scroll {{ overflow-x: auto; max-width: 100%; }}
@media (max-width: {NARROW_SCREEN}) {{
  .{WIDGET_CLASS} .widget-hbox {{ flex-direction: column; align-items: stretch; }}
  .{WIDGET_CLASS} .widget-hbox > * {{ width: 100% !important; max-width: 100% !important; }}
  .{WIDGET_CLASS} .widget-inline-hbox {{ flex-wrap: wrap; width: 100% !important; }}
  .{WIDGET_CLASS} .widget-inline-hbox .widget-label {{
    width: 100% !important; max-width: 100% !important; justify-content: flex-start;
    text-align: left;
  }}
  .{WIDGET_CLASS} .widget-inline-hbox > :not(.widget-label) {{ flex: 1 1 auto; }}
}}
"""
"""The rules, scoped to :data:`WIDGET_CLASS`."""

DESCRIPTION = {"description_width": "14em"}
"""Description width of the widgets' labelled controls (long labels wrap within it)."""


def style_tag() -> widgets.HTML:
    """A hidden ``HTML`` widget carrying :data:`WIDGET_CSS` (put it first in the widget)."""
    return widgets.HTML(f"<style>{WIDGET_CSS}</style>", layout=widgets.Layout(display="none"))


def control_layout(**extra: Any) -> widgets.Layout:
    """Full width up to 42em: sliders get a track, dropdowns shrink on a phone."""
    return widgets.Layout(width="100%", max_width="42em", **extra)


def styled(children: list[Any]) -> list[Any]:
    """``children`` with the style tag first (for the widget's own ``VBox``)."""
    return [style_tag(), *children]
