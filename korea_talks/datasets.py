"""Typed loaders for the data files shipped with the package.

Every table is read from ``korea_talks/data`` and checked on load. A missing file, a
missing column or a value that cannot be read raises :class:`DataFileError`, whose
message names the file, the row and the column, and says what is allowed.

The missile tests come from the CNS North Korea Missile Test Database (see
:data:`CNS_CREDIT`). Its dates are UTC; a launch in the Korean morning has a UTC date one
day earlier than the date Korean and most news reports use, so the loader derives the
Korean date from the UTC date and time.

>>> tests = load_missile_tests()
>>> len(tests)
339
>>> row = tests[tests["date_kst"] == "2017-11-29"].iloc[0]
>>> str(row["date_utc"].date()), row["missile_name"]
('2017-11-28', 'Hwasong-15')
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pandas as pd

DATA_DIR = Path(str(resources.files("korea_talks") / "data"))
CNS_DIR = DATA_DIR / "cns_missile_tests"

CNS_CREDIT = (
    "CNS North Korea Missile Test Database, James Martin Center for Nonproliferation "
    "Studies (CNS) for the Nuclear Threat Initiative (NTI); machine-readable mirror by "
    "Akihiko Kusanagi (nagix/nk-missile-tests, Apache-2.0)."
)
"""The credit line every copy or figure of the missile-test data must carry."""

KST_OFFSET = pd.Timedelta(hours=9)
"""Korea Standard Time is UTC+9 all year (no daylight saving)."""

OUTCOMES = ("success", "failure", "unknown")


class DataFileError(ValueError):
    """A data file is missing or cannot be read as documented."""


def _read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileError(
            f"{path}: file not found (expected a CSV file with columns {', '.join(required)})"
        )
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(f"{path}: not a readable CSV file ({exc})") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(
            f"{path}: missing column(s) {', '.join(missing)}; the file must have "
            f"{', '.join(required)}"
        )
    return frame


def _bad_rows(path: Path, frame: pd.DataFrame, mask: pd.Series, column: str, allowed: str):
    if mask.any():
        first = int(mask.to_numpy().nonzero()[0][0])
        raise DataFileError(
            f"{path}: row {first + 2}, column {column!r}: {frame[column].iloc[first]!r} is "
            f"not valid; allowed: {allowed} ({int(mask.sum())} bad row(s) in all)"
        )


def _numeric(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    _bad_rows(
        path, frame, values.isna() & frame[column].notna(), column, "a number or an empty cell"
    )
    return values.astype("Float64")


def load_missiles(path: Path | None = None) -> pd.DataFrame:
    """The missile types: key ``missile``, display ``name`` and class ``type``."""
    path = Path(path) if path else CNS_DIR / "missiles.csv"
    frame = _read_csv(path, ("missile", "name", "type"))
    _bad_rows(
        path,
        frame,
        frame["missile"].isna() | frame["missile"].duplicated(),
        "missile",
        "a unique, non-empty key",
    )
    return frame.astype({"missile": "string", "name": "string", "type": "category"})


def load_facilities(path: Path | None = None) -> pd.DataFrame:
    """The launch facilities: key ``facility``, ``name``, ``lat`` and ``lon`` in degrees."""
    path = Path(path) if path else CNS_DIR / "facilities.csv"
    frame = _read_csv(path, ("facility", "name", "lat", "lon"))
    _bad_rows(
        path,
        frame,
        frame["facility"].isna() | frame["facility"].duplicated(),
        "facility",
        "a unique, non-empty key",
    )
    frame["lat"] = _numeric(path, frame, "lat")
    frame["lon"] = _numeric(path, frame, "lon")
    return frame.astype({"facility": "string", "name": "string"})


TEST_COLUMNS = (
    "date",
    "time_utc",
    "series",
    "missile",
    "facility",
    "landing",
    "apogee_km",
    "distance_km",
    "bearing_deg",
    "glide",
    "outcome",
)


def load_missile_tests(directory: Path | None = None) -> pd.DataFrame:
    """Load the CNS missile tests, one row per missile, with typed columns.

    Columns:

    ``date_utc`` (datetime64)
        the UTC date; for the 8 month-only rows of the 1980s-90s, the first of the month.
    ``date_precision`` (category)
        ``"day"`` or ``"month"``.
    ``time_utc`` (string), ``datetime_utc`` (datetime64)
        the launch time when known, else missing.
    ``date_kst`` (datetime64), ``date_kst_exact`` (bool)
        the Korean date: from the UTC date and time when the time is known
        (``date_kst_exact`` true); otherwise the UTC date, as the best available guess.
    ``series`` (Int64), ``missile``, ``missile_name``, ``missile_type`` (category),
    ``facility``, ``facility_name``, ``landing`` (category), ``apogee_km``,
    ``distance_km``, ``bearing_deg`` (Float64), ``glide`` (bool), ``outcome`` (category).

    Raises :class:`DataFileError` if a file is missing or malformed, or if a test
    refers to a missile or facility that is not in its table.
    """
    directory = Path(directory) if directory else CNS_DIR
    path = directory / "tests.csv"
    raw = _read_csv(path, TEST_COLUMNS)
    missiles = load_missiles(directory / "missiles.csv")
    facilities = load_facilities(directory / "facilities.csv")

    date_text = raw["date"].fillna("")
    is_day = date_text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    is_month = date_text.str.fullmatch(r"\d{4}-\d{2}")
    _bad_rows(path, raw, ~(is_day | is_month), "date", "YYYY-MM-DD or YYYY-MM")
    padded = date_text.where(is_day, date_text + "-01")
    dates = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")
    _bad_rows(path, raw, dates.isna(), "date", "a real calendar date")

    time_text = raw["time_utc"]
    time_ok = time_text.isna() | time_text.fillna("").str.fullmatch(r"([01]\d|2[0-3]):[0-5]\d")
    _bad_rows(path, raw, ~time_ok, "time_utc", "HH:MM (24-hour UTC) or an empty cell")
    _bad_rows(
        path, raw, time_text.notna() & ~is_day, "time_utc", "a time only on rows with a full date"
    )
    offset = pd.to_timedelta(time_text.fillna("00:00") + ":00")
    datetime_utc = (dates + offset).where(time_text.notna())
    exact = datetime_utc.notna()
    date_kst = (datetime_utc + KST_OFFSET).dt.normalize().where(exact, dates)

    _bad_rows(path, raw, ~raw["outcome"].isin(OUTCOMES), "outcome", ", ".join(OUTCOMES))
    _bad_rows(
        path, raw, ~raw["missile"].isin(missiles["missile"]), "missile", "a key of missiles.csv"
    )
    _bad_rows(
        path,
        raw,
        ~raw["facility"].isin(facilities["facility"]),
        "facility",
        "a key of facilities.csv",
    )
    series = pd.to_numeric(raw["series"], errors="coerce")
    _bad_rows(
        path,
        raw,
        series.isna() & raw["series"].notna(),
        "series",
        "a whole number or an empty cell",
    )
    glide = raw["glide"].map(_parse_glide, na_action="ignore")
    _bad_rows(
        path,
        raw,
        glide.isna() & raw["glide"].notna(),
        "glide",
        "a list of flight legs or an empty cell",
    )

    names = missiles.set_index("missile")
    frame = pd.DataFrame(
        {
            "date_utc": dates,
            "date_precision": pd.Categorical(
                is_day.map({True: "day", False: "month"}), categories=["day", "month"]
            ),
            "time_utc": raw["time_utc"].astype("string"),
            "datetime_utc": datetime_utc,
            "date_kst": date_kst,
            "date_kst_exact": exact.astype(bool),
            "series": series.astype("Int64"),
            "missile": raw["missile"].astype("string"),
            "missile_name": raw["missile"].map(names["name"]).astype("string"),
            "missile_type": pd.Categorical(raw["missile"].map(names["type"])),
            "facility": raw["facility"].astype("string"),
            "facility_name": raw["facility"]
            .map(facilities.set_index("facility")["name"])
            .astype("string"),
            "landing": raw["landing"].astype("category"),
            "apogee_km": _numeric(path, raw, "apogee_km"),
            "distance_km": _numeric(path, raw, "distance_km"),
            "bearing_deg": _numeric(path, raw, "bearing_deg"),
            "glide": raw["glide"].notna(),
            "outcome": pd.Categorical(raw["outcome"], categories=list(OUTCOMES)),
        }
    )
    return frame


def _parse_glide(text: str) -> list | None:
    try:
        legs = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    return legs if isinstance(legs, list) else None


def load_table(
    name: str, *, parse_dates: tuple[str, ...] = (), required: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Load ``korea_talks/data/<name>.csv``, a table that carries a ``source`` column.

    Every row must name its source (a key of ``book/references.bib`` or a URL); the
    columns in ``parse_dates`` are read as ``YYYY-MM-DD`` dates.
    """
    path = DATA_DIR / f"{name}.csv"
    frame = _read_csv(path, (*required, "source"))
    _bad_rows(path, frame, frame["source"].isna(), "source", "a reference key or URL on every row")
    for column in parse_dates:
        if column not in frame.columns:
            raise DataFileError(f"{path}: missing date column {column!r}")
        parsed = pd.to_datetime(frame[column], format="%Y-%m-%d", errors="coerce")
        _bad_rows(path, frame, parsed.isna(), column, "a date written YYYY-MM-DD")
        frame[column] = parsed
    return frame
