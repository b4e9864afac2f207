"""The disclosure auditor: each pattern found in a small published table, and not found in its clean variant."""

import json
from html import escape

import pytest

from edi_analysis.__main__ import main as cli
from edi_analysis.disclosure import Policy
from edi_analysis.disclosure.audit import PATTERNS, Finding, audit_dir, audit_sentences, audit_trust, main

MIN = Policy().min_count
LT = f"<{MIN}"  # the primary marker as published


def table(caption, columns, rows):
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
    body = "".join(f'<tr><th scope="row">{escape(label)}</th>' + "".join(f"<td>{escape(str(v))}</td>" for v in cells)
                   + "</tr>" for label, *cells in rows)
    return (f'<div class="edi-table"><table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def page(*tables, findings=()):
    items = "".join(f"<li>{escape(s)}</li>" for s in findings)
    return (f'<html><body><section aria-label="Key findings" class="findings"><h2>Key findings</h2><ul>{items}</ul>'
            f"</section>{''.join(tables)}</body></html>")


def audit_one(tmp_path, *tables, findings=(), name="wres.html"):
    (tmp_path / name).write_text(page(*tables, findings=findings), encoding="utf-8")
    return audit_trust(tmp_path)


def only(found):
    assert len(found) == 1, [f.line() for f in found]
    return found[0]


# --- pattern 1: a total beside its parts with one hidden part ------------------------------------------------

def test_total_column_named_total(tmp_path):
    f = only(audit_one(tmp_path, table("Staff by sex", ["Band", "Men", "Women", "Total"],
                                       [("Band 5", LT, 20, 23), ("Band 6", 30, 40, 70)])))
    assert (f.table, f.row, f.column, f.value, f.pattern) == ("Staff by sex", "Band 5", "Men", 3, 1)
    assert f.file.endswith("wres.html")


def test_total_column_clean_when_the_complement_is_hidden(tmp_path):
    # 23 = x + y with x in 1..4 and y >= 5: x is not pinned
    assert audit_one(tmp_path, table("Staff by sex", ["Band", "Men", "Women", "Total"],
                                     [("Band 5", LT, "*", 23), ("Band 6", 30, 40, 70)])) == []


def test_total_row_named_all_staff(tmp_path):
    f = only(audit_one(tmp_path, table("Entries by route", ["Route", "BME: events", "BME: staff"],
                                       [("All staff (aggregate)", 196, 8967), ("Internationally recruited", LT, 1063),
                                        ("UK-recruited", 193, 7904)])))
    assert (f.row, f.column, f.value, f.pattern) == ("Internationally recruited", "BME: events", 3, 1)


def test_total_row_clean_when_contradicted(tmp_path):
    # the rows overlap (executive members are voting members): the shown column says they do not add up
    assert audit_one(tmp_path, table("Board", ["Board", "Members", "BME"],
                                     [("Voting members", 12, LT), ("Executive members", 7, LT),
                                      ("All board members", 14, 2)])) == []


def test_total_column_found_numerically(tmp_path):
    rows = [("a", 10, 20, 30), ("b", 7, 8, 15), ("c", LT, 9, 12)]
    f = only(audit_one(tmp_path, table("Counts", ["Row", "P", "Q", "R"], rows)))
    assert (f.row, f.column, f.value, f.pattern) == ("c", "P", 3, 1)


def test_total_column_not_assumed_from_one_row(tmp_path):
    # one fully shown row is not enough to say R = P + Q
    assert audit_one(tmp_path, table("Counts", ["Row", "P", "Q", "R"], [("a", 10, 20, 30), ("c", LT, 9, 12)])) == []


def test_total_row_found_numerically(tmp_path):
    rows = [("a", 10, 7, LT), ("b", 20, 8, 9), ("c", 30, 15, 12)]
    f = only(audit_one(tmp_path, table("Counts", ["Row", "P", "Q", "R"], rows)))
    assert (f.row, f.column, f.value) == ("a", "R", 3)


# --- pattern 2: several hidden cells pinned anyway ----------------------------------------------------------

def test_two_primary_cells_summing_to_two(tmp_path):
    found = audit_one(tmp_path, table("Staff", ["Band", "White", "BME", "Unknown", "Total"],
                                      [("Band 8d", 10, LT, LT, 12)]))
    assert sorted((f.column, f.value, f.pattern) for f in found) == [("BME", 1, 2), ("Unknown", 1, 2)]


def test_primary_beside_complementary_summing_to_six(tmp_path):
    f = only(audit_one(tmp_path, table("Staff", ["Band", "White", "BME", "Total"],
                                       [("Band 8d", LT, "*", MIN + 1)])))
    assert (f.column, f.value, f.pattern) == ("White", 1, 2)  # the "*" cell is MIN: not a disclosure


def test_two_hidden_cells_clean_with_slack(tmp_path):
    assert audit_one(tmp_path, table("Staff", ["Band", "White", "BME", "Unknown", "Total"],
                                     [("Band 8d", 10, LT, LT, 14)])) == []


# --- pattern 3: a count beside a percentage of a shown base --------------------------------------------------

PCT = ["Board", "Members", "Disabled", "% disabled"]


def test_percentage_of_a_shown_base(tmp_path):
    rows = [("A", 40, 10, "25.0%"), ("B", 60, 15, "25.0%"), ("C", 20, LT, "15.0%")]
    f = only(audit_one(tmp_path, table("Disabled members", PCT, rows)))
    assert (f.row, f.column, f.value, f.pattern) == ("C", "Disabled", 3, 3)


def test_percentage_of_a_large_base_pins_nothing(tmp_path):
    # 0.2% of 2,000 is anything from 3 to 5: rounding to one decimal leaves more than one count
    rows = [("A", 40, 10, "25.0%"), ("B", 60, 15, "25.0%"), ("C", 2000, LT, "0.2%")]
    assert audit_one(tmp_path, table("Disabled members", PCT, rows)) == []


def test_percentage_of_the_row_total(tmp_path):
    rows = [("Band 5", 60, 40, "60.0%", "40.0%"), ("Band 6", 30, 70, "30.0%", "70.0%"),
            ("Band 9", 5, LT, "71.4%", LT)]
    f = only(audit_one(tmp_path, table("Representation", ["Level", "White (n)", "BME (n)", "White %", "BME %"],
                                       rows)))
    assert (f.row, f.column, f.value, f.pattern) == ("Band 9", "BME (n)", 2, 3)


# --- pattern 4: a difference beside one of its terms --------------------------------------------------------

BOARD = ["Board", "Members", "BME", "% BME on the board", "% of workforce", "Difference (pp)"]
BOARD_ROWS = [("Voting", 10, 5, "50.0%", "40.0%", "+10.0 pp"), ("Executive", 20, 6, "30.0%", "40.0%", "-10.0 pp")]


def test_difference_beside_one_term(tmp_path):
    rows = BOARD_ROWS + [("Non-executive", 12, LT, "suppressed", "40.0%", "-15.0 pp")]
    f = only(audit_one(tmp_path, table("Indicator 9: board", BOARD, rows)))
    assert (f.row, f.column, f.value, f.pattern) == ("Non-executive", "BME", 3, 4)


def test_difference_hidden_too_is_clean(tmp_path):
    rows = BOARD_ROWS + [("Non-executive", 12, LT, "suppressed", "40.0%", "suppressed")]
    assert audit_one(tmp_path, table("Indicator 9: board", BOARD, rows)) == []


# --- pattern 5: relative likelihoods and changes between years ---------------------------------------------

RL = ["Basis", "White: events", "White: staff", "BME: events", "BME: staff", "Relative likelihood", "95% interval"]


def test_relative_likelihood_with_three_counts(tmp_path):
    f = only(audit_one(tmp_path, table("Indicator 3: entering the process", RL,
                                       [("This year", 40, 1000, LT, 100, "1.33", "0.50 to 3.10")])))
    assert (f.row, f.column, f.value, f.pattern) == ("This year", "BME: events", 3, 5)


def test_relative_likelihood_hidden_is_clean(tmp_path):
    assert audit_one(tmp_path, table("Indicator 3: entering the process", RL,
                                     [("This year", 40, 1000, LT, 100, "suppressed", "")])) == []


YEARS = ["Measure", "2025", "2026", "Change since last year"]


def test_change_between_years_with_one_year_hidden(tmp_path):
    rows = [("Members", 10, 12, "+2"), ("Staff", 100, 90, "-10"), ("BME members", LT, 6, "+3")]
    f = only(audit_one(tmp_path, table("Board by year", YEARS, rows)))
    assert (f.row, f.column, f.value, f.pattern) == ("BME members", "2025", 3, 5)


def test_change_hidden_is_clean(tmp_path):
    rows = [("Members", 10, 12, "+2"), ("Staff", 100, 90, "-10"), ("BME members", LT, 6, "suppressed")]
    assert audit_one(tmp_path, table("Board by year", YEARS, rows)) == []


# --- pattern 6: hidden in one place, shown in another --------------------------------------------------------

IND1 = ["Staff and level", "White (n)", "BME (n)", "Unknown (n)"]
CSV_HEAD = "standard,trust_code,year,indicator,breakdown,group,numerator,denominator,value,suppressed\n"


def write_pair(folder, bme_in_csv):
    (folder / "wres.html").write_text(page(table("Indicator 1: representation by level", IND1,
                                                 [("Band 8c", 26, LT, "*")])), encoding="utf-8")
    (folder / "wres_submission.csv").write_text(
        CSV_HEAD + f"WRES,T,2026,1,Band 8c,White,26,,,False\nWRES,T,2026,1,Band 8c,BME,{bme_in_csv},,,False\n",
        encoding="utf-8")


def test_hidden_in_html_shown_in_export(tmp_path):
    write_pair(tmp_path, "3")
    f = only(audit_trust(tmp_path))
    assert (f.table, f.row, f.column, f.value, f.pattern) == (
        "Indicator 1: representation by level", "Band 8c", "BME (n)", 3, 6)
    assert "wres_submission.csv" in f.how


def test_hidden_in_both_is_clean(tmp_path):
    write_pair(tmp_path, LT)
    assert audit_trust(tmp_path) == []


def test_export_feeds_the_html_tables_lines(tmp_path):
    # the export shows the complementary cell (12); the HTML total then gives the primary one away
    (tmp_path / "wres.html").write_text(page(table("Indicator 1: representation by level", IND1 + ["Total"],
                                                   [("Band 8c", 26, "*", LT, 41)])), encoding="utf-8")
    (tmp_path / "wres_submission.csv").write_text(CSV_HEAD + "WRES,T,2026,1,Band 8c,BME,12,41,,False\n",
                                                  encoding="utf-8")
    f = only(audit_trust(tmp_path))
    assert (f.column, f.value, f.pattern) == ("Unknown (n)", 3, 6)


# --- pattern 7: key-finding sentences ---------------------------------------------------------------------

@pytest.mark.parametrize("sentence, value", [
    ("Only 3 people on the board are from ethnic minority groups.", 3),
    ("Disabled staff entered the process more often (2 staff).", 2),
    ("Two board members are disabled.", 2),
    ("25.0% of 8 board members are BME.", 2),
    ("Disabled members: 37.5% (n = 8).", 3),
    ("The board has 3 BME members.", 3),
])
def test_sentences_that_state_a_small_count(sentence, value):
    f = only(audit_sentences("r.html", [sentence], MIN))
    assert (f.value, f.pattern, f.row) == (value, 7, sentence)


@pytest.mark.parametrize("sentence", [
    "Latest 24.3 per 1,000 staff (Mar 2026).",
    "BME staff are 51.0% of the workforce.",
    "120 staff left; 30.0% of 1,000 staff responded.",
    "Three findings for the board.",
    "One in three staff reported it.",
    "Pay gaps in 2 staff groups are wide.",
    "37.5% (n = 80) said so.",
])
def test_sentences_without_small_counts(sentence):
    assert audit_sentences("r.html", [sentence], MIN) == []


def test_key_findings_are_read_from_the_page(tmp_path):
    f = only(audit_one(tmp_path, findings=["Only 2 staff were appointed."]))
    assert (f.table, f.value, f.pattern) == ("key findings", 2, 7)


# --- API and command line ------------------------------------------------------------------------------------

def test_threshold_comes_from_the_caller(tmp_path):
    rows = [("Band 5", "<8", 20, 26), ("Band 6", 30, 40, 70)]
    (tmp_path / "r.html").write_text(page(table("Staff", ["Band", "Men", "Women", "Total"], rows)), encoding="utf-8")
    assert [f.value for f in audit_trust(tmp_path, min_count=8)] == [6]
    assert audit_trust(tmp_path, min_count=MIN) == []  # 6 is not under the default threshold


def test_audit_dir_walks_years_and_trusts(tmp_path):
    leak = page(table("Staff", ["Band", "Men", "Women", "Total"], [("Band 5", LT, 20, 23), ("B", 1, 2, 3)]))
    for trust in ("T1", "T2"):
        (tmp_path / "2026" / trust).mkdir(parents=True)
        (tmp_path / "2026" / trust / "wres.html").write_text(leak if trust == "T1" else page(), encoding="utf-8")
    found = audit_dir(tmp_path)
    assert [(f.file.split("/")[-2], f.value) for f in found] == [("T1", 3)]


def test_finding_line_names_everything():
    f = Finding("a/wres.html", "Board", "Voting", "BME", 2, 4, "why")
    line = f.line()
    for part in ("a/wres.html", "Board", "Voting", "BME", "= 2", "pattern 4", PATTERNS[4]):
        assert part in line


def test_cli_exit_codes_and_json(tmp_path, capsys):
    clean, leaky = tmp_path / "clean", tmp_path / "leaky"
    clean.mkdir()
    leaky.mkdir()
    (clean / "wres.html").write_text(page(), encoding="utf-8")
    (leaky / "wres.html").write_text(page(table("Staff", ["Band", "Men", "Women", "Total"],
                                                [("Band 5", LT, 20, 23)])), encoding="utf-8")
    assert main([str(clean)]) == 0
    assert "0 hidden count(s)" in capsys.readouterr().out
    out_json = tmp_path / "f.json"
    assert cli(["audit", str(leaky), "--json", str(out_json)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "= 3" in out[0] and out[1].startswith("1 hidden count(s)")
    assert json.loads(out_json.read_text())[0]["value"] == 3
    assert main([str(leaky), "--min-count", "3"]) == 0  # 3 is not under a threshold of 3
    capsys.readouterr()
    assert main([]) == 2
    assert main([str(tmp_path / "missing")]) == 2
    assert main([str(clean), "--min-count", "0"]) == 2
    assert main([str(clean), "--min-count", "x"]) == 2


def test_benchmark_data_set_value_beside_a_suppressed_numerator(tmp_path):
    head = ("trust_code,metric,group,value,low,high,numerator,denominator,ref_numerator,ref_denominator,kind,"
            "suppressed\n")
    rows = ["A,BME %,BME,25.0,,,10.0,40.0,,,proportion,False", "B,BME %,BME,50.0,,,30.0,60.0,,,proportion,False"]
    (tmp_path / "benchmark.csv").write_text(head + "\n".join(rows + ["C,BME %,BME,15.0,,,,20.0,,,proportion,True"]),
                                            encoding="utf-8")
    f = only(audit_trust(tmp_path))
    assert (f.table, f.row, f.column, f.value, f.pattern) == ("BME %", "C BME", "numerator", 3, 3)
    (tmp_path / "benchmark.csv").write_text(head + "\n".join(rows + ["C,BME %,BME,,,,,20.0,,,proportion,True"]),
                                            encoding="utf-8")
    assert audit_trust(tmp_path) == []


def test_tables_protected_by_the_policy_give_nothing_away(tmp_path):
    """The policy's complementary suppression and the auditor agree: a cross-tabulation with public totals,
    suppressed by :func:`suppress_matrix`, yields no finding; hiding only the small cells of the same tables
    does (the auditor is not blind)."""
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    from edi_analysis.disclosure import suppress_matrix

    rng = np.random.default_rng(7)
    protected = leaky = 0
    for trial in range(60):
        nr, nc = rng.integers(2, 5), rng.integers(2, 4)
        values = rng.choice([0, 1, 2, 3, MIN + 1, 2 * MIN, 8 * MIN], size=(nr, nc))
        counts = pd.DataFrame(values, columns=[f"G{j}" for j in range(nc)], index=[f"R{i}" for i in range(nr)])
        try:
            published = suppress_matrix(counts, Policy())
        except ValueError:  # a public total pins a small count whatever is hidden: the policy refuses the table
            continue
        primary = counts.astype(object).where(~counts.isin(range(1, MIN)), LT)
        for pub, name in ((published, "protected"), (primary, "primary")):
            rows = [(i, *[str(v) for v in pub.loc[i]], str(counts.loc[i].sum())) for i in counts.index]
            rows.append(("Total", *[str(counts[c].sum()) for c in counts.columns], str(counts.values.sum())))
            folder = tmp_path / f"{trial}-{name}"
            folder.mkdir()
            html = page(table("T", ["Row", *counts.columns, "Total"], rows))
            (folder / "r.html").write_text(html, encoding="utf-8")
            found = audit_trust(folder)
            if name == "protected":
                assert found == [], [f.line() for f in found]
                protected += 1
            else:  # what it recovers is the true count
                assert all(f.value == counts.loc[f.row, f.column] for f in found)
                leaky += bool(found)
    assert protected >= 20 and leaky >= 10
