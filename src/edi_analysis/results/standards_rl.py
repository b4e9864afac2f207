"""WRES indicators 2-4 and WDES metrics 2-3 as one tidy table of relative likelihoods (metrics.md sections 2-4, 8).

Every row holds both groups' own counts under their own names (``focus_*`` is always the group the
standard protects, or the chosen comparison's focus group; ``reference_*`` the comparison group), the
relative likelihood in the standard's orientation (``numerator`` says which group's rate is on top), its
Katz 95% interval and the 0.80-1.25 reading. Indicators 2 and 4 put the reference group on top (above 1:
the reference group is more likely to be appointed or trained); indicator 3 puts the focus group on top
(above 1: the focus group is more likely to enter the formal process). Either way, above 1 is adverse.

All the counts of one indicator live in this one table, so that every sum a reader could use (subgroups
add to the aggregate, the pooled window adds its single years, Census 2021 groups add to BME, a
subgroup compared with the whole reference group repeats the aggregate's reference counts, indicator 4's
headcounts are indicator 3's single-year headcounts) is declared to the disclosure policy here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, Same, Spec
from ..io.contract import STAFF_GROUPS
from ..metrics import groups, wres
from ..metrics.stats import rl_summary

__all__ = ["ALL_STAFF", "CENSUS_GROUPS", "RL_COLUMNS", "likelihood_spec", "likelihoods", "rl_row"]

ALL_STAFF = "All staff"
#: Census 2021 groups that make up BME (metrics.md section 1); each is compared with White.
CENSUS_GROUPS: tuple[str, ...] = ("Asian", "Black", "Mixed", "Other")
#: Subgroup labels for people whose staff group or recruitment route is not known (unique across splits).
NOT_KNOWN = {"staff_group": "Staff group not known", "route": "Route not recorded"}
COUNTS = ("focus_events", "focus_n", "reference_events", "reference_n")
RL_COLUMNS = ("indicator", "focus", "reference", "numerator", "split", "subgroup", "basis", "years", "in_window",
              *COUNTS,
              "rl", "low", "high", "within_range", "significant", "dropped")
_KEY = ("indicator", "focus", "reference", "years")


def rl_row(indicator: str, focus: str, reference: str, numerator: str, fe: int, fn: int, re_: int, rn: int, *,
           split: str = "all", subgroup: str = ALL_STAFF, basis: str = "year", years: str = "",
           in_window: bool = False, dropped: float = np.nan) -> dict[str, object]:
    """One row: each group's own counts and the ratio with the rate of ``numerator`` ("focus"/"reference") on top."""
    s = rl_summary(fe, fn, re_, rn) if numerator == "focus" else rl_summary(re_, rn, fe, fn)
    nan = np.nan
    return {"indicator": indicator, "focus": focus, "reference": reference, "numerator": numerator, "split": split,
            "subgroup": subgroup, "basis": basis, "years": years, "in_window": in_window, "focus_events": fe, "focus_n": fn,
            "reference_events": re_, "reference_n": rn, "rl": nan if s["rl"] is None else s["rl"],
            "low": nan if s["low"] is None else s["low"], "high": nan if s["high"] is None else s["high"],
            "within_range": s["within_range"], "significant": s["significant"] if s["rl"] is not None else None,
            "dropped": dropped}


def _col(focus: str, reference: str) -> str | None:
    """The workforce column that holds both groups, or None when the pair mixes the binary and Census levels."""
    if {focus, reference} <= {"BME", "White"}:
        return "ethnicity"
    if {focus, reference} <= set(groups.CENSUS5):
        return "ethnicity_census5"
    if {focus, reference} <= {"Disabled", "Non-disabled"}:
        return "disability_status"
    return None


def likelihoods(data, cfg: Mapping, pairs: Sequence[tuple[str, str]]) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Indicators 2, 3 (and 4) for the statutory pair every year, and for ``pairs`` and the subgroups in the report year.

    Returns the table and notes on comparisons that could not be made.
    """
    year, years = data.year, data.years
    wf = {y: data.workforce(y) for y in years}
    er = data.by_year("employee_relations")
    window = [y for y in years if y <= year][-data.params.rl_window_years:]
    pooled = f"{window[0]}-{window[-1]}" if len(window) > 1 else str(year)
    focus, ref = cfg["focus"], cfg["reference"]
    notes: list[str] = []
    rows: list[dict] = []
    extra = [p for p in pairs if tuple(p) != (focus, ref)]
    if cfg["census"]:
        extra = [(g, "White") for g in CENSUS_GROUPS] + [p for p in extra if tuple(p) not in
                                                          {(g, "White") for g in CENSUS_GROUPS}]
    usable = []
    for f, r in extra:
        if _col(f, r) is None:
            notes.append(f"{f} against {r}: one group contains the other, so they are not compared.")
        else:
            usable.append((f, r))

    # Indicator 2: appointment from shortlisting (reference group's rate on top).
    def appointment(y: int, f: str, r: str) -> dict:
        a = wres.appointment_likelihood(data.table("recruitment", y), _col(f, r), r, f)
        return rl_row("2", f, r, "reference", a["reference_events"], a["reference_n"], a["focus_events"],
                      a["focus_n"], years=str(y), dropped=a["dropped"])
    rows += [appointment(y, focus, ref) for y in years]
    rows += [appointment(year, f, r) for f, r in usable]

    # Indicator 3: entry to the formal process, each window year and pooled; subgroups likewise.
    # Who entered is found once per year and shared by every comparison (a pass over each headcount).
    entrants = {y: data.entrant_mask(y, cfg["process"]) for y in years}  # shared with the directorates report
    heads: dict = {}  # each year's headcount by subgroup and group, counted once for every comparison

    def process(f: str, r: str, split: str | None = None, y_list: Sequence[int] = window) -> list[dict]:
        out = []
        col = _col(f, r)
        spans = [(y, 1, str(y)) for y in y_list] + ([(year, len(window), pooled)] if len(window) > 1 else [])
        for y, w, label in spans:
            t = wres.process_entry(er, wf, cfg["process"], col, f, r, year=y, window=w, split=split,
                                   split_focus_only=(split == "route"), entrants=entrants, headcounts=heads)
            if t.empty:  # no focus-group members in any subgroup (a very small trust): nothing to compare
                continue
            t = t.xs("single year" if w == 1 else "pooled", level="basis")
            basis = "pooled" if w > 1 else "year"
            part = [rl_row("3", f, r, "focus", int(v["focus_events"]), int(v["focus_n"]), int(v["reference_events"]),
                           int(v["reference_n"]), split=split or "all",
                           subgroup=_sub(split, str(sub)), basis=basis, years=label, in_window=y in window)
                    for sub, v in t.iterrows()]
            out += part
        return out

    rows += process(focus, ref, y_list=[y for y in years if y not in window] + window)
    for split in ("staff_group", "route"):
        rows += process(focus, ref, split)
    for f, r in usable:
        rows += process(f, r)

    # Indicator 4: non-mandatory training (reference group's rate on top).
    if cfg["training"]:
        access: dict[int, tuple] = {}  # who took part, once per year for every comparison

        def training(y: int, f: str, r: str, split: str | None = None) -> list[dict]:
            if y not in access:
                access[y] = data.training_access(y)  # shared by WRES and WDES
            t = wres.training_likelihood(data.table("training", y), wf[y], _col(f, r), r, f, split=split,
                                         access=access[y])
            return [rl_row("4", f, r, "reference", int(v["reference_events"]), int(v["reference_n"]),
                           int(v["focus_events"]), int(v["focus_n"]), split=split or "all",
                           subgroup=_sub(split, str(sub)), years=str(y)) for sub, v in t.iterrows()]
        for y in years:
            rows += training(y, focus, ref)
        rows += training(year, focus, ref, "staff_group")
        for f, r in usable:
            rows += training(year, f, r)
    frame = add_residuals(pd.DataFrame(rows, columns=list(RL_COLUMNS)))
    for c in COUNTS:
        frame[c] = frame[c].astype(int)
    return frame, tuple(notes)


def _sub(split: str | None, label: str) -> str:
    if split is None:
        return ALL_STAFF
    return NOT_KNOWN[split] if label == groups.UNKNOWN else label


def add_residuals(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of "not known" subgroups so that every split's rows add exactly to the aggregate's counts.

    ``process_entry`` places each person by their own record in that year's headcount; people whose subgroup
    is not recorded there are in the aggregate but in no subgroup row. Declaring the subgroups' sum to the
    disclosure policy needs the sum to be exact.
    """
    frame = frame.copy()
    out = [frame]
    agg = frame[frame["split"] == "all"].set_index(["indicator", "focus", "reference", "years"])
    for split, label in NOT_KNOWN.items():
        part = frame[frame["split"] == split]
        if part.empty:
            continue
        cols = ["focus_events", "focus_n"] if split == "route" else list(COUNTS)
        sums = part.groupby(["indicator", "focus", "reference", "years"], sort=False)[cols].sum()
        for key, s in sums.iterrows():
            a = agg.loc[key]
            diff = {c: int(a[c] - s[c]) for c in cols}
            if not any(diff.values()):
                continue
            have = part[(part["subgroup"] == label) & (part[["indicator", "focus", "reference", "years"]]
                                                       .apply(tuple, axis=1) == key)]
            if len(have):  # the subgroup exists (e.g. route not recorded for some staff): add to it
                idx = have.index[0]
                r = frame.loc[idx]
                new = {c: int(r[c]) + diff.get(c, 0) for c in COUNTS}
                frame.loc[idx, list(RL_COLUMNS)] = pd.Series(rl_row(
                    r["indicator"], r["focus"], r["reference"], r["numerator"], new["focus_events"], new["focus_n"],
                    new["reference_events"], new["reference_n"], split=split, subgroup=label, basis=r["basis"],
                    years=r["years"], in_window=r["in_window"]))
                continue
            first = part[part[["indicator", "focus", "reference", "years"]].apply(tuple, axis=1) == key].iloc[0]
            ref = (int(a["reference_events"]), int(a["reference_n"])) if split == "route" else (
                diff["reference_events"], diff["reference_n"])
            out.append(pd.DataFrame([rl_row(key[0], key[1], key[2], first["numerator"], diff["focus_events"],
                                            diff["focus_n"], *ref, split=split, subgroup=label,
                                            basis=first["basis"], years=key[3], in_window=first["in_window"])]))
    return pd.concat(out, ignore_index=True)


def likelihood_spec(focus: str, reference: str, census: bool) -> Spec:
    """The disclosure spec of the table: counts, the ratio and its interval, every sum between rows, and the
    rows that repeat a group's counts (:func:`pair_repeats`)."""
    sums: list[ColSum] = []
    fc, rc = ("focus_events", "focus_n"), ("reference_events", "reference_n")
    staff_groups = (*STAFF_GROUPS, NOT_KNOWN["staff_group"])
    routes = ("UK-recruited", "Internationally recruited", NOT_KNOWN["route"])
    sums.append(ColSum(label="subgroup", total=ALL_STAFF, parts=staff_groups, within=_KEY))
    sums.append(ColSum(label="subgroup", total=ALL_STAFF, parts=routes, within=_KEY, columns=fc))
    # each route is compared with the whole reference group: the same cells as the aggregate's
    sums += [ColSum(label="subgroup", total=ALL_STAFF, parts=(r,), within=_KEY, columns=rc) for r in routes]
    # the pooled window is the sum of its single years
    sums.append(ColSum(label="basis", total="pooled", parts=("year",),
                       within=("indicator", "focus", "reference", "split", "subgroup", "in_window")))
    if census:
        within = ("indicator", "reference", "split", "subgroup", "years")
        sums.append(ColSum(label="focus", total=focus, parts=CENSUS_GROUPS, within=within, columns=fc))
        sums += [ColSum(label="focus", total=focus, parts=(g,), within=within, columns=rc) for g in CENSUS_GROUPS]
    # the interval and readings follow the same rule as the ratio (they exist even when the ratio does not)
    rule = Derived(of=COUNTS, events=("focus_events", "reference_events"), bases=("focus_n", "reference_n"))
    return Spec(counts=(*COUNTS, "dropped"), derived=dict.fromkeys(("rl", "low", "high", "within_range",
                                                                     "significant"), rule),
                col_sums=tuple(sums), same=(*pair_repeats(reference), _TRAINING_HEADCOUNTS))


# indicator 4's headcounts are indicator 3's single-year headcounts: one cell, hidden together
_TRAINING_HEADCOUNTS = Same("likelihoods", {"focus_n": "focus_n", "reference_n": "reference_n"},
                            on={c: c for c in ("focus", "reference", "split", "subgroup", "basis", "years")},
                            where={"indicator": "3"}, this={"indicator": "4"})


def pair_repeats(reference: str) -> tuple[Same, ...]:
    """A chosen comparison repeats its groups' counts from the rows against the standard's reference group.

    Black against Asian repeats the Black counts of the Census 2021 row Black against White and the Asian counts
    of Asian against White; Non-disabled against Disabled repeats the statutory row with the roles swapped. Each
    side of a row is matched to the rows against ``reference`` (same indicator, years, basis and subgroup) whose
    focus or reference group it is: one count, one mask. (A row against ``reference`` matches itself or a row
    with the same reference counts, which changes nothing.)
    """
    key = {c: c for c in ("indicator", "years", "basis", "split", "subgroup")}
    home = {"reference": reference}
    return tuple(Same("likelihoods", {f"{side}_events": f"{other}_events", f"{side}_n": f"{other}_n"},
                      on={**key, side: other}, where=home)
                 for side in ("focus", "reference") for other in ("focus", "reference"))
