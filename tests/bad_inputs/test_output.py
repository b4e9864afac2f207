"""Output is atomic and isolated: one build per output folder at a time, a build killed with SIGKILL leaves
every report whole and the next run rebuilds only what is missing, and two builds of the same inputs agree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from edi_analysis.pipeline.safety import BuildLocked, build_lock

from .conftest import ROOT, Case, run_cli


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_second_build_of_the_same_folder_stops_with_a_clear_message(case, tmp_path):
    out = tmp_path / "out"
    with build_lock(out):
        assert (out / ".lock").read_text() == str(os.getpid())
        result = case.reports(out)
        with pytest.raises(BuildLocked), build_lock(out):
            pass
    assert result.returncode == 2
    assert result.stderr == (f"another build is writing to {out} (pid {os.getpid()}); wait for it or remove the lock "
                             f"if it crashed ({out / '.lock'})\n")
    assert not (out / ".lock").exists()


def test_a_lock_left_by_a_dead_build_is_taken_over(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".lock").write_text(str(_dead_pid()))
    with build_lock(out):
        assert (out / ".lock").read_text() == str(os.getpid())
    assert not (out / ".lock").exists()


def test_memory_limit_setting_must_be_a_number(case, tmp_path):
    result = run_cli("reports", "--params", str(case.params_dir), "--out", str(tmp_path / "out"),
                     env={"EDI_MAX_MEMORY_MB": "lots"})
    assert result.returncode == 2
    assert result.stderr == "EDI_MAX_MEMORY_MB='lots' is not a number of megabytes; use a whole number such as 4000\n"


@pytest.mark.slow
def test_kill_9_mid_build_leaves_whole_reports_and_the_next_run_rebuilds_only_what_is_missing(tmp_path):
    c = Case(tmp_path / "case", notebooks=("pay_gaps", "wdes"))
    out = tmp_path / "out"
    # --trust: the cross-trust data set (an input of every report) is left alone, so only the reports count
    first = c.reports(out, "--trust", "TST01", "--only", "pay_gaps")
    assert first.returncode == 0, first.stdout + first.stderr
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "edi_analysis", "reports", "--params", str(c.params_dir),
                             "--notebooks", str(ROOT / "notebooks"), "--out", str(out), "-j", "1", "--trust", "TST01"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    # pay_gaps is up to date (skipped, nothing staged): the trust's staging folder appears when wdes starts
    staged = out / ".staging" / "2026" / "TST01"
    deadline = time.monotonic() + 300
    while not staged.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # the wdes notebook is running (its kernel alone takes seconds to start)
    assert proc.poll() is None, "the build ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the build and its notebook kernel, as a power cut would
    proc.wait()
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    assert (out / ".lock").exists()  # left behind by the killed build: the next run takes it over
    assert (out / ".staging").exists()  # the killed build's half-done work, which the next run discards
    again = c.reports(out, "--trust", "TST01")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "skipped TST01 pay_gaps 2026" in again.stdout
    assert "built   TST01 wdes 2026" in again.stdout
    assert "Summary: 1 built, 1 up to date, 0 failed." in again.stdout
    assert not (out / ".staging").exists() and not (out / ".lock").exists()
    assert not list(out.rglob("*.tmp"))


# A trust name that is a spreadsheet formula and HTML at once: it must reach every output as inert text.
HOSTILE_NAME = '=HYPERLINK("http://evil.example","<script>alert(1)</script></title><img src=x onerror=alert(2)>")'
HOSTILE_SYSTEM = "</text><script>alert(3)</script>"


@pytest.mark.slow
def test_two_builds_agree_and_hostile_text_is_inert(tmp_path):
    c = Case(tmp_path / "case", notebooks=("pay_gaps", "wres"))
    c.set_params(trust_name=HOSTILE_NAME, system=HOSTILE_SYSTEM)
    outs = [tmp_path / "out1", tmp_path / "out2"]
    for out in outs:
        result = c.reports(out)
        assert result.returncode == 0, result.stdout + result.stderr
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file() and p.suffix in
                   {".csv", ".parquet", ".html", ".xlsx"})
    assert {f.suffix for f in files} >= {".csv", ".parquet", ".html"}
    for f in files:  # the pages carry no build time, so everything is byte for byte the same
        assert (outs[0] / f).read_bytes() == (outs[1] / f).read_bytes(), f
    # hostile text: escaped in every page, neutralised in the data set
    for page in outs[0].rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, page
    data = pd.read_csv(outs[0] / "2026" / "benchmark.csv", dtype=str, keep_default_na=False)
    assert set(data["trust_name"]) == {"'" + HOSTILE_NAME}


def test_memory_limit_turns_an_oversized_allocation_into_memory_error():
    code = ("from edi_analysis.pipeline.safety import limit_memory\nlimit_memory(1000)\n"
            "try:\n    bytearray(2 * 1024 ** 3)\nexcept MemoryError:\n    print('MemoryError')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.stdout == "MemoryError\n"


@pytest.mark.slow
def test_a_build_over_the_memory_limit_fails_with_a_clear_message(case, tmp_path):
    result = case.reports(tmp_path / "out", "--max-memory-mb", "800")
    assert result.returncode == 1
    assert ("the report ran out of memory: it needs more than the limit of 800 MB per process (EDI_MAX_MEMORY_MB); "
            "raise EDI_MAX_MEMORY_MB (or --max-memory-mb), build fewer reports at once (-j 1), or use a machine with "
            "more memory") in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
