"""Map recorded codes to the analysis groups used in every report.

The mappings follow ``metrics.md`` section 1: NHS Data Dictionary "Ethnic
Category" codes (as held in ESR) roll up to the WRES binary (White / BME),
to the Census 2021 five groups and to the 16 detailed categories; ESR
disability answers roll up to Disabled / Non-disabled / Unknown.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "DETAILED",
    "CENSUS5",
    "UNKNOWN",
    "DESCRIPTIONS",
    "DataQualityWarning",
    "normalise_ethnic_code",
    "is_valid_ethnic_code",
    "ethnic_binary",
    "ethnic_census5",
    "ethnic_detailed",
    "disability_group",
    "sex_group",
    "declaration_rate",
]

UNKNOWN = "Unknown"

#: The 16 national codes and their detailed labels (NHS Data Dictionary).
DETAILED: dict[str, str] = {
    "A": "White British",
    "B": "White Irish",
    "C": "Any other White background",
    "D": "Mixed: White and Black Caribbean",
    "E": "Mixed: White and Black African",
    "F": "Mixed: White and Asian",
    "G": "Any other Mixed background",
    "H": "Asian: Indian",
    "J": "Asian: Pakistani",
    "K": "Asian: Bangladeshi",
    "L": "Any other Asian background",
    "M": "Black: Caribbean",
    "N": "Black: African",
    "P": "Any other Black background",
    "R": "Chinese",
    "S": "Any other ethnic group",
}

# Chinese (R) follows Census 2021 (Asian), not the NHS list's "Other".
_CENSUS5_BY_CODE: dict[str, str] = {
    **dict.fromkeys("ABC", "White"),
    **dict.fromkeys("DEFG", "Mixed"),
    **dict.fromkeys("HJKLR", "Asian"),
    **dict.fromkeys("MNP", "Black"),
    "S": "Other",
}

#: Census 2021 five groups in the order reports show them.
CENSUS5: tuple[str, ...] = ("White", "Mixed", "Asian", "Black", "Other")

#: Values meaning "not known" (not asked) or "not stated" (asked, declined).
NOT_KNOWN_CODES = frozenset({"99", "X", ""})
NOT_STATED_CODE = "Z"

#: The published descriptions of each code (NHS Data Dictionary "Ethnic Category", 2001 Census
#: classification, as ESR holds them). A value equal to one of these (case and spacing ignored), or a
#: code followed by a separator and its own description ("C - White - Any other White background",
#: "A White - British"), reads as that code; no other free text is a code (metrics.md section 1.1).
DESCRIPTIONS: dict[str, str] = {
    "A": "White - British",
    "B": "White - Irish",
    "C": "White - Any other White background",
    "D": "Mixed - White and Black Caribbean",
    "E": "Mixed - White and Black African",
    "F": "Mixed - White and Asian",
    "G": "Mixed - Any other mixed background",
    "H": "Asian or Asian British - Indian",
    "J": "Asian or Asian British - Pakistani",
    "K": "Asian or Asian British - Bangladeshi",
    "L": "Asian or Asian British - Any other Asian background",
    "M": "Black or Black British - Caribbean",
    "N": "Black or Black British - African",
    "P": "Black or Black British - Any other Black background",
    "R": "Other Ethnic Groups - Chinese",
    "S": "Other Ethnic Groups - Any other ethnic group",
    "Z": "Not stated",
    "99": "Not known",
}


def _folded(text: str) -> str:
    """Upper case, single spaces, one space either side of a hyphen: how descriptions are compared."""
    return re.sub(r"\s+", " ", re.sub(r"\s*-\s*", " - ", text)).strip().upper()


_BY_DESCRIPTION: dict[str, str] = {_folded(d): c for c, d in DESCRIPTIONS.items()}
# A code, a separator (hyphen, colon, full stop or just a space) and the rest, e.g. "C - White - ...".
_CODE_AND_TEXT = re.compile(r"^(99|[A-Z])\s*(?:[-:.]\s*|\s)(.+)$")

_DISABILITY: dict[str, str] = {
    "yes": "Disabled",
    "no": "Non-disabled",
    "not declared": UNKNOWN,
    "prefer not to say": UNKNOWN,
    "unspecified": UNKNOWN,
    "": UNKNOWN,
}

#: ESR disability answers accepted on input (case-insensitive).
DISABILITY_VALUES: tuple[str, ...] = ("Yes", "No", "Not declared", "Prefer not to say", "Unspecified")

_SEX: dict[str, str] = {"male": "Male", "female": "Female"}


class DataQualityWarning(UserWarning):
    """A recorded value could not be classified and was counted as Unknown."""


def normalise_ethnic_code(code: object) -> str:
    """Return the national one-letter code, ``"Z"``, or ``""`` for not known.

    Reads only what the NHS Data Dictionary publishes (metrics.md section
    1.1): after stripping and upper-casing, ``99``, ``X`` and blank are not
    known; a value of one or two characters whose first is a national code
    (A-H, J-N, P, R, S) is that code (a local second character is dropped:
    ``"C1"`` -> ``"C"``); ``Z`` is not stated; a published description
    (:data:`DESCRIPTIONS`, case and spacing ignored: ``"white - british"``)
    or a code followed by its own description (``"C - White - Any other
    White background"``) is that code. Free text is never classified by its
    first letter: ``"Asian"``, ``"White British"`` and ``"W"`` are not codes
    and come back as they are (upper-cased) so that callers can reject or
    report them. ``"Not stated"`` and ``"Not known"`` are the published
    descriptions of Z and 99.

    Parameters
    ----------
    code
        A recorded ethnic category code; ``None`` and NaN mean not known.

    Returns
    -------
    str
        One of the 16 national letters, ``"Z"``, ``""`` (not known), or the
        cleaned unrecognised value.
    """
    if code is None or (isinstance(code, float) and pd.isna(code)) or code is pd.NA:
        return ""
    text = " ".join(str(code).split()).upper()
    if text in NOT_KNOWN_CODES:
        return ""
    if text == NOT_STATED_CODE or (len(text) <= 2 and text[0] in DETAILED):
        return text[0]
    found = _BY_DESCRIPTION.get(_folded(text))
    if found is None:
        m = _CODE_AND_TEXT.match(text)
        if m and _BY_DESCRIPTION.get(_folded(m.group(2))) == m.group(1):
            found = m.group(1)
    if found is not None:
        return "" if found == "99" else found
    return text


def is_valid_ethnic_code(code: object) -> bool:
    """True when ``code`` reads as a national code, Z, not known (99, X, blank) or a published description.

    See :func:`normalise_ethnic_code`; ``"Asian"``, ``"Not stated"`` read by first letter were the old error.
    """
    norm = normalise_ethnic_code(code)
    return norm == "" or norm == NOT_STATED_CODE or norm in DETAILED


def _distinct(values: pd.Series) -> tuple[np.ndarray, Sequence]:
    """Each value's code (-1 when missing) and the distinct values, as :func:`pandas.factorize` gives them.

    A coded (categorical) column already holds both: its codes and categories are taken as they are (categories
    nobody holds included), instead of hashing millions of codes again.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories  # (a view: never written to)
    return pd.factorize(values, use_na_sentinel=True)


def _by_value(values: pd.Series, fn: Callable[[object], object]) -> np.ndarray:
    """``fn`` of each value, computed once per distinct value (codes repeat: a trust has a handful, not millions).

    Missing values get ``fn(None)``.
    """
    idx, uniq = _distinct(values)
    # position -1 (the missing-value sentinel) picks the last element: fn(None)
    mapped = np.array([fn(u) for u in uniq] + [fn(None)], dtype=object)
    return mapped[idx]


def valid_ethnic_codes(codes: pd.Series) -> pd.Series:
    """:func:`is_valid_ethnic_code` of every value, worked out once per distinct value (a vectorised check)."""
    return pd.Series(_by_value(codes, is_valid_ethnic_code).astype(bool), index=codes.index)


def _labelled(labels: Sequence[str], at: np.ndarray, index: pd.Index, categorical: bool,
              held: np.ndarray | None = None) -> pd.Series:
    """``labels[at]`` row by row: a ``string`` Series, or a categorical of the labels (integer codes, no text per row).

    Making millions of Python objects into strings was most of the cost of classifying a large staff table.
    ``at`` may hold -1 for the last label (the missing value's); ``held``: which labels some row has, when known.
    """
    if categorical:
        used = _held(at, len(labels)) if held is None else held  # only the labels some row has, as text would show
        cats = sorted({label for label, u in zip(labels, used) if u})
        code_of = np.array([cats.index(label) if u else -1 for label, u in zip(labels, used)],
                           dtype=np.int8 if len(cats) < 127 else np.int32)
        # the codes are made here, in range: pandas' check of every code is not needed
        return pd.Series(pd.Categorical.from_codes(code_of[at], dtype=pd.CategoricalDtype(cats), validate=False),
                         index=index)
    return pd.Series(pd.array(list(labels), dtype="string").take(at), index=index)


def _held(at: np.ndarray, n: int) -> np.ndarray:
    """Which of ``n`` positions some value of ``at`` picks (-1: the last), in one counting pass."""
    if at.dtype.itemsize <= 2 and n <= 1 << (8 * at.dtype.itemsize - 1):
        # small codes (a categorical's): -1 read as the largest unsigned value, without a shifted copy
        counts = np.bincount(at.view(np.dtype(f"u{at.dtype.itemsize}")))
        wrapped = counts[(1 << (8 * at.dtype.itemsize)) - 1] if len(counts) == 1 << (8 * at.dtype.itemsize) else 0
        counts = np.pad(counts[:n], (0, max(0, n - len(counts))))
        counts[n - 1] += wrapped
        return counts > 0
    counts = np.bincount(np.where(at < 0, n - 1, at), minlength=n)
    return counts > 0


def _strings_by_value(values: pd.Series, fn: Callable[[object], object], categorical: bool = False) -> pd.Series:
    """:func:`_by_value` as a ``string`` (or categorical) Series: the few mapped values are made once, then taken."""
    idx, uniq = _distinct(values)
    labels = [fn(u) for u in uniq] + [fn(None)]
    if categorical:  # -1 (missing) picks the last label, fn(None): the codes as they are
        return _labelled(labels, idx, values.index, True)
    return _labelled(labels, np.where(idx < 0, len(uniq), idx), values.index, categorical)


def labels_by_value(values: pd.Series, fn: Callable[[object], str]) -> pd.Series:
    """``fn`` of each value as a categorical of labels, worked out once per distinct value (``fn(None)`` for missing).

    For recoding a large table's column (directorates, bands to levels) without making text for every row.
    """
    return _strings_by_value(values, fn, categorical=True)


def _classify(codes: pd.Series, table: Mapping[str, str], categorical: bool = False) -> pd.Series:
    idx, uniq = _distinct(codes)
    norms = [normalise_ethnic_code(u) for u in uniq] + [normalise_ethnic_code(None)]
    groups_of = [table.get(n, UNKNOWN) if n is not None else UNKNOWN for n in norms]
    # -1 (missing) picks the last entry, the missing value's: the codes are used as they are
    seen = _held(idx, len(norms))
    out = _labelled(groups_of, idx if categorical else np.where(idx < 0, len(uniq), idx), codes.index, categorical,
                    held=seen)
    if any(s and n not in table and n != "" and n != NOT_STATED_CODE for s, n in zip(seen, norms)):
        _warn_unrecognised(pd.Series(np.asarray(norms, dtype=object)[idx], index=codes.index, dtype=object), table)
    return out


def _warn_unrecognised(norm: pd.Series, table: Mapping[str, str]) -> None:
    unrecognised = norm[~norm.isin(list(table)) & (norm != "") & (norm != NOT_STATED_CODE)]
    counts = unrecognised.value_counts()
    listed = ", ".join(f"{v!r} ({n})" for v, n in counts.items())
    warnings.warn(
        f"{len(unrecognised)} ethnic code(s) are not NHS ethnic category codes and were "
        f"counted as {UNKNOWN}: {listed}.",
        DataQualityWarning,
        stacklevel=4,
    )


def ethnic_binary(codes: pd.Series, *, categorical: bool = False) -> pd.Series:
    """Classify ethnic codes as ``White`` (A, B, C), ``BME`` or ``Unknown``.

    Parameters
    ----------
    codes
        Recorded NHS ethnic category codes.
    categorical
        Return a categorical of the labels instead of strings (same values; cheaper to filter and count).

    Returns
    -------
    pandas.Series
        String series aligned with ``codes``. Unrecognised codes become
        ``Unknown`` and raise a :class:`DataQualityWarning` with their counts
        (metrics.md section 1.1).
    """
    table = {c: ("White" if c in "ABC" else "BME") for c in DETAILED}
    return _classify(codes, table, categorical)


def ethnic_census5(codes: pd.Series, *, categorical: bool = False) -> pd.Series:
    """Classify ethnic codes into the Census 2021 five groups, or ``Unknown``.

    Chinese (R) is Asian, as in Census 2021 (metrics.md section 1.1).
    """
    return _classify(codes, _CENSUS5_BY_CODE, categorical)


def ethnic_detailed(codes: pd.Series) -> pd.Series:
    """Classify ethnic codes into the 16 detailed NHS categories, or ``Unknown``."""
    return _classify(codes, DETAILED)


def disability_group(values: pd.Series, *, categorical: bool = False) -> pd.Series:
    """Classify ESR disability answers as ``Disabled``, ``Non-disabled`` or ``Unknown``.

    ``Yes`` -> Disabled, ``No`` -> Non-disabled; ``Not declared``,
    ``Prefer not to say``, ``Unspecified`` and blank -> Unknown (metrics.md
    section 1.2). Matching ignores case and surrounding spaces.
    """
    def one(v: object) -> str:
        return _DISABILITY.get(str(v).strip().lower(), UNKNOWN) if v is not None else UNKNOWN

    return _strings_by_value(values, one, categorical)


def sex_group(values: pd.Series) -> pd.Series:
    """Classify recorded sex as ``Male``, ``Female`` or ``Not recorded`` (section 1.3)."""
    def one(v: object) -> str:
        return _SEX.get(str(v).strip().lower(), "Not recorded") if v is not None else "Not recorded"

    return _strings_by_value(values, one)


def declaration_rate(groups: pd.Series, unknown: str = UNKNOWN) -> float:
    """Percentage of records whose group is known: (N - N_unknown) / N x 100.

    Returns NaN for an empty series (metrics.md section 1.4).
    """
    n = len(groups)
    if n == 0:
        return float("nan")
    return (n - int((groups == unknown).sum())) / n * 100


_NOT_DECLARED = {"not declared", "prefer not to say", "unspecified", "", "i do not wish to disclose"}


def declared_or_unknown(values: pd.Series) -> pd.Series:
    """A self-described characteristic (religion, sexual orientation, age band) with non-answers as ``Unknown``."""
    text = values.astype("string").fillna("").str.strip()
    return text.where(~text.str.lower().isin(_NOT_DECLARED), UNKNOWN).astype("string")


def add_analysis_groups(staff: pd.DataFrame, ethnicity_reference: str = "White") -> pd.DataFrame:
    """Add the group columns the pay gap analyses compare, without changing the input.

    Adds ``sex_group`` (Male / Female / Not recorded), ``ethnicity`` (White /
    BME / Unknown; with ``ethnicity_reference="White British"``: White British
    / Other ethnic groups / Unknown, metrics.md section 1.1),
    ``ethnicity_census5``, ``ethnicity_detailed``, ``disability_status``,
    ``religion_group``, ``sexual_orientation_group``, ``age_group`` and the
    intersections ``sex_ethnicity`` ("Women BME", ...) and ``sex_disability``
    (Unknown when either part is unknown).
    """
    if ethnicity_reference not in ("White", "White British"):
        raise ValueError(f"ethnicity_reference must be 'White' or 'White British'; got {ethnicity_reference!r}.")
    out = staff.copy()
    out["sex_group"] = sex_group(staff["sex"])
    if ethnicity_reference == "White":
        out["ethnicity"] = ethnic_binary(staff["ethnic_code"])
    else:
        detailed = ethnic_detailed(staff["ethnic_code"])
        out["ethnicity"] = detailed.where(detailed.isin(["White British", UNKNOWN]), "Other ethnic groups").astype("string")
    out["ethnicity_census5"] = ethnic_census5(staff["ethnic_code"])
    out["ethnicity_detailed"] = ethnic_detailed(staff["ethnic_code"])
    out["disability_status"] = disability_group(staff["disability"])
    for src, dst in (("religion", "religion_group"), ("sexual_orientation", "sexual_orientation_group"),
                     ("age_band", "age_group")):
        out[dst] = declared_or_unknown(staff[src]) if src in staff.columns else pd.Series(UNKNOWN, index=staff.index,
                                                                                        dtype="string")
    people = out["sex_group"].map({"Male": "Men", "Female": "Women"})
    for part, dst in (("ethnicity", "sex_ethnicity"), ("disability_status", "sex_disability")):
        combined = people + " " + out[part]
        unknown = people.isna() | (out[part] == UNKNOWN)
        out[dst] = combined.where(~unknown, UNKNOWN).astype("string")
    return out
