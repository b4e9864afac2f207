"""Disclosure control: one :class:`Policy` (every threshold) applied once to a report's results.

``tables`` says what a results table's numbers are (:class:`Spec`), ``policy`` hides what must be hidden (with
``cells`` turning tables into numbered cells and the lines between them),
``solver`` works out what a reader could infer, and ``audit`` reads built reports as an outsider would.
"""

from __future__ import annotations

import pandas as pd

from .policy import Mode, Policy, Publication, require_published
from .tables import ColSum, Derived, Hidden, RowSum, Same, Spec, is_hidden, is_shown

__all__ = ["Policy", "Publication", "Mode", "require_published", "Spec", "Derived", "RowSum", "ColSum", "Same", "Hidden",
           "is_hidden", "is_shown", "suppress_matrix"]


def suppress_matrix(counts: pd.DataFrame, policy: Policy, *, totals: bool = True) -> pd.DataFrame:
    """A cross-tabulation of counts (rows x columns) suppressed as the policy says.

    With ``totals`` the row and column totals are taken as public (shown or derivable), so complementary
    suppression protects every row and column (metrics.md section 9, worked example in section 13).

    Raises
    ------
    ValueError
        When a public total pins a hidden count whatever else is hidden (the totals must then be hidden too).
    """
    frame = counts.copy()
    cols = [str(c) for c in frame.columns]
    frame.columns = cols
    frame.insert(0, "_row", range(len(frame)))
    spec = Spec(counts=tuple(cols),
                row_sums=(RowSum(parts=tuple(cols)),) if totals else (),
                col_sums=(ColSum(label="_row"),) if totals else ())
    out, hidden = policy.suppress_tables({"t": frame.reset_index(drop=True)}, {"t": spec})
    if hidden.unprotected and not policy.internal:
        raise ValueError("suppress_matrix: a public total is small enough to give a hidden count away; hide the "
                         "total too (or publish the table without totals)")
    published = out["t"].drop(columns="_row")
    published.index, published.columns = counts.index, counts.columns
    return published
