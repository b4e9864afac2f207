"""The bullying, harassment, discrimination and violence report's results (EDI Improvement Plan HIA 6).

:func:`compute` gathers, for one report year: the staff survey measures by every characteristic with
responses and positive counts, Wilson intervals and Newcombe gaps to each reference group
(:mod:`edi_analysis.metrics.survey`, metrics.md sections 5 and 8); the targets in params tracked against
their paths and suggested targets from similar trusts (:mod:`edi_analysis.results.harassment_targets`,
section 11); annual rates of cases and incidents per 1,000 staff by group, with the ratio to the reference
group (:func:`edi_analysis.metrics.harassment.annual_rates`); and quarterly series of cases and incidents
built by the trends report's one series builder (:func:`edi_analysis.results.trends.series_table`), with
the years whose quarters add up to the annual counts (:func:`quarter_years`).

Counts repeated from another table or row (the reference group's counts in each group's row, the survey
counts the targets and the national comparison repeat, a group's headcount in each series) are declared
with :class:`~edi_analysis.disclosure.Same`: one cell, hidden in both places or neither.

Everything is computed from every group, however small: the disclosure policy hides what must be hidden
(survey figures under the survey base, counts under the minimum count, rates under the minimum events and
population).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, RowSum, Same, Spec
from ..io.trust_cache import cached_results
from ..metrics import harassment, trends
from ..metrics.survey import check_item_map, item_map
from .base import Results, TrustInfo
from .harassment_targets import KEY_MEASURES, NATIONAL_SPEC, TARGETS_SPEC, national_table, targets_table
from .trends import SERIES_SPEC, headcounts, series_spec, series_table, snapshots_and_cases

if TYPE_CHECKING:
    from ..io import TrustData

__all__ = [
    "KEY_MEASURES",
    "PAIRS",
    "QUARTER_YEARS_COLUMNS",
    "RATES_COLUMNS",
    "SOURCES",
    "SURVEY_COLUMNS",
    "HarassmentResults",
    "compute",
    "quarter_years",
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
    counts=("responses", "ref_responses"),
    col_sums=(ColSum(**_SUM_LINE, columns=("responses",)),),
    derived_sums=(ColSum(**_SUM_LINE, columns=("positive",), smallest_by="hide_order"),),
    derived={"positive": Derived(of=("responses",), **_SURVEY),
             **{c: Derived(of=("positive", "responses"), **_SURVEY) for c in ("pct", "low", "high")},
             # The reference group's positive answers, repeated so that each gap can be hidden under either base:
             # hidden with its responses (one cell with the reference row's, see ``same``) and wherever the row's
             # own figure is (the reference's own figure is only hidden by a sum once every other group is).
             "ref_positive": Derived(of=("pct", "ref_responses"), bases=("ref_responses",), base="survey_base"),
             **{c: Derived(of=("pct", "ref_positive", "ref_responses"), **_BOTH)
                for c in ("gap", "gap_low", "gap_high", "ratio")},
             **{c: Derived(of=("gap", "gap_low", "gap_high")) for c in ("adverse", "significant")},
             "hide_order": Derived(of=("responses",))},
    # ref_responses repeats the reference group's own row: one cell, hidden in both or neither.
    same=(Same("survey", {"ref_responses": "responses"},
               on={"survey_year": "survey_year", "measure": "measure", "dimension": "dimension",
                   "reference": "group"}),),
)
RATES_SPEC = Spec(
    counts=("events", "headcount", "ref_events", "ref_headcount"),
    derived={**{c: Derived(of=("events", "headcount"), events=("events",), bases=("headcount",))
                for c in ("rate", "low", "high")},
             "ratio": Derived(of=("rate", "ref_events", "ref_headcount"), events=("events", "ref_events"),
                              bases=("headcount", "ref_headcount"))},
    # The reference group's counts repeat its own row; a group's headcount repeats across the sources of a year.
    same=(Same("rates", {"ref_events": "events", "ref_headcount": "headcount"},
               on={"year": "year", "dimension": "dimension", "source": "source", "reference": "group"}),
          Same("rates", {"headcount": "headcount"}, on={"year": "year", "dimension": "dimension", "group": "group"})),
)

#: Quarterly series kinds and the annual source in :func:`rates_table` counting the same cases or incidents.
SOURCES = {"incidents": "Violence and aggression incidents", "cases": "Bullying and harassment cases",
           "grievances": "Grievances"}
_QUARTERS = ("q1", "q2", "q3", "q4")
QUARTER_YEARS_COLUMNS = ["year", "source", "group", *(f"{q}_end" for q in _QUARTERS), *_QUARTERS, "events"]
_SERIES_KEYS = [f"{kind}_{g}" for kind in SOURCES for pair in PAIRS.values() for g in pair]


def _quarterly_spec(key: str) -> Spec:
    # A group's quarterly headcount is the same count in its incidents, cases and grievances series.
    kind, group = key.split("_", 1)
    spec = series_spec(f"quarterly.{key}")
    if kind == "cases":
        return spec
    return dataclasses.replace(spec, same=(*spec.same, Same(f"quarterly.cases_{group}",
                                                             {"denominator": "denominator"},
                                                             on={"period_end": "period_end"})))


def _quarter_years_spec(key: str) -> Spec:
    # Each quarter is one cell with the series' quarter, the year's total one cell with the rates table's events.
    return Spec(counts=(*_QUARTERS, "events"), row_sums=(RowSum(parts=_QUARTERS, total="events"),),
                same=(*(Same(f"quarterly.{key}", {q: "numerator"}, on={f"{q}_end": "period_end"}) for q in _QUARTERS),
                      Same("rates", {"events": "events"}, on={"year": "year", "source": "source", "group": "group"})))


def _sum_lines(rows: list[dict]) -> set[str]:
    """The dimensions of a measure's rows whose groups sit in a published sum.

    A dimension's groups are a line (``"part"``) when their responses and positive answers add up to the All
    staff figures or to another dimension's (Ethnicity (Census 5) and Ethnicity); other dimensions (some staff
    skip the question) are not. (The reference group is hidden last, ``hide_order`` infinite, since every gap
    in its dimension is read against it.)
    """
    totals: dict[str, tuple[int, int]] = {}
    for r in rows:
        n, x = totals.get(r["dimension"], (0, 0))
        totals[r["dimension"]] = (n + int(r["responses"]), x + int(r["positive"]))
    return {d for d, v in totals.items() if d != "All staff" and any(v == w for o, w in totals.items() if o != d)}


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
    rows = []
    for measure in harassment.MEASURES:
        # min_base=1: every group's figures are computed; the policy applies the survey base.
        got = harassment.survey_rows(results, survey_year, measure, min_base=1)
        if not got:
            continue
        higher_is = item_map(survey_year)[measure].higher_is
        # each row's reference group looked up in a dict of the measure's rows
        ref = {(r["dimension"], r["group"]): (r["responses"], r["positive"], r["pct"]) for r in got}
        line = _sum_lines(got)
        for r in got:
            ref_n, ref_x, ref_pct = ref.get((r["dimension"], r["reference"]), (np.nan, np.nan, np.nan))
            is_ref = r["group"] == r["reference"]
            rows.append({**r, "survey_year": survey_year, "measure": measure, "higher_is": higher_is,
                         "ref_responses": ref_n, "ref_positive": ref_x, "ref_pct": ref_pct, "is_ref": is_ref,
                         **{c: np.nan if r[c] is None else r[c] for c in ("gap", "gap_low", "gap_high")},
                         "sum_line": "part" if r["dimension"] in line else "",
                         "hide_order": np.inf if is_ref else float(r["responses"])})
    if not rows:
        return pd.DataFrame(columns=SURVEY_COLUMNS)
    out = pd.DataFrame(rows)
    ref_pct, pct = out["ref_pct"].to_numpy(float), out["pct"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio"] = np.where(out["is_ref"].to_numpy(bool) | ~(ref_pct > 0), np.nan, pct / ref_pct)
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
    # the denominators, once per characteristic (the quarters' last snapshots found once for both)
    heads = headcounts(snapshots, data, list(dict.fromkeys(_GROUP_COLUMN[d][1] for d in PAIRS)))  # shared with trends
    for dimension, groups_ in PAIRS.items():
        characteristic = _GROUP_COLUMN[dimension][1]
        head = heads[characteristic]
        # both groups' series of each kind at once (one pass over the events), then one group's rows each
        both = {"cases": trends.entry_rate_series(cases, snapshots, ["bullying-harassment"], characteristic,
                                                  list(groups_), headcount=head),
                "grievances": trends.entry_rate_series(cases, snapshots, ["grievance"], characteristic,
                                                       list(groups_), headcount=head)}
        if incidents is not None:
            both["incidents"] = trends.entry_rate_series(incidents, snapshots, None, characteristic, list(groups_),
                                                         date_col="incident_date", headcount=head)
        for value in groups_:
            for kind in ("incidents", "cases", "grievances"):
                if kind in both:
                    d = both[kind][both[kind]["group"] == value].reset_index(drop=True)
                    out[f"{kind}_{value}"] = series_table(d, unit="per_1000", direction="decrease")
    return out


def quarter_years(quarterly: Mapping[str, pd.DataFrame], rates: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """How the quarterly series add up to the annual counts of :func:`rates_table`.

    The series count cases by the calendar quarter they start in, the annual counts every case of the
    financial year's input, classified the same way; so the four quarters of a financial year (April to
    March) add up to the year's count when the year's input holds exactly the cases that started in it.
    Only such years are listed (a year with a missing quarter, or whose count differs, is no sum a reader
    can use).

    Returns
    -------
    dict
        Same keys as :func:`quarterly_series`; each a table with columns :data:`QUARTER_YEARS_COLUMNS`:
        ``year`` (int, financial year to 31 March), ``source``, ``group`` (str, as in :func:`rates_table`),
        ``q1_end`` to ``q4_end`` (datetime, the quarters' ``period_end`` in the series, April-June first),
        ``q1`` to ``q4`` (int, the quarters' counts) and ``events`` (int, the year's count, their sum).
    """
    out = {}
    annual = rates.set_index(["year", "source", "group"])["events"] if len(rates) else pd.Series(dtype=float)
    for key, series in quarterly.items():
        kind, group = key.split("_", 1)
        source = SOURCES[kind]
        ends = pd.to_datetime(series["period_end"])
        quarter = ends.dt.quarter.to_numpy()
        fy = np.where(quarter == 1, ends.dt.year, ends.dt.year + 1)
        rows = []
        for year in sorted(set(fy.tolist())):
            idx = np.flatnonzero(fy == year)
            by_q = {(int(quarter[i]) - 2) % 4: i for i in idx}  # April-June is the year's first quarter
            events = annual.get((int(year), source, group))
            if len(idx) != 4 or len(by_q) != 4 or events is None or pd.isna(events):
                continue
            counts = [int(series["numerator"].iloc[by_q[k]]) for k in range(4)]
            if sum(counts) != int(events):
                continue
            rows.append({"year": int(year), "source": source, "group": group,
                         **{f"{q}_end": series["period_end"].iloc[by_q[k]] for k, q in enumerate(_QUARTERS)},
                         **dict(zip(_QUARTERS, counts)), "events": int(events)})
        out[key] = pd.DataFrame(rows, columns=QUARTER_YEARS_COLUMNS)
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
    quarter_years
        :func:`quarter_years`: series key -> the years whose quarters add up to ``rates``' annual count (for
        the disclosure policy: a reader can add the quarters up).
    target_problems, map_problems
        Why a params target could not be tracked; survey question map problems (messages, no figures).
    national_problem
        Why similar trusts are not shown (no national data), or None.
    """

    SPECS: ClassVar = {"survey": SURVEY_SPEC, "targets": TARGETS_SPEC, "national": NATIONAL_SPEC,
                       "rates": RATES_SPEC, "quarterly": SERIES_SPEC,
                       **{f"quarterly.{k}": _quarterly_spec(k) for k in _SERIES_KEYS},
                       **{f"quarter_years.{k}": _quarter_years_spec(k) for k in _SERIES_KEYS}}

    year: int
    survey_year: int
    survey: pd.DataFrame
    targets: pd.DataFrame
    national: pd.DataFrame
    rates: pd.DataFrame
    quarterly: dict[str, pd.DataFrame]
    quarter_years: dict[str, pd.DataFrame]
    target_problems: tuple[str, ...] = ()
    map_problems: tuple[str, ...] = ()
    national_problem: str | None = None


def _all_results(data: TrustData) -> pd.DataFrame:
    return pd.concat(data.by_year("staff_survey").values(), ignore_index=True)


@cached_results  # computed once per trust in a build (benchmark data set and report share it)
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
    rates, quarterly = rates_table(data), quarterly_series(data)
    return HarassmentResults(TrustInfo.of(data), data.year, survey_year, survey, targets, national,
                             rates, quarterly, quarter_years(quarterly, rates), tuple(target_problems),
                             tuple(dict.fromkeys(problems)), national_problem)
