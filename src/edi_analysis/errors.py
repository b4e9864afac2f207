"""Problems in the inputs: one :class:`InputError` lists every problem with file, row, column, value and the fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file; ``row`` is the spreadsheet row (header = 1)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            what = "key" if self.file.endswith((".yaml", ".yml")) or self.file == "parameters" else "column"
            where.append(f"{what} '{self.column}'")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return ", ".join(where) + f": {self.message}"


class InputError(ValueError):
    """Raised with every problem found in the inputs; nothing has been written."""

    max_listed = 50

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        files = sorted({p.file for p in self.problems})
        lines = [f"{len(self.problems)} problem(s) in {', '.join(files)}; fix them and run again:"]
        lines += [f"  - {p}" for p in self.problems[: self.max_listed]]
        if len(self.problems) > self.max_listed:
            lines.append(f"  ... and {len(self.problems) - self.max_listed} more of the same kinds.")
        super().__init__("\n".join(lines))

    def _render_traceback_(self) -> list[str]:
        """What Jupyter shows when a notebook cell raises this: the problems, not the package's traceback."""
        if len(self.problems) == 1:
            return [f"InputError: {self.problems[0]}"]
        first, *rest = str(self).splitlines()
        return [f"InputError: {first}", *rest]
