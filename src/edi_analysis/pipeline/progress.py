"""Progress of a build: a live bar with the time left on a terminal, one line per report anywhere else."""

from __future__ import annotations

import sys
from collections.abc import Callable

from .jobs import Outcome

__all__ = ["Progress", "job_line"]


def job_line(done: int, total: int, res: Outcome) -> str:
    """One report's line: ``[3/40] built    SYN01 wres 2026 (4.2s)``, and the first line of any failure."""
    line = f"[{done}/{total}] {res.status:<7} {res.name} ({res.seconds:.1f}s)"
    if res.status == "failed":
        first = res.message.splitlines()[0] if res.message else ""
        line += f"\n          {first}"
    return line


class Progress:
    """Report each finished job. ``live``: a bar (rich) with the estimated time left; else ``echo`` a line per job.

    The estimate is rich's: the recent rate of finished reports applied to those left.
    """

    def __init__(self, total: int, *, echo: Callable[[str], object] = print, live: bool | None = None,
                 console: object = None):
        self.total, self.done, self.echo = total, 0, echo
        self.live = sys.stdout.isatty() if live is None else live
        self.console = console  # rich's console (default: the terminal)
        self._bar = None

    def __enter__(self) -> Progress:
        if self.live and self.total:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("Building reports"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("elapsed"), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                            transient=False, console=self.console)
            self._bar.start()
            self._task = self._bar.add_task("reports", total=self.total)
        return self

    def advance(self, res: Outcome) -> None:
        self.done += 1
        if self._bar is None:
            self.echo(job_line(self.done, self.total, res))
            return
        if res.status == "failed":  # failures stay on screen above the bar
            self._bar.console.print(job_line(self.done, self.total, res), markup=False, highlight=False)
        self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
