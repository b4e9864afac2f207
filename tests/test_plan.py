"""pipeline.plan: what a build will do, and what it refuses (paths for trust codes, notebooks outside --out)."""

from pathlib import Path

import yaml

from edi_analysis.pipeline.plan import plan

ROOT = Path(__file__).resolve().parents[1]


def _params(tmp_path: Path, **changes) -> Path:
    folder = tmp_path / "params"
    folder.mkdir()
    raw = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text(encoding="utf-8"))
    raw.update({"data_dir": str(ROOT / "data" / "synthetic" / "SYN02"), "reference_data": str(ROOT / "data" / "reference"),
                "notebooks": ["pay_gaps", "wres"], **changes})
    (folder / "SYN02.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    return folder


def test_jobs_get_params_only_as_data(tmp_path):
    jobs, failures, _ = plan(_params(tmp_path, trust_name='x"); import os  #'), ROOT / "notebooks",
                             tmp_path / "out")
    assert failures == []
    assert [j.notebook.stem for j in jobs] == ["pay_gaps", "wres"]
    for job in jobs:
        # the trust's free text never reaches a notebook: only its code, the year and folders, as parameters
        assert set(job.parameters) <= {"trust_code", "year", "params_dir", "data_dir", "sdc_mode", "output_dir",
                                       "benchmark_file"}
        assert job.out_file.is_relative_to((tmp_path / "out").resolve())


def test_trust_and_notebook_selections_that_are_paths_fail(tmp_path):
    params = _params(tmp_path)
    jobs, failures, _ = plan(params, ROOT / "notebooks", tmp_path / "out", trusts=["../../etc", "NOPE1"],
                             notebooks=["../x"])
    assert jobs == []
    assert [f.message for f in failures] == [
        ("--trust '../../etc' is not a trust code; use the code of a params file (letters, digits and hyphens), e.g. "
        "--trust SYN01"),
        "--trust NOPE1: there is no params file NOPE1.yaml; use one of SYN02",
        "--only '../x' is not a report name; use a notebook name, e.g. --only pay_gaps",
    ]


def test_a_missing_data_folder_fails_the_trust_before_any_report(tmp_path):
    params = _params(tmp_path, synthetic=False, data_dir=str(tmp_path / "nowhere"))
    jobs, failures, _ = plan(params, ROOT / "notebooks", tmp_path / "out")
    assert jobs == []
    [failure] = failures
    assert failure.message == (f"InputError: 1 problem(s) in SYN02.yaml; fix them and run again:\n  - SYN02.yaml, key "
                               f"'data_dir', value '{tmp_path / 'nowhere'}': the data folder does not exist; set "
                               "data_dir to the folder holding your year folders (relative to the params file's "
                               "folder)")
