"""Names and texts from a submission, made safe for every place the grader shows them.

A submission controls its file name and every text its code prints or raises. The grader
treats all of it as data:

- :func:`printable` for the terminal and CSV files: every character Python does not
  call printable (control characters and escape sequences, carriage returns, line and
  paragraph separators, bidirectional overrides and other format characters, spaces
  other than the plain one) and every byte that is not UTF-8 is shown as a visible
  escape (``\\x1b``), so nothing can move the cursor, recolour the terminal, rewrite a
  line or break a writer;
- :func:`markdown_text` for feedback files: :func:`printable`, then every character that
  Markdown or HTML give a meaning escaped, so the text stays one line of plain words (it
  can never open a heading, a list item, a score line, a link or a tag);
- :func:`safe_name` for a file name that is not UTF-8: the name with every undecodable
  byte written as ``\\xNN``, plus the original bytes in hexadecimal for the record
  (:func:`name_bytes`);
- :func:`file_stem` for the feedback file written for a student.

>>> printable("a\\x1b[31mred\\x1b[0m\\r\\nb")
'a\\\\x1b[31mred\\\\x1b[0m\\\\r\\\\nb'
>>> markdown_text("## q3: 1 of 1\\n<script>x</script>")
'\\\\#\\\\# q3: 1 of 1\\\\\\\\n&lt;script&gt;x&lt;/script&gt;'
>>> safe_name("b\\udcffb")
'b\\\\xffb'
>>> name_bytes("b\\udcffb")
'62ff62'
"""

from __future__ import annotations

import os

MARKDOWN_SPECIAL = frozenset("\\`*_[]()!|~#")
"""Characters that Markdown (CommonMark, GitHub's tables) reads as markup inside a line.
A text from a submission is always shown as one line after the grader's own words, so
the markers that only count at the start of a line (``-``, ``+``, ``>``, ``1.``) are
inert; ``#`` is escaped anyway."""

HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` with every control character and undecodable byte shown as an escape."""
    value = str(text)
    if value.isprintable():
        return value
    return "".join(c if c.isprintable() else _escape(c) for c in value)


def markdown_text(text: object) -> str:
    """``text`` as one line of inert Markdown: escaped for Markdown and for HTML."""
    escaped = []
    for char in printable(text):
        if char in HTML_ENTITIES:
            escaped.append(HTML_ENTITIES[char])
        elif char in MARKDOWN_SPECIAL:
            escaped.append("\\" + char)
        else:
            escaped.append(char)
    return "".join(escaped)


def is_utf8(text: str) -> bool:
    """Whether ``text`` (a name from the file system) was valid UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safe_name(text: str) -> str:
    """A name from the file system as text every writer accepts (see :func:`printable`)."""
    return printable(text)


def name_bytes(text: str) -> str:
    """The bytes of a name from the file system, in hexadecimal (for the record)."""
    return os.fsencode(text).hex()


def file_stem(student: str) -> str:
    """The stem of a student's feedback file: printable, no folders, no leading dot.

    >>> file_stem("alex/draft"), file_stem(".hidden"), file_stem("a\\x1bb")
    ('alex__draft', '_.hidden', 'a_x1bb')
    """
    stem = printable(student).replace("\\", "_").replace("/", "__")
    return "_" + stem if stem.startswith(".") or not stem else stem
