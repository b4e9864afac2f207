"""The content-addressed cache of loaded trusts: one read per build, never a stale copy."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from edi_analysis.io import load_trust, trust_data
from edi_analysis.io.trust_cache import CACHE_ENV, trust_key

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def trust(tmp_path, synthetic_root):
    """SYN02's params and its report year's files, copied so the test can change them."""
    params = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text())
    data = tmp_path / "data"
    shutil.copytree(synthetic_root / "SYN02" / "2026", data / "2026")
    params.update(data_dir=str(data), years=[2026], report_year=2026, synthetic=False)
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "SYN02.yaml").write_text(yaml.safe_dump(params))
    return tmp_path


@pytest.fixture
def reads(monkeypatch):
    """Counts the real reads (what load_trust does when there is no cached copy)."""
    calls = []
    real = trust_data._read_trust

    def counted(*args, **kwargs):
        calls.append(args[0].trust_code)
        return real(*args, **kwargs)

    monkeypatch.setattr(trust_data, "_read_trust", counted)
    return calls


def test_a_trust_is_read_once_and_the_copy_is_the_same(trust, reads, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(trust / "cache"))
    first = load_trust("SYN02", params_dir=trust / "params")
    again = load_trust("SYN02", params_dir=trust / "params")
    assert reads == ["SYN02"]
    assert len(list((trust / "cache").glob("*.pickle"))) == 1
    pd.testing.assert_frame_equal(again.staff(), first.staff())
    assert again.staff()["ethnic_code"].dtype == first.staff()["ethnic_code"].dtype
    assert again.warnings == first.warnings and again.years == first.years


def test_changed_input_file_or_params_is_read_again(trust, reads, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(trust / "cache"))
    load_trust("SYN02", params_dir=trust / "params")
    staff = trust / "data" / "2026" / "staff.csv"
    lines = staff.read_text().splitlines()
    staff.write_text("\n".join(lines[:-1]) + "\n")  # one member of staff fewer
    smaller = load_trust("SYN02", params_dir=trust / "params")
    assert reads == ["SYN02", "SYN02"]
    assert len(smaller.staff()) == len(lines) - 2
    pfile = trust / "params" / "SYN02.yaml"
    pfile.write_text(pfile.read_text().replace("trust_name:", "trust_name: Renamed", 1))
    load_trust("SYN02", params_dir=trust / "params")
    assert len(reads) == 3


def test_without_the_variable_nothing_is_cached(trust, reads, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    load_trust("SYN02", params_dir=trust / "params")
    load_trust("SYN02", params_dir=trust / "params")
    assert reads == ["SYN02", "SYN02"]


def test_a_damaged_copy_is_read_again_not_an_error(trust, reads, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(trust / "cache"))
    load_trust("SYN02", params_dir=trust / "params")
    (copy,) = (trust / "cache").glob("*.pickle")
    copy.write_bytes(copy.read_bytes()[:100])
    load_trust("SYN02", params_dir=trust / "params")
    assert reads == ["SYN02", "SYN02"]


def test_key_follows_year_and_inputs_asked_for(trust):
    from edi_analysis.io import load_params

    params = load_params(trust / "params" / "SYN02.yaml")
    assert trust_key(params, 2026, ("staff",)) == trust_key(params, 2026, ("staff",))
    assert trust_key(params, 2026, ("staff",)) != trust_key(params, 2026, ("staff", "recruitment"))
    assert trust_key(params, 2026, ("staff",)) != trust_key(params, 2025, ("staff",))


def test_results_of_a_cached_load_are_computed_once_per_arguments(trust, monkeypatch):
    from edi_analysis.io.trust_cache import cached_results

    calls = []

    @cached_results
    def compute(data, standard="WRES"):
        calls.append(standard)
        return {"rows": len(data.staff()), "standard": standard}

    monkeypatch.setenv(CACHE_ENV, str(trust / "cache"))
    data = load_trust("SYN02", params_dir=trust / "params")
    first = compute(data)
    assert compute(load_trust("SYN02", params_dir=trust / "params"), standard="WRES") == first
    assert compute(data, "WDES")["standard"] == "WDES"
    assert calls == ["WRES", "WDES"]
    monkeypatch.delenv(CACHE_ENV)
    compute(data)  # no cache folder: always computed
    assert calls == ["WRES", "WDES", "WRES"]


def test_results_of_data_not_from_a_cached_load_are_not_cached(trust, monkeypatch):
    from edi_analysis.io.trust_cache import cached_results

    calls = []

    @cached_results
    def compute(data):
        calls.append(1)
        return 1

    data = load_trust("SYN02", params_dir=trust / "params")  # loaded with no cache folder
    monkeypatch.setenv(CACHE_ENV, str(trust / "cache"))
    compute(data)
    compute(data)
    assert calls == [1, 1]
