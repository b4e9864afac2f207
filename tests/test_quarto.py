"""The Quarto route, with a stub ``quarto`` program on PATH: command line, working folder, output placement, errors."""

import json
import sys
from pathlib import Path

import nbformat
import pytest

from edi_analysis.pipeline import quarto
from edi_analysis.pipeline import run as pipeline_run
from edi_analysis.pipeline.cache import job_fingerprint
from edi_analysis.pipeline.jobs import Job

STUB = """#!{python}
import json, os, sys
from pathlib import Path
args = sys.argv[1:]
nb = json.loads(Path(args[1]).read_text())
Path({record!r}).write_text(json.dumps({{"argv": args, "cwd": os.getcwd(), "files": sorted(os.listdir("."))}}))
if {fail}:
    print("ERROR: pandoc exploded", file=sys.stderr)
    sys.exit(1)
text = lambda v: "".join(v) if isinstance(v, list) else v  # nbformat may store text as a list of lines
body = "".join(text(o["data"]["text/html"]) for c in nb["cells"] if c["cell_type"] == "code"
               for o in c["outputs"] if "data" in o)
front = text(nb["cells"][0]["source"])
Path(args[args.index("--output") + 1]).write_text("<html>" + front + body + "</html>")
"""


@pytest.fixture
def stub(tmp_path, monkeypatch):
    """A ``quarto`` on PATH that records how it was called; ``stub(fail=True)`` makes it fail."""
    def make(fail: bool = False) -> Path:
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir(exist_ok=True)
        record = tmp_path / "quarto-call.json"
        exe = bin_dir / "quarto"
        exe.write_text(STUB.format(python=sys.executable, record=str(record), fail=fail))
        exe.chmod(0o755)
        monkeypatch.setenv("PATH", str(bin_dir))
        return record
    return make


def executed_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    shown = nbformat.v4.new_code_cell("views.title(pub)")
    shown.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>Shown to the board</p>"}),
                     nbformat.v4.new_output("stream", name="stderr", text="a kernel warning")]
    hidden = nbformat.v4.new_code_cell("res.gaps", metadata={"tags": ["remove-cell"]})
    hidden.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>unsuppressed table</p>"})]
    nb.cells = [shown, hidden]
    return nb


def job(tmp_path: Path, renderer: str = "quarto") -> Job:
    out = tmp_path / "reports" / "2026" / "SYN01" / "pay_gaps.html"
    return Job(trust_code="SYN01", trust_name="Trust", year=2026, notebook=tmp_path / "pay_gaps.ipynb",
               params_file=None, out_file=out, data_dir=tmp_path / "none", code_hash="x", renderer=renderer)


def test_quarto_renders_the_executed_notebook_in_a_scratch_folder_beside_the_staged_report(tmp_path, stub):
    record = stub()
    j = job(tmp_path)
    html = quarto.render_html(executed_notebook(), "Pay gap report 2026: Trust", j)
    call = json.loads(record.read_text())
    workdir = j.stage_dir / ".quarto-pay_gaps"
    assert call["argv"] == ["render", "pay_gaps.ipynb", "--to", "html", "--no-execute", "--output", "pay_gaps.html"]
    assert Path(call["cwd"]) == workdir and call["files"] == ["pay_gaps.ipynb"]
    assert not workdir.exists()  # scratch files are cleaned up
    # what the board sees: the outputs, the title, code hidden; not the researcher's cells or the console
    assert "Shown to the board" in html and "title: 'Pay gap report 2026: Trust'" in html
    assert "echo: false" in html and "embed-resources: true" in html
    assert "unsuppressed table" not in html and "a kernel warning" not in html


def test_a_failing_quarto_is_reported_with_what_it_said(tmp_path, stub):
    stub(fail=True)
    j = job(tmp_path)
    with pytest.raises(RuntimeError, match="quarto render failed \\(exit 1\\): ERROR: pandoc exploded"):
        quarto.render_html(executed_notebook(), "T", j)
    assert not (j.stage_dir / ".quarto-pay_gaps").exists()


def test_nbconvert_stays_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no quarto anywhere: the default needs none
    html = quarto.render_html(executed_notebook(), "A title", job(tmp_path, "nbconvert"))
    assert "Shown to the board" in html and "unsuppressed table" not in html
    assert Job.__dataclass_fields__["renderer"].default == "nbconvert"


def test_missing_quarto_stops_the_build_before_anything_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "reports"
    code = pipeline_run.main(["--renderer", "quarto", "--out", str(out), "--params", str(tmp_path / "params")])
    err = capsys.readouterr().err
    assert code == 2 and "needs the 'quarto' program" in err and "quarto.org" in err
    assert not out.exists()
    with pytest.raises(quarto.QuartoMissing):
        quarto.render_html(executed_notebook(), "T", job(tmp_path))


def test_another_renderer_is_another_report(tmp_path):
    (tmp_path / "pay_gaps.ipynb").write_text("{}")
    assert job_fingerprint(job(tmp_path, "quarto")) != job_fingerprint(job(tmp_path, "nbconvert"))


def test_unknown_renderer(tmp_path):
    with pytest.raises(ValueError, match="use one of nbconvert, quarto"):
        quarto.render_html(executed_notebook(), "T", job(tmp_path, "pandoc"))


@pytest.mark.slow
def test_run_job_places_quartos_html_as_the_staged_report(tmp_path, stub):
    record = stub()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("from IPython.display import HTML\nHTML(f'<p>x is {x}</p>')")]
    path = tmp_path / "pay_gaps.ipynb"
    nbformat.write(nb, path)
    j = job(tmp_path)
    outcome = pipeline_run.run_job(j)
    assert outcome.status == "built", outcome.message
    assert "<p>x is 1</p>" in j.staged_file.read_text() and Path(json.loads(record.read_text())["cwd"]).parent == j.stage_dir
