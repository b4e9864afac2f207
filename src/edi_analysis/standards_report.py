"""WRES and WDES reports: every indicator, honest statistics, subgroups and a submission-ready export.

:func:`build` loads a trust's inputs for every year up to the report year and
computes each indicator of the chosen standard for each year; the view
functions give ``notebooks/wres.ipynb`` and ``notebooks/wdes.ipynb`` what they
show. Both standards share one code path and differ only in the settings in
:data:`STANDARDS`, so indicator 3 of the WRES (disciplinary) and metric 3 of the
WDES (capability) are computed alike but always reported apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .metrics import groups, population, survey, wdes, wres
from .views import charts, display
from . import io as inputs
from .disclosure.legacy import suppress

__all__ = ["STANDARDS", "StandardsReport", "build", "title", "key_findings", "representation_chart",
           "representation_table", "representation_by_group", "likelihood_table", "subgroup_table", "survey_table", "board_table",
           "declaration_view", "trend_table", "submission_table", "export_submission", "engagement_table",
           "voice_text", "adjustments_table", "population_view"]

STANDARDS: dict[str, dict] = {
    "WRES": dict(
        name="Workforce Race Equality Standard", term="Indicator", group_col="ethnicity", focus="BME", reference="White",
        dimension="Ethnicity", groups=("White", "BME", "Unknown"), process=["disciplinary"],
        process_name="the formal disciplinary process", process_number="3",
        survey=wres.SURVEY_INDICATORS, board_number="9", appointment_number="2", training_number="4"),
    "WDES": dict(
        name="Workforce Disability Equality Standard", term="Metric", group_col="disability_status", focus="Disabled",
        reference="Non-disabled", dimension="Disability", groups=("Non-disabled", "Disabled", "Unknown"),
        process=["capability-performance"], process_name="the formal capability process (performance only)",
        process_number="3", survey=wdes.SURVEY_METRICS, board_number="10", appointment_number="2",
        training_number=None),
}
_SPLITS = {"staff_group": "staff group", "route": "recruitment route", "ethnicity_census5": "Census 2021 ethnic group"}


@dataclass(frozen=True)
class StandardsReport:
    """Everything a WRES or WDES report shows."""

    params: inputs.TrustParams
    year: int
    standard: str
    workforce: dict[int, pd.DataFrame]
    representation: pd.DataFrame
    appointment: dict[int, dict]
    process: pd.DataFrame  # pooled and single-year rows
    process_by_year: dict[int, dict]
    training: dict[int, dict]
    subgroups: dict[str, pd.DataFrame]
    survey_results: dict[int, dict]  # year -> indicator -> survey_indicator output
    board: pd.DataFrame | None
    mode: str
    min_count: int
    survey_disabled_pct: float | None
    dropped_applications: int
    map_problems: tuple[str, ...] = ()
    cfg: dict = field(default_factory=dict)
    population: pd.DataFrame | None = None
    population_source: str = ""

    @property
    def internal(self) -> bool:
        return self.mode == "internal"


def build(trust_code: str, year: int, standard: str, *, params_dir: str | Path = "../params",
          data_dir: str | Path | None = None, sdc_mode: str | None = None) -> StandardsReport:
    """Load every year's inputs up to ``year`` and compute the standard's indicators for each year."""
    if standard not in STANDARDS:
        raise ValueError(f"standard must be 'WRES' or 'WDES'; got {standard!r}.")
    cfg = STANDARDS[standard]
    settings = inputs.report_settings(trust_code, year, params_dir=params_dir, data_dir=data_dir, sdc_mode=sdc_mode)
    params, mode, years = settings.params, settings.mode, list(settings.years)
    data = {y: inputs.load_year(params.data_dir, y, strict_codes=params.strict_codes) for y in years}
    wf = {y: wres.workforce(d["staff"]) for y, d in data.items()}
    er = {y: d["employee_relations"] for y, d in data.items()}
    col, focus, ref = cfg["group_col"], cfg["focus"], cfg["reference"]
    appointment = {y: wres.appointment_likelihood(d["recruitment"], col, ref, focus) for y, d in data.items()}
    window = params.rl_window_years
    process = wres.process_entry(er, wf, cfg["process"], col, focus, ref, year=year, window=window)
    process_by_year = {y: wres.process_entry(er, wf, cfg["process"], col, focus, ref, year=y, window=1)
                       .loc[("All staff", "single year")].to_dict() for y in years}
    training = {}
    if cfg["training_number"]:
        training = {y: wres.training_likelihood(d["training"], wf[y], col, ref, focus).loc["All staff"].to_dict()
                    for y, d in data.items()}
    subgroups = {}
    for split in ("staff_group", "route"):
        subgroups[f"process_{split}"] = wres.process_entry(er, wf, cfg["process"], col, focus, ref, year=year,
                                                           window=window, split=split,
                                                           split_focus_only=(split == "route"))
    if standard == "WRES":
        rows = []
        for g in ("Asian", "Black", "Mixed", "Other"):
            r = wres.process_entry(er, wf, cfg["process"], "ethnicity_census5", g, "White", year=year, window=window)
            rows.append(r.loc[("All staff", "pooled")].rename(g))
        subgroups["process_ethnicity_census5"] = pd.DataFrame(rows)
        apps = []
        for g in ("Asian", "Black", "Mixed", "Other"):
            a = wres.appointment_likelihood(data[year]["recruitment"], "ethnicity_census5", "White", g)
            apps.append(pd.Series(a, name=g))
        subgroups["appointment_ethnicity_census5"] = pd.DataFrame(apps)
        subgroups["training_staff_group"] = wres.training_likelihood(data[year]["training"], wf[year], col, ref, focus,
                                                                     split="staff_group")
    survey_results: dict[int, dict] = {}
    problems: list[str] = []
    for y, d in data.items():
        sy = y - 1
        try:
            problems += survey.check_item_map(d["staff_survey"], sy)
            survey_results[y] = {num: wres.survey_indicator(d["staff_survey"], sy, measure, cfg["dimension"], focus, ref)
                                 for num, (measure, _) in cfg["survey"].items()}
            if standard == "WDES":
                survey_results[y]["8"] = wdes.adjustments(d["staff_survey"], sy)
        except (FileNotFoundError, KeyError) as exc:
            problems.append(str(exc))
    board = wres.board_difference(data[year]["board"], wf[year], col, focus) if len(data[year]["board"]) else None
    rep_table = (wres.representation(wf[year]) if standard == "WRES" else wdes.representation(wf[year]))
    disabled_pct = None
    s = data[year]["staff_survey"]
    d = s[(s["group_dimension"] == "Disability") & (s["question"] == "q14a")]
    if not d.empty:
        disabled_pct = float(d.loc[d["group_value"] == "Disabled", "responses"].sum() / d["responses"].sum() * 100)
    pop_table, pop_source = None, ""
    if standard == "WRES":
        pop_table, pop_source = _population(params, wf[year])
    return StandardsReport(
        population=pop_table, population_source=pop_source,
        params=params, year=year, standard=standard, workforce=wf, representation=rep_table,
        appointment=appointment, process=process, process_by_year=process_by_year, training=training,
        subgroups=subgroups, survey_results=survey_results, board=board, mode=mode,
        min_count=settings.min_count, survey_disabled_pct=disabled_pct,
        dropped_applications=appointment[year]["dropped"], map_problems=tuple(dict.fromkeys(problems)), cfg=cfg,
    )


def _population(params: inputs.TrustParams, wf: pd.DataFrame) -> tuple[pd.DataFrame | None, str]:
    """Census 2021 catchment mix against the workforce, or why it cannot be shown."""
    mix, source = inputs.trust_mix(params)
    return (None, source) if mix is None else (population.workforce_vs_population(wf, mix), source)


# --- formatting helpers -----------------------------------------------------------

def _rl_cells(rep: StandardsReport, r: dict) -> dict[str, object]:
    """Counts, RL, interval and reading, with small counts and the figures built on them suppressed."""
    counts = pd.Series([r["focus_events"], r["focus_n"], r["reference_events"], r["reference_n"]])
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode, secondary=False)
    hide = not rep.internal and (min(r["focus_events"], r["reference_events"]) < rep.min_count
                                 or min(r["focus_n"], r["reference_n"]) < 10)
    rl = "suppressed" if hide else ("n/a" if r["rl"] is None else f"{r['rl']:.2f}")
    ci = "" if hide or r["low"] is None else f"{r['low']:.2f} to {r['high']:.2f}"
    reading = "small numbers: not published" if hide else r["reading"]
    if r["volatile"] and not hide:
        reading += "; small numbers: may change markedly year to year"
    return {"Focus events": shown.iloc[0], "Focus group": shown.iloc[1], "Reference events": shown.iloc[2],
            "Reference group": shown.iloc[3], "Relative likelihood": rl, "95% interval": ci, "Reading": reading}


def _labels(rep: StandardsReport, indicator: str | None = None) -> dict[str, str]:
    """Column names for a relative likelihood's counts: the RL's numerator group first.

    Indicators 2 and 4 put the reference group (White, non-disabled) in the numerator, so that above 1 is
    adverse for the protected group; indicator 3 puts the protected group there.
    """
    f, r = rep.cfg["focus"], rep.cfg["reference"]
    if indicator in (rep.cfg["appointment_number"], rep.cfg.get("training_number")):
        f, r = r, f
    who = "applicants" if indicator == rep.cfg["appointment_number"] else "staff"
    return {"Focus events": f"{f}: events", "Focus group": f"{f}: {who}", "Reference events": f"{r}: events",
            "Reference group": f"{r}: {who}"}


def _lower(label: str) -> str:
    """Lower-case a group label for a sentence, keeping acronyms such as BME."""
    return label if label.isupper() else label.lower()


def title(rep: StandardsReport) -> display.Html:
    """Report title."""
    return display.title(f"{rep.cfg['name']} {rep.year}", rep.params.trust_name,
                         f"Workforce at 31 March {rep.year}; staff survey {rep.year - 1} · {rep.params.trust_type} trust",
                         synthetic=rep.params.synthetic, internal=rep.internal)


def _hidden_subgroups(rep: StandardsReport) -> list[str]:
    """Subgroups whose relative likelihood is clearly worse than the aggregate's (what aggregation hides)."""
    agg = rep.process.loc[("All staff", "pooled")]
    found = []
    if agg["rl"] is None:
        return found
    for key, table in rep.subgroups.items():
        if not key.startswith("process_"):
            continue
        rows = table.xs("pooled", level="basis") if isinstance(table.index, pd.MultiIndex) else table
        for sub, r in rows.iterrows():
            if r["rl"] is None or pd.isna(r["rl"]) or sub == groups.UNKNOWN:
                continue
            small = min(r["focus_events"], r["reference_events"]) < rep.min_count
            aggregate_reassures = bool(agg["within_range"]) or not bool(agg["significant"])
            worse = r["rl"] >= agg["rl"] * 1.2 or (aggregate_reassures and r["rl"] > agg["rl"])
            if worse and not r["within_range"] and r["significant"] and not small:
                found.append(f"{sub} ({_SPLITS.get(key.removeprefix('process_'), '')}): {r['rl']:.2f}, "
                             f"95% interval {r['low']:.2f} to {r['high']:.2f}")
    return found


def key_findings(rep: StandardsReport) -> display.Html:
    """The findings a board should read first, from the figures."""
    cfg, f = rep.cfg, rep.cfg["focus"]
    items = []
    wf = rep.workforce[rep.year]
    overall = (wf[cfg["group_col"]] == f).mean() * 100
    senior = wf[wf["pay_band"].isin(["8a", "8b", "8c", "8d", "9", "VSM"])]
    senior_pct = (senior[cfg["group_col"]] == f).mean() * 100 if len(senior) else float("nan")
    items.append(f"{f} staff are {overall:.1f}% of the workforce (bank staff excluded) but {senior_pct:.1f}% of staff in "
                 "bands 8a and above and very senior managers.")
    a = rep.appointment[rep.year]
    if a["rl"] is not None:
        items.append(f"{cfg['term']} {cfg['appointment_number']}: {_lower(cfg['reference'])} applicants were "
                     f"{a['rl']:.2f} times as likely as {_lower(f)} applicants to be appointed from shortlisting "
                     f"({a['reading']}).")
    p = rep.process.loc[("All staff", "pooled")]
    if p["rl"] is not None and (rep.internal or min(p["focus_events"], p["reference_events"]) >= rep.min_count):
        items.append(f"{cfg['term']} {cfg['process_number']}: {_lower(f)} staff were {p['rl']:.2f} times as likely to "
                     f"enter {cfg['process_name']} over {p['years']} ({p['reading']}).")
    else:
        items.append(f"{cfg['term']} {cfg['process_number']}: too few staff entered {cfg['process_name']} over "
                     f"{p['years']} for the relative likelihood to be published.")
    for hidden in _hidden_subgroups(rep):
        items.append(f"The aggregate hides a worse figure for a subgroup: {hidden}, against {p['rl']:.2f} for all "
                     f"{_lower(f)} staff.")
    adverse = []
    for num, res in rep.survey_results.get(rep.year, {}).items():
        gap = res.get("gap") if isinstance(res, dict) else None
        if gap and gap["adverse"] and gap["significant"]:
            adverse.append(f"{num} ({gap['diff']:+.1f} pp)")
    if adverse:
        items.append(f"Staff survey: {_lower(f)} staff report a significantly worse experience on "
                     + ", ".join(adverse) + ".")
    if rep.standard == "WDES" and rep.survey_disabled_pct is not None:
        recorded = (rep.workforce[rep.year]["disability_status"] == "Disabled").mean() * 100
        items.append(f"{recorded:.1f}% of staff are recorded as disabled on the staff record, against "
                     f"{rep.survey_disabled_pct:.1f}% of survey respondents: most disabled staff are not on the record.")
    return display.findings(items)


def representation_chart(rep: StandardsReport) -> display.Figure:
    """Indicator / metric 1: the focus group's share of each band, against its share of the workforce."""
    f = rep.cfg["focus"]
    t = rep.representation
    counts = t[list(rep.cfg["groups"])]
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode)
    pct = t[f"pct_{f}"].where(~shown[f].map(lambda v: isinstance(v, str)))
    frame = pd.DataFrame({
        "Non-clinical": pct.xs("Non-clinical", level="staff_type") if "Non-clinical" in t.index.get_level_values(0) else None,
        "Clinical": pct.xs("Clinical", level="staff_type")})
    levels = [lvl for lvl in dict.fromkeys(t.index.get_level_values("level"))]
    frame = frame.reindex(levels)
    present = pd.DataFrame({st: pd.Series(True, index=t.xs(st, level="staff_type").index)
                            for st in ("Non-clinical", "Clinical") if st in t.index.get_level_values(0)})
    absent = present.reindex(index=levels, columns=frame.columns).isna()
    overall = (rep.workforce[rep.year][rep.cfg["group_col"]] == f).mean() * 100
    described = "; ".join(f"{lvl}: " + ", ".join(f"{c.lower()} {v:.0f}%" for c, v in row.dropna().items())
                          for lvl, row in frame.iterrows() if row.notna().any())
    return charts.paired_bars(
        frame, title=f"{f} staff as % of each level (workforce: {overall:.1f}%)", xlabel=f"% {f}",
        value_format="{:.0f}%", zero_line=False, absent=absent,
        alt=f"Bar chart of the percentage of {f} staff in each pay level, non-clinical and clinical. {described}.",
        caption=f"If {f} staff were spread evenly, every bar would be near {overall:.1f}%. Levels with fewer than "
                f"{rep.min_count} {f} staff show no bar.")


def representation_by_group(rep: StandardsReport) -> display.Table | display.Html:
    """WRES indicator 1 for the Census 2021 ethnic groups: each group's share of each level (local breakdown)."""
    if rep.standard != "WRES":
        return display.Html("")
    wf = rep.workforce[rep.year]
    order = ("White", "Mixed", "Asian", "Black", "Other", "Unknown")
    t = wres.representation(wf, "ethnicity_census5", "Black", group_order=order)
    counts = t[list(order)]
    pct = suppress(t[[f"pct_{g}" for g in order]].set_axis(order, axis=1), counts=counts, min_count=rep.min_count,
                   mode=rep.mode)
    pct.index = [f"{a}: {b}" for a, b in pct.index]
    pct.index.name = "Staff and level"
    return display.Table(pct, "Indicator 1 by Census 2021 ethnic group: % of each level", collapsed=True,
                         formats={g: display.fmt_pct for g in order},
                         notes=["Local breakdown, not part of the national return. Cells from fewer than 5 people "
                                "are hidden."])


def representation_table(rep: StandardsReport) -> display.Table:
    """Indicator / metric 1 counts and shares, with small counts suppressed."""
    t = rep.representation
    g = list(rep.cfg["groups"])
    counts = t[g]
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode)
    pct = suppress(t[[f"pct_{x}" for x in g]].set_axis(g, axis=1), counts=counts, min_count=rep.min_count, mode=rep.mode)
    frame = pd.concat([shown.add_suffix(" (n)"), pct.add_suffix(" %")], axis=1)
    focus_hidden = shown[rep.cfg["focus"]].map(lambda v: isinstance(v, str))
    frame["Difference from workforce (pp)"] = t["diff_pp"].astype(object).where(~focus_hidden,
                                                                                 shown[rep.cfg["focus"]])
    frame.index = [f"{a}: {b}" for a, b in frame.index]
    frame.index.name = "Staff and level"
    fmt = {c: (display.fmt_count if c.endswith("(n)") else display.fmt_pct) for c in frame.columns}
    fmt["Difference from workforce (pp)"] = display.fmt_pp
    return display.Table(frame, f"{rep.cfg['term']} 1: representation by level, 31 March {rep.year} "
                         "(bank staff excluded)",
                         formats=fmt, collapsed=False)


def likelihood_table(rep: StandardsReport, indicator: str) -> display.Table | display.Html:
    """Indicator 2, 3 or 4 with counts, the relative likelihood, its interval, the 0.80-1.25 band and a reading."""
    cfg = rep.cfg
    if indicator == cfg["appointment_number"]:
        rows = {"This year": rep.appointment[rep.year]}
        what = (f"Relative likelihood of {cfg['reference']} applicants being appointed from shortlisting compared with "
                f"{cfg['focus']} applicants")
        note = (f"Events are appointments; groups are shortlisted applicants. {rep.dropped_applications} application(s) "
                "recorded as appointed without being shortlisted were left out as data errors.")
    elif indicator == cfg["process_number"]:
        rows = {f"Pooled {rep.process.loc[('All staff', 'pooled'), 'years']}": rep.process.loc[("All staff", "pooled")].to_dict(),
                f"Single year {rep.year}": rep.process.loc[("All staff", "single year")].to_dict()}
        what = f"Relative likelihood of {cfg['focus']} staff entering {cfg['process_name']} compared with {cfg['reference']} staff"
        note = (f"Counts pooled over {rep.params.rl_window_years} years (headcount at 31 March of each year), with the "
                f"latest single year beside it; each person counts once a year. This measures {cfg['process_name']} "
                "only and is not comparable with the other standard's metric 3, which measures a different process.")
    elif indicator == cfg.get("training_number"):
        rows = {"This year": rep.training[rep.year]}
        what = (f"Relative likelihood of {cfg['reference']} staff accessing non-mandatory training and CPD compared "
                f"with {cfg['focus']} staff")
        note = "A person counts once if they took part in any non-mandatory training or CPD during the year."
    else:
        raise ValueError(f"indicator {indicator!r} is not a relative likelihood in the {rep.standard}.")
    labels = _labels(rep, indicator)
    frame = pd.DataFrame({k: _rl_cells(rep, v) for k, v in rows.items()}).T.rename(columns=labels)
    frame.index.name = "Basis"
    return display.Table(frame, f"{cfg['term']} {indicator}: {what}", text_columns=("Reading",),
                         formats={c: display.fmt_count for c in labels.values()},
                         notes=[note, "Above 1 is adverse for the group the standard protects. 0.80 to 1.25 is the "
                                "non-adverse range (the four-fifths rule); the interval shows whether the difference "
                                "could be chance."])


def subgroup_table(rep: StandardsReport, key: str) -> display.Table | display.Html:
    """The formal-process (or training) relative likelihood within each subgroup, beside the aggregate."""
    if key not in rep.subgroups:
        return display.Html("")
    table = rep.subgroups[key]
    rows = table.xs("pooled", level="basis") if isinstance(table.index, pd.MultiIndex) else table
    agg = {"process": lambda: rep.process.loc[("All staff", "pooled")],
           "appointment": lambda: rep.appointment[rep.year],
           "training": lambda: rep.training[rep.year]}[key.split("_", 1)[0]]()
    data = {"All staff (aggregate)": _rl_cells(rep, dict(agg))}
    for sub, r in rows.iterrows():
        data[str(sub)] = _rl_cells(rep, r.to_dict())
    number = {"process": rep.cfg["process_number"], "appointment": rep.cfg["appointment_number"],
              "training": rep.cfg.get("training_number")}[key.split("_", 1)[0]]
    split = key.split("_", 1)[1]
    labels = _labels(rep, number)
    if split == "ethnicity_census5":  # each row is a different ethnic group, not the BME total
        labels = {k: v.replace(f"{rep.cfg['focus']}:", "Group:") for k, v in labels.items()}
    frame = pd.DataFrame(data).T.rename(columns=labels)
    frame.index.name = "Subgroup"
    what = {"process": "entering " + rep.cfg["process_name"], "appointment": "appointment from shortlisting",
            "training": "accessing non-mandatory training"}[key.split("_", 1)[0]]
    compare = (f"each part of the {rep.cfg['focus']} group against all {rep.cfg['reference']} staff"
               if split == "route" else
               f"{rep.cfg['reference']} applicants with each group" if key == "appointment_ethnicity_census5" else
               f"each group against {rep.cfg['reference']} staff" if split == "ethnicity_census5" else
               f"{rep.cfg['focus']} and {rep.cfg['reference']} staff within each {_SPLITS[split]}")
    return display.Table(frame, f"Relative likelihood of {what}, by {_SPLITS[split]}", text_columns=("Reading",),
                         formats={c: display.fmt_count for c in labels.values()},
                         notes=[f"Compares {compare}. Not part of the national return: a local breakdown."])


def survey_table(rep: StandardsReport) -> display.Table | display.Html:
    """Survey indicators: both groups' % with Wilson intervals, the difference with its Newcombe interval."""
    res = rep.survey_results.get(rep.year)
    if not res:
        return display.note("No staff survey results by group for this year: " + "; ".join(rep.map_problems), "missing")
    f, r = rep.cfg["focus"], rep.cfg["reference"]
    rows = {}
    labels = {num: label for num, (_, label) in rep.cfg["survey"].items()}
    for num, out in res.items():
        if num not in labels:  # WDES metric 8 has its own table
            continue
        fr, rr, gap = out["focus"], out["reference"], out["gap"]

        def pct(row: dict) -> str:
            if not row["shown"] and not rep.internal:
                return f"<{survey.MIN_BASE} responses"
            return f"{row['pct']:.1f}% ({row['low']:.1f}-{row['high']:.1f})"

        if gap["diff"] is None or (not rep.internal and not (fr["shown"] and rr["shown"])):
            diff, reading = "suppressed", ""
        else:
            diff = f"{gap['diff']:+.1f} pp ({gap['low']:+.1f} to {gap['high']:+.1f})"
            reading = ("worse for " + f if gap["adverse"] else "better for " + f) + (
                ", statistically significant" if gap["significant"] else ", within noise")
        rows[f"{num}. {labels[num]} ({out['question']})"] = {f"{f} % (95% CI)": pct(fr), f"{r} % (95% CI)": pct(rr),
                                                             "Difference": diff, "Reading": reading}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Indicator (survey question)"
    return display.Table(frame, f"Staff survey {rep.year - 1}: {f} and {r} respondents", text_columns=("Reading",),
                         notes=[f"Percentages are shown only where at least {survey.MIN_BASE} people answered. "
                                "Differences are the focus group minus the reference group, with Newcombe 95% intervals.",
                                "Question numbers differ between survey years; each year's map is kept in the package "
                                "(nss_items) and checked against the data."]
                         + ([f"Question map problems: {'; '.join(rep.map_problems)}"] if rep.map_problems else []))


def adjustments_table(rep: StandardsReport) -> display.Table | display.Html:
    """WDES metric 8: disabled respondents whose employer has made adequate adjustments."""
    res = rep.survey_results.get(rep.year, {}).get("8")
    if not res:
        return display.Html("")
    shown = res["shown"] or rep.internal
    frame = pd.DataFrame({"Disabled respondents": [res["responses"]],
                          "Adequate adjustments": [f"{res['pct']:.1f}% ({res['low']:.1f}-{res['high']:.1f})" if shown
                                                   else f"<{survey.MIN_BASE} responses"]},
                         index=pd.Index([f"8. Adequate adjustments ({res['question']})"], name="Metric"))
    return display.Table(frame, "Metric 8: disabled staff only (no comparison group)",
                         formats={"Disabled respondents": display.fmt_count})


def engagement_table(rep: StandardsReport) -> display.Table | display.Html:
    """WDES metric 9a: engagement scores as published (from the params file); no interval without respondent data."""
    e = rep.params.wdes_engagement
    if not e:
        return display.note("Metric 9a: add the published engagement scores to the params file (wdes_engagement: "
                            "Disabled, Non-disabled, Organisation).", "missing")
    frame = pd.DataFrame({"Engagement score (0-10)": [e.get(k) for k in ("Disabled", "Non-disabled", "Organisation")]},
                         index=pd.Index(["Disabled staff", "Non-disabled staff", "Whole organisation"], name="Group"))
    diff = (e["Disabled"] - e["Non-disabled"]) if {"Disabled", "Non-disabled"} <= set(e) else None
    return display.Table(frame, "Metric 9a: staff engagement score", formats={"Engagement score (0-10)": lambda v: f"{v:.1f}"},
                         notes=[f"Difference, disabled minus non-disabled: {diff:+.1f}." if diff is not None else "",
                                "Scores as published by the survey coordination centre."])


def voice_text(rep: StandardsReport) -> display.Html:
    """WDES metric 9b: the trust's own words on facilitating the voices of disabled staff."""
    v = rep.params.wdes_9b
    if not v:
        return display.note("Metric 9b: add the trust's answer to the params file (wdes_9b: answer, text).", "missing")
    return display.note(f"Has the trust taken action to facilitate the voices of disabled staff to be heard? "
                        f"{v.get('answer', '')}. {v.get('text', '')}", "info")


def board_table(rep: StandardsReport) -> display.Table | display.Html:
    """Indicator 9 / metric 10: the focus group's share of the board against the workforce, in percentage points."""
    if rep.board is None:
        return display.note("No board register for this year.", "missing")
    b = rep.board
    suppress_board = rep.params.sdc_setting("suppress_board", True) and not rep.internal
    counts = b[["members", "focus"]]
    shown = suppress(counts, min_count=rep.min_count, mode="publish" if suppress_board else "internal", secondary=False)
    hidden = shown["focus"].map(lambda v: isinstance(v, str))
    frame = pd.DataFrame({
        "Members": shown["members"], rep.cfg["focus"]: shown["focus"],
        f"% {rep.cfg['focus']} on the board": b["pct_board"].where(~hidden).astype(object).where(~hidden, "suppressed"),
        "% of workforce": b["pct_workforce"],
        "Difference (pp)": b["diff_pp"].where(~hidden).astype(object).where(~hidden, "suppressed"),
    })
    frame.index.name = "Board"
    return display.Table(frame, f"{rep.cfg['term']} {rep.cfg['board_number']}: board membership against the workforce",
                         formats={"Members": display.fmt_count, rep.cfg["focus"]: display.fmt_count,
                                  f"% {rep.cfg['focus']} on the board": display.fmt_pct, "% of workforce": display.fmt_pct,
                                  "Difference (pp)": display.fmt_pp},
                         notes=["Negative: under-represented on the board. Percentages include members whose group "
                                "is not recorded. Counts under 5 are suppressed unless the params file sets "
                                "sdc.suppress_board to false."])


def declaration_view(rep: StandardsReport) -> display.Html:
    """Declaration rates as data-quality findings, with the range they leave open."""
    wf = rep.workforce[rep.year]
    col, f = rep.cfg["group_col"], rep.cfg["focus"]
    unknown = (wf[col] == groups.UNKNOWN).mean() * 100
    share = (wf[col] == f).mean() * 100
    text = (f"{100 - unknown:.1f}% of staff have their {rep.cfg['dimension'].lower()} recorded. {f} staff are "
            f"{share:.1f}% of the workforce; if every unrecorded person were {f}, they would be {share + unknown:.1f}%, "
            "so every figure based on the staff record carries that uncertainty.")
    if rep.standard == "WDES" and rep.survey_disabled_pct is not None:
        text += (f" In the staff survey {rep.survey_disabled_pct:.1f}% of respondents report a long-term condition or "
                 "illness: the staff record misses most disabled staff, and metrics 1 to 3 describe only those who "
                 "have declared.")
    return display.note(text, "caution" if unknown > 5 or rep.standard == "WDES" else "info")


def trend_table(rep: StandardsReport) -> display.Table:
    """Each indicator for every year, with the change since last year and whether it is beyond noise."""
    cfg = rep.cfg
    years = sorted(rep.workforce)
    rows = {}
    f = cfg["focus"]

    def rl_row(series: dict[int, dict], label: str) -> None:
        vals = {}
        for i, y in enumerate(years):
            r = series.get(y)
            if r is None:
                continue
            hide = not rep.internal and min(r["focus_events"], r["reference_events"]) < rep.min_count
            vals[str(y)] = "suppressed" if hide else ("n/a" if r["rl"] is None else f"{r['rl']:.2f}")
        last, prev = series.get(years[-1]), series.get(years[-2]) if len(years) > 1 else None
        yoy = wres.year_on_year(last, prev) if last and prev else {"change": None, "beyond_noise": None}
        vals["Change since last year"] = "" if yoy["change"] is None else (
            f"{yoy['change']:+.2f} ({'beyond noise' if yoy['beyond_noise'] else 'within noise'})")
        rows[label] = vals

    def pct_row(get: callable, label: str) -> None:
        vals, pairs = {}, {}
        for y in years:
            got = get(y)
            if got is None:
                continue
            x, n = got
            pairs[y] = (x, n)
            vals[str(y)] = f"{x / n * 100:.1f}%" if n and (rep.internal or n >= survey.MIN_BASE) else "suppressed"
        if len(pairs) >= 2:
            (x1, n1), (x0, n0) = pairs[years[-1]] if years[-1] in pairs else (0, 0), pairs.get(years[-2], (0, 0))
            ch = wres.proportion_change(x1, n1, x0, n0)
            vals["Change since last year"] = "" if ch["change"] is None else (
                f"{ch['change']:+.1f} pp ({'beyond noise' if ch['beyond_noise'] else 'within noise'})")
        rows[label] = vals

    pct_row(lambda y: (int((rep.workforce[y][cfg["group_col"]] == f).sum()), len(rep.workforce[y])),
            f"1. {f} % of workforce")
    rl_row(rep.appointment, f"{cfg['appointment_number']}. Appointment from shortlisting (RL)")
    rl_row(rep.process_by_year, f"{cfg['process_number']}. Entry to {cfg['process_name']} (single-year RL)")
    if rep.training:
        rl_row(rep.training, f"{cfg['training_number']}. Non-mandatory training (RL)")
    for num, (measure, label) in cfg["survey"].items():
        def get(y: int, num: str = num) -> tuple[int, int] | None:
            res = rep.survey_results.get(y, {}).get(num)
            return None if res is None else (int(res["focus"]["positive"]), int(res["focus"]["responses"]))
        pct_row(get, f"{num}. {label}: {f} respondents")
    frame = pd.DataFrame.from_dict(rows, orient="index").fillna("")
    frame.index.name = "Indicator"
    return display.Table(frame, "Every indicator by reporting year", text_columns=tuple(frame.columns),
                         notes=["Change since last year: for a relative likelihood, a z-test on the log ratio; for a "
                                "percentage, the Newcombe interval of the difference. Years are treated as independent "
                                "(an approximation). Survey figures are for the survey fielded the autumn before each "
                                "reporting year."])


def submission_table(rep: StandardsReport) -> pd.DataFrame:
    """The national return's figures as one tidy table (what the CSV export holds), suppressed as the mode says."""
    cfg = rep.cfg
    rows = []
    t = rep.representation
    for (staff_type, level), r in t.iterrows():
        for g in cfg["groups"]:
            rows.append(("1", f"{staff_type}: {level}", g, r[g], r["total"], r[f"pct_{g}"]))

    def add_rl(number: str, label: str, r: dict) -> None:
        rows.append((number, label, cfg["focus"], r["focus_events"], r["focus_n"], None))
        rows.append((number, label, cfg["reference"], r["reference_events"], r["reference_n"], None))
        rows.append((number, label, "Relative likelihood", None, None, r["rl"]))

    add_rl(cfg["appointment_number"], "Appointed from shortlisting", rep.appointment[rep.year])
    add_rl(cfg["process_number"], f"Entered {cfg['process_name']} ({rep.process.loc[('All staff', 'pooled'), 'years']})",
           rep.process.loc[("All staff", "pooled")].to_dict())
    if rep.training:
        add_rl(cfg["training_number"], "Accessed non-mandatory training or CPD", rep.training[rep.year])
    for num, res in rep.survey_results.get(rep.year, {}).items():
        if num not in cfg["survey"]:  # WDES metric 8: disabled respondents only
            rows.append((num, f"Adequate adjustments ({res['question']})", "Disabled", res["positive"], res["responses"],
                         res["pct"]))
            continue
        for g, part in ((cfg["focus"], res["focus"]), (cfg["reference"], res["reference"])):
            rows.append((num, f"Staff survey {res['question']}", g, part["positive"], part["responses"], part["pct"]))
    if rep.board is not None:
        for label, r in rep.board.iterrows():
            rows.append((cfg["board_number"], label, cfg["focus"], r["focus"], r["members"], r["diff_pp"]))
    frame = pd.DataFrame(rows, columns=["indicator", "breakdown", "group", "numerator", "denominator", "value"])
    numerators = frame["numerator"].fillna(0).astype(int)
    hide = (~rep.internal) & frame["numerator"].notna() & (numerators > 0) & (numerators < rep.min_count)
    whole = frame["numerator"].map(lambda v: int(v) if pd.notna(v) else None).astype(object)
    frame["numerator"] = whole.where(~hide, f"<{rep.min_count}")
    frame["denominator"] = frame["denominator"].map(lambda v: int(v) if pd.notna(v) else None).astype(object)
    frame.loc[hide, "value"] = None
    frame.insert(0, "standard", rep.standard)
    frame.insert(1, "trust_code", rep.params.trust_code)
    frame.insert(2, "year", rep.year)
    frame["suppressed"] = hide
    return frame


def export_submission(rep: StandardsReport, output_dir: str) -> display.Html:
    """Write the submission table as CSV beside the report (atomically) and link it; nothing when no folder is given."""
    if not output_dir:
        return display.note("No export folder was given, so the submission CSV was not written.", "missing")
    from .io.write import write_atomic

    name = f"{rep.standard.lower()}_submission.csv"
    write_atomic(Path(output_dir) / name, submission_table(rep).to_csv(index=False))
    mode = ("Counts under 5 are suppressed in this published version; build with --sdc-mode internal for the "
            "figures the national return needs, and keep that file private." if not rep.internal else
            "This internal version is not suppressed: it is not for publication.")
    return display.Html(f'<p class="note note-info">The figures of the national return, one row per indicator, '
                        f'breakdown and group: <a href="{name}">{name}</a>. {mode}</p>')


def population_view(rep: StandardsReport) -> display.Html:
    """Does the workforce reflect the community it serves? Ethnic minority share of the catchment, workforce and levels."""
    if rep.population is None:
        return display.note(rep.population_source or "No population comparison for this standard.", "missing")
    t = rep.population.copy()
    minority = 100 - t["White"]
    small = t["n"] < 10
    minority[small & t["n"].notna()] = float("nan")
    frame = pd.DataFrame({"% from ethnic minority groups": minority})
    pop = minority.iloc[0]
    senior = minority.get("AfC bands 8c-9 and VSM")
    text = (f"The trust's catchment population is {pop:.1f}% from ethnic minority groups (Census 2021, all usual "
            f"residents); its workforce is {minority['Whole workforce']:.1f}%.")
    if senior is not None and pd.notna(senior):
        text += (f" In bands 8c and above and very senior managers it is {senior:.1f}%"
                 + (": representation drops off with seniority." if senior < min(pop, minority["Whole workforce"]) - 2
                    else "."))
    chart = charts.paired_bars(
        frame, title="Staff from ethnic minority groups: catchment, workforce and pay levels",
        xlabel="% from ethnic minority groups (not White)", value_format="{:.0f}%", zero_line=False,
        alt="Bar chart of the percentage from ethnic minority groups: " + "; ".join(
            f"{k}: {v:.0f}%" for k, v in minority.dropna().items()) + ".",
        caption="Ethnic minority means every group other than White, for staff with ethnicity recorded and for the "
                "whole catchment population. Levels with fewer than 10 staff are not shown.")
    cells = t[list(population.GROUPS)].astype(object).where(~small, "<10 staff")
    cells["Staff with ethnicity recorded"] = t["n"].astype(object).where(t["n"].notna(), "")
    table = display.Table(cells, "Census 2021 groups: catchment population against the workforce (%)", collapsed=True,
                          formats={**{g: display.fmt_pct for g in population.GROUPS},
                                   "Staff with ethnicity recorded": display.fmt_count},
                          notes=[f"Catchment: {rep.population_source}. Census 2021 counts all usual residents; a "
                                 "working-age breakdown by ethnic group is not in the files the project holds, so "
                                 "younger and older residents are included."])
    return display.stack([display.note(text, "info"), chart, table])
