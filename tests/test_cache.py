"""Finer cache keys: a report's code is the modules its notebook imports (and theirs), not the whole package."""

import shutil
from pathlib import Path

import pytest

from edi_analysis.pipeline import cache

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "edi_analysis"


def test_closure_follows_imports_and_packages_but_not_unrelated_modules():
    files = {p.relative_to(SRC).as_posix() for p in cache.module_closure({"edi_analysis.views.pay_gaps"})}
    assert {"views/pay_gaps.py", "views/display.py", "views/__init__.py", "__init__.py"} <= files
    assert "views/harassment.py" not in files and "pipeline/bench.py" not in files


def test_notebook_imports_are_read_from_its_code_cells():
    names = cache.notebook_imports(ROOT / "notebooks" / "pay_gaps.ipynb")
    assert {"edi_analysis.views.pay_gaps", "edi_analysis.results.pay_gaps", "edi_analysis.io"} <= names


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A copy of the package the test may edit, standing in for the real one."""
    copy = tmp_path / "edi_analysis"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", copy)
    return copy


def test_an_edit_rebuilds_only_the_reports_that_import_it(package):
    pay, harass = ROOT / "notebooks" / "pay_gaps.ipynb", ROOT / "notebooks" / "bullying_harassment.ipynb"
    before = {nb: cache.notebook_code_hash(nb) for nb in (pay, harass)}
    with open(package / "views" / "harassment.py", "a") as fh:
        fh.write("\n# an edit\n")
    assert cache.notebook_code_hash(pay) == before[pay]
    assert cache.notebook_code_hash(harass) != before[harass]
    with open(package / "views" / "display.py", "a") as fh:  # shared by every view
        fh.write("\n# an edit\n")
    assert cache.notebook_code_hash(pay) != before[pay]


def test_the_runner_and_templates_count_for_every_report(package):
    pay = ROOT / "notebooks" / "pay_gaps.ipynb"
    before = cache.notebook_code_hash(pay)
    (package / "templates" / "edi_report" / "index.html.j2").write_text("changed")
    after_template = cache.notebook_code_hash(pay)
    assert after_template != before
    with open(package / "pipeline" / "export.py", "a") as fh:
        fh.write("\n# an edit\n")
    after_export = cache.notebook_code_hash(pay)
    assert after_export != after_template
    with open(package / "pipeline" / "bench.py", "a") as fh:  # not part of any report
        fh.write("\n# an edit\n")
    assert cache.notebook_code_hash(pay) == after_export
