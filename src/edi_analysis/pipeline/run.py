"""Build every report for every trust: Papermill runs, HTML export, an index page.

``python -m edi_analysis reports`` (what ``make reports`` calls) runs each
notebook in ``notebooks/`` once per params file in ``params/``, in parallel
worker processes, and writes ``reports/<year>/<trust_code>/<notebook>.html``
plus ``reports/index.html``. A report whose inputs, notebook and package code
are unchanged since it was last built is skipped. One failing trust never
stops the others; the run ends with a summary and exits non-zero if any
report failed. Files are written to a temporary name and renamed, so a
reader never sees half a report.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import os
import shutil
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd

from .. import io as inputs
from .. import synthetic
from ..disclosure import Policy
from ..io.write import write_atomic, write_csv
from ..metrics import benchmark
from . import exports
from .cache import code_fingerprint, hash_files, job_fingerprint
from .index import write_index
from .jobs import BENCHMARK_DIR, BENCHMARK_NOTEBOOK, STAGING, Job, Outcome, dataset_path, report_title, stage_dir_of
from .plan import ensure_synthetic, plan, plan_groups
from .quarto import RENDERERS, QuartoMissing, render_html, require_quarto

__all__ = ["run_job", "build_all", "summary", "main"]


@contextlib.contextmanager
def _kernel_log(path: Path) -> Iterator[None]:
    """Send the kernel's own start-up and shutdown chatter (file descriptor 2) to a log file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def run_job(job: Job) -> Outcome:
    """Run one notebook with Papermill and write its HTML, unless it is up to date."""
    start = time.perf_counter()
    base = dict(name=job.name, out_file=job.out_file, trust_code=job.trust_code, trust_name=job.trust_name,
                year=job.year, notebook=job.notebook.stem)
    try:
        fingerprint = job_fingerprint(job)
        if (not job.force and job.out_file.exists() and job.stamp_file.exists()
                and job.stamp_file.read_text().strip() == fingerprint):
            return Outcome(status="skipped", seconds=time.perf_counter() - start, **base)
        import papermill

        # The kernel must be this interpreter, whatever kernelspecs the machine has elsewhere.
        os.environ["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
        # Batch runs draw off-screen; set here, not at import, so a researcher's plt.show() works in JupyterLab.
        os.environ.setdefault("MPLBACKEND", "Agg")
        job.stage_dir.mkdir(parents=True, exist_ok=True)
        with _kernel_log(job.stage_dir / f".{job.notebook.stem}.log"):
            nb = papermill.execute_notebook(
                str(job.notebook), None, parameters=job.parameters, cwd=str(job.notebook.parent),
                kernel_name="python3", progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            )
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
    try:
        from papermill.exceptions import PapermillExecutionError
    except ImportError:  # pragma: no cover
        PapermillExecutionError = ()  # type: ignore[assignment]
    if isinstance(exc, PapermillExecutionError):
        return f"{exc.ename}: {exc.evalue}"
    if isinstance(exc, inputs.InputError):
        return f"InputError: {exc}"
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def trust_headline(params: inputs.TrustParams, year: int, mode: str | None = None) -> pd.DataFrame:
    """One trust's rows of the benchmark data set: its reports' results, published by its own policy.

    The same ``compute`` calls the report notebooks make (same bootstrap settings and seed), so every figure in the
    data set is the figure the trust's report shows, hidden where the report hides it.
    """
    from ..views import headline

    return headline.rows(exports.published_results(params, year, mode, trends_too=False))


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
                    code_hash: str, force: bool, echo=print) -> dict[int, set[str]]:
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
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(plist)))) as pool:
            results = list(pool.map(_headline, [(p, year, mode, out_dir) for p in plist]))
        for code, _, err, _ in results:
            if err:
                echo(f"          {code} left out of the benchmark data set: {err.splitlines()[0]}")
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


def build_all(params_dir: Path, notebooks_dir: Path, out_dir: Path, *, jobs_n: int | None = None,
              trusts: Sequence[str] | None = None, notebooks: Sequence[str] | None = None, force: bool = False,
              sdc_mode: str | None = None, renderer: str = "nbconvert", echo=print) -> list[Outcome]:
    """Build every report; returns one outcome per report (and per unreadable params file)."""
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
    # The cross-trust stage needs every trust: a run limited to some trusts leaves it as it was.
    if not trusts and trust_params and (notebooks is None or BENCHMARK_NOTEBOOK in notebooks):
        code_hash = jobs[0].code_hash if jobs else code_fingerprint()
        in_dataset = benchmark_stage(trust_params, out_dir, workers=workers, mode=sdc_mode,
                                     code_hash=code_hash, force=force, echo=echo)
        jobs += plan_groups(trust_params, in_dataset, notebooks_dir, out_dir, force=force, sdc_mode=sdc_mode,
                            code_hash=code_hash)
    jobs = [dataclasses.replace(j, renderer=renderer) for j in jobs]
    total = len(jobs)
    echo(f"Building {total} report(s) with {min(workers, max(total, 1))} worker(s)...")
    done = 0
    if workers == 1 or total <= 1:
        results = (run_job(j) for j in jobs)
        for res in results:
            done += 1
            echo(_progress(done, total, res))
            outcomes.append(res)
    else:
        with ProcessPoolExecutor(max_workers=min(workers, total)) as pool:
            futures = [pool.submit(run_job, j) for j in jobs]
            for fut in as_completed(futures):
                res = fut.result()
                done += 1
                echo(_progress(done, total, res))
                outcomes.append(res)
    outcomes = publish_staged(out_dir, outcomes, policies, echo=echo)
    write_index(out_dir, outcomes)
    return outcomes


def publish_staged(out_dir: Path, outcomes: list[Outcome], policies: dict[str, Policy], *, echo=print) -> list[Outcome]:
    """Audit each folder's staged reports with the published ones they join; promote them only when clean.

    A folder whose build leaves any small count recoverable (``python -m edi_analysis audit``) keeps its earlier
    reports, and its built reports are marked failed with the auditor's findings. Internal builds are not audited:
    they are not for publication.
    """
    from ..disclosure.audit import audit_trust

    staging = out_dir / STAGING
    folders = sorted({o.out_file.parent for o in outcomes if o.status == "built" and o.out_file is not None})
    final: list[Outcome] = list(outcomes)
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
        findings = [] if policy.internal else audit_trust(staged, min_count=policy.min_count)
        if findings:
            lines = [f.line() for f in findings]
            message = (f"disclosure audit: {len(findings)} small count(s) could be worked out from the published "
                       "files; nothing was replaced:\n" + "\n".join(lines[:20])
                       + (f"\n... and {len(lines) - 20} more" if len(lines) > 20 else ""))
            echo(f"          {folder.name}: audit failed ({len(findings)} finding(s)); earlier reports kept")
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
        shutil.rmtree(staged, ignore_errors=True)
    if staging.exists() and not any(p.is_file() for p in staging.rglob("*")):
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _progress(done: int, total: int, res: Outcome) -> str:
    line = f"[{done}/{total}] {res.status:<7} {res.name} ({res.seconds:.1f}s)"
    if res.status == "failed":
        first = res.message.splitlines()[0] if res.message else ""
        line += f"\n          {first}"
    return line


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
    args = parser.parse_args(argv)
    if args.renderer == "quarto":
        try:
            require_quarto()  # before anything runs: a missing program must not cost a whole build
        except QuartoMissing as exc:
            print(exc, file=sys.stderr)
            return 2
    start = time.perf_counter()
    outcomes = build_all(args.params, args.notebooks, args.out, jobs_n=args.jobs, trusts=args.trusts,
                         notebooks=args.only, force=args.force, sdc_mode=args.sdc_mode, renderer=args.renderer)
    print(summary(outcomes))
    print(f"Index: {(args.out / 'index.html').resolve()}  ({time.perf_counter() - start:.1f}s)")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
