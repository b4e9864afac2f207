"""The pay gap report's views (HIA 3): titles, findings, tables and charts from published results only.

Every function takes published :class:`~edi_analysis.results.pay_gaps.PayGapResults` (``Policy.apply``) and
reads nothing else: a hidden cell is worded as too few to publish, never quoted or worked around. Thresholds
and flags come from ``pub.publication.policy``. The comparisons, group tables, drivers, targets and national
views are in :mod:`edi_analysis.views.pay_gap_groups` and re-exported here, so a notebook imports one module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..disclosure import is_hidden, is_shown, require_published
from . import charts, display
from .pay_gap_groups import (
    award_gap_table,
    comparison_table,
    declaration_note,
    drivers_table,
    group_table,
    hidden_by_aggregate,
    national_view,
    quartile_composition,
    quartile_rows,
    reading,
    recruitment_route_table,
    row_of,
    targets_view,
)

__all__ = ["title", "headline_table", "small_number_notes", "quartile_chart", "quartile_table",
           "band_chart", "band_table", "staff_group_table", "bonus_table", "award_table", "award_gap_table",
           "trend_chart", "trend_table", "scope_table", "comparison_table", "group_table",
           "recruitment_route_table", "quartile_composition", "declaration_note", "drivers_table", "targets_view",
           "national_view", "hidden_by_aggregate", "reading", "small_numbers_method"]

_LABEL = {"reference": "Men", "focus": "Women"}


def title(pub) -> display.Html:
    """Report title with the snapshot date and any synthetic-data or internal banner."""
    publication = require_published(pub)
    t = pub.trust
    return display.title(f"Pay gaps {t.year}: sex, ethnicity, disability, sexual orientation, religion and age",
                         t.name, f"Snapshot date 31 March {t.year} · {t.trust_type} trust · {t.region}",
                         synthetic=t.synthetic, internal=publication.internal)


def _pay_cell(pub, value, *, none: str = "n/a (no one in one group)") -> object:
    """A pay figure for a table: the value, a reason it is hidden, or n/a."""
    if is_hidden(value):
        return f"fewer than {pub.publication.policy.min_pay_group} in a group"
    return none if not is_shown(value) else value


def headline_table(pub) -> display.Table:
    """The six statutory measures with what each means, as published on gov.uk."""
    require_published(pub)
    policy = pub.publication.policy
    sex = row_of(pub, "sex")
    q = quartile_rows(pub, "sex")["pct_focus"]

    def bonus(side: str) -> object:
        n = sex[f"n_bonus_{side}"]
        if is_hidden(n) and n.kind == "primary":
            return f"<{policy.min_count} people"
        return _pay_cell(pub, sex[f"bonus_pct_{side}"])

    rows = [
        ("Mean hourly pay gap", _pay_cell(pub, sex["mean_gap"]),
         "Difference between men's and women's average hourly pay, as a % of men's."),
        ("Median hourly pay gap", _pay_cell(pub, sex["median_gap"]),
         "Difference between the middle-paid man and the middle-paid woman, as a % of men's."),
        ("Mean bonus gap", _pay_cell(pub, sex["mean_bonus_gap"]), "Difference in average bonus among those who received one."),
        ("Median bonus gap", _pay_cell(pub, sex["median_bonus_gap"]),
         "Difference in the middle bonus among those who received one."),
        ("Men receiving a bonus", bonus("reference"), "Share of all male relevant employees."),
        ("Women receiving a bonus", bonus("focus"), "Share of all female relevant employees."),
    ]
    for name, value in q.items():
        rows.append((f"Women in {str(name).lower()} quartile", value if not is_hidden(value) else f"<{policy.min_count}",
                     "Share of women among the quarter of staff at this pay level."))
    frame = pd.DataFrame(rows, columns=["Measure", str(pub.trust.year), "What it means"]).set_index("Measure")
    return display.Table(frame, f"Statutory gender pay gap measures, snapshot 31 March {pub.trust.year}",
                         formats={str(pub.trust.year): display.fmt_pct}, text_columns=("What it means",),
                         notes=["A positive gap means women are paid less than men; a negative gap means they are paid more."])


def small_number_notes(pub) -> display.Html:
    """Cautions where a group is small enough for figures to swing from year to year."""
    require_published(pub)
    policy = pub.publication.policy
    sex = row_of(pub, "sex")
    cautions = []
    bonus = {s: sex[f"n_bonus_{s}"] for s in ("reference", "focus")}
    small = [s for s, n in bonus.items() if is_hidden(n) or n < policy.volatile_group]
    if small:
        fewest = min(small, key=lambda s: -1 if is_hidden(bonus[s]) else bonus[s])
        cautions.append(f"Few {_LABEL[fewest].lower()} received a bonus ({display.fmt_count(bonus[fewest])}); bonus gaps "
                        "can swing widely from year to year and should not be read as a trend.")
    fp = [sex["n_full_pay_reference"], sex["n_full_pay_focus"]]
    if any(is_hidden(n) or n < policy.volatile_group for n in fp):
        cautions.append(f"Fewer than {policy.volatile_group} people in one group: hourly gaps are volatile.")
    if not cautions:
        return display.note(f"All groups in the headline measures have at least {policy.volatile_group} people.", "info")
    return display.note(" ".join(cautions), "caution")


def _sex_quartiles(pub) -> pd.DataFrame:
    return quartile_rows(pub, "sex")


def quartile_chart(pub) -> display.Figure:
    """Women's and men's share of each pay quartile (a quartile with a hidden share is drawn empty)."""
    require_published(pub)
    q = _sex_quartiles(pub)
    pct = pd.DataFrame({"Women": [v if is_shown(v) else np.nan for v in q["pct_focus"]],
                        "Men": [v if is_shown(v) else np.nan for v in q["pct_reference"]]},
                       index=[f"{i} quartile" for i in q.index])
    pct.loc[pct.isna().any(axis=1)] = np.nan
    parts = [f"{i}: women {v['Women']:.0f}%, men {v['Men']:.0f}%" for i, v in pct.iterrows() if not v.isna().any()]
    return charts.share_bars(
        pct, title="Women and men in each pay quartile (lowest paid at the top)",
        alt="Stacked bar chart of the share of women and men in each quarter of staff ranked by hourly pay. "
        + "; ".join(parts) + ".",
        caption="Staff are ranked by hourly pay and split into four equal groups. If women and men were paid "
        "alike, each bar would match the workforce as a whole.")


def quartile_table(pub) -> display.Table:
    """Counts and percentages of women and men in each pay quartile."""
    require_published(pub)
    q = _sex_quartiles(pub)
    table = pd.DataFrame({"Women": q["n_focus"], "Men": q["n_reference"], "Women %": q["pct_focus"],
                          "Men %": q["pct_reference"]})
    table.index.name = "Quartile"
    return display.Table(table, "Pay quartiles: number and share of women and men",
                         formats={"Women": display.fmt_count, "Men": display.fmt_count,
                                  "Women %": display.fmt_pct, "Men %": display.fmt_pct})


def _within(pub, frame: pd.DataFrame, labels: tuple[str, str]) -> pd.DataFrame:
    f, r = labels
    frame = frame[frame["level"] != "All"]  # the total row (the whole group's pay is in the headline)
    out = pd.DataFrame({f: frame["n_focus"].to_numpy(), r: frame["n_reference"].to_numpy(),
                        f"{f} median £/h": frame["median_focus"].to_numpy(),
                        f"{r} median £/h": frame["median_reference"].to_numpy(),
                        "Median gap": frame["median_gap"].to_numpy(), "Mean gap": frame["mean_gap"].to_numpy()},
                       index=pd.Index(frame["level"].to_numpy()))
    hidden_pay = f"<{pub.publication.policy.min_pay_group}"
    for col in out.columns[2:]:
        out[col] = [hidden_pay if is_hidden(v) else v for v in out[col]]
    return out


def _within_formats(labels: tuple[str, str]) -> dict:
    f, r = labels
    return {f: display.fmt_count, r: display.fmt_count, f"{f} median £/h": display.fmt_gbp,
            f"{r} median £/h": display.fmt_gbp, "Median gap": display.fmt_pct, "Mean gap": display.fmt_pct}


def band_chart(pub) -> display.Figure:
    """Median and mean gap within each pay band (like-for-like); hidden gaps leave a labelled space."""
    require_published(pub)
    b = pub.bands[(pub.bands["comparison"] == "sex") & (pub.bands["level"] != "All")]
    gaps = pd.DataFrame({c: [v if is_shown(v) else np.nan for v in b[src]] for c, src in
                         (("Median gap", "median_gap"), ("Mean gap", "mean_gap"))}, index=b["level"].to_numpy())
    described = [f"band {i}: median {v['Median gap']:.1f}%" for i, v in gaps.iterrows() if not np.isnan(v["Median gap"])]
    return charts.paired_bars(
        gaps, title="Pay gap within each band (positive: women paid less)", xlabel="Gap, % of men's hourly pay",
        alt="Bar chart of the median and mean gender pay gap within each pay band. " + "; ".join(described) + ".",
        caption="Within most Agenda for Change bands pay is set by the same scale, so gaps are small; larger gaps "
        "within medical grades and senior bands come from pay points, awards and enhancements. Bands with fewer "
        f"than {pub.publication.policy.min_pay_group} women or men are not shown.")


def band_table(pub) -> display.Table:
    """Counts, median hourly pay and gaps within each pay band."""
    require_published(pub)
    policy = pub.publication.policy
    shown_ = _within(pub, pub.bands[pub.bands["comparison"] == "sex"], ("Women", "Men"))
    shown_.index.name = "Pay band"
    return display.Table(
        shown_, f"Hourly pay by pay band, 31 March {pub.trust.year}", formats=_within_formats(("Women", "Men")),
        notes=[f"Counts of 1 to {policy.min_count - 1} are shown as <{policy.min_count} and a second cell as * so "
               f"they cannot be worked out from totals; pay figures need at least {policy.min_pay_group} people in "
               "each group, and one more band's pay is withheld where the hidden one could be worked out from the "
               "whole workforce's."])


def staff_group_table(pub, key: str = "sex") -> display.Table:
    """Counts, median hourly pay and gaps within each staff group (medical and dental vs Agenda for Change)."""
    require_published(pub)
    ref, foc = pub.references[key]
    labels = ("Women", "Men") if key == "sex" else (foc, ref)
    shown_ = _within(pub, pub.staff_groups[pub.staff_groups["comparison"] == key], labels)
    shown_.index.name = "Staff group"
    return display.Table(shown_, f"Hourly pay by staff group: {labels[0]} and {labels[1]}",
                         formats=_within_formats(labels))


def bonus_table(pub) -> display.Table:
    """Bonus recipients, proportions and mean and median bonus by sex."""
    require_published(pub)
    sex = row_of(pub, "sex")
    hidden_pay = f"<{pub.publication.policy.min_pay_group}"

    def pay(v: object) -> object:
        return hidden_pay if is_hidden(v) and v == "suppressed" else v

    rows = {_LABEL[s]: {"Relevant employees": sex[f"n_relevant_{s}"], "Received a bonus": sex[f"n_bonus_{s}"],
                        "% receiving": sex[f"bonus_pct_{s}"], "Mean bonus": pay(sex[f"mean_bonus_{s}"]),
                        "Median bonus": pay(sex[f"median_bonus_{s}"])} for s in ("focus", "reference")}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "Group"
    return display.Table(
        out, "Bonus pay in the 12 months to the snapshot date",
        formats={"Relevant employees": display.fmt_count, "Received a bonus": display.fmt_count,
                 "% receiving": display.fmt_pct, "Mean bonus": display.fmt_gbp, "Median bonus": display.fmt_gbp},
        notes=["Bonus pay is not pro-rated for part-time staff in the statutory measures; Clinical Excellence "
               "Awards are themselves paid pro rata to sessions, which lowers awards to part-time consultants."])


def award_table(pub) -> display.Table | display.Html:
    """Bonus recipients by type of award and sex, if award types are recorded."""
    require_published(pub)
    if not pub.has_award_types:
        return display.note("The type of each bonus award is not recorded for this trust.",
                            "missing")
    a = pub.awards
    table = pd.DataFrame({"Women": a["n_focus"].to_numpy(), "Men": a["n_reference"].to_numpy()},
                         index=pd.Index(a["award"].to_numpy(), name="Award type"))
    return display.Table(table, "Bonus recipients by type of award",
                         formats={"Women": display.fmt_count, "Men": display.fmt_count})


def trend_chart(pub) -> display.Figure:
    """Mean and median hourly gap by snapshot year (published years only)."""
    require_published(pub)
    t = pub.gaps[pub.gaps["comparison"] == "sex"].set_index("year")
    series = {name: pd.Series([float(v) if is_shown(v) else np.nan for v in t[col]], index=t.index)
              for name, col in (("Median gap", "median_gap"), ("Mean gap", "mean_gap"))}
    first, last = t.index.min(), t.index.max()
    return charts.trend_lines(
        series, title=f"Hourly pay gap, {first} to {last}", ylabel="Gap, % of men's hourly pay",
        alt=f"Line chart of the median and mean hourly pay gap from {first} to {last}. Median: "
        + ", ".join(f"{y} {v:.1f}%" for y, v in series["Median gap"].dropna().items())
        + ". Mean: " + ", ".join(f"{y} {v:.1f}%" for y, v in series["Mean gap"].dropna().items()) + ".",
        caption="Each point is the snapshot at 31 March. The mean is pulled up by the highest-paid posts, most "
        "held by men; the median describes the middle of the workforce.")


def trend_table(pub) -> display.Table:
    """The headline measures for every snapshot year."""
    require_published(pub)
    t = pub.gaps[pub.gaps["comparison"] == "sex"].set_index("year")
    upper = pub.quartiles[(pub.quartiles["comparison"] == "sex") & (pub.quartiles["quartile"] == "Upper")]
    upper = upper.set_index("year")["pct_focus"]
    table = pd.DataFrame({"Women": t["n_full_pay_focus"], "Men": t["n_full_pay_reference"], "Mean gap": t["mean_gap"],
                          "Median gap": t["median_gap"], "Mean bonus gap": t["mean_bonus_gap"],
                          "Median bonus gap": t["median_bonus_gap"], "Women in upper quartile": upper.reindex(t.index)})
    table.index.name = "Snapshot year"
    fmt = {c: display.fmt_pct for c in table.columns if c not in ("Women", "Men")}
    fmt.update({"Women": display.fmt_count, "Men": display.fmt_count})
    return display.Table(table, "Five-year trend (full-pay relevant employees)", formats=fmt,
                         notes=["n/a: not calculable, e.g. no woman received a bonus that year; suppressed: too few "
                                "people to publish."])


def scope_table(pub) -> display.Table:
    """Who is counted: relevant and full-pay relevant employees by sex, and bank workers among them."""
    require_published(pub)
    s = pub.scope.set_index("group")
    table = pd.DataFrame({"Relevant employees": s["relevant"], "Full-pay relevant (hourly measures)": s["full_pay"],
                          "Of whom bank workers": s["bank"]})
    table.index = pd.Index([{"Female": "Women", "Male": "Men"}.get(g, "Sex not recorded") for g in table.index],
                           name="Group")
    return display.Table(
        table, f"Who is counted: staff employed on 31 March {pub.trust.year}",
        formats={c: display.fmt_count for c in table.columns},
        notes=["Full-pay relevant employees were not on reduced or nil pay because of leave in March and had "
               "contracted hours; the hourly and quartile measures use them. Bonus measures use all relevant employees.",
               "Staff recorded as neither male nor female are outside the statutory measures and counted here only."])


def small_numbers_method(pub) -> display.Html:
    """The method notes that depend on the disclosure policy: pooling of small groups and what is withheld."""
    publication = require_published(pub)
    p = publication.policy
    items = [
        "<strong>Other characteristics</strong> use the same six measures with a reference group in place of men "
        f"(positive: the group is paid less). Groups with fewer than {p.min_pay_group} staff are combined with other "
        "small groups under the same heading, and not reported if still too small; staff whose characteristic is not "
        "recorded are shown as their own row and left out of every gap.",
        f"<strong>Small numbers.</strong> Counts of 1 to {p.min_count - 1} are shown as &lt;{p.min_count}, with a "
        "second cell hidden (*) where totals would reveal them; pay figures need at least "
        f"{p.min_pay_group} people in each group, and where a withheld figure could be worked out from a combined "
        f"row or the whole workforce's, another is withheld (suppressed). Groups under {p.volatile_group} are "
        "flagged as volatile, and intervals wider than "
        f"{p.wide_interval_pp:g} percentage points as imprecise."
        + (" <strong>This version is not for publication:</strong> nothing is withheld." if publication.internal else ""),
    ]
    return display.Html('<ul class="method">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>")

