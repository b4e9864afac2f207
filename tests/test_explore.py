"""The exploration notebook is a researcher's template, never a report: no trust builds it."""

from pathlib import Path

import yaml

from edi_analysis.pipeline.plan import plan

ROOT = Path(__file__).resolve().parents[1]


def test_no_params_file_lists_it():
    for pfile in (ROOT / "params").glob("*.yaml"):
        assert "explore" not in yaml.safe_load(pfile.read_text(encoding="utf-8")).get("notebooks", []), pfile.name


def test_the_pipeline_never_plans_it(tmp_path):
    jobs, failures, _ = plan(ROOT / "params", ROOT / "notebooks", tmp_path)
    assert jobs and not failures
    assert all(job.notebook.stem != "explore" for job in jobs)


def test_it_starts_from_load_trust_and_the_results_and_uses_the_packages_statistics():
    text = (ROOT / "notebooks" / "explore.py").read_text(encoding="utf-8")
    for piece in ("load_trust(", ".compute(data)", "import seaborn", "stats.rl_summary(", "Policy.from_params("):
        assert piece in text, piece
