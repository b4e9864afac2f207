"""What an outsider can work out: bounds on hidden counts from the sums they sit in.

Shared by the policy (which hides more cells until no small count is pinned down) and the auditor
(which reads published files and tries to pin them down). A hidden count starts with the bounds a
reader of the published table knows (``"<5"``: 1 to 4; ``"*"``: at least 5, because complementary
cells are chosen among shown, non-zero counts); each additive line ``sum(coef * x) = const`` narrows
every member from the others' bounds, repeated until nothing changes (interval constraint
propagation, as used by statistical offices' table auditing, e.g. tau-argus's audit step).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Line", "propagate", "pinned"]


@dataclass(frozen=True)
class Line:
    """``sum(coef[i] * x[cells[i]]) == const`` over integer cells."""

    cells: tuple[int, ...]
    coefs: tuple[float, ...]
    const: float = 0.0


def _term_bounds(c: float, lo: float, hi: float) -> tuple[float, float]:
    a, b = c * lo, c * hi
    return (a, b) if a <= b else (b, a)


# Sums of whole numbers below this are exact in floating point, in any order (IEEE 754 doubles: 53-bit significand).
_EXACT = float(2 ** 50)
# Lines with at least this many members sum the others' bounds once (see propagate); shorter ones member by member.
_LONG_LINE = 7


def _whole_terms(terms: list[tuple[float, float]], coefs: Sequence[float]) -> bool:
    """True when every coefficient and every finite term bound is a whole number well inside the exact range, and
    no bound is NaN: then a sum of the terms is the same whatever order it is added in."""
    if not all(float(c).is_integer() for c in coefs):
        return False
    for pair in terms:
        for t in pair:
            if math.isnan(t) or (math.isfinite(t) and (not float(t).is_integer() or abs(t) >= _EXACT)):
                return False
    return True


class _Total:
    """A running sum of whole-number terms that may be infinite: finite part, count of +inf, count of -inf."""

    __slots__ = ("fin", "neg", "pos")

    def __init__(self, values) -> None:
        self.fin, self.pos, self.neg = 0.0, 0, 0
        for v in values:
            self.add(v, 1)

    def add(self, v: float, sign: int) -> None:
        if v == math.inf:
            self.pos += sign
        elif v == -math.inf:
            self.neg += sign
        else:
            self.fin += sign * v

    def without(self, v: float) -> float:
        """The sum of every term but one of value ``v``, as Python's ``sum`` over them gives it."""
        pos, neg = self.pos - (v == math.inf), self.neg - (v == -math.inf)
        if pos and neg:
            return math.nan
        if pos:
            return math.inf
        if neg:
            return -math.inf
        return self.fin - v if math.isfinite(v) else self.fin


def propagate(lines: Sequence[Line], lo: list[float], hi: list[float], *, max_passes: int = 200) -> tuple[list[float], list[float]]:
    """Narrow integer bounds ``lo``/``hi`` (one per cell; equal for known cells) through every line.

    Returns new lists; infeasible lines leave bounds as they are (a published table is consistent). On a long
    line the bounds of the other terms are summed once per line, not once per member, when every term is a whole
    number (counts with coefficients of 1 and -1: the sum is then exact in any order, so the result is the same as
    adding them up member by member); otherwise member by member.
    """
    lo, hi = list(lo), list(hi)
    for _ in range(max_passes):
        changed = False
        for line in lines:
            if all(lo[i] == hi[i] for i in line.cells):
                continue
            terms = [_term_bounds(c, lo[i], hi[i]) for i, c in zip(line.cells, line.coefs)]
            # only a long line repays the check: a short one is summed member by member as quickly
            exact = len(terms) >= _LONG_LINE and _whole_terms(terms, line.coefs)
            if exact:
                tmin, tmax = _Total(t[0] for t in terms), _Total(t[1] for t in terms)
            for k, (i, c) in enumerate(zip(line.cells, line.coefs)):
                if lo[i] == hi[i]:
                    continue
                if exact:
                    smin, smax = tmin.without(terms[k][0]), tmax.without(terms[k][1])
                else:
                    smin = sum(t[0] for j, t in enumerate(terms) if j != k)
                    smax = sum(t[1] for j, t in enumerate(terms) if j != k)
                # c * x = const - others
                r_lo, r_hi = line.const - smax, line.const - smin
                if math.isnan(r_lo) or math.isnan(r_hi):
                    continue
                x_lo, x_hi = (r_lo / c, r_hi / c) if c > 0 else (r_hi / c, r_lo / c)
                new_lo = max(lo[i], math.ceil(x_lo - 1e-9) if math.isfinite(x_lo) else lo[i])
                new_hi = min(hi[i], math.floor(x_hi + 1e-9) if math.isfinite(x_hi) else hi[i])
                if new_lo > new_hi:  # inconsistent with the stated bounds: leave it to the caller's checks
                    continue
                if new_lo != lo[i] or new_hi != hi[i]:
                    lo[i], hi[i] = new_lo, new_hi
                    old, terms[k] = terms[k], _term_bounds(c, lo[i], hi[i])
                    if exact and _whole_terms([terms[k]], (c,)):
                        tmin.add(old[0], -1)
                        tmin.add(terms[k][0], 1)
                        tmax.add(old[1], -1)
                        tmax.add(terms[k][1], 1)
                    else:
                        exact = False  # member by member from here on, as before
                    changed = True
        if not changed:
            break
    return lo, hi


def pinned(lo: Sequence[float], hi: Sequence[float], cells: Sequence[int]) -> list[int]:
    """The cells among ``cells`` whose value is known exactly."""
    return [i for i in cells if lo[i] == hi[i]]
