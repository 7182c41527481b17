"""Exercise set -> a page of the online book (questions and instructions, no answers).

:func:`exercise_page` turns the practice edition of a set (already without solutions,
instructor notes or outputs) into a MyST markdown notebook for ``book/exercises/``: the
set's own text and code cells, a box with downloads of both editions and the chapters the
set practises, and ``mystnb.execution_mode: off`` so that the book shows the questions
without running them. Being a notebook, the page gets the book's launch buttons, and
opened in JupyterLab it runs the practice edition's checks.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Set 9"),
...     nbformat.v4.new_code_cell("x = ...")])
>>> print(exercise_page(nb, "set9-demo.ipynb", ("01-intro",)).split("+++")[1].strip()[:28])
:::{admonition} Work on this
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import nbformat

PAGES_DIR = Path("book") / "exercises"
"""Where the exercise pages live, relative to the repository root."""

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
mystnb:
  execution_mode: "off"
---
"""


def _box(notebook: str, chapters: Sequence[str]) -> str:
    practised = ", ".join(f"{{doc}}`/book/chapters/{c}`" for c in chapters) or "the whole book"
    return f""":::{{admonition}} Work on this set as a notebook
:class: tip

- Download the {{download}}`practice edition </exercises/practice/{notebook}>`, whose checks
  say at once whether an answer is right, or, in a graded course, the
  {{download}}`graded edition </exercises/graded/{notebook}>`, whose checks record your
  answers for your instructor's key.
- Or open this page as a notebook with the launch button at the top of the page: it runs
  the practice edition's checks.
- This set practises {practised}. The answers are not on this page.
:::"""


def exercise_page(nb: nbformat.NotebookNode, notebook: str, chapters: Sequence[str]) -> str:
    """The MyST text of the page for one set, from its practice edition."""
    parts: list[str] = []
    for index, cell in enumerate(nb.cells):
        source = cell.source.strip("\n")
        if cell.cell_type == "markdown":
            parts.append(source)
            if index == 0:
                parts.append(_box(notebook, chapters))
        elif cell.cell_type == "code":
            parts.append(f"```{{code-cell}} ipython3\n{source}\n```")
    return FRONT_MATTER + "\n" + "\n\n+++\n\n".join(parts) + "\n"


def page_path(root: Path, notebook: str) -> Path:
    """``<root>/book/exercises/<set>.md`` for the notebook ``<set>.ipynb``."""
    return Path(root) / PAGES_DIR / Path(notebook).with_suffix(".md").name
