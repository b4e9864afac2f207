"""WRES and WDES relative likelihood tables, the year-on-year table and the submission export, from published results.

Each relative likelihood is shown with both groups' own counts under their own names, the group whose rate
is the numerator first. The submission CSV is built from the same published tables as the HTML, so it
hides exactly what the report hides.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..disclosure import is_hidden, is_shown, require_published
from ..io.write import write_csv
from ..metrics import wdes, wres
from ..results.standards import ALL_LEVELS, ALL_STAFF, SENIOR
from ..results.standards_rl import CENSUS_GROUPS
from . import display, wording

__all__ = [
    "WORDS",
    "comparisons_table",
    "export_submission",
    "hidden_subgroups",
    "likelihood_table",
    "lower",
    "records",
    "rl_reading",
    "statutory",
    "subgroup_table",
    "submission_table",
    "trend_table",
    "whole",
]

WORDS: dict[str, dict] = {
    "WRES": dict(name="Workforce Race Equality Standard", term="Indicator", dimension="ethnicity",
                 process_name="the formal disciplinary process", board_number="9",
                 survey_labels={n: label for n, (_, label) in wres.SURVEY_INDICATORS.items()}),
    "WDES": dict(name="Workforce Disability Equality Standard", term="Metric", dimension="disability",
                 process_name="the formal capability process (performance only)", board_number="10",
                 survey_labels={n: label for n, (_, label) in wdes.SURVEY_METRICS.items()}),
}
_WHAT = {"2": "appointment from shortlisting", "3": "entering {process}", "4": "accessing non-mandatory training"}
_SPLITS = {"staff_group": "staff group", "route": "recruitment route", "census": "Census 2021 ethnic group"}
_SUBGROUP_KEYS = {"process_staff_group": ("3", "staff_group"), "process_route": ("3", "route"),
                  "process_ethnicity_census5": ("3", "census"), "appointment_ethnicity_census5": ("2", "census"),
                  "training_staff_group": ("4", "staff_group")}


def low_base(pub, responses: object) -> bool:
    """True when a shown survey base is below the policy's ``low_survey_base`` (the figure needs a low-base flag)."""
    return is_shown(responses) and int(responses) < pub.publication.policy.low_survey_base


def lower(label: str) -> str:
    """Lower-case a group label for a sentence, keeping acronyms such as BME."""
    return label if label.isupper() else label.lower()


def records(frame: pd.DataFrame) -> list[dict]:
    """A published table's rows as dicts, hidden markers kept (a row Series of only text would turn them into str)."""
    return frame.to_dict("records")


def whole(pub) -> dict:
    """Indicator 1's whole-workforce row (published)."""
    rep = pub.representation
    return records(rep[(rep["staff_type"] == ALL_STAFF) & (rep["level"] == ALL_LEVELS)])[0]


def _basis_rows(pub, indicator: str) -> pd.DataFrame:
    lk = pub.likelihoods
    if indicator == "3" and len(pub.window) > 1:
        return lk[(lk["indicator"] == "3") & (lk["basis"] == "pooled")]
    return lk[(lk["indicator"] == indicator) & (lk["basis"] == "year") & (lk["years"] == str(pub.trust.year))]


def statutory(pub, indicator: str, *, single: bool = False):
    """The statutory comparison's report-year row (indicator 3: pooled unless ``single``), or None."""
    lk = pub.likelihoods
    rows = lk[(lk["indicator"] == indicator) & (lk["years"] == str(pub.trust.year)) & (lk["basis"] == "year")] \
        if single else _basis_rows(pub, indicator)
    rows = rows[(rows["split"] == "all") & (rows["focus"] == pub.focus) & (rows["reference"] == pub.reference)]
    return records(rows)[0] if len(rows) else None


def rl_reading(pub, r) -> str:
    """How to read a published ratio; volatility from the policy's ``volatile_events``."""
    if is_hidden(r["rl"]):
        return "small numbers: not published"
    if not is_shown(r["rl"]):
        return "not calculable"
    sig = r["significant"]
    text = wording.range_words(bool(r["within_range"]), bool(sig) if isinstance(sig, (bool, np.bool_)) else None)
    if min(r["focus_events"], r["reference_events"]) < pub.publication.policy.volatile_events:
        text += "; small numbers: may change markedly year to year"
    return text


def _cells(pub, r, who: str, focus_name: str | None = None) -> dict[str, object]:
    """Counts (numerator group first, each under its own name), ratio, interval and reading."""
    f, ref = focus_name or r["focus"], r["reference"]
    fc = {f"{f}: events": r["focus_events"], f"{f}: {who}": r["focus_n"]}
    rc = {f"{ref}: events": r["reference_events"], f"{ref}: {who}": r["reference_n"]}
    counts = {**rc, **fc} if r["numerator"] == "reference" else {**fc, **rc}
    rl = f"{r['rl']:.2f}" if is_shown(r["rl"]) else ("suppressed" if is_hidden(r["rl"]) else "n/a")
    ci = f"{r['low']:.2f} to {r['high']:.2f}" if is_shown(r["low"]) and is_shown(r["high"]) and is_shown(r["rl"]) else ""
    return {**counts, "Relative likelihood": rl, "95% interval": ci, "Reading": rl_reading(pub, r)}


def _table(frame: pd.DataFrame, caption: str, notes: list[str]) -> display.Table:
    counts = [c for c in frame.columns if c.endswith((": events", ": applicants", ": staff"))]
    return display.Table(frame, caption, text_columns=("Reading",), formats={c: display.fmt_count for c in counts},
                         notes=notes)


def excluded_note(pub) -> str:
    """Data quality: people who entered the process but are outside the headcount, by year of the window."""
    require_published(pub)
    w = WORDS[pub.standard]
    ex = pub.process_excluded
    parts = []
    for y in pub.window:
        rows = ex[ex["years"] == str(y)].set_index("reason")["people"]
        if rows.empty:
            continue
        found = [f"{display.fmt_count(rows[k])} {what}" for k, what in
                 (("bank", "bank-only staff"), ("not_in_headcount", "people not on the 31 March staff record, such as "
                                                                     "leavers"))
                 if k in rows.index and not (is_shown(rows[k]) and int(rows[k]) == 0)]
        if found:
            parts.append(f"{y}: " + " and ".join(found))
    if not parts:
        return f"Everyone recorded as entering {w['process_name']} was in the headcount."
    hidden = any(is_hidden(v) for v in ex["people"])
    return (f"Data quality: entrants to {w['process_name']} outside the headcount are not counted ("
            + "; ".join(parts) + ")" + (f"; counts under {pub.publication.policy.min_count} are not published"
                                        if hidden else "") + ".")


def likelihood_table(pub, indicator: str) -> display.Table | display.Html:
    """Indicator 2, 3 or 4 with counts, the relative likelihood, its interval, the 0.80-1.25 band and a reading."""
    p = require_published(pub)
    w, f, r = WORDS[pub.standard], pub.focus, pub.reference
    if indicator == "2":
        row = statutory(pub, "2")
        rows = {"This year": row}
        what = f"Relative likelihood of {r} applicants being appointed from shortlisting compared with {f} applicants"
        note = (f"Events are appointments; groups are shortlisted applicants. {display.fmt_count(row['dropped'])} "
                "application(s) recorded as appointed without being shortlisted were left out as data errors.")
    elif indicator == "3":
        pooled, single = statutory(pub, "3"), statutory(pub, "3", single=True)
        rows = ({f"Pooled {pooled['years']}": pooled} if len(pub.window) > 1 else {}) | \
            {f"Single year {pub.trust.year}": single}
        what = f"Relative likelihood of {f} staff entering {w['process_name']} compared with {r} staff"
        note = (f"Counts pooled over {len(pub.window)} years (headcount at 31 March of each year), with the latest "
                f"single year beside it; each person counts once a year. Population: the staff in each year's 31 "
                f"March headcount (bank-only staff excluded); both the entrants and the staff they are compared with "
                f"come from it, each in the group of their staff record. This measures {w['process_name']} only and "
                "is not comparable with the other standard's metric 3, which measures a different process. "
                + excluded_note(pub))
    elif indicator == "4" and pub.standard == "WRES":
        rows = {"This year": statutory(pub, "4")}
        what = f"Relative likelihood of {r} staff accessing non-mandatory training and CPD compared with {f} staff"
        note = "A person counts once if they took part in any non-mandatory training or CPD during the year."
    else:
        raise ValueError(f"indicator {indicator!r} is not a relative likelihood in the {pub.standard}.")
    who = "applicants" if indicator == "2" else "staff"
    frame = pd.DataFrame({k: _cells(pub, v, who) for k, v in rows.items()}).T
    frame.index.name = "Basis"
    return _table(frame, f"{w['term']} {indicator}: {what}",
                  [note, "Above 1 is adverse for the group the standard protects. 0.80 to 1.25 is the non-adverse "
                   "range (the four-fifths rule); the interval shows whether the difference could be chance. Ratios "
                   f"from fewer than {p.policy.min_count} events in a group are not published."])


def hidden_subgroups(pub, split: str | None = None) -> list[str]:
    """Subgroups whose published indicator 3 ratio is clearly worse than the aggregate's (what aggregation hides),
    of one ``split`` (``staff_group``, ``route``, ``all`` for the Census 2021 groups) or of every split."""
    agg = statutory(pub, "3")
    if agg is None or not is_shown(agg["rl"]):
        return []
    lk = pub.likelihoods
    basis = "pooled" if len(pub.window) > 1 else "year"
    parts = lk[(lk["indicator"] == "3") & (lk["basis"] == basis) & (lk["years"] == agg["years"])
               & (((lk["split"] != "all") & (lk["focus"] == pub.focus))
                  | ((lk["split"] == "all") & (lk["focus"] != pub.focus) & (lk["reference"] == pub.reference)))]
    aggregate_reassures = bool(agg["within_range"]) or not bool(agg["significant"])
    found = []
    for r in records(parts):
        if split is not None and r["split"] != split:
            continue
        if not (is_shown(r["rl"]) and is_shown(r["low"])) or r["within_range"] or not r["significant"]:
            continue
        if r["rl"] >= agg["rl"] * 1.2 or (aggregate_reassures and r["rl"] > agg["rl"]):
            name = r["subgroup"] if r["split"] != "all" else r["focus"]
            found.append(f"{name} ({_SPLITS['census' if r['split'] == 'all' else r['split']]}): {r['rl']:.2f}, 95% interval {r['low']:.2f} to "
                         f"{r['high']:.2f}")
    return found


def subgroup_table(pub, key: str) -> display.Table | display.Html:
    """A relative likelihood within each subgroup, beside the aggregate (all in one published table)."""
    require_published(pub)
    if key not in _SUBGROUP_KEYS:
        raise ValueError(f"unknown subgroup table {key!r}; use one of {', '.join(_SUBGROUP_KEYS)}")
    indicator, split = _SUBGROUP_KEYS[key]
    agg = statutory(pub, indicator)
    if agg is None or (split == "census" and pub.standard != "WRES"):
        return display.Html("")
    w, f, r = WORDS[pub.standard], pub.focus, pub.reference
    rows = _basis_rows(pub, indicator)
    rows = rows[rows["years"] == agg["years"]]
    if split == "census":
        rows = rows[(rows["split"] == "all") & rows["focus"].isin(CENSUS_GROUPS) & (rows["reference"] == r)]
        labels = rows["focus"]
    else:
        rows = rows[(rows["split"] == split) & (rows["focus"] == f) & (rows["reference"] == r)]
        labels = rows["subgroup"]
    if rows.empty:
        return display.Html("")
    who = "applicants" if indicator == "2" else "staff"
    name = "Group" if split == "census" else None
    data = {"All staff (aggregate)": _cells(pub, agg, who, name)}
    data |= {str(lab): _cells(pub, row, who, name) for lab, row in zip(labels, records(rows))}
    frame = pd.DataFrame(data).T
    frame.index.name = "Subgroup"
    compare = (f"each part of the {f} group against all {r} staff" if split == "route" else
               f"{r} applicants with each group" if indicator == "2" else
               f"each group against {r} staff" if split == "census" else
               f"{f} and {r} staff within each {_SPLITS[split]}")
    what = _WHAT[indicator].format(process=w["process_name"])
    table = _table(frame, f"Relative likelihood of {what}, by {_SPLITS[split]}",
                   [f"Compares {compare}. Not part of the national return: a local breakdown. Where a small count is "
                    "hidden, a second count is hidden too (*) so that it cannot be worked out from the aggregate."])
    worse = hidden_subgroups(pub, "all" if split == "census" else split) if indicator == "3" else []
    if not worse:
        return table
    return display.stack([display.note(f"The aggregate hides a worse figure for a subgroup: {'; '.join(worse)}, "
                                       f"against {agg['rl']:.2f} for all {lower(f)} staff.", "caution"), table])


def comparisons_table(pub) -> display.Table | display.Html:
    """Indicators 2, 3 and 4 for each extra comparison chosen in the params file (``comparisons``)."""
    require_published(pub)
    if not pub.comparisons:
        return display.note("No further comparisons were chosen for this trust.", "info")
    w = WORDS[pub.standard]
    data = {}
    for focus, reference in pub.comparisons:
        for ind in ("2", "3", "4"):
            rows = _basis_rows(pub, ind)
            rows = rows[(rows["split"] == "all") & (rows["focus"] == focus) & (rows["reference"] == reference)]
            if rows.empty:
                continue
            row = records(rows)[0]
            c = _cells(pub, row, "group", "Focus")
            c = {("Reference" + k[len(reference):] if k.startswith(reference + ":") else k): v for k, v in c.items()}
            data[f"{w['term']} {ind}: {focus} compared with {reference} ({row['years']})"] = c
    if not data:
        return display.note("None of the chosen comparisons could be made; see the notes on the data.", "missing")
    cols = ["Focus: events", "Focus: group", "Reference: events", "Reference: group", "Relative likelihood",
            "95% interval", "Reading"]
    frame = pd.DataFrame(data).T[cols]
    frame.index.name = "Comparison"
    return display.Table(frame, "Further comparisons chosen by the trust", text_columns=("Reading",),
                         formats={c: display.fmt_count for c in cols[:4]},
                         notes=["Same definitions and orientation as the statutory figures: indicators 2 and 4 put "
                                "the reference group's rate on top, indicator 3 the focus group's, so above 1 is "
                                "adverse for the focus group. Local analysis, not part of the national return."])


def _fmt_change(v, beyond, digits: int, unit: str) -> str:
    if is_hidden(v):
        return "suppressed"
    if not is_shown(v):
        return ""
    return f"{v:+.{digits}f}{unit} ({'beyond noise' if beyond else 'within noise'})"


def trend_table(pub) -> display.Table:
    """Each indicator for every year, with the change since last year and whether it is beyond noise."""
    require_published(pub)
    w, f = WORDS[pub.standard], pub.focus
    yoy = pub.year_on_year
    rows: dict[str, dict] = {}

    def add(label: str, t: pd.DataFrame, value: str, digits: int, unit: str, base: str | None = None) -> None:
        if t.empty:
            return
        bases = t[base] if base else [None] * len(t)
        vals = {str(int(y)): (f"{v:.{digits}f}{'%' if unit else ''}" + (" (low base)" if base and low_base(pub, n)
                                                                        else "") if is_shown(v) else
                              "suppressed" if is_hidden(v) else "n/a") for y, v, n in zip(t["year"], t[value], bases)}
        last = t.iloc[-1]
        vals["Change since last year"] = _fmt_change(last["change"], last["beyond_noise"], digits, unit)
        rows[label] = vals

    add(f"1. {f} % of workforce", yoy["share"], "pct", 1, " pp")
    rl = yoy["rl"]
    add("2. Appointment from shortlisting (RL)", rl[rl["indicator"] == "2"], "rl", 2, "")
    add(f"3. Entry to {w['process_name']} (single-year RL)", rl[rl["indicator"] == "3"], "rl", 2, "")
    add("4. Non-mandatory training (RL)", rl[rl["indicator"] == "4"], "rl", 2, "")
    s = yoy["survey"]
    for num, label in w["survey_labels"].items():
        add(f"{num}. {label}: {f} respondents", s[s["number"] == num], "pct", 1, " pp", base="focus_responses")
    frame = pd.DataFrame.from_dict(rows, orient="index").fillna("")
    frame.index.name = "Indicator"
    policy = pub.publication.policy
    return display.Table(frame, "Every indicator by reporting year", text_columns=tuple(frame.columns),
                         notes=["Change since last year: for a relative likelihood, a z-test on the log ratio; for a "
                                "percentage, the Newcombe interval of the difference. Years are treated as independent "
                                "(an approximation). A change is not published when either year's figure is not. "
                                "Survey figures are for the survey fielded the autumn before each reporting year; "
                                f"those from fewer than {policy.min_survey_base} responses are not shown, and those "
                                f"from fewer than {policy.low_survey_base} are marked (low base): read them with "
                                "caution."])


def submission_table(pub) -> pd.DataFrame:
    """The national return's figures as one tidy table, read from the published tables (hidden where they are)."""
    require_published(pub)
    w = WORDS[pub.standard]
    rows = []
    rep = pub.representation
    for r in records(rep[(rep["staff_type"] != ALL_STAFF) | rep["level"].isin([ALL_LEVELS, SENIOR])]):
        for g in pub.groups:
            rows.append(("1", f"{r['staff_type']}: {r['level']}", g, r[g], r["total"], r[f"pct_{g}"]))
    labels = {"2": "Appointed from shortlisting", "3": f"Entered {w['process_name']}",
              "4": "Accessed non-mandatory training or CPD"}
    pairs = [(pub.focus, pub.reference), *pub.comparisons]
    for ind in ("2", "3", "4"):
        t = _basis_rows(pub, ind)
        for focus, reference in pairs:
            sel = t[(t["split"] == "all") & (t["focus"] == focus) & (t["reference"] == reference)]
            if sel.empty:
                continue
            r = records(sel)[0]
            label = f"{labels[ind]} ({r['years']})"
            if (focus, reference) != (pub.focus, pub.reference):
                label += f": {focus} compared with {reference}"
            rows.append((ind, label, focus, r["focus_events"], r["focus_n"], None))
            rows.append((ind, label, reference, r["reference_events"], r["reference_n"], None))
            rows.append((ind, label, "Relative likelihood", None, None, r["rl"]))
    s = pub.survey[pub.survey["year"] == pub.trust.year]
    low: set[int] = set()  # rows of survey figures from a low base
    for x in records(s):
        for g, p in ((pub.focus, "focus_"), (pub.reference, "reference_")):
            if is_shown(x[f"{p}pct"]) and low_base(pub, x[f"{p}responses"]):
                low.add(len(rows))
            rows.append((x["number"], f"Staff survey {x['question']}", g, x[f"{p}positive"], x[f"{p}responses"],
                         x[f"{p}pct"]))
    for x in records(pub.adjustments[pub.adjustments["year"] == pub.trust.year]):
        if is_shown(x["pct"]) and low_base(pub, x["responses"]):
            low.add(len(rows))
        rows.append(("8", f"Adequate adjustments ({x['question']})", "Disabled", x["positive"], x["responses"], x["pct"]))
    for b in records(pub.board):
        rows.append((w["board_number"], b["board"], pub.focus, b["focus"], b["members"], b["diff_pp"]))
    frame = pd.DataFrame(rows, columns=["indicator", "breakdown", "group", "numerator", "denominator", "value"],
                         dtype=object)
    frame["suppressed"] = frame[["numerator", "denominator", "value"]].map(is_hidden).any(axis=1)
    frame["low_base"] = [i in low for i in range(len(frame))]  # a survey figure from fewer than low_survey_base
    for c in ("numerator", "denominator"):  # whole numbers stay whole beside the markers and blanks
        frame[c] = pd.Series([v if is_hidden(v) or not is_shown(v) else int(v) for v in frame[c]], index=frame.index,
                             dtype=object)
    frame.insert(0, "standard", pub.standard)
    frame.insert(1, "trust_code", pub.trust.code)
    frame.insert(2, "year", pub.trust.year)
    return frame


def export_submission(pub, output_dir: str) -> display.Html:
    """Write the submission table as CSV beside the report and link it; nothing when no folder is given."""
    p = require_published(pub)
    if not output_dir:
        return display.note("The submission figures were not saved as a file with this report.", "missing")
    name = f"{pub.standard.lower()}_submission.csv"
    write_csv(Path(output_dir) / name, submission_table(pub))
    mode = (f"Counts under {p.policy.min_count}, and the counts that would give them away, are hidden in this "
            "published version, exactly as in the report; the unsuppressed figures the national return needs come "
            "from an internal version, kept private." if not p.internal else
            "This internal version is not suppressed: it is not for publication.")
    return display.Html(f'<p class="note note-info">The figures of the national return, one row per indicator, '
                        f'breakdown and group: <a href="{name}">download the submission figures (CSV)</a>. {mode}</p>')
