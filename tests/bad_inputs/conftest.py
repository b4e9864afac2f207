"""Bad inputs, each a copy of one small trust's good inputs with one thing wrong (issue 16).

A case is a folder ``<tmp>/params/TST01.yaml`` + ``<tmp>/data/TST01/<year>/`` made from the synthetic trust
SYN02 (two report years only, to keep it fast). :func:`good_build` builds that trust's reports once per session;
tests that take the ``reports`` route copy it into their own output folder and check it survives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "SYN02"
CODE = "TST01"
YEARS = (2025, 2026)


def synthetic_root() -> Path:
    from edi_analysis import synthetic

    root = ROOT / "data" / "synthetic"
    profile = next(p for p in synthetic.PROFILES if p.code == SOURCE)
    if not synthetic.is_present(root, SOURCE):
        synthetic.write_trust(profile, root)
    return root


class Case:
    """One trust's inputs in a temporary folder, with helpers to break them."""

    def __init__(self, root: Path, notebooks: tuple[str, ...] = ("pay_gaps",)):
        self.root = root
        self.params_dir = root / "params"
        self.params_file = self.params_dir / f"{CODE}.yaml"
        self.data = root / "data" / CODE
        self.params_dir.mkdir(parents=True)
        raw = yaml.safe_load((ROOT / "params" / f"{SOURCE}.yaml").read_text(encoding="utf-8"))
        raw.update(trust_code=CODE, synthetic=False, data_dir=f"../data/{CODE}", years=list(YEARS),
                   report_year=max(YEARS), reference_data=str(ROOT / "data" / "reference"), notebooks=list(notebooks))
        raw.pop("pay_gap_targets", None)  # their baseline years are before the two years copied
        self.params_file.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
        for year in YEARS:
            shutil.copytree(synthetic_root() / SOURCE / str(year), self.data / str(year))

    def path(self, name: str, year: int = 2026, suffix: str = ".csv") -> Path:
        return self.data / str(year) / f"{name}{suffix}"

    def edit(self, name: str, change: Callable[[pd.DataFrame], pd.DataFrame | None], year: int = 2026) -> None:
        """Change one input (read with every cell as text) and write it back."""
        frame = pd.read_csv(self.path(name, year), dtype=str, keep_default_na=False)
        out = change(frame)
        (frame if out is None else out).to_csv(self.path(name, year), index=False)

    def set_params(self, **changes) -> None:
        raw = yaml.safe_load(self.params_file.read_text(encoding="utf-8"))
        raw.update(changes)
        self.params_file.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")

    def validate(self) -> tuple[int, str]:
        """``python -m edi_analysis validate`` in this process: (exit status, what it printed)."""
        import contextlib
        import io

        from edi_analysis.io import validate

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            status = validate.main([str(self.params_file)])
        return status, buf.getvalue()

    def reports(self, out: Path, *args: str) -> subprocess.CompletedProcess:
        """``python -m edi_analysis reports`` for this trust, in a subprocess, one worker."""
        return run_cli("reports", "--params", str(self.params_dir), "--notebooks", str(ROOT / "notebooks"),
                       "--out", str(out), "-j", "1", *args)


def run_cli(*args: str, timeout: float = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m edi_analysis ARGS`` with this checkout's package; ``env`` adds to the environment."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "edi_analysis", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT, check=False)


def problem_lines(output: str) -> list[str]:
    """The problem lines of validate's or an InputError's output, without the leading '  - '."""
    return [line.strip()[2:] for line in output.splitlines() if line.strip().startswith("- ")]


@pytest.fixture
def case(tmp_path) -> Case:
    return Case(tmp_path / "case")


@pytest.fixture(scope="session")
def good_build(tmp_path_factory) -> Path:
    """The good trust's pay gap report, built once: the output folder every reports-route case starts from."""
    c = Case(tmp_path_factory.mktemp("good") / "case")
    out = c.root / "out"
    result = c.reports(out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every published report and export under ``folder``, by relative path (the index, which every run rewrites,
    and the build's hidden bookkeeping files left out)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
            and p.name != "index.html"}
