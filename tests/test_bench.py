"""The benchmark's report of ratios against the naive baseline."""

from edi_analysis.pipeline.bench import ratio_table


def test_ratio_table_states_speed_up_against_baseline():
    text = ratio_table(40.0, [("pipeline, cold", 16.0), ("pipeline, warm", 0.1)])
    lines = text.splitlines()
    assert lines[2].endswith("1.00x")
    assert lines[3].startswith("pipeline, cold") and lines[3].endswith("2.50x")
    assert lines[4].endswith("400.00x")
