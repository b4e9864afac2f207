"""Directorate breakdowns: representation by pay level, pay gaps and formal-process entry in each directorate.

National returns stop at the trust, so a trust's own teams build directorate dashboards by hand. This report
computes the same measures as the trust-level reports for each value of the staff record's ``directorate``,
with intervals, and lets the trust's one disclosure policy publish them: in an internal build every figure
is shown (and the report says it is not for publication); in a publish build the policy hides what it hides
anywhere else. Directorate cells are small, so the intervals matter more than the point figures.

Tables (every count beside the figures derived from it):

``representation``
    WRES/WDES indicator 1 by directorate (metrics.md section 2): one row per (``standard``, ``directorate``,
    ``level``). ``standard`` WRES (ethnicity) or WDES (disability); ``directorate`` each directorate, ``Not
    recorded`` and :data:`ALL_DIRECTORATES`; ``level`` each of :data:`LEVELS` and :data:`ALL_LEVELS`.
    ``focus`` / ``reference`` (str): the groups compared (BME / White, Disabled / Non-disabled). Counts (int):
    ``n_focus``, ``n_reference``, ``n_unknown``, ``total``. Derived (float, percent): ``pct_focus`` (focus share
    of total, Unknown in the total as indicator 1 counts it) and its Wilson 95% interval ``pct_low``,
    ``pct_high``.
``pay_gaps``
    Mean and median hourly pay gaps by directorate (metrics.md sections 6-7, the statutory measures among
    full-pay relevant employees): one row per (``comparison``, ``directorate``); ``comparison`` sex, ethnicity
    or disability, ``reference`` / ``focus`` the groups (Male / Female, White / BME, Non-disabled / Disabled).
    Counts (int): ``n_reference``, ``n_focus`` (full-pay relevant staff with an hourly rate). Derived (float):
    ``mean_reference``, ``mean_focus``, ``median_reference``, ``median_focus`` (pounds per hour),
    ``mean_gap``, ``median_gap`` (% of the reference group's pay) with percentile bootstrap 95% intervals
    ``mean_gap_low``, ``mean_gap_high``, ``median_gap_low``, ``median_gap_high``
    (:func:`edi_analysis.metrics.pay_gaps.bootstrap_gap_ci`, seeded).
``process_entry``
    WRES indicator 3 / WDES metric 3 by directorate (metrics.md section 4; the population of
    :func:`edi_analysis.metrics.wres.process_entry`: each year's 31 March headcount, pooled over two years):
    one row per (``standard``, ``directorate``), ``directorate`` as in ``representation``; ``years``;
    ``focus`` / ``reference``; counts ``focus_events``, ``focus_n``, ``reference_events``, ``reference_n``;
    derived ``rl`` (relative likelihood, focus / reference), ``low``, ``high`` (95% interval),
    ``significant`` (bool: the interval excludes 1), ``within_range`` (bool: inside the 0.80-1.25 non-adverse
    range).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, RowSum, Spec
from ..io import TrustData
from ..metrics import groups, wres
from ..metrics.pay_arrays import PayArrays, mean, median
from ..metrics.pay_by_group import gap_pct
from ..metrics.pay_gaps import bootstrap_rates_ci
from ..metrics.stats import wilson
from .base import Results, TrustInfo

__all__ = ["ALL_DIRECTORATES", "ALL_LEVELS", "LEVELS", "NOT_RECORDED", "DirectorateResults", "compute"]

ALL_DIRECTORATES = "All directorates"
ALL_LEVELS = "All levels"
NOT_RECORDED = "Not recorded"
#: Pay levels wide enough to keep directorate cells countable; together they cover every pay band.
LEVELS: dict[str, tuple[str, ...]] = {
    "AfC bands 1-4": ("1", "2", "3", "4"),
    "AfC bands 5-7": ("5", "6", "7"),
    "AfC bands 8a and above, VSM": ("8a", "8b", "8c", "8d", "9", "VSM"),
    "Medical and dental": ("Medical consultant", "Medical career grade", "Medical trainee"),
    "Other pay": ("Other",),
}
#: standard -> (workforce column, focus, reference, process case type)
STANDARDS: dict[str, tuple[str, str, str, str]] = {
    "WRES": ("ethnicity", "BME", "White", "disciplinary"),
    "WDES": ("disability_status", "Disabled", "Non-disabled", "capability-performance"),
}
#: comparison -> (staff column, reference, focus), as the pay gap report compares them
PAY_COMPARISONS: dict[str, tuple[str, str, str]] = {
    "sex": ("sex_group", "Male", "Female"),
    "ethnicity": ("ethnicity", "White", "BME"),
    "disability": ("disability_status", "Non-disabled", "Disabled"),
}
_N_BOOT = 500  # enough for a 95% percentile interval on a directorate; seeded, so figures do not move

_REP_COUNTS = ("n_focus", "n_reference", "n_unknown", "total")
_REP_SPEC = Spec(
    counts=_REP_COUNTS,
    derived={c: Derived(of=("n_focus", "total")) for c in ("pct_focus", "pct_low", "pct_high")},
    row_sums=(RowSum(parts=("n_focus", "n_reference", "n_unknown"), total="total"),),
    col_sums=(ColSum(label="level", total=ALL_LEVELS, parts=tuple(LEVELS), within=("standard", "directorate")),
              ColSum(label="directorate", total=ALL_DIRECTORATES, within=("standard", "level"))),
)
_PAY_N = ("n_reference", "n_focus")
_PAY_SPEC = Spec(
    counts=_PAY_N,
    derived={
        **{f"{m}_{s}": Derived(bases=(f"n_{s}",), base="pay_group")
           for m in ("mean", "median") for s in ("reference", "focus")},
        **{f"{m}_gap{e}": Derived(of=(f"{m}_reference", f"{m}_focus"), bases=_PAY_N, base="pay_group")
           for m in ("mean", "median") for e in ("", "_low", "_high")},
    },
    col_sums=(ColSum(label="directorate", total=None, within=("comparison",)),),
)
_PROC_COUNTS = ("focus_events", "focus_n", "reference_events", "reference_n")
_PROC_RULE = Derived(of=_PROC_COUNTS, events=("focus_events", "reference_events"), bases=("focus_n", "reference_n"))
_PROC_SPEC = Spec(
    counts=_PROC_COUNTS,
    derived=dict.fromkeys(("rl", "low", "high", "significant", "within_range"), _PROC_RULE),
    col_sums=(ColSum(label="directorate", total=ALL_DIRECTORATES, within=("standard",)),),
)


@dataclass(frozen=True)
class DirectorateResults(Results):
    """A trust's directorate breakdowns (tables described in the module docstring)."""

    SPECS: ClassVar = {"representation": _REP_SPEC, "pay_gaps": _PAY_SPEC, "process_entry": _PROC_SPEC}

    representation: pd.DataFrame
    pay_gaps: pd.DataFrame
    process_entry: pd.DataFrame
    directorates: tuple[str, ...] = ()


def directorate_of(staff: pd.DataFrame) -> pd.Series:
    """Each person's directorate as recorded (trimmed), ``Not recorded`` when blank."""
    if "directorate" not in staff.columns:
        return pd.Series(NOT_RECORDED, index=staff.index, dtype="string")
    # each distinct value trimmed once and taken by code (a categorical): no text made per person
    return groups.labels_by_value(staff["directorate"], lambda v: (str(v).strip() if v is not None else "")
                                  or NOT_RECORDED)


def _names(directorate: pd.Series) -> list[str]:
    """The directorates people are in, sorted: a categorical's categories (only those held), not a set of every row."""
    if isinstance(directorate.dtype, pd.CategoricalDtype):
        # the categories some code is counted for (no recoded copy of every person's code)
        cats = directorate.cat.categories
        held = np.bincount(directorate.cat.codes.to_numpy() + 1, minlength=len(cats) + 1)[1:] > 0
        return sorted(cats[held])
    return sorted(set(directorate))


def _codes(values: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes and the labels in sorted order (a categorical's own; its categories are sorted labels)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), list(values.cat.categories)
    codes, uniq = pd.factorize(values, sort=True)
    return codes, list(uniq)


def _representation(wf: pd.DataFrame) -> pd.DataFrame:
    level_of = {band: label for label, bands in LEVELS.items() for band in bands}
    # a band's level looked up once per band, not per person
    level = groups.labels_by_value(wf["pay_band"], lambda b: level_of.get(b, "Other pay") if b is not None
                                   else "Other pay")
    # everyone counted once by (directorate, level, focus / reference / unknown) code; each row below adds up
    # cells of this small cube (the order and the groups present as a grouping by directorate and level gives)
    d, d_labels = _codes(directorate_of(wf))  # never missing: a blank directorate is "Not recorded"
    lv, l_labels = _codes(level)
    rows = []
    for standard, (col, focus, reference, _) in STANDARDS.items():
        g = wf[col]
        kind = np.where((g == focus).to_numpy(dtype=bool), 0, np.where((g == reference).to_numpy(dtype=bool), 1, 2))
        at = d.astype(np.intp) * len(l_labels)
        at += lv
        at *= 3
        at += kind
        cube = np.bincount(at, minlength=len(d_labels) * len(l_labels) * 3).reshape(len(d_labels), len(l_labels), 3)
        for with_all_d in (False, True):
            for with_all_l in (False, True):
                cells = cube.sum(axis=tuple(a for a, on in ((0, with_all_d), (1, with_all_l)) if on), keepdims=True)
                for i in range(cells.shape[0]):
                    for j in range(cells.shape[1]):
                        n = cells[i, j]
                        if not n.sum() and not (with_all_d and with_all_l):  # a grouping lists the pairs held
                            continue
                        rows.append({"standard": standard, "focus_label": focus, "reference_label": reference,
                                     "directorate": ALL_DIRECTORATES if with_all_d else d_labels[i],
                                     "level": ALL_LEVELS if with_all_l else l_labels[j],
                                     "n_focus": int(n[0]), "n_reference": int(n[1]), "n_unknown": int(n[2])})
    out = pd.DataFrame(rows).rename(columns={"focus_label": "focus", "reference_label": "reference"})
    out["total"] = out["n_focus"] + out["n_reference"] + out["n_unknown"]
    ci = [wilson(int(x), int(n)) if n else (np.nan, np.nan, np.nan) for x, n in zip(out["n_focus"], out["total"])]
    out["pct_focus"], out["pct_low"], out["pct_high"] = ([c[i] * 100 for c in ci] for i in range(3))
    order = {lvl: i for i, lvl in enumerate((*LEVELS, ALL_LEVELS))}
    out = out.assign(_l=out["level"].map(order), _d=out["directorate"].eq(ALL_DIRECTORATES))
    out = out.sort_values(["standard", "_d", "directorate", "_l"], kind="stable").drop(columns=["_l", "_d"])
    return out.astype({c: "int64" for c in _REP_COUNTS}).reset_index(drop=True)


def _pay_gaps(staff: pd.DataFrame) -> pd.DataFrame:
    directorate = directorate_of(staff)
    # the pay columns as arrays and each comparison's codes found once for the whole staff table; each
    # directorate's people are then positions (table order), not a copy of the table measured again
    pay = PayArrays(staff)
    at = directorate.groupby(directorate, observed=True).indices
    names = _names(directorate)
    full = {name: pay.full[at[name]] for name in names}
    rates = {name: pay.rates[at[name]] for name in names}
    rows = []
    for key, (col, ref, foc) in PAY_COMPARISONS.items():
        groups_of = {g: pay.members(col, g) for g in (ref, foc)}
        for name in names:
            # the directorate's full-pay rates of each group, in table order (as its own table would give them)
            r, f = (rates[name][full[name] & groups_of[g][at[name]]] for g in (ref, foc))
            ci = bootstrap_rates_ci(r, f, n_boot=_N_BOOT)
            row = {"comparison": key, "directorate": name, "reference": ref, "focus": foc,
                   "n_reference": len(r), "n_focus": len(f)}
            for stat, fn in (("mean", mean), ("median", median)):
                row[f"{stat}_reference"], row[f"{stat}_focus"] = fn(r), fn(f)
                row[f"{stat}_gap"] = gap_pct(row[f"{stat}_reference"], row[f"{stat}_focus"])
                row[f"{stat}_gap_low"], row[f"{stat}_gap_high"] = ci[f"{stat}_gap"]
            rows.append({k: (np.nan if v is None else v) for k, v in row.items()})
    return pd.DataFrame(rows).astype({"n_reference": "int64", "n_focus": "int64"})


def _process_entry(data: TrustData) -> pd.DataFrame:
    cases = data.by_year("employee_relations")
    wfs = {y: wf.assign(directorate=directorate_of(wf)) for y, wf in data._workforce.items()}
    frames = []
    heads: dict = {}  # each year's headcount by directorate and group, counted once for both standards
    for standard, (col, focus, reference, case_type) in STANDARDS.items():
        # who entered the process, once per year for both tables (a lookup of identifiers in each headcount)
        entrants = {y: data.entrant_mask(y, [case_type]) for y in wfs}  # the workforce's rows: shared
        for split in ("directorate", None):
            t = wres.process_entry(cases, wfs, [case_type], col, focus, reference, year=data.year, split=split,
                                   entrants=entrants, headcounts=heads)
            t = t.xs("pooled", level="basis").reset_index()
            t["directorate"] = t["subgroup"].replace({"All staff": ALL_DIRECTORATES}) if split is None \
                else t["subgroup"]
            frames.append(t.assign(standard=standard, focus=focus, reference=reference))
    out = pd.concat(frames, ignore_index=True)
    cols = ["standard", "directorate", "years", "focus", "reference", *_PROC_COUNTS, "rl", "low", "high",
            "significant", "within_range"]
    out = out[cols].astype({c: "int64" for c in _PROC_COUNTS})
    return out.astype({"rl": "float64", "low": "float64", "high": "float64"})


def compute(data: TrustData) -> DirectorateResults:
    """Every directorate breakdown of the report year (see the module docstring for the tables)."""
    staff = data.staff()
    if "sex_group" not in staff.columns:  # the pay gap report's grouping of sex (Male / Female / Not recorded)
        staff = staff.assign(sex_group=groups.sex_group(staff["sex"]))
    wf = data.workforce()
    names = tuple(_names(directorate_of(staff)))
    return DirectorateResults(TrustInfo.of(data), representation=_representation(wf), pay_gaps=_pay_gaps(staff),
                              process_entry=_process_entry(data), directorates=names)
