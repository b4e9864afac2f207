"""How a report's tables become numbered cells and the lines between them (the policy's machinery).

No threshold lives here: :class:`~edi_analysis.disclosure.policy.Policy` decides what is hidden; these helpers
turn tables and their :class:`~edi_analysis.disclosure.tables.Spec` into what it decides on.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .solver import Line
from .tables import Spec

__all__ = ["flatten", "restore", "lines", "derived_line_hides", "alias_repeats"]


def flatten(frame: pd.DataFrame) -> pd.DataFrame:
    named = [n for n in frame.index.names if n is not None]
    return frame.reset_index() if named else frame.reset_index(drop=True)


def restore(published: pd.DataFrame, original: pd.DataFrame) -> pd.DataFrame:
    named = [n for n in original.index.names if n is not None]
    if named:
        published = published.set_index(named)
        published.index = original.index
    else:
        published.index = original.index
    return published


def lines(frame: pd.DataFrame, spec: Spec, name: str, cell_of: Mapping[tuple[str, int, str], int],
          vals: np.ndarray) -> list[Line]:
    """The additive lines of one table, as equations over numbered cells (missing counts leave a line out).

    A line with a total cell reads ``parts - total = 0``; one whose total is public elsewhere reads
    ``parts = their sum``.
    """
    out: list[Line] = []
    for members, total in (*_row_sums(frame, spec, name, cell_of), *_col_sums(frame, spec, name, cell_of)):
        cells = [*members, total] if total is not None else members
        if any(np.isnan(vals[m]) for m in cells):
            continue
        if total is None:
            out.append(Line(tuple(members), (1.0,) * len(members), float(sum(vals[m] for m in members))))
        else:
            out.append(Line(tuple(cells), (1.0,) * len(members) + (-1.0,), 0.0))
    return out


def _row_sums(frame: pd.DataFrame, spec: Spec, name: str, cell_of) -> list[tuple[list[int], int | None]]:
    return [([cell_of[(name, i, c)] for c in rs.parts], cell_of[(name, i, rs.total)] if rs.total else None)
            for rs in spec.row_sums for i in range(len(frame))]


def _groups(frame: pd.DataFrame, within: tuple[str, ...]) -> list[np.ndarray]:
    if not within:
        return [np.arange(len(frame))]
    return list(frame.groupby(list(within), sort=False, dropna=False).indices.values())


def _col_sums(frame: pd.DataFrame, spec: Spec, name: str, cell_of) -> list[tuple[list[int], int | None]]:
    out = []
    for cs in spec.col_sums:
        totals_declared = {c.total for c in spec.col_sums if c.label == cs.label and c.total is not None}
        for rows in _groups(frame, cs.within):
            labels = frame[cs.label].to_numpy()[rows]
            total_row = None
            if cs.total is not None:
                total_rows = [r for r, lab in zip(rows, labels) if lab == cs.total]
                if len(total_rows) != 1:
                    continue
                total_row = int(total_rows[0])
            if cs.parts is not None:
                part_rows = [int(r) for r, lab in zip(rows, labels) if lab in cs.parts]
            else:
                part_rows = [int(r) for r, lab in zip(rows, labels) if lab not in totals_declared and r != total_row]
            if not part_rows:
                continue
            for col in cs.columns or spec.counts:
                out.append(([cell_of[(name, r, col)] for r in part_rows],
                            cell_of[(name, total_row, col)] if total_row is not None else None))
    return out


def derived_line_hides(frame: pd.DataFrame, spec: Spec, masks: Mapping[str, np.ndarray]) -> list[tuple[str, int]]:
    """(column, row) pairs to hide so that no derived-sum line has exactly one hidden figure."""
    out = []
    for cs in spec.derived_sums:
        labels_all = frame[cs.label].to_numpy()
        for rows in _groups(frame, cs.within):
            rows = [int(r) for r in rows]
            members = [r for r in rows if (cs.parts is None or labels_all[r] in cs.parts or labels_all[r] == cs.total)]
            if cs.total is not None and not any(labels_all[r] == cs.total for r in members):
                continue
            for col in cs.columns or ():
                present = [r for r in members if pd.notna(frame[col].iloc[r])]
                hidden = [r for r in present if masks[col][r] > 0]
                if len(hidden) != 1:
                    continue
                shown = [r for r in present if masks[col][r] == 0]
                if not shown:
                    continue
                key = (lambda r: (float(frame[cs.smallest_by].iloc[r]), r)) if cs.smallest_by else (lambda r: (0.0, r))
                out.append((col, min(shown, key=key)))
    return out


def alias_repeats(flat: Mapping[str, pd.DataFrame], specs: Mapping[str, Spec],
                   cell_of: dict[tuple[str, int, str], int], vals: np.ndarray) -> None:
    """Point every repeated count at the cell it repeats (union-find over cell numbers)."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i]
        return i

    for name, frame in flat.items():
        for same in specs[name].same:
            if same.table not in flat:
                raise KeyError(f"disclosure spec of table {name!r} repeats counts of table {same.table!r}, "
                               "which the report does not have")
            other = flat[same.table]
            keep = np.ones(len(other), dtype=bool)
            for col, value in same.where.items():
                keep &= (other[col] == value).to_numpy()
            index = {tuple(other[o].iloc[j] for o in same.on.values()): j for j in np.flatnonzero(keep)}
            mine = np.ones(len(frame), dtype=bool)
            for col, value in same.this.items():
                mine &= (frame[col] == value).to_numpy()
            for i in map(int, np.flatnonzero(mine)):
                j = index.get(tuple(frame[c].iloc[i] for c in same.on))
                if j is None:
                    continue
                for col, ocol in same.columns.items():
                    a, b = root(cell_of[(name, i, col)]), root(cell_of[(same.table, int(j), ocol)])
                    if a == b:
                        continue
                    if not (np.isnan(vals[a]) or np.isnan(vals[b])) and vals[a] != vals[b]:
                        raise ValueError(f"table {name!r} column {col!r} row {i} repeats {same.table!r} column "
                                         f"{ocol!r} but the counts differ ({vals[a]:g} and {vals[b]:g})")
                    parent[a] = b
    if parent:
        for key, i in cell_of.items():
            cell_of[key] = root(i)
