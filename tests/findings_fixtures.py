"""Published results to build findings from: SYN06's five reports, and helpers that edit a published table."""

import dataclasses

import pandas as pd

from edi_analysis.disclosure import Hidden, Policy
from edi_analysis.results import harassment, pay_gaps, trends
from edi_analysis.views import findings

HIDDEN = Hidden("<5", "primary")


_CACHE: dict[str, dict] = {}


def published_reports(data, wres_pub, wdes_pub) -> dict:
    """The five reports' published results for one trust, computed once per test session (each costs seconds)."""
    if data.params.trust_code not in _CACHE:
        policy = Policy()
        _CACHE[data.params.trust_code] = {
            "pay_gaps": policy.apply(pay_gaps.compute(data)), "wres": wres_pub, "wdes": wdes_pub,
            "bullying_harassment": policy.apply(harassment.compute(data)), "trends": policy.apply(trends.compute(data))}
    return _CACHE[data.params.trust_code]


def edit(frame: pd.DataFrame, where: dict, **values) -> pd.DataFrame:
    """A copy of a published table with the cells of the matching rows set (object columns keep markers)."""
    out = frame.copy()
    mask = pd.Series(True, index=out.index)
    for col, v in where.items():
        mask &= out[col] == v
    assert mask.any(), f"no row matches {where}"
    for col, v in values.items():
        out[col] = out[col].astype(object)
        for i in out.index[mask]:
            out.at[i, col] = v
    return out


def with_table(pub, name: str, frame: pd.DataFrame):
    return dataclasses.replace(pub, **{name: frame})


def with_mapping(pub, name: str, key: str, frame: pd.DataFrame):
    return dataclasses.replace(pub, **{name: {**getattr(pub, name), key: frame}})


def picked(pub) -> list[tuple[str, str]]:
    return [(f.rule, f.fact.key) for f in findings.select(pub, limit=50)]
