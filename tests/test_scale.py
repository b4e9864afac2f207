"""Scale of one trust (``pipeline/scale.py``): the trust it makes and the shape of its measurement (never timing)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from edi_analysis.pipeline import bench, scale

ROWS = 2_000


@pytest.fixture(scope="module")
def trust(tmp_path_factory):
    return scale.make_trust(ROWS, tmp_path_factory.mktemp("scale"))


def test_make_trust_has_exactly_rows_staff_in_the_report_year_with_unique_ids(trust):
    staff = pd.read_csv(trust.parent.parent / "data" / "SCALE" / "2026" / "staff.csv", dtype={"staff_id": "string"})
    assert len(staff) == ROWS
    assert staff["staff_id"].is_unique


def test_measure_reports_rows_times_memory_and_every_report(trust):
    got = scale.measure(trust)
    assert got["rows"] == ROWS
    assert set(got) == {"rows", "seconds", "peak_mb", "cpu_seconds", "load_seconds", "reports", "reports_cpu", "years"}
    assert set(got["reports"]) == {"pay_gaps", "wres", "wdes", "bullying_harassment", "trends", "directorates"}
    assert set(got["reports_cpu"]) == set(got["reports"])
    assert all(isinstance(v, float) and v >= 0 for v in [*got["reports"].values(), *got["reports_cpu"].values()])
    assert got["peak_mb"] > 0 and got["cpu_seconds"] >= 0 and got["load_seconds"] >= 0
    assert got["years"] == [2025, 2026]
    json.dumps(got)  # written as JSON as it is


def test_bench_scale_dispatches_to_scale(monkeypatch):
    seen = []
    monkeypatch.setattr(scale, "run_scale", lambda rows, out, **_: seen.append((rows, out)))
    assert bench.main(["--scale", "123"]) == 0
    assert seen == [(123, scale.Path("bench") / "scale.json")]


def test_bench_scale_needs_a_positive_number_of_rows():
    with pytest.raises(SystemExit):
        scale.main(["--scale", "0"])
