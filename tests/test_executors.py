"""Where jobs run: the local worker pool (default) and a Dask cluster give the same reports."""

import os
from pathlib import Path

import pytest

from edi_analysis.pipeline import run as reports
from edi_analysis.pipeline.executors import DaskExecutor, LocalExecutor, environment, make_executor

ROOT = Path(__file__).resolve().parents[1]


def test_local_pool_runs_every_item_with_the_environment(monkeypatch):
    monkeypatch.delenv("EDI_TEST_EXECUTOR", raising=False)
    pool = LocalExecutor(2, {"EDI_TEST_EXECUTOR": "set"})
    assert sorted(pool.run(os.getenv, ["EDI_TEST_EXECUTOR"] * 3), key=str) == ["set"] * 3
    # One worker runs in this process, with the environment only while it runs.
    assert list(LocalExecutor(1, {"EDI_TEST_EXECUTOR": "one"}).run(os.getenv, ["EDI_TEST_EXECUTOR"])) == ["one"]
    assert "EDI_TEST_EXECUTOR" not in os.environ


def test_environment_restores_what_was_there(monkeypatch):
    monkeypatch.setenv("EDI_TEST_A", "old")
    monkeypatch.delenv("EDI_TEST_B", raising=False)
    with environment({"EDI_TEST_A": "new", "EDI_TEST_B": "new"}):
        assert (os.environ["EDI_TEST_A"], os.environ["EDI_TEST_B"]) == ("new", "new")
    assert os.environ["EDI_TEST_A"] == "old" and "EDI_TEST_B" not in os.environ


def test_unknown_executor_is_refused():
    with pytest.raises(ValueError, match="local, dask"):
        make_executor("spark", 2)


def _files(out: Path) -> dict[str, bytes]:
    # The index lists build times, fingerprints name the output folder, the trust cache is internal: every report
    # and every file a report writes must match byte for byte.
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and p.name != "index.html" and p.suffix != ".fingerprint"}


@pytest.mark.slow
def test_dask_cluster_builds_the_same_reports_as_the_local_pool(tmp_path, synthetic_root):
    kwargs = dict(trusts=["SYN02", "SYN08"], notebooks=["wres", "trends"], jobs_n=2, echo=lambda *_: None)
    local = reports.build_all(ROOT / "params", ROOT / "notebooks", tmp_path / "local", **kwargs)
    dask = reports.build_all(ROOT / "params", ROOT / "notebooks", tmp_path / "dask", executor="dask", **kwargs)
    assert sorted((o.name, o.status) for o in dask) == sorted((o.name, o.status) for o in local)
    assert {o.status for o in dask} == {"built"} and len(dask) == 4
    local_files, dask_files = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert sorted(dask_files) == sorted(local_files)
    assert [name for name in local_files if local_files[name] != dask_files[name]] == []


@pytest.mark.slow
def test_dask_workers_get_the_environment():
    pool = DaskExecutor(2, {"EDI_TEST_EXECUTOR": "on the cluster"})
    try:
        assert list(pool.run(os.getenv, ["EDI_TEST_EXECUTOR"] * 2)) == ["on the cluster"] * 2
    finally:
        pool.close()
