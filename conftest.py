"""Shared test set-up: the synthetic trusts the notebook and pipeline tests read, and results several test
modules share (computed once per session: each costs seconds).

The data is generated on first use (about two seconds per trust) into the
git-ignored ``data/synthetic/``, exactly as ``make reports`` would.
"""

from pathlib import Path

import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.io import load_trust
from edi_analysis.results import standards

ROOT = Path(__file__).resolve().parent
TEST_TRUSTS = ("SYN02", "SYN06", "SYN08")  # two share a system: benchmarking tests


def ensure_synthetic(codes=TEST_TRUSTS) -> Path:
    from edi_analysis import synthetic

    root = ROOT / "data" / "synthetic"
    for prof in synthetic.PROFILES:
        if prof.code in codes and not synthetic.is_present(root, prof.code):
            synthetic.write_trust(prof, root)
    return root


def pytest_collection_modifyitems(session, config, items):
    # Notebooks (nbval) and pipeline tests need the data before they run.
    if any(item.path.suffix == ".ipynb" or item.get_closest_marker("slow") for item in items):
        ensure_synthetic()


@pytest.fixture(scope="session")
def synthetic_root() -> Path:
    return ensure_synthetic()


@pytest.fixture(scope="session")
def syn06(synthetic_root):
    """SYN06 (a large acute trust with a diverse workforce), report year 2026."""
    return load_trust("SYN06", 2026, params_dir=ROOT / "params")


@pytest.fixture(scope="session")
def wres_res(syn06):
    return standards.compute(syn06, "WRES")


@pytest.fixture(scope="session")
def wdes_res(syn06):
    return standards.compute(syn06, "WDES")


@pytest.fixture(scope="session")
def wres_pub(wres_res):
    return Policy().apply(wres_res)


@pytest.fixture(scope="session")
def wdes_pub(wdes_res):
    return Policy().apply(wdes_res)


@pytest.fixture(scope="session")
def built_two_trusts(tmp_path_factory, synthetic_root):
    """Every report of SYN02 and SYN08 built once per session (and their board packs where Chromium exists)."""
    from edi_analysis.pipeline import run

    out = tmp_path_factory.mktemp("built")
    lines: list[str] = []
    outcomes = run.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=["SYN02", "SYN08"], jobs_n=1,
                             echo=lines.append)
    return out, outcomes, lines


@pytest.fixture(autouse=True)
def _no_warm_kernel_left_behind():
    """A test that runs a notebook in this process stops its warm kernel: a process forked later (a build's
    worker pool) must not inherit a live kernel connection, which leaves the forked worker spinning."""
    yield
    from edi_analysis.pipeline import kernels

    kernels.shutdown_all()
