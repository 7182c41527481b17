"""The actors of the module, defined once (``korea_talks/data/actors.toml``).

The move catalogue, the presets, the games and the bargaining data all name actors
through this table, and every view labels them with :attr:`Actor.label`, which never
repeats itself:

>>> get_actor("DPRK").label
'North Korea (DPRK)'
>>> get_actor("China").label
'China'
>>> ACTORS["ROK"]
'South Korea (ROK)'
>>> actor_named("United States").id
'US'
>>> get_actor("USA")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
korea_talks.actors.UnknownActorError: unknown actor 'USA'; allowed: US, DPRK, ROK, China, ...
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from korea_talks.datafiles import DATA_DIR, read_toml

ACTORS_PATH = DATA_DIR / "actors.toml"


class UnknownActorError(ValueError):
    """An actor id or name that is not in the actors table."""


@dataclass(frozen=True)
class Actor:
    """One actor: its ``id``, its ``name`` and the ``short_name`` a compact label adds."""

    id: str
    name: str
    short_name: str

    @property
    def label(self) -> str:
        """The name, with the short name in brackets when it adds something."""
        if self.short_name in self.name:
            return self.name
        return f"{self.name} ({self.short_name})"


def load_actors(path: Path | str | None = None) -> tuple[Actor, ...]:
    """Read and check the actors table (default: the packaged ``actors.toml``)."""
    data = read_toml(path if path is not None else ACTORS_PATH)
    data.keys(required=("actors",))
    actors: list[Actor] = []
    for entry in data.entries("actors", "actor"):
        entry.keys(required=("id", "name", "short_name"))
        actor = Actor(entry.text("id"), entry.text("name"), entry.text("short_name"))
        for field in ("id", "name", "short_name"):
            if any(getattr(other, field) == getattr(actor, field) for other in actors):
                entry.fail(field, f"{getattr(actor, field)!r} is used twice", "a unique value")
        actors.append(actor)
    return tuple(actors)


ACTOR_TABLE: tuple[Actor, ...] = load_actors()
"""Every actor, in display order."""

ACTORS: dict[str, str] = {actor.id: actor.label for actor in ACTOR_TABLE}
"""Actor id -> label, in display order (what a drop-down or a table column shows)."""

_BY_ID = {actor.id: actor for actor in ACTOR_TABLE}
_BY_NAME = {actor.name: actor for actor in ACTOR_TABLE}


def _find(index: dict[str, Actor], key: str, what: str) -> Actor:
    if isinstance(key, str) and key in index:
        return index[key]
    raise UnknownActorError(f"unknown {what} {key!r}; allowed: {', '.join(index)}")


def get_actor(actor_id: str) -> Actor:
    """The actor with this id, or :class:`UnknownActorError` listing the ids."""
    return _find(_BY_ID, actor_id, "actor")


def actor_named(name: str) -> Actor:
    """The actor with this name (as the bargaining data writes it)."""
    return _find(_BY_NAME, name, "actor name")
