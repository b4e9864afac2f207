"""The interval solver: a line's other terms summed once per line gives exactly what member-by-member sums give."""

import math
import random

import pytest

from edi_analysis.disclosure import solver
from edi_analysis.disclosure.solver import Line, propagate

INF = math.inf


def _member_by_member(lines, lo, hi, max_passes=200):
    """The solver as it was: every member's bounds from a fresh sum of the others' (the reference)."""
    lo, hi = list(lo), list(hi)
    for _ in range(max_passes):
        changed = False
        for line in lines:
            if all(lo[i] == hi[i] for i in line.cells):
                continue
            terms = [solver._term_bounds(c, lo[i], hi[i]) for i, c in zip(line.cells, line.coefs)]
            for k, (i, c) in enumerate(zip(line.cells, line.coefs)):
                if lo[i] == hi[i]:
                    continue
                smin = sum(t[0] for j, t in enumerate(terms) if j != k)
                smax = sum(t[1] for j, t in enumerate(terms) if j != k)
                r_lo, r_hi = line.const - smax, line.const - smin
                if math.isnan(r_lo) or math.isnan(r_hi):
                    continue
                x_lo, x_hi = (r_lo / c, r_hi / c) if c > 0 else (r_hi / c, r_lo / c)
                new_lo = max(lo[i], math.ceil(x_lo - 1e-9) if math.isfinite(x_lo) else lo[i])
                new_hi = min(hi[i], math.floor(x_hi + 1e-9) if math.isfinite(x_hi) else hi[i])
                if new_lo > new_hi:
                    continue
                if new_lo != lo[i] or new_hi != hi[i]:
                    lo[i], hi[i] = new_lo, new_hi
                    terms[k] = solver._term_bounds(c, lo[i], hi[i])
                    changed = True
        if not changed:
            break
    return lo, hi


def test_a_total_with_one_hidden_part_pins_it():
    # 12 = a + b + 10 with a, b in 1..4 -> a + b = 2 -> both 1
    assert propagate([Line((0, 1, 2), (1.0, 1.0, 1.0), 12.0)], [1, 1, 10], [4, 4, 10]) == ([1, 1, 10], [1, 1, 10])
    # total - parts: 17 = x + y with x in 1..4, y at least 5 (unbounded above) -> y in 13..16
    lo, hi = propagate([Line((2, 0, 1), (1.0, -1.0, -1.0), 0.0)], [1, 5, 17], [4, INF, 17])
    assert (lo[1], hi[1]) == (13, 16)


def _random_case(rng: random.Random, whole: bool):
    n = rng.randint(3, 12)
    lo, hi = [], []
    for _ in range(n):
        v = rng.randint(0, 40)
        kind = rng.random()
        if kind < 0.5:
            lo.append(v), hi.append(v)  # a shown count
        elif kind < 0.8:
            lo.append(1), hi.append(rng.randint(1, 10))  # "<N"
        else:
            lo.append(rng.choice([0, 5, 11])), hi.append(INF)  # "*" or unknown
    if not whole:
        lo = [x + 0.5 if x != INF and rng.random() < 0.3 else x for x in lo]
    lines = []
    for _ in range(rng.randint(1, 5)):
        cells = tuple(rng.sample(range(n), rng.randint(2, n)))
        coefs = (1.0,) + tuple(-1.0 if whole or rng.random() < 0.7 else -0.5 for _ in cells[1:])
        lines.append(Line(cells, coefs, float(rng.randint(-3, 3)) if rng.random() < 0.3 else 0.0))
    return lines, lo, hi


@pytest.mark.parametrize("whole", [True, False])
def test_summing_once_per_line_gives_the_same_bounds_as_member_by_member(whole):
    rng = random.Random(20261129)
    for _ in range(3000):
        lines, lo, hi = _random_case(rng, whole)
        assert propagate(lines, lo, hi) == _member_by_member(lines, lo, hi)


def test_whole_terms_are_the_fast_case_and_fractions_or_nan_are_not():
    assert solver._whole_terms([(1.0, 4.0), (-INF, -5.0)], (1.0, -1.0))
    assert not solver._whole_terms([(1.5, 4.0)], (1.0,))
    assert not solver._whole_terms([(1.0, 4.0)], (0.5,))
    assert not solver._whole_terms([(math.nan, 4.0)], (1.0,))
    assert not solver._whole_terms([(float(2 ** 52), 4.0)], (1.0,))
    assert solver._LONG_LINE <= 12  # the random lines above reach the long-line path
    total = solver._Total([3.0, INF, -2.0])
    assert total.without(INF) == 1.0 and total.without(3.0) == INF
    assert math.isnan(solver._Total([INF, -INF, 1.0]).without(1.0))
