"""Benchmark: building every report with the pipeline vs the naive way, side by side.

``python -m edi_analysis bench`` (``make bench``) times, on the same machine
and the same synthetic trusts:

1. **naive**: the ``papermill`` and ``jupyter nbconvert --to html --no-input``
   command-line tools, one notebook after another (what a team does by hand);
2. **pipeline, cold**: ``python -m edi_analysis reports --force`` (parallel
   workers, in-process export);
3. **pipeline, warm**: the same again with nothing changed (every report skipped).

It prints each time and its ratio to the naive baseline. Outputs go to a
temporary folder; ``reports/`` is not touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import io as inputs
from . import run as reports
from .plan import ensure_synthetic

__all__ = ["naive_build", "pipeline_build", "ratio_table", "main"]


def _bin(name: str) -> str:
    # The console scripts installed beside this interpreter (the project's virtual environment).
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


def naive_build(params_dir: Path, notebooks_dir: Path, out: Path) -> float:
    """Seconds to build every report with the papermill and nbconvert CLIs, one at a time."""
    start = time.perf_counter()
    for pfile in sorted(params_dir.glob("*.yaml")):
        params = inputs.load_params(pfile)
        for nb_name in params.notebooks:
            executed = out / f"{params.trust_code}_{nb_name}.ipynb"
            subprocess.run(
                [_bin("papermill"), str(notebooks_dir / f"{nb_name}.ipynb"), str(executed),
                 "-p", "trust_code", params.trust_code, "-p", "year", str(params.report_year),
                 "-p", "params_dir", str(params_dir.resolve()), "--cwd", str(notebooks_dir),
                 "--no-progress-bar", "--log-level", "ERROR"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            subprocess.run(
                [_bin("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
    return time.perf_counter() - start


def pipeline_build(params_dir: Path, notebooks_dir: Path, out: Path, *, force: bool, jobs: int | None) -> float:
    """Seconds for the pipeline to build (or skip) every report; raises if any report failed."""
    start = time.perf_counter()
    outcomes = reports.build_all(params_dir, notebooks_dir, out, jobs_n=jobs, force=force, echo=lambda *_: None)
    seconds = time.perf_counter() - start
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise RuntimeError(f"{len(failed)} report(s) failed during the benchmark:\n{reports.summary(outcomes)}")
    return seconds


def ratio_table(baseline: float, rows: list[tuple[str, float]]) -> str:
    """Plain-text table of times and their ratio to the baseline (baseline time / this time = speed-up)."""
    name_w, secs_w, ratio_w = 34, 10, 20  # column widths
    lines = [f"{'run':<{name_w}}{'seconds':>{secs_w}}{'speed-up vs naive':>{ratio_w}}", "-" * (name_w + secs_w + ratio_w),
             f"{'naive (papermill + nbconvert CLI)':<{name_w}}{baseline:>{secs_w}.1f}{'1.00x':>{ratio_w}}"]
    for name, secs in rows:
        ratio = baseline / secs if secs > 0 else float("inf")
        lines.append(f"{name:<{name_w}}{secs:>{secs_w}.1f}{ratio:>{ratio_w - 1}.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    if "--scale" in (sys.argv[1:] if argv is None else argv):  # scale of one trust: its own module
        from .scale import main as scale_main
        return scale_main(argv)
    parser = argparse.ArgumentParser(prog="python -m edi_analysis bench", description=__doc__.splitlines()[0])
    parser.add_argument("--params", type=Path, default=Path("params"))
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--jobs", "-j", type=int, default=None, help="pipeline workers (default: number of cores)")
    parser.add_argument("--trust", action="append", dest="trusts", help="only these trusts (repeatable)")
    args = parser.parse_args(argv)
    params_dir = args.params
    with tempfile.TemporaryDirectory(prefix="edi-bench-") as tmp:
        tmp_path = Path(tmp)
        if args.trusts:
            params_dir = tmp_path / "params"
            params_dir.mkdir()
            for code in args.trusts:
                shutil.copy(args.params / f"{code}.yaml", params_dir / f"{code}.yaml")
        # Make sure synthetic data exists first, so neither run pays for generating it.
        for p in sorted(params_dir.glob("*.yaml")):
            params = inputs.load_params(p)
            if params.synthetic:
                ensure_synthetic(params)
        n = len(list(params_dir.glob("*.yaml")))
        print(f"Benchmark: {n} trust(s) on {os.cpu_count()} core(s); building every report three ways...", flush=True)
        naive_dir = tmp_path / "naive"
        naive_dir.mkdir()
        naive = naive_build(params_dir.resolve(), args.notebooks.resolve(), naive_dir)
        print(f"  naive done in {naive:.1f}s", flush=True)
        out = tmp_path / "pipeline"
        cold = pipeline_build(params_dir, args.notebooks, out, force=True, jobs=args.jobs)
        print(f"  pipeline (cold) done in {cold:.1f}s", flush=True)
        warm = pipeline_build(params_dir, args.notebooks, out, force=False, jobs=args.jobs)
        print(f"  pipeline (warm) done in {warm:.1f}s\n", flush=True)
    print(ratio_table(naive, [(f"pipeline, cold ({args.jobs or os.cpu_count()} workers)", cold),
                              ("pipeline, warm (nothing changed)", warm)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
