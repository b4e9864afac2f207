"""Pay gap views beyond the statutory six: comparisons with intervals, group tables, drivers, targets, national.

Published results only (see :mod:`edi_analysis.views.pay_gaps`); a hidden figure is said to be too few to
publish, never quoted.
"""

from __future__ import annotations

import pandas as pd

from ..disclosure import is_hidden, is_shown, require_published
from ..metrics import benchmark
from . import charts, display, wording

__all__ = ["row_of", "quartile_rows", "shown", "reading", "comparison_table", "quartile_composition", "group_table",
           "recruitment_route_table", "hidden_by_aggregate", "declaration_note", "drivers_table", "award_gap_table",
           "targets_view", "national_view"]

_WORDS = {"sex": ("men", "women"), "disability": ("non-disabled staff", "disabled staff")}
#: how much wider (percentage points) a subgroup's gap must be than its aggregate's to be pointed out
_HIDDEN_BY_AGGREGATE_PP = 5.0


def row_of(pub, key: str, year: int | None = None) -> pd.Series:
    """The published gaps row of a comparison (``sex``, ``ethnicity``, ``disability``) in a year (default: report)."""
    g = pub.gaps
    y = pub.trust.year if year is None else year
    return g[(g["comparison"] == key) & (g["year"] == y)].iloc[0]


def quartile_rows(pub, key: str, year: int | None = None) -> pd.DataFrame:
    """The published quartile rows of a comparison in a year (default: report), indexed by quartile, no total."""
    q = pub.quartiles
    y = pub.trust.year if year is None else year
    return q[(q["comparison"] == key) & (q["year"] == y) & (q["quartile"] != "All")].set_index("quartile")


def shown(*values: object) -> bool:
    """True when every value is a published number."""
    return all(is_shown(v) for v in values)


def _names(pub, key: str) -> tuple[str, str]:
    ref, foc = pub.references[key]
    return _WORDS.get(key, (f"{ref} staff", f"{foc} staff"))


def reading(pub, low: object, high: object, focus: str) -> str:
    """What an interval says: a clear gap either way, or within noise; flagged when wider than the policy allows."""
    if not shown(low, high):
        return "not enough data to judge"
    if low > 0:
        text = f"a clear gap: {focus} are paid less"
    elif high < 0:
        text = f"a clear gap: {focus} are paid more"
    else:
        text = "within noise: no clear gap either way"
    if high - low > pub.publication.policy.wide_interval_pp:
        text += "; the interval is wide (small or very varied groups), so treat the figure with caution"
    return text


def comparison_table(pub, key: str) -> display.Table:
    """The statutory measures for a comparison (e.g. White vs BME), with intervals and a plain reading."""
    policy = require_published(pub).policy
    r = row_of(pub, key)
    ref, foc = _names(pub, key)
    reference, focus = pub.references[key]
    hidden = f"fewer than {policy.min_pay_group} in a group"

    def val(x: object) -> object:
        return hidden if is_hidden(x) else x

    def interval(m: str) -> str:
        lo, hi = r[f"{m}_low"], r[f"{m}_high"]
        return f"{lo:.1f}% to {hi:.1f}%" if shown(lo, hi) else ""

    def read(m: str) -> str:
        return reading(pub, r[f"{m}_low"], r[f"{m}_high"], foc) if shown(r[m]) else ""

    def bonus(side: str) -> object:
        n = r[f"n_bonus_{side}"]
        return f"fewer than {policy.min_count} people" if is_hidden(n) and n.kind == "primary" else val(r[f"bonus_pct_{side}"])

    rows = [("Mean hourly pay gap", val(r["mean_gap"]), interval("mean_gap"), read("mean_gap")),
            ("Median hourly pay gap", val(r["median_gap"]), interval("median_gap"), read("median_gap")),
            ("Mean bonus gap", val(r["mean_bonus_gap"]), "", ""),
            ("Median bonus gap", val(r["median_bonus_gap"]), "", ""),
            (f"Receiving a bonus: {ref}", bonus("reference"), "", ""),
            (f"Receiving a bonus: {foc}", bonus("focus"), "", "")]
    year = str(pub.trust.year)
    frame = pd.DataFrame(rows, columns=["Measure", year, "95% interval", "Reading"]).set_index("Measure")
    return display.Table(
        frame, f"{key.capitalize()} pay gap: {focus} compared with {reference}, 31 March {pub.trust.year}",
        formats={year: display.fmt_pct}, text_columns=("Reading",),
        notes=[f"Full-pay relevant staff: {display.fmt_count(r['n_full_pay_reference'])} {ref}, "
               f"{display.fmt_count(r['n_full_pay_focus'])} {foc}. Staff whose {key} is not recorded are left out of "
               "every gap.",
               "Intervals come from resampling the staff 1,000 times (a bootstrap): they show how far the gap could "
               "move by chance with a slightly different set of people. Where an interval includes zero, the gap is "
               "not distinguishable from noise and should not be ranked or rated."])


def quartile_composition(pub, key: str) -> display.Table:
    """Each group's share of each pay quartile, Unknown included so shares add up to 100."""
    require_published(pub)
    ref, foc = pub.references[key]
    q = quartile_rows(pub, key)
    parts = {ref: "reference", foc: "focus", "Unknown": "unknown"}
    table = pd.DataFrame({**{f"{g} (n)": q[f"n_{p}"] for g, p in parts.items()},
                          **{f"{g} %": q[f"pct_{p}"] for g, p in parts.items()}})
    table.index.name = "Quartile"
    fmt = {c: (display.fmt_count if c.endswith("(n)") else display.fmt_pct) for c in table.columns}
    return display.Table(table, f"Pay quartiles by {key}", formats=fmt, collapsed=True)


def group_table(pub, key: str, caption: str) -> display.Table | display.Html:
    """Pay and gaps for every group of a characteristic against its reference (pooled or withheld if small)."""
    policy = require_published(pub).policy
    if key == "ethnicity_detailed" and pub.ethnicity_level != "detailed":
        return display.Html("")  # switched off in params (ethnicity_level)
    if key not in pub.groups:
        return display.note(f"{caption}: not shown (the reference group is not present in the data).", "missing")
    t = pub.groups[key]
    t = t[t["role"] != "in_pool"]  # kept for the policy's sums only
    reference = t.loc[t["role"] == "reference", "group"].iloc[0]
    small = f"fewer than {policy.min_pay_group}"  # words, not "<10", in a percentage column
    notes = {"reference": "reference", "unknown": "not recorded: excluded from gaps",
             "too_few": "too few to report, even combined", "total": "all its groups above, combined",
             "group": "", "pooled": ""}
    rows = []
    for _, row in t.iterrows():
        # a hidden pay figure of a group under the pay-group size says so; others keep the policy's marker
        few = (is_hidden(row["n"]) and row["n"].kind == "primary") or (is_shown(row["n"]) and row["n"] < policy.min_pay_group)

        def pay(v: object, few: bool = few) -> object:
            return (small if few else v) if is_hidden(v) else v

        no_gap = row["role"] in ("reference", "unknown") or (  # a total holding the reference has no gap
            row["role"] == "total" and not is_hidden(row["median_gap"]) and not is_shown(row["median_gap"]))
        rows.append({"Group": row["group"], "Staff": row["n_relevant"], "% of staff": row["share_pct"],
                     "Median £/h": pay(row["median_hourly"]),
                     "Mean gap": "–" if no_gap else pay(row["mean_gap"]),
                     "Median gap": "–" if no_gap else pay(row["median_gap"]), "Note": notes[row["role"]]})
    frame = pd.DataFrame(rows).set_index("Group")
    return display.Table(
        frame, caption, text_columns=("Note",),
        formats={"Staff": display.fmt_count, "% of staff": display.fmt_pct, "Median £/h": display.fmt_gbp,
                 "Mean gap": display.fmt_pct, "Median gap": display.fmt_pct},
        notes=[f"Gaps compare each group with {reference}; positive means the group is paid less. Groups with fewer "
               f"than {policy.min_pay_group} full-pay relevant staff are combined with other small groups, or not "
               "reported; where a withheld figure could be worked out from a combined row, another is withheld "
               "(suppressed). n/a: not calculable."])


def recruitment_route_table(pub) -> display.Table | display.Html:
    """Ethnicity pay gaps for UK-recruited and internationally recruited staff separately, led by
    :func:`hidden_by_aggregate`'s sentence when the aggregate hides a wider gap.

    International recruits fill many newly qualified nursing and medical posts; pooled with UK-recruited staff they can
    make an aggregate ethnicity figure look better or worse than either group's experience.
    """
    require_published(pub)
    if not pub.has_route:
        return display.note("International recruitment is not recorded for this trust, so the "
                            "ethnicity gap cannot be split by recruitment route.", "missing")
    ref, foc = pub.references["ethnicity"]
    table = group_table(pub, "ethnicity_route",
                        f"Hourly pay of {foc} staff by recruitment route, compared with all {ref} staff")
    hidden = hidden_by_aggregate(pub)
    return display.stack([display.note(hidden, "info"), table]) if hidden else table


def hidden_by_aggregate(pub) -> str | None:
    """A sentence when a recruitment-route subgroup's published median gap is clearly wider than the aggregate's."""
    require_published(pub)
    table = pub.groups.get("ethnicity_route")
    r = row_of(pub, "ethnicity")
    overall = r["median_gap"]
    if table is None or not shown(overall):
        return None
    ok = table["role"].isin(["group", "pooled"]).to_numpy() & table["median_gap"].map(is_shown).to_numpy(bool)
    rows = table[ok]
    rows = rows[rows["median_gap"].astype(float) >= overall + _HIDDEN_BY_AGGREGATE_PP]
    if rows.empty:
        return None
    row = rows.sort_values("median_gap", ascending=False).iloc[0]
    ref, foc = pub.references["ethnicity"]
    return (f"The aggregate hides a wider gap: {row['group']} staff's median pay is {row['median_gap']:.1f}% below "
            f"{ref} staff's, against {overall:.1f}% for all {foc} staff, because internationally recruited staff "
            "sit in different posts and pay points.")


def declaration_note(pub) -> display.Html:
    """Declaration rates, and the staff record's disability share beside the staff survey's."""
    require_published(pub)
    rec = pub.records.set_index("measure")["pct"]
    eth, dis, disabled = rec["ethnicity_declared"], rec["disability_declared"], rec["disabled"]
    # a share is hidden when the few staff it leaves out could be worked out from it (all staff - recorded)
    def recorded(pct: object, of: str) -> str:
        return f"{display.fmt_pct(pct)}{of}" if is_shown(pct) else "all but a few staff (too few to publish)"

    text = f"Ethnicity is recorded for {recorded(eth, ' of staff')} and disability for {recorded(dis, '')}. "
    text += (f"{display.fmt_pct(disabled)} of staff are recorded as disabled on the staff record" if is_shown(disabled)
             else "Too few staff are recorded as disabled on the staff record to publish their share")
    survey = pub.survey_disability
    if len(survey) and is_shown(survey["pct"].iloc[0]):
        n, low = survey["respondents"].iloc[0], pub.publication.policy.low_survey_base
        flag = f" (low base: fewer than {low} responses)" if is_shown(n) and int(n) < low else ""
        text += (f", against {survey['pct'].iloc[0]:.1f}% of staff survey respondents{flag} who report a long-term "
                 "condition or illness. Disability pay gaps from the staff record describe only those who have told "
                 "the trust, and should be read with that caution.")
    else:
        text += "."
    if pub.data_quality:
        text += " Data quality: " + " ".join(pub.data_quality)
    low = not is_shown(dis) or dis < 90
    return display.note(text, "caution" if low or pub.data_quality else "info")


def drivers_table(pub) -> display.Table:
    """How much of each mean gap comes from where groups sit in the pay structure, and how much from within bands."""
    require_published(pub)
    d = pub.drivers
    labels = [f"{pub.references[k][1]} vs {pub.references[k][0]}" for k in d["comparison"]]
    frame = pd.DataFrame({"Mean gap": d["mean_gap"].to_numpy(), "From where groups sit (bands)": d["structure"].to_numpy(),
                          "From pay within bands": d["within"].to_numpy()}, index=pd.Index(labels, name="Comparison"))
    return display.Table(
        frame, "What drives the mean hourly gap", formats={c: display.fmt_pct for c in frame.columns},
        notes=["'Where groups sit' is the gap that would remain if every band paid both groups its own average "
               "rate: it comes from one group being more often in higher-paid bands and grades. 'Pay within bands' "
               "is the rest: different pay for people in the same band (pay points, enhancements, awards). The two "
               "add up to the mean gap (a twofold decomposition with pooled band averages)."])


def award_gap_table(pub) -> display.Table | display.Html:
    """Bonus gaps by type of award (Clinical Excellence Awards, National Clinical Impact Awards)."""
    require_published(pub)
    a = pub.awards[pub.awards["award"] != "All awards"]
    if not pub.has_award_types or a.empty:
        return display.note("No award types are recorded, so bonus gaps cannot be split by award.", "missing")
    frame = pd.DataFrame({"Women": a["n_focus"].to_numpy(), "Men": a["n_reference"].to_numpy(),
                          "Mean bonus gap": a["mean_gap"].to_numpy(), "Median bonus gap": a["median_gap"].to_numpy()},
                         index=pd.Index(a["award"].to_numpy(), name="Award"))
    return display.Table(frame, "Bonus gaps by type of award (recipients only)",
                         formats={"Women": display.fmt_count, "Men": display.fmt_count,
                                  "Mean bonus gap": display.fmt_pct, "Median bonus gap": display.fmt_pct})


def targets_view(pub) -> display.Html:
    """Each target's path, the observed gaps with intervals, and a plain verdict (published years only)."""
    require_published(pub)
    if not pub.target_settings:
        return display.note("No pay gap targets are set, so progress against a target cannot be shown. Once the board "
                            "adopts a target, this report tracks progress against it.", "missing")
    parts: list[object] = []
    for i, target in enumerate(pub.target_settings):
        key = target["characteristic"]
        ref, foc = _names(pub, key)
        reference, focus = pub.references[key]
        measure = target["measure"].replace("_", " ")
        track = pub.targets[pub.targets["target"] == i].set_index("year")
        latest, first = track.iloc[-1], track.iloc[0]
        start = f" (from {first['value']:.1f}% in {track.index[0]})" if shown(first["value"]) else ""
        head = f"Target: {measure} between {foc} and {ref} of {target['target']:.1f}% by {target['target_year']}{start}."
        if shown(latest["value"], latest["low"], latest["high"], latest["milestone"]):
            sentence = (f"{head} In {track.index[-1]} the gap was {latest['value']:.1f}% (95% interval "
                        f"{latest['low']:.1f}% to {latest['high']:.1f}%) against a milestone of "
                        f"{latest['milestone']:.1f}%: "
                        f"{wording.target_status(latest['status'], latest['met'], track.index[-1], target['target_year'])}.")
        else:
            sentence = f"{head} In {track.index[-1]} too few staff are in scope for the gap to be published."
        parts.append(display.note(sentence, "info" if latest["status"] == "on_track" else "caution"))
        ok = track[[shown(r["value"], r["low"], r["high"], r["milestone"]) for _, r in track.iterrows()]]
        if ok.empty:
            continue
        ok = ok[["value", "low", "high", "milestone", "status"]].astype({c: float for c in ("value", "low", "high",
                                                                                           "milestone")})
        parts.append(charts.target_chart(
            ok, target_year=int(target["target_year"]), target_value=float(target["target"]),
            title=f"{key.capitalize()} {measure}: progress to target", ylabel=f"{measure.capitalize()}, %",
            alt=f"Chart of the {measure} between {focus} and {reference} by year with 95% intervals, against "
                f"a straight path to {target['target']:.1f}% in {target['target_year']}. " + "; ".join(
                    f"{y}: {r['value']:.1f}% (milestone {r['milestone']:.1f}%)" for y, r in ok.iterrows()) + ".",
            caption="Blue points are the observed gaps with their 95% intervals; the dashed green line is the path "
                    "from the baseline to the target. " + wording.path_caption(False) + " A gap whose whole "
                    "interval has passed 0 is not on track: it has reversed."))
    return display.stack(parts)


def national_view(pub) -> display.Html:
    """The trust's published median gap among every NHS trust's published returns, and among trusts of its type."""
    require_published(pub)
    if pub.national.empty:
        # Where to get the returns is for the analyst (pub.national_problem), not for the board.
        return display.note("National gender pay gap figures were not available for this report, so the trust is not "
                            "compared with other NHS trusts.", "missing")
    nat = pub.national[~pub.national["reporting_year"].astype(str).str.startswith("2023-24")]  # a partial download
    sex = pub.gaps[pub.gaps["comparison"] == "sex"].set_index("year")
    published = sorted(set(nat["snapshot_year"]) & set(sex.index))
    year = published[-1] if published else pub.trust.year
    value = sex.loc[year, "median_gap"] if year in sex.index else None
    if not shown(value):
        return display.note("The trust's median gap for the comparison year is not available or too few staff are in "
                            "scope to publish it.", "missing")
    same_year = nat[nat["snapshot_year"] == year]
    if same_year.empty:
        return display.note("No published returns are available for the comparison year.", "missing")
    value = float(value)
    peers = same_year[same_year["trust_type"] == pub.trust.trust_type]["median_gap"]
    pos = benchmark.position(value, same_year["median_gap"])
    ryear = same_year["reporting_year"].iloc[0]
    text = (f"For the snapshot of 31 March {year} (reporting year {ryear}), the trust's median gap of {value:.1f}% is "
            f"higher than {pos.pct_lower:.0f}% of the {pos.n} NHS trusts that published (national median "
            f"{pos.median:.1f}%): the {pos.quartile}.")
    if len(peers.dropna()) >= pub.publication.policy.min_count:
        ppos = benchmark.position(value, peers)
        text += (f" Among {ppos.n} {pub.trust.trust_type.lower()} trusts it is higher than {ppos.pct_lower:.0f}% "
                 f"(median {ppos.median:.1f}%).")
    if pub.trust.synthetic:
        text += " This trust is fictional: it is placed as if it had reported."
    if year != pub.trust.year:
        text += f" {pub.trust.year} returns are not yet published, so the comparison uses {year}."
    chart = charts.distribution_chart(
        same_year["median_gap"], value, peers=peers, title=f"Median gender pay gap of NHS trusts, {ryear}",
        xlabel="Median hourly pay gap, %", marker_label="This trust",
        alt=f"Histogram of the median gender pay gap of {pos.n} NHS trusts in {ryear}; this trust's {value:.1f}% is "
            f"marked, higher than {pos.pct_lower:.0f}% of trusts; national median {pos.median:.1f}%.",
        caption="Each bar counts trusts with a median gap in that range; hatched bars are trusts of the same type. "
                "Published returns from the GOV.UK gender pay gap service.")
    return display.stack([display.note(text, "info"), chart])
