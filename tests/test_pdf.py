"""The PDF edition (``make pdf``): it builds, has a book's length, carries every chapter, and
shows tables and widgets as readable content rather than Python object names.

Skipped where TeX (latexmk, xelatex) is missing; the text checks also need pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PDF_NAME = "sequencing-peace.pdf"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("latexmk") is None or shutil.which("xelatex") is None,
        reason="TeX (latexmk, xelatex) is not installed",
    ),
]


def _toc_files(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["file"]] if "file" in node else []
        for value in node.values():
            found += _toc_files(value)
        return found
    if isinstance(node, list):
        return [name for item in node for name in _toc_files(item)]
    return []


def chapter_titles() -> list[str]:
    """The first top-level heading of every chapter listed in the table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    titles = []
    for name in _toc_files(toc.get("parts", [])):
        text = (ROOT / f"{name}.md").read_text(encoding="utf-8")
        match = re.search(r"^# (.+)$", text, flags=re.MULTILINE)
        assert match, f"{name}.md has no top-level heading"
        titles.append(match.group(1).strip())
    return titles


def _plain(text: str) -> str:
    """Collapse white space and typographic quotes and dashes, so titles compare."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the PDF once, as ``make pdf`` does, into a temporary folder."""
    out = tmp_path_factory.mktemp("pdf")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    completed = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--builder", "pdflatex", "--path-output", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    latex = out / "_build" / "latex"
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return latex


def test_pdf_has_its_name_and_a_book_length(built: Path) -> None:
    pdf = built / PDF_NAME
    assert pdf.is_file(), f"no {PDF_NAME} in {sorted(p.name for p in built.glob('*.pdf'))}"
    log = (built / "sequencing-peace.log").read_text(encoding="utf-8", errors="replace")
    match = re.search(r"Output written on \S+ \((\d+) pages", log)
    assert match, "the LaTeX log does not report the page count"
    pages = int(match.group(1))
    assert 60 <= pages <= 600, f"{pages} pages"
    assert "undefined references" not in log, "unresolved cross-references in the PDF"


@pytest.fixture(scope="module")
def pdf_text(built: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    completed = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(built / PDF_NAME), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return _plain(completed.stdout)


def test_pdf_contains_every_chapter_title(pdf_text: str) -> None:
    missing = [title for title in chapter_titles() if _plain(title) not in pdf_text]
    assert not missing, f"chapter titles missing from the PDF: {missing}"


def test_pdf_shows_tables_and_widgets_as_content(pdf_text: str) -> None:
    assert "<IPython.core.display" not in pdf_text, "an HTML table printed as its object name"
    assert "(children=" not in pdf_text, "a widget printed as its Python repr"
    assert "Interactive widget, shown here as text" in pdf_text
    assert "Verdict: settlement track" in pdf_text, "the sequence builder's default run"
