"""Bullying, harassment, discrimination and violence by protected characteristic (HIA 6; metrics.md sections 5, 11).

Pure functions: staff survey results by group with Wilson intervals and gaps to
a reference group (Newcombe), annual rates of cases and incidents per 1,000
staff, reduction targets and their paths, a suggested target from peers, and
the triangulation of survey, cases and incidents for the same groups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from . import groups, survey
from .pay_gaps import track_target
from .stats import newcombe, wilson

__all__ = ["MEASURES", "DIMENSIONS", "survey_table", "survey_rows", "measure_series", "gap_series", "higher_is_better",
           "target_value", "track",
           "suggested_target", "annual_rates", "triangulate"]

#: HIA 6 survey measures in report order: measure -> short label.
MEASURES: dict[str, str] = {
    "harassment_public": "Harassment, bullying or abuse from patients or the public",
    "harassment_managers": "Harassment, bullying or abuse from managers",
    "harassment_colleagues": "Harassment, bullying or abuse from other colleagues",
    "harassment_staff": "Harassment, bullying or abuse from managers or colleagues (either)",
    "harassment_reported": "Last experience of harassment was reported",
    "violence_public": "Physical violence from patients or the public",
    "violence_managers": "Physical violence from managers",
    "violence_colleagues": "Physical violence from other colleagues",
    "discrimination_public": "Discrimination from patients or the public",
    "discrimination_staff": "Discrimination from managers or colleagues",
    "sexual_behaviour_public": "Unwanted sexual behaviour from patients or the public",
    "sexual_behaviour_staff": "Unwanted sexual behaviour from staff",
}

#: Survey group dimensions and the reference group each is compared with.
DIMENSIONS: dict[str, str] = {
    "All staff": "All staff", "Ethnicity": "White", "Ethnicity (Census 5)": "White", "Disability": "Non-disabled", "Sex": "Male",
    "Sexual orientation": "Heterosexual or Straight", "Religion": "Christianity", "Age band": "35-44",
}


def survey_table(results: pd.DataFrame, survey_year: int, measure: str,
                 dimensions: Mapping[str, str] = DIMENSIONS, *, min_base: int = survey.MIN_BASE) -> pd.DataFrame:
    """One measure for every group of every dimension, with the gap to the dimension's reference group.

    Returns
    -------
    pandas.DataFrame
        Index (``dimension``, ``group``): ``responses``, ``positive``, ``pct``, ``low``, ``high``, ``shown``,
        ``reference``, ``gap``, ``gap_low``, ``gap_high`` (pp, Newcombe), ``adverse``, ``significant``.
        Groups below ``min_base`` responses keep their counts but no figures. Measures missing in that
        survey year (e.g. sexual safety before 2023) give an empty table.
    """
    rows = survey_rows(results, survey_year, measure, dimensions, min_base=min_base)
    if not rows:
        return pd.DataFrame()
    out = pd.DataFrame(rows).set_index(["dimension", "group"])
    for col in ("gap", "gap_low", "gap_high"):
        out[col] = out[col].astype(float)
    return out


def survey_rows(results: pd.DataFrame, survey_year: int, measure: str,
                dimensions: Mapping[str, str] = DIMENSIONS, *, min_base: int = survey.MIN_BASE) -> list[dict]:
    """:func:`survey_table`'s rows as dicts (with ``dimension`` and ``group``), in its order; gaps ``None``
    where there is none. Empty when the measure is not asked that year or no dimension has groups.

    The same figures as :func:`edi_analysis.metrics.survey.measure_by_group` and
    :func:`~edi_analysis.metrics.survey.group_gap` per dimension, from the question's few dozen rows read once
    (a report asks for a dozen measures by eight dimensions: tables per dimension were most of its time).
    """
    items = survey.item_map(survey_year)
    if measure not in items:
        return []
    item = items[measure]
    present = results[(results["year"] == survey_year) & (results["question"] == item.question)]
    dims, values = present["group_dimension"].tolist(), present["group_value"].tolist()
    counts = list(zip(present["responses"].tolist(), present["positive_responses"].tolist()))
    no_gap = {"diff": None, "low": None, "high": None, "adverse": None, "significant": None}
    rows = []
    for dim, ref in dimensions.items():
        at = [i for i, d in enumerate(dims) if d == dim]
        if not at:
            continue
        of = {values[i]: counts[i] for i in at}  # a group's counts: its (last) row, as measure_by_group reads them
        by = {g: survey.group_row(item.question, *of[g], min_base=min_base) for g in of}
        for g in (values[i] for i in at):
            gap = survey.gap_between(by[g], by[ref], higher_is=item.higher_is) if ref in by and g != ref else no_gap
            rows.append({"dimension": dim, "group": g, **by[g], "reference": ref, "gap": gap["diff"],
                         "gap_low": gap["low"], "gap_high": gap["high"], "adverse": gap["adverse"],
                         "significant": gap["significant"]})
    return rows


def measure_series(results: pd.DataFrame, measure: str, dimension: str = "All staff",
                   group: str = "All staff") -> pd.DataFrame:
    """A measure for one group in every survey year present: value, Wilson interval, counts (percent).

    Index survey year; ``value``, ``low``, ``high``, ``responses``, ``positive``; years whose base is below
    the minimum have NaN figures.
    """
    rows = {}
    for year in sorted(results["year"].unique()):
        try:
            by = survey.measure_by_group(results, int(year), measure, dimension, [group])
        except (FileNotFoundError, KeyError):
            continue
        r = by.loc[group]
        ok = bool(r["shown"])
        rows[int(year)] = {"value": r["pct"] if ok else np.nan, "low": r["low"] if ok else np.nan,
                           "high": r["high"] if ok else np.nan, "responses": int(r["responses"]),
                           "positive": int(r["positive"])}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "year"
    return out


def gap_series(results: pd.DataFrame, measure: str, dimension: str, focus: str, reference: str) -> pd.DataFrame:
    """Focus minus reference (pp) in every survey year, with the Newcombe interval."""
    f = measure_series(results, measure, dimension, focus)
    r = measure_series(results, measure, dimension, reference)
    rows = {}
    for year in f.index.intersection(r.index):
        if np.isnan(f.loc[year, "value"]) or np.isnan(r.loc[year, "value"]):
            rows[year] = {"value": np.nan, "low": np.nan, "high": np.nan}
            continue
        d, lo, hi = newcombe(int(f.loc[year, "positive"]), int(f.loc[year, "responses"]),
                             int(r.loc[year, "positive"]), int(r.loc[year, "responses"]))
        rows[year] = {"value": d * 100, "low": lo * 100, "high": hi * 100}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "year"
    return out


def higher_is_better(measure: str, survey_years: Sequence[int]) -> bool:
    """The measure's direction from its survey item definition (``higher_is`` in ``nss_items/*.yaml``).

    The latest of ``survey_years`` whose item map has the measure decides; a measure no map defines raises
    ``KeyError`` (a direction is never guessed).
    """
    for year in sorted(survey_years, reverse=True):
        try:
            items = survey.item_map(int(year))
        except FileNotFoundError:
            continue
        if measure in items:
            return items[measure].higher_is == "better"
    raise KeyError(f"{measure}: no survey item map defines it, so its direction (higher_is) is unknown.")


def target_value(spec: Mapping[str, object], baseline: float, *, higher_is_better: bool = False) -> float:
    """The value a target aims at (metrics.md section 11).

    ``target_value`` as given; or ``baseline x (1 - relative_reduction)``; or
    ``baseline x (1 - annual_reduction) ** (target_year - baseline_year)``; for
    a gap target, ``target_gap_pp`` (default 0, parity). A reduction is an
    improvement only where lower is better: for a measure where higher is
    better it raises ``ValueError`` (give ``target_value`` instead).
    """
    if spec.get("type") == "gap":
        return float(spec.get("target_gap_pp", 0.0))  # type: ignore[arg-type]
    if "target_value" in spec:
        return float(spec["target_value"])  # type: ignore[arg-type]
    if higher_is_better and ("relative_reduction" in spec or "annual_reduction" in spec):
        raise ValueError("a reduction target for a measure where higher is better would aim at a worse result; "
                         "give target_value instead.")
    if "relative_reduction" in spec:
        return baseline * (1 - float(spec["relative_reduction"]))  # type: ignore[arg-type]
    if "annual_reduction" in spec:
        years = int(spec["target_year"]) - int(spec["baseline_year"])  # type: ignore[arg-type]
        return baseline * (1 - float(spec["annual_reduction"])) ** years  # type: ignore[arg-type]
    raise ValueError("a target needs target_value, relative_reduction, annual_reduction or type: gap.")


def track(results: pd.DataFrame, spec: Mapping[str, object], *, year_offset: int = 0) -> tuple[pd.DataFrame, float]:
    """Observed values against the straight path from baseline to target, each year rated in the measure's direction.

    ``spec`` keys: ``measure``; ``group`` (``"all staff"`` or ``"<dimension>: <group>"``, e.g.
    ``"Ethnicity: BME"``) or, with ``type: gap``, ``dimension``, ``focus`` and ``reference``;
    ``baseline_year``; ``target_year``; and how the target is set (:func:`target_value`). Years are
    reporting years: the survey fielded in autumn Y-1 reports in year Y (``year_offset=1``). Better is lower or
    higher as the measure's item map says (:func:`higher_is_better`); a gap (focus minus reference) follows its
    measure, and a gap whose whole interval has passed parity is rated ``reversed``.

    Returns
    -------
    tuple
        (:func:`edi_analysis.metrics.targets.track_target` table, target value).
    """
    measure = str(spec["measure"])
    if spec.get("type") == "gap":
        observed = gap_series(results, measure, str(spec["dimension"]), str(spec["focus"]), str(spec["reference"]))
    else:
        group = str(spec.get("group", "all staff"))
        dim, grp = ("All staff", "All staff") if group.lower() == "all staff" else [x.strip() for x in group.split(":", 1)]
        observed = measure_series(results, measure, dim, grp)[["value", "low", "high"]]
    better_up = higher_is_better(measure, [int(y) for y in observed.index])
    observed.index = observed.index + year_offset
    baseline_year = int(spec["baseline_year"])  # type: ignore[arg-type]
    if baseline_year not in observed.index or np.isnan(observed.loc[baseline_year, "value"]):
        raise ValueError(f"no result for {measure} in the baseline year {baseline_year}.")
    target = target_value(spec, float(observed.loc[baseline_year, "value"]), higher_is_better=better_up)
    table = track_target(observed, baseline_year=baseline_year, target_value=target,
                         target_year=int(spec["target_year"]),  # type: ignore[arg-type]
                         higher_is_better=better_up, parity=0.0 if spec.get("type") == "gap" else None)
    return table, target


def suggested_target(value: float, peers: pd.Series, *, years: int = 3, baseline_year: int) -> dict[str, object]:
    """A target a board can adopt: reach the best quartile of similar trusts in ``years`` years.

    The best quartile is the 25th percentile of the peers' values (lower is better). A trust already
    there is offered a 10% reduction instead, so the target still asks for improvement.
    """
    data = peers.dropna().to_numpy(float)
    if len(data) < 4:
        return {"target_value": None, "reason": "fewer than four similar trusts to compare with"}
    best = float(np.percentile(data, 25))
    if value > best:
        target, how = best, f"the best quarter of {len(data)} similar trusts ({best:.1f}%)"
    else:
        target, how = value * 0.9, f"a further 10% reduction (already in the best quarter of {len(data)} similar trusts)"
    return {"target_value": target, "target_year": baseline_year + years, "best_quartile": best,
            "median": float(np.median(data)), "n_peers": len(data), "reason": how}


def annual_rates(cases_by_year: Mapping[int, pd.DataFrame], incidents_by_year: Mapping[int, pd.DataFrame],
                 workforce_by_year: Mapping[int, pd.DataFrame], group_col: str,
                 group_values: Sequence[str]) -> pd.DataFrame:
    """Cases and incidents per 1,000 staff in each financial year, by group.

    Sources: bullying and harassment cases and grievances (``employee_relations``) and violence and
    aggression incidents (``incidents``), each counted by the characteristics recorded with them;
    denominators are the 31 March headcount of each group (bank-only staff excluded).

    Returns
    -------
    pandas.DataFrame
        Index (``year``, ``source``, ``group``): ``events``, ``headcount``, ``rate`` (per 1,000), ``low``,
        ``high`` (Wilson, per 1,000; events above the headcount are allowed for incidents and leave no interval).
    """
    column = {"ethnicity": "ethnic_code", "disability_status": "disability"}[group_col]
    rows = []
    for year, wf in sorted(workforce_by_year.items()):
        sources = []
        er = cases_by_year.get(year)
        if er is not None:  # only the column read, of each kind's cases
            sources += [(source, er.loc[er["case_type"].eq(kind).fillna(False).to_numpy(dtype=bool), column])
                        for source, kind in (("Bullying and harassment cases", "bullying-harassment"),
                                             ("Grievances", "grievance"))]
        inc = incidents_by_year.get(year)
        if inc is not None:
            sources.append(("Violence and aggression incidents", inc[column]))
        # each group's headcount once a year (the same denominator for every source)
        heads = {value: int((wf[group_col] == value).sum()) for value in group_values}
        for source, values in sources:
            # categorical: each event's group compared by integer code, no label made per event
            g = (groups.ethnic_binary(values, categorical=True) if group_col == "ethnicity"
                 else groups.disability_group(values, categorical=True))
            for value in group_values:
                n = heads[value]
                x = int((g == value).sum())
                lo = hi = np.nan
                if n and x <= n:
                    _, lo, hi = wilson(x, n)
                rows.append({"year": year, "source": source, "group": value, "events": x, "headcount": n,
                             "rate": x / n * 1000 if n else np.nan, "low": lo * 1000, "high": hi * 1000})
    return pd.DataFrame(rows).set_index(["year", "source", "group"])


def triangulate(survey_rows: pd.DataFrame, rates: pd.DataFrame, year: int, dimension: str, focus: str,
                reference: str) -> pd.DataFrame:
    """Survey results, local cases and incidents for one pair of groups, side by side, with focus/reference ratios.

    Parameters
    ----------
    survey_rows
        Measure -> :func:`survey_table` output for that year.
    rates
        :func:`annual_rates` output.

    Returns
    -------
    pandas.DataFrame
        One row per source; columns ``focus``, ``reference``, ``ratio`` (focus / reference), ``unit``,
        ``kind`` (survey or records) and the event counts.
    """
    rows = []
    for measure, table in survey_rows.items():
        if table.empty or (dimension, focus) not in table.index or (dimension, reference) not in table.index:
            continue
        f, r = table.loc[(dimension, focus)], table.loc[(dimension, reference)]
        ok = bool(f["shown"]) and bool(r["shown"])
        rows.append({"source": f"Staff survey: {MEASURES.get(measure, measure)}", "focus": f["pct"] if ok else np.nan,
                     "reference": r["pct"] if ok else np.nan, "unit": "% of respondents", "kind": "survey",
                     "focus_events": int(f["positive"]), "reference_events": int(r["positive"])})
    if year in rates.index.get_level_values("year"):
        for source in dict.fromkeys(rates.loc[year].index.get_level_values("source")):
            block = rates.loc[(year, source)]
            if focus in block.index and reference in block.index:
                rows.append({"source": source, "focus": block.loc[focus, "rate"], "reference": block.loc[reference, "rate"],
                             "unit": "per 1,000 staff a year", "kind": "records",
                             "focus_events": int(block.loc[focus, "events"]),
                             "reference_events": int(block.loc[reference, "events"])})
    out = pd.DataFrame(rows).set_index("source") if rows else pd.DataFrame(
        columns=["focus", "reference", "unit", "kind", "focus_events", "reference_events"])
    out["ratio"] = out["focus"] / out["reference"].where(out["reference"] > 0)
    return out
