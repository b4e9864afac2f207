"""What to build: every params file's reports, and the cross-trust reports of each system."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .. import io as inputs
from .. import synthetic
from ..disclosure import Policy
from ..errors import InputError
from .cache import code_fingerprint
from .jobs import BENCHMARK_NOTEBOOK, INTERNAL_NOTEBOOKS, Job, Outcome, dataset_path, stage_dir_of

#: Notebooks that are not a trust's report: the cross-trust report, and the researcher's template.
NOT_REPORTS = frozenset({BENCHMARK_NOTEBOOK, "explore"})


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
        except InputError as exc:
            failures.append(Outcome(name=pfile.stem, status="failed", seconds=0.0, message=f"InputError: {exc}",
                                    trust_code=pfile.stem))
            continue
        trust_params.append(params)
        internal = Policy.from_params(params, mode=sdc_mode).internal
        # Breakdowns for the trust's own teams come with every internal build, and with a publish build only when
        # the params file asks for them (then the policy hides what it hides everywhere else).
        extra_nbs = [n for n in INTERNAL_NOTEBOOKS if internal and n not in params.notebooks
                     and (notebooks_dir / f"{n}.ipynb").exists()]
        for nb_name in (*params.notebooks, *extra_nbs):
            if notebooks and nb_name not in notebooks:
                continue
            nb_path = notebooks_dir / f"{nb_name}.ipynb"
            if not nb_path.exists():
                reports = sorted(p.stem for p in notebooks_dir.glob("*.ipynb") if p.stem not in NOT_REPORTS)
                failures.append(Outcome(name=f"{params.trust_code} {nb_name}", status="failed", seconds=0.0,
                                        message=f"notebook {nb_path} not found; check 'notebooks' in {pfile.name}: "
                                        f"use any of {', '.join(reports)}",
                                        trust_code=params.trust_code, trust_name=params.trust_name))
                continue
            out_file = (out_dir / str(params.report_year) / params.trust_code / f"{nb_name}.html").resolve()
            parameters = {"trust_code": params.trust_code, "year": params.report_year,
                          "params_dir": str(params_dir.resolve()), "data_dir": "", "sdc_mode": sdc_mode or ""}
            if _has_parameter(nb_path, "output_dir"):
                parameters["output_dir"] = str(stage_dir_of(out_file.parent))
            extra: tuple[Path, ...] = ()
            if _has_parameter(nb_path, "benchmark_file"):
                parameters["benchmark_file"] = str(dataset_path(out_dir, params.report_year))
                extra = (dataset_path(out_dir, params.report_year),)
            jobs.append(Job(
                trust_code=params.trust_code, trust_name=params.trust_name, year=params.report_year,
                notebook=nb_path.resolve(), params_file=pfile.resolve(),
                out_file=out_file,
                data_dir=params.data_dir, code_hash=code_hash, parameters=parameters, force=force,
                reference_data=params.reference_data,
                # A trust's own mapping files decide how its exports read: editing one rebuilds its reports.
                extra_inputs=(*extra, *(m.path for m in params.mappings.values())),
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


