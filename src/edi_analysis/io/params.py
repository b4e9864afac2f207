"""A trust's params file: read, checked, and turned into :class:`TrustParams`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..disclosure.policy import Policy  # the policy owns every threshold and checks the sdc settings
from ..errors import InputError, Problem
from ..metrics.harassment import DIMENSIONS as HIA6_DIMENSIONS
from ..metrics.survey import known_measures
from .contract import AGE_BANDS, CONTRACT, RELIGIONS, SEXUAL_ORIENTATIONS
from .mapping import SourceMapping, load_mapping

# --- Trust parameters -------------------------------------------------------

_CODE = re.compile(r"^[A-Z0-9]{3,6}$")


@dataclass(frozen=True)
class TrustParams:
    """A trust's settings, read from ``params/<trust_code>.yaml``."""

    trust_code: str
    trust_name: str
    trust_type: str
    region: str
    system: str
    data_dir: Path
    years: tuple[int, ...]
    report_year: int
    synthetic: bool = False
    bme_label: str = "BME"
    strict_codes: bool = True
    sdc: dict[str, Any] = field(default_factory=dict)
    notebooks: tuple[str, ...] = ("summary", "pay_gaps")
    source: Path | None = None
    reference_data: Path | None = None
    pay_gap_references: dict[str, str] = field(default_factory=dict)
    ethnicity_level: str = "census5"
    pay_gap_targets: tuple[dict[str, Any], ...] = ()
    wdes_engagement: dict[str, float] = field(default_factory=dict)
    wdes_9b: dict[str, str] = field(default_factory=dict)
    rl_window_years: int = 2
    hia6_targets: tuple[dict[str, Any], ...] = ()
    catchment_las: tuple[str, ...] | dict[str, float] = ()
    peer_count: int = 3
    comparisons: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    #: Input name -> the source system's mapping its files are read with (io/mapping.py); none: contract form.
    mappings: dict[str, SourceMapping] = field(default_factory=dict)


_PARAM_KEYS = {
    "trust_code": str, "trust_name": str, "trust_type": str, "region": str, "system": str, "data_dir": str,
    "years": list, "report_year": int,
}
_OPTIONAL_KEYS = {"synthetic": bool, "bme_label": str, "unknown_ethnic_codes": str, "sdc": dict, "notebooks": list,
                  "reference_data": str, "pay_gap_references": dict, "ethnicity_level": str, "pay_gap_targets": list,
                  "wdes_engagement": dict, "wdes_9b": dict, "rl_window_years": int, "hia6_targets": list,
                  "catchment_las": (list, dict), "peer_count": int, "comparisons": dict, "mappings": dict}
#: Default reference group of each characteristic in the pay gap report (metrics.md section 7).
PAY_GAP_REFERENCES: dict[str, str] = {
    "sex": "Male", "ethnicity": "White", "disability": "Non-disabled",
    "sexual_orientation": "Heterosexual or Straight", "religion": "Christianity", "age_band": "35-44",
}
_TARGET_KEYS = {"characteristic": str, "measure": str, "target": (int, float), "target_year": int}
#: The groups each characteristic's pay gap reference may be (sex and disability compare with one group only).
PAY_GAP_REFERENCE_CHOICES: dict[str, tuple[str, ...]] = {
    "sex": ("Male",), "ethnicity": ("White", "White British"), "disability": ("Non-disabled",),
    "sexual_orientation": tuple(g for g in SEXUAL_ORIENTATIONS if g not in ("Not declared", "Prefer not to say")),
    "religion": tuple(g for g in RELIGIONS if g not in ("Not declared", "Prefer not to say")),
    "age_band": AGE_BANDS,
}


def load_params(path: str | Path, *, data_dir: str | Path | None = None) -> TrustParams:
    """Read and check a trust's params file.

    ``data_dir`` in the file is relative to the file's folder; the
    ``data_dir`` argument, when given, overrides it.

    Raises
    ------
    InputError
        Listing every missing key, wrong type or bad value.
    """
    path = Path(path)
    file = path.name
    if not path.exists():
        there = sorted(p.stem for p in path.parent.glob("*.yaml")) if path.parent.is_dir() else []
        choices = f" (trust codes with a params file there: {', '.join(there)})" if there else ""
        raise InputError([Problem(file, None, None, None, f"params file not found at {path}{choices}; check the "
                                  "trust code, or copy a params file and edit it")])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, None, None, f"is not valid YAML: {exc}")]) from exc
    problems = []
    if not isinstance(raw, Mapping):
        raise InputError([Problem(file, None, None, None, "must be a YAML mapping of key: value lines")])
    for key, typ in _PARAM_KEYS.items():
        if key not in raw:
            problems.append(Problem(file, None, key, None, f"required key is missing; add '{key}: ...'"))
        elif not isinstance(raw[key], typ):
            problems.append(Problem(file, None, key, str(raw[key]), f"must be a {typ.__name__}"))
    for key, typ in _OPTIONAL_KEYS.items():
        if key in raw and not isinstance(raw[key], typ):
            names = " or ".join(t.__name__ for t in typ) if isinstance(typ, tuple) else typ.__name__
            problems.append(Problem(file, None, key, str(raw[key]), f"must be a {names}"))
    unknown = sorted(set(raw) - set(_PARAM_KEYS) - set(_OPTIONAL_KEYS))
    for key in unknown:
        problems.append(Problem(file, None, key, None, "unknown key; check its spelling (see params/README.md)"))
    if not problems:
        if not _CODE.match(raw["trust_code"]):
            problems.append(Problem(file, None, "trust_code", raw["trust_code"], "use the 3-6 character upper-case "
                                    "organisation code"))
        if raw["trust_code"] != path.stem:
            problems.append(Problem(file, None, "trust_code", raw["trust_code"], f"must match the file name "
                                    f"({path.stem}.yaml)"))
        if not all(isinstance(y, int) for y in raw["years"]) or not raw["years"]:
            problems.append(Problem(file, None, "years", str(raw["years"]), "list the snapshot years, e.g. [2024, 2025]"))
        elif raw["report_year"] not in raw["years"]:
            problems.append(Problem(file, None, "report_year", str(raw["report_year"]), "must be one of 'years'"))
        for key in sorted(set(raw.get("pay_gap_references", {})) - set(PAY_GAP_REFERENCES)):
            problems.append(Problem(file, None, "pay_gap_references", key, "unknown characteristic; use one of "
                                    + ", ".join(PAY_GAP_REFERENCES)))
        for key, value in raw.get("pay_gap_references", {}).items():
            choices = PAY_GAP_REFERENCE_CHOICES.get(key)
            if choices is not None and value not in choices:
                problems.append(Problem(file, None, f"pay_gap_references.{key}", str(value),
                                        "use " + _one_of(choices)))
        if raw.get("ethnicity_level", "census5") not in ("binary", "census5", "detailed"):
            problems.append(Problem(file, None, "ethnicity_level", str(raw["ethnicity_level"]),
                                    "use 'binary', 'census5' or 'detailed'"))
        for i, target in enumerate(raw.get("pay_gap_targets", [])):
            where = f"pay_gap_targets[{i}]"
            if not isinstance(target, dict):
                problems.append(Problem(file, None, where, str(target), "each target is a mapping"))
                continue
            for key, typ in _TARGET_KEYS.items():
                if not isinstance(target.get(key), typ):
                    problems.append(Problem(file, None, f"{where}.{key}", str(target.get(key)), "required; e.g. "
                                            "{characteristic: sex, measure: median_gap, target: 5.0, target_year: 2030}"))
            if target.get("characteristic") not in ("sex", "ethnicity", "disability"):
                problems.append(Problem(file, None, f"{where}.characteristic", str(target.get("characteristic")),
                                        "use sex, ethnicity or disability"))
            if target.get("measure") not in ("mean_gap", "median_gap"):
                problems.append(Problem(file, None, f"{where}.measure", str(target.get("measure")),
                                        "use mean_gap or median_gap"))
            extra = sorted(set(target) - set(_TARGET_KEYS) - {"baseline_year", "baseline_value"})
            if extra:
                problems.append(Problem(file, None, where, ", ".join(extra), "unknown key(s) in the target"))
        for i, target in enumerate(raw.get("hia6_targets", [])):
            where = f"hia6_targets[{i}]"
            if not isinstance(target, dict) or not {"measure", "baseline_year", "target_year"} <= set(target):
                problems.append(Problem(file, None, where, str(target), "needs measure, baseline_year and target_year "
                                        "(survey years), and target_value, relative_reduction, annual_reduction or "
                                        "type: gap with dimension, focus and reference"))
                continue
            problems += _hia6_problems(target, file, where)
            ways = {"target_value", "relative_reduction", "annual_reduction"} & set(target)
            if target.get("type") == "gap":
                if not {"dimension", "focus", "reference"} <= set(target):
                    problems.append(Problem(file, None, where, str(target), "a gap target needs dimension, focus and "
                                            "reference (e.g. Ethnicity, BME, White)"))
            elif len(ways) != 1:
                problems.append(Problem(file, None, where, str(target), "give exactly one of target_value, "
                                        "relative_reduction or annual_reduction"))
        if raw.get("rl_window_years", 2) < 1:
            problems.append(Problem(file, None, "rl_window_years", str(raw["rl_window_years"]), "use 1 or more years"))
        if raw.get("wdes_9b") and raw["wdes_9b"].get("answer") not in ("Yes", "No"):
            problems.append(Problem(file, None, "wdes_9b.answer", str(raw["wdes_9b"].get("answer")), "use Yes or No"))
        if raw.get("unknown_ethnic_codes", "error") not in ("error", "warn"):
            problems.append(Problem(file, None, "unknown_ethnic_codes", raw["unknown_ethnic_codes"],
                                    "use 'error' or 'warn'"))
    if isinstance(raw.get("comparisons", {}), Mapping):
        problems += _comparison_problems(raw.get("comparisons", {}), file)
    mappings = _mappings(raw.get("mappings"), path.parent, file, problems)
    if isinstance(raw.get("sdc", {}), Mapping):
        try:
            Policy.from_settings(raw.get("sdc"), file=file)
        except InputError as err:
            problems += err.problems
    if problems:
        raise InputError(problems)
    folder = Path(data_dir) if data_dir else (path.parent / raw["data_dir"])
    return TrustParams(
        trust_code=raw["trust_code"],
        trust_name=raw["trust_name"],
        trust_type=raw["trust_type"],
        region=raw["region"],
        system=raw["system"],
        data_dir=folder.resolve(),
        years=tuple(sorted(raw["years"])),
        report_year=raw["report_year"],
        synthetic=raw.get("synthetic", False),
        bme_label=raw.get("bme_label", "BME"),
        strict_codes=raw.get("unknown_ethnic_codes", "error") == "error",
        sdc=dict(raw.get("sdc", {})),
        notebooks=tuple(raw.get("notebooks", ["summary", "pay_gaps"])),
        source=path.resolve(),
        reference_data=(path.parent / raw["reference_data"]).resolve() if raw.get("reference_data") else None,
        pay_gap_references={**PAY_GAP_REFERENCES, **raw.get("pay_gap_references", {})},
        ethnicity_level=raw.get("ethnicity_level", "census5"),
        pay_gap_targets=tuple(raw.get("pay_gap_targets", [])),
        wdes_engagement=dict(raw.get("wdes_engagement", {})),
        wdes_9b=dict(raw.get("wdes_9b", {})),
        rl_window_years=int(raw.get("rl_window_years", 2)),
        hia6_targets=tuple(raw.get("hia6_targets", [])),
        catchment_las=(dict(raw["catchment_las"]) if isinstance(raw.get("catchment_las"), dict)
                       else tuple(raw.get("catchment_las", ()))),
        peer_count=int(raw.get("peer_count", 3)),
        comparisons=_comparisons(raw.get("comparisons", {})),
        mappings=mappings,
    )



#: Groups a report's extra comparisons may name, per report (the statutory comparison is always made).
COMPARISON_GROUPS: dict[str, tuple[str, ...]] = {
    "wres": ("BME", "White", "Asian", "Black", "Mixed", "Other"),
    "wdes": ("Disabled", "Non-disabled"),
}


def _comparison_problems(raw: Mapping, file: str) -> list[Problem]:
    """Check ``comparisons: {report: [{focus: ..., reference: ...}, ...]}``, naming the key and the valid choices."""
    problems = []
    for report, pairs in raw.items():
        if report not in COMPARISON_GROUPS:
            problems.append(Problem(file, None, f"comparisons.{report}", None,
                                    "unknown report; use one of " + ", ".join(COMPARISON_GROUPS)))
            continue
        if not isinstance(pairs, list):
            problems.append(Problem(file, None, f"comparisons.{report}", str(pairs),
                                    "list the comparisons, e.g. [{focus: Black, reference: White}]"))
            continue
        valid = COMPARISON_GROUPS[report]
        for i, pair in enumerate(pairs):
            where = f"comparisons.{report}[{i}]"
            if not isinstance(pair, Mapping) or set(pair) != {"focus", "reference"}:
                problems.append(Problem(file, None, where, str(pair), "give exactly focus and reference, e.g. "
                                        "{focus: Black, reference: White}"))
                continue
            for key in ("focus", "reference"):
                if pair[key] not in valid:
                    problems.append(Problem(file, None, f"{where}.{key}", str(pair[key]),
                                            "use one of " + ", ".join(valid)))
            if pair["focus"] == pair["reference"]:
                problems.append(Problem(file, None, where, str(pair), "focus and reference must differ"))
    return problems


def _one_of(choices) -> str:
    quoted = [f"'{c}'" for c in choices]
    return quoted[0] if len(quoted) == 1 else "one of " + ", ".join(quoted)


def _hia6_problems(target: Mapping, file: str, where: str) -> list[Problem]:
    """An HIA 6 target's measure, group and dimension, each checked against its valid choices."""
    problems = []
    measures = known_measures()  # any staff survey measure may carry a target, not only the HIA 6 ones
    if target["measure"] not in measures:
        problems.append(Problem(file, None, f"{where}.measure", str(target["measure"]),
                                "use " + _one_of(measures)))
    group = str(target.get("group", "all staff"))
    dimension = group.split(":", 1)[0].strip() if ":" in group else None
    if group.lower() != "all staff" and (dimension is None or dimension not in HIA6_DIMENSIONS):
        problems.append(Problem(file, None, f"{where}.group", group, "use 'all staff' or '<dimension>: <group>' "
                                "with a dimension of " + ", ".join(d for d in HIA6_DIMENSIONS if d != "All staff")
                                + ", e.g. 'Ethnicity: BME'"))
    if target.get("type") == "gap" and "dimension" in target and target["dimension"] not in HIA6_DIMENSIONS:
        problems.append(Problem(file, None, f"{where}.dimension", str(target["dimension"]),
                                "use " + _one_of(d for d in HIA6_DIMENSIONS if d != "All staff")))
    return problems


def _comparisons(raw: Mapping) -> dict[str, tuple[tuple[str, str], ...]]:
    return {report: tuple((p["focus"], p["reference"]) for p in pairs) for report, pairs in raw.items()}


def _mappings(raw: object, folder: Path, file: str, problems: list[Problem]) -> dict[str, SourceMapping]:
    """``mappings: {staff: esr, recruitment: ../mappings/trac.yaml}``: each input's mapping, loaded and checked."""
    if not isinstance(raw, Mapping):
        return {}
    out = {}
    for name, ref in raw.items():
        if name not in CONTRACT:
            problems.append(Problem(file, None, f"mappings.{name}", None, "not an input of the data contract; use "
                                    "one of " + ", ".join(CONTRACT)))
            continue
        try:
            out[name] = load_mapping(str(ref), base=folder)
        except InputError as err:
            problems += err.problems
            continue
        if name not in out[name].inputs:
            problems.append(Problem(file, None, f"mappings.{name}", str(ref), f"the mapping has no section for "
                                    f"{name}; it covers " + ", ".join(out[name].inputs)))
    return out
