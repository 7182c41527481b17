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
from pathlib import Path

import pandas as pd

# Re-exported: loaders and tests here refer to the data folder and its error by these names.
from korea_talks.datafiles import DATA_DIR as DATA_DIR
from korea_talks.datafiles import DataFileError as DataFileError

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


def _bad_rows(path: Path, frame: pd.DataFrame, mask: pd.Series, column: str, allowed: str) -> None:
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


def load_missile_tests(
    directory: Path | None = None, *, apply_corrections: bool = True
) -> pd.DataFrame:
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

    A few rows of the mirror carry a date or time that disagrees with the reported
    launch; ``corrections.csv`` beside the data fixes them, each with its sources (see
    :func:`load_missile_test_corrections`). They are applied unless
    ``apply_corrections=False``. The Hwasong-12 launched in the Korean morning of 14 May
    2017 is one of them:

    >>> tests = load_missile_tests()
    >>> may = tests[(tests["missile"] == "hwasong-12") & (tests["date_kst"].dt.month == 5)]
    >>> [str(d.date()) for d in may["date_kst"]]
    ['2017-05-14']
    >>> raw = load_missile_tests(apply_corrections=False)
    >>> may = raw[(raw["missile"] == "hwasong-12") & (raw["date_kst"].dt.month == 5)]
    >>> [str(d.date()) for d in may["date_kst"]]
    ['2017-05-15']

    Raises :class:`DataFileError` if a file is missing or malformed, if a test refers to
    a missile or facility that is not in its table, or if a correction matches no test.
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
    corrections = directory / "corrections.csv"
    if apply_corrections and corrections.is_file():
        frame = apply_missile_test_corrections(frame, load_missile_test_corrections(corrections))
    return frame


def _parse_glide(text: str) -> list[object] | None:
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


# --- Dated events, sanctions and corrections (chapters 1, 3 and 9) -------------------------

EVENT_COLUMNS = ("date", "date_precision", "event", "actor", "category", "sections")
"""The columns of the two event tables besides ``source``."""

DATE_PRECISIONS = ("day", "month")


def _load_event_table(name: str, *, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """Load a dated event table; ``sections`` becomes a tuple of checked section ids.

    ``required`` names columns the table needs besides :data:`EVENT_COLUMNS`.
    """
    from korea_talks.sections import UnknownSectionError, validate_section_ids

    path = DATA_DIR / f"{name}.csv"
    frame = load_table(name, parse_dates=("date",), required=(*EVENT_COLUMNS, *required))
    for column in ("event", "actor", "category", "sections"):
        _bad_rows(path, frame, frame[column].isna(), column, "a non-empty value")
    _bad_rows(
        path,
        frame,
        ~frame["date_precision"].isin(DATE_PRECISIONS),
        "date_precision",
        ", ".join(DATE_PRECISIONS),
    )
    parsed = []
    for number, cell in enumerate(frame["sections"], start=2):
        ids = tuple(part.strip() for part in cell.split(";") if part.strip())
        try:
            parsed.append(validate_section_ids(ids))
        except UnknownSectionError as exc:
            raise DataFileError(f"{path}: row {number}, column 'sections': {exc}") from None
    frame["sections"] = parsed
    frame = frame.sort_values("date", kind="stable").reset_index(drop=True)
    return frame.astype({"event": "string", "actor": "string", "category": "category"})


def load_timeline_2017() -> pd.DataFrame:
    """The dated, sourced events of January-September 2017 (``data/timeline_2017.csv``).

    Dates are the local dates of the place where the event happened (Korean dates for
    launches in Korea). ``sections`` is a tuple of the article's section ids; ``source``
    holds one or more keys of ``book/references.bib`` separated by ``;``.

    >>> timeline = load_timeline_2017()
    >>> str(timeline["date"].min().date()), str(timeline["date"].max().date())
    ('2017-01-20', '2017-09-19')
    >>> envoy = timeline[timeline["event"].str.contains("Song Young-gil")].iloc[0]
    >>> str(envoy["date"].date()), envoy["sections"]
    ('2017-05-24', ('S8',))
    """
    return _load_event_table("timeline_2017")


def load_events_2017_2019() -> pd.DataFrame:
    """What happened after the article, November 2017-December 2019 (``events_2017_2019.csv``).

    Same columns as :func:`load_timeline_2017`.

    >>> events = load_events_2017_2019()
    >>> singapore = events[events["event"].str.contains("Singapore")]
    >>> singapore["date"].dt.strftime("%Y-%m-%d").tolist()
    ['2018-06-12']
    """
    return _load_event_table("events_2017_2019")


def load_events_2020_2025() -> pd.DataFrame:
    """Moscow, Pyongyang and the sanctions regime, 2022-2025 (``events_2020_2025.csv``).

    The columns of :func:`load_timeline_2017` plus ``primary_source``: the key (or the
    URL) of a primary document for the event (a UN record, a treaty text, an official
    statement, or a state news agency's report of one). Every key in ``primary_source``
    must also be listed in ``source``, so the row's sources are complete in one column.

    >>> events = load_events_2020_2025()
    >>> events.loc[events["category"] == "veto", "date"].dt.strftime("%Y-%m-%d").tolist()
    ['2022-05-26', '2024-03-28']
    >>> treaty = events[events["event"].str.contains("Article 4 pledges")].iloc[0]
    >>> treaty["primary_source"], treaty["sections"]
    ('kcna2024treaty', ('S5', 'S7', 'S9'))
    """
    name = "events_2020_2025"
    path = DATA_DIR / f"{name}.csv"
    frame = _load_event_table(name, required=("primary_source",))
    _bad_rows(
        path,
        frame,
        frame["primary_source"].isna(),
        "primary_source",
        "the key or URL of a primary document on every row",
    )
    listed = [
        set(_split_keys(primary)) <= set(_split_keys(source))
        for primary, source in zip(frame["primary_source"], frame["source"], strict=True)
    ]
    _bad_rows(
        path,
        frame,
        ~pd.Series(listed, index=frame.index),
        "primary_source",
        "keys that are also listed in the row's source column",
    )
    return frame.astype({"primary_source": "string"})


def load_events_2017_2025() -> pd.DataFrame:
    """Both event tables after the article in one frame, sorted by date.

    ``primary_source`` is missing (``<NA>``) on the rows of 2017-2019, whose table has no
    such column.

    >>> events = load_events_2017_2025()
    >>> str(events["date"].min().date()), str(events["date"].max().date())
    ('2017-11-29', '2025-05-01')
    """
    frame = pd.concat([load_events_2017_2019(), load_events_2020_2025()], ignore_index=True)
    frame = frame.sort_values("date", kind="stable").reset_index(drop=True)
    return frame.astype({"category": "category", "primary_source": "string"})


def _split_keys(cell: str) -> list[str]:
    return [key.strip() for key in str(cell).split(";") if key.strip()]


PROVOCATION_KINDS = ("nuclear-test", "other-provocation")


def load_provocations() -> pd.DataFrame:
    """Nuclear tests and other provocations, 2013-2017, outside the missile database.

    Columns ``date`` (datetime64, Korean or local date), ``event``, ``kind`` (one of
    :data:`PROVOCATION_KINDS`) and ``source``. Long-range launches are not listed here:
    they come from the CNS missile table.

    >>> provocations = load_provocations()
    >>> provocations.loc[provocations["kind"] == "nuclear-test", "date"].dt.year.tolist()
    [2013, 2016, 2016, 2017]
    """
    name = "provocations_2013_2017"
    path = DATA_DIR / f"{name}.csv"
    frame = load_table(name, parse_dates=("date",), required=("date", "event", "kind"))
    _bad_rows(
        path, frame, ~frame["kind"].isin(PROVOCATION_KINDS), "kind", ", ".join(PROVOCATION_KINDS)
    )
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


UNSC_COLUMNS = ("number", "date_adopted", "trigger", "main_measures", "vote")


def load_unsc_resolutions() -> pd.DataFrame:
    """The UN Security Council sanctions resolutions of 2016-2017 on North Korea.

    Columns ``number`` (int), ``date_adopted`` (datetime64, New York date), ``trigger``,
    ``main_measures`` (our summary), ``vote`` and ``source``.

    >>> resolutions = load_unsc_resolutions()
    >>> resolutions["number"].tolist()
    [2270, 2321, 2356, 2371, 2375, 2397]
    """
    name = "unsc_resolutions_2016_2017"
    path = DATA_DIR / f"{name}.csv"
    frame = load_table(name, parse_dates=("date_adopted",), required=UNSC_COLUMNS)
    numbers = pd.to_numeric(frame["number"], errors="coerce")
    _bad_rows(path, frame, numbers.isna() | numbers.duplicated(), "number", "a unique whole number")
    frame["number"] = numbers.astype(int)
    return frame.sort_values("date_adopted", kind="stable").reset_index(drop=True)


CORRECTION_FIELDS = ("date", "time_utc")


def load_missile_test_corrections(path: Path | None = None) -> pd.DataFrame:
    """Sourced corrections to single rows of the CNS mirror (``corrections.csv``).

    Each row names a test by its mirror UTC date (``date_utc``) and ``missile`` key, the
    ``field`` to replace (``date`` or ``time_utc``), the new ``value``, its ``source`` and a
    ``note``.

    >>> fixes = load_missile_test_corrections()
    >>> for row in fixes[["date_utc", "missile", "field", "value"]].values.tolist():
    ...     print(*row)
    2017-05-14 hwasong-12 date 2017-05-13
    2017-07-04 hwasong-14 time_utc 00:40
    """
    path = Path(path) if path else CNS_DIR / "corrections.csv"
    frame = _read_csv(path, ("date_utc", "missile", "field", "value", "source", "note"))
    _bad_rows(path, frame, ~frame["field"].isin(CORRECTION_FIELDS), "field", "date, time_utc")
    _bad_rows(path, frame, frame["source"].isna(), "source", "a reference key on every row")
    day = frame["date_utc"].fillna("").str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    _bad_rows(path, frame, ~day, "date_utc", "YYYY-MM-DD")
    is_date = frame["field"] == "date"
    value_ok = (
        frame["value"]
        .fillna("")
        .str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        .where(is_date, frame["value"].fillna("").str.fullmatch(r"([01]\d|2[0-3]):[0-5]\d"))
    )
    _bad_rows(path, frame, ~value_ok.astype(bool), "value", "YYYY-MM-DD for date, HH:MM for time")
    return frame


def apply_missile_test_corrections(
    tests: pd.DataFrame, corrections: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return a copy of :func:`load_missile_tests` output with the corrections applied.

    The UTC date or time of each corrected row is replaced and ``datetime_utc``,
    ``date_kst`` and ``date_kst_exact`` are derived again. Applying the corrections to
    an already corrected table changes nothing; a correction that matches no test raises
    :class:`DataFileError`.

    >>> fixed = apply_missile_test_corrections(load_missile_tests())
    >>> first_success = fixed[(fixed["missile"] == "hwasong-12") & (fixed["outcome"] == "success")]
    >>> row = first_success.iloc[0]
    >>> str(row["date_utc"].date()), str(row["date_kst"].date()), row["time_utc"]
    ('2017-05-13', '2017-05-14', '20:28')
    >>> apply_missile_test_corrections(fixed).equals(fixed)
    True
    """
    corrections = load_missile_test_corrections() if corrections is None else corrections
    fixed = tests.copy()
    for number, row in enumerate(corrections.itertuples(index=False), start=2):
        when = pd.Timestamp(str(row.date_utc))
        match = (fixed["date_utc"] == when) & (fixed["missile"] == row.missile)
        if row.field == "date":
            target = pd.Timestamp(str(row.value))
            if not match.any():
                done = (fixed["date_utc"] == target) & (fixed["missile"] == row.missile)
                if done.sum() == 1:
                    continue
            if match.sum() != 1:
                raise DataFileError(
                    f"corrections row {number}: {match.sum()} tests match date_utc "
                    f"{row.date_utc} and missile {row.missile!r}; exactly one must"
                )
            fixed.loc[match, "date_utc"] = target
        else:
            if match.sum() != 1:
                raise DataFileError(
                    f"corrections row {number}: {match.sum()} tests match date_utc "
                    f"{row.date_utc} and missile {row.missile!r}; exactly one must"
                )
            fixed.loc[match, "time_utc"] = str(row.value)
    time_text = fixed["time_utc"]
    offset = pd.to_timedelta(time_text.fillna("00:00").astype(str) + ":00")
    datetime_utc = (fixed["date_utc"] + offset).where(time_text.notna())
    exact = datetime_utc.notna()
    fixed["datetime_utc"] = datetime_utc
    fixed["date_kst"] = (datetime_utc + KST_OFFSET).dt.normalize().where(exact, fixed["date_utc"])
    fixed["date_kst_exact"] = exact.astype(bool)
    return fixed


# --- Counter-arguments and conditions for a settlement (chapters 8 and 10) ------------------


def _section_id_tuples(path: Path, frame: pd.DataFrame, column: str) -> list[tuple[str, ...]]:
    """Split each ``;``-separated cell of section ids and check every id against S1-S10."""
    from korea_talks.sections import UnknownSectionError, validate_section_ids

    parsed = []
    for number, cell in enumerate(frame[column].fillna(""), start=2):
        ids = tuple(part.strip() for part in cell.split(";") if part.strip())
        if not ids:
            raise DataFileError(
                f"{path}: row {number}, column {column!r}: empty; allowed: one or more "
                "section ids S1-S10 separated by ';'"
            )
        try:
            parsed.append(validate_section_ids(ids))
        except UnknownSectionError as exc:
            raise DataFileError(f"{path}: row {number}, column {column!r}: {exc}") from None
    return parsed


def _require_text(path: Path, frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    for column in columns:
        _bad_rows(path, frame, frame[column].isna(), column, "a non-empty text")


COUNTER_ARGUMENT_COLUMNS = (
    "id",
    "camp",
    "actor",
    "argument",
    "sections",
    "article_reply",
    "evidence",
)
"""The columns of ``counter_arguments.csv`` besides ``source``."""


def load_counter_arguments() -> pd.DataFrame:
    """The strongest objections to the article, in fair form (``data/counter_arguments.csv``).

    One row per objection: a unique ``id``, the ``camp`` that makes it, the ``actor``
    (``;``-separated), the ``argument`` in our words, the article ``sections`` it answers
    (a tuple of checked ids), how the article would reply (``article_reply``), the
    ``evidence`` its holders point to, and the ``source`` keys.

    >>> objections = load_counter_arguments()
    >>> objections.set_index("id").loc["cvid-record-2005", "sections"]
    ('S6', 'S9')
    >>> objections["camp"].nunique() >= 5
    True
    """
    name = "counter_arguments"
    path = DATA_DIR / f"{name}.csv"
    frame = load_table(name, required=COUNTER_ARGUMENT_COLUMNS)
    _require_text(path, frame, COUNTER_ARGUMENT_COLUMNS)
    _bad_rows(path, frame, frame["id"].duplicated(), "id", "a unique id on every row")
    frame["sections"] = _section_id_tuples(path, frame, "sections")
    return frame.astype({"id": "string", "camp": "string", "argument": "string"})


SETTLEMENT_COLUMNS = ("party", "must_accept", "article_sections", "counter_position")
"""The columns of ``settlement_conditions.csv`` besides ``source``."""


def load_settlement_conditions() -> pd.DataFrame:
    """What each party would have to accept for the article's settlement (S10).

    Columns: ``party``, ``must_accept`` (our paraphrase of the article's condition),
    ``article_sections`` (a tuple of checked section ids), ``counter_position`` (the
    party's own stated position in 2017, with its date) and ``source``.

    >>> conditions = load_settlement_conditions()
    >>> conditions["party"].tolist()[:3]
    ['United States', 'South Korea (government)', 'South Korea (opposition)']
    >>> all("S10" in ids for ids in conditions["article_sections"])
    True
    """
    name = "settlement_conditions"
    path = DATA_DIR / f"{name}.csv"
    frame = load_table(name, required=SETTLEMENT_COLUMNS)
    _require_text(path, frame, SETTLEMENT_COLUMNS)
    frame["article_sections"] = _section_id_tuples(path, frame, "article_sections")
    return frame.astype({"party": "string"})


# --- The article's expectations against the record of 2017-2019 (chapter 9) ----------------

EXPECTATION_COLUMNS = ("id", "expectation", "sections", "stance", "outcome", "evidence")
"""The columns of ``expectations_2017_2019.csv`` besides ``source``."""

EXPECTATION_OUTCOMES: dict[str, tuple[str, ...]] = {
    "forecast": ("held", "partly", "debated", "did not happen"),
    "proposal": ("taken up", "partly taken up", "not taken up"),
    "hope": ("came about", "came about in part", "did not come about"),
    "possibility": ("came about", "came about in part", "did not come about"),
}
"""How firmly the article commits itself (``stance``) and the outcomes each stance allows.

A ``forecast`` says what will happen (S1 "inevitable", S3 "not going to start a war") and
is scored: it held or it did not. A ``proposal`` says what should be done (the roadmap of
S9) and is scored on whether it was taken up, which says nothing about whether the author
was right. A ``hope`` ("can", "could", S1, S10) and a ``possibility`` ("may", "cannot be
excluded", S2, S9) commit the author to nothing: they are recorded as having come about or
not, never as forecasts that held or failed.
"""

SCORED_STANCES = ("forecast", "proposal")
"""The stances whose outcome is a verdict on the article."""


def load_expectations_2017_2019() -> pd.DataFrame:
    """The article's expectations and what became of them (``data/expectations_2017_2019.csv``).

    One row per expectation: a unique ``id``, the ``expectation`` in our words with the
    author's hedge kept, the article ``sections`` it rests on (a tuple of checked ids), its
    ``stance`` (one of :data:`EXPECTATION_OUTCOMES`), the ``outcome`` that stance allows,
    the ``evidence`` and its ``source`` keys. ``scored`` is true for forecasts and
    proposals only.

    >>> card = load_expectations_2017_2019().set_index("id")
    >>> test = card.loc["nuclear-test"]
    >>> test["stance"], test["outcome"], bool(test["scored"])
    ('possibility', 'came about', False)
    >>> war = card.loc["no-war"]
    >>> war["stance"], war["outcome"], bool(war["scored"])
    ('forecast', 'held', True)
    """
    name = "expectations_2017_2019"
    path = DATA_DIR / f"{name}.csv"
    frame = load_table(name, required=EXPECTATION_COLUMNS)
    _require_text(path, frame, EXPECTATION_COLUMNS)
    _bad_rows(path, frame, frame["id"].duplicated(), "id", "a unique id on every row")
    _bad_rows(
        path,
        frame,
        ~frame["stance"].isin(list(EXPECTATION_OUTCOMES)),
        "stance",
        ", ".join(EXPECTATION_OUTCOMES),
    )
    for stance, outcomes in EXPECTATION_OUTCOMES.items():
        _bad_rows(
            path,
            frame,
            (frame["stance"] == stance) & ~frame["outcome"].isin(list(outcomes)),
            "outcome",
            f"for a {stance}: " + ", ".join(outcomes),
        )
    frame["sections"] = _section_id_tuples(path, frame, "sections")
    frame["scored"] = frame["stance"].isin(list(SCORED_STANCES))
    return frame.astype({"id": "string", "expectation": "string", "stance": "category"})
