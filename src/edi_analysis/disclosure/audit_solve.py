"""Solving one published table for its hidden counts, as an outsider would.

A table becomes a set of variables (every count cell, every rounded figure, a virtual row total) and the
relations a reader can see or discover in it:

* additive lines (pattern 1 and 2): a total column or row named by its label (Total, All, aggregate,
  Members, headcount, Staff in post), or found numerically because it equals the sum of the others on
  every fully shown row or column (at least two of them, each with two or more non-zero parts, confirm it;
  none contradicts it); a repeated group's columns (the same comparison group on every row) are no part of a
  sum, and its hidden counts are known to be equal;
* percentages of a shown base (pattern 3): a figure column equal to ``k * count / base`` (``k`` 100, 1 or
  1,000) on the fully shown rows, the base being another count column or the row total;
* differences (pattern 4) and changes between years (pattern 5): a column equal to one minus another;
* relative likelihoods (pattern 5): ``(a / na) / (b / nb)`` over two (events, group) column pairs; a column
  named as a relative likelihood is read only so, never as a percentage.

The bounds these relations leave on the hidden counts are found by :mod:`edi_analysis.disclosure.audit_bounds`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .audit_read import INF, Table
from .solver import Line

__all__ = ["STAGES", "Model", "build_model"]

_TOTAL_COL = re.compile(r"\b(total|all|aggregate|members|headcount|staff in post|overall)\b", re.IGNORECASE)
_TOTAL_ROW = re.compile(r"\b(total|all|aggregate|headcount|staff in post|overall|whole)\b", re.IGNORECASE)
_NOT_COUNT = re.compile(r"%|\bpp\b|gap|likelihood|ratio|£|score|interval|median|mean|difference|change",
                        re.IGNORECASE)
_CHANGE = re.compile(r"change|since|on last|year on year|^\d{4}$", re.IGNORECASE)
_LIKELIHOOD = re.compile(r"likelihood|\bRL\b", re.IGNORECASE)
_SCALES = (100.0, 1.0, 1000.0)
STAGES = ("lines", "ratios", "differences", "changes", "likelihoods")
_EPS = 1e-9


@dataclass
class Model:
    """The variables and relations of one table."""

    table: Table
    lo: list[float] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    var: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) -> variable
    hidden: set[int] = field(default_factory=set)  # count variables a reader does not see
    lines: list[Line] = field(default_factory=list)
    ratios: list[tuple[int, int, int, float]] = field(default_factory=list)  # (P, C, D, k): P = k*C/D
    ratio_choices: list[list[list[tuple[int, int, int, float]]]] = field(default_factory=list)  # one holds
    diffs: list[tuple[int, int, int, bool]] = field(default_factory=list)  # (Z, A, B, is_change): Z = A - B
    rls: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # (R, a, na, b, nb)
    shown: list[list[float | None]] = field(default_factory=list)  # [row][column] -> the value shown, or None

    def add(self, lo: float, hi: float, integer: bool) -> int:
        self.lo.append(lo)
        self.hi.append(hi)
        self.integer.append(integer)
        return len(self.lo) - 1

    def known(self, i: int) -> bool:
        return self.lo[i] == self.hi[i]


def _column_kinds(t: Table) -> list[str | None]:
    """``"count"``, ``"num"`` or ``None`` (mixed or unknown) for each column."""
    kinds: list[str | None] = []
    for c, header in enumerate(t.columns):
        seen = {t.cell(r, c).kind for r in range(len(t.rows))} - {"blank", "hidden", "interval", "text"}
        if seen == {"count"}:
            kinds.append("count")
        elif seen and "count" not in seen:
            kinds.append("num")
        elif not seen:
            markers = [t.cell(r, c) for r in range(len(t.rows)) if t.cell(r, c).hidden]
            bounded = any(x.marker == "*" or x.marker.startswith("<") for x in markers)
            kinds.append("count" if bounded and not _NOT_COUNT.search(header) else ("num" if markers else None))
        else:
            kinds.append(None)
    return kinds


def build_model(t: Table, discover: bool = True) -> Model:
    """Variables for every count and figure of ``t`` (hidden ones bounded by their markers), and the relations
    between them unless ``discover`` is false (a table with nothing hidden has nothing to give away)."""
    m = Model(t)
    width = len(t.columns)
    # read once: discovery asks for the same cells' values many times over
    m.shown = [[x.value if x.shown else None for x in cells[:width]] + [None] * (width - len(cells))
               for _, cells in t.rows]
    kinds = _column_kinds(t)
    for r, (_, cells) in enumerate(t.rows):
        row_kinds = {x.kind for x in cells} - {"blank", "hidden", "interval", "text"}
        for c in range(len(t.columns)):
            x = t.cell(r, c)
            kind = kinds[c] if kinds[c] else ("count" if row_kinds == {"count"} else "num" if row_kinds else None)
            if x.kind == "count" and kind == "count":
                m.var[(r, c)] = m.add(x.value, x.value, True)
            elif x.hidden and kind == "count":
                m.var[(r, c)] = v = m.add(x.lo, x.hi, True)
                m.hidden.add(v)
            elif x.shown and x.kind != "count":
                half = x.tol * (1 + _EPS) + 1e-12  # a rounded figure: its value give or take half a unit
                m.var[(r, c)] = m.add(x.value - half, x.value + half, False)
            elif x.hidden and kind == "num":
                m.var[(r, c)] = m.add(-INF, INF, False)
    if discover:
        _discover(m, kinds)
    return m


# --- discovery of relations ---------------------------------------------------------------------------

def _value(m: Model, r: int, c: int) -> float | None:
    return m.shown[r][c]


def _constant(m: Model, c: int) -> bool:
    """A repeated figure (such as a reference group's count on every row), not a column of parts: a column
    with hidden cells is never one, even when every count it shows is 0."""
    if any(m.table.cell(r, c).hidden for r in range(len(m.table.rows))):
        return False
    values = {_value(m, r, c) for r in range(len(m.table.rows))} - {None}
    return len(values) == 1 and sum(_value(m, r, c) is not None for r in range(len(m.table.rows))) >= 2


def _prefix(header: str) -> str | None:
    return header.split(":", 1)[0].strip() if ":" in header else None


def _repeated(m: Model, c: int) -> bool:
    """A repeated group's column: constant itself, or beside a constant column of the same group (``White:
    events`` next to a ``White: staff`` that is the same on every row): the rows compare with one group, so its
    counts are one figure repeated, never parts of a total, even when every one of them is hidden."""
    if _constant(m, c):
        return True
    group = _prefix(m.table.columns[c])
    return group is not None and any(_constant(m, d) for d in range(len(m.table.columns))
                                     if d != c and _prefix(m.table.columns[d]) == group)


def _check(pairs: list[tuple[float, float, float]]) -> tuple[int, int]:
    """(confirming, contradicting) among (lhs, rhs, tolerance) triples with a non-zero side."""
    ok = bad = 0
    for lhs, rhs, tol in pairs:
        if abs(lhs - rhs) <= tol + 1e-9 * max(1.0, abs(lhs)):
            ok += 1 if (lhs or rhs) else 0
        else:
            bad += 1
    return ok, bad


def _check_sum(rows: list[tuple[float, list[float]]]) -> tuple[int, int]:
    """(confirming, contradicting) among (total, parts) lines. Only a line with two or more non-zero parts confirms
    a sum: where every part but one is 0, "total = that part" holds whichever columns are the parts (a grade with
    only White staff fits "White = BME + Unknown + All staff" as well as "All staff = White + BME + Unknown")."""
    ok, bad = _check([(t, sum(parts), 0.0) for t, parts in rows if sum(x != 0 for x in parts) >= 2])
    return ok, bad + _check([(t, sum(parts), 0.0) for t, parts in rows if sum(x != 0 for x in parts) < 2])[1]


def _discover(m: Model, kinds: list[str | None]) -> None:
    t = m.table
    nrows, ncols = len(t.rows), len(t.columns)
    counts = [c for c in range(ncols) if kinds[c] == "count"]
    nums = [c for c in range(ncols) if kinds[c] == "num"]

    # 1. total columns: by label, or numerically
    total_cols: set[int] = set()
    repeated = {c: _repeated(m, c) for c in counts}  # a property of the table alone: asked once per column
    for target in counts:
        if repeated[target]:
            continue
        by_label = bool(_TOTAL_COL.search(t.columns[target]))
        others = [c for c in counts if c != target and not repeated[c]]
        options = [others, [c for c in others if c < target], [c for c in others if c > target]]
        for parts in options:
            if len(parts) < 2:
                continue
            checks = [(_value(m, r, target), [_value(m, r, c) for c in parts]) for r in range(nrows)
                      if _value(m, r, target) is not None and all(_value(m, r, c) is not None for c in parts)]
            ok, bad = _check_sum(checks)
            if bad or (ok < 2 and not by_label):
                continue
            total_cols.add(target)
            for r in range(nrows):
                cells = [(r, target)] + [(r, c) for c in parts]
                if all(k in m.var for k in cells):
                    m.lines.append(Line(tuple(m.var[k] for k in cells), (1.0,) + (-1.0,) * len(parts), 0.0))
            break

    # 1''. a repeated group's hidden counts are one figure: a reader knows they are equal.
    for c in counts:
        if repeated[c] and not _constant(m, c):
            same = [m.var[(r, c)] for r in range(nrows) if (r, c) in m.var]
            m.lines += [Line((a, b), (1.0, -1.0), 0.0) for a, b in itertools.pairwise(same)]

    # 1'. total rows: by label, or numerically (constant columns, such as a repeated reference group, skipped).
    # A labelled subtotal ("Clinical: All levels") sums the rows of its own block: the rows sharing its prefix,
    # else the rows since the previous labelled row. Every other guess at the parts needs a fully shown column
    # to confirm it: a wrong relation would "recover" counts that are not true.
    label_rows = {r for r, (label, _) in enumerate(t.rows) if _TOTAL_ROW.search(label)}
    live = [c for c in counts if not repeated[c]]

    def prefix(r: int) -> str | None:
        label = t.rows[r][0]
        return label.split(":", 1)[0].strip() if ":" in label else None

    for target in range(nrows):
        candidates: list[tuple[list[int], bool]] = []  # (parts, may stand on its label alone)
        if target in label_rows:
            same = [r for r in range(nrows) if r != target and r not in label_rows and prefix(target) is not None
                    and prefix(r) == prefix(target)]
            previous = max([r for r in label_rows if r < target], default=-1)
            block = [r for r in range(previous + 1, target) if r not in label_rows]
            candidates += [(same, True), (block, True)]
        candidates.append(([r for r in range(nrows) if r != target and r not in label_rows], False))
        for parts, by_label in candidates:
            if len(parts) < 2:
                continue
            checks = [(_value(m, target, c), [_value(m, r, c) for r in parts]) for c in live
                      if _value(m, target, c) is not None and all(_value(m, r, c) is not None for r in parts)]
            ok, bad = _check_sum(checks)
            if bad or (ok < 1 and not by_label) or (ok < 2 and target not in label_rows):
                continue
            for c in live:
                cells = [(target, c)] + [(r, c) for r in parts]
                if all(k in m.var for k in cells):
                    m.lines.append(Line(tuple(m.var[k] for k in cells), (1.0,) + (-1.0,) * len(parts), 0.0))
            break

    # 3. percentages: a figure column = k * count / base (base: a count column or the row total)
    row_total: dict[int, int] = {}
    parts_for_total = [c for c in counts if c not in total_cols and not repeated[c]]
    if len(parts_for_total) >= 2:
        for r in range(nrows):
            cells = [(r, c) for c in parts_for_total]
            if all(k in m.var for k in cells):
                row_total[r] = n = m.add(0, INF, True)
                m.lines.append(Line((n,) + tuple(m.var[k] for k in cells), (1.0,) + (-1.0,) * len(cells), 0.0))

    def base_value(r: int, d: int | str) -> float | None:
        if d == "row":
            vals = [_value(m, r, c) for c in parts_for_total]
            return None if r not in row_total or None in vals else sum(vals)
        return _value(m, r, d)

    def base_var(r: int, d: int | str) -> int | None:
        return row_total.get(r) if d == "row" else m.var.get((r, d))

    few_rows = sum(any(x.shown for x in cells) for _, cells in t.rows) <= 2
    for p in nums:
        if _LIKELIHOOD.search(t.columns[p]) and "%" not in t.columns[p]:
            # A ratio of two rates, read as such below (5.), never as one rate: where the reference rate happens
            # to be near 1% it fits k * count / base within rounding, and the two readings together would
            # "pin" counts that neither gives.
            continue
        fits = []
        for c in counts:
            for d in [x for x in counts if x != c] + (["row"] if row_total else []):
                for k in _SCALES:
                    checks = []
                    for r in range(nrows):
                        pv, cv, dv = _value(m, r, p), _value(m, r, c), base_value(r, d)
                        if None not in (pv, cv, dv) and dv > 0:
                            checks.append((k * cv / dv, pv, t.cell(r, p).tol))
                    ok, bad = _check(checks)
                    if bad or ok < (1 if few_rows and "%" in t.columns[p] else 2):
                        continue
                    fits.append((c, d, k))
                    break
        # A figure is one ratio: when rounding lets several fit the shown rows, a reader does not know which
        # holds, so each is tried on its own and only what all of them pin counts (taking them together would
        # "recover" counts that no reader can know).
        options = [[(m.var[(r, p)], m.var[(r, c)], base_var(r, d), k) for r in range(nrows)
                    if (r, p) in m.var and (r, c) in m.var and base_var(r, d) is not None] for c, d, k in fits]
        if len(options) == 1:
            m.ratios += options[0]
        elif options:
            m.ratio_choices.append(options)

    # 4/5. differences and changes: Z = A - B
    figure_cols = nums + counts
    for z in nums:
        for a, b in itertools.permutations([x for x in figure_cols if x != z], 2):
            checks = []
            for r in range(nrows):
                zv, av, bv = _value(m, r, z), _value(m, r, a), _value(m, r, b)
                if None not in (zv, av, bv):
                    tol = t.cell(r, z).tol + t.cell(r, a).tol + t.cell(r, b).tol
                    checks.append((av - bv, zv, tol))
            ok, bad = _check(checks)
            if bad or ok < (1 if few_rows else 2):
                continue
            change = bool(_CHANGE.search(t.columns[z]) or _CHANGE.search(t.columns[a]))
            for r in range(nrows):
                vs = m.var.get((r, z)), m.var.get((r, a)), m.var.get((r, b))
                if None not in vs:
                    m.diffs.append((*vs, change))

    # 5. relative likelihoods over two (events, group) pairs: adjacent count columns or "<g>" / "<g> denominator"
    pairs = [(a, b) for a, b in itertools.pairwise(counts) if b == a + 1]
    names = {h: i for i, h in enumerate(t.columns)}
    pairs += [(c, names[f"{t.columns[c]} denominator"]) for c in counts if f"{t.columns[c]} denominator" in names]
    for rcol in nums:
        for (a, na), (b, nb) in itertools.permutations(pairs, 2):
            if len({a, na, b, nb}) < 4:
                continue
            checks = []
            for r in range(nrows):
                vals = [_value(m, r, x) for x in (rcol, a, na, b, nb)]
                if None not in vals and vals[2] > 0 and vals[3] > 0 and vals[4] > 0:
                    checks.append(((vals[1] / vals[2]) / (vals[3] / vals[4]), vals[0], t.cell(r, rcol).tol))
            ok, bad = _check(checks)
            # named, not confirmed: the four count columns just before it, in the order the table gives them
            named = (_LIKELIHOOD.search(t.columns[rcol]) and [a, na, b, nb] == [c for c in counts if c < rcol][-4:])
            if bad or not (ok or named):
                continue
            for r in range(nrows):
                vs = [m.var.get((r, x)) for x in (rcol, a, na, b, nb)]
                if None not in vs:
                    m.rls.append(tuple(vs))
