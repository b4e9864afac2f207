"""The environment of processes that compute reports: the tuned settings, and the user's own values kept."""

from edi_analysis.pipeline.worker_env import WORKER_ENV, worker_env


def test_every_setting_is_given_when_the_user_set_none():
    assert worker_env({}) == WORKER_ENV
    assert WORKER_ENV["OPENBLAS_NUM_THREADS"] == "1" and WORKER_ENV["NUMPY_MADVISE_HUGEPAGE"] == "0"
    assert int(WORKER_ENV["MALLOC_MMAP_THRESHOLD_"]) == 256 * 2**20  # glibc reads bytes


def test_a_value_the_user_set_is_left_alone():
    got = worker_env({"OPENBLAS_NUM_THREADS": "4", "PATH": "/bin"})
    assert "OPENBLAS_NUM_THREADS" not in got and "PATH" not in got
    assert set(got) == set(WORKER_ENV) - {"OPENBLAS_NUM_THREADS"}


def test_the_default_is_this_process_environment(monkeypatch):
    for k in WORKER_ENV:
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    assert set(worker_env()) == set(WORKER_ENV) - {"NUMPY_MADVISE_HUGEPAGE"}
