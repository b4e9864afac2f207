"""How hourly pay is spread within each group: seaborn box charts drawn from published percentiles only.

A box shows a group's middle half of hourly pay (25th to 75th percentile), the line inside it the median and the
whiskers the 10th and 90th percentiles. The charts never see a member of staff: seaborn is given, for each group,
the five published percentiles as five values, and with whiskers set to the 0th and 100th percentile of those
values (``whis=(0, 100)``) it draws exactly them: matplotlib's ``boxplot_stats`` takes the 25th, 50th and 75th
percentiles of five sorted values, with linear interpolation, as the second, third and fourth. This is Tukey's
box plot (Tukey 1977, *Exploratory Data Analysis*) with whiskers at fixed percentiles. A group whose pay is not published
(too few people) leaves a labelled empty row. Colours are the project's palette (:data:`.charts.PALETTE`);
one group of each pair is hatched so the charts read in grey; alt text states every figure drawn.
"""

from __future__ import annotations

import warnings

import matplotlib.colors
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
import seaborn as sns

from ..disclosure import is_shown, require_published
from ..results.pay_gap_distribution import QUANTILES
from . import display
from .charts import PALETTE

__all__ = ["band_distribution_chart", "five_points", "group_distribution_chart", "pay_distributions"]

_SEX = {"Male": "Men", "Female": "Women"}
_STYLE = {"font.size": 10, "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 11,
          "axes.titleweight": "bold", "axes.edgecolor": "#444444", "legend.frameon": False}
_HATCH = "//"


def _band(level: str) -> str:
    return level if level.startswith(("Medical", "VSM")) else f"band {level}"


def _label(group: str) -> str:
    return _SEX.get(group, group)


def five_points(row: pd.Series, side: str) -> list[float] | None:
    """A group's published percentiles (10th, 25th, 50th, 75th, 90th), or None when they are hidden or missing."""
    values = [row[f"{q}_{side}"] for q in QUANTILES]
    if not all(is_shown(v) and not isinstance(v, str) for v in values):
        return None
    return [float(v) for v in values]


def _long(items: list[tuple[str, str, list[float] | None]]) -> pd.DataFrame:
    """Five rows per shown group (category, hue, pay) for seaborn; hidden groups have none."""
    rows = [{"category": cat, "hue": hue, "pay": v} for cat, hue, pts in items if pts is not None for v in pts]
    return pd.DataFrame(rows, columns=["category", "hue", "pay"]).astype({"category": "object", "hue": "object",
                                                                         "pay": "float64"})


def _describe(name: str, pts: list[float]) -> str:
    p10, p25, med, p75, p90 = pts
    return f"{name}: median £{med:.2f}, middle half £{p25:.2f} to £{p75:.2f}, 10th to 90th percentile £{p10:.2f} to £{p90:.2f}"


def _draw(items: list[tuple[str, str, list[float] | None]], categories: list[str], hues: dict[str, str], *,
          title: str, dodge: bool, legend: bool) -> plt.Figure:
    """Horizontal boxes, one per (category, hue) item; empty rows say "not shown"."""
    data = _long(items)
    colours = dict(hues)
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(7.5, (0.55 if dodge else 0.42) * len(categories) + 1.4))
        if len(data):
            with warnings.catch_warnings():
                # seaborn 0.13 still passes matplotlib's deprecated ``vert``; harmless until matplotlib 3.13
                warnings.filterwarnings("ignore", message="vert: bool", category=DeprecationWarning)
                sns.boxplot(data=data, x="pay", y="category", hue="hue", order=categories, hue_order=list(hues),
                            palette=colours, whis=(0, 100), showfliers=False, dodge=dodge, saturation=1,
                            width=0.7, linecolor=PALETTE["ink"], linewidth=1, legend=legend, ax=ax)
        hatched = matplotlib.colors.to_rgba(colours[list(hues)[-1]])
        for patch in ax.patches:  # the second group of each pair is hatched: it reads when printed in grey
            if np.allclose(patch.get_facecolor(), hatched):
                patch.set_hatch(_HATCH)
                patch.set_edgecolor(PALETTE["ink"])
        shown = {cat for cat, _, pts in items if pts is not None}
        ax.set_yticks(range(len(categories)), categories)
        ax.set_ylim(len(categories) - 0.5, -0.5)
        left = float(data["pay"].min()) if len(data) else 0.0
        for i, cat in enumerate(categories):
            missing = [h for c, h, pts in items if c == cat and pts is None]
            if cat not in shown or (missing and not dodge):
                ax.text(left, i, "not shown: too few staff", va="center", color=PALETTE["grey"], fontsize=8)
            elif missing:
                ax.text(left, i + 0.2, f"{', '.join(missing)}: not shown (too few staff)", va="center",
                        color=PALETTE["grey"], fontsize=7)
        ax.set_xlabel("Hourly pay (£)")
        ax.set_ylabel("")
        ax.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("£{x:,.0f}"))
        ax.set_title(title, loc="left")
        if legend and ax.get_legend() is not None:
            for handle in ax.get_legend().legend_handles:
                if np.allclose(handle.get_facecolor(), hatched):
                    handle.set_hatch(_HATCH)
            sns.move_legend(ax, "lower right", title=None)
    return fig


def _caption(pub) -> str:
    return ("Each box spans the middle half of the group's hourly pay; the line inside it is the median and the "
            "whiskers reach the 10th and 90th percentiles, so a box further right means higher pay and a longer "
            "box more spread. Groups with fewer than "
            f"{pub.publication.policy.min_pay_group} staff are not shown.")


def group_distribution_chart(pub) -> display.Figure | display.Html:
    """Spread of hourly pay of each comparison's two groups (sex, ethnicity, disability) in the report year."""
    require_published(pub)
    items = []
    for _, row in pub.distribution.iterrows():
        for side in ("reference", "focus"):
            items.append((_label(row[side]), "focus" if side == "focus" else "reference", five_points(row, side)))
    if not any(pts is not None for _, _, pts in items):
        return display.note("The spread of hourly pay is not shown: every group is too small to publish.", "missing")
    categories = [cat for cat, _, _ in items]
    # as in every chart of the reports: the first group light, the second dark and hatched
    fig = _draw(items, categories, {"focus": PALETTE["light"], "reference": PALETTE["dark"]},
                title=f"How hourly pay is spread in each group, 31 March {pub.trust.year}", dodge=False, legend=False)
    described = [_describe(cat, pts) if pts is not None else f"{cat}: not shown" for cat, _, pts in items]
    alt = ("Box chart of hourly pay for " + ", ".join(categories) + ". " + "; ".join(described) + ".")
    return display.figure(fig, alt, _caption(pub))


def band_distribution_chart(pub) -> display.Figure | display.Html:
    """Spread of women's and men's hourly pay within each pay band in the report year."""
    require_published(pub)
    bands = pub.band_distribution[pub.band_distribution["level"] != "All"]
    items = []
    for _, row in bands.iterrows():
        for side, who in (("focus", "Women"), ("reference", "Men")):
            items.append((str(row["level"]), who, five_points(row, side)))
    if not any(pts is not None for _, _, pts in items):
        return display.note("The spread of hourly pay within bands is not shown: every band is too small to "
                            "publish.", "missing")
    categories = list(dict.fromkeys(cat for cat, _, _ in items))
    fig = _draw(items, categories, {"Women": PALETTE["light"], "Men": PALETTE["dark"]},
                title="How women's and men's hourly pay is spread within each pay band", dodge=True, legend=True)
    described = [f"{_band(cat)}, {who.lower()}: median £{pts[2]:.2f}, middle half £{pts[1]:.2f} to £{pts[3]:.2f}"
                 for cat, who, pts in items if pts is not None]
    hidden = [f"{_band(cat)} ({who.lower()})" for cat, who, pts in items if pts is None]
    alt = ("Box chart of women's and men's hourly pay within each pay band. " + "; ".join(described) + "."
           + (f" Not shown (too few staff): {', '.join(hidden)}." if hidden else ""))
    return display.figure(fig, alt, _caption(pub) + " Within most Agenda for Change bands pay follows one scale, "
                          "so the boxes are short.")


def pay_distributions(pub) -> display.Html:
    """Both distribution charts, by group and by band, in one display (one notebook cell)."""
    require_published(pub)
    return display.stack([group_distribution_chart(pub), band_distribution_chart(pub)])
