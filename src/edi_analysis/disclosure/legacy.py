"""TEMPORARY: the old per-table suppression, used only by the report modules not yet moved to results/ and views/."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["suppress", "SuppressionMode"]

SuppressionMode = Literal["publish", "internal"]

_PRIMARY, _SECONDARY = 1, 2


def _mask(counts: pd.DataFrame, min_count: int, secondary: bool) -> np.ndarray:
    values = counts.to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ValueError("suppress: counts contain missing values; use 0 for none.")
    mask = np.where((values > 0) & (values < min_count), _PRIMARY, 0)
    if not secondary:
        return mask
    while True:
        changed = False
        # Rows first, then columns; ties go to the first cell in table order.
        for axis in (1, 0):
            hidden = (mask > 0).sum(axis=axis)
            for line in np.flatnonzero(hidden == 1):
                cells = values[line, :] if axis == 1 else values[:, line]
                lmask = mask[line, :] if axis == 1 else mask[:, line]
                candidates = np.flatnonzero((lmask == 0) & (cells > 0))
                if len(candidates) == 0:
                    continue
                pick = candidates[np.argmin(cells[candidates])]
                if axis == 1:
                    mask[line, pick] = _SECONDARY
                else:
                    mask[pick, line] = _SECONDARY
                changed = True
        if not changed:
            return mask


def suppress(
    values: pd.DataFrame | pd.Series,
    counts: pd.DataFrame | pd.Series | None = None,
    *,
    min_count: int = 5,
    secondary: bool = True,
    mode: SuppressionMode = "publish",
    primary_marker: str | None = None,
    secondary_marker: str = "*",
) -> pd.DataFrame | pd.Series:
    """Hide small counts, and the values derived from them, for publication.

    Parameters
    ----------
    values
        The table to show: counts themselves, or values derived from
        ``counts`` with the same shape (percentages, means, gaps).
    counts
        The counts that decide what is hidden; defaults to ``values``. For a
        pay mean use the group sizes with ``min_count=10``.
    min_count
        Smallest count shown (5; 10 for pay-gap groups, section 7).
    secondary
        Apply secondary suppression (rule 2). Turn off only when no total
        of the table is shown or derivable (e.g. means by group).
    mode
        ``"publish"`` suppresses; ``"internal"`` returns ``values`` unchanged
        (the report must then be stamped "Not for publication").
    primary_marker, secondary_marker
        Text shown in place of hidden cells; primary defaults to
        ``"<{min_count}"``.

    Returns
    -------
    DataFrame or Series
        Object dtype: the original numbers where shown, the markers where
        hidden. Same index and columns as ``values``.
    """
    if mode not in ("publish", "internal"):
        raise ValueError(f"suppress: mode must be 'publish' or 'internal'; got {mode!r}.")
    is_series = isinstance(values, pd.Series)
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    if counts is None:
        count_frame = frame
    else:
        count_frame = counts.to_frame() if isinstance(counts, pd.Series) else counts
    if count_frame.shape != frame.shape:
        raise ValueError(
            f"suppress: counts have shape {count_frame.shape} but values have shape {frame.shape}; "
            "pass the counts each value was derived from."
        )
    out = frame.astype(object)
    if mode == "publish":
        mask = _mask(count_frame, min_count, secondary)
        marker = primary_marker if primary_marker is not None else f"<{min_count}"
        arr = out.to_numpy(copy=True)
        arr[mask == _PRIMARY] = marker
        arr[mask == _SECONDARY] = secondary_marker
        out = pd.DataFrame(arr, index=frame.index, columns=frame.columns, dtype=object)
    return out.iloc[:, 0] if is_series else out
