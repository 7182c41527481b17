"""A static text view of a widget, for outputs that cannot run JavaScript (the PDF book).

A live widget shows itself through its embedded state; a printed page cannot. The mixin
:class:`StaticFallback` adds a ``text/markdown`` entry to the widget's display data: a
description of the view as first built (the choices made in its controls, the text it
shows, what each chart draws). Front ends that can show the widget still do, since they
rank the widget view above markdown; the PDF build ranks markdown above plain text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_BLOCK_TAGS = {"div", "p", "br", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$&:])")

NOTE = (
    "*Interactive widget, shown here as text in the state it opens with. "
    "Use it in the web edition of the book or in a notebook.*"
)


def escape_markdown(text: str) -> str:
    """Backslash-escape the punctuation that markdown or its extensions would read.

    >>> escape_markdown("a*b [c] $1")
    'a\\\\*b \\\\[c\\\\] \\\\$1'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


class _TextOfHtml(HTMLParser):
    """Collect the visible text of an HTML fragment, one line per block or list item.

    A chart (``<svg>``) becomes one line with its title and description; a decorative
    drawing (``aria-hidden="true"``, such as a legend's swatch) is left out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._svg_depth = 0
        self._svg_text: dict[str, list[str]] = {}
        self._svg_field: str | None = None
        self._skip = 0
        self._hidden = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._line).split())
        if text:
            self.lines.append(text)
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" and (self._hidden or dict(attrs).get("aria-hidden") == "true"):
            self._hidden += 1
        elif self._hidden:
            return
        elif tag == "svg":
            self._svg_depth += 1
            if self._svg_depth == 1:
                self._flush()
                self._svg_text = {"title": [], "desc": []}
                label = dict(attrs).get("aria-label")
                if label:
                    self._svg_text["title"].append(label)
        elif self._svg_depth:
            if tag in ("title", "desc"):
                self._svg_field = tag
        elif tag in ("style", "script"):
            self._skip += 1
        elif tag == "li":
            self._flush()
            self._line.append("- ")
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag in ("td", "th") and "".join(self._line).strip():
            self._line.append(" · ")

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag == "svg":
                self._hidden -= 1
        elif tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
            if self._svg_depth == 0:
                title = " ".join(self._svg_text["title"][:1])
                desc = " ".join(self._svg_text["desc"])
                self.lines.append(("Chart: " + " ".join(p for p in (title, desc) if p)).strip())
        elif self._svg_depth:
            if tag in ("title", "desc"):
                self._svg_field = None
        elif tag in ("style", "script") and self._skip:
            self._skip -= 1
        elif tag in _BLOCK_TAGS or tag == "li":
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._svg_depth:
            if self._svg_field:
                self._svg_text[self._svg_field].append(data.strip())
        elif not self._skip:
            self._line.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_lines(fragment: str) -> list[str]:
    """The visible text of an HTML fragment as lines (list items keep a leading ``- ``).

    >>> html_to_lines("<strong>Verdict</strong><ul><li>one</li><li>two</li></ul>")
    ['Verdict', '- one', '- two']
    >>> html_to_lines('<svg><title>Chart A</title><desc>Two lines.</desc><text>9</text></svg>')
    ['Chart: Chart A Two lines.']
    >>> html_to_lines('<ul><li><svg aria-hidden="true"><line/></svg>tension</li></ul>')
    ['- tension']
    """
    parser = _TextOfHtml()
    parser.feed(fragment)
    parser.close()
    return parser.lines


def _markdown_line(line: str) -> str:
    if line.startswith("- "):
        return "- " + escape_markdown(line[2:])
    return escape_markdown(line)


def describe_widget(widget: Any) -> list[str]:
    """Markdown lines describing ``widget`` and its children as currently shown.

    Text widgets give their text, value widgets ``description: value``, a selection list
    its options, a tab set only its open tab; buttons are left out (nothing to read).

    >>> import ipywidgets
    >>> box = ipywidgets.VBox([ipywidgets.HTML("<b>Hi</b>"),
    ...                        ipywidgets.Dropdown(options=["a", "b"], description="Pick"),
    ...                        ipywidgets.Button(description="Run")])
    >>> describe_widget(box)
    ['Hi', '', '**Pick**: a', '']
    """
    import ipywidgets

    lines: list[str] = []
    if isinstance(widget, ipywidgets.Tab):
        index = widget.selected_index if widget.selected_index is not None else 0
        if widget.children:
            title = widget.get_title(index) or f"Tab {index + 1}"
            lines += [f"**{escape_markdown(title)}** (tab)", ""]
            lines += describe_widget(widget.children[index])
    elif isinstance(widget, ipywidgets.Box):
        for child in widget.children:
            lines += describe_widget(child)
    elif isinstance(widget, (ipywidgets.HTML, ipywidgets.HTMLMath, ipywidgets.Label)):
        for line in html_to_lines(str(widget.value)):
            if lines and lines[-1] and not (line.startswith("- ") and lines[-1].startswith("- ")):
                lines.append("")
            lines.append(_markdown_line(line))
        if lines and lines[-1]:
            lines.append("")
    elif isinstance(widget, ipywidgets.Button):
        pass
    elif isinstance(widget, (ipywidgets.Select, ipywidgets.SelectMultiple)):
        name = escape_markdown(widget.description or "Choice")
        if isinstance(widget, ipywidgets.SelectMultiple):
            chosen = ", ".join(str(label) for label in widget.label)
            lines += [f"**{name}**: {escape_markdown(chosen)}", ""]
        elif widget.options:
            lines += [f"**{name}**:", ""]
            lines += [f"- {escape_markdown(str(label))}" for label in widget._options_labels]
            lines += [""]
    elif isinstance(widget, ipywidgets.ValueWidget):
        value = getattr(widget, "label", None)
        if value is None:
            value = widget.value
        if value not in (None, ""):
            name = escape_markdown(widget.description or "Value")
            lines += [f"**{name}**: {escape_markdown(str(value))}", ""]
    return lines


class StaticFallback:
    """Mixin for a widget class: adds a markdown description to its display data.

    Put it before the ipywidgets base class: ``class MyWidget(StaticFallback, VBox)``.
    """

    def static_markdown(self) -> str:
        """The widget's current view described in markdown (see :func:`describe_widget`)."""
        body = describe_widget(self)
        while body and not body[-1]:
            body.pop()
        return "\n".join([NOTE, "", *body]) + "\n"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle is not None:
            bundle["text/markdown"] = self.static_markdown()
        return bundle
