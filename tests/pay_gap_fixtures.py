"""A constructed trust for pay gap tests: exact group sizes, run through the real load -> compute path."""

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from edi_analysis.io import TrustData
from edi_analysis.io.params import load_params
from edi_analysis.metrics import groups

ROOT = Path(__file__).resolve().parents[1]


def staff_table(rows: list[tuple[str, str, str, float, int]]) -> pd.DataFrame:
    """(sex, ethnic code, disability, hourly rate, count) -> a staff table with the analysis groups."""
    records = []
    for sex, code, disability, rate, count in rows:
        for i in range(count):
            records.append({"sex": sex, "ethnic_code": code, "disability": disability, "age_band": "35-44",
                            "religion": "Christianity", "sexual_orientation": "Heterosexual or Straight",
                            "pay_band": "5" if rate < 20 else "7", "staff_group": "Clinical", "bank": False,
                            "hourly_rate": rate + 0.01 * i, "full_pay_relevant": True, "bonus_pay_12m": 0.0})
    staff = pd.DataFrame(records)
    staff["staff_id"] = [f"X{i:05d}" for i in range(len(staff))]
    return groups.add_analysis_groups(staff, "White")


def trust(staff: pd.DataFrame, year: int = 2026) -> TrustData:
    """A TrustData for one year of ``staff``, with SYN08's settings and no targets or national data."""
    params = load_params(ROOT / "params" / "SYN08.yaml")
    params = dataclasses.replace(params, pay_gap_targets=(), reference_data=None, years=(year,), report_year=year)
    survey = pd.DataFrame({"question": pd.Series(dtype=str), "group_dimension": pd.Series(dtype=str),
                           "group_value": pd.Series(dtype=str), "responses": pd.Series(dtype=np.int64)})
    return TrustData(params=params, year=year, years=(year,), inputs={year: {"staff": staff, "staff_survey": survey}})


def base_rows(disabled: int = 40) -> list[tuple[str, str, str, float, int]]:
    """A workforce with every comparison well populated; ``disabled`` full-pay disabled women."""
    return [("Male", "A", "No", 22.0, 60), ("Female", "A", "No", 20.0, 120), ("Female", "H", "No", 19.0, 20),
            ("Male", "N", "No", 21.0, 20), ("Female", "A", "Yes", 18.0, disabled)]
