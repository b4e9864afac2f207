"""NHS Staff Survey measures by group: percentages with Wilson intervals and gaps with Newcombe intervals.

Question numbers move between survey years, so each year's map of measure ->
question lives in ``nss_items/nss_items_<year>.yaml`` (metrics.md section 5),
read by :func:`item_map` and checked against the data by :func:`check_item_map`.
Results come from the ``staff_survey`` input as published for the trust:
responses and positive responses per question and group.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .stats import newcombe, wilson

__all__ = ["MIN_BASE", "Item", "item_map", "respondent_question", "disabled_share", "check_item_map",
           "measure_by_group", "group_rows", "group_row", "group_gap", "gap_between"]

#: A group's percentage is shown only with at least this many responses (sdc.nss_min_base, metrics.md section 5).
MIN_BASE = 11
_ITEMS_DIR = Path(__file__).resolve().parent / "nss_items"


def _read_yaml(path: Path):  # type: ignore[no-untyped-def]
    """A question map's contents, parsed once per version of the file (every indicator of a report asks)."""
    stat = path.stat()
    return copy.deepcopy(_parsed(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _parsed(path: str, mtime_ns: int, size: int):  # type: ignore[no-untyped-def]
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Item:
    """One survey measure in one year."""

    measure: str
    question: str
    higher_is: str  # "worse" or "better"
    label: str


def item_map(survey_year: int) -> dict[str, Item]:
    """The measures of one survey year, from ``nss_items/nss_items_<year>.yaml``.

    Raises
    ------
    FileNotFoundError
        When no map exists for that year, naming the file to add.
    """
    path = _ITEMS_DIR / f"nss_items_{survey_year}.yaml"
    if not path.exists():
        raise FileNotFoundError(f"No staff survey question map for {survey_year}: add {path.name} to "
                                f"{_ITEMS_DIR} (copy the nearest year and check it against that year's questionnaire).")
    raw = _read_yaml(path)
    if raw.get("survey_year") != survey_year:
        raise ValueError(f"{path.name}: survey_year is {raw.get('survey_year')!r}, expected {survey_year}.")
    items = {}
    for measure, spec in raw["measures"].items():
        if spec.get("higher_is") not in ("worse", "better"):
            raise ValueError(f"{path.name}: measure {measure!r} needs higher_is: worse or better.")
        items[measure] = Item(measure, str(spec["question"]), spec["higher_is"], str(spec["label"]))
    return items


def known_measures() -> tuple[str, ...]:
    """Every measure any year's question map defines (what a target or a report may name), sorted."""
    found: set[str] = set()
    for path in sorted(_ITEMS_DIR.glob("nss_items_*.yaml")):
        found |= set(_read_yaml(path).get("measures", {}))
    return tuple(sorted(found))


def respondent_question(survey_year: int) -> str:
    """The question on which a year's respondents are counted by group (``respondent_base`` in the year's map).

    Raises
    ------
    FileNotFoundError
        When no map exists for that year.
    KeyError
        When the map names no ``respondent_base`` question.
    """
    path = _ITEMS_DIR / f"nss_items_{survey_year}.yaml"
    item_map(survey_year)  # the same checks and message for a missing year
    raw = _read_yaml(path)
    base = raw.get("respondent_base") or {}
    if "question" not in base:
        raise KeyError(f"{path.name}: respondent_base: {{question: ...}} is missing (the question asked of every "
                       "respondent, on which groups of respondents are counted).")
    return str(base["question"])


def disabled_share(results: pd.DataFrame, survey_year: int) -> dict[str, object]:
    """Disabled respondents as a share of respondents who answered the disability question (metrics.md section 5).

    The one definition of this figure for every report (docs/metrics-decisions.md, "Metrics: the disabled share
    of survey respondents"): on the year's ``respondent_base`` question (:func:`respondent_question`, never a
    literal question number), Disabled / (Disabled + Non-disabled) responses; respondents who did not answer
    the disability question are in neither group.

    Returns
    -------
    dict
        ``survey_year``, ``question``, ``responses`` (Disabled + Non-disabled), ``disabled`` (int) and ``pct``
        (percent; NaN without responses). ``responses`` is 0 when the year has no breakdown by disability.
    """
    question = respondent_question(survey_year)
    rows = results[(results["year"] == survey_year) & (results["question"] == question)
                   & (results["group_dimension"] == "Disability")]
    by = rows.groupby("group_value")["responses"].sum()
    disabled, non = int(by.get("Disabled", 0)), int(by.get("Non-disabled", 0))
    total = disabled + non
    return {"survey_year": survey_year, "question": question, "responses": total, "disabled": disabled,
            "pct": disabled / total * 100 if total else np.nan}


def check_item_map(results: pd.DataFrame, survey_year: int) -> list[str]:
    """Problems between a year's map and that year's results: mapped questions missing from the data.

    Returns an empty list when every mapped question is present.
    """
    present = set(results.loc[results["year"] == survey_year, "question"])
    if not present:
        return [f"no staff survey results for {survey_year}"]
    return [f"{survey_year}: measure {i.measure!r} maps to {i.question}, which is not in the results"
            for i in item_map(survey_year).values() if i.question not in present]


def measure_by_group(results: pd.DataFrame, survey_year: int, measure: str, dimension: str,
                     groups: list[str] | None = None, *, min_base: int = MIN_BASE) -> pd.DataFrame:
    """One measure's percentage for each group of a dimension, with its Wilson 95% interval.

    Parameters
    ----------
    results
        The ``staff_survey`` input (any years).
    survey_year
        The survey year (fielded in autumn).
    measure
        A measure name from the year's item map, e.g. ``"harassment_public"``.
    dimension
        ``group_dimension`` value, e.g. ``"Ethnicity"``.
    groups
        Groups to return, in order; default all in the data.

    Returns
    -------
    pandas.DataFrame
        Index group: ``question``, ``responses``, ``positive``, ``pct``, ``low``,
        ``high`` (percent), ``shown`` (base at least ``min_base``). Groups not
        in the data have 0 responses and NaN figures.
    """
    item = item_map(survey_year)[measure]
    counts, present = _counts(results, survey_year, item.question, dimension)
    order = groups if groups is not None else present
    out = [{"group": g, **group_row(item.question, *counts.get(g, (0, 0)), min_base=min_base)}
           for g in order]
    return pd.DataFrame(out).set_index("group")


def group_rows(results: pd.DataFrame, survey_year: int, measure: str, dimension: str, groups: list[str], *,
               min_base: int = MIN_BASE) -> dict[str, dict[str, object]]:
    """:func:`measure_by_group`'s rows of ``groups`` as dicts (:func:`group_row`), without making a table."""
    item = item_map(survey_year)[measure]
    counts, _ = _counts(results, survey_year, item.question, dimension)
    return {g: group_row(item.question, *counts.get(g, (0, 0)), min_base=min_base) for g in groups}


def _counts(results: pd.DataFrame, survey_year: int, question: str,
            dimension: str) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Each group's (responses, positive) on a question (its last row), and the groups in the order of the rows."""
    rows = results[(results["year"] == survey_year) & (results["question"] == question)
                   & (results["group_dimension"] == dimension)]
    # a dict of the rows (a pandas lookup per group was most of the time)
    present = list(rows["group_value"])
    return dict(zip(present, zip(rows["responses"], rows["positive_responses"]))), present


def group_row(question: str, responses: int, positive: int, *, min_base: int = MIN_BASE) -> dict[str, object]:
    """One group's row of :func:`measure_by_group` (without ``group``): counts, % with its Wilson 95% interval."""
    n, x = int(responses), int(positive)
    p, lo, hi = wilson(x, n) if n else (np.nan, np.nan, np.nan)
    return {"question": question, "responses": n, "positive": x, "pct": p * 100, "low": lo * 100, "high": hi * 100,
            "shown": n >= min_base}


def group_gap(by_group: pd.DataFrame, focus: str, reference: str, *, higher_is: str) -> dict[str, float | bool | None]:
    """Focus minus reference in percentage points, with the Newcombe hybrid score interval.

    ``adverse`` is True when the difference is unfavourable to the focus group
    (above 0 for a harmful measure, below 0 for a favourable one);
    ``significant`` when the interval excludes 0. Groups are treated as
    independent (metrics.md section 8). ``None`` values when either base is
    below the minimum.
    """
    return gap_between(by_group.loc[focus], by_group.loc[reference], higher_is=higher_is)


def gap_between(f: Mapping, r: Mapping, *, higher_is: str) -> dict[str, float | bool | None]:
    """:func:`group_gap` of two groups' rows (:func:`group_row`, or rows of :func:`measure_by_group`)."""
    if not (f["shown"] and r["shown"]):
        return {"diff": None, "low": None, "high": None, "adverse": None, "significant": None}
    d, lo, hi = newcombe(int(f["positive"]), int(f["responses"]), int(r["positive"]), int(r["responses"]))
    adverse = d > 0 if higher_is == "worse" else d < 0
    return {"diff": d * 100, "low": lo * 100, "high": hi * 100, "adverse": bool(adverse),
            "significant": bool(lo > 0 or hi < 0)}
