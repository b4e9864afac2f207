"""HIA 6 targets: the params targets tracked year by year, and suggested targets from similar trusts.

Split from :mod:`edi_analysis.results.harassment` to keep modules short. Targets follow metrics.md
section 11 (:func:`edi_analysis.metrics.harassment.track`): a straight path from the baseline to the
target, each survey year rated against it. Each row carries the survey counts its figures come from, so
the disclosure policy can hide a figure whose base is under the survey base.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..disclosure import Derived, Same, Spec
from ..metrics import benchmark, harassment

__all__ = [
    "KEY_MEASURES",
    "NATIONAL_COLUMNS",
    "NATIONAL_SPEC",
    "TARGETS_COLUMNS",
    "TARGETS_SPEC",
    "national_table",
    "targets_table",
]

#: Measures a suggested target is offered for when the trust has set none (EDI plan success metrics 6a, 6b).
KEY_MEASURES: tuple[str, ...] = ("harassment_managers", "harassment_colleagues", "discrimination_staff",
                                 "violence_public")

TARGETS_COLUMNS = ["target", "measure", "kind", "dimension", "group", "reference", "baseline_year", "target_year",
                   "year", "responses", "positive", "ref_responses", "ref_positive", "base_responses",
                   "base_positive", "base_ref_responses", "base_ref_positive", "value", "low", "high", "milestone",
                   "target_value", "higher_is_better", "status", "met"]
NATIONAL_COLUMNS = ["measure", "survey_year", "responses", "positive", "pct", "peer_year", "peer_n", "peer_median",
                    "peer_best_quartile", "pct_lower", "targeted", "target_value", "target_year", "basis"]

_BASE = {"base": "survey_base"}
TARGETS_SPEC = Spec(
    counts=("responses", "ref_responses", "base_responses", "base_ref_responses"),
    derived={**{p: Derived(of=(n,), bases=(n,), **_BASE) for p, n in (
                ("positive", "responses"), ("ref_positive", "ref_responses"), ("base_positive", "base_responses"),
                ("base_ref_positive", "base_ref_responses"))},
             **{c: Derived(of=("positive", "responses", "ref_positive", "ref_responses"),
                           bases=("responses", "ref_responses"), **_BASE) for c in ("value", "low", "high")},
             **{c: Derived(of=("base_positive", "base_responses", "base_ref_positive", "base_ref_responses"),
                           bases=("base_responses", "base_ref_responses"), **_BASE)
                for c in ("milestone", "target_value")},
             "status": Derived(of=("value", "low", "high", "milestone")),
             "met": Derived(of=("value", "milestone"))},
    # Every count here repeats a survey count: the current year's the survey table's, a baseline's the baseline
    # row's, a level target's reference its own group, and targets about the same group the same counts.
    same=(Same("survey", {"responses": "responses"},
               on={"measure": "measure", "dimension": "dimension", "group": "group", "year": "survey_year"}),
          Same("survey", {"ref_responses": "responses"},
               on={"measure": "measure", "dimension": "dimension", "reference": "group", "year": "survey_year"}),
          Same("targets", {"ref_responses": "responses"}, on={"target": "target", "year": "year"},
               where={"kind": "level"}),
          Same("targets", {"base_responses": "responses", "base_ref_responses": "ref_responses"},
               on={"target": "target", "baseline_year": "year"}),
          Same("targets", {"responses": "responses"},
               on={"measure": "measure", "dimension": "dimension", "group": "group", "year": "year"}),
          Same("targets", {"ref_responses": "responses"},
               on={"measure": "measure", "dimension": "dimension", "reference": "group", "year": "year"}),
          Same("targets", {"ref_responses": "ref_responses"},
               on={"measure": "measure", "dimension": "dimension", "reference": "reference", "year": "year"},
               where={"kind": "gap"})),
)
NATIONAL_SPEC = Spec(
    counts=("responses",),
    derived={"positive": Derived(of=("responses",), bases=("responses",), **_BASE),
             "pct": Derived(of=("positive", "responses"), bases=("responses",), **_BASE),
             **{c: Derived(of=("pct",)) for c in ("pct_lower", "target_value", "basis")}},
    # The trust's figure is the survey table's All staff row.
    same=(Same("survey", {"responses": "responses"}, on={"measure": "measure", "survey_year": "survey_year"},
               where={"dimension": "All staff", "group": "All staff"}),),
)


def _where(spec: Mapping[str, object]) -> tuple[str, str, str | None]:
    """(dimension, group, reference or None) a target is about."""
    if spec.get("type") == "gap":
        return str(spec["dimension"]), str(spec["focus"]), str(spec["reference"])
    group = str(spec.get("group", "all staff"))
    if group.lower() == "all staff":
        return "All staff", "All staff", None
    dim, grp = (x.strip() for x in group.split(":", 1))
    return dim, grp, None


def targets_table(results: pd.DataFrame, specs: Sequence[Mapping[str, object]]) -> tuple[pd.DataFrame, list[str]]:
    """Each params target (``hia6_targets``) year by year against its path, and the targets that could not be tracked.

    Returns
    -------
    tuple
        A table with columns :data:`TARGETS_COLUMNS`, one row per target and survey year from the baseline:
        ``target`` (int, position in params), ``measure``, ``kind`` (``"level"`` or ``"gap"``), ``dimension``,
        ``group``, ``reference`` (str; empty for a level target), ``baseline_year``, ``target_year``, ``year``
        (int, survey years), ``responses``, ``positive`` (int, the group's survey counts that year),
        ``ref_responses``, ``ref_positive`` (the reference group's; a level target repeats its own),
        ``base_*`` (the same four in the baseline year), ``value``, ``low``, ``high`` (float, % or pp with
        95% interval), ``milestone`` (float, the path, held at the target after the target year),
        ``target_value`` (float), ``higher_is_better`` (bool, the measure's direction from its survey item map:
        a gap follows its measure), ``status`` (``on_track``, ``behind_within_uncertainty``, ``off_track``,
        ``reversed``: a gap target whose interval has wholly passed parity; ``insufficient_data``), ``met`` (bool,
        the estimate at the target or better: early when before the target year);
        and one message per target that could not be tracked.
    """
    rows, problems = [], []
    for i, spec in enumerate(specs):
        try:
            table, value = harassment.track(results, spec)
            better_up = harassment.higher_is_better(str(spec["measure"]), [int(y) for y in results["year"].unique()])
            dim, grp, ref = _where(spec)
            own = harassment.measure_series(results, str(spec["measure"]), dim, grp)
            other = harassment.measure_series(results, str(spec["measure"]), dim, ref) if ref else own
        except (ValueError, KeyError, FileNotFoundError) as exc:
            problems.append(f"{spec.get('measure')}: {exc}")
            continue
        base = int(spec["baseline_year"])  # type: ignore[arg-type]
        for year, r in table.iterrows():
            rows.append({"target": i, "measure": str(spec["measure"]), "kind": "gap" if ref else "level",
                         "dimension": dim, "group": grp, "reference": ref or "", "baseline_year": base,
                         "target_year": int(spec["target_year"]), "year": int(year),  # type: ignore[arg-type]
                         "responses": own.loc[year, "responses"], "positive": own.loc[year, "positive"],
                         "ref_responses": other.loc[year, "responses"], "ref_positive": other.loc[year, "positive"],
                         "base_responses": own.loc[base, "responses"], "base_positive": own.loc[base, "positive"],
                         "base_ref_responses": other.loc[base, "responses"],
                         "base_ref_positive": other.loc[base, "positive"],
                         "value": r["value"], "low": r["low"], "high": r["high"], "milestone": r["milestone"],
                         "target_value": float(value), "higher_is_better": better_up, "status": r["status"],
                         "met": bool(r["met"])})
    return pd.DataFrame(rows, columns=TARGETS_COLUMNS), problems


def national_table(survey: pd.DataFrame, national: pd.DataFrame | None, params, survey_year: int) -> pd.DataFrame:
    """The trust's All staff figures beside similar trusts' (same type, latest national year up to
    ``survey_year``), and a suggested target for each key measure the trust has set no target for.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`NATIONAL_COLUMNS`: ``measure``, ``survey_year``, ``responses``, ``positive`` (int),
        ``pct`` (float, %), ``peer_year`` (int), ``peer_n`` (int, similar trusts with a result),
        ``peer_median``, ``peer_best_quartile`` (float, %, public national figures), ``pct_lower`` (float,
        % of similar trusts below this trust, mid-rank; missing with fewer than four), ``targeted`` (bool,
        params set a target for it), ``target_value`` (float, %), ``target_year`` (int), ``basis``
        (``"best_quartile"`` or ``"further_reduction"``; missing when no suggestion is made). Empty without
        national data.
    """
    if national is None or national.empty:
        return pd.DataFrame(columns=NATIONAL_COLUMNS)
    latest = min(survey_year, int(national["survey_year"].max()))
    peers = national[(national["survey_year"] == latest) & (national["trust_type"] == params.trust_type)]
    targeted = {str(t.get("measure")) for t in params.hia6_targets}
    rows = []
    everyone = survey[(survey["dimension"] == "All staff") & (survey["group"] == "All staff")]
    for _, r in everyone.iterrows():
        m = r["measure"]
        if m not in peers.columns:
            continue
        values = peers[m].dropna()
        row = {"measure": m, "survey_year": survey_year, "responses": r["responses"], "positive": r["positive"],
               "pct": r["pct"], "peer_year": latest, "peer_n": len(values),
               "peer_median": float(np.median(values)) if len(values) else np.nan,
               "peer_best_quartile": float(np.percentile(values, 25)) if len(values) else np.nan,
               "pct_lower": np.nan, "targeted": m in targeted, "target_value": np.nan, "target_year": np.nan,
               "basis": None}
        enough = len(values) >= 4 and pd.notna(r["pct"])
        if enough:
            row["pct_lower"] = benchmark.position(float(r["pct"]), values).pct_lower
        if enough and m in KEY_MEASURES and m not in targeted:
            s = harassment.suggested_target(float(r["pct"]), values, baseline_year=survey_year)
            if s.get("target_value") is not None:
                row.update(target_value=s["target_value"], target_year=s["target_year"],
                           basis="best_quartile" if float(r["pct"]) > float(s["best_quartile"]) else "further_reduction")
        rows.append(row)
    return pd.DataFrame(rows, columns=NATIONAL_COLUMNS)
