"""Workforce Race Equality Standard indicators 1-9 (metrics.md sections 2, 4, 5 and 8).

Every function is pure: DataFrames of one trust's inputs in, a tidy table out.
Relative likelihoods are oriented so that above 1 is adverse for BME staff and
come with their counts, a 95% interval, the 0.80-1.25 non-adverse band, a
significance flag and a volatility warning (:func:`edi_analysis.stats.rl_summary`).
The workforce comparisons here are also used, with disability groups, by
:mod:`edi_analysis.wdes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import groups, survey
from .ids import distinct_ids, found_among, ids_in
from .stats import newcombe, rl_summary

__all__ = [
    "WRES_BANDS",
    "workforce",
    "entrant_mask",
    "training_access",
    "representation",
    "appointment_likelihood",
    "process_entry",
    "process_exclusions",
    "EXCLUSION_REASONS",
    "training_likelihood",
    "survey_indicator",
    "board_difference",
    "SURVEY_INDICATORS",
    "year_on_year",
    "proportion_change",
]

#: Indicator 1 rows, in the national template's order.
WRES_BANDS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "VSM",
                               "Medical consultant", "Medical career grade", "Medical trainee", "Other")
_MEDICAL_LABELS = {"Medical consultant": "Consultants", "Medical career grade": "Non-consultant career grade",
                   "Medical trainee": "Trainee grades"}

#: Survey-based indicators: number -> (measure in the question map, label).
SURVEY_INDICATORS: dict[str, tuple[str, str]] = {
    "5": ("harassment_public", "Harassment, bullying or abuse from patients, relatives or the public"),
    "6": ("harassment_staff", "Harassment, bullying or abuse from staff"),
    "7": ("equal_opportunities", "Believe the trust provides equal opportunities for career progression"),
    "8": ("discrimination_staff", "Personally experienced discrimination from a manager or colleagues"),
}


def workforce(staff: pd.DataFrame, *, include_bank: bool = False) -> pd.DataFrame:
    """The WRES/WDES population at 31 March with analysis groups: bank-only staff left out by default.

    Adds ``ethnicity`` (White / BME / Unknown), ``ethnicity_census5``,
    ``disability_status``, ``staff_type`` (Clinical for clinical and medical
    and dental staff, else Non-clinical) and ``route`` (UK-recruited /
    Internationally recruited / Unknown).
    """
    s = staff if include_bank else staff[~staff["bank"].fillna(False).astype(bool)]
    out = s.copy(deep=False)  # copy-on-write: the columns set below leave ``staff`` as it was, without a copy
    # The groups as categoricals of their labels: every indicator filters and counts these columns many times,
    # and integer codes make that a fraction of the work at national scale (bench --scale).
    out["ethnicity"] = groups.ethnic_binary(s["ethnic_code"], categorical=True)
    out["ethnicity_census5"] = groups.ethnic_census5(s["ethnic_code"], categorical=True)
    out["disability_status"] = groups.disability_group(s["disability"], categorical=True)
    clinical = (s["staff_group"] != "Non-clinical").fillna(True).to_numpy(dtype=bool)
    out["staff_type"] = _used_only((~clinical).astype(np.int8), ["Clinical", "Non-clinical"])
    if "international_recruit" in s.columns:
        intl = s["international_recruit"].astype("boolean")
        codes = np.where(intl.isna().to_numpy(), 2, np.where(intl.fillna(False).to_numpy(dtype=bool), 0, 1))
    else:
        codes = np.full(len(s), 2)
    out["route"] = _used_only(codes.astype(np.int8), ["Internationally recruited", "UK-recruited", groups.UNKNOWN])
    return out


def _used_only(codes: np.ndarray, labels: list[str]) -> pd.Categorical:
    """A categorical of ``codes`` (no missing) with only the labels someone holds, in their order.

    As ``remove_unused_categories`` (only the groups there are, as when the labels were text), but the codes are
    counted once and recoded only when a label is unused: no pass renumbering a million codes that stay as they are.
    """
    used = np.bincount(codes, minlength=len(labels)) > 0
    if not used.all():
        codes = (np.cumsum(used) - 1)[codes].astype(np.int8)
        labels = [label for label, u in zip(labels, used) if u]
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(labels))


def representation(wf: pd.DataFrame, group_col: str = "ethnicity", focus: str = "BME",
                   levels: Mapping[str, Sequence[str]] | None = None,
                   group_order: Sequence[str] = ("White", "BME", "Unknown")) -> pd.DataFrame:
    """Indicator 1: each group's share of each band, non-clinical and clinical staff separately.

    pct(b, g) = n(b, g) / n(b) x 100 with Unknown in n(b), so shares add to
    100; ``diff_pp`` = pct(b, focus) - the focus group's share of the whole
    workforce (metrics.md section 2).

    Parameters
    ----------
    wf
        :func:`workforce` output.
    levels
        Row label -> pay bands it covers (default one row per band, medical
        grades by their WRES names); WDES passes its clusters.

    Returns
    -------
    pandas.DataFrame
        Index (``staff_type``, ``level``); one count column per group, ``total``,
        ``pct_<group>`` columns and ``diff_pp``. Levels with nobody are left out.
    """
    if levels is None:
        levels = {_MEDICAL_LABELS.get(b, b): [b] for b in WRES_BANDS}
    overall = (wf[group_col] == focus).mean() * 100 if len(wf) else np.nan
    rows = []
    for staff_type in ("Non-clinical", "Clinical"):
        part = wf[wf["staff_type"] == staff_type]
        for label, bands in levels.items():
            sub = part[part["pay_band"].isin(bands)]
            if sub.empty:
                continue
            counts = sub[group_col].value_counts()
            row = {"staff_type": staff_type, "level": label}
            row.update({g: int(counts.get(g, 0)) for g in group_order})
            row["total"] = len(sub)
            rows.append(row)
    out = pd.DataFrame(rows).set_index(["staff_type", "level"])
    for g in group_order:
        out[f"pct_{g}"] = out[g] / out["total"] * 100
    out["diff_pp"] = out[f"pct_{focus}"] - overall
    return out


def appointment_likelihood(recruitment: pd.DataFrame, group_col: str, favoured: str, other: str) -> dict[str, object]:
    """Indicator 2 (and WDES 2): likelihood of appointment from shortlisting, favoured / other group.

    L_g = appointed_g / shortlisted_g; RL = L_favoured / L_other, so above 1
    means the favoured (reference) group is more likely to be appointed.
    Rows appointed without being shortlisted are data errors: they are left
    out and counted in ``dropped`` (metrics.md section 2).
    """
    appointed = recruitment["appointed"].fillna(False).to_numpy(dtype=bool)
    shortlisted = recruitment["shortlisted"].fillna(False).to_numpy(dtype=bool)
    bad = appointed & ~shortlisted  # left out; the shortlisted rows are the rest's shortlisted rows
    # only the column the groups are read from, of the shortlisted rows (a third of a national table's million)
    source = {"ethnicity": "ethnic_code", "ethnicity_census5": "ethnic_code",
              "disability_status": "disability"}.get(group_col, group_col)
    grp = _groups(recruitment.loc[shortlisted, [source]], group_col, categorical=True)  # two labels: integer codes
    app = appointed[shortlisted]
    fav, oth = (grp == favoured).to_numpy(dtype=bool), (grp == other).to_numpy(dtype=bool)
    out = rl_summary(int(app[fav].sum()), int(fav.sum()), int(app[oth].sum()), int(oth.sum()))
    out["dropped"] = int(bad.sum())
    return out


def _groups(frame: pd.DataFrame, group_col: str, *, categorical: bool = False) -> pd.Series:
    if group_col == "ethnicity":
        return groups.ethnic_binary(frame["ethnic_code"], categorical=categorical)
    if group_col == "ethnicity_census5":
        return groups.ethnic_census5(frame["ethnic_code"], categorical=categorical)
    if group_col == "disability_status":
        return groups.disability_group(frame["disability"], categorical=categorical)
    return frame[group_col]


def process_entry(cases_by_year: Mapping[int, pd.DataFrame], workforce_by_year: Mapping[int, pd.DataFrame],
                  case_types: Sequence[str], group_col: str, focus: str, reference: str, *, year: int,
                  window: int = 2, split: str | None = None, split_focus_only: bool = False,
                  entrants: Mapping[int, np.ndarray] | None = None,
                  headcounts: dict | None = None) -> pd.DataFrame:
    """Indicator 3 (and WDES 3): relative likelihood of entering a formal process, pooled over a window.

    Population (numerator and denominator alike; docs/metrics-decisions.md,
    "Metrics: one population for indicator 3"): the people in a reporting
    year's 31 March headcount as :func:`workforce` builds it (bank-only
    staff left out unless ``include_bank``). The denominator is that
    headcount; the numerator is those of them who entered the process during
    the year, each once, in the group of their headcount record. People who
    entered but are not in the headcount (bank-only staff, leavers before 31
    March, people not on the staff record) are in neither: they are counted
    by :func:`process_exclusions` and reported as a data-quality note.
    L_g = sum of entrants / sum of headcounts over the ``window`` years
    ending in ``year``; RL = L_focus / L_reference, with the interval from
    pooled counts (metrics.md section 4). The single latest year is given
    beside it.

    Parameters
    ----------
    cases_by_year, workforce_by_year
        ``employee_relations`` inputs and :func:`workforce` tables by reporting year.
    case_types
        ``["disciplinary"]`` for WRES 3, ``["capability-performance"]`` for WDES 3.
    split
        Optional workforce column (e.g. ``staff_group``, ``route``) giving one
        pair of rows per subgroup; entrants take the subgroup of their own record
        in that year's headcount (the record that places them in the population).
    split_focus_only
        Split only the focus group and compare each part with the whole
        reference group (e.g. UK-recruited and internationally recruited BME
        staff, each against all White staff).
    entrants
        :func:`entrant_mask` of each year, when the caller works out several comparisons of the same
        years (each mask is a pass over a headcount that can be a million people).
    headcounts
        A dict the caller shares between calls on the same ``workforce_by_year`` and cases: each year's
        headcount by (subgroup, group) is counted once per split and group column and kept there, and each
        year's entrants likewise per case types.

    Returns
    -------
    pandas.DataFrame
        Rows ``(subgroup, basis)`` with basis ``"pooled"`` and ``"single year"``;
        columns from :func:`edi_analysis.stats.rl_summary` plus ``years``.
    """
    years = [y for y in sorted(workforce_by_year) if y <= year][-window:]
    frames = []
    for y in years:
        wf = workforce_by_year[y]
        # each year's entrants and headcount by (subgroup, group): counted once, kept in ``headcounts`` if given
        # (the same years are asked for by every comparison, split, window and single year)
        keys = {"e": ("entrants", y, tuple(case_types), split, group_col), "p": (y, split, group_col)}
        if headcounts is not None and keys["e"] in headcounts:
            ent = headcounts[keys["e"]]
        else:
            mask = (entrants[y] if entrants is not None and y in entrants
                    else entrant_mask(cases_by_year.get(y), wf, case_types))
            ent = _entrant_tally(wf, mask, split, group_col)
            if headcounts is not None:
                headcounts[keys["e"]] = ent
        # the headcount counted straight from the workforce's own (categorical) columns: no copy of 1M+ rows
        if headcounts is None:
            pop = _headcount(wf, split, group_col)
        else:
            if keys["p"] not in headcounts:
                headcounts[keys["p"]] = _headcount(wf, split, group_col)
            pop = headcounts[keys["p"]]
        frames.append((y, ent, pop))
    subgroups = ["All staff"] if split is None else sorted(
        {str(s) for _, _, p in frames
         for s, g in p if not split_focus_only or g == focus})
    # each year's people counted once by (subgroup, group) and by group: no boolean pass per subgroup
    tallies = {}
    for y, e, p in frames:
        tallies[y, "e"] = e
        by_group: dict[str, int] = {}
        for (_, g), n in p.items():
            by_group[g] = by_group.get(g, 0) + n
        tallies[y, "p"] = (p, by_group)
    rows = []
    for sub in subgroups:
        for basis, use in (("pooled", frames), ("single year", frames[-1:])):
            def count(kind: str, g: str) -> int:
                whole = split_focus_only and g == reference
                return sum(int(tallies[y, kind][1].get(g, 0) if whole else tallies[y, kind][0].get((sub, g), 0))
                           for y, _, _ in use)
            res = rl_summary(count("e", focus), count("p", focus), count("e", reference), count("p", reference))
            res.update(subgroup=sub, basis=basis, years=f"{use[0][0]}-{use[-1][0]}" if len(use) > 1 else str(use[0][0]))
            rows.append(res)
    # A split with no focus-group members (a very small trust) has no rows: an empty table, not an error.
    return (pd.DataFrame(rows) if rows else pd.DataFrame(columns=["subgroup", "basis"])).set_index(["subgroup", "basis"])


def _entrant_tally(wf: pd.DataFrame, mask: np.ndarray, split: str | None,
                   group_col: str) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """The entrants (``mask``) of a headcount ``wf`` by (subgroup, group) and by group, groups from their own record.

    A subgroup is the entrant's record's value of ``split`` (``Unknown`` when missing; ``All staff`` without a
    split); people whose group is missing are in no count. Counted from the columns' codes, as the headcount.
    """
    pairs = _headcount(wf, split, group_col, among=mask, missing=groups.UNKNOWN)
    by_group: dict[str, int] = {}
    for (_, g), n in pairs.items():
        by_group[g] = by_group.get(g, 0) + n
    return pairs, by_group


def _codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes (-1 missing) and the text of each code: a categorical's own, else :func:`pandas.factorize`."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), [str(c) for c in values.cat.categories]
    codes, uniq = pd.factorize(values, use_na_sentinel=True)
    return codes, [str(u) for u in uniq]


def _headcount(wf: pd.DataFrame, split: str | None, group_col: str,
               among: np.ndarray | None = None, *, missing: str | None = None) -> dict[tuple[str, str], int]:
    """People of ``wf`` by (subgroup, group), ``All staff`` without a split; combinations held by nobody, and
    people whose subgroup or group is missing, left out (as a grouping would). Counted from integer codes.
    ``among``: count only the people of this mask (e.g. those who accessed training). ``missing``: the subgroup
    of people whose subgroup is missing (added to that subgroup's count if someone holds it), not left out."""
    g, g_text = _codes(wf[group_col])
    s_text = ["All staff"]
    # only the codes of the people asked about (e.g. a few thousand entrants of a million)
    g = g if among is None else g[among]
    # one bin per (subgroup code + 1, group code + 1), 0 the missing code: a single index built in place and
    # counted, no mask or copy of the headcount (a million people, asked dozens of times)
    width = len(g_text) + 1
    if split is None:
        at = g.astype(np.intp)
        at += width  # everyone in the one subgroup (code 0)
    else:
        s, s_text = _codes(wf[split])
        at = (s if among is None else s[among]).astype(np.intp)
        at += 1
        at *= width
        at += g
    at += 1
    cells = np.bincount(at, minlength=(len(s_text) + 1) * width).reshape(len(s_text) + 1, width)[:, 1:]
    out: dict[tuple[str, str], int] = {}
    for i, j in zip(*np.nonzero(cells)):
        if i == 0 and missing is None:
            continue
        key = (s_text[i - 1] if i else missing, g_text[j])
        out[key] = out.get(key, 0) + int(cells[i, j])
    return out


#: Why an entrant to a formal process is outside indicator 3's population (:func:`process_exclusions`).
EXCLUSION_REASONS: tuple[str, ...] = ("bank", "not_in_headcount")


def entrant_mask(cases: pd.DataFrame | None, wf: pd.DataFrame, case_types: Sequence[str]) -> np.ndarray:
    """Which people of a year's headcount ``wf`` entered a process of ``case_types`` that year (indicator 3)."""
    return ids_in(wf["staff_id"], _entrant_ids(cases, case_types))


def training_access(training: pd.DataFrame, wf: pd.DataFrame) -> tuple[np.ndarray, int]:
    """Indicator 4's numerator: which people of ``wf`` took part in non-mandatory training, and how many who
    took part are not in ``wf`` (``unmatched``)."""
    took = distinct_ids(training["staff_id"], training["non_mandatory"].fillna(False).to_numpy(dtype=bool))
    # one lookup gives both: the headcount's rows found, and how many of those who took part they hold
    accessed, held = found_among(wf["staff_id"], took)
    return accessed, len(took) - held


def _entrant_ids(cases: pd.DataFrame | None, case_types: Sequence[str]) -> pa.Array:
    """The distinct identifiers of the people with a case of ``case_types`` (missing identifiers left out)."""
    if cases is None or not len(cases):
        return pa.array([], type=pa.large_string())
    return distinct_ids(cases["staff_id"], cases["case_type"].isin(case_types).to_numpy(dtype=bool), dropna=True)


def process_exclusions(cases_by_year: Mapping[int, pd.DataFrame], workforce_by_year: Mapping[int, pd.DataFrame],
                       staff_by_year: Mapping[int, pd.DataFrame], case_types: Sequence[str], *,
                       entrants: Mapping[int, np.ndarray] | None = None) -> pd.DataFrame:
    """People who entered a formal process but are outside indicator 3's population, by year and reason.

    The population is each year's 31 March headcount (:func:`process_entry`). ``reason`` is ``"bank"``
    (on the 31 March staff record as bank-only staff, left out of the headcount) or ``"not_in_headcount"``
    (not on the 31 March staff record: left during the year, or an identifier the record does not hold).
    Each person counts once a year. ``entrants``: :func:`entrant_mask` of each year for the same
    ``case_types``, when the caller has it (the headcount's entrants are then not looked up again).

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int), ``reason``, ``people`` (int); both reasons for every year of
        ``workforce_by_year``, zero included.
    """
    rows = []
    for y in sorted(workforce_by_year):
        entered = _entrant_ids(cases_by_year.get(y), case_types)
        wf = workforce_by_year[y]
        mask = entrants[y] if entrants is not None and y in entrants else ids_in(wf["staff_id"], entered)
        # the few entrants not among the headcount's: the headcount's entrants are found by the mask already
        inside = distinct_ids(wf.loc[mask, "staff_id"])
        outside = entered.filter(pc.invert(pc.is_in(entered, value_set=inside)))
        staff = staff_by_year.get(y)
        if staff is None or not len(outside):
            bank = 0
        else:  # only the bank-only staff's identifiers are looked up (a tenth of the staff record, or less)
            bank_ids = distinct_ids(staff["staff_id"], staff["bank"].fillna(False).to_numpy(dtype=bool))
            bank = int(ids_in(outside, bank_ids).sum())
        rows += [{"year": y, "reason": "bank", "people": bank},
                 {"year": y, "reason": "not_in_headcount", "people": len(outside) - bank}]
    return pd.DataFrame(rows, columns=["year", "reason", "people"])


def training_likelihood(training: pd.DataFrame, wf: pd.DataFrame, group_col: str, favoured: str, other: str,
                        *, split: str | None = None, access: tuple[np.ndarray, int] | None = None) -> pd.DataFrame:
    """Indicator 4: likelihood of accessing non-mandatory training or CPD, favoured / other group.

    A person counts once if they took part in at least one non-mandatory
    activity in the year; L = accessed / 31 March headcount. Activities of
    people not in the workforce at 31 March cannot be placed and are left out
    (``unmatched``). ``access``: :func:`training_access` of the same tables, when the caller has it.
    """
    mask, unmatched = training_access(training, wf) if access is None else access
    subs = ["All staff"] if split is None else sorted(wf[split].dropna().unique())
    # people and those who accessed, by (subgroup,) group: counted from the columns' codes
    counts = {"size": _headcount(wf, split, group_col), "sum": _headcount(wf, split, group_col, among=mask)}

    def tally(sub: str, g: str, what: str) -> int:
        return int(counts[what].get((sub, g), 0))
    rows = []
    for sub in subs:
        res = rl_summary(tally(sub, favoured, "sum"), tally(sub, favoured, "size"),
                         tally(sub, other, "sum"), tally(sub, other, "size"))
        res.update(subgroup=sub, unmatched=unmatched)
        rows.append(res)
    return pd.DataFrame(rows).set_index("subgroup")


def survey_indicator(results: pd.DataFrame, survey_year: int, measure: str, dimension: str, focus: str,
                     reference: str) -> dict[str, object]:
    """Indicators 5-8 (and WDES 4-7): both groups' % with Wilson intervals and focus - reference in pp.

    Returns
    -------
    dict
        ``question``, ``focus`` and ``reference`` rows (responses, positive, pct,
        low, high, shown) and the gap (``diff``, ``low``, ``high``, ``adverse``,
        ``significant``) from :func:`edi_analysis.survey.group_gap`.
    """
    item = survey.item_map(survey_year)[measure]
    by = survey.group_rows(results, survey_year, measure, dimension, [focus, reference])
    return {"question": item.question, "higher_is": item.higher_is, "focus": by[focus], "reference": by[reference],
            "gap": survey.gap_between(by[focus], by[reference], higher_is=item.higher_is)}


def board_difference(board: pd.DataFrame, wf: pd.DataFrame, group_col: str, focus: str) -> pd.DataFrame:
    """Indicator 9 (and WDES 10): focus group's % of board members minus its % of the workforce, in pp.

    Percentages include members and staff whose group is unknown in the
    denominator (metrics.md section 2); voting and executive members
    separately, and the whole board.
    """
    b = board.copy()
    b["group"] = _groups(b, group_col)
    workforce_pct = (wf[group_col] == focus).mean() * 100
    rows = {}
    for label, mask in (("Voting members", b["voting"].fillna(False).astype(bool)),
                        ("Executive members", b["executive"].fillna(False).astype(bool)),
                        ("All board members", pd.Series(True, index=b.index))):
        part = b[mask]
        n_focus = int((part["group"] == focus).sum())
        rows[label] = {"members": len(part), "focus": n_focus,
                       "pct_board": n_focus / len(part) * 100 if len(part) else np.nan,
                       "pct_workforce": workforce_pct,
                       "diff_pp": (n_focus / len(part) * 100 - workforce_pct) if len(part) else np.nan}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "members"
    return out


def year_on_year(current: Mapping[str, int], previous: Mapping[str, int] | None) -> dict[str, object]:
    """Change in a relative likelihood since last year, and whether it is beyond noise.

    Compares log(RL) between years with a z-test on the Katz standard errors,
    treating the years as independent (an approximation, metrics.md section
    8). Inputs are the count dicts from :func:`edi_analysis.stats.rl_summary`.

    Returns
    -------
    dict
        ``change`` (RL this year minus last), ``z`` and ``beyond_noise`` (|z| > 1.96);
        ``None`` values when either year has a zero cell.
    """
    if previous is None:
        return {"change": None, "z": None, "beyond_noise": None}

    def log_rl(c: Mapping[str, int]) -> tuple[float, float] | None:
        a, n1, cc, n2 = c["focus_events"], c["focus_n"], c["reference_events"], c["reference_n"]
        if min(a, cc) == 0 or min(n1, n2) == 0:
            return None
        return float(np.log((a / n1) / (cc / n2))), float(np.sqrt(1 / a - 1 / n1 + 1 / cc - 1 / n2))

    now, before = log_rl(current), log_rl(previous)
    if now is None or before is None:
        return {"change": None, "z": None, "beyond_noise": None}
    z = (now[0] - before[0]) / np.hypot(now[1], before[1])
    return {"change": float(np.exp(now[0]) - np.exp(before[0])), "z": float(z), "beyond_noise": bool(abs(z) > 1.959963984540054)}


def proportion_change(x1: int, n1: int, x0: int, n0: int) -> dict[str, object]:
    """Change in a percentage between two years (pp) with the Newcombe interval; beyond noise if it excludes 0."""
    if min(n1, n0) == 0:
        return {"change": None, "low": None, "high": None, "beyond_noise": None}
    d, lo, hi = newcombe(x1, n1, x0, n0)
    return {"change": d * 100, "low": lo * 100, "high": hi * 100, "beyond_noise": bool(lo > 0 or hi < 0)}

