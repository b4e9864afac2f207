"""The facts a report's findings are chosen from, read from its published results only.

Each report's published results become a list of :class:`Fact`: one figure with its sentence, its size on
its family's scale, whether it is statistically significant, its direction since last year, its target. A
figure that is hidden (or built on a hidden figure) never becomes a fact, so no rule can quote it. The rules
that pick among the facts are data (``findings_rules.yaml``, applied by :mod:`edi_analysis.views.findings`).

Significance follows the reports: a gap or ratio whose 95% interval excludes no difference (metrics.md
sections 4, 5 and 8), a year-on-year change "beyond noise" (section 4), an SPC special cause (section 10).
Data-quality flags use the policy's ``low_survey_base``, ``volatile_events``, ``volatile_group`` and
``wide_interval_pp``; unrecorded staff change the reading when they outnumber the group itself (then the
group's share could double), which needs no threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..disclosure import is_shown
from ..metrics.harassment import MEASURES
from . import trends as trend_views
from . import wording
from .standards_tables import WORDS, low_base, records, statutory, whole

__all__ = ["Fact", "facts", "report_of"]


@dataclass(frozen=True)
class Fact:
    """One published figure a finding can be made of.

    ``kind`` is headline, gap, target, change or quality; ``family`` the scale its ``rank`` is on (or the
    kind of change or warning); ``key`` names the figure (one finding per key); ``topic`` its report section.
    """

    report: str
    kind: str
    family: str
    key: str
    topic: str
    text: str
    rank: float = 0.0
    significant: bool | None = None
    adverse: bool | None = None
    status: str | None = None
    since: str | None = None
    target: str | None = None
    subject: str = ""

    def get(self, name: str) -> object:
        return getattr(self, name)


def report_of(pub) -> str:
    """The report a published result belongs to: pay_gaps, wres, wdes, bullying_harassment or trends."""
    name = type(pub).__name__
    if name == "PayGapResults":
        return "pay_gaps"
    if name in ("WresResults", "WdesResults", "StandardsResults"):
        return str(pub.standard).lower()
    if name == "HarassmentResults":
        return "bullying_harassment"
    if name == "TrendsResults":
        return "trends"
    raise TypeError(f"no findings for results of type {name}")


def _name(label: str) -> str:
    """A group label inside a sentence: "disabled", "non-disabled", but "White", "BME"."""
    return label.lower() if label.lower().startswith(("disabled", "non-disabled")) else label


def _shown(*values: object) -> bool:
    return all(is_shown(v) for v in values)


def _significant(low: float, high: float, null: float = 0.0) -> bool:
    return not (float(low) <= null <= float(high))


def _nearest(low: float, high: float, null: float = 0.0) -> float:
    """The end of the interval nearest no difference: a robust gap outranks a large but noisy one."""
    return min(abs(float(low) - null), abs(float(high) - null)) if _significant(low, high, null) else 0.0


#: Target status -> short words for a finding (the report's target section gives the full reading).
_STATUS = {"on_track": "on track", "behind_within_uncertainty": "behind the path, within the uncertainty",
           "off_track": "off track", "reversed": "not on track: the gap now runs the other way"}


def _status(status: str, met: object, year: int, target_year: int) -> str:
    words = wording.target_status(status, met, year, target_year)
    return words if words.startswith("target met") else _STATUS.get(status, words)


def _since_gap(before: float, now: float, year: int) -> str:
    words = wording.gap_change(before, now)
    return f"{words[0].upper()}{words[1:]} since {year} (not tested against chance)."


def _target_words(status: str, met: object, year: int, target_year: int, value: float, target: float,
                  unit: str) -> str:
    return f"{target:.1f}{unit} by {target_year}: {_status(status, met, year, target_year)} ({value:.1f}{unit} in {year})."


# --- pay gaps -----------------------------------------------------------------------------------------

_PAY_WHO = {"sex": ("women", "men")}
_PAY_NAME = {"sex": "gender pay gap", "ethnicity": "ethnicity pay gap", "disability": "disability pay gap"}


def _pay(pub) -> list[Fact]:
    out: list[Fact] = []
    policy, year = pub.publication.policy, pub.trust.year
    settings = {i: s for i, s in enumerate(pub.target_settings)}
    for comparison in ("sex", "ethnicity", "disability"):
        rows = pub.gaps[pub.gaps["comparison"] == comparison].set_index("year")
        if year not in rows.index:
            continue
        r = rows.loc[year]
        focus, ref = _PAY_WHO.get(comparison, (f"{_name(r['focus'])} staff", f"{_name(r['reference'])} staff"))
        if not _shown(r["median_gap"], r["median_gap_low"], r["median_gap_high"]):
            continue
        gap, low, high = float(r["median_gap"]), float(r["median_gap_low"]), float(r["median_gap_high"])
        what = "lower" if gap > 0 else "higher"
        text = (f"The median hourly pay of {focus} is {abs(gap):.1f}% {what} than that of {ref} (95% interval "
                f"{low:.1f}% to {high:.1f}%).")
        since = None
        if year - 1 in rows.index and is_shown(rows.loc[year - 1, "median_gap"]):
            since = _since_gap(float(rows.loc[year - 1, "median_gap"]), gap, year - 1)
        target = None
        t = pub.targets[pub.targets["comparison"] == comparison]
        if len(t):
            last = t.iloc[-1]
            s = settings.get(int(last["target"]), {})
            if _shown(last["value"]) and "target" in s:
                target = _target_words(str(last["status"]), last["met"], int(last["year"]), int(s["target_year"]),
                                       float(last["value"]), float(s["target"]), "%")
        common = {"report": "pay_gaps", "key": f"pay:{comparison}", "topic": comparison, "since": since,
                  "target": target, "subject": focus}
        out.append(Fact(kind="gap", family="pay", text=text, rank=_nearest(low, high),
                        significant=_significant(low, high), adverse=gap > 0, **common))
        if comparison == "sex":
            out.append(Fact(kind="headline", family="pay", text=text, **common))
        if _shown(r["n_full_pay_unknown"], r["n_full_pay_focus"]) and r["n_full_pay_unknown"] > r["n_full_pay_focus"]:
            out.append(Fact("pay_gaps", "quality", "unknown", f"unknown:{comparison}", comparison,
                            f"More staff have no {comparison} recorded ({int(r['n_full_pay_unknown']):,}) than are "
                            f"recorded as {_name(r['focus'])} ({int(r['n_full_pay_focus']):,}), so the "
                            f"{_PAY_NAME[comparison]} could change markedly once they are recorded.", subject=focus))
        small = [n for n in (r["n_full_pay_focus"], r["n_full_pay_reference"]) if is_shown(n)]
        if small and min(small) < policy.volatile_group:
            out.append(Fact("pay_gaps", "quality", "volatile", f"volatile:{comparison}", comparison,
                            f"The {_PAY_NAME[comparison]} rests on fewer than {policy.volatile_group} staff in one group, "
                            "so it can swing from year to year.", subject=focus))
        elif high - low > policy.wide_interval_pp:
            out.append(Fact("pay_gaps", "quality", "volatile", f"volatile:{comparison}", comparison,
                            f"The {_PAY_NAME[comparison]} is imprecise: its 95% interval runs from {low:.1f}% to "
                            f"{high:.1f}%.", subject=focus))
    for _, t in pub.targets.groupby("target", sort=True):
        out += _pay_target(pub, t, settings)
    return out


def _pay_target(pub, t: pd.DataFrame, settings: dict) -> list[Fact]:
    last = t.iloc[-1]
    s = settings.get(int(last["target"]))
    if s is None or not _shown(last["value"], last["low"], last["high"], last["milestone"]):
        return []
    comparison = str(last["comparison"])
    status = _status(str(last["status"]), last["met"], int(last["year"]), int(s["target_year"]))
    name = _PAY_NAME[comparison]
    text = (f"{name[0].upper()}{name[1:]} target {status}: {float(last['value']):.1f}% in {int(last['year'])} (95% "
            f"interval {float(last['low']):.1f}% to {float(last['high']):.1f}%); milestone {float(last['milestone']):.1f}%, "
            f"target {float(s['target']):.1f}% by {int(s['target_year'])}.")
    since = None
    if len(t) >= 2 and is_shown(t.iloc[-2]["value"]):
        since = _since_gap(float(t.iloc[-2]["value"]), float(last["value"]), int(t.iloc[-2]["year"]))
    return [Fact("pay_gaps", "target", "pay", f"target:{comparison}", "targets", text, status=str(last["status"]),
                 since=since, subject=f"the {comparison} pay gap")]


# --- WRES and WDES ------------------------------------------------------------------------------------

_VERB = {"2": "be appointed from shortlisting", "3": "enter {process}", "4": "access non-mandatory training"}


def _yoy(pub, table: str, **where: object) -> dict | None:
    t = pub.year_on_year.get(table)
    if t is None:
        return None
    mask = t["year"] == pub.trust.year
    for col, value in where.items():
        mask &= t[col] == value
    rows = records(t[mask])
    return rows[0] if rows else None


def _rl_change(pub, indicator: str) -> tuple[str | None, dict | None]:
    c = _yoy(pub, "rl", indicator=indicator)
    if c is None or not _shown(c["rl"], c["prev_rl"], c["change"], c["beyond_noise"]):
        return None, None
    word = "up" if c["change"] > 0 else "down"
    noise = "a change larger than chance" if c["beyond_noise"] is True else "within chance"
    return (f"Single-year figure {float(c['rl']):.2f}, {word} from {float(c['prev_rl']):.2f} in "
            f"{int(c['prev_year'])}: {noise}."), c


def _standards(pub) -> list[Fact]:
    report, w, f, ref = report_of(pub), WORDS[pub.standard], pub.focus, pub.reference
    policy, out = pub.publication.policy, []
    row = whole(pub)
    if _shown(row[f"pct_{f}"]):
        out.append(Fact(report, "headline", "share", "share", "1",
                        f"{f} staff are {float(row[f'pct_{f}']):.1f}% of the workforce (bank staff excluded).",
                        subject=f"{_name(f)} staff"))
    if _shown(row["pct_declared"], row[f"pct_{f}"], row["pct_focus_upper"]) and \
            100 - float(row["pct_declared"]) > float(row[f"pct_{f}"]):
        out.append(Fact(report, "quality", "unknown", "unknown", "1",
                        f"{100 - float(row['pct_declared']):.1f}% of staff have no {w['dimension']} recorded, more than "
                        f"the {float(row[f'pct_{f}']):.1f}% recorded as {_name(f)}: if all of them were {_name(f)}, the "
                        f"share would be {float(row['pct_focus_upper']):.1f}%.", subject=f"{_name(f)} staff"))
    for indicator in ("2", "3", "4"):
        r, key = statutory(pub, indicator), f"rl:{indicator}"
        if r is None:
            continue
        num, other = (ref, f) if r["numerator"] == "reference" else (f, ref)
        verb = _VERB[indicator].format(process=w["process_name"])
        since, change = _rl_change(pub, indicator)
        if change is not None and change["beyond_noise"] is True:
            out.append(Fact(report, "change", "worse" if change["change"] > 0 else "better", key, indicator,
                            f"{w['term']} {indicator}, the likelihood of {_name(num)} against {_name(other)} staff "
                            f"to {verb}: {since[0].lower()}{since[1:]}", significant=True, subject=f"{_name(f)} staff"))
        if not _shown(r["rl"], r["low"], r["high"]):
            continue
        over = f" over {r['years']}" if indicator == "3" and "-" in str(r["years"]) else ""
        text = (f"{w['term']} {indicator}: {_name(num)} staff were {float(r['rl']):.2f} times as likely as {_name(other)} "
                f"staff to {verb}{over} (95% interval {float(r['low']):.2f} to {float(r['high']):.2f}).")
        lo, hi = math.log(float(r["low"])) if r["low"] > 0 else -math.inf, math.log(float(r["high"]))
        out.append(Fact(report, "gap", "likelihood", key, indicator, text, rank=_nearest(lo, hi),
                        significant=r["significant"] is True, adverse=float(r["rl"]) > 1, since=since,
                        subject=f"{_name(f)} staff"))
        if _shown(r["focus_events"], r["reference_events"]) and \
                min(r["focus_events"], r["reference_events"]) < policy.volatile_events:
            out.append(Fact(report, "quality", "volatile", f"volatile:{indicator}", indicator,
                            f"{w['term']} {indicator} rests on fewer than {policy.volatile_events} events in one group, so "
                            "it may change markedly from year to year.", subject=f"{_name(f)} staff"))
    out += _standards_survey(pub)
    return out


def _standards_survey(pub) -> list[Fact]:
    report, w, f, ref = report_of(pub), WORDS[pub.standard], pub.focus, pub.reference
    out, low = [], []
    for x in records(pub.survey[pub.survey["year"] == pub.trust.year]):
        if not _shown(x["focus_pct"], x["reference_pct"], x["diff"], x["diff_low"], x["diff_high"]):
            continue
        label = w["survey_labels"].get(x["number"], x["measure"])
        text = (f"{w['term']} {x['number']} ({label[0].lower() + label[1:]}): {float(x['focus_pct']):.1f}% of {_name(f)} "
                f"staff against {float(x['reference_pct']):.1f}% of {_name(ref)} staff (difference "
                f"{float(x['diff']):+.1f} points, 95% interval {float(x['diff_low']):+.1f} to {float(x['diff_high']):+.1f}).")
        since = None
        c = _yoy(pub, "survey", number=x["number"])
        if c is not None and _shown(c["pct"], c["prev_pct"], c["change"]):
            noise = "a change larger than chance" if c["beyond_noise"] is True else "within chance"
            since = (f"For {_name(f)} staff {'up' if c['change'] > 0 else 'down'} from {float(c['prev_pct']):.1f}% in "
                     f"{int(c['prev_year'])}: {noise}.")
            if c["beyond_noise"] is True:
                worse = (c["change"] > 0) == (x["higher_is"] == "worse")
                out.append(Fact(report, "change", "worse" if worse else "better", f"survey:{x['number']}", "survey",
                                f"{w['term']} {x['number']} ({label[0].lower() + label[1:]}): {float(c['pct']):.1f}% of "
                                f"{_name(f)} staff, {since}", significant=True, subject=f"{_name(f)} staff"))
        out.append(Fact(report, "gap", "survey", f"survey:{x['number']}", "survey", text,
                        rank=_nearest(x["diff_low"], x["diff_high"]),
                        significant=x["significant"] is True, adverse=x["adverse"] is True, since=since,
                        subject=f"{_name(f)} staff"))
        if low_base(pub, x["focus_responses"]) or low_base(pub, x["reference_responses"]):
            low.append(str(x["number"]))
    if low:
        out.append(Fact(report, "quality", "low_base", "low_base", "survey",
                        f"Staff survey {w['term'].lower()}s {', '.join(low)} rest on fewer than "
                        f"{pub.publication.policy.low_survey_base} responses in one group.", subject=f"{_name(f)} staff"))
    return out


# --- bullying, harassment, discrimination and violence ------------------------------------------------

_DIMENSION = {"Ethnicity (Census 5)": "ethnic group", "Age band": "age"}
_KIND_WORDS = {"incidents": "Violence and aggression incidents", "cases": "Bullying and harassment cases",
               "grievances": "Grievances"}


def _latest_signal(t: pd.DataFrame) -> str | None:
    """'worse' or 'better' when a charted series' latest quarter shows special cause variation, else None.

    Earlier signals stay in the report's chart; a finding is about where the series is now.
    """
    if trend_views.series_signals(t) is None:
        return None
    return {"special_cause_concern": "worse", "special_cause_improvement": "better"}.get(str(t["point_type"].iloc[-1]))


def _spc_text(name: str, t: pd.DataFrame, family: str) -> str:
    what = "a concern" if family == "worse" else "an improvement"
    return f"{name}: {trend_views.latest(t)}, {what} beyond the usual ups and downs (special cause variation)."

def _harassment(pub) -> list[Fact]:
    out, low = [], []
    policy, s = pub.publication.policy, pub.survey
    for x in records(s[s["dimension"] != "All staff"]):
        if x["group"] == x["reference"] or not _shown(x["responses"], x["ref_responses"], x["pct"], x["gap"],
                                                      x["gap_low"], x["gap_high"]):
            continue
        # Internal mode keeps small groups' figures; a finding still needs the survey base.
        if min(x["responses"], x["ref_responses"]) < policy.min_survey_base:
            continue
        ref = s[(s["measure"] == x["measure"]) & (s["dimension"] == x["dimension"]) & (s["group"] == x["reference"])]
        if not len(ref) or not _shown(ref["pct"].iloc[0]):
            continue
        label = MEASURES.get(x["measure"], x["measure"])
        if x["dimension"] in ("Ethnicity", "Disability") and min(x["responses"], x["ref_responses"]) < \
                policy.low_survey_base:
            low.append(f"{x['group']} staff")
        out.append(Fact("bullying_harassment", "gap", "survey", f"survey:{x['measure']}:{x['dimension']}:{x['group']}",
                        "survey", f"{label}: {float(x['pct']):.1f}% of {x['group']} staff ({_DIMENSION.get(x['dimension'], x['dimension'].lower())}) against "
                        f"{float(ref['pct'].iloc[0]):.1f}% of {x['reference']} staff in the {pub.survey_year} staff "
                        f"survey (difference {float(x['gap']):+.1f} points, 95% interval {float(x['gap_low']):+.1f} to "
                        f"{float(x['gap_high']):+.1f}).", rank=_nearest(x["gap_low"], x["gap_high"]),
                        significant=x["significant"] is True, adverse=x["adverse"] is True,
                        subject=f"{x['group']} staff"))
    for _, t in pub.targets.groupby("target", sort=True):
        last = t.iloc[-1]
        if not _shown(last["value"], last["low"], last["high"], last["milestone"], last["target_value"]):
            continue
        label = MEASURES.get(str(last["measure"]), str(last["measure"])).replace(" (either)", "")
        gap = last["kind"] == "gap"
        unit = " points" if gap else "%"
        who = (f"gap between {last['group']} and {last['reference']} staff" if gap
               else f"share of {str(last['group']).lower()}")
        since = None
        if len(t) >= 2 and is_shown(t.iloc[-2]["value"]):
            since = (f"{'Up' if last['value'] > t.iloc[-2]['value'] else 'Down'} from {float(t.iloc[-2]['value']):.1f}"
                     f"{unit} in {int(t.iloc[-2]['year'])}; not tested against chance.")
        status = _status(str(last["status"]), last["met"], int(last["year"]), int(last["target_year"]))
        out.append(Fact("bullying_harassment", "target", "survey", f"target:{last['measure']}", "targets",
                        f"Reduction target {status}: {label[0].lower() + label[1:]} ({who}), "
                        f"{float(last['value']):.1f}{unit} in {int(last['year'])} (95% interval {float(last['low']):.1f} to "
                        f"{float(last['high']):.1f}); milestone {float(last['milestone']):.1f}{unit}, target "
                        f"{float(last['target_value']):.1f}{unit} by {int(last['target_year'])}.",
                        status=str(last["status"]), since=since, subject=str(last["group"])))
    for key, t in pub.quarterly.items():
        if (family := _latest_signal(t)) is not None:
            kind, group = key.split("_", 1)
            out.append(Fact("bullying_harassment", "change", family, f"spc:{key}", "quarterly",
                            _spc_text(f"{_KIND_WORDS.get(kind, kind)} involving {group} staff", t, family),
                            significant=True, subject=f"{group} staff"))
    if low:
        out.append(Fact("bullying_harassment", "quality", "low_base", "low_base", "survey",
                        f"Staff survey figures for {', '.join(sorted(set(low)))} rest on fewer than "
                        f"{policy.low_survey_base} responses for some measures.", subject="these staff"))
    return out


# --- quarterly trends ---------------------------------------------------------------------------------

def _trends(pub) -> list[Fact]:
    if pub.missing:
        return [Fact("trends", "quality", "missing", "missing", "bme_senior",
                     "No quarterly staff records were provided, so quarterly trends cannot be shown.")]
    out, hidden, first = [], [], None
    for key, t in pub.series.items():
        name = trend_views.TITLES[key][0]
        if trend_views.series_hidden(t) or not len(t):
            hidden.append(name[0].lower() + name[1:] if not name[:3].isupper() else name)
            first = first or key
            continue
        if (family := _latest_signal(t)) is None:
            continue
        out.append(Fact("trends", "change", family, f"spc:{key}", key, _spc_text(name, t, family), significant=True,
                        subject="these staff"))
    if hidden:
        out.append(Fact("trends", "quality", "not_charted", "not_charted", str(first),
                        "Too few people each quarter to chart: " + "; ".join(hidden) + "."))
    return out


_EXTRACT: dict[str, Callable[[object], list[Fact]]] = {
    "pay_gaps": _pay, "wres": _standards, "wdes": _standards, "bullying_harassment": _harassment, "trends": _trends}


def facts(pub) -> list[Fact]:
    """Every fact a finding can be made of, from one report's published results (hidden figures left out)."""
    return _EXTRACT[report_of(pub)](pub)
