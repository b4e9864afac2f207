"""Small published results for the export tests: one WRES-like report, hand-worked suppression.

Row "2" of the representation table has 3 BME staff: hidden as ``<5`` (primary); the smallest other count of
its row (Unknown, 7) is hidden as ``*`` so that the row total cannot give the 3 away; the BME percentage is
``suppressed`` with its count. Row "3" shows everything (20 White, 10 BME, 0 Unknown of 30).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from edi_analysis.disclosure import Derived, Policy, RowSum, Spec
from edi_analysis.results.base import Results, TrustInfo


@dataclass(frozen=True)
class FakeStandard(Results):
    SPECS: ClassVar = {
        "representation": Spec(
            counts=("White", "BME", "Unknown", "total"),
            derived={"pct_White": Derived(of=("White", "total")), "pct_BME": Derived(of=("BME", "total")),
                     "pct_Unknown": Derived(of=("Unknown", "total"))},
            row_sums=(RowSum(parts=("White", "BME", "Unknown"), total="total"),)),
    }
    representation: pd.DataFrame
    standard: str = "WRES"
    focus: str = "BME"
    reference: str = "White"
    groups: tuple[str, ...] = ("White", "BME", "Unknown")


def raw_wres(trust_name: str = "Northgate Hospitals NHS Trust", code: str = "SYN99",
             staff_type: str = "All staff") -> FakeStandard:
    """The unsuppressed results."""
    rep = pd.DataFrame({
        "years": ["2026", "2026"], "staff_type": [staff_type, staff_type], "level": ["2", "3"],
        "White": [40, 20], "BME": [3, 10], "Unknown": [7, 0], "total": [50, 30]})
    for g in ("White", "BME", "Unknown"):
        rep[f"pct_{g}"] = 100 * rep[g] / rep["total"]
    trust = TrustInfo(code, trust_name, "Acute", "London", "Test ICS", True, 2026)
    return FakeStandard(trust=trust, representation=rep)


def published_wres(trust_name: str = "Northgate Hospitals NHS Trust", code: str = "SYN99",
                   mode: str = "publish", staff_type: str = "All staff") -> FakeStandard:
    """The results as the default policy publishes them."""
    return Policy(mode=mode).apply(raw_wres(trust_name, code, staff_type))
