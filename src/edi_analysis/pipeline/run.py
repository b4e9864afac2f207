"""Build every report for every trust: notebook runs, HTML export, an index page.

``python -m edi_analysis reports`` (what ``make reports`` calls) runs each
notebook in ``notebooks/`` once per params file in ``params/``, in parallel
worker processes (each with one warm kernel; or on a Dask cluster with
``--executor dask``), and writes ``reports/<year>/<trust_code>/<notebook>.html``
plus ``reports/index.html``. Each trust's files are read once per build and
shared by its reports (``reports/.cache/``). A report whose inputs, notebook
and the package modules it imports are unchanged since it was last built is
skipped. One failing trust never stops the others; the run ends with a summary
and exits non-zero if any report failed. Files are written to a temporary name and renamed, so a
reader never sees half a report.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from .. import io as inputs
from .. import synthetic
from ..disclosure import Policy
from ..io.trust_cache import CACHE_ENV
from ..io.write import write_atomic, write_csv
from ..metrics import benchmark
from . import exports, kernels
from .board_pack import PackPrinter
from .cache import code_fingerprint, forget, hash_files, job_fingerprint
from .executors import EXECUTORS, environment, make_executor
from .index import write_index
from .jobs import BENCHMARK_DIR, BENCHMARK_NOTEBOOK, STAGING, Job, Outcome, dataset_path, report_title, stage_dir_of
from .plan import ensure_synthetic, plan, plan_groups
from .progress import Progress, job_line
from .quarto import RENDERERS, QuartoMissing, render_html, require_quarto
from .reader_text import staged_reports_problem
from .safety import BuildLocked, build_lock, limit_memory, memory_message

__all__ = ["run_job", "build_all", "spread", "prune_cache", "summary", "main"]

CACHE_DIR = ".cache/trusts"  # under the output folder: each trust's loaded inputs (see io.trust_cache)
CACHE_DAYS = 7.0


def run_job(job: Job) -> Outcome:
    """Run one notebook in this worker's warm kernel and write its HTML, unless it is up to date."""
    start = time.perf_counter()
    base = dict(name=job.name, out_file=job.out_file, trust_code=job.trust_code, trust_name=job.trust_name,
                year=job.year, notebook=job.notebook.stem)
    try:
        fingerprint = job_fingerprint(job)
        if (not job.force and job.out_file.exists() and job.stamp_file.exists()
                and job.stamp_file.read_text().strip() == fingerprint):
            return Outcome(status="skipped", seconds=time.perf_counter() - start, **base)
        job.stage_dir.mkdir(parents=True, exist_ok=True)
        # The warm kernel sees this job's cache folder (or none), whatever the previous job used.
        nb = kernels.execute_notebook(job.notebook, job.parameters, cwd=job.notebook.parent,
                                      env={CACHE_ENV: os.environ.get(CACHE_ENV, "")})
        title = f"{report_title(job.notebook.stem, job.year)} · {job.trust_name}"
        # Staged: the trust's whole set is audited before anything replaces the published files.
        write_atomic(job.staged_file, render_html(nb, title, job))
        write_atomic(job.staged_stamp, fingerprint)
        return Outcome(status="built", seconds=time.perf_counter() - start, **base)
    except Exception as exc:  # one failing report must not stop the others
        job.stamp_file.unlink(missing_ok=True)
        return Outcome(status="failed", seconds=time.perf_counter() - start, message=_explain(exc), **base)


def _explain(exc: BaseException) -> str:
    """The useful part of an error: for a notebook error, the exception raised in the cell."""
    if _out_of_memory(exc):
        return memory_message("the report")
    if isinstance(exc, kernels.CellError):
        return f"{exc.ename}: {exc.evalue}"
    if isinstance(exc, inputs.InputError):
        return f"InputError: {exc}"
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def _out_of_memory(exc: BaseException) -> bool:
    """True for the ways a notebook shows it ran out of memory: MemoryError in the cell or here, a thread that
    cannot start, or (under a memory ceiling) a library that cannot be mapped into memory, a kernel that died or a
    cell that failed without a message."""
    text = f"{getattr(exc, 'ename', '')} {getattr(exc, 'evalue', '')} {exc}"
    if isinstance(exc, MemoryError) or "MemoryError" in text or "can't start new thread" in text:
        return True
    message = getattr(exc, "evalue", None) if hasattr(exc, "ename") else str(exc)
    silent = type(exc).__name__ == "DeadKernelError" or not str(message or "").strip()
    # the loader's words when a shared library (pyarrow's parquet, say) finds no room left under the ceiling
    unmappable = "failed to map segment from shared object" in text
    return bool(os.environ.get("EDI_MAX_MEMORY_MB")) and (silent or unmappable)


def trust_headline(params: inputs.TrustParams, year: int, mode: str | None = None) -> pd.DataFrame:
    """One trust's rows of the benchmark data set: its reports' results, published by its own policy.

    The same ``compute`` calls the report notebooks make (same bootstrap settings and seed), so every figure in the
    data set is the figure the trust's report shows, hidden where the report hides it.
    """
    return exports.benchmark_rows(exports.published_results(params, year, mode, trends_too=False))


def _headline(args: tuple[inputs.TrustParams, int, str | None, Path]
              ) -> tuple[str, pd.DataFrame | None, str | None, pd.DataFrame | None]:
    """One trust's benchmark rows and tidy rows, its workbook written on the way (one computation for all three)."""
    params, year, mode, out_dir = args
    try:
        bench, long = exports.trust_exports(params, year, mode, out_dir)
        return params.trust_code, bench, None, long
    except Exception as exc:  # a trust with bad data is left out of the data set; its own reports say why
        return params.trust_code, None, _explain(exc), None


def benchmark_stage(trust_params: Sequence[inputs.TrustParams], out_dir: Path, *, workers: int, mode: str | None,
                    code_hash: str, force: bool, echo=print, executor=None) -> dict[int, set[str]]:
    """Make each report year's benchmark data set from every trust in the run (CSV and Parquet, atomically).

    Skipped when no trust's params, data or the code changed since it was made. Returns, for each year, the
    trusts the data set holds (a trust whose data cannot be read is left out).
    """
    import io

    made: dict[int, set[str]] = {}
    for year in sorted({p.report_year for p in trust_params}):
        plist = [p for p in trust_params if p.report_year == year]
        path = dataset_path(out_dir, year)
        stamp = path.with_name(".benchmark.fingerprint")
        h = hashlib.sha256(f"{code_hash}{mode or ''}".encode())
        for p in plist:
            h.update(p.source.read_bytes() if p.source else b"")
            folder = p.data_dir / str(year)
            h.update(hash_files([f for f in folder.iterdir() if f.is_file()], folder).encode() if folder.exists() else b"")
        fingerprint = h.hexdigest()
        if not force and path.exists() and stamp.exists() and stamp.read_text().strip() == fingerprint:
            codes = set(pd.read_csv(path, usecols=["trust_code"], dtype=str)["trust_code"])
            if exports.exports_present(out_dir, year, sorted(codes)):
                echo(f"Benchmark data set {year}: up to date")
                made[year] = codes
                continue
        echo(f"Benchmark data set {year}: {len(plist)} trust(s)...")
        results = _map_in_order(executor, workers, _headline, [(p, year, mode, out_dir) for p in plist])
        for code, _, err, _ in results:
            if err:
                echo(f"          {code} left out of the benchmark data set: {err.splitlines()[0]}")
        if path.exists() and any(err for _, _, err, _ in results):
            # A failed trust leaves its earlier output untouched: the data set keeps its last complete state
            # (and stays out of date, so the next run tries again) rather than silently losing the trust's rows.
            echo(f"Benchmark data set {year}: kept as it was until every trust in it can be read")
            made[year] = set(pd.read_csv(path, usecols=["trust_code"], dtype=str)["trust_code"])
            continue
        frames = [frame for _, frame, _, _ in results if frame is not None]
        exports.write_tidy(out_dir, year, [long for _, _, _, long in results if long is not None])
        data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=benchmark.COLUMNS)
        write_csv(path, data)
        numeric = data.copy()
        for col in ("value", "low", "high", "numerator", "denominator", "ref_numerator", "ref_denominator"):
            numeric[col] = pd.to_numeric(numeric[col], errors="coerce")
        buf = io.BytesIO()
        numeric.to_parquet(buf, index=False)
        write_atomic(path.with_suffix(".parquet"), buf.getvalue())
        write_atomic(stamp, fingerprint)
        made[year] = set(data["trust_code"].astype(str))
    return made


def _map_in_order(executor, workers: int, fn, items: list) -> list:
    """``fn`` over ``items`` in order: on the build's executor (a cluster too) when given, else a local pool."""
    if executor is not None:
        done = dict(executor.run(_indexed, [(i, fn, item) for i, item in enumerate(items)]))
        return [done[i] for i in range(len(items))]
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(items)))) as pool:
        return list(pool.map(fn, items))


def _indexed(task: tuple) -> tuple:
    i, fn, item = task
    return i, fn(item)


def build_all(params_dir: Path, notebooks_dir: Path, out_dir: Path, *, jobs_n: int | None = None,
              trusts: Sequence[str] | None = None, notebooks: Sequence[str] | None = None, force: bool = False,
              sdc_mode: str | None = None, renderer: str = "nbconvert", echo=print, executor: str = "local",
              scheduler: str | None = None, progress: bool | None = None) -> list[Outcome]:
    """Build every report; returns one outcome per report (and per unreadable params file).

    ``executor`` is ``local`` (worker processes on this machine) or ``dask`` (the cluster at ``scheduler``, or a
    local Dask cluster). ``progress``: a live bar with the time left (default: when printing to a terminal).
    ``renderer``: ``nbconvert`` (default) or ``quarto``.
    """
    forget()
    jobs, outcomes, trust_params = plan(params_dir, notebooks_dir, out_dir, trusts=trusts, notebooks=notebooks,
                                        force=force, sdc_mode=sdc_mode)
    policies = {p.trust_code: Policy.from_params(p, mode=sdc_mode) for p in trust_params}
    policies[BENCHMARK_DIR] = Policy.from_settings({}, mode=sdc_mode)
    workers = max(1, jobs_n or os.cpu_count() or 1)
    need_data = [p for p in trust_params if p.synthetic and not synthetic.is_present(p.data_dir.parent, p.trust_code)]
    if need_data:
        echo(f"Generating synthetic data for {len(need_data)} trust(s) (first run only)...")
        with ProcessPoolExecutor(max_workers=min(workers, len(need_data))) as pool:
            errors = dict(zip([p.trust_code for p in need_data], pool.map(ensure_synthetic, need_data)))
        bad = {code for code, err in errors.items() if err}
        for code in sorted(bad):
            outcomes.append(Outcome(name=code, status="failed", seconds=0.0, message=errors[code] or "", trust_code=code))
        jobs = [j for j in jobs if j.trust_code not in bad]
    # Each trust's inputs are read and validated once; every report of the trust (and its benchmark rows) reuse it.
    env = {CACHE_ENV: str((out_dir / CACHE_DIR).resolve())}
    pool = make_executor(executor, workers, env, scheduler)
    try:
        # The cross-trust stage needs every trust: a run limited to some trusts leaves it as it was.
        if not trusts and trust_params and (notebooks is None or BENCHMARK_NOTEBOOK in notebooks):
            code_hash = jobs[0].code_hash if jobs else code_fingerprint()
            with environment(env):
                in_dataset = benchmark_stage(trust_params, out_dir, workers=workers, mode=sdc_mode,
                                             code_hash=code_hash, force=force, echo=echo,
                                             executor=pool if executor != "local" else None)
            jobs += plan_groups(trust_params, in_dataset, notebooks_dir, out_dir, force=force, sdc_mode=sdc_mode,
                                code_hash=code_hash)
        jobs = spread([dataclasses.replace(j, renderer=renderer) for j in jobs])
        total = len(jobs)
        echo(f"Building {total} report(s) with {min(workers, max(total, 1))} worker(s)...")
        live = progress if progress is not None else (echo is print and sys.stdout.isatty())
        with Progress(total, echo=echo, live=live) as bar:
            for res in pool.run(run_job, jobs):
                bar.advance(res)
                outcomes.append(res)
        # the trusts' own words (names, systems, regions) reach the pages as data, escaped: not developer text
        words = {p.trust_code: {p.trust_name, p.system, p.region, p.trust_type} for p in trust_params}
        # packs are printed from the published reports only, each as soon as its folder is published
        packs = PackPrinter(echo)
        outcomes = publish_staged(out_dir, outcomes, policies, echo=echo, trust_words=words, executor=pool,
                                  published=packs.published)
    finally:
        pool.close()
    packs.finish(outcomes)
    write_index(out_dir, outcomes)
    prune_cache(out_dir / CACHE_DIR)
    return outcomes


#: The report notebooks that ship beside the package (a source checkout: src/edi_analysis -> notebooks/).
PROJECT_NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


def notebooks_folder(given: Path) -> Path:
    """The notebooks folder to build from: ``given``, or the project's own when the default ``notebooks`` is
    not in the current folder (a build of a national set started from elsewhere)."""
    if given == Path("notebooks") and not given.is_dir() and PROJECT_NOTEBOOKS.is_dir():
        return PROJECT_NOTEBOOKS
    return given


def spread(jobs: Sequence[Job]) -> list[Job]:
    """Order jobs so workers starting together take different trusts (each trust is loaded by one worker, while
    the others load other trusts, not wait for it); cross-trust reports last, as they come."""
    by_trust: dict[str, list[Job]] = {}
    for j in jobs:
        by_trust.setdefault(j.trust_code, []).append(j)
    queues = list(by_trust.values())
    out: list[Job] = []
    for i in range(max((len(q) for q in queues), default=0)):
        out += [q[i] for q in queues if i < len(q)]
    return out


def prune_cache(folder: Path, days: float = CACHE_DAYS) -> None:
    """Remove cached trust loads not used for ``days`` (a cached load is touched each time it is used)."""
    if not folder.exists():
        return
    cutoff = time.time() - days * 86400
    for f in folder.rglob("*"):
        if f.is_file() and f.stat().st_mtime < cutoff:
            f.unlink(missing_ok=True)


def publish_staged(out_dir: Path, outcomes: list[Outcome], policies: dict[str, Policy], *, echo=print,
                   trust_words: dict[str, set[str]] | None = None, executor=None,
                   published: Callable[[Path, list[Outcome]], object] | None = None) -> list[Outcome]:
    """Audit each folder's staged reports with the published ones they join; promote them only when clean.

    A folder whose build leaves any small count recoverable (``python -m edi_analysis audit``) keeps its earlier
    reports, and its built reports are marked failed with the auditor's findings. Internal builds are not audited:
    they are not for publication. ``executor`` (the build's workers) checks the folders side by side; the
    checks only read the staged files, and every folder is promoted here, one after another, as soon as its own
    check is back; ``published(folder, outcomes)`` is then called with it (the board packs start printing).
    Failures are reported in folder order.
    """
    staging = out_dir / STAGING
    folders = sorted({o.out_file.parent for o in outcomes if o.status == "built" and o.out_file is not None})
    final: list[Outcome] = list(outcomes)
    checks: list[_Check] = []
    for folder in folders:
        staged = stage_dir_of(folder)
        if not staged.exists():
            continue
        policy = policies.get(folder.name, Policy())
        # The audit sees the set as it will be published: staged files over the ones already there.
        if folder.exists():
            for old in folder.iterdir():
                if old.is_file() and not (staged / old.name).exists():
                    shutil.copy2(old, staged / old.name)
        mine = [o for o in outcomes if o.out_file is not None and o.out_file.parent == folder]
        # the trust's own name (params data, shown escaped) is the trust's text, not developer text
        checks.append(_Check(folder, staged, policy.internal, policy.min_count,
                             frozenset(o.out_file.name for o in mine if o.status == "built"),
                             frozenset({o.trust_name for o in mine if o.trust_name}
                                       | (trust_words or {}).get(folder.name, set()))))
    results = executor.run(_check_folder, checks) if executor is not None and len(checks) > 1 else map(
        _check_folder, checks)
    failed: dict[str, str] = {}
    for check, findings, text_problem in results:
        folder, staged = check.folder, check.staged
        if findings or text_problem:
            lines = [f.line() for f in findings]
            audit = (f"disclosure audit: {len(findings)} small count(s) could be worked out from the published "
                     "files; nothing was replaced:\n" + "\n".join(lines[:20])
                     + (f"\n... and {len(lines) - 20} more" if len(lines) > 20 else "")) if findings else None
            message = "\n".join(m for m in (text_problem, audit) if m)
            why = "reader text check failed" if text_problem else f"audit failed ({len(findings)} finding(s))"
            failed[str(folder)] = f"          {folder.name}: {why}; earlier reports kept"
            final = [dataclasses.replace(o, status="failed", message=message)
                     if o.status == "built" and o.out_file is not None and o.out_file.parent == folder else o
                     for o in final]
        else:
            folder.mkdir(parents=True, exist_ok=True)
            for new in staged.iterdir():
                if new.is_file() and not new.name.endswith(".fingerprint") and not new.name.endswith(".log"):
                    os.replace(new, folder / new.name)
            # Stamps last: a report counts as up to date only once it is in place.
            for new in staged.iterdir():
                if new.is_file():
                    os.replace(new, folder / new.name)
            if published is not None:
                published(folder, final)
        shutil.rmtree(staged, ignore_errors=True)
    for key in sorted(failed):
        echo(failed[key])
    if staging.exists() and not any(p.is_file() for p in staging.rglob("*")):
        shutil.rmtree(staging, ignore_errors=True)
    return final


@dataclasses.dataclass(frozen=True)
class _Check:
    """What one folder's pre-publication check needs (sent to a worker)."""

    folder: Path
    staged: Path
    internal: bool
    min_count: int
    built: frozenset[str]
    allowed: frozenset[str]


def _check_folder(check: _Check) -> tuple[_Check, list, str | None]:
    """The disclosure audit's findings and the reader text problem of one staged folder (reads files only)."""
    from ..disclosure.audit import audit_trust

    findings = [] if check.internal else audit_trust(check.staged, min_count=check.min_count)
    # Reader text gate: no developer words (paths, params keys, flags, nan) reach a board.
    return check, findings, staged_reports_problem(check.staged, set(check.built), allowed=set(check.allowed))


_progress = job_line  # the one-line-per-job form, kept under its old name


def summary(outcomes: Sequence[Outcome]) -> str:
    """A closing summary: counts by status, then every failure in full."""
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "skipped", "failed")}
    lines = [f"Summary: {counts['built']} built, {counts['skipped']} up to date, {counts['failed']} failed."]
    for o in outcomes:
        if o.status == "failed":
            lines.append(f"FAILED {o.name}:\n  " + o.message.replace("\n", "\n  "))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edi_analysis reports",
                                     description="Build every notebook report for every trust.")
    parser.add_argument("--params", type=Path, default=Path("params"), help="folder of trust params files")
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="folder of report notebooks")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="where to write the HTML")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: number of cores)")
    parser.add_argument("--trust", action="append", dest="trusts", help="only this trust (repeatable)")
    parser.add_argument("--only", action="append", dest="only", help="only this notebook (repeatable)")
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    parser.add_argument("--sdc-mode", choices=["publish", "internal"], default=None,
                        help="override every trust's disclosure mode")
    parser.add_argument("--renderer", choices=RENDERERS, default="nbconvert",
                        help="HTML from the executed notebooks by nbconvert (default) or by 'quarto render' "
                             "(needs the quarto program on PATH)")
    parser.add_argument("--max-memory-mb", type=int, default=None,
                        help="memory ceiling per process in MB (default: EDI_MAX_MEMORY_MB, else none)")
    parser.add_argument("--executor", choices=EXECUTORS, default="local",
                        help="where the reports are built: this machine's worker processes (default) or a Dask cluster")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="with --executor dask: the Dask scheduler (e.g. tcp://10.0.0.5:8786); none: a local cluster")
    args = parser.parse_args(argv)
    if args.scheduler and args.executor != "dask":
        parser.error("--scheduler needs --executor dask")
    args.notebooks = notebooks_folder(args.notebooks)
    if not args.notebooks.is_dir():  # before any work: every report would fail for want of its notebook
        print(f"No notebooks folder at {args.notebooks.resolve()}: run this from the project folder, or give "
              "--notebooks with the folder of report notebooks.", file=sys.stderr)
        return 2
    if args.renderer == "quarto":
        try:
            require_quarto()  # before anything runs: a missing program must not cost a whole build
        except QuartoMissing as exc:
            print(exc, file=sys.stderr)
            return 2
    start = time.perf_counter()
    try:
        limit_memory(args.max_memory_mb)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        # one build per output folder at a time: a second would interleave its files with ours
        with build_lock(args.out):
            # whatever a killed build left staged is not this build's work: it must never be promoted
            shutil.rmtree(args.out / STAGING, ignore_errors=True)
            outcomes = build_all(args.params, args.notebooks, args.out, jobs_n=args.jobs, trusts=args.trusts,
                                 notebooks=args.only, force=args.force, sdc_mode=args.sdc_mode,
                                 renderer=args.renderer, executor=args.executor, scheduler=args.scheduler)
    except BuildLocked as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except MemoryError:
        print(memory_message("the build"), file=sys.stderr)
        return 1
    print(summary(outcomes))
    print(f"Index: {(args.out / 'index.html').resolve()}  ({time.perf_counter() - start:.1f}s)")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
