"""Scale of one trust: every metric of every report on a staff table of any size.

``python -m edi_analysis bench --scale ROWS`` makes a trust of ``ROWS`` staff (and the recruitment,
employee-relations, training, survey, quarterly and incident tables that go with them) by copying a synthetic
trust's two latest years with new identifiers, writes it as the CSV files a trust would give, and then, in a
fresh process so that the memory measured is the computation's own, reads and validates it once
(``load_trust``) and computes every report's results. It writes ``bench/scale.json``:

``rows``, ``seconds`` (computing every report's results), ``peak_mb`` (the process's peak resident memory),
``cpu_seconds`` (the processor time of that computation: the same on a busy machine), ``load_seconds``
(reading and validating the CSV files), ``reports`` (seconds per report), ``reports_cpu`` (processor seconds
per report: what to compare between runs on a shared machine) and ``years``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

from .worker_env import worker_env

__all__ = ["make_trust", "measure", "run_scale", "main"]

_IDS = ("staff_id", "case_id", "application_id", "vacancy_id", "incident_id")
_BASE = "SYN01"
_YEARS = (2025, 2026)


def _tile(frame: pd.DataFrame, copies: int) -> pd.DataFrame:
    """``copies`` copies of a table, each with its own identifiers (the first copy keeps the original ones)."""
    ids = [c for c in _IDS if c in frame.columns]
    parts = [frame]
    for k in range(1, copies):
        parts.append(frame.assign(**{c: frame[c].astype("string") + f"-{k}" for c in ids}))
    return pd.concat(parts, ignore_index=True)


def make_trust(rows: int, out: Path, *, base: str = _BASE, years: tuple[int, ...] = _YEARS) -> Path:
    """Write a trust of ``rows`` staff (per year) under ``out``; returns its params file.

    The report year's staff table has exactly ``rows`` rows; every other table is copied as many times as the
    staff table and keeps only rows of people in it, so rates and mixes stay those of the base trust.
    """
    from .. import synthetic

    prof = next(p for p in synthetic.PROFILES if p.code == base)
    tables = synthetic.generate_trust(prof, years=tuple(range(min(synthetic.YEARS), max(years) + 1)))
    code = "SCALE"
    for year in years:
        t = tables[year]
        copies = math.ceil(rows / len(tables[years[-1]]["staff"]))
        staff = _tile(t["staff"], copies).iloc[:rows] if year == years[-1] else _tile(t["staff"], copies)
        keep = set(staff["staff_id"])
        folder = out / "data" / code / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in t.items():
            if name == "staff":
                table = staff
            elif name == "staff_survey":  # aggregated counts: the same mix from a survey as many times larger
                table = table.assign(responses=table["responses"] * copies,
                                     positive_responses=table["positive_responses"] * copies)
            elif name != "board":
                table = _tile(table, copies)
                if "staff_id" in table.columns:
                    table = table[table["staff_id"].isin(keep) | table["staff_id"].isna()]
            table.to_csv(folder / f"{name}.csv", index=False, float_format="%.2f")
    params = synthetic.params_for(prof, years)
    params.update(trust_code=code, trust_name=f"Scale test trust ({rows:,} staff)", data_dir=f"../data/{code}",
                  reference_data=str(Path(__file__).resolve().parents[3] / "data" / "reference"))
    params.pop("pay_gap_targets", None)
    params.pop("hia6_targets", None)
    (out / "params").mkdir(parents=True, exist_ok=True)
    path = out / "params" / f"{code}.yaml"
    path.write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")
    return path


def measure(params_file: Path) -> dict:
    """Read and validate the trust once, then compute every report's results; times and peak memory."""
    from ..io import load_trust
    from ..results import directorates, harassment, pay_gaps, standards, trends

    start = time.perf_counter()
    data = load_trust(params_file.stem, params_dir=params_file.parent)
    load_s = time.perf_counter() - start
    computes = {"pay_gaps": pay_gaps.compute, "wres": lambda d: standards.compute(d, "WRES"),
                "wdes": lambda d: standards.compute(d, "WDES"), "bullying_harassment": harassment.compute,
                "trends": trends.compute, "directorates": directorates.compute}
    per: dict[str, float] = {}
    per_cpu: dict[str, float] = {}
    cpu = time.process_time()
    for name, compute in computes.items():
        t, c = time.perf_counter(), time.process_time()
        compute(data)
        per[name] = round(time.perf_counter() - t, 3)
        per_cpu[name] = round(time.process_time() - c, 3)
    cpu = time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"rows": len(data.staff()), "seconds": round(sum(per.values()), 3), "peak_mb": round(peak_kb / 1024, 1),
            "cpu_seconds": round(cpu, 3), "load_seconds": round(load_s, 3), "reports": per, "reports_cpu": per_cpu,
            "years": list(data.years)}


def run_scale(rows: int, out_json: Path, *, echo=print) -> dict:
    """Make the trust, measure it in a fresh process, write ``out_json``; returns the measurement."""
    with tempfile.TemporaryDirectory(prefix="edi-scale-") as tmp:
        echo(f"Making a trust of {rows:,} staff...")
        params = make_trust(rows, Path(tmp))
        echo("Reading, validating and computing every report in a fresh process...")
        env = {**os.environ, "MPLBACKEND": "Agg", **worker_env()}  # the process a report's kernel would be
        done = subprocess.run([sys.executable, "-m", "edi_analysis.pipeline.scale", "--measure", str(params)],
                              capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"the scale measurement failed:\n{done.stderr[-4000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    echo(f"{result['rows']:,} rows: every report's results in {result['seconds']:.1f} s "
         f"(reading and validating {result['load_seconds']:.1f} s), peak memory {result['peak_mb']:,.0f} MB")
    echo("  " + ", ".join(f"{k} {v:.2f} s" for k, v in result["reports"].items()))
    echo(f"  processor time {result['cpu_seconds']:.1f} s: "
         + ", ".join(f"{k} {v:.2f} s" for k, v in result["reports_cpu"].items()))
    echo(f"Written: {out_json}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edi_analysis bench --scale",
                                     description="Time every report's results on a trust of ROWS staff.")
    parser.add_argument("--scale", type=int, metavar="ROWS", help="staff rows in the report year")
    parser.add_argument("--out", type=Path, default=Path("bench") / "scale.json", help="where to write the JSON")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the fresh process's entry point
    args, _ = parser.parse_known_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if not args.scale or args.scale < 1:
        parser.error("--scale needs a number of staff rows, e.g. --scale 1400000")
    run_scale(args.scale, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
