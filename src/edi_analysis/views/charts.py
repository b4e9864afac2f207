"""Charts in a colour-blind-safe palette that also reads when printed in grey and on a phone.

Colours are from Okabe and Ito (2008), darkened where needed so that every
series has at least 3:1 contrast against the white page (WCAG 2.2, 1.4.11) and
every coloured text at least 4.5:1 (1.4.3). Colour is never the only cue: the
groups of a comparison are hatched differently, lines differ in marker and
dash, and values are labelled directly, so the charts survive greyscale
printing and colour blindness. Text stays text in the SVG (``svg.fonttype:
none``), and charts are sized so that, scaled down to a 390 px phone screen,
their smallest text is still 9 px (:data:`PHONE_CONTENT_PX`, :data:`MIN_TEXT_PX`).
Every function returns a :class:`edi_analysis.display.Figure` with alt text
that states the numbers shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import textwrap

import matplotlib
import matplotlib.colors
import matplotlib.dates
import matplotlib.patches
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .display import Figure, figure

__all__ = ["PALETTE", "BACKGROUND", "PHONE_CONTENT_PX", "MIN_TEXT_PX", "SMALL", "WIDTH", "contrast_ratio", "share_bars", "paired_bars", "trend_lines", "spc_chart", "p_chart_plot", "target_chart",
           "distribution_chart"]

#: Okabe-Ito colours by role; each has >= 3:1 contrast against white (Okabe-Ito orange, 2.2:1, is replaced by
#: its vermilion, 3.9:1).
PALETTE: dict[str, str] = {
    "dark": "#0072B2",  # blue, 5.2:1
    "light": "#D55E00",  # vermilion, 3.9:1
    "third": "#009E73",  # bluish green, 3.4:1
    "fourth": "#CC79A7",  # reddish purple, 3.1:1
    "grey": "#6E6E6E",  # 5.1:1
    "ink": "#1A1A1A",  # 17:1
}
#: The page behind every chart.
BACKGROUND = "#FFFFFF"

#: Width of the report's text column on a 390 px wide phone (page padding taken off), where charts are scaled
#: down to fit; and the smallest text size a reader should meet there.
PHONE_CONTENT_PX = 350
MIN_TEXT_PX = 9
#: The smallest font used in any chart (points) and the widest a chart may be drawn (inches, before the
#: 0.05 in padding each side) so that this text scaled to PHONE_CONTENT_PX is still MIN_TEXT_PX:
#: 10 pt * 350 / 374.4 pt = 9.35 px.
SMALL = 10.0
WIDTH = 5.0

_STYLE = {
    "font.size": 10.5,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans", "Helvetica"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10.5,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "legend.fontsize": SMALL,
    "axes.edgecolor": "#444444",
    "text.color": PALETTE["ink"],
    "axes.labelcolor": PALETTE["ink"],
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "legend.frameon": False,
    # Text as <text> in the SVG, not paths: selectable, searchable and far smaller.
    "svg.fonttype": "none",
}


def contrast_ratio(a: str, b: str = BACKGROUND) -> float:
    """WCAG 2.2 contrast ratio of two sRGB colours given as ``#RRGGBB`` (1 to 21).

    Relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised channels; the ratio is
    (L1 + 0.05) / (L2 + 0.05) with L1 the lighter (WCAG 2.2, definitions of "relative luminance" and
    "contrast ratio").
    """
    def luminance(colour: str) -> float:
        rgb = matplotlib.colors.to_rgb(colour)
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _text_colour(colour: str) -> str:
    """The colour itself when it is readable as text on the page (>= 4.5:1), else ink."""
    return colour if contrast_ratio(colour) >= 4.5 else PALETTE["ink"]


def _wrap(label: object, width: int = 22) -> str:
    """A long category label over two or more lines, so a narrow chart keeps room for its bars."""
    return textwrap.fill(str(label), width=width, break_long_words=False)


def _series_styles(n: int) -> list[dict]:
    colours = [PALETTE["light"], PALETTE["dark"], PALETTE["third"], PALETTE["fourth"]]
    hatches = ["", "//", "..", "xx"]
    return [dict(color=colours[i % 4], hatch=hatches[i % 4], edgecolor="white") for i in range(n)]


def _title(fig, title: str) -> None:
    """The chart's title at the figure's left edge, wrapped to its width (long category labels would otherwise push
    an axes-aligned title off the right edge and widen the drawing)."""
    fig.suptitle(_wrap(title, 50), x=0.01, ha="left", fontsize=_STYLE["axes.titlesize"],
                 fontweight=_STYLE["axes.titleweight"])


def _few_date_ticks(ax, dates: pd.Series, n: int = 4) -> None:
    """At most ``n`` date ticks, on dates that are in the data, so labels stay apart on a narrow chart."""
    if len(dates) == 0:
        return
    picks = np.unique(np.linspace(0, len(dates) - 1, min(n, len(dates))).round().astype(int))
    ax.set_xticks(pd.to_datetime(pd.Series(dates).iloc[picks]).to_list())


def share_bars(shares: pd.DataFrame, *, title: str, alt: str, caption: str) -> Figure:
    """100% stacked horizontal bars: each row's split between the columns.

    Parameters
    ----------
    shares
        Rows are the bars (top to bottom in the given order), columns the
        groups; values are percentages that sum to 100 per row. Rows with any
        missing value (suppressed) are drawn empty and labelled.
    """
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 0.62 * len(shares) + 1.6), layout="constrained")
        y = np.arange(len(shares))[::-1]
        left = np.zeros(len(shares))
        for (col, style) in zip(shares.columns, _series_styles(len(shares.columns))):
            vals = shares[col].astype(float).fillna(0).to_numpy()
            bars = ax.barh(y, vals, left=left, label=str(col), height=0.62, **style)
            for rect, v, l0 in zip(bars, vals, left):
                if v >= 8:
                    ax.text(l0 + v / 2, rect.get_y() + rect.get_height() / 2, f"{v:.0f}%", ha="center",
                            va="center", color=PALETTE["ink"], fontsize=SMALL,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
            left = left + vals
        for yi, missing in zip(y, shares.isna().any(axis=1)):
            if missing:
                ax.text(50, yi, "not shown: small numbers", ha="center", va="center", color=PALETTE["grey"])
        ax.set_yticks(y, [_wrap(i) for i in shares.index])
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of the group")
        _title(fig, title)
        fig.legend(ncols=min(len(shares.columns), 3), loc="outside lower left")
        return figure(fig, alt, caption)


def paired_bars(values: pd.DataFrame, *, title: str, xlabel: str, alt: str, caption: str,
                value_format: str = "{:.1f}", zero_line: bool = True, absent: pd.DataFrame | None = None) -> Figure:
    """Horizontal bars for each row, one bar per column (e.g. a gap per pay band).

    Missing values (suppressed or undefined) leave a gap labelled "not shown", never a bar; cells marked
    True in ``absent`` (nobody there at all) are left blank instead.
    """
    with plt.rc_context(_STYLE):
        n_rows, n_cols = values.shape
        fig, ax = plt.subplots(figsize=(WIDTH, 0.5 * n_rows * max(1, n_cols * 0.7) + 1.4), layout="constrained")
        height = 0.8 / n_cols
        y = np.arange(n_rows)[::-1]
        finite = values.astype(float).to_numpy()
        span = np.nanmax(np.abs(finite)) if np.isfinite(finite).any() else 1.0
        for j, (col, style) in enumerate(zip(values.columns, _series_styles(n_cols))):
            pos = y + (n_cols - 1 - 2 * j) * height / 2
            vals = values[col].astype(float).to_numpy()
            ax.barh(pos, np.nan_to_num(vals), height=height * 0.95, label=str(col), **style)
            gone = absent[col].to_numpy(bool) if absent is not None else np.zeros(len(vals), bool)
            for p, v, nobody in zip(pos, vals, gone):
                if np.isnan(v):
                    if not nobody:
                        ax.text(0, p, "  not shown", va="center", color=PALETTE["grey"], fontsize=SMALL)
                else:
                    ax.text(v + (0.02 * span if v >= 0 else -0.02 * span), p, value_format.format(v),
                            va="center", ha="left" if v >= 0 else "right", fontsize=SMALL, color=PALETTE["ink"])
        if zero_line:
            ax.axvline(0, color=PALETTE["ink"], lw=0.8)
        ax.set_yticks(y, [_wrap(i) for i in values.index])
        ax.set_xlabel(_wrap(xlabel, 60))
        _title(fig, title)
        lim = span * 1.25 if span > 0 else 1
        lo = min(0.0, np.nanmin(finite) * 1.25) if np.isfinite(finite).any() else 0.0
        ax.set_xlim(min(lo, -0.05 * lim), lim)
        if n_cols > 1:
            fig.legend(ncols=min(n_cols, 3), loc="outside lower left")
        return figure(fig, alt, caption)


def trend_lines(series: Mapping[str, pd.Series], *, title: str, ylabel: str, alt: str, caption: str,
                zero_line: bool = True, annotate_last: bool = True, x_ticks: Sequence[int] | None = None) -> Figure:
    """Lines over years, one per series, with markers and the last value labelled."""
    markers = ["o", "s", "^", "D"]
    styles = ["-", "--", "-.", ":"]
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.4), layout="constrained")
        colours = [PALETTE["dark"], PALETTE["light"], PALETTE["third"], PALETTE["fourth"]]
        for i, (name, s) in enumerate(series.items()):
            s = s.astype(float)
            ax.plot(s.index, s.to_numpy(), marker=markers[i % 4], ls=styles[i % 4], color=colours[i % 4],
                    lw=2, label=name)
            last = s.dropna()
            if annotate_last and len(last):
                ax.annotate(f"{last.iloc[-1]:.1f}", (last.index[-1], last.iloc[-1]), textcoords="offset points",
                            xytext=(6, 0), va="center", fontsize=SMALL, color=_text_colour(colours[i % 4]))
        if zero_line:
            ax.axhline(0, color=PALETTE["ink"], lw=0.8)
        ticks = list(x_ticks) if x_ticks is not None else sorted({int(x) for s in series.values() for x in s.index})
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.set_ylabel(_wrap(ylabel, 30))
        _title(fig, title)
        fig.legend(ncols=min(len(series), 2), loc="outside lower left")
        return figure(fig, alt, caption)


# --- SPC (Making Data Count style) -------------------------------------------

_POINT_STYLE = {
    "special_cause_improvement": dict(color=PALETTE["dark"], marker="^", label="Special cause: improvement"),
    "special_cause_concern": dict(color=PALETTE["light"], marker="D", label="Special cause: concern"),
    "special_cause_neutral_high": dict(color=PALETTE["fourth"], marker="s", label="Special cause: neither"),
    "special_cause_neutral_low": dict(color=PALETTE["fourth"], marker="s", label="Special cause: neither"),
}
_ICON_COLOUR = {"improvement": PALETTE["dark"], "concern": PALETTE["light"], "neutral": PALETTE["fourth"],
                "common": PALETTE["grey"], "pass": PALETTE["dark"], "fail": PALETTE["light"],
                "inconsistent": PALETTE["grey"]}


def _variation_icon(ax, icon: str) -> None:
    """Our own drawing of the variation icon: a ring, a little run of dots and H or L."""
    kind = icon.split("_")[0]
    colour = _ICON_COLOUR[kind if kind in _ICON_COLOUR else "common"]
    ax.add_patch(matplotlib.patches.Circle((0.5, 0.5), 0.45, fill=False, lw=2.5, ec=colour))
    xs = np.linspace(0.22, 0.78, 7)
    if icon.endswith("_high"):
        ys = [0.42, 0.45, 0.40, 0.44, 0.55, 0.62, 0.68]
    elif icon.endswith("_low"):
        ys = [0.58, 0.55, 0.60, 0.56, 0.45, 0.38, 0.32]
    else:
        ys = [0.5, 0.55, 0.46, 0.53, 0.47, 0.54, 0.5]
    ax.plot(xs, ys, color=PALETTE["grey"], lw=1)
    special = 3 if kind != "common" else 0
    ax.scatter(xs[: 7 - special], ys[: 7 - special], s=9, color=PALETTE["grey"], zorder=3)
    if special:
        ax.scatter(xs[7 - special :], ys[7 - special :], s=14, color=colour, zorder=3)
        letter = "H" if icon.endswith("_high") else "L"
        ax.text(0.5, 0.78 if letter == "H" else 0.2, letter, ha="center", va="center", fontsize=SMALL,
                fontweight="bold", color=_text_colour(colour))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.axis("off")


def _assurance_icon(ax, icon: str | None) -> None:
    """Our own drawing of the assurance icon: a ring with P (pass), F (fail) or ? (hit and miss)."""
    if icon is None:
        ax.axis("off")
        return
    colour = _ICON_COLOUR[icon]
    ax.add_patch(matplotlib.patches.Circle((0.5, 0.5), 0.45, fill=False, lw=2.5, ec=colour))
    ax.plot([0.2, 0.8], [0.3, 0.3], color=colour, lw=1.5, ls=(0, (2, 1)))
    ax.text(0.5, 0.58, {"pass": "P", "fail": "F", "inconsistent": "?"}[icon], ha="center", va="center",
            fontsize=12, fontweight="bold", color=_text_colour(colour))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.axis("off")


def spc_chart(result, *, title: str, ylabel: str, alt: str | None = None, caption: str | None = None,
              value_format: str = "{:.1f}", date_format: str = "%b %Y") -> Figure:
    """An XmR chart as the NHS draws it, from :func:`edi_analysis.spc.spc`.

    Data line with common-cause points in grey (small circles); special-cause points in blue
    (improvement, triangles), vermilion (concern, diamonds) or purple (neither,
    squares); the mean as a solid line and the process limits dashed, per
    rebase period with a break between periods; an optional dotted target;
    and the variation and assurance icons with a sentence reading them.
    Marker shapes and line styles keep it readable printed in grey.
    """
    from ..metrics.spc import describe

    p = result.points
    x = p["date"]
    with plt.rc_context(_STYLE):
        fig = plt.figure(figsize=(WIDTH, 3.4))
        ax = fig.add_axes((0.13, 0.2, 0.66, 0.68))
        ax.plot(x, p["value"], color=PALETTE["grey"], lw=1.2, zorder=2)
        common = p["point_type"] == "common_cause"
        ax.scatter(x[common], p.loc[common, "value"], s=14, color=PALETTE["grey"], zorder=3, label="Common cause")
        seen = set()
        for kind, style in _POINT_STYLE.items():
            mask = p["point_type"] == kind
            if mask.any():
                label = style["label"] if style["label"] not in seen else None
                seen.add(style["label"])
                ax.scatter(x[mask], p.loc[mask, "value"], s=34, color=style["color"], marker=style["marker"],
                           zorder=4, label=label, edgecolors="white", linewidths=0.5)
        for g, part in p.groupby("rebase_group"):
            xs = part["date"]
            ax.plot(xs, part["mean"], color=PALETTE["ink"], lw=1.3, label="Mean" if g == 0 else None)
            ax.plot(xs, part["upl"], color=PALETTE["ink"], lw=1, ls="--", label="Process limits" if g == 0 else None)
            ax.plot(xs, part["lpl"], color=PALETTE["ink"], lw=1, ls="--")
            if g > 0:
                ax.axvline(xs.iloc[0], color=PALETTE["grey"], lw=0.8, ls=":")
                ax.annotate("rebase", (xs.iloc[0], 1), xycoords=("data", "axes fraction"), fontsize=SMALL,
                            color=PALETTE["grey"], xytext=(3, -10), textcoords="offset points")
        if result.target is not None:
            ax.axhline(result.target, color=PALETTE["third"], lw=1.5, ls=":", label="Target")
        if pd.api.types.is_datetime64_any_dtype(x):
            _few_date_ticks(ax, x)
            ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter(date_format))
            fig.autofmt_xdate(rotation=0, ha="center")
        ax.set_ylabel(_wrap(ylabel, 30))
        ax.set_title(_wrap(title, 44), loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(-0.15, -0.12), ncols=2)
        _variation_icon(fig.add_axes((0.82, 0.62, 0.17, 0.25)), str(result.summary["variation_icon"]))
        fig.text(0.905, 0.595, "Variation", ha="center", va="top", fontsize=SMALL, color=PALETTE["ink"])
        _assurance_icon(fig.add_axes((0.82, 0.27, 0.17, 0.25)), result.summary["assurance_icon"])
        if result.summary["assurance_icon"] is not None:
            fig.text(0.905, 0.245, "Assurance", ha="center", va="top", fontsize=SMALL, color=PALETTE["ink"])
        reading = describe(result)
        fmt = value_format.format
        last = p.iloc[-1]
        limits = "" if pd.isna(last["upl"]) else f", process limits {fmt(last['lpl'])} to {fmt(last['upl'])}"
        default_alt = (
            f"SPC chart of {title.lower()}: {len(p)} points, latest {fmt(last['value'])}; mean {fmt(last['mean'])}"
            f"{limits}. {int((p['point_type'] == 'special_cause_improvement').sum())} points show improvement and "
            f"{int((p['point_type'] == 'special_cause_concern').sum())} show concern. {reading}"
        )
        return figure(fig, alt or default_alt, caption or reading)


def p_chart_plot(dates: pd.Series, result, *, title: str, ylabel: str, alt: str, caption: str,
                 scale: float = 100.0) -> Figure:
    """A p-chart (from :func:`edi_analysis.spc.p_chart`): proportions with stepped limits per period.

    ``scale`` turns proportions into the unit shown: 100 for %, 1,000 for a rate per 1,000.
    """
    p = result.points
    x = pd.Series(pd.to_datetime(dates)).reset_index(drop=True)
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.4), layout="constrained")
        ax.plot(x, p["p"] * scale, color=PALETTE["grey"], lw=1.2, marker="o", ms=3.5, label="Quarter")
        out = p["outside_limits"].to_numpy()
        if out.any():
            ax.scatter(x[out], p.loc[out, "p"] * scale, s=40, color=PALETTE["light"], marker="D", zorder=4,
                       label="Outside the limits", edgecolors="white", linewidths=0.5)
        ax.axhline(result.centre * scale, color=PALETTE["ink"], lw=1.3, label="Centre (pooled)")
        ax.step(x, p["upl"] * scale, where="mid", color=PALETTE["ink"], lw=1, ls="--", label="Limits")
        ax.step(x, p["lpl"] * scale, where="mid", color=PALETTE["ink"], lw=1, ls="--")
        _few_date_ticks(ax, x)
        ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b %Y"))
        ax.set_ylabel(_wrap(ylabel, 30))
        _title(fig, title)
        fig.legend(ncols=2, loc="outside lower left")
        return figure(fig, alt, caption)


def target_chart(track: pd.DataFrame, *, target_year: int, target_value: float, title: str, ylabel: str,
                 alt: str, caption: str) -> Figure:
    """Observed values with their intervals against the straight-line path to a target.

    ``track`` is :func:`edi_analysis.metrics.targets.track_target` output: index year;
    ``value``, ``low``, ``high``, ``milestone``, ``status``.
    """
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.6), layout="constrained")
        years = np.asarray(track.index, dtype=float)
        path_x = [years[0], float(target_year)]
        path_y = [float(track["milestone"].iloc[0]), float(target_value)]
        ax.plot(path_x, path_y, color=PALETTE["third"], lw=1.5, ls="--", label="Path to target")
        ax.scatter([target_year], [target_value], marker="*", s=140, color=PALETTE["third"], zorder=4, label="Target")
        ok = track["value"].notna()
        lo = (track["value"] - track["low"]).where(ok).to_numpy(float)
        hi = (track["high"] - track["value"]).where(ok).to_numpy(float)
        ax.errorbar(years[ok.to_numpy()], track.loc[ok, "value"], yerr=[lo[ok.to_numpy()], hi[ok.to_numpy()]],
                    fmt="o-", color=PALETTE["dark"], ecolor=PALETTE["dark"], capsize=4, lw=1.8,
                    label="Observed, with 95% interval")
        ax.axhline(0, color=PALETTE["ink"], lw=0.8)
        ticks = list(range(int(years[0]), int(max(years[-1], target_year)) + 1))
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.set_ylabel(_wrap(ylabel, 30))
        _title(fig, title)
        fig.legend(ncols=2, loc="outside lower left")
        return figure(fig, alt, caption)


def distribution_chart(values: pd.Series, marker: float, *, peers: pd.Series | None = None, title: str, xlabel: str,
                       marker_label: str, alt: str, caption: str) -> Figure:
    """A histogram of a national distribution with one organisation's value marked (and its peers hatched)."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 3.4), layout="constrained")
        data = values.dropna().to_numpy(float)
        bins = np.histogram_bin_edges(np.r_[data, marker], bins=20)
        # Mid grey (3.5:1 on white) rather than a pale tint, so the bars themselves are visible (WCAG 1.4.11).
        ax.hist(data, bins=bins, color="#888888", edgecolor="white", label="All NHS trusts")
        if peers is not None and len(peers.dropna()):
            ax.hist(peers.dropna().to_numpy(float), bins=bins, color=PALETTE["dark"], edgecolor="white", hatch="//",
                    label="Trusts of the same type")
        ax.axvline(marker, color=PALETTE["light"], lw=3, label=marker_label)
        ax.axvline(float(np.median(data)), color=PALETTE["ink"], lw=1, ls=":", label="National median")
        ax.set_xlabel(_wrap(xlabel, 60))
        ax.set_ylabel("Number of trusts")
        _title(fig, title)
        fig.legend(ncols=2, loc="outside lower left")
        return figure(fig, alt, caption)
