"""Report titles that say what each report covers."""

from edi_analysis.pipeline.jobs import report_title


def test_titles_say_what_a_report_covers():
    assert report_title("pay_gaps", 2026) == ("Pay gaps 2026: sex, ethnicity, disability, sexual orientation, religion "
                                              "and age")
    assert report_title("summary", 2026).startswith("Board summary 2026")
    assert report_title("something_new", 2026) == "Something new 2026"
