"""The quarterly trends report's results: each equality series quarter by quarter, with its SPC reading.

:func:`compute` turns a trust's quarterly staff snapshots and employee relations cases into one tidy
table per series (:mod:`edi_analysis.metrics.trends`) and adds the XmR chart's mean, process limits and
point labels (:mod:`edi_analysis.metrics.spc`, metrics.md section 10) and, for event rates, the p-chart
(Laney's p'). :func:`series_table` is the one code path that also builds the HIA 6 report's quarterly
series (:mod:`edi_analysis.results.harassment`).

The SPC columns are computed from the whole series, so a reader holding them and every shown quarter
could work back a hidden one (the mean of 17 quarters and 16 of them give the 17th). Each row therefore
carries the series' smallest non-zero numerator and smallest denominator (``least_numerator``,
``least_denominator``) as counts, and the SPC columns derive from them: when any quarter of the series
would be hidden, so is every SPC figure of the series (metrics.md section 9 rule 5: an SPC chart split by
a characteristic is drawn only if no point would be suppressed).

The series repeat each other's headcounts (a group's headcount is an event rate's denominator and a share's
numerator; every series of all staff has the same denominator) and two groups add up to the declaration
series' numerator: :func:`staff_counts` declares these, so a group hidden in one series is hidden wherever
it repeats and cannot be worked back from the declared total. ``least_numerator`` and
``least_denominator`` repeat one quarter's counts (``least_numerator_end``, ``least_denominator_end``):
:func:`series_spec` declares them one cell with it, so a quarter hidden to protect a sum stays hidden.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from ..disclosure import Derived, RowSum, Same, Spec
from ..metrics import trends
from ..metrics.spc import _VARIATION_ICON, p_chart, spc
from .base import Results, TrustInfo

if TYPE_CHECKING:
    from ..io import TrustData

__all__ = [
    "MIN_POINTS",
    "SERIES_COLUMNS",
    "SERIES_SPEC",
    "STAFF_COUNTS_COLUMNS",
    "TRENDS_SERIES",
    "TrendsResults",
    "compute",
    "series_spec",
    "series_table",
    "snapshots_and_cases",
    "staff_counts",
]

#: An XmR chart needs at least this many quarters (metrics.md section 10): a statistical rule, not disclosure.
MIN_POINTS = 12

SERIES_COLUMNS = ["period_end", "group", "numerator", "denominator", "value", "unit", "direction",
                  "least_numerator", "least_numerator_end", "least_denominator", "least_denominator_end", "mean", "lpl", "upl", "special_cause_type", "point_type",
                  "variation_icon", "p_centre", "p_lpl", "p_upl", "p_outside", "p_sigma_z", "p_laney"]

_SERIES_WIDE = ("least_numerator", "least_denominator")
_SPC_COLUMNS = ("mean", "lpl", "upl", "special_cause_type", "point_type", "variation_icon",
                "p_centre", "p_lpl", "p_upl", "p_outside", "p_sigma_z", "p_laney")

#: One spec for every quarterly series table (trends and HIA 6 reports).
SERIES_SPEC = Spec(
    counts=("numerator", "denominator", "least_numerator", "least_denominator"),
    derived={"value": Derived(of=("numerator", "denominator"), bases=("denominator",)),
             **{c: Derived(of=_SERIES_WIDE, bases=("least_denominator",)) for c in _SPC_COLUMNS}},
)


def series_spec(name: str) -> Spec:
    """:data:`SERIES_SPEC` for the table ``name`` of a report, with the smallest counts declared one cell with
    the quarter they repeat (a ``Same`` names its table)."""
    return dataclasses.replace(SERIES_SPEC, same=(
        Same(name, {"least_numerator": "numerator"}, on={"least_numerator_end": "period_end"}),
        Same(name, {"least_denominator": "denominator"}, on={"least_denominator_end": "period_end"})))


def series_table(frame: pd.DataFrame, *, unit: str, direction: str) -> pd.DataFrame:
    """One quarterly series as a tidy table with its SPC columns.

    Parameters
    ----------
    frame
        One group's series from :mod:`edi_analysis.metrics.trends` (``period_end``, ``group``, ``numerator``,
        ``denominator``, ``value``), in time order.
    unit
        ``"percent"`` (value per 100) or ``"per_1000"`` (entries per 1,000 staff; an event rate, which also
        gets a p-chart).
    direction
        ``"increase"`` or ``"decrease"``: which way is improvement (Making Data Count).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SERIES_COLUMNS`: ``period_end`` (datetime, quarter's last snapshot), ``group`` (str),
        ``numerator``, ``denominator`` (int, people or events), ``value`` (float, in ``unit``), ``unit``,
        ``direction`` (str, context), ``least_numerator`` (int, smallest non-zero numerator of the series, 0 if
        none), ``least_numerator_end`` (datetime, the first quarter with it; NaT if none),
        ``least_denominator`` (int, smallest denominator of the series), ``least_denominator_end`` (datetime,
        the first quarter with it), the XmR columns ``mean``,
        ``lpl``, ``upl`` (float), ``special_cause_type``, ``point_type`` (str, NHSRplotthedots labels) and
        ``variation_icon`` (str, the latest point's icon, repeated), and the p-chart columns ``p_centre``,
        ``p_lpl``, ``p_upl`` (float, proportions 0-1), ``p_outside`` (bool), ``p_sigma_z`` (float), ``p_laney``
        (bool). SPC columns are missing (NaN) with fewer than :data:`MIN_POINTS` quarters; p-chart columns
        are missing for percentages and when events exceed staff.
    """
    out = frame[["period_end", "group", "numerator", "denominator", "value"]].reset_index(drop=True).copy()
    out["numerator"] = out["numerator"].astype("int64")
    out["denominator"] = out["denominator"].astype("int64")
    out["value"] = out["value"].astype(float)
    out["unit"] = unit
    out["direction"] = direction
    nonzero = out.loc[out["numerator"] > 0, "numerator"]
    out["least_numerator"] = int(nonzero.min()) if len(nonzero) else 0
    out["least_numerator_end"] = out["period_end"].loc[nonzero.idxmin()] if len(nonzero) else pd.NaT
    out["least_denominator"] = int(out["denominator"].min()) if len(out) else 0
    out["least_denominator_end"] = out["period_end"].loc[out["denominator"].idxmin()] if len(out) else pd.NaT
    for col in ("mean", "lpl", "upl", "p_centre", "p_lpl", "p_upl", "p_sigma_z"):
        out[col] = np.nan
    for col in ("special_cause_type", "point_type", "variation_icon", "p_outside", "p_laney"):
        out[col] = pd.Series([None] * len(out), dtype=object)
    if len(out) >= MIN_POINTS:
        res = spc(out["value"].to_numpy(), out["period_end"].to_numpy(), improvement_direction=direction)
        for col in ("mean", "lpl", "upl"):
            out[col] = res.points[col].to_numpy(dtype=float)
        out["special_cause_type"] = res.points["special_cause_type"].to_numpy(dtype=object)
        out["point_type"] = res.points["point_type"].to_numpy(dtype=object)
        out["variation_icon"] = _VARIATION_ICON[(str(res.points["point_type"].iloc[-1]), direction)]
        if unit == "per_1000" and (out["numerator"] <= out["denominator"]).all() and (out["denominator"] > 0).all():
            pc = p_chart(out["numerator"].to_numpy(), out["denominator"].to_numpy())
            out["p_centre"] = pc.centre
            out["p_lpl"] = pc.points["lpl"].to_numpy(dtype=float)
            out["p_upl"] = pc.points["upl"].to_numpy(dtype=float)
            out["p_outside"] = pc.points["outside_limits"].to_numpy(dtype=object)
            out["p_sigma_z"] = pc.sigma_z
            out["p_laney"] = pc.laney
    return out[SERIES_COLUMNS]


def _group(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    return frame[frame["group"] == group].reset_index(drop=True)


_Build = Callable[[trends.Snapshots, pd.DataFrame, Mapping[str, pd.DataFrame]], pd.DataFrame]


def _entries(case_types: list[str], characteristic: str, group: str) -> _Build:
    return lambda s, c, h: _group(trends.entry_rate_series(c, s, case_types, characteristic, [group],
                                                           headcount=h[characteristic]), group)


#: The trends report's series: key -> (unit, direction, how to compute from snapshots, cases and the
#: quarterly headcounts by characteristic, :func:`headcounts`).
TRENDS_SERIES: dict[str, tuple[str, str, _Build]] = {
    "bme_senior": ("percent", "increase", lambda s, c, h: trends.representation_series(s)),
    "disabled_share": ("percent", "increase",
                       lambda s, c, h: trends.share_series(s, "disability", "Disabled", headcount=h["disability"])),
    "disability_declared": ("percent", "increase",
                            lambda s, c, h: trends.declaration_series(s, "disability", headcount=h["disability"])),
    "ethnicity_declared": ("percent", "increase",
                           lambda s, c, h: trends.declaration_series(s, "ethnicity", headcount=h["ethnicity"])),
    "disciplinary_bme": ("per_1000", "decrease", _entries(["disciplinary"], "ethnicity", "BME")),
    "disciplinary_white": ("per_1000", "decrease", _entries(["disciplinary"], "ethnicity", "White")),
    "capability_disabled": ("per_1000", "decrease", _entries(["capability-performance"], "disability", "Disabled")),
    "capability_non_disabled": ("per_1000", "decrease",
                                _entries(["capability-performance"], "disability", "Non-disabled")),
}

#: The headcounts the series share, by characteristic: (focus, reference, declared series, the groups' series).
_SHARED = {"disability": ("Disabled", "Non-disabled", "disability_declared",
                          {"disabled_share": {"focus": "numerator", "headcount": "denominator"},
                           "capability_disabled": {"focus": "denominator"},
                           "capability_non_disabled": {"reference": "denominator"}}),
           "ethnicity": ("BME", "White", "ethnicity_declared",
                         {"disabled_share": {"headcount": "denominator"},
                          "disciplinary_bme": {"focus": "denominator"},
                          "disciplinary_white": {"reference": "denominator"}})}
STAFF_COUNTS_COLUMNS = ["period_end", "focus", "reference", "declared", "headcount"]


def _staff_counts_spec(characteristic: str) -> Spec:
    # The two groups add up to the declared staff; each column is one cell with the series that repeat it.
    *_, declared, uses = _SHARED[characteristic]
    links = {declared: {"declared": "numerator", "headcount": "denominator"}, **uses}
    return Spec(counts=("focus", "reference", "declared", "headcount"),
                row_sums=(RowSum(parts=("focus", "reference"), total="declared"),),
                same=tuple(Same(f"series.{key}", columns, on={"period_end": "period_end"})
                           for key, columns in links.items()))


def headcounts(snapshots: trends.Snapshots, data: TrustData | None = None,
               characteristics: Sequence[str] = tuple(_SHARED)) -> dict[str, pd.DataFrame]:
    """:func:`edi_analysis.metrics.trends.quarterly_headcount` by characteristic: worked out once, shared by the series.

    With ``data`` (the trust whose :func:`snapshots_and_cases` ``snapshots`` are), once per trust: the harassment
    report divides by the same headcounts, each a pass over millions of snapshot rows. Each caller gets copies.
    """
    if data is None:
        return trends.quarterly_headcounts(snapshots, list(characteristics))
    known = _HEADCOUNTS.setdefault(data, {})
    missing = [c for c in characteristics if c not in known]
    if missing:
        known.update(trends.quarterly_headcounts(snapshots, missing))
    return {c: known[c].copy() for c in characteristics}


# Each trust's quarterly headcounts by characteristic (small tables), kept while the trust is.
_HEADCOUNTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def staff_counts(snapshots: trends.Snapshots, heads: Mapping[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The quarterly headcounts several series repeat, and how they add up (for the disclosure policy).

    A characteristic's two groups (Disabled and Non-disabled; BME and White) add up to the staff who declared
    it (the declaration series' numerator); the groups' headcounts are the event rates' denominators and the
    disabled share's numerator, and every staff headcount is the share and declaration series' denominator.

    Returns
    -------
    dict
        ``"disability"``, ``"ethnicity"`` -> columns :data:`STAFF_COUNTS_COLUMNS`: ``period_end`` (datetime),
        ``focus`` (int, Disabled or BME staff), ``reference`` (int, Non-disabled or White staff), ``declared``
        (int, their sum), ``headcount`` (int, all substantive staff, Unknown included).
    """
    out = {}
    heads = headcounts(snapshots) if heads is None else heads
    for characteristic, (focus, reference, *_) in _SHARED.items():
        head = heads[characteristic]
        a = trends.share_series(snapshots, characteristic, focus, headcount=head).set_index("period_end")
        b = trends.share_series(snapshots, characteristic, reference, headcount=head).set_index("period_end")
        t = pd.DataFrame({"focus": a["numerator"], "reference": b["numerator"]})
        t["declared"] = t["focus"] + t["reference"]
        t["headcount"] = a["denominator"]
        out[characteristic] = t.rename_axis("period_end").reset_index()[STAFF_COUNTS_COLUMNS].astype(
            {c: "int64" for c in STAFF_COUNTS_COLUMNS[1:]})
    return out


_NO_CASES = pd.DataFrame(columns=["case_type", "start_date", "ethnic_code", "disability"])


def snapshots_and_cases(data: TrustData) -> tuple[list[pd.DataFrame] | None, pd.DataFrame]:
    """Every year's quarterly snapshots, each year's table as read (None when there are none), and every year's
    employee relations cases, concatenated.

    The snapshots are not joined: the series take them one after another
    (:data:`edi_analysis.metrics.trends.Snapshots`); at national scale (millions of rows a year) a joined copy
    was the largest allocation of the reports that read them.
    """
    snaps = data.by_year("staff_snapshots")
    if not snaps:
        return None, _NO_CASES
    cases = data.by_year("employee_relations")
    er = pd.concat(cases.values(), ignore_index=True) if cases else _NO_CASES
    return list(snaps.values()), er


@dataclass(frozen=True)
class TrendsResults(Results):
    """The quarterly trends report's results.

    Attributes
    ----------
    year
        The last snapshot year (quarters up to 31 March of it).
    series
        Series key (see :data:`TRENDS_SERIES`) -> :func:`series_table` table, one row per quarter.
    staff_counts
        :func:`staff_counts`: the headcounts the series repeat and how they add up (for the disclosure policy).
    missing
        Why there are no series (no quarterly snapshots), or None.
    """

    SPECS: ClassVar = {"series": SERIES_SPEC, **{f"series.{k}": series_spec(f"series.{k}") for k in TRENDS_SERIES},
                       **{f"staff_counts.{c}": _staff_counts_spec(c) for c in _SHARED}}

    year: int
    series: dict[str, pd.DataFrame]
    staff_counts: dict[str, pd.DataFrame] = dataclasses.field(default_factory=dict)
    missing: str | None = None


def compute(data: TrustData) -> TrendsResults:
    """Every quarterly series of the trends report, with its SPC columns (metrics.md sections 1.4, 2, 10)."""
    snapshots, cases = snapshots_and_cases(data)
    if snapshots is None:
        return TrendsResults(TrustInfo.of(data), data.year, {}, missing="staff_snapshots")
    heads = headcounts(snapshots, data)
    series = {key: series_table(build(snapshots, cases, heads), unit=unit, direction=direction)
              for key, (unit, direction, build) in TRENDS_SERIES.items()}
    return TrendsResults(TrustInfo.of(data), data.year, series, staff_counts(snapshots, heads))
