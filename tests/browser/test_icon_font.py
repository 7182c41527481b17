"""The trimmed icon fonts of the built site hold every icon its stylesheets ask for.

book/_ext/lean_pages.py cuts Font Awesome down to the icons in use. An icon a stylesheet
names but the cut font lacks shows as an empty box (the "Note", "Important" and "See also"
boxes once did). No browser needed: the fonts' character maps are read with fontTools.
"""

from __future__ import annotations

import sys
from pathlib import Path

from browser_support import REPO
from fontTools.ttLib import TTFont

sys.path.insert(0, str(REPO / "book" / "_ext"))

from lean_pages import FONTS, css_icon_codepoints


def test_every_icon_the_stylesheets_ask_for_is_in_the_fonts(site_root: Path) -> None:
    static = site_root / "_static"
    webfonts = static / "vendor" / "fontawesome" / "webfonts"
    available: set[int] = set()
    for font in FONTS:
        available |= set(TTFont(str(webfonts / f"{font}.woff2")).getBestCmap())
    asked = {
        sheet.relative_to(site_root).as_posix(): css_icon_codepoints(
            sheet.read_text(encoding="utf8", errors="replace")
        )
        for sheet in static.rglob("*.css")
    }
    missing = {
        sheet: sorted(f"U+{code:04X}" for code in codes - available)
        for sheet, codes in asked.items()
        if codes - available
    }
    assert set().union(*asked.values()), "no stylesheet asks for an icon: is the site built?"
    assert not missing, f"icons the stylesheets use but the trimmed fonts lack: {missing}"
