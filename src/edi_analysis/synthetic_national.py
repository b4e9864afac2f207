"""A national synthetic set: one fictional trust modelled on each real NHS trust in the shipped reference list.

``python -m edi_analysis synthetic --national --out DIR`` writes ``DIR/data/<code>/<year>/*.csv`` and
``DIR/params/<code>.yaml`` for every trust of ``data/reference/trust_reference`` (217 trusts in the NHS Staff
Survey's latest list), so that benchmarking, peers and funnel plots can be exercised at national scale. Each
trust's public facts shape its fiction:

- **type, region and system** from the trust reference list (the survey's benchmarking group, NHS region, ICS);
- **size** from the employer size band of its latest gender pay gap return (matched by ODS code), drawn
  log-uniformly within the band, or a typical size for its type when it has no matched return;
- **local population**: the Census 2021 ethnic mix of its catchment (OHID's acute trust catchments; for other
  trusts, the acute catchments of the same system, else of the same region), which sets the workforce's BME
  share and its Asian/Black/Mixed/Other make-up.

Every figure about staff is simulated by :mod:`edi_analysis.synthetic` and describes no real organisation; the
params mark each trust synthetic, so every report carries the "synthetic data" banner.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import synthetic
from .io import reference

__all__ = ["REFERENCE_DIR", "national_profiles", "write_national", "main"]

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
_REFERENCE_COPY = "reference"  # the folder of the set that holds its copy of REFERENCE_DIR
_SIZE_BANDS = {"250 to 499": (250, 499), "500 to 999": (500, 999), "1000 to 4999": (1000, 4999),
               "5000 to 19,999": (5000, 19999), "5000 to 19999": (5000, 19999), "20,000 or more": (20000, 30000)}
_TYPICAL_SIZE = {"Acute": (3000, 9000), "Specialist": (1500, 5000), "Mental health": (2000, 6000),
                 "Community": (1000, 4000), "Ambulance": (2500, 6000)}
_CLIMATE = {"Ambulance": 1.35, "Mental health": 1.15, "Acute": 1.0, "Specialist": 0.9, "Community": 0.85}


def _rng(code: str) -> np.random.Generator:
    return np.random.default_rng(synthetic.SEED + int(hashlib.sha256(f"national:{code}".encode()).hexdigest()[:8], 16))


def _sizes(reference_dir: Path) -> dict[str, str]:
    """ODS code -> employer size band of the trust's latest gender pay gap return."""
    gpg = pd.read_csv(reference_dir / "gender_pay_gap" / reference.GPG_EXTRACT, dtype=str)
    match = pd.read_csv(reference_dir / "gender_pay_gap" / "gpg_nhs_employer_to_ods_code_name_match.csv", dtype=str)
    gpg = gpg.merge(match[["EmployerName", "ods_code"]].dropna(), on="EmployerName", how="inner")
    latest = gpg.sort_values("SnapshotYearStart").drop_duplicates("ods_code", keep="last")
    return dict(zip(latest["ods_code"], latest["EmployerSize"].fillna("")))


def _catchments(trusts: pd.DataFrame, reference_dir: Path) -> dict[str, dict[str, float]]:
    """Trust code -> {local authority: share}: its own acute catchment, else its system's, else its region's."""
    own = reference.read_catchments(reference_dir)
    by_trust = {c: dict(zip(g["ltla21_code"], g["share"])) for c, g in own.groupby("trust_code")}

    def pooled(codes: Sequence[str]) -> dict[str, float]:
        total: dict[str, float] = {}
        for c in codes:
            for la, share in by_trust.get(c, {}).items():
                total[la] = total.get(la, 0.0) + share
        return total

    out = {}
    for t in trusts.itertuples():
        shares = by_trust.get(t.ods_code) \
            or pooled(trusts.loc[trusts["ics_or_stp_clean"] == t.ics_or_stp_clean, "ods_code"]) \
            or pooled(trusts.loc[trusts["nhs_region_clean"] == t.nhs_region_clean, "ods_code"])
        out[t.ods_code] = shares
    return out


def national_profiles(reference_dir: Path = REFERENCE_DIR) -> list[synthetic.TrustProfile]:
    """One :class:`~edi_analysis.synthetic.TrustProfile` per trust of the reference list, drawn from public data."""
    trusts = pd.read_csv(reference_dir / "trust_reference" / "nhs_trusts_from_staff_survey_latest.csv", dtype=str)
    trusts = trusts.dropna(subset=["ods_code"]).drop_duplicates("ods_code").sort_values("ods_code")
    sizes = _sizes(reference_dir)
    census = reference.read_census_ethnicity(reference_dir)
    catchments = _catchments(trusts, reference_dir)
    profiles = []
    for t in trusts.itertuples():
        trust_type = reference._SURVEY_GROUP_TO_TYPE.get(t.benchmarking_group, "Acute")
        rng = _rng(t.ods_code)
        low, high = _SIZE_BANDS.get(sizes.get(t.ods_code, ""), _TYPICAL_SIZE[trust_type])
        headcount = int(round(np.exp(rng.uniform(np.log(low), np.log(high)))))
        shares = {la: s for la, s in catchments[t.ods_code].items() if la in census.index}
        if shares:
            from .metrics.population import catchment_mix

            mix = catchment_mix(shares, census)
            minority = float(100 - mix["White"])
            parts = mix[["Asian", "Black", "Mixed", "Other"]]
            bme_mix = {k: round(float(v / parts.sum()), 3) for k, v in parts.items()} if parts.sum() > 0 \
                else {"Asian": 0.45, "Black": 0.3, "Mixed": 0.15, "Other": 0.1}
            las = tuple(sorted(shares, key=lambda la: -shares[la])[:3])
        else:
            minority, bme_mix, las = 15.0, {"Asian": 0.45, "Black": 0.3, "Mixed": 0.15, "Other": 0.1}, ()
        # NHS workforces are more diverse than the populations they serve, most of all in acute trusts
        uplift = 1.3 if trust_type in {"Acute", "Specialist"} else 1.1
        bme_share = float(np.clip(minority / 100 * uplift + rng.uniform(0.0, 0.05), 0.02, 0.8))
        profiles.append(synthetic.TrustProfile(
            code=t.ods_code, name=f"{t.org_name} (synthetic model)", trust_type=trust_type,
            region=t.nhs_region_clean, system=_system(t.ics_or_stp_clean), headcount=headcount,
            bme_share=round(bme_share, 3),
            bme_drift=round(float(rng.uniform(0.002, 0.012)), 4), bme_mix=bme_mix,
            international=round(float(np.clip(bme_share * (0.8 if trust_type == "Acute" else 0.3), 0.01, 0.7)), 3),
            unknown_ethnicity=round(float(rng.uniform(0.02, 0.08)), 3), la_codes=las,
            description=f"Synthetic trust modelled on the public facts of {t.org_name}: fictional staff data.",
            survey_climate=round(_CLIMATE[trust_type] * float(rng.uniform(0.9, 1.1)), 2)))
    return profiles


#: The system of a trust the reference list places in no integrated care system (ambulance and national trusts).
NO_SYSTEM = "No single integrated care system"


def _system(value: object) -> str:
    """The trust's integrated care system as text; a blank (NaN in the reference list) is :data:`NO_SYSTEM`."""
    return value.strip() if isinstance(value, str) and value.strip() else NO_SYSTEM


def _write_one(args: tuple[synthetic.TrustProfile, Path, Path]) -> str:
    prof, data_root, params_root = args
    if not synthetic.is_present(data_root, prof.code):
        synthetic.write_trust(prof, data_root)
    params = synthetic.params_for(prof)
    params["data_dir"] = f"../data/{prof.code}"
    params["reference_data"] = f"../{_REFERENCE_COPY}"
    text = f"# {prof.description}\n# Made by python -m edi_analysis synthetic --national.\n"
    text += yaml.safe_dump(params, sort_keys=False, allow_unicode=True)
    path = params_root / f"{prof.code}.yaml"
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return prof.code


def write_national(out: Path, *, reference_dir: Path = REFERENCE_DIR, workers: int | None = None,
                   trusts: Sequence[str] | None = None, echo=print) -> list[str]:
    """Write the national synthetic set under ``out`` (``data/``, ``params/`` and ``reference/``); returns the
    trust codes.

    Trusts whose data already exists (made by this generator) are not made again. The national reference data
    (1.5 MB) is copied beside them and the params name it relatively, so the set can be moved or shared as one
    folder, whatever becomes of the checkout that made it.
    """
    profiles = [p for p in national_profiles(reference_dir) if not trusts or p.code in trusts]
    data_root, params_root = out / "data", out / "params"
    data_root.mkdir(parents=True, exist_ok=True)
    params_root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(reference_dir, out / _REFERENCE_COPY, dirs_exist_ok=True)
    jobs = [(p, data_root, params_root) for p in profiles]
    done = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for i, code in enumerate(pool.map(_write_one, jobs), 1):
            done.append(code)
            echo(f"synthetic (national): [{i}/{len(jobs)}] {code}")
    return done


def main(argv: list[str] | None = None) -> int:
    """``python -m edi_analysis synthetic --national --out DIR [--trusts CODE ...]``."""
    parser = argparse.ArgumentParser(prog="python -m edi_analysis synthetic --national",
                                     description="One synthetic trust per real NHS trust in data/reference.")
    parser.add_argument("--national", action="store_true", help="(this command)")
    parser.add_argument("--out", type=Path, required=True, help="folder for data/ and params/")
    parser.add_argument("--trusts", nargs="*", default=None, help="ODS codes (default: all)")
    args = parser.parse_args(argv)
    codes = write_national(args.out, trusts=args.trusts)
    print(f"synthetic (national): {len(codes)} trusts in {args.out}; build them with "
          f"python -m edi_analysis reports --params {args.out / 'params'} --out {args.out / 'reports'}")
    return 0
