"""Progress of a build: one line per report off a terminal, a live bar with the time left on one."""

import io

from rich.console import Console

from edi_analysis.pipeline.jobs import Outcome
from edi_analysis.pipeline.progress import Progress, job_line

BUILT = Outcome(name="SYN01 wres 2026", status="built", seconds=4.25)
FAILED = Outcome(name="SYN02 pay_gaps 2026", status="failed", seconds=1.0,
                 message="InputError: staff.csv row 4\nmore detail")


def test_one_line_per_report_when_not_a_terminal():
    lines = []
    with Progress(2, echo=lines.append, live=False) as bar:
        bar.advance(BUILT)
        bar.advance(FAILED)
    assert lines == ["[1/2] built   SYN01 wres 2026 (4.2s)",
                     "[2/2] failed  SYN02 pay_gaps 2026 (1.0s)\n          InputError: staff.csv row 4"]
    assert job_line(1, 2, BUILT) == lines[0]


def test_live_bar_counts_reports_shows_time_left_and_keeps_failures_on_screen():
    out = io.StringIO()
    lines = []
    with Progress(2, echo=lines.append, live=True, console=Console(file=out, force_terminal=True, width=120)) as bar:
        bar.advance(FAILED)
        bar.advance(BUILT)
    text = out.getvalue()
    assert lines == []  # the bar replaces the per-report lines
    assert "2/2" in text and "left" in text
    assert "failed  SYN02 pay_gaps 2026" in text and "InputError: staff.csv row 4" in text
