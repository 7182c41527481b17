"""The package's data folder and the one strict reader of its TOML files.

Every data file lives in :data:`DATA_DIR`. Every TOML data file (the move catalogue and
its parameters, the presets, the answer specifications, the freeze-game payoffs, the
actors) is read through :func:`read_toml` and its values are taken through
:class:`Entry`, so all of them refuse the same things in the same words: an unknown key,
a missing or wrongly typed value, a section id that is not one of S1-S10. The message
names the file, the entry and the field, then says what is allowed:

>>> data = parse_toml('[player]\\nname = "DPRK"\\nscore = "high"\\n', "payoffs.toml")
>>> player = data.entry("player", "player 'DPRK'")
>>> player.text("name")
'DPRK'
>>> try:
...     player.number("score")
... except DataFileError as error:
...     print(error)
payoffs.toml: player 'DPRK', field 'score': 'high' is a text; allowed: a number
>>> try:
...     player.keys(required=("name",), optional=("note",))
... except DataFileError as error:
...     print(error)
payoffs.toml: player 'DPRK', field 'score': unknown field; allowed: name, note

Loaders that have an error class of their own (``CatalogueError``, ``AnswerSpecError``)
pass it as ``error``; those classes subclass :class:`DataFileError`.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

from korea_talks.sections import SECTION_IDS, UnknownSectionError, validate_section_ids

DATA_DIR = Path(str(resources.files("korea_talks") / "data"))
"""The folder of the packaged data files (``korea_talks/data``)."""


class DataFileError(ValueError):
    """A data file is missing or does not hold what its loader documents.

    The message names the file and, where there is one, the entry and the field, and
    says what is allowed.
    """


_TYPE_NAMES: dict[type, str] = {
    str: "a text",
    bool: "true or false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "a table",
    dt.date: "a date",
    dt.datetime: "a date and time",
}


def _kind(value: object) -> str:
    """Say what a TOML value is, for error messages: ``'high' is a text``."""
    name = _TYPE_NAMES.get(type(value), type(value).__name__)
    shown = repr(value) if isinstance(value, str | bool | int | float) else name
    return f"{shown} is {name}" if shown != name else f"it is {name}"


@dataclass(frozen=True)
class Entry:
    """One table of a TOML data file, with the words that locate it in messages.

    ``file`` names the file, ``name`` the entry (``"move 'us_direct_talks'"``; empty for
    the top level of the file), ``table`` holds its values and ``error`` is the class
    raised for anything wrong in it.
    """

    file: str
    name: str
    table: Mapping[str, Any]
    error: type[DataFileError] = DataFileError

    # ------------------------------------------------------------------ errors

    def where(self, field: str | None = None) -> str:
        """``file: entry, field 'x'``: the place a message starts with."""
        parts = [part for part in (self.name, f"field {field!r}" if field else "") if part]
        return f"{self.file}: {', '.join(parts)}" if parts else self.file

    def fail(self, field: str | None, problem: str, allowed: str | None = None) -> NoReturn:
        """Raise ``error`` with the place, the problem and what is allowed."""
        message = f"{self.where(field)}: {problem}"
        if allowed:
            message += f"; allowed: {allowed}"
        raise self.error(message)

    # ------------------------------------------------------------------ keys

    def keys(self, required: Iterable[str] = (), optional: Iterable[str] = ()) -> None:
        """Refuse unknown keys and missing required ones."""
        required, optional = tuple(required), tuple(optional)
        allowed = set(required) | set(optional)
        for key in self.table:
            if key not in allowed:
                self.fail(key, "unknown field", ", ".join(sorted(allowed)) or "no fields")
        for key in required:
            if key not in self.table:
                self.fail(key, "missing")

    def has(self, field: str) -> bool:
        """True if the entry sets ``field``."""
        return field in self.table

    def _value(self, field: str, default: object, allowed: str) -> Any:
        if field in self.table:
            return self.table[field]
        if default is _REQUIRED:
            self.fail(field, "missing", allowed)
        return default

    # ------------------------------------------------------------------ values

    def text(self, field: str, default: str | None = None) -> str:
        """A non-empty text (stripped); ``default`` when the field is absent, if given."""
        value = self._value(field, _REQUIRED if default is None else default, "a text")
        if not isinstance(value, str):
            self.fail(field, _kind(value), "a text")
        if not value.strip() and default is None:
            self.fail(field, "empty", "a non-empty text")
        return value.strip()

    def choice(self, field: str, options: Iterable[str], default: str | None = None) -> str:
        """One of ``options``."""
        options = tuple(options)
        value = self.text(field, default)
        if value not in options:
            self.fail(field, f"{field} {value!r} is unknown", ", ".join(options))
        return value

    def number(
        self,
        field: str,
        *,
        low: float | None = None,
        high: float | None = None,
        default: float | None = None,
    ) -> float:
        """A finite number, within ``low``-``high`` when they are given."""
        return float(self._bounded(field, "a number", False, low, high, default))

    def integer(
        self,
        field: str,
        *,
        low: int | None = None,
        high: int | None = None,
        default: int | None = None,
    ) -> int:
        """A whole number, within ``low``-``high`` when they are given."""
        return int(self._bounded(field, "a whole number", True, low, high, default))

    def _bounded(
        self,
        field: str,
        kind: str,
        whole: bool,
        low: float | None,
        high: float | None,
        default: float | None,
    ) -> float:
        allowed = _range(kind, low, high)
        value = self._value(field, _REQUIRED if default is None else default, allowed)
        if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
            self.fail(field, _kind(value), allowed)
        too_low = low is not None and value < low
        if not math.isfinite(value) or too_low or (high is not None and value > high):
            self.fail(field, f"{value!r} is out of range", allowed)
        return value

    def flag(self, field: str, default: bool | None = None) -> bool:
        """``true`` or ``false``."""
        value = self._value(field, _REQUIRED if default is None else default, "true or false")
        if not isinstance(value, bool):
            self.fail(field, _kind(value), "true or false")
        return value

    def texts(self, field: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty texts; with ``required`` it must have at least one."""
        allowed = 'a list of texts such as ["a", "b"]'
        value = self._value(field, _REQUIRED if required else [], allowed)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.fail(field, _kind(value), allowed)
        if required and not value:
            self.fail(field, "empty", allowed)
        return tuple(item.strip() for item in value)

    def sections(self, field: str = "sections", *, required: bool = True) -> tuple[str, ...]:
        """A list of the article's section ids, checked against S1-S10."""
        allowed = f'a list of section ids such as ["S9"] ({SECTION_IDS[0]}-{SECTION_IDS[-1]})'
        value = self._value(field, _REQUIRED if required else [], allowed)
        if not isinstance(value, list) or (required and not value):
            self.fail(field, "missing or empty" if value == [] else _kind(value), allowed)
        try:
            return validate_section_ids(value)
        except UnknownSectionError as exc:
            self.fail(field, str(exc))

    def date(self, field: str, *, required: bool = True) -> dt.date | None:
        """A date, written as a TOML date or as ``"YYYY-MM-DD"``."""
        value = self._value(field, _REQUIRED if required else None, "a date YYYY-MM-DD")
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(field, _kind(value), "a date YYYY-MM-DD")

    def entry(self, field: str, name: str, *, required: bool = True) -> Entry:
        """The sub-table ``field`` as an entry called ``name``."""
        value = self._value(field, _REQUIRED if required else {}, "a table")
        if not isinstance(value, dict):
            self.fail(field, _kind(value), "a table")
        return Entry(self.file, name, value, self.error)

    def entries(self, field: str, kind: str, *, required: bool = True) -> list[Entry]:
        """The array of tables ``field`` (``[[field]]``), each named after its ``id`` or
        ``name`` key (``"move 'x'"``), else by its position (``"move number 3"``)."""
        allowed = f"a list of tables ([[{field}]])"
        value = self._value(field, _REQUIRED if required else [], allowed)
        if not isinstance(value, list) or (required and not value):
            self.fail(field, "missing or empty" if value == [] else _kind(value), allowed)
        found = []
        for number, table in enumerate(value, start=1):
            if not isinstance(table, dict):
                self.fail(field, f"{kind} number {number} is not a table", allowed)
            label = table.get("id", table.get("name"))
            name = f"{kind} {label!r}" if isinstance(label, str) else f"{kind} number {number}"
            full = f"{self.name}, {name}" if self.name else name
            found.append(Entry(self.file, full, table, self.error))
        return found


_REQUIRED: Any = object()


def _range(kind: str, low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{kind} from {low:g} to {high:g}"
    if low is not None:
        return f"{kind} of at least {low:g}"
    if high is not None:
        return f"{kind} of at most {high:g}"
    return kind


def parse_toml(text: str, file: str, *, error: type[DataFileError] = DataFileError) -> Entry:
    """Parse TOML text; ``file`` is how messages name it. Returns the top-level entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{file}: not valid TOML ({exc})") from None
    return Entry(file, "", data, error)


def read_toml(path: Path | str, *, error: type[DataFileError] = DataFileError) -> Entry:
    """Read a TOML data file; a missing file or invalid TOML raises ``error``."""
    path = Path(path)
    if not path.is_file():
        raise error(f"{path}: file not found (expected a TOML file)")
    return parse_toml(path.read_text(encoding="utf-8"), str(path), error=error)
