"""The expected-utility bargaining model of Bueno de Mesquita, in the reformulation of
Scholz, Calbert and Smith (2011), and its actor tables.

The model and the loaders of its data files use the standard library only (they run in a
browser's Pyodide core); the pandas tables the book prints are made on demand by
:mod:`korea_talks.sequence.frames`. :mod:`korea_talks.bargaining.sensitivity`, the book's
resampling study, stays with numpy."""

from korea_talks.bargaining.actors import (
    Actor,
    ActorInputError,
    ActorTable,
    ec_emission_standards,
    load_six_parties,
    load_six_parties_2017,
    load_six_parties_2024,
    six_parties,
    six_parties_2017,
    six_parties_2024,
)
from korea_talks.bargaining.model import BargainingResult, Move, run_model, run_round

__all__ = [
    "Actor",
    "ActorInputError",
    "ActorTable",
    "BargainingResult",
    "Move",
    "ec_emission_standards",
    "load_six_parties",
    "load_six_parties_2017",
    "load_six_parties_2024",
    "run_model",
    "run_round",
    "six_parties",
    "six_parties_2017",
    "six_parties_2024",
]
