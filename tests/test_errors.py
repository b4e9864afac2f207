"""InputError in a notebook: Jupyter shows the problems, not a traceback through the package."""

import nbformat
import pytest

from edi_analysis.errors import InputError, Problem


def test_one_problem_is_one_line():
    err = InputError([Problem("SYN02.yaml", None, "data_dir", "/x", "the data folder is missing; set it")])
    assert err._render_traceback_() == [("InputError: SYN02.yaml, key 'data_dir', value '/x': the data folder is "
                                         "missing; set it")]


def test_several_problems_are_listed():
    err = InputError([Problem("staff.csv", 2, "sex", "X", "use Male or Female"),
                      Problem("board.csv", None, None, None, "file not found")])
    lines = err._render_traceback_()
    assert lines[0].startswith("InputError: 2 problem(s) in board.csv, staff.csv") and len(lines) == 3


@pytest.mark.slow
def test_a_report_notebook_without_data_says_what_to_do(tmp_path):
    from pathlib import Path

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    root = Path(__file__).resolve().parents[1]
    params = (root / "params" / "SYN03.yaml").read_text(encoding="utf-8")
    (tmp_path / "SYN03.yaml").write_text(params.replace("../data/synthetic/SYN03", str(tmp_path / "nowhere")))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"from edi_analysis.io import load_trust\n"
                                          f"data = load_trust('SYN03', params_dir={str(tmp_path)!r})")]
    with pytest.raises(CellExecutionError):
        NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    error = next(o for o in nb.cells[0].outputs if o["output_type"] == "error")
    assert error["ename"] == "InputError"
    assert error["traceback"] == [(f"InputError: SYN03.yaml, key 'data_dir', value '{tmp_path / 'nowhere'}': the "
                                   "data folder of this fictional trust has not been made yet; run 'make synthetic' "
                                   "(or 'make reports', which makes it), then run this again")]
