"""Benchmark: building every report with the pipeline vs the naive way and vs the floor, side by side.

``python -m edi_analysis bench`` (``make bench``) times, in one run, on the same machine and the same synthetic
trusts:

1. **naive**: the ``papermill`` and ``jupyter nbconvert --to html --no-input``
   command-line tools, one notebook after another (what a team does by hand);
2. **pipeline, cold**: ``python -m edi_analysis reports --force`` (parallel
   workers, warm kernels, each trust read once, in-process export);
3. **no-op re-run**: the same again with nothing changed (every report skipped);
4. **floor**: the same jobs as the pipeline, with the same results and views calls, figures included, run as
   plain Python in as many worker processes as the pipeline uses: no notebooks, no kernels, no HTML. Each trust is
   read once here too. The pipeline cannot be faster than this; the gap is the price of notebooks and HTML.

It prints the table and writes ``bench/results.json`` (``naive_s``, ``pipeline_s``, ``floor_s``, ``noop_s``,
``reports``, ``trusts``, ``cores``, ``workers`` and the ratios). With ``--repeat N`` the pipeline and the floor are
timed N times, alternately, and the medians kept: on a shared machine the ratio of the two is steadier than either.
Report outputs go to a temporary folder; ``reports/`` is not touched.
"""

from __future__ import annotations

import argparse
import ast
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import io as inputs
from ..io.trust_cache import CACHE_ENV
from ..io.write import write_atomic
from . import run as reports
from .executors import environment
from .jobs import Job
from .plan import ensure_synthetic, plan, plan_groups
from .worker_env import worker_env

__all__ = ["floor_build", "main", "naive_build", "pipeline_build", "ratio_table", "results_record", "run_plain"]


def _bin(name: str) -> str:
    # The console scripts installed beside this interpreter (the project's virtual environment).
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


def naive_build(params_dir: Path, notebooks_dir: Path, out: Path, only: list[str] | None = None) -> float:
    """Seconds to build every report with the papermill and nbconvert CLIs, one at a time."""
    start = time.perf_counter()
    for pfile in sorted(params_dir.glob("*.yaml")):
        params = inputs.load_params(pfile)
        for nb_name in params.notebooks:
            if only and nb_name not in only:
                continue
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


def pipeline_build(params_dir: Path, notebooks_dir: Path, out: Path, *, force: bool, jobs: int | None,
                   only: list[str] | None = None, counts: dict | None = None) -> float:
    """Seconds for the pipeline to build (or skip) every report; raises if any report failed.

    ``counts``, if given, receives the number of reports built and skipped.
    """
    start = time.perf_counter()
    outcomes = reports.build_all(params_dir, notebooks_dir, out, jobs_n=jobs, force=force, notebooks=only,
                                 echo=lambda *_: None, progress=False)
    seconds = time.perf_counter() - start
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise RuntimeError(f"{len(failed)} report(s) failed during the benchmark:\n{reports.summary(outcomes)}")
    if counts is not None:
        counts.update({s: sum(o.status == s for o in outcomes) for s in ("built", "skipped")})
    return seconds


def run_plain(job: Job) -> float:
    """Run a job's notebook code as plain Python (no kernel, no HTML); returns the seconds it took.

    Every code cell runs in order in one namespace, after the job's parameters (as Papermill injects them); a
    cell's last expression is shown the way Jupyter would ask for it (its HTML, else its text), so every table is
    formatted and every figure drawn. Nothing is written but what the notebook itself writes.
    """
    import matplotlib.pyplot as plt
    import nbformat

    start = time.perf_counter()
    nb = nbformat.read(str(job.notebook), as_version=4)
    namespace: dict = {"__name__": "__main__"}
    cwd = os.getcwd()
    os.chdir(job.notebook.parent)
    try:
        for cell in nb.cells:
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            tree = ast.parse(cell.source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, f"<{job.notebook.stem}>", "exec"), namespace)  # noqa: S102 - the floor runs the notebook code
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update(job.parameters)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), f"<{job.notebook.stem}>", "eval"), namespace)
                shown = getattr(value, "_repr_html_", None)
                shown() if callable(shown) else repr(value)
    finally:
        os.chdir(cwd)
        plt.close("all")
    return time.perf_counter() - start


def floor_build(params_dir: Path, notebooks_dir: Path, out: Path, *, jobs: int | None,
                only: list[str] | None = None) -> float:
    """Seconds for the floor: the pipeline's jobs as plain Python in the same number of worker processes.

    The same stages in the same order: each trust read once (the same cache), the benchmark data set, then every
    report's calls, trusts' and cross-trust ones.
    """
    workers = max(1, jobs or os.cpu_count() or 1)
    start = time.perf_counter()
    trust_jobs, failures, trust_params = plan(params_dir, notebooks_dir, out, notebooks=only)
    if failures:
        raise RuntimeError("the floor could not plan: " + "; ".join(f.message for f in failures))
    env = {CACHE_ENV: str((out / reports.CACHE_DIR).resolve())}
    all_jobs = list(trust_jobs)
    with environment(env):
        if only is None or "benchmarking" in only:
            code_hash = trust_jobs[0].code_hash if trust_jobs else ""
            in_dataset = reports.benchmark_stage(trust_params, out, workers=workers, mode=None, code_hash=code_hash,
                                                 force=True, echo=lambda *_: None)
            all_jobs += plan_groups(trust_params, in_dataset, notebooks_dir, out, force=True, sdc_mode=None,
                                    code_hash=code_hash)
    for j in all_jobs:  # notebooks that write files (submission CSVs) write them where the pipeline would
        if "output_dir" in j.parameters:
            Path(j.parameters["output_dir"]).mkdir(parents=True, exist_ok=True)
    # Fresh processes, like the pipeline's kernels: each worker pays its imports once, as a plain script would.
    spawn = multiprocessing.get_context("spawn")
    with (environment({**env, "MPLBACKEND": "Agg", **worker_env()}),  # off-screen and tuned, like the kernels
          ProcessPoolExecutor(max_workers=max(1, min(workers, len(all_jobs))), mp_context=spawn) as pool):
        list(pool.map(run_plain, reports.spread(all_jobs)))
    return time.perf_counter() - start


def ratio_table(baseline: float, rows: list[tuple[str, float]]) -> str:
    """Plain-text table of times and their ratio to the baseline (baseline time / this time = speed-up)."""
    name_w, secs_w, ratio_w = 34, 10, 20  # column widths
    lines = [f"{'run':<{name_w}}{'seconds':>{secs_w}}{'speed-up vs naive':>{ratio_w}}", "-" * (name_w + secs_w + ratio_w),
             f"{'naive (papermill + nbconvert CLI)':<{name_w}}{baseline:>{secs_w}.1f}{'1.00x':>{ratio_w}}"]
    for name, secs in rows:
        ratio = baseline / secs if secs > 0 else float("inf")
        lines.append(f"{name:<{name_w}}{secs:>{secs_w}.1f}{ratio:>{ratio_w - 1}.2f}x")
    return "\n".join(lines)


def results_record(*, naive: float, pipeline: float, floor: float, noop: float, reports_n: int, trusts: int,
                   cores: int, workers: int, pipeline_runs: list[float] | None = None,
                   floor_runs: list[float] | None = None) -> dict:
    """What ``bench/results.json`` holds: the four times, what was built, and the ratios the goals are set on."""
    return {
        "naive_s": round(naive, 3), "pipeline_s": round(pipeline, 3), "floor_s": round(floor, 3),
        "noop_s": round(noop, 3), "reports": reports_n, "trusts": trusts, "cores": cores, "workers": workers,
        "speedup_vs_naive": round(naive / pipeline, 3) if pipeline > 0 else None,
        "pipeline_over_floor": round(pipeline / floor, 3) if floor > 0 else None,
        "pipeline_runs_s": [round(x, 3) for x in pipeline_runs or [pipeline]],
        "floor_runs_s": [round(x, 3) for x in floor_runs or [floor]],
    }


def main(argv: list[str] | None = None) -> int:
    if "--scale" in (sys.argv[1:] if argv is None else argv):  # scale of one trust: its own module
        from .scale import main as scale_main
        return scale_main(argv)
    parser = argparse.ArgumentParser(prog="python -m edi_analysis bench", description=__doc__.splitlines()[0])
    parser.add_argument("--params", type=Path, default=Path("params"))
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--jobs", "-j", type=int, default=None, help="pipeline workers (default: number of cores)")
    parser.add_argument("--trust", action="append", dest="trusts", help="only these trusts (repeatable)")
    parser.add_argument("--only", action="append", dest="only", help="only this notebook (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="time the pipeline and the floor this many times")
    parser.add_argument("--out", type=Path, default=Path("bench"), help="where results.json is written")
    args = parser.parse_args(argv)
    params_dir = args.params
    workers = max(1, args.jobs or os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="edi-bench-") as tmp:
        tmp_path = Path(tmp)
        if args.trusts:
            params_dir = tmp_path / "params"
            params_dir.mkdir()
            for code in args.trusts:
                shutil.copy(args.params / f"{code}.yaml", params_dir / f"{code}.yaml")
        # Make sure synthetic data exists first, so no run pays for generating it.
        for p in sorted(params_dir.glob("*.yaml")):
            params = inputs.load_params(p)
            if params.synthetic:
                ensure_synthetic(params)
        n = len(list(params_dir.glob("*.yaml")))
        print(f"Benchmark: {n} trust(s) on {os.cpu_count()} core(s), {workers} worker(s); building every report "
              "four ways...", flush=True)
        naive_dir = tmp_path / "naive"
        naive_dir.mkdir()
        naive = naive_build(params_dir.resolve(), args.notebooks.resolve(), naive_dir, args.only)
        print(f"  naive done in {naive:.1f}s", flush=True)
        cold_runs, floor_runs, counts = [], [], {}
        for i in range(max(1, args.repeat)):
            out = tmp_path / f"pipeline{i}"
            cold_runs.append(pipeline_build(params_dir, args.notebooks, out, force=True, jobs=workers,
                                            only=args.only, counts=counts))
            print(f"  pipeline (cold) done in {cold_runs[-1]:.1f}s", flush=True)
            floor_runs.append(floor_build(params_dir, args.notebooks, tmp_path / f"floor{i}", jobs=workers,
                                          only=args.only))
            print(f"  floor (plain Python) done in {floor_runs[-1]:.1f}s", flush=True)
        built = counts.get("built", 0)
        noop = pipeline_build(params_dir, args.notebooks, out, force=False, jobs=workers, only=args.only)
        print(f"  no-op re-run done in {noop:.1f}s\n", flush=True)
    cold, floor = statistics.median(cold_runs), statistics.median(floor_runs)
    record = results_record(naive=naive, pipeline=cold, floor=floor, noop=noop, reports_n=built, trusts=n,
                            cores=os.cpu_count() or 1, workers=workers, pipeline_runs=cold_runs, floor_runs=floor_runs)
    print(ratio_table(naive, [(f"pipeline, cold ({workers} workers)", cold),
                              ("no-op re-run (nothing changed)", noop),
                              (f"floor (plain Python, {workers} workers)", floor)]))
    print(f"\npipeline / floor: {record['pipeline_over_floor']:.2f}x    ({built} reports, {n} trusts)")
    write_atomic(args.out / "results.json", json.dumps(record, indent=2) + "\n")
    print(f"Written: {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
