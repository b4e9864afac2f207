"""Fictional NHS trusts with realistic workforce data, deterministic from a seed.

Run ``python -m edi_analysis.synthetic`` to (re)build ``data/synthetic/``.
Every trust is invented; no real person's data is used. Each trust is a
cohort simulated over five snapshot years: people join, leave and are
promoted, and pay follows Agenda for Change and medical pay scales. The
inequalities the reports must find are built in on purpose:

- BME staff are concentrated in lower bands and promoted less often;
- women are over-represented in lower-paid occupations, men among consultants
  and Clinical Excellence Award holders;
- disabled staff report more harassment in the staff survey, while only
  about 5% declare a disability on the staff record against about a quarter
  in the survey;
- some ethnicity is unknown, more so in the smaller trusts;
- one trust's BME share is driven by international recruitment into band 5
  nursing and medical posts (the "false positive" that aggregation hides).

The CSV files follow the data contract (``docs/data-contract/``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .synthetic_people import (
    _AGE_BANDS,
    _SNAPSHOT_COLS,
    PROFILES,
    SEED,
    YEARS,
    TrustProfile,
    _awards,
    _declare,
    _new_people,
    _pay,
    _promote,
    _quarterly,
    _stable_seed,
)
from .synthetic_tables import _board, _events, _incidents, _recruitment, _survey, _training

__all__ = [
    "PROFILES",
    "SEED",
    "YEARS",
    "TrustProfile",
    "generate_trust",
    "generator_version",
    "is_present",
    "main",
    "params_for",
    "write_trust",
]

#: The modules whose source makes the data, in a fixed order: a change to any of them makes the data again.
GENERATOR_MODULES: tuple[str, ...] = ("synthetic_people", "synthetic_tables", "synthetic")


def generate_trust(prof: TrustProfile, years: tuple[int, ...] = YEARS) -> dict[int, dict[str, pd.DataFrame]]:
    """Simulate one trust over ``years``; returns input tables by year and input name."""
    rng = np.random.default_rng(_stable_seed(prof.code))
    # A second stream for quarterly timing and declarations keeps the annual draws as they were.
    qrng = np.random.default_rng(_stable_seed(prof.code) + 1)
    prev: pd.DataFrame | None = None
    staff = _new_people(rng, prof, prof.headcount, years[0], 0, joiners=False)
    next_id = prof.headcount
    out: dict[int, dict[str, pd.DataFrame]] = {}
    joiners = staff.iloc[: max(1, prof.headcount // 8)]
    er_id = 0
    for i, year in enumerate(years):
        if i > 0:
            leave_p = np.where(staff["pay_band"] == "Medical trainee", 0.35, 0.1)
            staff = staff[rng.random(len(staff)) >= leave_p].reset_index(drop=True)
            staff = _promote(rng, staff)
            staff["_point"] = (staff["_point"] + 0.2).clip(upper=1.0)
            older = rng.random(len(staff)) < 0.18
            idx = staff["age_band"].map({b: i for i, b in enumerate(_AGE_BANDS)}).to_numpy()
            staff["age_band"] = np.array(_AGE_BANDS, dtype=object)[np.minimum(idx + older, 5)]
            n_new = int(prof.headcount * (1 + 0.015 * i)) - len(staff)
            joiners = _new_people(rng, prof, n_new, year, next_id, joiners=True)
            next_id += n_new
            staff = pd.concat([staff, joiners], ignore_index=True)
        _declare(qrng, staff, year)
        quarterly = _quarterly(qrng, prev, staff, year)
        prev = staff[_SNAPSHOT_COLS].copy()
        _awards(rng, staff, year)
        snapshot = _pay(rng, staff, year)
        er = _events(rng, staff, year, prof, er_id)
        er_id += len(er)
        out[year] = {
            "staff": snapshot[[c for c in snapshot.columns if not c.startswith("_")]],
            "recruitment": _recruitment(rng, joiners, year, prof),
            "employee_relations": er,
            "training": _training(rng, staff, year),
            "board": _board(rng, prof, year),
            "staff_survey": _survey(rng, prof, staff, year - 1),
            "staff_snapshots": quarterly,
            "incidents": _incidents(qrng, staff, year, prof),
        }
    return out


def params_for(prof: TrustProfile, years: tuple[int, ...] = YEARS) -> dict:
    """The params file content for a synthetic trust."""
    return {
        "trust_code": prof.code,
        "trust_name": prof.name,
        "trust_type": prof.trust_type,
        "region": prof.region,
        "system": prof.system,
        "data_dir": f"../data/synthetic/{prof.code}",
        "years": list(years),
        "report_year": years[-1],
        "synthetic": True,
        "bme_label": "BME",
        "unknown_ethnic_codes": "error",
        "sdc": {"mode": "publish", "min_count": 5, "paygap_min_group": 10},
        "notebooks": ["pay_gaps", "trends", "wres", "wdes", "bullying_harassment"],
        # Published national figures for benchmarks: the public extracts shipped in data/reference.
        "reference_data": "../data/reference",
        # Real local authorities the fictional catchment is modelled on (Census 2021 comparison).
        "catchment_las": list(prof.la_codes),
        # WDES 9a engagement scores as published by the survey coordination centre, and 9b in the trust's words.
        "wdes_engagement": {"Disabled": round(7.4 - 0.8 * prof.survey_climate, 1), "Non-disabled": 7.0,
                            "Organisation": 6.9},
        "wdes_9b": {"answer": "Yes", "text": "The disabled staff network meets monthly, is chaired by a staff member "
                    "with an executive sponsor, and reviews every WDES action before it goes to the board."},
        **({"pay_gap_targets": list(prof.extra["targets"])} if "targets" in prof.extra else {}),
        **({"hia6_targets": list(prof.extra["hia6"])} if "hia6" in prof.extra else {}),
    }


def write_trust(prof: TrustProfile, root: Path, years: tuple[int, ...] = YEARS) -> list[Path]:
    """Generate a trust and write its CSV files under ``root/<code>/<year>/``; returns the paths."""
    written = []
    for year, tables in generate_trust(prof, years).items():
        folder = root / prof.code / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            path = folder / f"{name}.csv"
            tmp = path.with_suffix(".csv.tmp")
            table.to_csv(tmp, index=False, float_format="%.2f")
            tmp.replace(path)
            written.append(path)
    (root / prof.code / ".generator").write_text(generator_version())
    return written


def generator_version(sources: tuple[Path, ...] | None = None) -> str:
    """Hash of the source of every module that makes the data: data made by an older generator is made again.

    ``sources`` defaults to the files of :data:`GENERATOR_MODULES`, hashed in that order; each file's own hash
    goes into the whole, so a change anywhere in any of them gives a new version.
    """
    if sources is None:
        sources = tuple(Path(__file__).with_name(f"{name}.py") for name in GENERATOR_MODULES)
    whole = hashlib.sha256()
    for path in sources:
        whole.update(hashlib.sha256(path.read_bytes()).digest())
    return whole.hexdigest()[:16]


def is_present(root: Path, code: str, years: tuple[int, ...] = YEARS) -> bool:
    """True when every input file of every year exists for the trust, made by this generator."""
    from .io.contract import INPUT_NAMES

    stamp = root / code / ".generator"
    if not stamp.exists() or stamp.read_text().strip() != generator_version():
        return False
    names = (*INPUT_NAMES, "staff_snapshots", "incidents")
    return all((root / code / str(y) / f"{n}.csv").exists() for y in years for n in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edi_analysis.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/synthetic"), help="folder to write to")
    parser.add_argument("--params", type=Path, default=None, help="also write params/<code>.yaml files here")
    parser.add_argument("--trusts", nargs="*", default=None, help="trust codes (default: all)")
    parser.add_argument("--if-missing", action="store_true", help="only build trusts whose files are missing")
    args = parser.parse_args(argv)
    chosen = [p for p in PROFILES if args.trusts is None or p.code in args.trusts]
    for prof in chosen:
        if args.if_missing and is_present(args.out, prof.code):
            continue
        print(f"synthetic: {prof.code} {prof.name}", flush=True)
        write_trust(prof, args.out)
        if args.params is not None:
            args.params.mkdir(parents=True, exist_ok=True)
            text = f"# {prof.description}\n# Fictional trust: synthetic data made by python -m edi_analysis.synthetic.\n"
            text += yaml.safe_dump(params_for(prof), sort_keys=False, allow_unicode=True)
            (args.params / f"{prof.code}.yaml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
