"""The bullying, harassment, discrimination and violence report's results (EDI Improvement Plan HIA 6).

:func:`compute` gathers, for one report year: the staff survey measures by every characteristic with
responses and positive counts, Wilson intervals and Newcombe gaps to each reference group
(:mod:`edi_analysis.metrics.survey`, metrics.md sections 5 and 8); the targets in params tracked against
their paths and suggested targets from similar trusts (:mod:`edi_analysis.results.harassment_targets`,
section 11); annual rates of cases and incidents per 1,000 staff by group, with the ratio to the reference
group (:func:`edi_analysis.metrics.harassment.annual_rates`); and quarterly series of cases and incidents
built by the trends report's one series builder (:func:`edi_analysis.results.trends.series_table`).

Everything is computed from every group, however small: the disclosure policy hides what must be hidden
(survey figures under the survey base, counts under the minimum count, rates under the minimum events and
population).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, Spec
from ..metrics import harassment, trends
from ..metrics.survey import check_item_map, item_map
from .base import Results, TrustInfo
from .harassment_targets import KEY_MEASURES, NATIONAL_SPEC, TARGETS_SPEC, national_table, targets_table
from .trends import SERIES_SPEC, series_table, snapshots_and_cases

if TYPE_CHECKING:
    from ..io import TrustData

__all__ = [
    "KEY_MEASURES",
    "PAIRS",
    "RATES_COLUMNS",
    "SURVEY_COLUMNS",
    "HarassmentResults",
    "compute",
    "quarterly_series",
    "rates_table",
    "survey_table",
]

#: Triangulation and annual rates compare these groups: dimension -> (focus, reference).
PAIRS: dict[str, tuple[str, str]] = {"Ethnicity": ("BME", "White"), "Disability": ("Disabled", "Non-disabled")}
_GROUP_COLUMN = {"Ethnicity": ("ethnicity", "ethnicity"), "Disability": ("disability_status", "disability")}

SURVEY_COLUMNS = ["survey_year", "measure", "higher_is", "dimension", "group", "reference", "responses", "positive",
                  "pct", "low", "high", "ref_responses", "ref_positive", "gap", "gap_low", "gap_high", "ratio",
                  "adverse", "significant", "sum_line", "hide_order"]
RATES_COLUMNS = ["year", "dimension", "source", "group", "reference", "events", "headcount", "rate", "low", "high",
                 "ref_events", "ref_headcount", "ratio"]

_SURVEY = {"bases": ("responses",), "base": "survey_base"}
_BOTH = {"bases": ("responses", "ref_responses"), "base": "survey_base"}
# Where a dimension's groups add up to a published total (All staff, or another dimension's groups), a reader
# can subtract: the sums are declared so that one hidden group is never left alone in its line.
_SUM_LINE = {"label": "sum_line", "parts": ("part",), "within": ("measure", "dimension")}
SURVEY_SPEC = Spec(
    counts=("responses",),
    col_sums=(ColSum(**_SUM_LINE, columns=("responses",)),),
    derived_sums=(ColSum(**_SUM_LINE, columns=("positive",), smallest_by="hide_order"),),
    derived={"positive": Derived(of=("responses",), **_SURVEY),
             **{c: Derived(of=("positive", "responses"), **_SURVEY) for c in ("pct", "low", "high")},
             # The reference group's counts, repeated so that each gap can be hidden under either base; hidden
             # wherever the row's own figure is (a gap row never shows them without its own figure).
             "ref_responses": Derived(of=("pct",), bases=("ref_responses",), base="survey_base"),
             "ref_positive": Derived(of=("ref_responses",), bases=("ref_responses",), base="survey_base"),
             **{c: Derived(of=("pct", "ref_positive", "ref_responses"), **_BOTH)
                for c in ("gap", "gap_low", "gap_high", "ratio")},
             **{c: Derived(of=("gap", "gap_low", "gap_high")) for c in ("adverse", "significant")},
             "hide_order": Derived(of=("responses",))},
)
RATES_SPEC = Spec(
    counts=("events", "headcount", "ref_events", "ref_headcount"),
    derived={**{c: Derived(of=("events", "headcount"), events=("events",), bases=("headcount",))
                for c in ("rate", "low", "high")},
             "ratio": Derived(of=("rate", "ref_events", "ref_headcount"), events=("events", "ref_events"),
                              bases=("headcount", "ref_headcount"))},
)


def _sum_lines(t: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Which rows sit in a published sum, and the order in which a further figure is hidden to protect one.

    A dimension's groups are a line (``"part"``) when their responses and positive answers add up to the All
    staff figures or to another dimension's (Ethnicity (Census 5) and Ethnicity); other dimensions (some staff
    skip the question) get ``""``. The reference group is hidden last (``hide_order``), since every gap in
    its dimension is read against it.
    """
    sums = t.groupby("dimension")[["responses", "positive"]].sum()
    totals = {d: tuple(int(v) for v in sums.loc[d]) for d in sums.index}
    declared = {d for d, v in totals.items() if d != "All staff" and any(
        v == w for o, w in totals.items() if o != d)}
    line = np.where(t["dimension"].isin(declared), "part", "")
    is_ref = (t["group"] == t["reference"]).to_numpy()
    order = np.where(is_ref, np.inf, t["responses"].to_numpy(float))
    return line, order


def survey_table(results: pd.DataFrame, survey_year: int) -> pd.DataFrame:
    """Every HIA 6 measure of one survey year by every group of every dimension present.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SURVEY_COLUMNS`: ``survey_year`` (int), ``measure`` (str, a key of
        :data:`edi_analysis.metrics.harassment.MEASURES`), ``higher_is`` (``"worse"``/``"better"``),
        ``dimension``, ``group``, ``reference`` (str; "All staff" rows have dimension and group "All staff"),
        ``responses``, ``positive`` (int), ``pct``, ``low``, ``high`` (float, %, Wilson 95%), ``ref_responses``,
        ``ref_positive`` (the reference group's counts), ``gap``, ``gap_low``, ``gap_high`` (float, group minus
        reference in pp, Newcombe 95%), ``ratio`` (float, pct / reference pct), ``adverse``, ``significant``
        (bool), ``sum_line`` (``"part"`` where the dimension's groups add up to a published total, else ``""``)
        and ``hide_order`` (float, which group's figure is hidden first to protect a sum: smallest first, the
        reference last, infinite). Gap columns are missing for the reference group itself. Measures not asked that year
        are absent.
    """
    frames = []
    for measure in harassment.MEASURES:
        # min_base=1: every group's figures are computed; the policy applies the survey base.
        t = harassment.survey_table(results, survey_year, measure, min_base=1)
        if t.empty:
            continue
        t = t.reset_index()
        ref = t.set_index(["dimension", "group"])[["responses", "positive", "pct"]]
        keys = list(zip(t["dimension"], t["reference"]))
        found = [k in ref.index for k in keys]
        t["ref_responses"] = [ref.loc[k, "responses"] if ok else np.nan for k, ok in zip(keys, found)]
        t["ref_positive"] = [ref.loc[k, "positive"] if ok else np.nan for k, ok in zip(keys, found)]
        ref_pct = np.array([ref.loc[k, "pct"] if ok else np.nan for k, ok in zip(keys, found)], dtype=float)
        is_ref = (t["group"] == t["reference"]).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            t["ratio"] = np.where(is_ref | ~(ref_pct > 0), np.nan, t["pct"].to_numpy(float) / ref_pct)
        t["survey_year"] = survey_year
        t["measure"] = measure
        t["higher_is"] = item_map(survey_year)[measure].higher_is
        t["sum_line"], t["hide_order"] = _sum_lines(t)
        t["adverse"] = t["adverse"].astype(object)
        t["significant"] = t["significant"].astype(object)
        frames.append(t)
    if not frames:
        return pd.DataFrame(columns=SURVEY_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    for col in ("responses", "positive"):
        out[col] = out[col].astype("int64")
    return out[SURVEY_COLUMNS]


def rates_table(data: TrustData) -> pd.DataFrame:
    """Cases and incidents per 1,000 staff in each financial year, by group, with the ratio to the reference.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RATES_COLUMNS`: ``year`` (int, financial year to 31 March), ``dimension`` (Ethnicity,
        Disability), ``source`` (str), ``group``, ``reference`` (str), ``events`` (int, cases or incidents),
        ``headcount`` (int, staff of the group at 31 March), ``rate``, ``low``, ``high`` (float, per 1,000,
        Wilson 95%), ``ref_events``, ``ref_headcount`` (the reference group's counts), ``ratio`` (float, rate /
        reference rate; missing for the reference group).
    """
    wf = {y: data.workforce(y) for y in data.years}
    er = data.by_year("employee_relations")
    incidents = data.by_year("incidents")
    frames = []
    for dimension, (focus, reference) in PAIRS.items():
        r = harassment.annual_rates(er, incidents, wf, _GROUP_COLUMN[dimension][0], [focus, reference]).reset_index()
        if r.empty:
            continue
        r["dimension"] = dimension
        r["reference"] = reference
        ref = r[r["group"] == reference].set_index(["year", "source"])
        key = pd.MultiIndex.from_frame(r[["year", "source"]])
        r["ref_events"] = ref["events"].reindex(key).to_numpy()
        r["ref_headcount"] = ref["headcount"].reindex(key).to_numpy()
        ref_rate = ref["rate"].reindex(key).to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            r["ratio"] = np.where((r["group"] == reference) | ~(ref_rate > 0), np.nan, r["rate"] / ref_rate)
        frames.append(r)
    if not frames:
        return pd.DataFrame(columns=RATES_COLUMNS)
    return pd.concat(frames, ignore_index=True)[RATES_COLUMNS]


def quarterly_series(data: TrustData) -> dict[str, pd.DataFrame]:
    """Incidents, bullying and harassment cases and grievances per 1,000 staff by group, quarter by quarter.

    Keys ``<kind>_<group>`` with kind ``incidents``, ``cases`` or ``grievances`` (e.g. ``cases_BME``); each a
    :func:`edi_analysis.results.trends.series_table`. Empty without quarterly snapshots.
    """
    snapshots, cases = snapshots_and_cases(data)
    if snapshots is None:
        return {}
    inc = data.by_year("incidents")
    incidents = pd.concat(inc.values(), ignore_index=True) if inc else None
    out = {}
    for dimension, groups_ in PAIRS.items():
        characteristic = _GROUP_COLUMN[dimension][1]
        for value in groups_:
            if incidents is not None:
                d = trends.entry_rate_series(incidents, snapshots, None, characteristic, [value],
                                             date_col="incident_date")
                out[f"incidents_{value}"] = series_table(d, unit="per_1000", direction="decrease")
            for kind, case_type in (("cases", "bullying-harassment"), ("grievances", "grievance")):
                d = trends.entry_rate_series(cases, snapshots, [case_type], characteristic, [value])
                out[f"{kind}_{value}"] = series_table(d, unit="per_1000", direction="decrease")
    return out


@dataclass(frozen=True)
class HarassmentResults(Results):
    """The HIA 6 report's results.

    Attributes
    ----------
    year, survey_year
        The report year (records to 31 March) and the staff survey fielded the autumn before (``year - 1``).
    survey
        :func:`survey_table` of ``survey_year``: every measure by every group.
    targets
        :func:`edi_analysis.results.harassment_targets.targets_table`: each params target, year by year.
    national
        :func:`edi_analysis.results.harassment_targets.national_table`: the trust's All staff figure beside
        similar trusts', and a suggested target where none is set (empty without national data).
    rates
        :func:`rates_table`: annual cases and incidents per 1,000 staff by group.
    quarterly
        :func:`quarterly_series`: series key -> quarterly series table.
    target_problems, map_problems
        Why a params target could not be tracked; survey question map problems (messages, no figures).
    national_problem
        Why similar trusts are not shown (no national data), or None.
    """

    SPECS: ClassVar = {"survey": SURVEY_SPEC, "targets": TARGETS_SPEC, "national": NATIONAL_SPEC,
                       "rates": RATES_SPEC, "quarterly": SERIES_SPEC}

    year: int
    survey_year: int
    survey: pd.DataFrame
    targets: pd.DataFrame
    national: pd.DataFrame
    rates: pd.DataFrame
    quarterly: dict[str, pd.DataFrame]
    target_problems: tuple[str, ...] = ()
    map_problems: tuple[str, ...] = ()
    national_problem: str | None = None


def _all_results(data: TrustData) -> pd.DataFrame:
    return pd.concat(data.by_year("staff_survey").values(), ignore_index=True)


def compute(data: TrustData) -> HarassmentResults:
    """Every figure of the HIA 6 report for ``data.year`` (survey of the autumn before)."""
    results = _all_results(data)
    survey_year = data.year - 1
    problems: list[str] = []
    for y in sorted(results["year"].unique()):
        try:
            problems += check_item_map(results, int(y))
        except FileNotFoundError as exc:
            problems.append(str(exc))
    survey = survey_table(results, survey_year)
    targets, target_problems = targets_table(results, data.params.hia6_targets)
    peers, national_problem = data.national_nss
    national = national_table(survey, peers, data.params, survey_year)
    return HarassmentResults(TrustInfo.of(data), data.year, survey_year, survey, targets, national,
                             rates_table(data), quarterly_series(data), tuple(target_problems),
                             tuple(dict.fromkeys(problems)), national_problem)
