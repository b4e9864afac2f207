"""Pay gaps of every group of another characteristic against a reference group (metrics.md section 7).

Ethnicity, disability, age and the other characteristics: small groups are
merged, then suppressed ("merge, then suppress"), and each reported group is
compared with the reference by the statutory measures; Unknown is shown but
never compared (metrics.md sections 1.4 and 7).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .pay_by_group import GroupPay, pay_by_group, pool_gaps, pooled

__all__ = ["merge_small_groups", "group_labels", "pair_labels", "group_pay_gaps"]

def merge_small_groups(
    sizes: Mapping[str, int], reference: str, parents: Mapping[str, str] | None = None, *, min_size: int
) -> dict[str, str | None]:
    """Decide how each focus group is reported: alone, pooled with other small groups, or suppressed.

    metrics.md section 7, "merge, then suppress": a group with at least
    ``min_size`` people is reported alone; small groups are pooled with the
    other small groups under the same parent (detailed -> Census five groups
    -> BME) and reported if the pool reaches ``min_size``; the small groups
    still left are pooled together, and suppressed if that pool is still
    too small. A pooled row is labelled by its members, e.g. "Mixed and
    Other (combined)".

    Parameters
    ----------
    sizes
        Group -> number of people (in the population the measure uses), in
        report order; Unknown must not be included (it is never merged).
    reference
        The reference group; it is always reported alone.
    parents
        Group -> parent group; groups without a parent share one.
    min_size
        Minimum group size: the disclosure policy's ``min_pay_group`` (``sdc.paygap_min_group``).

    Returns
    -------
    dict
        Each group other than the reference -> its reported label, or ``None`` if suppressed.
    """
    parents = parents or {}
    out: dict[str, str | None] = {}
    small = [g for g, n in sizes.items() if g != reference and n < min_size]
    for g, n in sizes.items():
        if g != reference and n >= min_size:
            out[g] = g
    remaining = []
    by_parent: dict[str, list[str]] = {}
    for g in small:
        by_parent.setdefault(parents.get(g, ""), []).append(g)
    for members in by_parent.values():
        if len(members) >= 2 and sum(sizes[m] for m in members) >= min_size:
            label = _pooled_label(members)
            out.update(dict.fromkeys(members, label))
        else:
            remaining += members
    if remaining:
        ok = len(remaining) >= 2 and sum(sizes[m] for m in remaining) >= min_size
        label = _pooled_label(remaining) if ok else None
        out.update(dict.fromkeys(remaining, label))
    return {g: out[g] for g in sizes if g != reference}


def _pooled_label(members: Sequence[str]) -> str:
    if len(members) == 1:
        return members[0]
    return ", ".join(members[:-1]) + f" and {members[-1]} (combined)"


def group_labels(values: pd.Series, unknown: str = "Unknown") -> pd.Series:
    """Each person's group with blanks as ``unknown``; coded groups stay categorical (integer comparisons at scale)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.categories.map(type).isin([str]).all():
        cats = values if unknown in values.cat.categories else values.cat.add_categories([unknown])
        return cats.fillna(unknown)
    return values.astype("string").fillna(unknown)


def pair_labels(values: pd.Series, reference: str, label: str) -> pd.Categorical:
    """``reference`` for the reference group's people, ``label`` for everyone else (a pooled focus group)."""
    return pd.Categorical.from_codes(np.where(values == reference, 0, 1), categories=[reference, label])


def group_pay_gaps(
    staff: pd.DataFrame,
    by: str,
    reference: str,
    *,
    order: Sequence[str] | None = None,
    parents: Mapping[str, str] | None = None,
    unknown: str = "Unknown",
    min_group: int,
    rate_col: str = "hourly_rate",
    full_pay_col: str = "full_pay_relevant",
    bonus_col: str = "bonus_pay_12m",
    parts: Mapping[str, GroupPay] | None = None,
) -> pd.DataFrame:
    """Pay gaps of every group of a characteristic against a reference group.

    Groups are first merged or suppressed with :func:`merge_small_groups`
    (on full-pay relevant counts); each reported group is then compared
    with the reference by :func:`pay_gap_measures`. Unknown is shown as its
    own row with its count, share of the workforce and pay, and excluded
    from every gap (metrics.md sections 1.4 and 7).

    Returns
    -------
    pandas.DataFrame
        One row per reported group (reference first, Unknown last), index
        ``group``: ``members`` (groups pooled into the row), ``n`` (full-pay
        relevant), ``n_relevant``, ``share_pct`` (of all relevant staff),
        ``mean_hourly``, ``median_hourly``, ``mean_gap``, ``median_gap``,
        ``bonus_pct``, ``n_bonus``, ``mean_bonus_gap``, ``median_bonus_gap``,
        ``suppressed`` (too small even after pooling; no figures shown).
        Gaps of groups whose measure population is below ``min_group`` are
        NaN; the caller shows them as suppressed.

    ``parts``: :func:`~edi_analysis.metrics.pay_by_group.pay_by_group` of the same staff, labelled with
    ``group_labels``, when the caller has it already (it is then not gathered again).
    """
    if parts is None:  # a caller that gathered the same labelled groups already passes them
        # the four columns read, labelled; then every group's pay gathered in one pass (pay_by_group): each row
        # and each comparison below pools arrays instead of filtering the whole staff table again
        frame = staff[list(dict.fromkeys([by, rate_col, full_pay_col, bonus_col]))].assign(
            **{by: group_labels(staff[by], unknown)})
        parts = pay_by_group(frame, by, rate_col=rate_col, full_pay_col=full_pay_col, bonus_col=bonus_col)
    have = set(parts)
    present = [g for g in (order or sorted(have)) if g in have and g != unknown]
    if reference not in present:
        raise ValueError(f"group_pay_gaps: the reference group {reference!r} has nobody in column {by!r}.")
    sizes = {g: parts[g].n for g in present}
    plan = merge_small_groups(sizes, reference, parents, min_size=min_group)
    rows: list[dict] = []
    total = len(staff)

    def describe_group(label: str, members: list[str]) -> dict:
        pay = pooled(parts, members)
        return {
            "group": label, "members": ", ".join(members), "n": pay.n, "n_relevant": pay.n_relevant,
            "share_pct": pay.n_relevant / total * 100 if total else np.nan,
            "mean_hourly": pay.mean_hourly(), "median_hourly": pay.median_hourly(),
            "n_bonus": pay.n_bonus, "bonus_pct": pay.n_bonus / pay.n_relevant * 100 if pay.n_relevant else np.nan,
        }

    ref_row = describe_group(reference, [reference])
    rows.append({**ref_row, "mean_gap": np.nan, "median_gap": np.nan, "mean_bonus_gap": np.nan,
                 "median_bonus_gap": np.nan, "suppressed": ref_row["n"] < min_group})
    seen: list[str] = []
    for g in present:
        if g == reference or plan[g] in seen:
            continue
        label = plan[g]
        if label is None:
            if "" in seen:
                continue
            seen.append("")
            members = [m for m in present if m != reference and plan[m] is None]
            row = describe_group(_pooled_label(members).replace(" (combined)", "") + " (too few to report)", members)
            row.update(mean_hourly=np.nan, median_hourly=np.nan, bonus_pct=np.nan)
            rows.append({**row, "mean_gap": np.nan, "median_gap": np.nan, "mean_bonus_gap": np.nan,
                         "median_bonus_gap": np.nan, "suppressed": True})
            continue
        seen.append(label)
        members = [m for m in present if plan.get(m) == label]
        row = describe_group(label, members)
        # the pooled members against the reference: pay_gap_measures' gaps, from the gathered pay
        ref_pay, focus_pay = parts[reference], pooled(parts, members)
        gaps = pool_gaps(ref_pay, focus_pay)
        hourly_ok = min(ref_pay.n, focus_pay.n) >= min_group
        bonus_ok = min(ref_pay.n_bonus, focus_pay.n_bonus) >= min_group

        def shown(key: str, ok: bool) -> float:
            return gaps[key] if ok and gaps[key] is not None else np.nan
        rows.append({
            **row,
            "mean_gap": shown("mean_gap", hourly_ok), "median_gap": shown("median_gap", hourly_ok),
            "mean_bonus_gap": shown("mean_bonus_gap", bonus_ok), "median_bonus_gap": shown("median_bonus_gap", bonus_ok),
            "suppressed": False,
        })
    if unknown in parts:  # someone's group is not recorded (every label held is a group of parts)
        row = describe_group(unknown, [unknown])
        if row["n"] < min_group:
            row.update(mean_hourly=np.nan, median_hourly=np.nan)
        rows.append({**row, "mean_gap": np.nan, "median_gap": np.nan, "mean_bonus_gap": np.nan,
                     "median_bonus_gap": np.nan, "suppressed": False})
    out = pd.DataFrame(rows).set_index("group")
    for col in ("n", "n_relevant", "n_bonus"):
        out[col] = out[col].astype("int64")
    for col in ("share_pct", "mean_hourly", "median_hourly", "bonus_pct", "mean_gap", "median_gap",
                "mean_bonus_gap", "median_bonus_gap"):
        out[col] = out[col].astype("float64")
    out["suppressed"] = out["suppressed"].astype(bool)
    return out
