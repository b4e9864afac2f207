"""pipeline.safety: the build lock and the memory ceiling's message."""

import os

import pytest

from edi_analysis.pipeline.safety import LOCK_NAME, BuildLocked, build_lock, memory_message


def test_lock_holds_the_pid_and_is_removed_after(tmp_path):
    with build_lock(tmp_path / "out") as lock:
        assert lock == tmp_path / "out" / LOCK_NAME
        assert lock.read_text() == str(os.getpid())
        with pytest.raises(BuildLocked) as info, build_lock(tmp_path / "out"):
            pass
        assert info.value.pid == os.getpid()
    assert not lock.exists()
    with build_lock(tmp_path / "out"):  # free again
        pass


def test_a_lock_file_nobody_holds_is_taken_over(tmp_path):
    (tmp_path / LOCK_NAME).write_text("not a pid")
    with build_lock(tmp_path) as lock:
        assert lock.read_text() == str(os.getpid())


def test_memory_message_names_the_limit(monkeypatch):
    monkeypatch.setenv("EDI_MAX_MEMORY_MB", "2000")
    assert memory_message("the report").startswith("the report ran out of memory: it needs more than the limit of "
                                                   "2000 MB per process (EDI_MAX_MEMORY_MB)")
    monkeypatch.delenv("EDI_MAX_MEMORY_MB")
    assert "the memory this machine has" in memory_message("the build")
