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
import hashlib
import html
import json
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import io as inputs
from ..io.write import write_atomic
from .. import synthetic
from ..metrics import benchmark

__all__ = ["Job", "Outcome", "plan", "run_job", "build_all", "write_index", "export_html", "main"]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = PACKAGE_DIR / "templates"
NOTEBOOK_TITLES = {
    "pay_gaps": "Pay gap",
    "trends": "Quarterly equality trends",
    "wres": "Workforce Race Equality Standard",
    "wdes": "Workforce Disability Equality Standard",
    "bullying_harassment": "Bullying, harassment, discrimination and violence",
    "benchmarking": "Benchmarking",
}


@dataclass(frozen=True)
class Job:
    """One report: a notebook run for one trust and year."""

    trust_code: str
    trust_name: str
    year: int
    notebook: Path
    params_file: Path | None
    out_file: Path
    data_dir: Path
    code_hash: str
    parameters: dict = field(default_factory=dict)
    force: bool = False
    reference_data: Path | None = None
    extra_inputs: tuple[Path, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.trust_code} {self.notebook.stem} {self.year}"

    @property
    def stamp_file(self) -> Path:
        return self.out_file.with_name(f".{self.out_file.name}.fingerprint")


@dataclass(frozen=True)
class Outcome:
    """What happened to one job (or to a params file that could not be read)."""

    name: str
    status: str  # "built", "skipped" or "failed"
    seconds: float
    message: str = ""
    out_file: Path | None = None
    trust_code: str = ""
    trust_name: str = ""
    year: int | None = None
    notebook: str = ""


def _hash_files(paths: Iterable[Path], root: Path | None = None) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(root) if root else p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def code_fingerprint() -> str:
    """Hash of the package's code and templates: a change rebuilds every report."""
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".json", ".yaml"}]
    return _hash_files(files, PACKAGE_DIR)


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
                 _hash_files(data_files, job.data_dir).encode(),
                 _hash_files(ref_files, reference).encode() if ref_files else b"",
                 _hash_files(extra).encode() if extra else b""):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def export_html(nb: object, title: str) -> str:
    """Export an executed notebook to self-contained HTML with all code hidden."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="edi_report",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    nb.metadata["title"] = title  # type: ignore[attr-defined]
    # Warnings and logs are for the analyst's console, not the board's report.
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = exporter.from_notebook_node(nb)
    return body


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
        with _kernel_log(job.out_file.parent / f".{job.notebook.stem}.log"):
            nb = papermill.execute_notebook(
                str(job.notebook), None, parameters=job.parameters, cwd=str(job.notebook.parent),
                kernel_name="python3", progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            )
        title = f"{NOTEBOOK_TITLES.get(job.notebook.stem, job.notebook.stem)} report {job.year}: {job.trust_name}"
        write_atomic(job.out_file, export_html(nb, title))
        write_atomic(job.stamp_file, fingerprint)
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


def plan(params_dir: Path, notebooks_dir: Path, out_dir: Path, *, trusts: Sequence[str] | None = None,
         notebooks: Sequence[str] | None = None, force: bool = False, sdc_mode: str | None = None,
         ) -> tuple[list[Job], list[Outcome], list[inputs.TrustParams]]:
    """Read every params file and list the reports to build; unreadable params become failures."""
    jobs: list[Job] = []
    failures: list[Outcome] = []
    trust_params: list[inputs.TrustParams] = []
    code_hash = code_fingerprint()
    files = sorted(params_dir.glob("*.yaml"))
    if not files:
        failures.append(Outcome(name=str(params_dir), status="failed", seconds=0.0,
                                message=f"no params files (*.yaml) in {params_dir}"))
    for pfile in files:
        if trusts and pfile.stem not in trusts:
            continue
        try:
            params = inputs.load_params(pfile)
        except inputs.InputError as exc:
            failures.append(Outcome(name=pfile.stem, status="failed", seconds=0.0, message=f"InputError: {exc}",
                                    trust_code=pfile.stem))
            continue
        trust_params.append(params)
        for nb_name in params.notebooks:
            if notebooks and nb_name not in notebooks:
                continue
            nb_path = notebooks_dir / f"{nb_name}.ipynb"
            if not nb_path.exists():
                failures.append(Outcome(name=f"{params.trust_code} {nb_name}", status="failed", seconds=0.0,
                                        message=f"notebook {nb_path} not found; check 'notebooks' in {pfile.name}",
                                        trust_code=params.trust_code, trust_name=params.trust_name))
                continue
            out_file = (out_dir / str(params.report_year) / params.trust_code / f"{nb_name}.html").resolve()
            parameters = {"trust_code": params.trust_code, "year": params.report_year,
                          "params_dir": str(params_dir.resolve()), "data_dir": "", "sdc_mode": sdc_mode or ""}
            if _has_parameter(nb_path, "output_dir"):
                parameters["output_dir"] = str(out_file.parent)
            extra: tuple[Path, ...] = ()
            if _has_parameter(nb_path, "benchmark_file"):
                parameters["benchmark_file"] = str(dataset_path(out_dir, params.report_year))
                extra = (dataset_path(out_dir, params.report_year),)
            jobs.append(Job(
                trust_code=params.trust_code, trust_name=params.trust_name, year=params.report_year,
                notebook=nb_path.resolve(), params_file=pfile.resolve(),
                out_file=out_file,
                data_dir=params.data_dir, code_hash=code_hash, parameters=parameters, force=force,
                reference_data=params.reference_data, extra_inputs=extra,
            ))
    return jobs, failures, trust_params


def _has_parameter(notebook: Path, name: str) -> bool:
    """True when the notebook's parameters cell assigns ``name`` (papermill would otherwise add it unused)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return any(line.split("=")[0].strip() == name for line in "".join(cell["source"]).splitlines())
    return False


def ensure_synthetic(params: inputs.TrustParams) -> str | None:
    """Generate a synthetic trust's data on first use; returns an error message or None."""
    profile = next((p for p in synthetic.PROFILES if p.code == params.trust_code), None)
    if profile is None:
        return f"{params.trust_code} is marked synthetic but has no synthetic profile; set 'synthetic: false'"
    root = params.data_dir.parent
    if not synthetic.is_present(root, profile.code):
        synthetic.write_trust(profile, root)
    return None


BENCHMARK_NOTEBOOK = "benchmarking"
BENCHMARK_DIR = "benchmarking"


def dataset_path(out_dir: Path, year: int) -> Path:
    """Where a run's benchmark data set lives (with a .parquet twin)."""
    return (out_dir / str(year) / "benchmark.csv").resolve()


def _metrics(args: tuple[inputs.TrustParams, int]) -> tuple[str, object, str | None]:
    params, year = args
    try:
        return params.trust_code, benchmark.trust_metrics(params, year), None
    except Exception as exc:  # a trust with bad data is left out of the data set; its own reports say why
        return params.trust_code, None, _explain(exc)


def benchmark_stage(trust_params: Sequence[inputs.TrustParams], out_dir: Path, *, workers: int, mode: str,
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
        h = hashlib.sha256(f"{code_hash}{mode}".encode())
        for p in plist:
            h.update(p.source.read_bytes() if p.source else b"")
            folder = p.data_dir / str(year)
            h.update(_hash_files([f for f in folder.iterdir() if f.is_file()], folder).encode() if folder.exists() else b"")
        fingerprint = h.hexdigest()
        if not force and path.exists() and stamp.exists() and stamp.read_text().strip() == fingerprint:
            echo(f"Benchmark data set {year}: up to date")
            made[year] = set(pd.read_csv(path, usecols=["trust_code"])["trust_code"].astype(str))
            continue
        echo(f"Benchmark data set {year}: {len(plist)} trust(s)...")
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(plist)))) as pool:
            results = list(pool.map(_metrics, [(p, year) for p in plist]))
        for code, _, err in results:
            if err:
                echo(f"          {code} left out of the benchmark data set: {err.splitlines()[0]}")
        min_count = min(int(p.sdc_setting("min_count", 5)) for p in plist)
        data = benchmark.finalize([frame for _, frame, _ in results if frame is not None], mode=mode,
                                  min_count=min_count)
        write_atomic(path, data.to_csv(index=False))
        numeric = data.copy()
        for col in ("value", "low", "high", "numerator", "denominator", "ref_numerator", "ref_denominator"):
            numeric[col] = pd.to_numeric(numeric[col], errors="coerce")
        buf = io.BytesIO()
        numeric.to_parquet(buf, index=False)
        write_atomic(path.with_suffix(".parquet"), buf.getvalue())
        write_atomic(stamp, fingerprint)
        made[year] = set(data["trust_code"].astype(str))
    return made


def plan_groups(trust_params: Sequence[inputs.TrustParams], in_dataset: dict[int, set[str]], notebooks_dir: Path,
                out_dir: Path, *, force: bool, sdc_mode: str | None, code_hash: str) -> list[Job]:
    """Cross-trust benchmarking reports: one for every system with two or more trusts, and one for all trusts.

    Only trusts in the year's benchmark data set count.
    """
    nb_path = notebooks_dir / f"{BENCHMARK_NOTEBOOK}.ipynb"
    jobs: list[Job] = []
    if not nb_path.exists():
        return jobs
    for year in sorted({p.report_year for p in trust_params}):
        plist = [p for p in trust_params if p.report_year == year and p.trust_code in in_dataset.get(year, set())]
        systems = pd.Series([p.system for p in plist]).value_counts()
        groups = ["all"] + sorted(s for s, n in systems.items() if n >= 2) if len(plist) >= 2 else []
        for group in groups:
            slug = "all-trusts" if group == "all" else re.sub(r"[^a-z0-9]+", "-", group.lower()).strip("-")
            data = dataset_path(out_dir, year)
            jobs.append(Job(
                trust_code=f"benchmarking/{slug}", trust_name="All trusts" if group == "all" else group, year=year,
                notebook=nb_path.resolve(), params_file=None,
                out_file=(out_dir / str(year) / "benchmarking" / f"{slug}.html").resolve(),
                data_dir=out_dir / str(year) / "benchmarking", code_hash=code_hash,
                parameters={"group": group, "year": year, "benchmark_file": str(data), "sdc_mode": sdc_mode or ""},
                force=force, extra_inputs=(data,)))
    return jobs


def build_all(params_dir: Path, notebooks_dir: Path, out_dir: Path, *, jobs_n: int | None = None,
              trusts: Sequence[str] | None = None, notebooks: Sequence[str] | None = None, force: bool = False,
              sdc_mode: str | None = None, echo=print) -> list[Outcome]:
    """Build every report; returns one outcome per report (and per unreadable params file)."""
    jobs, outcomes, trust_params = plan(params_dir, notebooks_dir, out_dir, trusts=trusts, notebooks=notebooks,
                                        force=force, sdc_mode=sdc_mode)
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
        in_dataset = benchmark_stage(trust_params, out_dir, workers=workers, mode=sdc_mode or "publish",
                                     code_hash=code_hash, force=force, echo=echo)
        jobs += plan_groups(trust_params, in_dataset, notebooks_dir, out_dir, force=force, sdc_mode=sdc_mode,
                            code_hash=code_hash)
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
    write_index(out_dir, outcomes)
    return outcomes


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


def write_index(out_dir: Path, outcomes: Sequence[Outcome]) -> Path:
    """Write ``reports/index.html``: every report on disk, by year and trust, plus this run's failures."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {o.trust_code: o.trust_name for o in outcomes if o.trust_name}
    failed = {(o.trust_code, o.year, o.notebook): o for o in outcomes if o.status == "failed"}
    found: dict[int, dict[str, list[Path]]] = {}
    group_reports: dict[int, list[Path]] = {}
    for path in sorted(out_dir.glob("*/*/*.html")):
        year_dir, trust_dir = path.parent.parent.name, path.parent.name
        if not year_dir.isdigit():
            continue
        if trust_dir == BENCHMARK_DIR:
            group_reports.setdefault(int(year_dir), []).append(path)
        else:
            found.setdefault(int(year_dir), {}).setdefault(trust_dir, []).append(path)
    group_names = {o.out_file.stem: o.trust_name for o in outcomes if o.out_file and o.out_file.parent.name == BENCHMARK_DIR}
    parts = []
    for year in sorted(set(found) | set(group_reports), reverse=True):
        rows = []
        for code in sorted(found.get(year, {})):
            links = " · ".join(
                f'<a href="{html.escape(p.relative_to(out_dir).as_posix())}">'
                f"{html.escape(NOTEBOOK_TITLES.get(p.stem, p.stem))}</a>"
                + (" <strong>(stale: last build failed)</strong>" if (code, year, p.stem) in failed else "")
                for p in found[year][code]
            )
            rows.append(f"<tr><th scope=\"row\">{html.escape(code)}</th><td>{html.escape(names.get(code, ''))}</td>"
                        f"<td>{links}</td></tr>")
        parts.append(f"<h2>Snapshot {year}</h2><table><caption>Reports for snapshot year {year}</caption>"
                     "<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Trust</th><th scope=\"col\">Reports</th>"
                     f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")
        if year in group_reports:
            links = "".join(f'<li><a href="{html.escape(p.relative_to(out_dir).as_posix())}">'
                            f"{html.escape(group_names.get(p.stem, p.stem.replace('-', ' ').capitalize()))}</a></li>"
                            for p in group_reports[year])
            data = dataset_path(out_dir, year)
            files = " · ".join(f'<a href="{year}/{f.name}">{f.name}</a>' for f in (data, data.with_suffix(".parquet"))
                               if f.exists())
            parts.append(f"<h3>Benchmarking across trusts, {year}</h3><ul>{links}</ul>"
                         + (f"<p>Benchmark data set (one row per trust, measure and group; small numbers "
                            f"suppressed): {files}</p>" if files else ""))
    if failed:
        items = "".join(f"<li>{html.escape(o.name)}: {html.escape(o.message.splitlines()[0] if o.message else '')}</li>"
                        for o in failed.values())
        parts.append(f'<h2>Not built in the last run</h2><ul class="failed">{items}</ul>')
    if not found:
        parts.append("<p>No reports have been built yet. Run <code>make reports</code>.</p>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workforce equality reports</title>
<style>
html {{ font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; line-height: 1.5; }}
h1 {{ color: #005eb8; }} h2 {{ border-bottom: 2px solid #005eb8; }}
table {{ border-collapse: collapse; width: 100%; }} caption {{ text-align: left; font-weight: bold; padding: .3rem 0; }}
th, td {{ text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d0d0d0; }} a {{ color: #005eb8; }}
.failed li {{ color: #a00; }}
</style></head>
<body><main><h1>Workforce equality reports</h1>
<p>One report per trust and topic. Reports marked as synthetic describe fictional trusts.</p>
{''.join(parts)}
</main></body></html>
"""
    index = out_dir / "index.html"
    write_atomic(index, page)
    return index


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
    args = parser.parse_args(argv)
    start = time.perf_counter()
    outcomes = build_all(args.params, args.notebooks, args.out, jobs_n=args.jobs, trusts=args.trusts,
                         notebooks=args.only, force=args.force, sdc_mode=args.sdc_mode)
    print(summary(outcomes))
    print(f"Index: {(args.out / 'index.html').resolve()}  ({time.perf_counter() - start:.1f}s)")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
