"""The national synthetic set: one fictional trust per real trust of the shipped list, shaped by public data."""

from __future__ import annotations

import pytest
import yaml

from edi_analysis import synthetic_national as national


@pytest.fixture(scope="module")
def profiles():
    return national.national_profiles()


def test_one_profile_per_trust_of_the_reference_list(profiles):
    assert len(profiles) >= 200
    assert len({p.code for p in profiles}) == len(profiles)
    assert {p.trust_type for p in profiles} == {"Acute", "Mental health", "Community", "Specialist", "Ambulance"}
    assert all(p.name.endswith("(synthetic model)") for p in profiles)


def test_sizes_come_from_the_gender_pay_gap_size_band(profiles):
    by_code = {p.code: p for p in profiles}
    bands = national._sizes(national.REFERENCE_DIR)
    checked = 0
    for code, band in bands.items():
        if code in by_code and band in national._SIZE_BANDS:
            low, high = national._SIZE_BANDS[band]
            assert low <= by_code[code].headcount <= high, (code, band)
            checked += 1
    assert checked >= 150


def test_catchment_sets_the_workforce_mix(profiles):
    by_code = {p.code: p for p in profiles}
    # a London acute trust serves a far more diverse population than a rural one
    london = [p for p in profiles if p.region == "London" and p.trust_type == "Acute"]
    south_west = [p for p in profiles if p.region == "South West" and p.trust_type == "Acute"]
    assert min(p.bme_share for p in london) > max(p.bme_share for p in south_west)
    assert all(p.la_codes for p in by_code.values())
    assert all(abs(sum(p.bme_mix.values()) - 1) < 0.01 for p in profiles)


def test_profiles_are_the_same_every_time(profiles):
    assert national.national_profiles() == profiles


def test_writes_data_and_params_that_load(tmp_path, profiles):
    from edi_analysis.io import load_trust

    smallest = min(profiles, key=lambda p: p.headcount)
    codes = national.write_national(tmp_path, trusts=[smallest.code], workers=1, echo=lambda *_: None)
    assert codes == [smallest.code]
    params = yaml.safe_load((tmp_path / "params" / f"{smallest.code}.yaml").read_text(encoding="utf-8"))
    assert params["synthetic"] is True and params["trust_name"] == smallest.name
    data = load_trust(smallest.code, params_dir=tmp_path / "params")
    assert len(data.staff()) > smallest.headcount * 0.8


def test_every_trust_has_a_system_in_words(profiles):
    # ambulance and national trusts have no integrated care system in the reference list (NaN there): the params
    # must still hold text, or the trust's params fail to load and its reports are never built
    assert all(isinstance(p.system, str) and p.system and p.system.lower() != "nan" for p in profiles)
    assert sum(p.system == national.NO_SYSTEM for p in profiles) >= 1


def test_the_set_is_one_folder_that_can_be_moved(tmp_path, profiles):
    from edi_analysis.io import load_trust

    smallest = min(profiles, key=lambda p: p.headcount)
    national.write_national(tmp_path / "made", trusts=[smallest.code], workers=1, echo=lambda *_: None)
    params = yaml.safe_load((tmp_path / "made" / "params" / f"{smallest.code}.yaml").read_text(encoding="utf-8"))
    assert params["reference_data"] == "../reference"  # relative: no path of the checkout that made it
    (tmp_path / "made").rename(tmp_path / "moved")
    data = load_trust(smallest.code, params_dir=tmp_path / "moved" / "params")
    assert data.params.reference_data == (tmp_path / "moved" / "reference").resolve()
    assert data.national_gpg[0] is not None and data.catchment[0] is not None  # the copied reference data is read

