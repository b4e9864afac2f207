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


def test_a_mistyped_report_name_lists_the_reports_and_not_the_template(tmp_path):
    params = (ROOT / "params" / "SYN03.yaml").read_text(encoding="utf-8").replace("- pay_gaps\n", "- pay_gap\n")
    (tmp_path / "SYN03.yaml").write_text(params.replace("../data", str(ROOT / "data")))
    _, failures, _ = plan(tmp_path, ROOT / "notebooks", tmp_path / "out")
    [failure] = failures
    assert failure.message.endswith("check 'notebooks' in SYN03.yaml: use any of bullying_harassment, pay_gaps, "
                                    "trends, wdes, wres")
