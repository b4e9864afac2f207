"""When a report is up to date: fingerprints of everything it depends on."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .jobs import PACKAGE_DIR, Job


def hash_files(paths: Iterable[Path], root: Path | None = None) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(root) if root else p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def code_fingerprint() -> str:
    """Hash of the package's code and templates: a change rebuilds every report."""
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".json", ".yaml"}]
    return hash_files(files, PACKAGE_DIR)


def job_fingerprint(job: Job) -> str:
    """Hash of everything a report depends on: notebook, params, data, code and parameters."""
    data_files = []
    for year_dir in job.data_dir.iterdir() if job.data_dir.exists() else []:
        if year_dir.is_dir() and year_dir.name.isdigit() and int(year_dir.name) <= job.year:
            data_files += [p for p in year_dir.iterdir() if p.is_file()]
    # Published national files (benchmarks) count too: a new year's returns must rebuild the reports.
    reference = job.reference_data
    ref_files = [p for p in reference.rglob("*") if p.is_file()] if reference is not None and reference.exists() else []
    extra = [p for p in job.extra_inputs if p.exists()]
    h = hashlib.sha256()
    for part in (job.notebook.read_bytes(), job.params_file.read_bytes() if job.params_file else b"",
                 job.code_hash.encode(), json.dumps(job.parameters, sort_keys=True).encode(),
                 hash_files(data_files, job.data_dir).encode(),
                 hash_files(ref_files, reference).encode() if ref_files else b"",
                 hash_files(extra).encode() if extra else b"",
                 # another renderer makes another file (the default adds nothing: earlier stamps stay valid)
                 *((job.renderer.encode(),) if job.renderer != "nbconvert" else ())):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


