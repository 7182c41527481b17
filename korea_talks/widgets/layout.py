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

from typing import Any, TypeVar

import ipywidgets as widgets

WIDGET_CLASS = "kt-widget"
COLUMN_CLASS = "kt-column"
"""A column of controls: side by side with its neighbours where there is room for each
(26em), else alone on a line at the full width (never half a line with the other half
empty)."""
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
.{WIDGET_CLASS} .{COLUMN_CLASS} {{ flex: 1 1 26em; min-width: 0; }}
.{WIDGET_CLASS} .widget-vbox > .jupyter-button {{ align-self: flex-start; }}
.{WIDGET_CLASS} .lm-TabBar-content {{ flex-wrap: wrap; }}
.{WIDGET_CLASS} .widget-tab > .lm-TabBar .lm-TabBar-tab {{
  flex: 0 0 auto; width: auto; max-width: none; min-width: 0;
}}
.{WIDGET_CLASS} .lm-TabBar-tabLabel {{ overflow: visible; text-overflow: clip; }}
.{WIDGET_CLASS} .kt-scroll {{ overflow-x: auto; max-width: 100%; }}
@media (max-width: {NARROW_SCREEN}) {{
  .{WIDGET_CLASS} .widget-hbox {{ flex-direction: column; align-items: stretch; }}
  .{WIDGET_CLASS} .widget-hbox > * {{ width: 100% !important; max-width: 100% !important; }}
  .{WIDGET_CLASS} .{COLUMN_CLASS} {{ flex: none; }}
  .{WIDGET_CLASS} .widget-inline-hbox {{ flex-wrap: wrap; width: 100% !important; }}
  .{WIDGET_CLASS} .widget-inline-hbox .widget-label {{
    width: 100% !important; max-width: 100% !important; justify-content: flex-start;
    text-align: left;
  }}
  .{WIDGET_CLASS} .widget-inline-hbox > :not(.widget-label) {{ flex: 1 1 auto; }}
}}
"""
"""The rules, scoped to :data:`WIDGET_CLASS`."""

LABEL_WIDTHS: dict[str, str] = {
    "long": "14em",  # sliders and dropdowns with long labels (freeze game, bargaining)
    "short": "9em",  # one-word labels (the sequence builder's controls, the lens selector)
    "list": "5.5em",  # labels beside a list box, which needs the room
}
"""The one table of description (label) widths; long labels wrap within their width."""


def label_style(width: str = "long") -> dict[str, str]:
    """The ``style`` of a labelled control whose label takes :data:`LABEL_WIDTHS` ``[width]``.

    >>> label_style("short")
    {'description_width': '9em'}
    """
    if width not in LABEL_WIDTHS:
        raise ValueError(f"unknown label width {width!r}; allowed: {', '.join(LABEL_WIDTHS)}")
    return {"description_width": LABEL_WIDTHS[width]}


DESCRIPTION = label_style("long")
"""Description style of the widgets' labelled controls (long labels wrap within it)."""

SliderT = TypeVar("SliderT", widgets.FloatSlider, widgets.IntSlider)


def make_slider(kind: type[SliderT], description: str, **bounds: float) -> SliderT:
    """A slider of ``kind`` with a long label, a full-width track, and a value sent when
    the handle is released (``bounds``: ``value``, ``min``, ``max``, ``step``).

    >>> s = make_slider(widgets.IntSlider, "Rounds", value=50, min=5, max=200, step=5)
    >>> s.value, s.style.description_width, s.continuous_update
    (50, '14em', False)
    """
    return kind(
        description=description,
        style=DESCRIPTION,
        continuous_update=False,
        layout=control_layout(),
        **bounds,
    )


def make_button(description: str, tooltip: str = "", style: str = "") -> widgets.Button:
    """A button at its natural width (``style``: ipywidgets' ``button_style``).

    >>> b = make_button("Run", "Run the sequence", "success")
    >>> b.description, b.tooltip, b.button_style, b.layout.width
    ('Run', 'Run the sequence', 'success', 'auto')
    """
    return widgets.Button(
        description=description,
        tooltip=tooltip,
        button_style=style,
        layout=widgets.Layout(width="auto"),
    )


KEEP_KEYS = "data-lm-suppress-shortcuts"
"""The attribute by which JupyterLab (Lumino) leaves an element's keys to it: no notebook
shortcut applies while focus is inside it. A list box is an ordinary ``<select>``, not an
editable element, so without it JupyterLab's command mode takes ArrowUp and ArrowDown
(they select the next cell) before the list sees them."""

KEEP_KEYS_SCRIPT = (
    "if(!window.ktKeepKeys){window.ktKeepKeys=1;document.addEventListener('focusin',"
    f"function(e){{var t=e.target;if(t.matches&&t.matches('.{WIDGET_CLASS} select'))"
    f"t.setAttribute('{KEEP_KEYS}','')}},true)}}"
)
"""Marks each list box and dropdown of the widgets with :data:`KEEP_KEYS` when it takes
focus, so that arrow keys move within it in JupyterLab. ipywidgets has no way to set an
element's attribute, and shows an ``HTML`` widget's value as it is: the script is the
``onload`` handler of the widget's own ``<style>`` element (which fires once the widget
is on the page), and installs one listener per page."""


def style_tag() -> widgets.HTML:
    """A hidden ``HTML`` widget carrying :data:`WIDGET_CSS` and :data:`KEEP_KEYS_SCRIPT`
    (put it first in the widget)."""
    return widgets.HTML(
        f'<style onload="{KEEP_KEYS_SCRIPT}">{WIDGET_CSS}</style>',
        layout=widgets.Layout(display="none"),
    )


def control_layout(**extra: Any) -> widgets.Layout:
    """Full width up to 42em: sliders get a track, dropdowns shrink on a phone."""
    return widgets.Layout(width="100%", max_width="42em", **extra)


def column(children: list[Any]) -> widgets.VBox:
    """A :data:`COLUMN_CLASS` box of ``children`` (put two or more in an ``HBox``)."""
    box = widgets.VBox(children)
    box.add_class(COLUMN_CLASS)
    return box


def styled(children: list[Any]) -> list[Any]:
    """``children`` with the style tag first (for the widget's own ``VBox``)."""
    return [style_tag(), *children]
