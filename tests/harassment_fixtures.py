"""Constructed staff survey tables for the HIA 6 tests (every mapped question, hand-chosen counts)."""

import pandas as pd

from edi_analysis.metrics.survey import item_map


def constructed_survey(year=2025):
    """Every mapped question: all staff 200 (40 positive), White 150 (30), BME 11 (3), Mixed 10 (2)."""
    rows = []
    for item in item_map(year).values():
        for dim, group, n, x in (("All staff", "All staff", 200, 40), ("Ethnicity", "White", 150, 30),
                                 ("Ethnicity", "BME", 11, 3), ("Ethnicity (Census 5)", "White", 150, 30),
                                 ("Ethnicity (Census 5)", "Mixed", 10, 2)):
            rows.append({"year": year, "question": item.question, "group_dimension": dim, "group_value": group,
                         "responses": n, "positive_responses": x})
    return pd.DataFrame(rows)


def sums_survey(year=2025):
    """Age bands and sexes add up to all staff (200 responses, 40 positive); religions do not (some skip it)."""
    groups = [("All staff", "All staff", 200, 40),
              ("Age band", "16-24", 3, 1), ("Age band", "25-34", 60, 10), ("Age band", "35-44", 80, 16),
              ("Age band", "45-54", 57, 13),
              ("Sex", "Female", 150, 30), ("Sex", "Male", 47, 9), ("Sex", "Intersex", 3, 1),
              ("Religion", "Christianity", 100, 20), ("Religion", "Sikhism", 3, 1), ("Religion", "Islam", 40, 8)]
    return pd.DataFrame([{"year": year, "question": item.question, "group_dimension": d, "group_value": g,
                          "responses": n, "positive_responses": x}
                         for item in item_map(year).values() for d, g, n, x in groups])
