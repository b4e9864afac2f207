"""The bullying, harassment, discrimination and violence report (EDI Improvement Plan high impact action 6).

:func:`build` gathers the staff survey results by group for every year, the
trust's own cases and incidents, national peers and the targets in params; the
view functions give ``notebooks/bullying_harassment.ipynb`` what it shows, led
by the three findings that most need a board's attention.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .metrics import benchmark, harassment, trends, wres
from .views import charts, display
from . import io as inputs
from .disclosure.legacy import suppress
from .metrics.survey import MIN_BASE, check_item_map
from .trends_report import Series, make_series

__all__ = ["HarassmentReport", "build", "title", "so_what", "overview_table", "group_table", "targets_view",
           "quarterly_charts", "triangulation_table", "KEY_MEASURES"]

#: Measures a suggested target is offered for when the trust has set none (EDI plan success metrics 6a, 6b).
KEY_MEASURES: tuple[str, ...] = ("harassment_managers", "harassment_colleagues", "discrimination_staff", "violence_public")
_STATUS_WORDS = {"on_track": "on track", "behind_within_uncertainty": "behind the path, within the uncertainty",
                 "off_track": "off track", "insufficient_data": "not yet judged (too little data)"}


@dataclass(frozen=True)
class HarassmentReport:
    """Everything the HIA 6 report shows."""

    params: inputs.TrustParams
    year: int
    survey_year: int
    results: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    targets: tuple[tuple[dict, pd.DataFrame, float], ...]
    target_problems: tuple[str, ...]
    suggestions: dict[str, dict]
    peers: pd.DataFrame | None
    national_problem: str | None
    rates: dict[str, pd.DataFrame]
    quarterly: dict[str, Series]
    map_problems: tuple[str, ...]
    mode: str
    min_count: int

    @property
    def internal(self) -> bool:
        return self.mode == "internal"


def build(trust_code: str, year: int, *, params_dir: str | Path = "../params", data_dir: str | Path | None = None,
          sdc_mode: str | None = None) -> HarassmentReport:
    """Load survey results, cases, incidents and snapshots up to ``year`` and compute every view's figures."""
    settings = inputs.report_settings(trust_code, year, params_dir=params_dir, data_dir=data_dir, sdc_mode=sdc_mode)
    params, mode, min_count, years = settings.params, settings.mode, settings.min_count, list(settings.years)
    surveys = inputs.load_years(params.data_dir, years, "staff_survey", strict_codes=params.strict_codes)
    results = pd.concat(surveys.values(), ignore_index=True)
    survey_year = year - 1
    problems: list[str] = []
    for y in sorted(results["year"].unique()):
        try:
            problems += check_item_map(results, int(y))
        except FileNotFoundError as exc:
            problems.append(str(exc))
    tables = {m: harassment.survey_table(results, survey_year, m) for m in harassment.MEASURES}
    tables = {m: t for m, t in tables.items() if not t.empty}

    targets, target_problems = [], []
    for spec in params.hia6_targets:
        try:
            table, value = harassment.track(results, spec)
            targets.append((dict(spec), table, value))
        except (ValueError, KeyError, FileNotFoundError) as exc:
            target_problems.append(f"{spec.get('measure')}: {exc}")

    peers, national_problem = None, None
    if params.reference_data is None:
        national_problem = "No national data is configured: set 'reference_data' in the params file."
    else:
        try:
            nat = inputs.read_national_nss(params.reference_data)
            latest = min(survey_year, int(nat["survey_year"].max()))
            peers = nat[(nat["survey_year"] == latest) & (nat["trust_type"] == params.trust_type)]
        except inputs.InputError as err:
            national_problem = err.problems[0].message
    suggestions = {}
    targeted = {str(t.get("measure")) for t in params.hia6_targets}
    for m in KEY_MEASURES:
        if m in targeted or m not in tables or peers is None or m not in peers.columns:
            continue
        all_staff = tables[m].loc[("All staff", "All staff")] if ("All staff", "All staff") in tables[m].index else None
        if all_staff is None or not all_staff["shown"]:
            continue
        suggestions[m] = harassment.suggested_target(float(all_staff["pct"]), peers[m], baseline_year=survey_year)
        suggestions[m]["baseline"] = float(all_staff["pct"])
        suggestions[m]["peer_year"] = int(peers["survey_year"].iloc[0]) if len(peers) else None

    data = {y: inputs.load_year(params.data_dir, y, ["staff", "employee_relations"], strict_codes=params.strict_codes)
            for y in years}
    wf = {y: wres.workforce(d["staff"]) for y, d in data.items()}
    er = {y: d["employee_relations"] for y, d in data.items()}
    incidents = inputs.load_years(params.data_dir, years, "incidents", strict_codes=params.strict_codes)
    rates = {
        "Ethnicity": harassment.annual_rates(er, incidents, wf, "ethnicity", ["BME", "White"]),
        "Disability": harassment.annual_rates(er, incidents, wf, "disability_status", ["Disabled", "Non-disabled"]),
    }
    quarterly: dict[str, Series] = {}
    snaps = inputs.load_years(params.data_dir, years, "staff_snapshots", strict_codes=params.strict_codes)
    if snaps:
        snapshots = pd.concat(snaps.values(), ignore_index=True)
        all_er = pd.concat(er.values(), ignore_index=True)
        for characteristic, values in (("ethnicity", ("BME", "White")), ("disability", ("Disabled", "Non-disabled"))):
            for value in values:
                if incidents:
                    inc = pd.concat(incidents.values(), ignore_index=True)
                    d = trends.entry_rate_series(inc, snapshots, None, characteristic, [value], date_col="incident_date")
                    quarterly[f"incidents_{value}"] = make_series(
                        f"incidents_{value}", f"Violence and aggression incidents: {value} staff", "incidents per 1,000 staff",
                        "decrease", d, mode, min_count)
                for kind, case_type, label in (("cases", "bullying-harassment", "Bullying and harassment cases"),
                                               ("grievances", "grievance", "Grievances")):
                    d = trends.entry_rate_series(all_er, snapshots, [case_type], characteristic, [value])
                    quarterly[f"{kind}_{value}"] = make_series(
                        f"{kind}_{value}", f"{label}: {value} staff", "cases per 1,000 staff", "decrease", d, mode,
                        min_count)
    return HarassmentReport(params, year, survey_year, results, tables, tuple(targets), tuple(target_problems),
                            suggestions, peers, national_problem, rates, quarterly, tuple(dict.fromkeys(problems)),
                            mode, min_count)


def title(rep: HarassmentReport) -> display.Html:
    """Report title."""
    return display.title(f"Bullying, harassment, discrimination and violence {rep.year}", rep.params.trust_name,
                         f"Staff survey {rep.survey_year}; the trust's own records to 31 March {rep.year} · "
                         f"{rep.params.trust_type} trust", synthetic=rep.params.synthetic, internal=rep.internal)


def _label(measure: str) -> str:
    return harassment.MEASURES.get(measure, measure)


def _candidates(rep: HarassmentReport) -> list[dict]:
    found = []
    for measure, table in rep.tables.items():
        for (dim, group), row in table.iterrows():
            if dim == "All staff" or not row["shown"] or not row["significant"] or not row["adverse"]:
                continue
            ref = table.loc[(dim, row["reference"])]
            # Rank on the end of the interval nearest zero, so a robust gap outranks a large but noisy one.
            conservative = row["gap_low"] if row["gap"] > 0 else -row["gap_high"]
            found.append({
                "key": ("survey", measure), "score": float(conservative),
                "title": f"{_label(measure)}: {group} ({dim.lower()})",
                "evidence": (f"{row['pct']:.1f}% of {group} respondents against {ref['pct']:.1f}% of {row['reference']} "
                             f"respondents (difference {row['gap']:+.1f} pp, 95% interval {row['gap_low']:+.1f} to "
                             f"{row['gap_high']:+.1f}) in the {rep.survey_year} staff survey."),
                "question": f"What is being done about this for {group} staff, and what result would show the board it "
                            "is working by next year's survey?"})
    for spec, table, target in rep.targets:
        last = table.iloc[-1]
        if last["status"] == "off_track":
            found.append({
                "key": ("target", spec["measure"]), "score": 20 + float(last["value"] - last["milestone"]),
                "title": f"Target off track: {_label(str(spec['measure']))}",
                "evidence": (f"{last['value']:.1f} in {table.index[-1]} against a milestone of {last['milestone']:.1f} on "
                             f"the way to {target:.1f} by {spec['target_year']}; the whole 95% interval "
                             f"({last['low']:.1f} to {last['high']:.1f}) is above the path."),
                "question": "Is the plan behind this target being delivered and resourced, and does the target need "
                            "a different plan rather than a different number?"})
    for key, s in rep.quarterly.items():
        if s.result is not None and str(s.result.summary["variation_icon"]).startswith("concern"):
            found.append({
                "key": ("spc", key), "score": 15, "title": f"Rising: {s.title}",
                "evidence": f"The latest quarter signals special cause variation of concern (latest {s.latest()}).",
                "question": "What changed, and is the rise in harm or in reporting?"})
    return sorted(found, key=lambda c: -c["score"])


def so_what(rep: HarassmentReport, n: int = 3) -> display.Html:
    """The three findings that most need a board's attention, each with its evidence and a question to ask."""
    chosen, seen = [], set()
    for c in _candidates(rep):
        if c["key"] in seen:
            continue
        seen.add(c["key"])
        chosen.append(c)
        if len(chosen) == n:
            break
    if not chosen:
        return display.findings(["No group reports a significantly worse experience, no target is off track and no "
                                 "quarterly series signals a concern. Keep the measures under review: absence of a "
                                 "signal is not evidence of safety, especially for small groups."], heading="So what")
    items = [f"{c['title'][0].upper()}{c['title'][1:]}. {c['evidence']} Board question: {c['question']}" for c in chosen]
    return display.findings(items, heading="So what: three findings for the board")


def overview_table(rep: HarassmentReport) -> display.Table:
    """Every measure for all staff, with its interval and where it sits among similar trusts."""
    rows = {}
    for measure, table in rep.tables.items():
        if ("All staff", "All staff") not in table.index:
            continue
        r = table.loc[("All staff", "All staff")]
        peer = ""
        if rep.peers is not None and measure in rep.peers.columns and r["shown"]:
            values = rep.peers[measure]
            if values.notna().sum() >= 4:
                pos = benchmark.position(float(r["pct"]), values)
                peer = (f"median {pos.median:.1f}%; this trust higher than {pos.pct_lower:.0f}% of {pos.n} "
                        f"{rep.params.trust_type.lower()} trusts ({int(rep.peers['survey_year'].iloc[0])})")
        rows[_label(measure)] = {"Respondents": int(r["responses"]),
                                 "% (95% CI)": (f"{r['pct']:.1f}% ({r['low']:.1f}-{r['high']:.1f})" if r["shown"]
                                                else f"<{MIN_BASE} responses"),
                                 "Similar trusts": peer}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Measure"
    notes = ["Percentages of respondents who experienced it at least once in the last 12 months (reported: of those "
             "who experienced harassment)."]
    if rep.national_problem:
        notes.append(f"Similar trusts: not shown. {rep.national_problem}")
    return display.Table(frame, f"All staff, NHS Staff Survey {rep.survey_year}", text_columns=("Similar trusts",),
                         formats={"Respondents": display.fmt_count}, notes=notes)


def group_table(rep: HarassmentReport, measure: str, collapsed: bool = False) -> display.Table | display.Html:
    """One measure by every protected characteristic in the survey, with the gap to each reference group."""
    if measure not in rep.tables:
        return display.note(f"{_label(measure)}: not asked in the {rep.survey_year} survey.", "missing")
    t = rep.tables[measure].drop(index="All staff", level="dimension", errors="ignore")
    rows = {}
    for (dim, group), r in t.iterrows():
        ok = bool(r["shown"]) or rep.internal
        if group == r["reference"]:
            gap = "reference"
        elif not ok or pd.isna(r["gap"]):
            gap = "–"
        else:
            gap = f"{r['gap']:+.1f} pp ({r['gap_low']:+.1f} to {r['gap_high']:+.1f})" + (
                " significant" if r["significant"] else "")
        rows[f"{dim}: {group}"] = {"Respondents": suppress(pd.Series([int(r["responses"])]), min_count=rep.min_count,
                                                           mode=rep.mode, secondary=False).iloc[0],
                                   "% (95% CI)": f"{r['pct']:.1f}% ({r['low']:.1f}-{r['high']:.1f})" if ok
                                   else f"<{MIN_BASE} responses",
                                   "Gap to reference": gap}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Group"
    return display.Table(frame, f"{_label(measure)}, by group ({rep.survey_year} survey)", collapsed=collapsed,
                         text_columns=("Gap to reference",), formats={"Respondents": display.fmt_count},
                         notes=[f"Groups with fewer than {MIN_BASE} responses are not shown. Gaps are the group minus "
                                "the reference group in percentage points, with Newcombe 95% intervals."])


def targets_view(rep: HarassmentReport) -> display.Html:
    """Targets from params with their paths and ratings; suggested targets where none are set."""
    parts: list[object] = []
    for spec, table, target in rep.targets:
        last = table.iloc[-1]
        what = _label(str(spec["measure"])).lower()
        if spec.get("type") == "gap":
            what = f"the gap between {spec['focus']} and {spec['reference']} staff in {what}"
        parts.append(display.note(
            f"Target: {what} to {target:.1f}{' pp' if spec.get('type') == 'gap' else '%'} by {spec['target_year']} "
            f"(baseline {table.iloc[0]['value']:.1f} in {table.index[0]}). In {table.index[-1]}: {last['value']:.1f} "
            f"(95% interval {last['low']:.1f} to {last['high']:.1f}) against a milestone of {last['milestone']:.1f}: "
            f"{_STATUS_WORDS[last['status']]}.", "info" if last["status"] == "on_track" else "caution"))
        parts.append(charts.target_chart(
            table, target_year=int(spec["target_year"]), target_value=target, title=f"Target: {what}",
            ylabel="pp" if spec.get("type") == "gap" else "% of respondents",
            alt=f"Chart of {what} by survey year with 95% intervals against a straight path to {target:.1f} in "
                f"{spec['target_year']}: " + "; ".join(f"{y}: {r['value']:.1f} (milestone {r['milestone']:.1f}, "
                                                       f"{_STATUS_WORDS[r['status']]})" for y, r in table.iterrows()) + ".",
            caption="Points are each survey's result with its 95% interval; the dashed line is the path to the target. "
                    "A year is off track only when its whole interval lies above the path."))
    for problem in rep.target_problems:
        parts.append(display.note(f"A target in the params file could not be tracked: {problem}", "caution"))
    if rep.suggestions:
        rows = {}
        for measure, s in rep.suggestions.items():
            if s.get("target_value") is None:
                continue
            rows[_label(measure)] = {"Now": f"{s['baseline']:.1f}%", "Suggested target": f"{s['target_value']:.1f}%",
                                     "By": str(s["target_year"]), "Based on": s["reason"]}
        if rows:
            frame = pd.DataFrame.from_dict(rows, orient="index")
            frame.index.name = "Measure"
            parts.append(display.Table(frame, "Suggested targets where the trust has set none", text_columns=("Based on",),
                                       notes=["A starting point for the board to adopt or change: reach the best quarter of "
                                              f"similar ({rep.params.trust_type.lower()}) trusts in three years, or, for a "
                                              "trust already there, a further 10% reduction. Add a target to hia6_targets "
                                              "in the params file to track it here."]))
    if not parts:
        parts.append(display.note("No targets are set and no suggestion could be made (national results are not "
                                  "available). Add hia6_targets to the params file.", "missing"))
    return display.stack(parts)


def quarterly_charts(rep: HarassmentReport, kind: str) -> display.Html:
    """SPC charts of incidents or cases per 1,000 staff by group, quarter by quarter (or why they are not shown)."""
    chosen = {k: s for k, s in rep.quarterly.items() if k.startswith(kind)}
    if not chosen:
        return display.note("Quarterly charts need quarterly staff snapshots and, for incidents, the incidents input "
                            "(see docs/data-contract.md).", "missing")
    parts: list[object] = []
    for s in chosen.values():
        if s.result is None:
            parts.append(display.note(f"{s.title}: not charted; {s.reason}.", "caution"))
        else:
            parts.append(charts.spc_chart(s.result, title=s.title, ylabel=s.ylabel))
    return display.stack(parts)


def triangulation_table(rep: HarassmentReport, dimension: str) -> display.Table | display.Html:
    """Survey, cases and incidents for the same two groups side by side: do they tell the same story?"""
    focus, reference = {"Ethnicity": ("BME", "White"), "Disability": ("Disabled", "Non-disabled")}[dimension]
    survey_rows = {m: rep.tables[m] for m in ("harassment_staff", "harassment_public", "discrimination_staff",
                                              "violence_public") if m in rep.tables}
    tri = harassment.triangulate(survey_rows, rep.rates[dimension], rep.year, dimension, focus, reference)
    if tri.empty:
        return display.note(f"Nothing to compare for {dimension.lower()}.", "missing")
    # Survey percentages follow the minimum base (already NaN below it); record counts follow the minimum count.
    small = (tri["focus_events"] < rep.min_count) | (tri["reference_events"] < rep.min_count)
    hide = (~rep.internal) & (tri["kind"] == "records") & small
    fmt = lambda v, unit: "n/a" if pd.isna(v) else (f"{v:.1f}%" if unit.startswith("%") else f"{v:.1f}")  # noqa: E731
    frame = pd.DataFrame({
        focus: [("suppressed" if h else fmt(v, u)) for v, u, h in zip(tri["focus"], tri["unit"], hide)],
        reference: [("suppressed" if h else fmt(v, u)) for v, u, h in zip(tri["reference"], tri["unit"], hide)],
        "Ratio": ["" if h or pd.isna(r) else f"{r:.2f}" for r, h in zip(tri["ratio"], hide)],
        "Unit": tri["unit"],
    }, index=tri.index)
    frame.index.name = "Source"
    return display.Table(frame, f"{dimension}: survey, cases and incidents side by side ({rep.year})",
                         text_columns=("Unit",),
                         notes=[f"Ratio: {focus} / {reference}; above 1 means {focus} staff are affected more. Survey "
                                f"results are from autumn {rep.survey_year}; cases and incidents from the financial "
                                f"year to 31 March {rep.year}. When the survey shows a higher ratio than the trust's "
                                "records, harm may be going unreported."])
