"""One actors table names every actor the same way in the model, the games and the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from korea_talks.actors import ACTOR_TABLE, ACTORS, actor_named, get_actor, load_actors
from korea_talks.bargaining import load_six_parties_2017
from korea_talks.datafiles import DATA_DIR, DataFileError
from korea_talks.games.freeze_game import PLAYER_ACTORS, player_name
from korea_talks.sequence import load_catalogue


def test_labels_never_repeat_a_name():
    for actor in ACTOR_TABLE:
        words = re.findall(r"[\w/]+", actor.label)
        assert len(words) == len(set(words)), actor.label
    assert ACTORS["DPRK"] == "North Korea (DPRK)"
    assert ACTORS["China"] == "China"


def test_the_model_the_games_and_the_data_use_the_table():
    assert {move.actor for move in load_catalogue().moves.values()} <= set(ACTORS)
    for name in load_six_parties_2017()["actor"]:
        assert actor_named(name).name == name
    assert {player_name(p) for p in PLAYER_ACTORS} == {"North Korea", "United States"}
    assert get_actor("US").short_name == "US"


def test_a_repeated_actor_is_refused(tmp_path: Path):
    text = (DATA_DIR / "actors.toml").read_text(encoding="utf-8")
    path = tmp_path / "actors.toml"
    path.write_text(text.replace('name = "Japan"', 'name = "China"'), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"actor 'Japan', field 'name': 'China' is used twice"):
        load_actors(path)
