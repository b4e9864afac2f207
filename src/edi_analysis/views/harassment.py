"""The HIA 6 report as a reader sees it, from published :class:`~edi_analysis.results.harassment.HarassmentResults`.

Figures are read from the published tables only. A hidden survey figure is worded as too few responses
(the survey base, ``policy.min_survey_base``); a shown one from fewer than ``policy.low_survey_base``
responses is flagged as a low base. The "so what" findings quote only shown figures, and a quarterly
series with any hidden quarter gets a sentence instead of a chart.
"""

from __future__ import annotations

import pandas as pd

from ..disclosure import is_hidden, is_shown, require_published
from ..metrics.harassment import MEASURES
from ..results.harassment import PAIRS
from . import charts, display, wording
from .trends import latest, series_chart, series_concerns, series_signals

__all__ = [
    "group_table",
    "overview_table",
    "quarterly_charts",
    "so_what",
    "targets_view",
    "title",
    "triangulation_table",
]

_KINDS = {"incidents": ("Violence and aggression incidents", "incidents per 1,000 staff"),
          "cases": ("Bullying and harassment cases", "cases per 1,000 staff"),
          "grievances": ("Grievances", "cases per 1,000 staff")}
_TRIANGULATION_MEASURES = ("harassment_staff", "harassment_public", "discrimination_staff", "violence_public")


def _label(measure: str) -> str:
    return MEASURES.get(measure, measure)


def _all_shown(*values: object) -> bool:
    return all(is_shown(v) for v in values)


def _row(table: pd.DataFrame, **where: object) -> pd.Series | None:
    mask = pd.Series(True, index=table.index)
    for col, value in where.items():
        mask &= table[col] == value
    rows = table[mask]
    return rows.iloc[0] if len(rows) else None


def _series_title(key: str) -> tuple[str, str]:
    kind, group = key.split("_", 1)
    label, ylabel = _KINDS[kind]
    return f"{label}: {group} staff", ylabel


def title(pub) -> display.Html:
    """Report title."""
    publication = require_published(pub)
    return display.title(f"Bullying, harassment, discrimination and violence {pub.year}", pub.trust.name,
                         f"Staff survey {pub.survey_year}; the trust's own records to 31 March {pub.year} · "
                         f"{pub.trust.trust_type} trust", synthetic=pub.trust.synthetic, internal=publication.internal)


# --- so what ------------------------------------------------------------------------------------------

def _candidates(pub) -> list[dict]:
    found = []
    s = pub.survey
    base = pub.publication.policy.min_survey_base
    for _, row in s[s["dimension"] != "All staff"].iterrows():
        if row["significant"] is not True or row["adverse"] is not True:
            continue
        # Internal mode keeps small groups' figures; a finding for the board still needs the survey base.
        if not _all_shown(row["responses"], row["ref_responses"]) or min(row["responses"], row["ref_responses"]) < base:
            continue
        ref = _row(s, measure=row["measure"], dimension=row["dimension"], group=row["reference"])
        if ref is None or not _all_shown(row["pct"], row["gap"], row["gap_low"], row["gap_high"], ref["pct"]):
            continue
        gap, low, high = float(row["gap"]), float(row["gap_low"]), float(row["gap_high"])
        # Rank on the end of the interval nearest zero, so a robust gap outranks a large but noisy one.
        found.append({
            "key": ("survey", row["measure"]), "score": low if gap > 0 else -high,
            "title": f"{_label(row['measure'])}: {row['group']} ({row['dimension'].lower()})",
            "evidence": (f"{float(row['pct']):.1f}% of {row['group']} respondents against {float(ref['pct']):.1f}% of "
                         f"{row['reference']} respondents (difference {gap:+.1f} percentage points, 95% interval {low:+.1f} to "
                         f"{high:+.1f}) in the {pub.survey_year} staff survey."),
            "question": f"What is being done about this for {row['group']} staff, and what result would show the "
                        "board it is working by next year's survey?"})
    for _, t in pub.targets.groupby("target", sort=True):
        last = t.iloc[-1]
        if last["status"] != "off_track" or not _all_shown(last["value"], last["low"], last["milestone"],
                                                           last["target_value"]):
            continue
        found.append({
            "key": ("target", last["measure"]), "score": 20 + abs(float(last["value"]) - float(last["milestone"])),
            "title": f"Target off track: {_label(str(last['measure']))}",
            "evidence": (f"{float(last['value']):.1f} in {last['year']} against a milestone of "
                         f"{float(last['milestone']):.1f} on the way to {float(last['target_value']):.1f} by "
                         f"{last['target_year']}; the whole 95% interval ({float(last['low']):.1f} to "
                         f"{float(last['high']):.1f}) is {'below' if bool(last['higher_is_better']) else 'above'} "
                         "the path."),
            "question": "Is the plan behind this target being delivered and resourced, and does the target need "
                        "a different plan rather than a different number?"})
    for key, t in pub.quarterly.items():
        # any quarter of concern counts, as the chart draws it, not only the latest
        if series_concerns(t):
            found.append({
                "key": ("spc", key), "score": 15, "title": f"Signals of concern: {_series_title(key)[0]}",
                "evidence": f"{series_signals(t)} Latest {latest(t)}.",
                "question": "What changed, and is the rise in harm or in reporting?"})
    return sorted(found, key=lambda c: -c["score"])


def so_what(pub, n: int = 3) -> display.Html:
    """The three findings that most need a board's attention, each with its evidence and a question to ask."""
    require_published(pub)
    chosen, seen = [], set()
    for c in _candidates(pub):
        if c["key"] in seen:
            continue
        seen.add(c["key"])
        chosen.append(c)
        if len(chosen) == n:
            break
    if not chosen:
        return display.findings([("No group reports a significantly worse experience, no target is off track and no "
                                 "quarterly series signals a concern. Keep the measures under review: absence of a "
                                 "signal is not evidence of safety, especially for small groups.")], heading="So what")
    items = [f"{c['title'][0].upper()}{c['title'][1:]}. {c['evidence']} Board question: {c['question']}" for c in chosen]
    return display.findings(items, heading="So what: three findings for the board")


# --- survey tables ------------------------------------------------------------------------------------

def _pct_cell(r: pd.Series, policy) -> str:
    if not _all_shown(r["pct"], r["low"], r["high"]):
        return f"fewer than {policy.min_survey_base} responses"
    low_base = " (low base)" if is_shown(r["responses"]) and int(r["responses"]) < policy.low_survey_base else ""
    return f"{float(r['pct']):.1f}% ({float(r['low']):.1f}-{float(r['high']):.1f}){low_base}"


def _low_base_notes(cells, policy) -> list[str]:
    """The low-base footnote, when a shown percentage in the table carries the flag."""
    if not any(str(c).endswith("(low base)") for c in cells):
        return []
    return [(f"Low base: fewer than {policy.low_survey_base} responses; the interval is wide, read the figure with "
            "caution.")]


def overview_table(pub) -> display.Table:
    """Every measure for all staff, with its interval and where it sits among similar trusts."""
    publication = require_published(pub)
    policy = publication.policy
    s = pub.survey
    rows = {}
    for _, r in s[(s["dimension"] == "All staff") & (s["group"] == "All staff")].iterrows():
        peer = ""
        nat = _row(pub.national, measure=r["measure"]) if len(pub.national) else None
        if nat is not None and _all_shown(nat["pct_lower"], nat["peer_median"]):
            peer = (f"median {float(nat['peer_median']):.1f}%; this trust higher than {float(nat['pct_lower']):.0f}% "
                    f"of {int(nat['peer_n'])} {pub.trust.trust_type.lower()} trusts ({int(nat['peer_year'])})")
        rows[_label(r["measure"])] = {"Respondents": r["responses"], "% (95% CI)": _pct_cell(r, policy),
                                      "Similar trusts": peer}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Measure"
    notes = [("Percentages of respondents who experienced it at least once in the last 12 months (reported: of those "
             "who experienced harassment)."), *_low_base_notes(frame.get("% (95% CI)", []), policy)]
    if pub.national_problem:
        notes.append("Similar trusts: national staff survey figures were not available for this report.")
    return display.Table(frame, f"All staff, NHS Staff Survey {pub.survey_year}", text_columns=("Similar trusts",),
                         formats={"Respondents": display.fmt_count}, notes=notes)


def group_table(pub, measure: str, collapsed: bool = False) -> display.Table | display.Html:
    """One measure by every protected characteristic in the survey, with the gap to each reference group."""
    publication = require_published(pub)
    policy = publication.policy
    s = pub.survey
    t = s[(s["measure"] == measure) & (s["dimension"] != "All staff")]
    if not len(s[s["measure"] == measure]):
        return display.note(f"{_label(measure)}: not asked in the {pub.survey_year} survey.", "missing")
    rows = {}
    for _, r in t.iterrows():
        ref = _row(t, dimension=r["dimension"], group=r["reference"])
        if r["group"] == r["reference"]:
            gap = "reference"
        elif ref is None or not _all_shown(r["gap"], r["gap_low"], r["gap_high"], ref["pct"]):
            # A gap is read against the reference group's published figure; if that is hidden, so is the gap.
            gap = "–"
        else:
            gap = (f"{float(r['gap']):+.1f} pp ({float(r['gap_low']):+.1f} to {float(r['gap_high']):+.1f})"
                   + (" significant" if r["significant"] is True else ""))
        rows[f"{r['dimension']}: {r['group']}"] = {"Respondents": r["responses"], "% (95% CI)": _pct_cell(r, policy),
                                                   "Gap to reference": gap}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Group"
    return display.Table(frame, f"{_label(measure)}, by group ({pub.survey_year} survey)", collapsed=collapsed,
                         text_columns=("Gap to reference",), formats={"Respondents": display.fmt_count},
                         notes=[(f"Groups with fewer than {policy.min_survey_base} responses are not shown. Gaps are the "
                                "group minus the reference group in percentage points, with Newcombe 95% intervals."),
                                *_low_base_notes(frame.get("% (95% CI)", []), policy)])


# --- targets ------------------------------------------------------------------------------------------

def _target_parts(t: pd.DataFrame) -> list[object]:
    first, last = t.iloc[0], t.iloc[-1]
    gap = last["kind"] == "gap"
    what = _label(str(last["measure"])).lower()
    if gap:
        what = f"the gap between {last['group']} and {last['reference']} staff in {what}"
    unit = " pp" if gap else "%"
    if not _all_shown(last["target_value"], first["value"]):
        return [display.note(f"Target: {what} by {last['target_year']}. Its baseline rests on too few responses to "
                             "publish, so the path and the result are not shown.", "caution")]
    head = (f"Target: {what} to {float(last['target_value']):.1f}{unit} by {last['target_year']} (baseline "
            f"{float(first['value']):.1f} in {first['year']}). ")
    if not _all_shown(last["value"], last["low"], last["high"], last["milestone"], last["status"]):
        return [display.note(head + f"In {last['year']}: too few responses to publish the result.", "caution")]
    parts: list[object] = [display.note(
        head + f"In {last['year']}: {float(last['value']):.1f} (95% interval {float(last['low']):.1f} to "
        f"{float(last['high']):.1f}) against a milestone of {float(last['milestone']):.1f}: "
        f"{wording.target_status(last['status'], last['met'], last['year'], last['target_year'])}.",
        "info" if last["status"] == "on_track" else "caution")]
    cols = ["value", "low", "high", "milestone", "status", "met"]
    if t[cols].map(is_hidden).any().any():
        parts.append(display.note("The chart is not shown: some years rest on too few responses to publish.",
                                  "caution"))
        return parts
    track = t.set_index("year")[cols].astype({c: float for c in cols[:4]})
    parts.append(charts.target_chart(
        track, target_year=int(last["target_year"]), target_value=float(last["target_value"]), title=f"Target: {what}",
        ylabel="pp" if gap else "% of respondents",
        alt=f"Chart of {what} by survey year with 95% intervals against a straight path to "
            f"{float(last['target_value']):.1f} in {last['target_year']}: " + "; ".join(
                f"{y}: {r['value']:.1f} (milestone {r['milestone']:.1f}, "
                f"{wording.target_status(r['status'], r['met'], y, last['target_year'])})"
                for y, r in track.iterrows()) + ".",
        caption="Points are each survey's result with its 95% interval; the dashed line is the path to the target. "
                + wording.path_caption(bool(last["higher_is_better"]))))
    return parts


def _basis(r: pd.Series) -> str:
    if r["basis"] == "best_quartile":
        return f"the best quarter of {int(r['peer_n'])} similar trusts ({float(r['peer_best_quartile']):.1f}%)"
    return f"a further 10% reduction (already in the best quarter of {int(r['peer_n'])} similar trusts)"


def targets_view(pub) -> display.Html:
    """Targets from params with their paths and ratings; suggested targets where none are set."""
    require_published(pub)
    parts: list[object] = []
    for _, t in pub.targets.groupby("target", sort=True):
        parts += _target_parts(t)
    if pub.target_problems:  # what is wrong with each target is for the analyst (pub.target_problems)
        parts.append(display.note("Some of the trust's targets could not be tracked, so they are not shown.", "caution"))
    rows = {}
    for _, r in pub.national.iterrows():
        if r["targeted"] is True or not _all_shown(r["target_value"], r["pct"], r["basis"]):
            continue
        rows[_label(r["measure"])] = {"Now": f"{float(r['pct']):.1f}%", "Suggested target": f"{float(r['target_value']):.1f}%",
                                      "By": str(int(r["target_year"])), "Based on": _basis(r)}
    if rows:
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "Measure"
        parts.append(display.Table(frame, "Suggested targets where the trust has set none", text_columns=("Based on",),
                                   notes=[("A starting point for the board to adopt or change: reach the best quarter of "
                                          f"similar ({pub.trust.trust_type.lower()}) trusts in three years, or, for a "
                                          "trust already there, a further 10% reduction. Once the board adopts a target, "
                                          "this report tracks progress against it.")]))
    if not parts:
        parts.append(display.note("No targets are set and no suggestion could be made (national results are not "
                                  "available).", "missing"))
    return display.stack(parts)


# --- records ------------------------------------------------------------------------------------------

def quarterly_charts(pub, kind: str) -> display.Html:
    """SPC charts of incidents or cases per 1,000 staff by group, quarter by quarter (or why they are not shown)."""
    require_published(pub)
    chosen = {k: t for k, t in pub.quarterly.items() if k.startswith(kind + "_")}
    if not chosen:
        return display.note("Quarter-by-quarter figures were not available for this report, so these charts "
                            "cannot be shown.", "missing")
    return display.stack([series_chart(t, *_series_title(k)) for k, t in chosen.items()])


def _fmt(v: object, percent: bool) -> str:
    if isinstance(v, str):
        return v
    if v is None or pd.isna(v):  # type: ignore[arg-type]
        return "n/a"
    return f"{float(v):.1f}%" if percent else f"{float(v):.1f}"  # type: ignore[arg-type]


def triangulation_table(pub, dimension: str) -> display.Table | display.Html:
    """Survey, cases and incidents for the same two groups side by side: do they tell the same story?"""
    require_published(pub)
    focus, reference = PAIRS[dimension]
    rows = {}
    s = pub.survey
    for m in _TRIANGULATION_MEASURES:
        f = _row(s, measure=m, dimension=dimension, group=focus)
        r = _row(s, measure=m, dimension=dimension, group=reference)
        if f is None or r is None:
            continue
        ratio = f["ratio"] if _all_shown(f["pct"], r["pct"]) else None
        rows[f"Staff survey: {_label(m)}"] = (f["pct"], r["pct"], ratio, "% of respondents", True)
    rates = pub.rates[(pub.rates["year"] == pub.year) & (pub.rates["dimension"] == dimension)]
    for source in dict.fromkeys(rates["source"]):
        f = _row(rates, source=source, group=focus)
        r = _row(rates, source=source, group=reference)
        if f is None or r is None:
            continue
        ratio = f["ratio"] if _all_shown(f["rate"], r["rate"]) else None
        rows[source] = (f["rate"], r["rate"], ratio, "per 1,000 staff a year", False)
    if not rows:
        return display.note(f"Nothing to compare for {dimension.lower()}.", "missing")
    frame = pd.DataFrame({
        focus: [_fmt(v[0], v[4]) for v in rows.values()],
        reference: [_fmt(v[1], v[4]) for v in rows.values()],
        "Ratio": [f"{float(v[2]):.2f}" if is_shown(v[2]) else "" for v in rows.values()],
        "Unit": [v[3] for v in rows.values()],
    }, index=pd.Index(list(rows), name="Source"))
    return display.Table(frame, f"{dimension}: survey, cases and incidents side by side ({pub.year})",
                         text_columns=("Unit",),
                         notes=[(f"Ratio: {focus} / {reference}; above 1 means {focus} staff are affected more. Survey "
                                f"results are from autumn {pub.survey_year}; cases and incidents from the financial "
                                f"year to 31 March {pub.year}. When the survey shows a higher ratio than the trust's "
                                "records, harm may be going unreported. Figures from too few responses or cases are "
                                "not published.")])
