"""WRES and WDES results: every figure of both standards as tidy tables with their disclosure specs.

:func:`compute` reads a trust once (:class:`~edi_analysis.io.TrustData`) and computes each indicator of
the chosen standard with the pure functions of :mod:`edi_analysis.metrics.wres`, :mod:`~edi_analysis.metrics.wdes`,
:mod:`~edi_analysis.metrics.survey` and :mod:`~edi_analysis.metrics.population` (metrics.md sections 2-5
and 8). Both standards share one code path and differ only in :data:`SETTINGS`, so WRES indicator 3
(disciplinary) and WDES metric 3 (capability, performance) are computed alike but never mixed.

Every count is beside the figures derived from it. The tables (fields of :class:`StandardsResults`):

Attributes
----------
``representation``
    Indicator 1 on 31 March of the report year (``years``, labelled as in ``likelihoods``). One row per
    (``staff_type``, ``level``): ``staff_type`` Non-clinical / Clinical / All staff,
    ``level`` a pay level, ``All levels`` (per staff type and, for All staff, the whole workforce), the
    ``Bands 8a and above and VSM`` subtotal and (WRES) the population comparison's pay levels with
    ``Other pay bands`` (the rest, so that the levels add to the whole workforce). Counts (int):
    one column per group (WRES: White, BME, Unknown; WDES: Non-disabled, Disabled, Unknown), ``total``,
    ``known`` (group recorded); WRES also the Census 2021 groups Asian, Black, Mixed, Other (they add to BME),
    on the whole-workforce row only (float, NaN elsewhere: beside bands or pay levels they would force most
    BME counts, even the whole workforce's, to be hidden). Derived (float, percent):
    ``pct_<group>`` of total, ``pct_known_<group>`` of known (WRES, Census groups and White),
    ``pct_known_minority`` (not White, of known; WRES), ``pct_declared`` (known of total), ``pct_focus_upper`` (focus share if every unknown were focus),
    ``diff_pp`` (focus share minus the whole workforce's).
``likelihoods``
    Indicators 2, 3 and 4: see :mod:`edi_analysis.results.standards_rl`. Indicator 3's population, numerator
    and denominator alike, is each year's 31 March headcount (:func:`edi_analysis.metrics.wres.process_entry`).
``process_excluded``
    People who entered the indicator 3 process but are outside that population, so counted in neither the
    numerator nor the denominator (:func:`edi_analysis.metrics.wres.process_exclusions`): ``years`` (the
    reporting year, labelled as in ``likelihoods``), ``reason`` (``bank``: bank-only staff; ``not_in_headcount``:
    not on the 31 March staff record, e.g. left during the year), ``people`` (int, a count of people).
``survey``
    Survey indicators per survey year: ``year`` (reporting year), ``survey_year``, ``number``, ``measure``,
    ``question``, ``higher_is``; per group (``focus_`` / ``reference_``) ``responses`` (int), ``positive``,
    ``pct``, ``low``, ``high`` (Wilson 95%); ``diff``, ``diff_low``, ``diff_high`` (focus minus reference, pp,
    Newcombe 95%), ``adverse``, ``significant`` (bool).
``adjustments``
    WDES metric 8 per year: ``year``, ``question``, ``responses``, ``positive``, ``pct``, ``low``, ``high``.
``survey_disabled``
    Report year (``year``, ``survey_year``, ``question``): ``responses`` (Disabled + Non-disabled respondents) and
    ``disabled`` respondents, ``pct``, from :func:`edi_analysis.metrics.survey.disabled_share` (the same figure as
    the pay gap report's).
``board``
    Indicator 9 / metric 10: ``board`` (Voting members, Executive members, All board members), ``members``,
    ``focus`` (counts, public office holders), ``pct_board``, ``diff_pp`` (board share minus workforce share).
``population``
    The catchment's Census 2021 mix (WRES): ``group`` (the five groups and ``Ethnic minority``), ``pct``
    (public figures).
``engagement``
    WDES metric 9a as published: ``group``, ``score``.
``year_on_year``
    ``rl`` (indicators 2-4), ``share`` (indicator 1) and ``survey``: one row per indicator and year with that
    year's and the previous year's counts (``prev_`` columns), the two figures and the change between them;
    ``years`` and ``prev_years`` label the two years as ``likelihoods`` does (``rl`` and ``share``). Their counts
    repeat counts of ``likelihoods`` and ``representation`` and are declared so (``Spec.same``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, RowSum, Same, Spec
from ..io.trust_cache import cached_results
from ..metrics import groups, population, wdes, wres
from .base import Results, TrustInfo
from .standards_rl import ALL_STAFF, CENSUS_GROUPS, likelihood_spec, likelihoods
from .standards_survey import SURVEY_SPECS, survey_tables, yoy_specs, yoy_tables

__all__ = ["ALL_LEVELS", "ALL_STAFF", "SENIOR", "SETTINGS", "StandardsResults", "WdesResults", "WresResults", "compute"]

ALL_LEVELS = "All levels"
SENIOR = "Bands 8a and above and VSM"
OTHER_PAY = "Other pay bands"  # outside the population comparison's clusters, so that the clusters add up
_SENIOR_BANDS = ("8a", "8b", "8c", "8d", "9", "VSM")
_WRES_LEVELS = {wres._MEDICAL_LABELS.get(b, b): [b] for b in wres.WRES_BANDS}

#: What differs between the standards (no words: the views hold those).
SETTINGS: dict[str, dict] = {
    "WRES": dict(group_col="ethnicity", focus="BME", reference="White", dimension="Ethnicity",
                 groups=("White", "BME", "Unknown"), census=True, process=("disciplinary",), training=True,
                 survey={num: m for num, (m, _) in wres.SURVEY_INDICATORS.items()}, levels=_WRES_LEVELS,
                 key="wres"),
    "WDES": dict(group_col="disability_status", focus="Disabled", reference="Non-disabled", dimension="Disability",
                 groups=("Non-disabled", "Disabled", "Unknown"), census=False, process=("capability-performance",),
                 training=False, survey={num: m for num, (m, _) in wdes.SURVEY_METRICS.items()},
                 levels=wdes.CLUSTERS, key="wdes"),
}


def _representation_spec(cfg: dict, levels: tuple[str, ...]) -> Spec:
    groups_ = cfg["groups"]
    census = CENSUS_GROUPS if cfg["census"] else ()
    counts = (*groups_, *census, "total", "known")
    focus = cfg["focus"]
    derived = {f"pct_{g}": Derived(of=(g, "total")) for g in (*groups_, *census)}
    if census:
        derived |= {f"pct_known_{g}": Derived(of=(g, "known")) for g in ("White", *census)}
        derived["pct_known_minority"] = Derived(of=("White", "known"))
    derived |= {"pct_declared": Derived(of=("known", "total")),
                "pct_focus_upper": Derived(of=(focus, "Unknown", "total")),
                "diff_pp": Derived(of=(focus, "total"))}
    known = tuple(g for g in groups_ if g != groups.UNKNOWN)
    rows = [RowSum(parts=groups_, total="total"), RowSum(parts=("known", groups.UNKNOWN), total="total"),
            RowSum(parts=known, total="known")]
    if census:
        rows.append(RowSum(parts=census, total="BME"))
    cols = [ColSum(label="level", total=ALL_LEVELS, parts=levels, within=("staff_type",)),
            ColSum(label="staff_type", total=ALL_STAFF, parts=("Non-clinical", "Clinical"), within=("level",)),
            ColSum(label="level", total=SENIOR, parts=_senior_levels(cfg))]
    if census:  # the population comparison's clusters: each is its bands, and with the rest they make the whole
        cols += [ColSum(label="level", total=label, parts=tuple(wres._MEDICAL_LABELS.get(b, b) for b in bands))
                 for label, bands in population.LEVELS.items()]
        cols += [ColSum(label="level", total=ALL_LEVELS, parts=(*population.LEVELS, OTHER_PAY), within=("staff_type",)),
                 ColSum(label="level", total=SENIOR, parts=("AfC bands 8a-8b", "AfC bands 8c-9 and VSM"))]
    # the whole workforce's counts are the report year's headcounts of indicators 3 and 4 and of the trend
    whole = {"staff_type": ALL_STAFF, "level": ALL_LEVELS}
    statutory = {"indicator": "3", "basis": "year", "split": "all", "subgroup": ALL_STAFF, "focus": focus,
                 "reference": cfg["reference"]}
    same = (Same("likelihoods", {focus: "focus_n", cfg["reference"]: "reference_n"}, on={"years": "years"},
                 where=statutory, this=whole),
            Same("year_on_year.share", {focus: "focus_events", "total": "focus_n"}, on={"years": "years"}, this=whole))
    return Spec(counts=counts, derived=derived, row_sums=tuple(rows), col_sums=tuple(cols), same=same)


def _senior_levels(cfg: dict) -> tuple[str, ...]:
    return tuple(label for label, bands in cfg["levels"].items() if set(bands) <= set(_SENIOR_BANDS))


_BOARD_SPEC = Spec(counts=("members", "focus"), derived={"pct_board": Derived(of=("focus", "members")),
                                                         "diff_pp": Derived(of=("focus", "members"))},
                   public="board")


# people outside indicator 3's population are in no other table: their counts are primary counts, with no sums
_EXCLUDED_SPEC = Spec(counts=("people",))


@dataclass(frozen=True)
class StandardsResults(Results):
    """A trust's WRES or WDES results for one reporting year (tables and their columns: see the module docstring).

    Context fields (public): ``standard`` ("WRES"/"WDES"), ``focus`` and ``reference`` groups, ``groups``
    (indicator 1's group columns), ``years`` (reporting years loaded), ``window`` (years pooled for
    indicator 3), ``comparisons`` (extra (focus, reference) pairs from the params file),
    ``survey_numbers`` (survey indicator number -> measure), ``voice`` (WDES 9b text from the params file),
    ``population_source``, ``notes`` (data problems and comparisons not made).
    """

    SPECS: ClassVar[dict[str, Spec]] = {}  # each standard's subclass holds its specs

    standard: str
    focus: str
    reference: str
    groups: tuple[str, ...]
    years: tuple[int, ...]
    window: tuple[int, ...]
    comparisons: tuple[tuple[str, str], ...]
    survey_numbers: dict[str, str]
    representation: pd.DataFrame
    likelihoods: pd.DataFrame
    process_excluded: pd.DataFrame
    survey: pd.DataFrame
    adjustments: pd.DataFrame
    survey_disabled: pd.DataFrame
    board: pd.DataFrame
    population: pd.DataFrame
    engagement: pd.DataFrame
    year_on_year: dict[str, pd.DataFrame]
    voice: dict[str, str] = dataclasses.field(default_factory=dict)
    population_source: str = ""
    notes: tuple[str, ...] = ()


def _specs(standard: str) -> dict[str, Spec]:
    cfg = SETTINGS[standard]
    return {"representation": _representation_spec(cfg, tuple(cfg["levels"])),
            "likelihoods": likelihood_spec(cfg["focus"], cfg["reference"], cfg["census"]),
            "board": _BOARD_SPEC, "process_excluded": _EXCLUDED_SPEC, **SURVEY_SPECS, **yoy_specs(cfg["focus"], cfg["reference"]),
            "population": Spec(public="none"), "engagement": Spec(public="none")}


@dataclass(frozen=True)
class WresResults(StandardsResults):
    """WRES results (:class:`StandardsResults` with the WRES specs)."""

    SPECS: ClassVar[dict[str, Spec]] = _specs("WRES")


@dataclass(frozen=True)
class WdesResults(StandardsResults):
    """WDES results (:class:`StandardsResults` with the WDES specs)."""

    SPECS: ClassVar[dict[str, Spec]] = _specs("WDES")


@cached_results  # computed once per trust in a build (benchmark data set and report share it)
def compute(data, standard: str = "WRES") -> StandardsResults:
    """Every indicator of the WRES or WDES for ``data``'s report year (and each earlier year for the trend).

    Parameters
    ----------
    data
        :func:`edi_analysis.io.load_trust` output.
    standard
        ``"WRES"`` or ``"WDES"``.
    """
    if standard not in SETTINGS:
        raise ValueError(f"standard must be 'WRES' or 'WDES'; got {standard!r}.")
    cfg = SETTINGS[standard]
    year = data.year
    wf = data.workforce(year)
    rep = representation(wf, cfg)
    rep.insert(0, "years", str(year))
    pairs = tuple(data.params.comparisons.get(cfg["key"], ()))
    lk, notes = likelihoods(data, cfg, pairs)
    excluded = wres.process_exclusions(data.by_year("employee_relations"), {y: data.workforce(y) for y in data.years},
                                       {y: data.staff(y) for y in data.years}, cfg["process"],
                                       entrants={y: data.entrant_mask(y, cfg["process"]) for y in data.years})
    excluded = excluded.assign(years=excluded["year"].astype(str))[["years", "reason", "people"]]
    window = tuple(y for y in data.years if y <= year)[-data.params.rl_window_years:]
    surveys, problems = survey_tables(data, cfg)
    board = data.table("board")
    if len(board):
        b = wres.board_difference(board, wf, cfg["group_col"], cfg["focus"]).rename_axis("board").reset_index()
        board_t = b[b["members"] > 0][["board", "members", "focus", "pct_board", "diff_pp"]].reset_index(drop=True)
    else:
        board_t = pd.DataFrame(columns=["board", "members", "focus", "pct_board", "diff_pp"])
    mix, source = data.catchment if standard == "WRES" else (None, "")
    pop = (pd.DataFrame({"group": [*population.GROUPS, "Ethnic minority"],
                         "pct": [*(float(mix[g]) for g in population.GROUPS), 100 - float(mix["White"])]})
           if mix is not None else pd.DataFrame(columns=["group", "pct"]))
    e = data.params.wdes_engagement if standard == "WDES" else {}
    engagement = pd.DataFrame({"group": [k for k in ("Disabled", "Non-disabled", "Organisation") if k in e],
                               "score": [float(e[k]) for k in ("Disabled", "Non-disabled", "Organisation") if k in e]})
    cls = WresResults if standard == "WRES" else WdesResults
    return cls(
        TrustInfo.of(data), standard=standard, focus=cfg["focus"], reference=cfg["reference"],
        groups=cfg["groups"], years=tuple(data.years), window=window,
        comparisons=tuple(p for p in pairs if tuple(p) != (cfg["focus"], cfg["reference"])),
        survey_numbers=dict(cfg["survey"]), representation=rep, likelihoods=lk, process_excluded=excluded, board=board_t, population=pop,
        engagement=engagement, voice=dict(data.params.wdes_9b) if standard == "WDES" else {},
        population_source=source, notes=tuple(dict.fromkeys((*problems, *notes))),
        year_on_year=yoy_tables(data, cfg, lk, surveys["survey"], rep), **surveys)


def representation(wf: pd.DataFrame, cfg: dict) -> pd.DataFrame:
    """Indicator 1 with every subtotal a reader could form (see the module docstring)."""
    col, focus = cfg["group_col"], cfg["focus"]
    census = CENSUS_GROUPS if cfg["census"] else ()
    # everyone counted once by (staff type, pay band, group[, Census group]) code; each subtotal below adds up
    # cells of this small cube instead of filtering and counting a million rows (bench --scale)
    names = ["staff_type", "pay_band", col, *(["ethnicity_census5"] if census else [])]
    coded = [_coded(wf[c]) for c in names]
    shape = tuple(len(labels) + 1 for _, labels in coded)  # index 0: missing
    flat = np.zeros(len(wf), dtype=np.intp)
    for (codes, _), width in zip(coded, shape):
        flat *= width
        flat += codes
        flat += 1
    cube = np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape)
    type_labels, band_labels, group_labels = (labels for _, labels in coded[:3])
    rows = []

    def at(labels: list, wanted) -> list[int]:  # cube indices of the labels present (a filter never matches NaN)
        return [labels.index(v) + 1 for v in wanted if v in labels]

    def row(staff_type: str, level: str, types: list[int], bands: list[int]) -> dict | None:
        part = cube[types][:, bands].sum(axis=(0, 1))
        total = int(part.sum())
        if not total:
            return None
        by_group = part.sum(axis=1) if census else part
        r = {"staff_type": staff_type, "level": level,
             **{g: int(sum(by_group[i] for i in at(group_labels, [g]))) for g in cfg["groups"]}}
        if census:  # the whole workforce only: beside bands or levels they would force BME totals to be hidden
            c5 = part.sum(axis=0)
            whole = (staff_type, level) == (ALL_STAFF, ALL_LEVELS)
            r |= {g: int(sum(c5[i] for i in at(coded[3][1], [g]))) if whole else np.nan for g in census}
        r["total"] = total
        r["known"] = total - r[groups.UNKNOWN]
        return r

    every_type, every_band = list(range(shape[0])), list(range(shape[1]))
    for staff_type in ("Non-clinical", "Clinical"):
        types = at(type_labels, [staff_type])
        for label, bands in cfg["levels"].items():
            rows.append(row(staff_type, label, types, at(band_labels, bands)))
        rows.append(row(staff_type, ALL_LEVELS, types, every_band))
    whole_row = row(ALL_STAFF, ALL_LEVELS, every_type, every_band)
    rows.append(whole_row if whole_row is not None else _empty_row(cfg, census))
    senior = row(ALL_STAFF, SENIOR, every_type, at(band_labels, _SENIOR_BANDS))
    rows.append(senior if senior is not None else _empty_row(cfg, census, SENIOR))
    if census:
        for label, bands in population.LEVELS.items():
            r = row(ALL_STAFF, label, every_type, at(band_labels, bands))
            rows.append(r if r is not None else _empty_row(cfg, census, label))
        clustered = set(at(band_labels, [b for bands in population.LEVELS.values() for b in bands]))
        r = row(ALL_STAFF, OTHER_PAY, every_type, [i for i in every_band if i not in clustered])
        rows.append(r if r is not None else _empty_row(cfg, census, OTHER_PAY))
    rows = [r for r in rows if r is not None]
    t = pd.DataFrame(rows)
    for g in (*cfg["groups"], *census):
        t[f"pct_{g}"] = _pct(t[g], t["total"])
    if census:
        for g in ("White", *census):
            t[f"pct_known_{g}"] = _pct(t[g], t["known"])
        t["pct_known_minority"] = _pct(t["known"] - t["White"], t["known"])
    t["pct_declared"] = _pct(t["known"], t["total"])
    t["pct_focus_upper"] = _pct(t[focus] + t[groups.UNKNOWN], t["total"])
    whole = t[(t["staff_type"] == ALL_STAFF) & (t["level"] == ALL_LEVELS)].iloc[0]
    t["diff_pp"] = t[f"pct_{focus}"] - (whole[focus] / whole["total"] * 100 if whole["total"] else np.nan)
    return t


def _coded(values: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes (-1 missing) and the label of each code: a categorical's own, else a factorization."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), list(values.cat.categories)
    codes, uniq = pd.factorize(values, use_na_sentinel=True)
    return codes, list(uniq)


def _empty_row(cfg: dict, census: tuple, level: str = ALL_LEVELS) -> dict:
    """A whole-workforce row nobody is in (these rows are always listed, as an empty filter counted them)."""
    return {"staff_type": ALL_STAFF, "level": level, **dict.fromkeys(cfg["groups"], 0),
            **{g: (0 if level == ALL_LEVELS else np.nan) for g in census}, "total": 0, "known": 0}


def _pct(x: pd.Series, n: pd.Series) -> pd.Series:
    return (x / n.where(n > 0)) * 100
