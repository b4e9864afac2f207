"""Inputs: the data contract, readers and validation, params, national reference data, and :func:`load_trust`.

The only package that reads files a trust or the national publishers provide. Everything downstream
(metrics, results, disclosure, views) works on what :func:`load_trust` returns.
"""

from ..errors import InputError, Problem
from .contract import (AFC_BANDS, AGE_BANDS, BONUS_TYPES, CASE_TYPES, CONTRACT, INPUT_NAMES, MEDICAL_GRADES,
                       OPTIONAL_INPUTS, PAY_BANDS, RELIGIONS, SEXUAL_ORIENTATIONS, STAFF_GROUPS, SURVEY_DIMENSIONS,
                       Column, InputSpec)
from .params import PAY_GAP_REFERENCES, TrustParams, data_dir_problems, load_params
from .read import input_path, load_year, load_years, read_input
from .reference import (CENSUS_URL, GPG_DOWNLOAD_URL, NSS_DOWNLOAD_URL, load_benchmark, read_catchments,
                        read_census_ethnicity, read_gpg_returns, read_national_gpg, read_national_nss,
                        select_nhs_trusts, trust_mix)
from .trust_data import TrustData, load_trust

__all__ = [
    "AFC_BANDS", "AGE_BANDS", "BONUS_TYPES", "CASE_TYPES", "CONTRACT", "INPUT_NAMES", "MEDICAL_GRADES",
    "OPTIONAL_INPUTS", "PAY_BANDS", "RELIGIONS", "SEXUAL_ORIENTATIONS", "STAFF_GROUPS", "SURVEY_DIMENSIONS", "Column",
    "InputSpec", "InputError", "Problem", "PAY_GAP_REFERENCES", "TrustParams", "data_dir_problems", "load_params",
    "input_path", "load_year", "load_years", "read_input", "CENSUS_URL", "GPG_DOWNLOAD_URL",
    "NSS_DOWNLOAD_URL", "load_benchmark", "read_catchments", "read_census_ethnicity", "read_gpg_returns",
    "read_national_gpg", "read_national_nss", "select_nhs_trusts", "trust_mix", "TrustData", "load_trust",
]
