"""The disclosure policy: the only home of every threshold, applied once to a report's results.

:meth:`Policy.apply` turns a report's unsuppressed results (a :class:`~edi_analysis.results.base.Results`
whose tables each have a :class:`~edi_analysis.disclosure.tables.Spec`) into publishable results, following
metrics.md section 9:

1. counts from 1 to ``min_count - 1`` are hidden (``"<5"``); zero is shown (primary suppression);
2. complementary suppression: while a reader could pin down a hidden count exactly from the sums it sits
   in (row and column totals, aggregate rows, across every table of the report), the smallest shown
   non-zero count of a line through it is hidden too (``"*"``); this is the spec's "a line with exactly
   one suppressed cell" rule, extended to the cases an interval audit finds (two ``<5`` cells summing to 2);
3. derived figures (percentages, differences, ratios, intervals, changes) are hidden with any count or
   figure they are computed from, and when an event count is under ``min_count`` or a base under its
   threshold (population, pay group, survey base).

Internal mode runs exactly the same code and records what would be hidden, but keeps every value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from . import cells
from .solver import Line, pinned, propagate
from .tables import Hidden, Spec

__all__ = ["Policy", "Publication", "Mode", "require_published"]

Mode = Literal["publish", "internal"]

_PRIMARY, _COMPLEMENTARY, _DERIVED = 1, 2, 3
_NATIONAL_MINIMUM = {"min_count": 5, "min_population": 10, "min_pay_group": 10, "min_survey_base": 11}
# params file key (under sdc:) -> Policy field
_PARAMS_KEYS = {"mode": "mode", "min_count": "min_count", "min_population": "min_population",
                "paygap_min_group": "min_pay_group", "min_survey_base": "min_survey_base",
                "suppress_board": "suppress_board"}


@dataclass(frozen=True)
class Publication:
    """What the policy did to a report: its settings and how many cells of each table it hid."""

    policy: Policy
    hidden: Mapping[str, int]
    unprotected: Mapping[str, int] = dataclasses.field(default_factory=dict)

    @property
    def internal(self) -> bool:
        return self.policy.mode == "internal"

    @property
    def any_hidden(self) -> bool:
        return any(self.hidden.values())


@dataclass(frozen=True)
class Policy:
    """Every disclosure threshold and flag, in one place.

    Parameters
    ----------
    mode
        ``"publish"`` hides; ``"internal"`` computes the same masks but keeps every value (the report must
        then say "Not for publication").
    min_count
        Smallest count shown; also the smallest event count behind a published rate or ratio (section 9).
    min_population
        Smallest group population behind a published rate or ratio (section 9 rule 2).
    min_pay_group
        Smallest number of full-pay relevant employees per group behind a pay figure (section 7).
    min_survey_base
        Smallest number of survey responses behind a published percentage (NHS Staff Survey rule, section 5).
    low_survey_base
        Survey figures from fewer responses than this are flagged as low-base (shown, with a warning).
    volatile_events
        Ratios from fewer events than this in either group carry a small-numbers warning (section 4).
    volatile_group
        Pay gaps from groups smaller than this carry a small-numbers warning (section 8).
    wide_interval_pp
        Pay gap intervals wider than this many percentage points are flagged as imprecise.
    suppress_board
        Board counts (public office holders) are shown unless this is True (section 9 rule 4).
    """

    mode: Mode = "publish"
    min_count: int = 5
    min_population: int = 10
    min_pay_group: int = 10
    min_survey_base: int = 11
    low_survey_base: int = 30
    volatile_events: int = 10
    volatile_group: int = 30
    wide_interval_pp: float = 10.0
    suppress_board: bool = False

    def __post_init__(self) -> None:
        if self.mode not in ("publish", "internal"):
            raise ValueError(f"disclosure mode must be 'publish' or 'internal'; got {self.mode!r}.")
        for name in _NATIONAL_MINIMUM:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number of at least 1; got {value!r}.")

    @property
    def internal(self) -> bool:
        return self.mode == "internal"

    @property
    def primary_marker(self) -> Hidden:
        return Hidden(f"<{self.min_count}", "primary")

    # --- construction -------------------------------------------------------------------------------

    @classmethod
    def from_settings(cls, sdc: Mapping[str, Any] | None, *, mode: str | None = None, file: str = "params") -> Policy:
        """The policy a trust's ``sdc:`` settings ask for, checked; ``mode`` (if given) overrides the file's.

        Raises
        ------
        edi_analysis.errors.InputError
            Naming each ``sdc.<key>`` that is unknown, of the wrong type, or that would lower a threshold below
            the national minimum in publish mode (use internal mode for unsuppressed figures).
        """
        sdc = dict(sdc or {})
        problems = []
        kwargs: dict[str, Any] = {}
        for key, value in sdc.items():
            if key not in _PARAMS_KEYS:
                problems.append(Problem(file, None, f"sdc.{key}", None, "unknown setting; use one of "
                                        + ", ".join(f"sdc.{k}" for k in _PARAMS_KEYS)))
                continue
            target = _PARAMS_KEYS[key]
            if target == "mode":
                if value not in ("publish", "internal"):
                    problems.append(Problem(file, None, "sdc.mode", str(value), "use 'publish' or 'internal'"))
                    continue
            elif target == "suppress_board":
                if not isinstance(value, bool):
                    problems.append(Problem(file, None, f"sdc.{key}", str(value), "use true or false"))
                    continue
            elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append(Problem(file, None, f"sdc.{key}", str(value), "use a whole number, e.g. "
                                        f"{_NATIONAL_MINIMUM[target]}"))
                continue
            kwargs[target] = value
        if mode:
            if mode not in ("publish", "internal"):
                problems.append(Problem("parameters", None, "sdc_mode", str(mode), "use 'publish' or 'internal'"))
            else:
                kwargs["mode"] = mode
        if kwargs.get("mode", "publish") == "publish":
            for target, floor in _NATIONAL_MINIMUM.items():
                if target in kwargs and kwargs[target] < floor:
                    key = next(k for k, v in _PARAMS_KEYS.items() if v == target)
                    problems.append(Problem(file, None, f"sdc.{key}", str(kwargs[target]),
                                            f"publish mode cannot go below {floor}; raise it, or build with "
                                            "sdc.mode: internal for a private, unsuppressed version"))
        if problems:
            raise InputError(problems)
        return cls(**kwargs)

    @classmethod
    def from_params(cls, params: Any, *, mode: str | None = None) -> Policy:
        """The policy of a trust's params (``params.sdc``), with an optional mode override."""
        source = getattr(params, "source", None)
        return cls.from_settings(getattr(params, "sdc", {}), mode=mode,
                                 file=source.name if source is not None else "params")

    # --- application --------------------------------------------------------------------------------

    def apply(self, results: Any) -> Any:
        """Publishable results: the same type, every table suppressed as its spec says, ``publication`` set.

        Raises
        ------
        TypeError
            When ``results`` is already published, or a table has no spec.
        """
        if getattr(results, "publication", None) is not None:
            raise TypeError("these results are already published; apply the policy to the unsuppressed results")
        specs: Mapping[str, Spec] = getattr(type(results), "SPECS", {})
        tables: dict[str, pd.DataFrame] = {}
        where: dict[str, tuple[str, str | None]] = {}
        for f in dataclasses.fields(results):
            value = getattr(results, f.name)
            if isinstance(value, pd.DataFrame):
                tables[f.name] = value
                where[f.name] = (f.name, None)
            elif isinstance(value, Mapping) and value and all(isinstance(v, pd.DataFrame) for v in value.values()):
                for key, frame in value.items():
                    tables[f"{f.name}.{key}"] = frame
                    where[f"{f.name}.{key}"] = (f.name, key)
        spec_of = {}
        for name in tables:
            field_name = where[name][0]
            spec = specs.get(name, specs.get(field_name))
            if spec is None:
                raise TypeError(f"{type(results).__name__}.{field_name} has no disclosure spec (SPECS); every table "
                                "a report publishes must declare its counts and derived figures")
            spec.check(tables[name], name)
            spec_of[name] = spec
        published, counts = self.suppress_tables(tables, spec_of)
        replaced: dict[str, Any] = {}
        for name, frame in published.items():
            field_name, key = where[name]
            if key is None:
                replaced[field_name] = frame
            else:
                replaced.setdefault(field_name, dict(getattr(results, field_name)))[key] = frame
        return dataclasses.replace(results, **replaced,
                                   publication=Publication(self, dict(counts), dict(counts.unprotected)))

    def suppress_tables(self, tables: Mapping[str, pd.DataFrame], specs: Mapping[str, Spec]
                        ) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
        """Suppress the tables of one report together: counts a table repeats from another (``Spec.same``) are one
        cell, so the sums of both protect it and it is hidden in both or neither.

        Returns the published tables and the number of cells hidden in each.
        """
        flat = {name: cells.flatten(frame) for name, frame in tables.items()}
        # 1. every count cell, numbered
        cell_of: dict[tuple[str, int, str], int] = {}
        values: list[float] = []
        eligible: list[bool] = []
        for name, frame in flat.items():
            spec = specs[name]
            protected = spec.public != "board" or self.suppress_board
            for col in spec.counts:
                col_values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
                for i, v in enumerate(col_values):
                    cell_of[(name, i, col)] = len(values)
                    values.append(v)
                    eligible.append(protected and spec.public != "none")
        vals = np.array(values, dtype=float)
        cells.alias_repeats(flat, specs, cell_of, vals)
        mask = np.zeros(len(vals), dtype=int)
        small = (vals > 0) & (vals < self.min_count) & np.array(eligible, dtype=bool)
        mask[small] = _PRIMARY
        lines = [ln for name, frame in flat.items() for ln in cells.lines(frame, specs[name], name, cell_of, vals)]
        mask, stuck = self._complement(vals, mask, lines)
        hidden_counts = HiddenCounts()
        for name, frame in flat.items():
            n = sum(1 for col in specs[name].counts for i in range(len(frame)) if cell_of[(name, i, col)] in stuck)
            if n:
                hidden_counts.unprotected[name] = n
        out: dict[str, pd.DataFrame] = {}
        for name, frame in flat.items():
            spec = specs[name]
            cols: dict[str, np.ndarray] = {}
            for col in spec.counts:
                cols[col] = np.array([mask[cell_of[(name, i, col)]] for i in range(len(frame))], dtype=int)
            cols.update(self._derived_masks(frame, spec, cols))
            hidden_counts[name] = int(sum((m > 0).sum() for m in cols.values()))
            published = frame.copy()
            if not self.internal:
                for col, m in cols.items():
                    if (m > 0).any():
                        series = published[col].astype(object)
                        series[m == _PRIMARY] = self.primary_marker
                        series[m == _COMPLEMENTARY] = Hidden("*", "complementary")
                        series[m == _DERIVED] = Hidden("suppressed", "derived")
                        published[col] = series
            out[name] = cells.restore(published, tables[name])
        return out, hidden_counts

    def _derived_masks(self, frame: pd.DataFrame, spec: Spec, count_masks: Mapping[str, np.ndarray]
                       ) -> dict[str, np.ndarray]:
        """Hide derived figures with their inputs and under the thresholds, then protect their pooled relations."""
        forced: dict[str, np.ndarray] = {}
        for _ in range(len(frame) * max(1, len(spec.derived)) + 1):
            cols: dict[str, np.ndarray] = dict(count_masks)
            for col, d in spec.derived.items():
                hide = forced.get(col, np.zeros(len(frame), dtype=bool)).copy()
                for dep in d.of:
                    if dep in cols:
                        hide |= cols[dep] > 0
                for ev in d.events:
                    hide |= pd.to_numeric(frame[ev], errors="coerce").fillna(0).to_numpy() < self.min_count
                limit = self._base_limit(d.base)
                for b in d.bases:
                    hide |= pd.to_numeric(frame[b], errors="coerce").fillna(0).to_numpy() < limit
                # a derived figure with no value stays missing (n/a), not "suppressed"
                cols[col] = np.where(hide & frame[col].notna().to_numpy(), _DERIVED, 0)
            more = cells.derived_line_hides(frame, spec, cols)
            if not more:
                return {c: m for c, m in cols.items() if c in spec.derived}
            for col, row in more:
                forced.setdefault(col, np.zeros(len(frame), dtype=bool))[row] = True
        raise RuntimeError("derived-figure suppression did not settle")

    def _base_limit(self, kind: str) -> int:
        return {"population": self.min_population, "pay_group": self.min_pay_group,
                "survey_base": self.min_survey_base}[kind]

    def _complement(self, vals: np.ndarray, mask: np.ndarray, lines: list[Line]) -> np.ndarray:
        """Hide more counts until no primary cell can be pinned down from the lines it sits in."""
        if not lines or not (mask == _PRIMARY).any():
            return mask, set()
        member_of: dict[int, list[int]] = {}
        for k, line in enumerate(lines):
            for i in line.cells:
                member_of.setdefault(i, []).append(k)
        primary = [int(i) for i in np.flatnonzero(mask == _PRIMARY) if i in member_of]

        def candidates(k: int) -> list[int]:
            return [i for i in lines[k].cells if mask[i] == 0 and vals[i] > 0]

        beyond_help: set[int] = set()  # pinned by a line with nothing left to hide (e.g. a small public total)
        for _ in range(len(vals) + 1):
            lo, hi = propagate(lines, *self.reader_bounds(vals, mask))
            exposed = [i for i in pinned(lo, hi, primary) if i not in beyond_help]
            if not exposed:
                return mask, beyond_help
            # The spec's rule first: a line with exactly one hidden cell, in table order (rows, then columns).
            order = [k for k, line in enumerate(lines) if sum(mask[i] > 0 for i in line.cells) == 1 and candidates(k)]
            if not order:
                # Subtler leaks (hidden cells pinned through several lines): open a line through a pinned hidden
                # cell, primary cells first.
                hidden = [i for i in range(len(vals)) if mask[i] > 0 and lo[i] == hi[i] and i in member_of]
                hidden.sort(key=lambda i: (mask[i] != _PRIMARY, i))
                order = [k for i in hidden for k in member_of[i] if candidates(k)]
            if not order:
                # Only a total that is itself small can pin a count with nothing left to hide around it; that total
                # is hidden in its own table, and the auditor checks the published files.
                beyond_help.update(exposed)
                continue
            pick = min(candidates(order[0]), key=lambda i: (vals[i], i))
            mask[pick] = _COMPLEMENTARY
        return mask, beyond_help

    def reader_bounds(self, vals: np.ndarray, mask: np.ndarray) -> tuple[list[float], list[float]]:
        """What a reader of the published table knows of each count: exact if shown, else the marker's range."""
        lo = np.where(mask == _PRIMARY, 1.0, np.where(mask == _COMPLEMENTARY, float(self.min_count), vals))
        hi = np.where(mask == _PRIMARY, float(self.min_count - 1), np.where(mask == _COMPLEMENTARY, np.inf, vals))
        return lo.tolist(), hi.tolist()


class HiddenCounts(dict):
    """Cells hidden per table; ``unprotected`` counts small cells that stay pinned by a public total outside the
    table (nothing in the table can protect them: the total must be hidden where it is published)."""

    def __init__(self) -> None:
        super().__init__()
        self.unprotected: dict[str, int] = {}


def require_published(results: Any) -> Publication:
    """The publication record of ``results``; views call this so that nothing unsuppressed reaches a page."""
    pub = getattr(results, "publication", None)
    if pub is None:
        raise TypeError("views read published results only: apply the disclosure Policy to the results first "
                        "(Policy.from_params(data.params).apply(results))")
    return pub
