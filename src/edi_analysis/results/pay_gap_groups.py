"""Pay of every group of a characteristic against its reference (metrics.md section 7): the group tables.

Groups are merged before they are compared (merge, then suppress): :func:`~edi_analysis.metrics.pay_gaps.
group_pay_gaps` decides which small groups are pooled with others under the same heading and which are too
few even pooled. Unlike that function, these tables keep every row's raw figures (too-few pools and a small
reference or Unknown row included): hiding them is the disclosure policy's job, which needs the values to
decide what else a reader could back out.

Where a pooled figure is public (the ethnicity comparison's focus group, e.g. BME, is the pool of the Census
groups other than the reference), the table carries the pooled row (``role`` ``total``) beside its members,
so the policy protects both the member counts (a :class:`ColSum`) and their pay (``derived_sums``: a hidden
member's mean or median cannot be backed out of the pooled row and the other members).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, Same, Spec
from ..io import AGE_BANDS
from ..metrics import groups
from ..metrics.group_gaps import group_labels, group_pay_gaps, merge_small_groups
from ..metrics.pay_arrays import PayArrays
from ..metrics.pay_by_group import GroupPay, pay_by_group, pool_gaps, pooled

__all__ = ["GROUP_TABLES", "GROUPS_SPEC", "GROUP_SPECS", "group_tables", "ROLES"]

#: key -> (staff column, reference: a key of params.pay_gap_references or a literal group, report order)
GROUP_TABLES = {
    "ethnicity_census5": ("ethnicity_census5", "White", list(groups.CENSUS5)),
    "ethnicity_detailed": ("ethnicity_detailed", "White British", list(groups.DETAILED.values())),
    "sexual_orientation": ("sexual_orientation_group", "sexual_orientation", None),
    "religion": ("religion_group", "religion", None),
    "age_band": ("age_group", "age_band", list(AGE_BANDS)),
    "sex_ethnicity": ("sex_ethnicity", "Men White", None),
    "sex_disability": ("sex_disability", "Men Non-disabled", None),
}

#: row roles: the reference, a group reported alone, a pool of small groups, a pool still too small,
#: staff whose characteristic is not recorded, a public pooled row beside its members, and one group of a pool
#: that spans two public pools (kept for the policy only; views do not show it)
ROLES = ("reference", "group", "pooled", "too_few", "unknown", "total", "in_pool")
_PARTS = ROLES[:5]
_PAY = ("mean_hourly", "median_hourly", "mean_gap", "median_gap")

GROUPS_SPEC = Spec(
    counts=("n", "n_relevant", "n_reference"),
    derived={"share_pct": Derived(of=("n_relevant",)),
             "mean_hourly": Derived(bases=("n",), base="pay_group"),
             "median_hourly": Derived(bases=("n",), base="pay_group"),
             "mean_gap": Derived(of=("mean_hourly",), bases=("n", "n_reference"), base="pay_group"),
             "median_gap": Derived(of=("median_hourly",), bases=("n", "n_reference"), base="pay_group")},
    col_sums=(
        # every row but a pooled total: all staff of the table (public)
        ColSum(label="role", parts=_PARTS, columns=("n", "n_relevant")),
        # members of a public pool add up to its row
        ColSum(label="role", total="total", within=("line",), columns=("n", "n_relevant")),
        # a pool split into its groups (in_pool rows) adds up to the pooled row
        ColSum(label="pool_role", total="total", within=("pool",), columns=("n", "n_relevant")),
    ),
    derived_sums=(
        ColSum(label="role", total="total", within=("line",), columns=_PAY, smallest_by="n"),
        ColSum(label="pool_role", total="total", within=("pool",), columns=_PAY, smallest_by="n"),
        # the whole table's pay is near-public (the sex comparison covers nearly everyone)
        ColSum(label="role", parts=_PARTS, columns=("mean_hourly", "median_hourly"), smallest_by="n"),
    ))

_N = {"n": "n", "n_relevant": "n_relevant"}
_ETH = {"comparison": "ethnicity"}


def _as_gaps(side: str) -> Same:
    """Rows labelled as the ethnicity comparison's ``side`` group repeat its report-year counts in ``gaps``."""
    return Same("gaps", {"n": f"n_full_pay_{side}", "n_relevant": f"n_relevant_{side}"},
                on={"year": "year", "group": side}, where=_ETH)


#: per-table specs (results key ``groups.<key>``): counts these tables repeat from other tables of the report
GROUP_SPECS = {
    # White, the BME pool and Unknown are the ethnicity comparison's reference, focus and Unknown
    "ethnicity_census5": dataclasses.replace(GROUPS_SPEC, same=tuple(_as_gaps(s) for s in ("reference", "focus",
                                                                                           "unknown"))),
    "ethnicity_route": dataclasses.replace(GROUPS_SPEC, same=tuple(_as_gaps(s) for s in ("reference", "focus"))),
    # each Census group's total (and Unknown) is that group's row of the census5 table
    "ethnicity_detailed": dataclasses.replace(GROUPS_SPEC, same=tuple(
        Same("groups.ethnicity_census5", _N, on={"group": "group"}, where={"role": role})
        for role in ("reference", "group", "unknown"))),
}

_COLUMNS = ["group", "members", "role", "line", "pool", "pool_role", "n", "n_relevant", "n_reference", "share_pct", "mean_hourly",
            "median_hourly", "mean_gap", "median_gap"]


def group_tables(staff: pd.DataFrame, params, min_group: int, ethnicity_focus: str, *,
                 pay: PayArrays | None = None) -> dict[str, pd.DataFrame]:
    """Every group table the report shows, keyed as :data:`GROUP_TABLES` (plus ``ethnicity_route``).

    Columns: ``group`` (label), ``members`` (groups pooled into the row), ``role`` (:data:`ROLES`),
    ``line`` (the public pool a row belongs to, or empty), ``pool`` and ``pool_role`` (``total`` for a pooled
    row split into ``in_pool`` rows, ``member`` for those rows, else empty), counts ``n`` (full-pay relevant), ``n_relevant``,
    ``n_reference`` (the reference's full-pay count, the other base of each gap); ``share_pct`` (% of all
    relevant staff), £/h ``mean_hourly``, ``median_hourly``; ``mean_gap``, ``median_gap`` (% of the reference's;
    NaN for the reference, Unknown and the pooled total's undefined cases).

    ``pay``: ``staff`` as :class:`~edi_analysis.metrics.pay_arrays.PayArrays` when the caller holds it: every
    table groups the same full-pay people and rates (found once, not once per table).
    """
    pay = pay if pay is not None else PayArrays(staff)
    out = {}
    eth_ref = params.pay_gap_references["ethnicity"]
    census_of = {label: groups.ethnic_census5(pd.Series([code])).iloc[0] for code, label in groups.DETAILED.items()}
    for key, (column, ref, order) in GROUP_TABLES.items():
        if key == "ethnicity_detailed" and params.ethnicity_level != "detailed":
            continue
        if key == "ethnicity_census5" and params.ethnicity_level == "binary":
            continue
        reference = params.pay_gap_references.get(ref, ref)
        if not _held(staff[column], reference):
            continue
        parents = census_of if key == "ethnicity_detailed" else (
            dict.fromkeys(["Mixed", "Asian", "Black", "Other"], "BME") if key == "ethnicity_census5" else None)
        out[key] = _table(staff, column, reference, order, parents, min_group, _lines(key, census_of, eth_ref,
                                                                                     ethnicity_focus), pay=pay)
    route = _route(staff, params.pay_gap_references["ethnicity"], ethnicity_focus, min_group, pay=pay)
    if route is not None:
        out["ethnicity_route"] = route
    return out


def _held(values: pd.Series, label: str) -> bool:
    """Whether anyone's value is ``label`` (a coded column is asked by its code, not made text person by person)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        at = values.cat.categories.get_indexer([label])[0]
        return bool(at >= 0 and (values.cat.codes.to_numpy() == at).any())
    return bool((values == label).any())


def _lines(key: str, census_of: dict[str, str], eth_ref: str, eth_focus: str) -> dict[str, list[str]]:
    """The public pools of a table: groups whose pooled pay is published elsewhere in the report."""
    if key == "ethnicity_census5" and eth_ref == "White":  # the ethnicity comparison's focus group
        return {eth_focus: [g for g in groups.CENSUS5 if g != "White"]}
    if key == "ethnicity_detailed":  # the Census groups of the census5 table
        return {c: [d for d, p in census_of.items() if p == c] for c in groups.CENSUS5}
    if key in ("sex_ethnicity", "sex_disability"):  # the ethnicity and disability comparisons' groups
        parts = (eth_ref, eth_focus) if key == "sex_ethnicity" else ("Non-disabled", "Disabled")
        return {p: [f"Men {p}", f"Women {p}"] for p in parts}
    return {}


def _table(staff: pd.DataFrame, column: str, reference: str, order, parents, min_group: int,
           lines: dict[str, list[str]] | None = None, *, pay: PayArrays | None = None) -> pd.DataFrame:
    """One group table: the merge plan of group_pay_gaps, every row's figures unsuppressed.

    ``lines`` maps a public pool (e.g. ``BME``) to the groups it is made of; see :func:`_add_line`.
    """
    labels = group_labels(staff[column], groups.UNKNOWN)
    # every group's pay gathered once (for the merge plan and every row): each row pools its members' arrays
    frame = staff[list(dict.fromkeys([column, "full_pay_relevant", "hourly_rate", "bonus_pay_12m"]))].assign(
        **{column: labels})
    parts = pay_by_group(frame, column, pay=pay)
    plan = group_pay_gaps(staff, column, reference, order=order, parents=parents, min_group=min_group, parts=parts)
    n_all = len(frame)
    ref_n = int(plan.loc[reference, "n"])
    # the same merge plan group_pay_gaps followed, to know each row's members (labels may hold commas)
    have = set(parts)
    present = [g for g in (order or sorted(have)) if g in have and g != groups.UNKNOWN]
    merged = merge_small_groups({g: parts[g].n for g in present}, reference, parents, min_size=min_group)
    rows = []
    for label, p in plan.iterrows():
        if label == reference or label == groups.UNKNOWN:
            members = [str(label)]
        elif p["suppressed"]:
            members = [g for g, to in merged.items() if to is None]
        else:
            members = [g for g, to in merged.items() if to == label]
        if label == reference:
            role = "reference"
        elif label == groups.UNKNOWN:
            role = "unknown"
        elif p["suppressed"]:
            role = "too_few"
        else:
            role = "pooled" if len(members) > 1 else "group"
        rows.append(_row(parts, reference, str(label), members, role, ref_n, n_all))
    for total, line_groups in (lines or {}).items():
        _add_line(rows, parts, reference, total, [g for g in line_groups if g in have], ref_n, n_all)
    return _frame(rows)


def _add_line(rows: list[dict], parts: Mapping[str, GroupPay], reference: str, total: str, members: list[str],
              ref_n: int, n_all: int) -> None:
    """Add a public pool's row beside its members, so the policy sees the relation between them.

    A row all of whose groups belong to the pool joins its ``line``. A row that pools groups across two
    headings (small groups of several Census groups) cannot: each of its groups then gets an ``in_pool`` row of
    its own (never shown, always below the pay-group size) that joins the line, and the pooled row becomes the
    ``pool`` total of those rows, so both relations are declared.
    """
    if len(members) < 2:
        return
    inside = set(members)
    for r in list(rows):
        if r["role"] in ("total", "in_pool") or not inside & set(r["_members"]):
            continue
        if set(r["_members"]) <= inside:
            r["line"] = total
            continue
        if r["pool_role"] != "total":  # split a cross-heading pool into its groups, once
            r.update(pool=r["group"], pool_role="total")
            for g in r["_members"]:
                rows.append({**_row(parts, reference, g, [g], "in_pool", ref_n, n_all), "pool": r["group"],
                             "pool_role": "member"})
    for r in rows:
        if r["role"] == "in_pool" and r["_members"][0] in inside:
            r["line"] = total
    rows.append({**_row(parts, reference, total, members, "total", ref_n, n_all), "line": total})


def _row(parts: Mapping[str, GroupPay], reference: str, label: str, members: list[str], role: str,
         ref_n: int, n_all: int) -> dict:
    pay = pooled(parts, members)
    row = {"_members": members, "group": label, "members": ", ".join(members), "role": role, "line": "", "pool": "",
           "pool_role": "", "n": pay.n,
           "n_relevant": pay.n_relevant, "n_reference": ref_n,
           "share_pct": pay.n_relevant / n_all * 100 if n_all else np.nan,
           "mean_hourly": pay.mean_hourly() if pay.n else np.nan,
           "median_hourly": pay.median_hourly() if pay.n else np.nan,
           "mean_gap": np.nan, "median_gap": np.nan}
    if role not in ("reference", "unknown") and reference not in members and pay.n:
        # the same pairing as group_pay_gaps: the pooled members against the reference
        gaps = pool_gaps(parts[reference], pay)
        row["mean_gap"] = np.nan if gaps["mean_gap"] is None else gaps["mean_gap"]
        row["median_gap"] = np.nan if gaps["median_gap"] is None else gaps["median_gap"]
    return row


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=_COLUMNS)
    return out.astype({"n": "int64", "n_relevant": "int64", "n_reference": "int64", "share_pct": "float64",
                       "mean_hourly": "float64", "median_hourly": "float64", "mean_gap": "float64",
                       "median_gap": "float64"})


def _route(staff: pd.DataFrame, reference: str, focus: str, min_group: int, *,
           pay: PayArrays | None = None) -> pd.DataFrame | None:
    """Ethnicity by recruitment route: the focus group split into UK-recruited and internationally recruited."""
    if "international_recruit" not in staff.columns or staff["international_recruit"].isna().all():
        return None
    # "<ethnicity>, <route>" for the focus groups; the reference group whole; Unknown when either is not known.
    # Built per (ethnicity, route) pair and taken by code: no text made per person (bench --scale).
    routes = ("internationally recruited", "UK-recruited", None)
    eth_codes, eths = pd.factorize(staff["ethnicity"], use_na_sentinel=True)
    intl = staff["international_recruit"].astype("boolean")
    route_codes = np.where(intl.isna().to_numpy(), 2, np.where(intl.fillna(False).to_numpy(dtype=bool), 0, 1))

    def label(eth: str, route: str | None) -> str:
        if eth == reference:
            return reference
        return groups.UNKNOWN if route is None or eth == groups.UNKNOWN else f"{eth}, {route}"
    pair_labels = [label(str(e), r) for e in eths for r in routes] + [groups.UNKNOWN]  # last: ethnicity missing
    cats = sorted(set(pair_labels))
    code_of = np.array([cats.index(x) for x in pair_labels], dtype=np.int32)
    pair = np.where(eth_codes < 0, len(pair_labels) - 1, eth_codes * len(routes) + route_codes)
    codes = code_of[pair]
    # only the labels someone holds, in order: counted by code (not a hash of every person's code)
    used = np.flatnonzero(np.bincount(codes, minlength=len(cats)))
    renumber = np.full(len(cats), -1, dtype=np.int32)
    renumber[used] = np.arange(len(used), dtype=np.int32)
    frame = staff.assign(ethnicity_route=pd.Categorical.from_codes(
        renumber[codes], dtype=pd.CategoricalDtype([cats[i] for i in used])))
    if not (frame["ethnicity_route"] == reference).any():  # nobody's ethnicity is the reference group: no table
        return None
    lines = {focus: [f"{focus}, UK-recruited", f"{focus}, internationally recruited"]}
    return _table(frame, "ethnicity_route", reference, None, None, min_group, lines, pay=pay)
