"""Formula-safe, atomic CSV writing (edi_analysis.io.write)."""

import numpy as np
import pandas as pd

from edi_analysis.io.write import neutralise, write_csv


def test_whole_numbers_beside_blanks_stay_whole(tmp_path):
    frame = pd.DataFrame({"n": pd.Series([220, None, 31, np.nan], dtype=object), "k": list("abcd")})
    out = neutralise(frame)
    assert out["n"].tolist()[0] == 220 and isinstance(out["n"].tolist()[0], int)
    write_csv(tmp_path / "x.csv", frame)
    assert (tmp_path / "x.csv").read_text().splitlines() == ["n,k", "220,a", ",b", "31,c", ",d"]


def test_formula_text_is_neutralised_and_negative_numbers_stay_numbers(tmp_path):
    frame = pd.DataFrame({"text": ["=SUM(A1)", "+1+2", "-cmd", "@A1", "plain", "-12", "-3.5", None],
                          "value": pd.Series([-4, 7, -1, 0, 2, -12, 3, None], dtype=object),
                          "float": [-2.5, 1.0, 0.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    out = neutralise(frame)
    assert out["text"].tolist()[:7] == ["'=SUM(A1)", "'+1+2", "'-cmd", "'@A1", "plain", "-12", "-3.5"]
    assert pd.isna(out["text"].iloc[7])
    assert out["value"].tolist()[:7] == [-4, 7, -1, 0, 2, -12, 3] and out["value"].iloc[7] is None
    assert out["float"].dtype == float and out["float"].iloc[0] == -2.5
    assert frame["text"].iloc[0] == "=SUM(A1)"  # the caller's frame is untouched
    write_csv(tmp_path / "y.csv", frame)
    lines = (tmp_path / "y.csv").read_text().splitlines()
    assert lines[1] == "'=SUM(A1),-4,-2.5" and lines[6] == "-12,-12,5.0" and lines[8] == ",,7.0"
