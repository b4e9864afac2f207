"""WRES and WDES report views: words, tables and charts from published :mod:`edi_analysis.results.standards` only.

Every function takes published results (``Policy.apply(results)``) and reads their tables; a hidden figure
is never quoted: the words say there are too few to publish it. Thresholds and flags come from the
publication's policy. The relative likelihood tables, the trend table and the submission export are in
:mod:`edi_analysis.views.standards_tables` (re-exported here, so a notebook imports one module).
"""

from __future__ import annotations

import pandas as pd

from ..disclosure import is_shown, require_published
from ..metrics import population
from ..results.standards import ALL_LEVELS, ALL_STAFF, SENIOR
from . import charts, display
from .standards_tables import (
    WORDS,
    comparisons_table,
    export_submission,
    hidden_subgroups,
    likelihood_table,
    low_base,
    records,
    subgroup_table,
    submission_table,
    trend_table,
    whole,
)

__all__ = [
    "adjustments_table",
    "board_table",
    "comparisons_table",
    "declaration_view",
    "engagement_table",
    "export_submission",
    "hidden_subgroups",
    "likelihood_table",
    "notes_view",
    "population_view",
    "representation_by_group",
    "representation_chart",
    "representation_table",
    "subgroup_table",
    "submission_table",
    "survey_table",
    "title",
    "trend_table",
    "voice_text",
]


def title(pub) -> display.Html:
    """Report title, with the synthetic-data and not-for-publication banners."""
    p = require_published(pub)
    w = WORDS[pub.standard]
    return display.title(f"{w['name']} {pub.trust.year}", pub.trust.name,
                         f"Workforce at 31 March {pub.trust.year}; staff survey {pub.trust.year - 1} · "
                         f"{pub.trust.trust_type} trust", synthetic=pub.trust.synthetic, internal=p.internal)


def _low(pub, responses) -> str:
    """A low-base flag for a survey figure quoted in a sentence ("" when the base is large enough)."""
    return (f" (low base: fewer than {pub.publication.policy.low_survey_base} responses)"
            if low_base(pub, responses) else "")


def declaration_view(pub) -> display.Html:
    """Declaration rates as data-quality findings, with the range they leave open."""
    require_published(pub)
    w, f = WORDS[pub.standard], pub.focus
    row = whole(pub)
    if not all(is_shown(row[c]) for c in ("pct_declared", f"pct_{f}", "pct_focus_upper")):
        return display.note(f"Too few staff to publish the {w['dimension']} declaration rate.", "caution")
    unknown = 100 - row["pct_declared"]
    text = (f"{row['pct_declared']:.1f}% of staff have their {w['dimension']} recorded. {f} staff are "
            f"{row[f'pct_{f}']:.1f}% of the workforce; if every unrecorded person were {f}, they would be "
            f"{row['pct_focus_upper']:.1f}%, so every figure based on the staff record carries that uncertainty.")
    d = pub.survey_disabled
    if pub.standard == "WDES" and len(d) and is_shown(d["pct"].iloc[0]):
        text += (f" In the staff survey {d['pct'].iloc[0]:.1f}% of respondents{_low(pub, d['responses'].iloc[0])} "
                 "report a long-term condition or "
                 "illness: the staff record misses most disabled staff, and metrics 1 to 3 describe only those who "
                 "have declared.")
    # a caution when more than one person in twenty is unrecorded (the old report's data-quality flag)
    return display.note(text, "caution" if unknown * 20 > 100 or pub.standard == "WDES" else "info")


def _levels(pub) -> pd.DataFrame:
    rep = pub.representation
    return rep[rep["staff_type"] != ALL_STAFF]


def representation_chart(pub) -> display.Figure:
    """Indicator / metric 1: the focus group's share of each level, against its share of the workforce."""
    require_published(pub)
    f = pub.focus
    t = _levels(pub)
    t = t[t["level"] != ALL_LEVELS]
    levels = list(dict.fromkeys(t["level"]))
    types = [st for st in ("Non-clinical", "Clinical") if st in set(t["staff_type"])]
    frame = pd.DataFrame(index=levels, columns=types, dtype=float)
    absent = pd.DataFrame(True, index=levels, columns=types)
    for r in records(t):
        absent.loc[r["level"], r["staff_type"]] = False
        if is_shown(r[f"pct_{f}"]):
            frame.loc[r["level"], r["staff_type"]] = float(r[f"pct_{f}"])
    share = whole(pub)[f"pct_{f}"]
    overall = f"{share:.1f}%" if is_shown(share) else "not published"
    described = "; ".join(f"{lvl}: " + ", ".join(f"{c.lower()} {v:.0f}%" for c, v in row.dropna().items())
                          for lvl, row in frame.iterrows() if row.notna().any())
    return charts.paired_bars(
        frame, title=f"{f} staff as % of each level (workforce: {overall})", xlabel=f"% {f}",
        value_format="{:.0f}%", zero_line=False, absent=absent,
        alt=f"Bar chart of the percentage of {f} staff in each pay level, non-clinical and clinical. {described}.",
        caption=f"If {f} staff were spread evenly, every bar would be near the workforce share ({overall}). Levels "
                "whose figures are too small to publish show no bar.")


def representation_table(pub) -> display.Table:
    """Indicator / metric 1 counts and shares, with the totals per staff type, the workforce and bands 8a+."""
    require_published(pub)
    w = WORDS[pub.standard]
    rep = pub.representation
    shown_rows = rep[(rep["staff_type"] != ALL_STAFF) | rep["level"].isin([ALL_LEVELS, SENIOR])]
    g = list(pub.groups)
    frame = pd.concat([shown_rows[[*g, "total"]].set_axis([f"{x} (n)" for x in g] + ["Total (n)"], axis=1),
                       shown_rows[[f"pct_{x}" for x in g]].set_axis([f"{x} %" for x in g], axis=1)], axis=1)
    frame["Difference from workforce (percentage points)"] = shown_rows["diff_pp"]
    frame.index = [("Whole workforce" if (a, b) == (ALL_STAFF, ALL_LEVELS) else f"{a}: {b}")
                   for a, b in zip(shown_rows["staff_type"], shown_rows["level"])]
    frame.index.name = "Staff and level"
    fmt = {c: (display.fmt_count if c.endswith("(n)") else display.fmt_pct) for c in frame.columns}
    fmt["Difference from workforce (percentage points)"] = display.fmt_pp
    policy = pub.publication.policy
    return display.Table(frame, f"{w['term']} 1: representation by level, 31 March {pub.trust.year} "
                         "(bank staff excluded)", formats=fmt,
                         notes=[f"{policy.primary_marker}: fewer than {policy.min_count} people; *: hidden so that a "
                                "small count cannot be worked out from the totals; suppressed: a figure built on a "
                                "hidden count."])


def representation_by_group(pub) -> display.Table | display.Html:
    """WRES indicator 1 for the Census 2021 ethnic groups: each group's share of the whole workforce."""
    require_published(pub)
    if pub.standard != "WRES":
        return display.Html("")
    order = ("White", "Mixed", "Asian", "Black", "Other", "Unknown")
    row = whole(pub)
    frame = pd.DataFrame({g: [row[g]] for g in order} | {f"{g} %": [row[f"pct_{g}"]] for g in order},
                         index=pd.Index(["Whole workforce"], name="Staff"), dtype=object)
    return display.Table(frame, "Indicator 1 by Census 2021 ethnic group: the whole workforce", collapsed=True,
                         formats={**{g: display.fmt_count for g in order}, **{f"{g} %": display.fmt_pct for g in order}},
                         notes=["Local breakdown, not part of the national return. Shown for the whole workforce only: "
                                "at each pay level most groups would be too small to publish, and hiding them would "
                                "hide the BME totals too."])


def population_view(pub) -> display.Html:
    """Does the workforce reflect the community it serves? Ethnic minority share of catchment, workforce and levels."""
    p = require_published(pub)
    if pub.standard != "WRES":
        return display.Html("")
    if pub.population.empty:
        return display.note("Census 2021 figures for the area the trust serves were not available for this report, so "
                            "the workforce is not compared with its community.", "missing")
    pop = pub.population.set_index("group")["pct"]
    rep = pub.representation
    rows = rep[(rep["staff_type"] == ALL_STAFF) & rep["level"].isin([ALL_LEVELS, *population.LEVELS])]
    labels = ["Whole workforce" if lvl == ALL_LEVELS else lvl for lvl in rows["level"]]
    big = [is_shown(k) and k >= p.policy.min_population for k in rows["known"]]
    minority = pd.Series([pop["Ethnic minority"]] + [v if ok and is_shown(v) else float("nan")
                                                     for v, ok in zip(rows["pct_known_minority"], big)],
                         index=["Catchment population", *labels], dtype=float)
    text = f"The trust's catchment population is {minority.iloc[0]:.1f}% from ethnic minority groups (Census 2021, " \
           "all usual residents)"
    wf_pct = minority.get("Whole workforce")
    text += f"; its workforce is {wf_pct:.1f}%." if pd.notna(wf_pct) else "."
    senior = minority.get("AfC bands 8c-9 and VSM")
    if senior is not None and pd.notna(senior):
        text += (f" In bands 8c and above and very senior managers it is {senior:.1f}%"
                 + (": representation drops off with seniority." if pd.notna(wf_pct) and senior < min(
                     minority.iloc[0], wf_pct) - 2 else "."))
    chart = charts.paired_bars(
        pd.DataFrame({"% from ethnic minority groups": minority}),
        title="Staff from ethnic minority groups: catchment, workforce and pay levels",
        xlabel="% from ethnic minority groups (not White)", value_format="{:.0f}%", zero_line=False,
        alt="Bar chart of the percentage from ethnic minority groups: " + "; ".join(
            f"{k}: {v:.0f}%" for k, v in minority.dropna().items()) + ".",
        caption="Ethnic minority means every group other than White, for staff with ethnicity recorded and for the "
                f"whole catchment population. Levels with fewer than {p.policy.min_population} staff with ethnicity "
                "recorded, or with figures too small to publish, are not shown.")
    columns = [*population.GROUPS, "Ethnic minority", "Staff with ethnicity recorded"]
    cells = pd.DataFrame([[*pop[list(population.GROUPS)].to_list(), pop["Ethnic minority"], ""]], columns=columns,
                         index=["Catchment population"], dtype=object)
    for label, r, ok in zip(labels, records(rows), big):
        why = f"fewer than {p.policy.min_population} staff" if is_shown(r["known"]) else "not published"
        groups = [(r[f"pct_known_{g}"] if g == "White" or r["level"] == ALL_LEVELS else "") if ok else why
                  for g in population.GROUPS]
        cells.loc[label] = [*groups, r["pct_known_minority"] if ok else why, r["known"]]
    cells.index.name = "Population"
    table = display.Table(cells, "Census 2021 groups: catchment population against the workforce (%)", collapsed=True,
                          formats={**{g: display.fmt_pct for g in (*population.GROUPS, "Ethnic minority")},
                                   "Staff with ethnicity recorded": display.fmt_count},
                          notes=["Each group's share is shown for the whole workforce; at each pay level only the White "
                                 "and ethnic minority shares, since single groups would mostly be too small to publish.",
                                 f"Catchment: {pub.population_source}. Census 2021 counts all usual residents; a "
                                 "working-age breakdown by ethnic group is not in the files the project holds, so "
                                 "younger and older residents are included."])
    return display.stack([display.note(text, "info"), chart, table])


def _pct_ci(row, prefix: str, policy) -> str:
    if not is_shown(row[f"{prefix}pct"]):
        return f"fewer than {policy.min_survey_base} responses"
    low_base = " (low base)" if row[f"{prefix}responses"] < policy.low_survey_base else ""
    return f"{row[f'{prefix}pct']:.1f}% ({row[f'{prefix}low']:.1f}-{row[f'{prefix}high']:.1f}){low_base}"


def survey_table(pub) -> display.Table | display.Html:
    """Survey indicators: both groups' % with Wilson intervals, the difference with its Newcombe interval."""
    p = require_published(pub)
    w, f, r = WORDS[pub.standard], pub.focus, pub.reference
    s = pub.survey[pub.survey["year"] == pub.trust.year]
    if s.empty:
        return display.note("Staff survey results by group were not available for this year.", "missing")
    rows = {}
    for x in records(s):
        if is_shown(x["diff"]):
            diff = f"{x['diff']:+.1f} pp ({x['diff_low']:+.1f} to {x['diff_high']:+.1f})"
            reading = ("worse for " if x["adverse"] else "better for ") + f + (
                ", statistically significant" if x["significant"] else ", within noise")
        else:
            diff, reading = "suppressed", ""
        rows[f"{x['number']}. {w['survey_labels'][x['number']]} ({x['question']})"] = {
            f"{f} % (95% CI)": _pct_ci(x, "focus_", p.policy), f"{r} % (95% CI)": _pct_ci(x, "reference_", p.policy),
            "Difference": diff, "Reading": reading}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Indicator (survey question)"
    problems = [n for n in pub.notes if "question" in n or "survey" in n or "maps" in n]
    return display.Table(frame, f"Staff survey {pub.trust.year - 1}: {f} and {r} respondents", text_columns=("Reading",),
                         notes=[f"Percentages are shown only where at least {p.policy.min_survey_base} people "
                                f"answered; fewer than {p.policy.low_survey_base} is a low base. Differences are the "
                                "focus group minus the reference group, with Newcombe 95% intervals.",
                                "Question numbers differ between survey years; each year's questions are matched to the "
                                "indicators and checked against the results."]
                         + (["Some survey questions could not be matched to an indicator this year and are left out."]
                            if problems else []))


def adjustments_table(pub) -> display.Table | display.Html:
    """WDES metric 8: disabled respondents whose employer has made adequate adjustments."""
    p = require_published(pub)
    a = pub.adjustments[pub.adjustments["year"] == pub.trust.year]
    if a.empty:
        return display.Html("")
    x = records(a)[0]
    frame = pd.DataFrame({"Disabled respondents": [x["responses"]], "Adequate adjustments": [_pct_ci(x, "", p.policy)]},
                         index=pd.Index([f"8. Adequate adjustments ({x['question']})"], name="Metric"))
    return display.Table(frame, "Metric 8: disabled staff only (no comparison group)",
                         formats={"Disabled respondents": display.fmt_count})


def engagement_table(pub) -> display.Table | display.Html:
    """WDES metric 9a: engagement scores as published (from the params file)."""
    require_published(pub)
    e = pub.engagement.set_index("group")["score"]
    if e.empty:
        return display.note("Metric 9a: the published staff engagement scores were not available for this report.",
                            "missing")
    names = {"Disabled": "Disabled staff", "Non-disabled": "Non-disabled staff", "Organisation": "Whole organisation"}
    frame = pd.DataFrame({"Engagement score (0-10)": e.to_list()}, index=pd.Index([names[k] for k in e.index],
                                                                                  name="Group"))
    diff = (f"Difference, disabled minus non-disabled: {e['Disabled'] - e['Non-disabled']:+.1f}."
            if {"Disabled", "Non-disabled"} <= set(e.index) else "")
    return display.Table(frame, "Metric 9a: staff engagement score", formats={"Engagement score (0-10)": lambda v:
                                                                              f"{v:.1f}"},
                         notes=[diff, "Scores as published by the survey coordination centre."])


def voice_text(pub) -> display.Html:
    """WDES metric 9b: the trust's own words on facilitating the voices of disabled staff."""
    require_published(pub)
    v = pub.voice
    if not v:
        return display.note("Metric 9b: the trust's answer was not available for this report.", "missing")
    return display.note(f"Has the trust taken action to facilitate the voices of disabled staff to be heard? "
                        f"{v.get('answer', '')}. {v.get('text', '')}", "info")


def board_table(pub) -> display.Table | display.Html:
    """Indicator 9 / metric 10: the focus group's share of the board against the workforce, in percentage points."""
    p = require_published(pub)
    w, f = WORDS[pub.standard], pub.focus
    b = pub.board
    if b.empty:
        return display.note("No board register for this year.", "missing")
    share = whole(pub)[f"pct_{f}"]
    frame = pd.DataFrame({"Members": b["members"].to_list(), f: b["focus"].to_list(),
                          f"% {f} on the board": b["pct_board"].to_list(), "% of workforce": [share] * len(b),
                          "Difference (percentage points)": b["diff_pp"].to_list()},
                         index=pd.Index(b["board"], name="Board"))
    public = ("Board members hold public office, so their counts are published however small."
              if not p.policy.suppress_board else
              "Counts too small to publish are hidden, as the trust has chosen for its board.")
    return display.Table(frame, f"{w['term']} {w['board_number']}: board membership against the workforce",
                         formats={"Members": display.fmt_count, f: display.fmt_count,
                                  f"% {f} on the board": display.fmt_pct, "% of workforce": display.fmt_pct,
                                  "Difference (percentage points)": display.fmt_pp},
                         notes=["Negative: under-represented on the board. Percentages include members whose group "
                                "is not recorded.", public])


def notes_view(pub) -> display.Html:
    """Data problems and comparisons that could not be made, or nothing."""
    require_published(pub)
    if not pub.notes:
        return display.Html("")
    return display.note("Notes on the data: " + " ".join(n if n.endswith(".") else n + "." for n in pub.notes),
                        "caution")
