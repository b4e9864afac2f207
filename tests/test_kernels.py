"""The warm kernel: reused across notebooks, each notebook starting from an empty namespace; replaced after a failure."""

import nbformat
import pytest

from edi_analysis.pipeline import kernels


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('label = "default"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, str(path))
    return path


def _text(nb, index=-1):
    return "".join(o.get("text", "") for o in nb.cells[index].outputs)


@pytest.fixture
def warm():
    yield
    kernels.shutdown_all()


def test_one_kernel_serves_many_notebooks_each_from_a_clean_namespace(tmp_path, warm):
    first = _notebook(tmp_path / "a.ipynb", "import os\nleft_behind = 1\nprint(os.getpid(), label)")
    second = _notebook(tmp_path / "b.ipynb", "import os\nprint(os.getpid(), label, 'left_behind' in dir())",
                       "print(os.getcwd(), os.environ['EDI_TEST_VAR'])")
    a = kernels.execute_notebook(first, {"label": "one"}, cwd=tmp_path, env={"EDI_TEST_VAR": "x"})
    pid, label = _text(a).split()
    b = kernels.execute_notebook(second, {"label": "two"}, cwd=tmp_path, env={"EDI_TEST_VAR": "y"})
    assert _text(b, -2).split() == [pid, "two", "False"]
    assert _text(b).split() == [str(tmp_path), "y"]
    # The reset cell is not part of the result; the injected parameters cell has a fixed id.
    assert [c.source for c in b.cells][0] == 'label = "default"'
    assert b.cells[1].id == "injected-parameters"


def test_the_batch_kernel_keeps_no_input_history(tmp_path, warm):
    # no history database written cell by cell (and none shared by the workers' kernels)
    nb = _notebook(tmp_path / "h.ipynb", "hm = get_ipython().history_manager\nprint(hm.enabled, hm.save_thread)")
    assert _text(kernels.execute_notebook(nb, {}, cwd=tmp_path)).split() == ["False", "None"]


def test_a_failing_notebook_raises_its_error_and_the_next_gets_a_fresh_kernel(tmp_path, warm):
    pid_nb = _notebook(tmp_path / "pid.ipynb", "import os\nprint(os.getpid())")
    bad = _notebook(tmp_path / "bad.ipynb", "raise ValueError('no such column: ethnic_code')")
    before = _text(kernels.execute_notebook(pid_nb, {}, cwd=tmp_path)).strip()
    with pytest.raises(kernels.CellError) as err:
        kernels.execute_notebook(bad, {}, cwd=tmp_path)
    assert (err.value.ename, err.value.evalue) == ("ValueError", "no such column: ethnic_code")
    after = _text(kernels.execute_notebook(pid_nb, {}, cwd=tmp_path)).strip()
    assert after != before


def test_a_worker_imports_nbformat_without_compiling_the_iri_grammars(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from edi_analysis.pipeline import kernels; kernels.skip_iri_grammars(); import nbformat, nbformat.validator; "
            "nb = nbformat.v4.new_notebook(); nb.cells.append(nbformat.v4.new_code_cell('1')); nbformat.validate(nb); "
            "bad = nbformat.v4.new_notebook(); bad.cells.append({'cell_type': 'nope'}); "
            "print(sys.modules.get('rfc3987_syntax'), nbformat.validator.isvalid(nb), nbformat.validator.isvalid(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # the grammar module is never loaded, and notebooks are validated as before: a good one passes, a bad one fails
    assert done.stdout.split() == ["None", "True", "False"]


def test_a_kernel_that_dies_before_answering_is_replaced_before_any_cell_runs(tmp_path, warm, monkeypatch):
    # as when another process takes one of the ports jupyter_client chose before the kernel binds it
    real, tries = kernels._started, []

    def first_dies(cwd, extra):
        tries.append(1)
        dies = ["--IPKernelApp.exec_lines=import os; os._exit(1)"] if len(tries) == 1 else []
        return real(cwd, extra + dies)

    monkeypatch.setattr(kernels, "_started", first_dies)
    nb = kernels.execute_notebook(_notebook(tmp_path / "a.ipynb", "print('ran', label)"), {"label": "x"}, cwd=tmp_path)
    assert len(tries) == 2 and _text(nb).strip() == "ran x"


def test_a_kernel_computes_with_one_arithmetic_thread_and_the_user_choice_wins(tmp_path, warm, monkeypatch):
    kernels.shutdown_all()  # a fresh kernel, started with this environment
    from edi_analysis.pipeline.worker_env import WORKER_ENV

    for k in WORKER_ENV:
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    nb = _notebook(tmp_path / "env.ipynb", "import os\nprint(os.environ['OPENBLAS_NUM_THREADS'], "
                   "os.environ['NUMPY_MADVISE_HUGEPAGE'], os.environ['MKL_NUM_THREADS'])")
    assert _text(kernels.execute_notebook(nb, {}, cwd=tmp_path)).split() == ["1", "0", "3"]
    import os

    assert "OPENBLAS_NUM_THREADS" not in os.environ  # the worker's own environment (and Chromium's) is untouched
