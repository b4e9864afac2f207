"""Create the project's virtual environment from the pinned versions (standard library only).

Run as a script so it works before anything is installed:
``python3 src/edi_analysis/setup_env.py`` (what ``make reports`` and
``make test`` do on first use). On Windows: ``py src\\edi_analysis\\setup_env.py``.
It creates ``.venv``, installs ``requirements.lock`` and then this package,
and writes a stamp so later runs do nothing until the lock file changes.
``--lock`` instead rebuilds ``requirements.lock`` from ``pyproject.toml``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed"


def _venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _state() -> str:
    h = hashlib.sha256()
    for f in (LOCK, ROOT / "pyproject.toml"):
        h.update(f.read_bytes())
    return h.hexdigest()


def _run(cmd: list[str]) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True)


def _create(folder: Path) -> Path:
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    except (subprocess.CalledProcessError, OSError) as exc:
        sys.exit(
            f"Could not create a virtual environment in {folder}: {exc}\n"
            "On Debian or Ubuntu install the venv module first: sudo apt install python3-venv"
        )
    return _venv_python(folder)


def setup() -> int:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}. Set PYTHON=python3.11.")
    if STAMP.exists() and STAMP.read_text().strip() == _state() and _venv_python(VENV).exists():
        return 0
    print(f"Setting up {VENV} from {LOCK.name} (first run only; a few minutes)...", flush=True)
    py = _venv_python(VENV) if _venv_python(VENV).exists() else _create(VENV)
    _run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(LOCK)])
    _run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e", str(ROOT)])
    STAMP.write_text(_state())
    print("Environment ready.", flush=True)
    return 0


def lock() -> int:
    """Resolve pyproject.toml's dependencies afresh in a scratch environment and pin them all."""
    with tempfile.TemporaryDirectory() as tmp:
        py = _create(Path(tmp) / "venv")
        _run([str(py), "-m", "pip", "install", "--quiet", f"{ROOT}[dev]"])
        out = subprocess.run([str(py), "-m", "pip", "freeze", "--exclude-editable"], check=True,
                             capture_output=True, text=True).stdout
    pins = [line for line in out.splitlines() if line and not line.lower().startswith(("edi-analysis", "-e "))]
    header = [
        "# Exact versions of every package (direct and indirect) for Python 3.11, used by 'make reports' and 'make test'.",
        "# Regenerate after changing dependencies in pyproject.toml: make lock",
    ]
    LOCK.write_text("\n".join(header + pins) + "\n")
    print(f"Wrote {len(pins)} pins to {LOCK}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", action="store_true", help="rebuild requirements.lock instead")
    sys.exit(lock() if parser.parse_args().lock else setup())
