"""Pay gap results (HIA 3): every figure of the pay gap report, unsuppressed, beside the counts it comes from.

:func:`compute` applies the statutory measures of :mod:`edi_analysis.metrics.pay_gaps` (metrics.md sections
6 and 7) to a trust's staff snapshots: sex, ethnicity and disability comparisons for every year with
bootstrap intervals, pay quartiles, pay within bands and staff groups, bonus by award, the gap decomposition,
tracked targets and, in :mod:`edi_analysis.results.pay_gap_groups`, every group of six characteristics
against its reference. The disclosure policy publishes them (:class:`PayGapResults.SPECS`); views word them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, Policy, RowSum, Same, Spec
from ..io import PAY_BANDS, STAFF_GROUPS, TrustData
from ..io.trust_cache import cached_results
from ..metrics import groups as group_labels
from ..metrics.gap_drivers import bonus_by_type, decompose_of
from ..metrics.gaps_within import within_of
from ..metrics.pay_arrays import PayArrays
from ..metrics.pay_bootstrap import bootstrap_rates_ci
from ..metrics.pay_quartiles import QUARTILES, quartile_counts
from ..metrics.statutory_gaps import PayGapResult, measures_of
from ..metrics.targets import track_target
from . import pay_gap_context as context
from . import pay_gap_distribution as distribution
from .base import Results, TrustInfo
from .pay_gap_groups import GROUP_SPECS, GROUPS_SPEC, group_tables

__all__ = ["PayGapResults", "compute", "COMPARISONS"]

#: comparison -> (staff column, reference key in params.pay_gap_references or literal, focus)
COMPARISONS = {"sex": "sex_group", "ethnicity": "ethnicity", "disability": "disability_status"}
_N_BOOT_REPORT, _N_BOOT_EARLIER = 1000, 500  # as the report has always used (figures must not move)

_SIDES = ("reference", "focus")


def _pay(n: str) -> Derived:
    return Derived(bases=(n,), base="pay_group")


def _gap(a: str, b: str, *ns: str) -> Derived:
    return Derived(of=(a, b), bases=ns, base="pay_group")


_FP = ("n_full_pay_reference", "n_full_pay_focus")
_BON = ("n_bonus_reference", "n_bonus_focus")

_FULL = ("n_full_pay_reference", "n_full_pay_focus")
_ON = {"comparison": "comparison", "year": "year"}
_GAPS_SPEC = Spec(
    counts=(*_FULL, "n_full_pay_unknown", "n_relevant_reference", "n_relevant_focus", "n_relevant_unknown", *_BON),
    derived={
        **{f"{m}_hourly_{s}": _pay(f"n_full_pay_{s}") for m in ("mean", "median") for s in _SIDES},
        "mean_gap": _gap("mean_hourly_reference", "mean_hourly_focus", *_FP),
        "median_gap": _gap("median_hourly_reference", "median_hourly_focus", *_FP),
        **{f"{m}_gap_{e}": Derived(of=(f"{m}_gap",), bases=_FP, base="pay_group")
           for m in ("mean", "median") for e in ("low", "high")},
        **{f"bonus_pct_{s}": Derived(of=(f"n_bonus_{s}", f"n_relevant_{s}"), bases=(f"n_relevant_{s}",),
                                     base="pay_group") for s in _SIDES},
        **{f"{m}_bonus_{s}": _pay(f"n_bonus_{s}") for m in ("mean", "median") for s in _SIDES},
        "mean_bonus_gap": _gap("mean_bonus_reference", "mean_bonus_focus", *_BON),
        "median_bonus_gap": _gap("median_bonus_reference", "median_bonus_focus", *_BON),
        **{f"{s}_share_pct": Derived(of=_FP) for s in _SIDES},
    },
    # everyone is in one of reference, focus or not recorded: a trust's headcount (and full-pay headcount) is
    # public, so an Unknown count is all staff - reference - focus and must be protected by these lines
    row_sums=(RowSum(parts=("n_relevant_reference", "n_relevant_focus", "n_relevant_unknown")),
              RowSum(parts=("n_full_pay_reference", "n_full_pay_focus", "n_full_pay_unknown"))),
    # the report year's full-pay counts are repeated in the "All" rows of the quartile, band and staff group
    # tables (and the ethnicity and disability quartiles' Unknown): one cell each
    same=(Same("quartiles", {"n_full_pay_reference": "n_reference", "n_full_pay_focus": "n_focus"}, on=_ON,
               where={"quartile": "All"}),
          *(Same("quartiles", {"n_full_pay_unknown": "n_unknown"}, on=_ON, where={"quartile": "All", "comparison": c})
            for c in ("ethnicity", "disability")),
          Same("bands", {"n_full_pay_reference": "n_reference", "n_full_pay_focus": "n_focus"}, on=_ON,
               where={"level": "All"}),
          Same("staff_groups", {"n_full_pay_reference": "n_reference", "n_full_pay_focus": "n_focus"}, on=_ON,
               where={"level": "All"}),
          # the bonus recipients of the sex comparison are the awards table's "All awards" row
          Same("awards", {"n_bonus_reference": "n_reference", "n_bonus_focus": "n_focus"}, on=_ON,
               where={"award": "All awards"})))

_QUARTILE_COUNTS = ("n_reference", "n_focus", "n_unknown")
_QUARTILES_SPEC = Spec(
    counts=(*_QUARTILE_COUNTS, "size"),
    derived={f"pct_{c[2:]}": Derived(of=(c, "size")) for c in _QUARTILE_COUNTS},
    row_sums=(RowSum(parts=_QUARTILE_COUNTS, total="size"),),
    # each group's quartile counts add up to its full-pay count: the "All" row, so that a small total is itself
    # protected rather than taken as public
    col_sums=(ColSum(label="quartile", total="All", within=("comparison", "year")),))

_WITHIN_SPEC = Spec(
    counts=("n_reference", "n_focus"),
    derived={
        **{f"{m}_{s}": _pay(f"n_{s}") for m in ("mean", "median") for s in _SIDES},
        "mean_gap": _gap("mean_reference", "mean_focus", "n_reference", "n_focus"),
        "median_gap": _gap("median_reference", "median_focus", "n_reference", "n_focus"),
        "reference_share_pct": Derived(of=("n_reference", "n_focus")),
    },
    # the levels add up to the "All" row (a small total then stays hidden instead of being taken as public)
    col_sums=(ColSum(label="level", total="All", within=("comparison",)),),
    # the levels' pay, weighted by their counts, gives the whole group's pay: one hidden level's figure must not
    # be left alone in that relation
    derived_sums=tuple(ColSum(label="level", total="All", within=("comparison",), columns=(f"{m}_{s}",),
                              smallest_by=f"n_{s}") for m in ("mean", "median") for s in _SIDES))

_AWARDS_SPEC = Spec(
    counts=("n_reference", "n_focus"),
    derived={"mean_reference": _pay("n_reference"), "mean_focus": _pay("n_focus"),
             "mean_gap": _gap("mean_reference", "mean_focus", "n_reference", "n_focus"),
             "median_gap": Derived(bases=("n_reference", "n_focus"), base="pay_group")},
    # the "All awards" row holds every recipient (a small total must stay hidden, not be taken as public)
    col_sums=(ColSum(label="award", total="All awards"),),
    derived_sums=(ColSum(label="award", total="All awards", columns=("mean_reference",), smallest_by="n_reference"),
                  ColSum(label="award", total="All awards", columns=("mean_focus",), smallest_by="n_focus")))

_AS_FULL_PAY = {"n_reference": "n_full_pay_reference", "n_focus": "n_full_pay_focus"}
_DRIVERS_SPEC = Spec(
    counts=("n_reference", "n_focus"),
    same=(Same("gaps", _AS_FULL_PAY, on=_ON),),
    derived={c: Derived(bases=("n_reference", "n_focus"), base="pay_group") for c in ("mean_gap", "structure", "within")})

_TRACK = ("n_reference", "n_focus", "baseline_n_reference", "baseline_n_focus")
_TARGETS_SPEC = Spec(
    counts=_TRACK,
    # each year's group sizes and the baseline year's are the gaps table's full-pay counts
    same=(Same("gaps", _AS_FULL_PAY, on=_ON),
          Same("gaps", {"baseline_n_reference": "n_full_pay_reference", "baseline_n_focus": "n_full_pay_focus"},
               on={"comparison": "comparison", "baseline_year": "year"})),
    derived={"value": Derived(bases=("n_reference", "n_focus"), base="pay_group"),
             "low": Derived(of=("value",)), "high": Derived(of=("value",)),
             # the path starts at the baseline year's gap: it would give that figure away
             "milestone": Derived(bases=("baseline_n_reference", "baseline_n_focus"), base="pay_group"),
             "status": Derived(of=("value", "low", "high", "milestone")),
             "met": Derived(of=("value", "milestone"))})



@dataclass(frozen=True)
class PayGapResults(Results):
    """Every figure of the pay gap report (one trust, snapshot 31 March ``trust.year``), unsuppressed.

    In every table ``comparison`` is ``sex``, ``ethnicity`` or ``disability``; ``reference``/``focus`` are that
    comparison's groups, e.g. ``Male``/``Female``, ``White``/``BME``, ``Non-disabled``/``Disabled``.

    Counts repeated across tables are declared as one cell (``Spec.same``): the report year's full-pay counts
    (``gaps``) in the ``All`` rows of ``quartiles``, ``bands``, ``staff_groups``, in ``drivers`` and ``targets``;
    bonus recipients in ``awards`` ``All awards``; the sex comparison in ``scope``; the ethnicity comparison's
    groups in the census5 and route tables; the census5 groups as the detailed table's totals; the Unknown and
    disabled counts in ``records``.

    Attributes
    ----------
    gaps
        One row per (comparison, year), every snapshot year up to the report year: ``comparison`` (str),
        ``year`` (int), ``reference``, ``focus``, ``unknown`` (str: ``Not recorded`` for sex, else ``Unknown``);
        counts ``n_full_pay_reference``, ``n_full_pay_focus``, ``n_full_pay_unknown`` (full-pay relevant, hourly
        measures), ``n_relevant_reference``, ``n_relevant_focus``, ``n_relevant_unknown`` (relevant employees:
        the three add up to all staff), ``n_bonus_reference``, ``n_bonus_focus`` (bonus recipients); £/h ``mean_hourly_*``, ``median_hourly_*``; gaps in % of the reference
        ``mean_gap``, ``median_gap`` with 95% bootstrap intervals ``*_gap_low``, ``*_gap_high`` (1,000
        draws in the report year, 500 before; seed 20260331); ``bonus_pct_*`` (% of relevant employees
        paid a bonus), £ ``mean_bonus_*``, ``median_bonus_*``, ``mean_bonus_gap``, ``median_bonus_gap``;
        ``reference_share_pct``, ``focus_share_pct`` (% of the two groups' full-pay relevant staff).
    quartiles
        One row per (comparison, year, quartile): sex for every year (men and women only, as the statutory
        measure), ethnicity and disability for the report year (not recorded included as ``n_unknown``).
        Counts ``n_reference``, ``n_focus``, ``n_unknown``, ``size`` (= their sum); ``pct_*`` (% of the
        quartile). A fifth row, ``quartile`` ``All``, holds each column's total (all four quartiles).
    bands, staff_groups
        Pay within each level (``level``: pay band; staff group) for ``comparison`` sex (bands) or sex and
        ethnicity (staff groups): counts ``n_reference``, ``n_focus``; £/h ``mean_*``, ``median_*``;
        ``mean_gap``, ``median_gap``; ``reference_share_pct``; ``year`` (the report year). A last row per
        comparison, ``level`` ``All``, holds everyone in those levels.
    awards
        Bonus recipients by award type (``award``) and sex: ``n_reference``, ``n_focus`` (men, women),
        ``mean_reference``, ``mean_focus`` (£), ``mean_gap``, ``median_gap``; ``comparison`` (``sex``), ``year``.
    drivers
        The mean hourly gap of each comparison split into ``structure`` (where groups sit across pay bands)
        and ``within`` (pay inside bands), all % of the reference mean, with ``n_reference``, ``n_focus``;
        ``year``.
    targets
        One row per (``target``: index into ``target_settings``, ``year``): ``value``, ``low``, ``high``
        (the tracked gap and interval), ``milestone`` (straight path, held at the target after the target year),
        ``status`` (``on_track``, ``behind_within_uncertainty``, ``off_track``, ``reversed``: the whole
        interval past 0, the gap now the other way; ``insufficient_data``), ``met`` (bool, the gap at the target
        or better), ``higher_is_better`` (False), group sizes
        ``n_reference``, ``n_focus`` and the baseline year's ``baseline_n_reference``, ``baseline_n_focus``;
        ``comparison`` (the target's characteristic), ``baseline_year`` (the year those baseline counts are of).
    scope
        Who is counted, by ``group`` (Female, Male, Not recorded): ``relevant``, ``full_pay``, ``bank``; ``year``.
    records
        Declaration on the staff record, by ``measure`` (``ethnicity_declared``, ``disability_declared``,
        ``disabled``): ``count``, ``rest`` (= ``staff`` - ``count``), ``staff``, ``pct``; ``comparison``,
        ``count_group``, ``rest_group`` (the gaps table's group that ``count`` or ``rest`` is, or empty); ``year``.
    survey_disability
        Staff survey respondents reporting a long-term condition (:func:`edi_analysis.metrics.survey.disabled_share`,
        the same figure as the WDES report's): ``survey_year``, ``question``, ``disabled``, ``respondents``, ``pct``
        (empty when no survey is loaded).
    national
        Published median gender pay gaps of NHS trusts (public returns, not this trust's): ``employer_name``,
        ``trust_type``, ``reporting_year``, ``snapshot_year``, ``median_gap``; empty when not available.
    distribution, band_distribution
        Percentiles of hourly pay (``p10_*``, ``p25_*``, ``median_*``, ``p75_*``, ``p90_*``, £/h) of the report
        year's groups of each comparison, and of women and men in each pay band
        (:mod:`edi_analysis.results.pay_gap_distribution`): the same people as ``gaps`` and ``bands``.
    groups
        Table key -> pay of every group of a characteristic against its reference
        (:mod:`edi_analysis.results.pay_gap_groups`), with ``year``.
    references, ethnicity_level, target_settings
        Context from the params file (public): each comparison's (reference, focus) labels, the ethnicity
        detail, the pay gap targets as set.
    national_problem, has_award_types, has_route, data_quality
        Why the national comparison is missing (or None); whether the staff file gives award types and the
        recruitment route; data-quality warnings raised while reading.
    """

    SPECS: ClassVar = {"gaps": _GAPS_SPEC, "quartiles": _QUARTILES_SPEC, "bands": _WITHIN_SPEC,
                       "staff_groups": _WITHIN_SPEC, "awards": _AWARDS_SPEC, "drivers": _DRIVERS_SPEC,
                       "targets": _TARGETS_SPEC, "scope": context.SCOPE_SPEC, "records": context.RECORDS_SPEC,
                       "survey_disability": context.SURVEY_SPEC, "national": context.NATIONAL_SPEC,
                       "distribution": distribution.DISTRIBUTION_SPEC,
                       "band_distribution": distribution.BAND_DISTRIBUTION_SPEC, "groups": GROUPS_SPEC, **{f"groups.{k}": v for k, v in GROUP_SPECS.items()}}

    gaps: pd.DataFrame
    quartiles: pd.DataFrame
    bands: pd.DataFrame
    staff_groups: pd.DataFrame
    awards: pd.DataFrame
    drivers: pd.DataFrame
    targets: pd.DataFrame
    scope: pd.DataFrame
    records: pd.DataFrame
    survey_disability: pd.DataFrame
    national: pd.DataFrame
    distribution: pd.DataFrame
    band_distribution: pd.DataFrame
    groups: dict[str, pd.DataFrame]
    references: dict[str, tuple[str, str]]
    ethnicity_level: str
    target_settings: tuple[dict, ...] = ()
    national_problem: str | None = None
    has_award_types: bool = False
    has_route: bool = False
    data_quality: tuple[str, ...] = ()

    @property
    def year(self) -> int:
        return self.trust.year


@cached_results  # computed once per trust in a build (benchmark data set and report share it)
def compute(data: TrustData, *, min_group: int | None = None) -> PayGapResults:
    """Compute the pay gap report's figures for ``data.year`` (and the trend over ``data.years``).

    Parameters
    ----------
    data
        A trust loaded by :func:`edi_analysis.io.load_trust`.
    min_group
        Group size below which groups are pooled before comparing (metrics.md section 7, merge then
        suppress); default the trust's disclosure policy's ``min_pay_group``.
    """
    if min_group is None:
        min_group = Policy.from_params(data.params).min_pay_group
    year = data.year
    staff = data.staff()
    refs = data.params.pay_gap_references
    references = {"sex": ("Male", "Female"),
                  "ethnicity": (refs["ethnicity"], "BME" if refs["ethnicity"] == "White" else "Other ethnic groups"),
                  "disability": (refs["disability"], "Disabled")}
    # each year's pay columns as arrays, its full-pay people and each group's rates found once and shared by
    # the measures, intervals, quartiles, bands, drivers and percentiles (not the table filtered for each)
    pays = {y: PayArrays(s) for y, s in data.by_year("staff").items()}
    pay = pays[year]
    # each comparison's statutory measures once per year: the gaps table and the quartile table both read them
    measures = {(key, y): measures_of(pays[y], COMPARISONS[key], references[key][0], references[key][1])
                for key in COMPARISONS for y in pays}
    gaps = pd.DataFrame([_gap_row(pays[y], y, key, references[key], y == year, measures[key, y])
                         for key in COMPARISONS for y in sorted(pays)])
    gaps = gaps.astype({c: "int64" for c in gaps.columns if c.startswith("n_")})
    targets = [_target(gaps, i, t) for i, t in enumerate(data.params.pay_gap_targets)]
    national, problem = context.national(data)
    bonus_types = "bonus_award_type" in staff.columns
    tables = {k: t.assign(year=year) for k, t in
              group_tables(staff, data.params, min_group, references["ethnicity"][1], pay=pay).items()}
    return PayGapResults(
        TrustInfo.of(data),
        gaps=gaps,
        quartiles=_quartiles(pays, year, references, measures),
        bands=_within(staff, pay, "pay_band", PAY_BANDS, {"sex": references["sex"]}).assign(year=year),
        staff_groups=_within(staff, pay, "staff_group", STAFF_GROUPS,
                             {k: references[k] for k in ("sex", "ethnicity")}).assign(year=year),
        awards=(_awards(staff[["sex", "bonus_pay_12m", "bonus_award_type"]]) if bonus_types
                else _awards(staff.iloc[:0].assign(bonus_award_type=pd.NA))).assign(comparison="sex", year=year),
        drivers=_drivers(pays[year], references).assign(year=year),
        targets=pd.concat(targets, ignore_index=True) if targets else _empty_targets(),
        scope=context.scope(staff).assign(year=year),
        records=context.records(staff).assign(year=year),
        survey_disability=context.survey_disability(data),
        national=national,
        distribution=distribution.by_group(staff, year, COMPARISONS, references, pay=pay),
        band_distribution=distribution.by_band(staff, year, PAY_BANDS, COMPARISONS["sex"], references["sex"], pay=pay),
        groups=tables,
        references=references,
        ethnicity_level=data.params.ethnicity_level,
        target_settings=tuple(dict(t) for t in data.params.pay_gap_targets),
        national_problem=problem,
        has_award_types=bonus_types,
        has_route="ethnicity_route" in tables,
        data_quality=tuple(data.warnings),
    )


def _gap_row(pay: PayArrays, year: int, key: str, pair: tuple[str, str], report_year: bool,
             r: PayGapResult) -> dict:
    """One row of the gaps table from the comparison's measures ``r`` (:func:`measures_of` the year's ``pay``)."""
    ref, foc = pair
    col = COMPARISONS[key]
    ci = bootstrap_rates_ci(pay.group_rates(col, ref), pay.group_rates(col, foc),
                            n_boot=_N_BOOT_REPORT if report_year else _N_BOOT_EARLIER)
    nf = r.n_full_pay[ref] + r.n_full_pay[foc]
    # staff in neither group (not recorded): every employee is relevant (metrics.md section 6)
    unknown = "Not recorded" if key == "sex" else group_labels.UNKNOWN
    row: dict = {"comparison": key, "year": int(year), "reference": ref, "focus": foc, "unknown": unknown}
    for side, g in zip(_SIDES, pair):
        row.update({f"n_full_pay_{side}": r.n_full_pay[g], f"n_relevant_{side}": r.n_relevant[g],
                    f"n_bonus_{side}": r.n_bonus[g]})
    # everyone else: all (full-pay) staff less the two groups (counted by the measures), no table filtered again
    row["n_full_pay_unknown"] = len(pay.full_rows) - r.n_full_pay[ref] - r.n_full_pay[foc]
    row["n_relevant_unknown"] = pay.n - r.n_relevant[ref] - r.n_relevant[foc]
    for side, g in zip(_SIDES, pair):
        row.update({f"mean_hourly_{side}": r.mean_hourly[g], f"median_hourly_{side}": r.median_hourly[g]})
    row.update(mean_gap=r.mean_gap, mean_gap_low=ci["mean_gap"][0], mean_gap_high=ci["mean_gap"][1],
               median_gap=r.median_gap, median_gap_low=ci["median_gap"][0], median_gap_high=ci["median_gap"][1])
    for side, g in zip(_SIDES, pair):
        row.update({f"bonus_pct_{side}": r.bonus_proportion[g], f"mean_bonus_{side}": r.mean_bonus[g],
                    f"median_bonus_{side}": r.median_bonus[g]})
    row.update(mean_bonus_gap=r.mean_bonus_gap, median_bonus_gap=r.median_bonus_gap)
    for side, g in zip(_SIDES, pair):
        row[f"{side}_share_pct"] = r.n_full_pay[g] / nf * 100 if nf else np.nan
    return {k: (np.nan if v is None else v) for k, v in row.items()}


def _quartiles(pays: Mapping[int, PayArrays], year: int, references: dict[str, tuple[str, str]],
               measures: Mapping[tuple[str, int], PayGapResult]) -> pd.DataFrame:
    rows = []
    for key, column in COMPARISONS.items():
        ref, foc = references[key]
        for y in sorted(pays):
            if key != "sex" and y != year:
                continue
            if key == "sex":  # the statutory measure: men and women only
                counts = measures[key, y].quartile_counts
            else:  # everyone with full pay, not recorded included
                counts = quartile_counts(pays[y], column)
            for q in (*QUARTILES, "All"):
                c = counts.sum() if q == "All" else counts.loc[q]
                n = {"n_reference": int(c.get(ref, 0)), "n_focus": int(c.get(foc, 0)),
                     "n_unknown": int(c.drop([ref, foc], errors="ignore").sum())}
                size = sum(n.values())
                rows.append({"comparison": key, "year": int(y), "quartile": q, **n, "size": size,
                             **{f"pct_{k[2:]}": (v / size * 100 if size else np.nan) for k, v in n.items()}})
    return pd.DataFrame(rows)


def _within(staff: pd.DataFrame, pay: PayArrays, within: str, order_all, pairs: dict[str, tuple[str, str]]
            ) -> pd.DataFrame:
    have = set(staff[within].dropna().unique())
    order = [b for b in order_all if b in have]
    parts = []
    for key, (ref, foc) in pairs.items():
        # the levels, then "All": everyone in those levels (the same people as the levels)
        t = within_of(pay, within, COMPARISONS[key], ref, foc, order=order, total="All")
        n = t[f"n_{ref}"] + t[f"n_{foc}"]
        parts.append(pd.DataFrame({
            "comparison": key, "level": list(t.index), "n_reference": t[f"n_{ref}"].to_numpy(),
            "n_focus": t[f"n_{foc}"].to_numpy(), "mean_reference": t[f"mean_{ref}"].to_numpy(),
            "mean_focus": t[f"mean_{foc}"].to_numpy(), "median_reference": t[f"median_{ref}"].to_numpy(),
            "median_focus": t[f"median_{foc}"].to_numpy(), "mean_gap": t["mean_gap"].to_numpy(),
            "median_gap": t["median_gap"].to_numpy(),
            "reference_share_pct": (t[f"n_{ref}"] / n.where(n > 0) * 100).to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def _awards(staff: pd.DataFrame) -> pd.DataFrame:
    a = bonus_by_type(staff) if len(staff) else pd.DataFrame()
    if not a.empty:
        paid = staff[staff["bonus_pay_12m"].fillna(0) > 0]
        rec = {g: paid.loc[paid["sex"] == g, "bonus_pay_12m"] for g in ("Male", "Female")}
        a.loc["All awards"] = {"n_Male": len(rec["Male"]), "n_Female": len(rec["Female"]),
                               "mean_Male": rec["Male"].mean(), "mean_Female": rec["Female"].mean(),
                               "mean_gap": np.nan, "median_gap": np.nan}
    cols = ["award", "n_reference", "n_focus", "mean_reference", "mean_focus", "mean_gap", "median_gap"]
    if a.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c.startswith("n_") else "float64" if c != "award"
                                          else "object") for c in cols})
    out = pd.DataFrame({"award": list(a.index), "n_reference": a["n_Male"].to_numpy(), "n_focus": a["n_Female"].to_numpy(),
                        "mean_reference": a["mean_Male"].to_numpy(), "mean_focus": a["mean_Female"].to_numpy(),
                        "mean_gap": a["mean_gap"].to_numpy(), "median_gap": a["median_gap"].to_numpy()})
    return out.astype({"mean_reference": float, "mean_focus": float, "mean_gap": float, "median_gap": float})


def _drivers(pay: PayArrays, references: dict[str, tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for key, col in COMPARISONS.items():
        ref, foc = references[key]
        n_ref, n_foc = len(pay.group_rates(col, ref)), len(pay.group_rates(col, foc))
        if not (n_ref and n_foc):
            continue
        d = decompose_of(pay, "pay_band", col, ref, foc)
        rows.append({"comparison": key, "n_reference": n_ref, "n_focus": n_foc, "mean_gap": d["mean_gap"],
                     "structure": d["structure"], "within": d["within"]})
    return pd.DataFrame(rows, columns=["comparison", "n_reference", "n_focus", "mean_gap", "structure", "within"])


def _target(gaps: pd.DataFrame, index: int, target: dict) -> pd.DataFrame:
    g = gaps[gaps["comparison"] == target["characteristic"]].set_index("year")
    measure = target["measure"]
    observed = pd.DataFrame({"value": g[measure], "low": g[f"{measure}_low"], "high": g[f"{measure}_high"]})
    baseline = int(target.get("baseline_year", observed.index.min()))
    track = track_target(observed, baseline_year=baseline, target_value=float(target["target"]),
                         target_year=int(target["target_year"]), baseline_value=target.get("baseline_value"),
                         higher_is_better=False, parity=0.0)
    # an observed baseline is a pay figure of the baseline year's groups; a baseline the trust chose (params) is
    # public, and its path is then held to the year's own groups only
    given = target.get("baseline_value") is not None
    out = track.reset_index().rename(columns={"index": "year"})
    out.insert(0, "target", index)
    out.insert(1, "comparison", target["characteristic"])
    out["higher_is_better"] = False  # a pay gap aims down to its target; past parity it is "reversed"
    out["n_reference"] = g.loc[out["year"], "n_full_pay_reference"].to_numpy()
    out["n_focus"] = g.loc[out["year"], "n_full_pay_focus"].to_numpy()
    out["baseline_n_reference"] = out["n_reference"] if given else int(g.loc[baseline, "n_full_pay_reference"])
    out["baseline_n_focus"] = out["n_focus"] if given else int(g.loc[baseline, "n_full_pay_focus"])
    out["baseline_year"] = out["year"] if given else baseline
    return out


def _empty_targets() -> pd.DataFrame:
    return pd.DataFrame({"target": pd.Series(dtype="int64"), "comparison": pd.Series(dtype="object"),
                         "year": pd.Series(dtype="int64"), "baseline_year": pd.Series(dtype="int64"),
                         **{c: pd.Series(dtype="float64") for c in ("value", "low", "high", "milestone")},
                         "status": pd.Series(dtype="object"), "met": pd.Series(dtype="bool"),
                         "higher_is_better": pd.Series(dtype="bool"),
                         **{c: pd.Series(dtype="int64") for c in _TRACK}})
