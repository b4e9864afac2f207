"""The reader-text check: developer markers in a report's visible text and attributes, and the publishing gate."""

import base64
from pathlib import Path

import pytest

from edi_analysis.pipeline.board_pack import REPORTS
from edi_analysis.pipeline.reader_text import developer_markers, reader_text, staged_reports_problem


def page(body: str) -> str:
    return f"<html><head><style>.x {{ --sdc-mode: none }}</style><title>T</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(("body", "kind", "token"), [
    ("<p>not found under ../shared/data/reference: point it elsewhere</p>", "file path", "../shared/data/reference"),
    ("<p>Save it as staff_snapshots.csv</p>", "file path", "staff_snapshots.csv"),
    ("<p>Set 'reference_data' to the folder</p>", "code identifier", "reference_data"),
    ("<p>the params file can set it</p>", "params key", "params"),
    ("<td>sdc.suppress_board: true</td>", "code identifier", "sdc.suppress_board"),
    ("<p>build with --sdc-mode internal</p>", "command-line flag", "--sdc-mode"),
    ("<p>made by edi_analysis.results</p>", "module name", "edi_analysis"),
    ("<p>call compute(data) first</p>", "function call", "compute("),
    ("<p>see res.representation() and load_trust(x)</p>", "function call", "res.representation("),
    ("<p>see load_trust for details</p>", "code identifier", "load_trust"),
    ("<p>The metrics Specification, section 5</p>", "developer word", "Specification"),
    ("<p>Census-5 groups</p>", "developer word", "Census-5"),
    ("<pre>Traceback (most recent call last):\n  File \"x.py\", line 3</pre>", "stack trace",
     "Traceback (most recent call last)"),
    ("<p>KeyError: 'pct'</p>", "error class name", "KeyError"),
    ("<td>nan%</td>", "missing value shown", "nan"),
    ("<td>NaN</td>", "missing value shown", "NaN"),
    ("<td>None</td>", "missing value shown", "None"),
    ("<td>&lt;NA&gt;</td>", "missing value shown", "<NA>"),
    ('<img alt="Bar chart: BME nan%" src="x.png">', "missing value shown", "nan"),
    ('<span title="from params">x</span>', "params key", "params"),
])
def test_each_kind_of_marker_is_found_with_its_context(body, kind, token):
    found = developer_markers(page(body))
    assert any(line.startswith(f"{kind} {token!r} in: ") for line in found), found


@pytest.mark.parametrize("body", [
    "<p>None of the 12 board members is disabled; 4.0% of staff (95% interval 3.1% to 5.2%).</p>",
    "<td>&lt;5</td><td>*</td><td>suppressed</td>",
    "<p>The number of trust(s) in the run; Census 2021 (all usual residents).</p>",
    "<p>Limits around the pooled figure, p ± z √(p(1−p)/n), on the log(RR) scale.</p>",
    '<div class="celltag_detail jp-mod-noInput" id="cell-id=abc"><a href="wres_submission.csv">download</a></div>',
    "<style>.edi_report { x: y }</style><script>load_trust()</script>",
])
def test_reader_text_alone_passes(body):
    assert developer_markers(page(body)) == []


def test_text_inside_an_embedded_svg_chart_is_read():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><metadata><dc:title>/usr/lib/python3/matplotlib/backends'
           '</dc:title></metadata><text>BME nan%</text><title>chart</title></svg>')
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    assert "BME nan%" in reader_text(page(f'<img alt="chart" src="{uri}">'))
    assert [m.split(" in: ")[0] for m in developer_markers(page(f'<img alt="chart" src="{uri}">'))] == [
        "missing value shown 'nan'"]  # the drawing library's metadata is not reader text


def test_the_gate_names_each_report_and_only_checks_the_reports_built(tmp_path: Path):
    (tmp_path / "wres.html").write_text(page("<p>set sdc.suppress_board</p>"))
    (tmp_path / "wdes.html").write_text(page("<p>Board members hold public office.</p>"))
    (tmp_path / "old.html").write_text(page("<p>--sdc-mode</p>"))  # published earlier: not this build's
    problem = staged_reports_problem(tmp_path, {"wres.html", "wdes.html"})
    assert problem is not None and problem.startswith("reader text check: ")
    assert "wres.html: code identifier 'sdc.suppress_board'" in problem
    assert "wdes.html" not in problem and "old.html" not in problem
    assert staged_reports_problem(tmp_path, {"wdes.html"}) is None


@pytest.mark.slow
def test_every_built_report_holds_nothing_but_reader_text(built_two_trusts):
    out, outcomes, _ = built_two_trusts
    assert outcomes and all(o.status == "built" for o in outcomes), [o.message for o in outcomes]
    # every report each trust has, the summary too (the landing page lists the export files by name)
    pages = sorted(o.out_file for o in outcomes if o.out_file is not None)
    assert {(p.parent.name, p.stem) for p in pages} >= {(t, n) for t in ("SYN02", "SYN08") for n in REPORTS}
    found = {p.relative_to(out).as_posix(): developer_markers(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_pipeline_keeps_the_earlier_report_when_the_new_one_has_developer_text(tmp_path: Path):
    from edi_analysis.disclosure import Policy
    from edi_analysis.pipeline.jobs import Outcome, stage_dir_of
    from edi_analysis.pipeline.run import publish_staged

    folder = tmp_path / "2026" / "T01"
    folder.mkdir(parents=True)
    (folder / "wres.html").write_text(page("<p>Earlier report.</p>"))
    staged = stage_dir_of(folder)
    staged.mkdir(parents=True)
    (staged / "wres.html").write_text(page("<p>Build with --sdc-mode internal.</p>"))
    built = Outcome(name="T01 wres 2026", status="built", seconds=0.0, out_file=folder / "wres.html",
                    trust_code="T01", year=2026, notebook="wres")
    lines: list[str] = []
    (after,) = publish_staged(tmp_path, [built], {"T01": Policy.from_settings({}, mode="internal")},
                              echo=lines.append)
    assert after.status == "failed" and after.message.startswith("reader text check: 1 piece(s)")
    assert "wres.html: command-line flag '--sdc-mode'" in after.message
    assert lines == ["          T01: reader text check failed; earlier reports kept"]
    assert "Earlier report." in (folder / "wres.html").read_text() and not staged.exists()


def test_folders_checked_side_by_side_each_promoted_or_kept_on_its_own_check(tmp_path: Path):
    from edi_analysis.disclosure import Policy
    from edi_analysis.pipeline.executors import LocalExecutor
    from edi_analysis.pipeline.jobs import Outcome, stage_dir_of
    from edi_analysis.pipeline.run import publish_staged

    outcomes = []
    for code, text in (("T01", "<p>Build with --sdc-mode internal.</p>"), ("T02", "<p>New report.</p>")):
        folder = tmp_path / "2026" / code
        folder.mkdir(parents=True)
        (folder / "wres.html").write_text(page("<p>Earlier report.</p>"))
        stage_dir_of(folder).mkdir(parents=True)
        (stage_dir_of(folder) / "wres.html").write_text(page(text))
        outcomes.append(Outcome(name=f"{code} wres 2026", status="built", seconds=0.0, out_file=folder / "wres.html",
                                trust_code=code, year=2026, notebook="wres"))
    internal = Policy.from_settings({}, mode="internal")
    lines: list[str] = []
    t01, t02 = publish_staged(tmp_path, outcomes, {"T01": internal, "T02": internal}, echo=lines.append,
                              executor=LocalExecutor(2))
    assert t01.status == "failed" and "--sdc-mode" in t01.message and t02.status == "built"
    assert "Earlier report." in (tmp_path / "2026" / "T01" / "wres.html").read_text()
    assert "New report." in (tmp_path / "2026" / "T02" / "wres.html").read_text()
    assert lines == ["          T01: reader text check failed; earlier reports kept"]
