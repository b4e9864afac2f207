"""The bounds a table's relations leave on its hidden counts (see :mod:`edi_analysis.disclosure.audit_solve`).

The additive lines go to the package's interval solver (:func:`edi_analysis.disclosure.solver.propagate`); the
ratios, differences and relative likelihoods narrow intervals the same way (a rounded figure is its value plus or
minus half a unit of its last digit), alternated with the lines until nothing changes. Each relation family
(:data:`STAGES`) is added in turn, so a recovered count is credited to the first family that pins it.
"""

from __future__ import annotations

import itertools
import math

from .audit_read import INF
from .audit_solve import STAGES, Model
from .solver import propagate

__all__ = ["final_bounds", "solve", "solve_all", "solve_stages"]


def _set(m: Model, lo: list[float], hi: list[float], i: int, new_lo: float, new_hi: float) -> bool:
    if math.isnan(new_lo) or math.isnan(new_hi):
        return False
    if m.integer[i]:
        new_lo = math.ceil(new_lo - 1e-7) if math.isfinite(new_lo) else new_lo
        new_hi = math.floor(new_hi + 1e-7) if math.isfinite(new_hi) else new_hi
    new_lo, new_hi = max(lo[i], new_lo), min(hi[i], new_hi)
    if new_lo > new_hi + 1e-12:  # inconsistent with what is published: not ours to resolve
        return False
    changed = new_lo > lo[i] + 1e-12 or new_hi < hi[i] - 1e-12
    lo[i], hi[i] = new_lo, new_hi
    return changed


def _div(a: float, b: float) -> float:
    if b == 0:
        return INF
    if math.isinf(b):
        return 0.0 if math.isfinite(a) else INF
    return a / b


def _mul(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b


def _narrow_ratio(m, lo, hi, p, c, d, k) -> bool:
    changed = False
    plo, phi = max(lo[p], 0.0), hi[p]
    changed |= _set(m, lo, hi, c, _mul(plo, lo[d]) / k, _mul(phi, hi[d]) / k)
    changed |= _set(m, lo, hi, d, _div(k * lo[c], phi), _div(k * hi[c], plo) if plo > 0 else INF)
    if lo[d] > 0:
        changed |= _set(m, lo, hi, p, _div(k * lo[c], hi[d]), _div(k * hi[c], lo[d]))
    return changed


def _narrow_diff(m, lo, hi, z, a, b) -> bool:
    changed = _set(m, lo, hi, z, lo[a] - hi[b], hi[a] - lo[b])
    changed |= _set(m, lo, hi, a, lo[z] + lo[b], hi[z] + hi[b])
    changed |= _set(m, lo, hi, b, lo[a] - hi[z], hi[a] - lo[z])
    return changed


def _narrow_rl(m, lo, hi, rv, a, na, b, nb) -> bool:
    unknown = [i for i in (a, na, b, nb) if lo[i] != hi[i]]
    if len(unknown) != 1 or lo[rv] <= 0 or not math.isfinite(hi[rv]):
        return False
    A, NA, B, NB = (lo[i] for i in (a, na, b, nb))
    rlo, rhi = lo[rv], hi[rv]
    i = unknown[0]
    if i == a and NB > 0:
        return _set(m, lo, hi, a, rlo * NA * B / NB, rhi * NA * B / NB)
    if i == nb and A > 0:
        return _set(m, lo, hi, nb, rlo * NA * B / A, rhi * NA * B / A)
    if i == na and B > 0:
        return _set(m, lo, hi, na, A * NB / (rhi * B), A * NB / (rlo * B))
    if i == b and NA > 0:
        return _set(m, lo, hi, b, A * NB / (rhi * NA), A * NB / (rlo * NA))
    return False


def _solve_with(m: Model, stage: int, lo: list[float], hi: list[float],
                ratios: list[tuple[int, int, int, float]]) -> tuple[list[float], list[float]]:
    for _ in range(100):
        lo, hi = propagate(m.lines, lo, hi)
        changed = False
        if stage >= 1:
            for p, c, d, k in ratios:
                changed |= _narrow_ratio(m, lo, hi, p, c, d, k)
        for z, a, b, change in m.diffs:
            if stage >= (3 if change else 2):
                changed |= _narrow_diff(m, lo, hi, z, a, b)
        if stage >= 4:
            for rel in m.rls:
                changed |= _narrow_rl(m, lo, hi, *rel)
        if not changed:
            break
    return lo, hi


def solve(m: Model, stage: int, lo: list[float] | None = None, hi: list[float] | None = None):
    """Bounds after every relation family up to ``stage`` (index into :data:`STAGES`) has been applied.

    Where a figure fits several ratios, each reading is solved on its own and the bounds are their union.
    """
    lo, hi = list(m.lo if lo is None else lo), list(m.hi if hi is None else hi)
    if stage < 1 or not m.ratio_choices:
        return _solve_with(m, stage, lo, hi, m.ratios)
    out_lo, out_hi = None, None
    for combo in itertools.islice(itertools.product(*m.ratio_choices), 64):
        clo, chi = _solve_with(m, stage, list(lo), list(hi), m.ratios + [r for part in combo for r in part])
        out_lo = clo if out_lo is None else [min(a, b) for a, b in zip(out_lo, clo)]
        out_hi = chi if out_hi is None else [max(a, b) for a, b in zip(out_hi, chi)]
    return out_lo, out_hi


def solve_stages(m: Model, lo: list[float] | None = None, hi: list[float] | None = None) -> dict[int, int]:
    """Each hidden count pinned, mapped to the first stage (index into :data:`STAGES`) that pins it."""
    return solve_all(m, lo, hi)[0]


def _active(m: Model, stage: int) -> tuple[bool, bool, bool, bool]:
    """Which relation families of ``m`` take part at ``stage`` (see :func:`_solve_with` and :func:`solve`)."""
    return (stage >= 1 and bool(m.ratios or m.ratio_choices),
            stage >= 2 and any(not change for *_, change in m.diffs),
            stage >= 3 and any(change for *_, change in m.diffs),
            stage >= 4 and bool(m.rls))


def solve_all(m: Model, lo: list[float] | None = None, hi: list[float] | None = None
              ) -> tuple[dict[int, int], list[float], list[float]]:
    """:func:`solve_stages` and :func:`final_bounds` together: the last stage's bounds are the final bounds (the
    same deterministic solve from the same start), so they are computed once, not twice."""
    first: dict[int, int] = {}
    slo, shi = list(m.lo if lo is None else lo), list(m.hi if hi is None else hi)
    done = None
    for stage in range(len(STAGES)):
        # A stage that brings no relation the table has gives the same bounds as the stage before (the same
        # solve of the same relations from the same start): it is not solved again.
        active = _active(m, stage)
        if active != done:
            slo, shi = solve(m, stage, lo, hi)
            done = active
        for v in m.hidden:
            if v not in first and slo[v] == shi[v]:
                first[v] = stage
    return first, slo, shi


def final_bounds(m: Model, lo: list[float] | None = None, hi: list[float] | None = None):
    return solve(m, len(STAGES) - 1, lo, hi)
