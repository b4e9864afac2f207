"""Small staff tables for the pay gap metric tests: sex, hourly rate, full-pay flag and 12-month bonus."""

import numpy as np
import pandas as pd

from edi_analysis.disclosure import Policy

MIN_GROUP = Policy().min_pay_group

ABS = 1e-6


def frame(sex, rate, full_pay=True, bonus=0.0):
    n = len(sex)
    return pd.DataFrame(
        {
            "sex": pd.Series(sex, dtype="string"),
            "hourly_rate": np.asarray(rate, dtype=float) if np.ndim(rate) else np.full(n, float(rate)),
            "full_pay_relevant": np.broadcast_to(full_pay, n).astype(bool),
            "bonus_pay_12m": np.broadcast_to(bonus, n).astype(float),
        }
    )


def people(**blocks):
    """Build a staff frame from (sex, count, rate) blocks given as name=(sex, n, rate)."""
    parts = [frame([sex] * n, rate) for sex, n, rate in blocks.values()]
    return pd.concat(parts, ignore_index=True)
