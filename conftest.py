"""Shared test set-up: the synthetic trusts the notebook and pipeline tests read.

The data is generated on first use (about two seconds per trust) into the
git-ignored ``data/synthetic/``, exactly as ``make reports`` would.
"""

from pathlib import Path

import pytest

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
