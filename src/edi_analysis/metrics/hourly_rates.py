"""Hourly rates of pay for the pay gap measures (metrics.md section 6, "Hourly rate"; used for every
characteristic, section 7).

The hourly rate of each relevant employee in the pay period containing the
snapshot date, as the Equality Act 2010 (Specific Duties and Public
Authorities) Regulations 2017 (SI 2017/353), Schedule 1 paras 6-7 define it:
ordinary pay plus the bonus paid in the period (pro-rated to the days it
relates to), per hour of contractual (or averaged variable) weekly hours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = ["hourly_rates", "hourly_rate"]

#: Decimal places kept in a worked-out hourly rate: removes floating-point noise, not pay.
RATE_DECIMALS = 9


def hourly_rates(
    ordinary_pay: ArrayLike,
    period_days: ArrayLike,
    weekly_hours: ArrayLike | None = None,
    *,
    hours_12_weeks: ArrayLike | None = None,
    bonus_in_period: ArrayLike | None = None,
    bonus_relates_to_days: ArrayLike | None = None,
) -> pd.Series:
    """Hourly rates of pay for the relevant pay period, one per employee (vectorised).

    The Equality Act 2010 (Specific Duties and Public Authorities) Regulations
    2017 (SI 2017/353), Schedule 1 paras 6-7, as in metrics.md section 6::

        weekly_hours    = weekly_hours, or hours_12_weeks / 12 where it is blank (variable hours)
        bonus_counted   = bonus_in_period x period_days / bonus_relates_to_days
        hourly_rate     = (ordinary_pay + bonus_counted) x 7 / period_days / weekly_hours

    Worked example GPG-10: 2,600.00 ordinary pay in a 30.44-day month at
    37.5 h/week gives 15.943933; with 1,200 of bonus paid in the month that
    relates to 365 days (100.076712 counted) it gives 16.557632.

    Parameters
    ----------
    ordinary_pay
        Ordinary pay in the pay period containing the snapshot date.
    period_days
        Days in that pay period: 30.44 for a month (``gpg.month_days``), 7 for
        a week, 28 for four weeks, 365 for a year.
    weekly_hours
        Contractual weekly working hours. Zero gives NaN (no hourly rate:
        the employee is out of the hourly measures, metrics.md section 6).
    hours_12_weeks
        For variable hours: hours worked in the 12 weeks ending with the last
        complete week of the pay period; used where ``weekly_hours`` is NaN
        (or not given), averaged to hours / 12.
    bonus_in_period
        Bonus pay received in the pay period; NaN or 0 for none.
    bonus_relates_to_days
        Days the bonus relates to (365 for a year's award); needed wherever
        ``bonus_in_period`` > 0.

    Returns
    -------
    pandas.Series
        ``float64`` hourly rates, on the index of ``ordinary_pay`` if it is a
        Series; NaN where weekly hours are 0 or unknown. Rounded to
        :data:`RATE_DECIMALS` places, far below a penny, so equal pay gives
        exactly equal rates (ties are shared between quartiles).

    Raises
    ------
    ValueError
        If a bonus is given without the days it relates to.
    """
    index = ordinary_pay.index if isinstance(ordinary_pay, pd.Series) else None
    shape = np.shape(np.atleast_1d(ordinary_pay))

    def arr(x: ArrayLike | None) -> np.ndarray:
        # Inputs line up by position; a scalar applies to every employee.
        return np.broadcast_to(np.asarray(np.nan if x is None else x, dtype=float), shape)

    pay, days = arr(ordinary_pay), arr(period_days)
    hours = arr(weekly_hours)
    hours = np.where(np.isnan(hours), arr(hours_12_weeks) / 12, hours)
    bonus = np.nan_to_num(arr(bonus_in_period), nan=0.0)
    relates = arr(bonus_relates_to_days)
    if np.any((bonus > 0) & ~(relates > 0)):
        raise ValueError("hourly_rates: give bonus_relates_to_days wherever there is a bonus in the period.")
    counted = np.divide(bonus * days, relates, out=np.zeros_like(bonus), where=bonus > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(hours > 0, (pay + counted) * 7 / days / hours, np.nan)
    # Rounded far below a penny so that the same pay reached by different sums (a month or four weeks, say)
    # gives exactly the same float: quartile allocation shares exactly tied rates (metrics.md section 6).
    return pd.Series(np.round(rate, RATE_DECIMALS), index=index, dtype="float64")


def hourly_rate(
    ordinary_pay: float,
    weekly_hours: float,
    *,
    bonus_paid: float = 0.0,
    bonus_relates_to_days: float | None = None,
    period_days: float = 30.44,
) -> float:
    """Hourly rate of pay of one employee (SI 2017/353 Sch. 1 paras 6-7; metrics.md section 6).

    The scalar form of :func:`hourly_rates`:
    hourly = (ordinary_pay + bonus_paid x period_days / bonus_relates_to_days) x 7 / period_days / weekly_hours.

    Parameters
    ----------
    ordinary_pay
        Ordinary pay in the pay period containing the snapshot date.
    weekly_hours
        Contractual weekly working hours; 0 gives NaN (no hourly rate).
    bonus_paid
        Bonus paid in the period.
    bonus_relates_to_days
        Days of the period the bonus relates to (365 for a year's bonus).
    period_days
        Days in the pay period: 30.44 for a month, 365 for a year.

    Returns
    -------
    float
    """
    if bonus_paid and not bonus_relates_to_days:
        raise ValueError("hourly_rate: give bonus_relates_to_days with bonus_paid.")
    return float(hourly_rates(ordinary_pay, period_days, weekly_hours, bonus_in_period=bonus_paid,
                              bonus_relates_to_days=bonus_relates_to_days).iloc[0])
