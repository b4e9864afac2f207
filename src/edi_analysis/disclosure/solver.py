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


def propagate(lines: Sequence[Line], lo: list[float], hi: list[float], *, max_passes: int = 200) -> tuple[list[float], list[float]]:
    """Narrow integer bounds ``lo``/``hi`` (one per cell; equal for known cells) through every line.

    Returns new lists; infeasible lines leave bounds as they are (a published table is consistent).
    """
    lo, hi = list(lo), list(hi)
    for _ in range(max_passes):
        changed = False
        for line in lines:
            if all(lo[i] == hi[i] for i in line.cells):
                continue
            terms = [_term_bounds(c, lo[i], hi[i]) for i, c in zip(line.cells, line.coefs)]
            for k, (i, c) in enumerate(zip(line.cells, line.coefs)):
                if lo[i] == hi[i]:
                    continue
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
                    terms[k] = _term_bounds(c, lo[i], hi[i])
                    changed = True
        if not changed:
            break
    return lo, hi


def pinned(lo: Sequence[float], hi: Sequence[float], cells: Sequence[int]) -> list[int]:
    """The cells among ``cells`` whose value is known exactly."""
    return [i for i in cells if lo[i] == hi[i]]
