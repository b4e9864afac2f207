"""How a results table tells the disclosure policy what its numbers are.

Every table of a report's results carries a :class:`Spec`: which columns are counts of people
(primary suppression applies), which columns are figures derived from them (they are hidden with
their counts, and under the policy's minimum events and bases), and which cells add up to which
(the lines that complementary suppression protects). The policy reads nothing else, so a new table
is protected by writing its spec, not by writing suppression code.

Published cells that are hidden hold a :class:`Hidden` marker: a string, so it prints as the reader
sees it and any arithmetic on it fails loudly instead of leaking the number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

__all__ = ["Hidden", "Derived", "RowSum", "ColSum", "Same", "Spec", "is_hidden", "is_shown", "BaseKind"]

BaseKind = Literal["population", "pay_group", "survey_base"]


class Hidden(str):
    """A suppressed cell as published: ``"<5"`` (primary), ``"*"`` (complementary) or ``"suppressed"`` (derived)."""

    kind: str

    def __new__(cls, text: str, kind: str) -> Hidden:
        obj = super().__new__(cls, text)
        obj.kind = kind
        return obj

    def __reduce__(self):  # keep the kind through pickling (worker processes)
        return (Hidden, (str(self), self.kind))


def is_hidden(value: object) -> bool:
    """True for a cell the policy hid."""
    return isinstance(value, Hidden)


def is_shown(value: object) -> bool:
    """True for a cell that holds a publishable number (not hidden, not missing)."""
    if isinstance(value, Hidden) or value is None or value is pd.NA:
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


@dataclass(frozen=True)
class Derived:
    """A column computed from other columns of the same row.

    Parameters
    ----------
    of
        Columns it is computed from (counts or other derived columns): hidden whenever any of them is.
    events
        Count columns that must each reach the policy's ``min_count`` (zero included) for the figure to be
        published: metrics.md section 9 rule 2, for rates and ratios.
    bases
        Denominator columns that must each reach the policy's threshold of kind ``base``.
    base
        ``population`` (``min_population``), ``pay_group`` (``min_pay_group``) or ``survey_base``
        (``min_survey_base``).
    """

    of: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    base: BaseKind = "population"


@dataclass(frozen=True)
class RowSum:
    """In every row, column ``total`` equals the sum of columns ``parts``.

    ``total=None`` means the row total is not in the table but is public elsewhere (or derivable).
    """

    parts: tuple[str, ...]
    total: str | None = None


@dataclass(frozen=True)
class ColSum:
    """Within each group of rows sharing ``within``, the row labelled ``total`` in column ``label`` is the sum of rows
    labelled ``parts`` (default: every other row of the group that is not itself a declared total).

    ``total=None`` means the column total is not in the table but is public elsewhere. ``columns`` limits the
    relation to some count columns (default: every count column).
    """

    label: str
    total: str | None = None
    parts: tuple[str, ...] | None = None
    within: tuple[str, ...] = ()
    columns: tuple[str, ...] | None = None
    smallest_by: str | None = None


@dataclass(frozen=True)
class Same:
    """Counts of this table that repeat counts of another table of the same report: one quantity, one mask.

    Rows match where every ``on`` column equals its partner in ``table``, the partner row has the values in
    ``where`` and this table's row the values in ``this``; ``columns`` maps this table's count columns to the
    other table's. ``table`` may name this table (a row repeating another row). Hidden in one, hidden in both,
    and the sums of both tables protect it.
    """

    table: str
    columns: dict[str, str]
    on: dict[str, str] = field(default_factory=dict)
    where: dict[str, object] = field(default_factory=dict)
    this: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Spec:
    """What a results table's columns are, for the disclosure policy.

    Parameters
    ----------
    counts
        Columns of whole counts of people: 1 to ``min_count - 1`` is hidden.
    derived
        Column -> :class:`Derived`, in the order they depend on each other.
    row_sums, col_sums
        The additive relations complementary suppression protects.
    derived_sums
        Relations among derived figures of several rows (a pooled group's mean pay is the count-weighted mean
        of its members'): :class:`ColSum` lines naming derived ``columns``; when exactly one figure of a line is
        hidden, the one of the row with the smallest ``smallest_by`` is hidden too.
    same
        Counts repeated from another table of the report (:class:`Same`).
    public
        ``"board"`` for counts of public office holders (shown unless the policy's ``suppress_board``);
        ``"none"`` for tables with no counts of people at all.
    """

    counts: tuple[str, ...] = ()
    derived: dict[str, Derived] = field(default_factory=dict)
    row_sums: tuple[RowSum, ...] = ()
    col_sums: tuple[ColSum, ...] = ()
    derived_sums: tuple[ColSum, ...] = ()
    same: tuple[Same, ...] = ()
    public: Literal["", "board", "none"] = ""

    def check(self, frame: pd.DataFrame, name: str) -> None:
        """Raise if the spec names a column the table does not have (a results/spec mismatch is a bug)."""
        have = set(frame.columns) | set(n for n in frame.index.names if n is not None)
        named = set(self.counts) | set(self.derived)
        for d in self.derived.values():
            named |= set(d.of) | set(d.events) | set(d.bases)
        for r in self.row_sums:
            named |= set(r.parts) | ({r.total} if r.total else set())
        for s in self.same:
            named |= set(s.columns) | set(s.on) | set(s.this)
        for c in (*self.col_sums, *self.derived_sums):
            named |= {c.label} | set(c.within) | set(c.columns or ()) | ({c.smallest_by} if c.smallest_by else set())
        missing = sorted(named - have)
        if missing:
            raise KeyError(f"disclosure spec of table {name!r} names column(s) the table lacks: {', '.join(missing)}")
