"""Distribution charts: seaborn draws exactly the published percentiles, hidden groups stay empty, alt text."""

import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.results import pay_gaps
from edi_analysis.views import display
from edi_analysis.views import distributions as views
from edi_analysis.views.charts import PALETTE

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed trust (tests use importlib mode)
from pay_gap_fixtures import base_rows, staff_table, trust


@pytest.fixture(scope="module")
def pub():
    staff = staff_table(base_rows(disabled=8) + [("Male", "A", "No", 18.5, 3)])
    return Policy().apply(pay_gaps.compute(trust(staff)))


def test_the_box_is_the_published_quartiles_and_the_whiskers_the_10th_and_90th_percentiles():
    fig = views._draw([("Women", "focus", [10.0, 24.0, 25.0, 26.0, 60.0])], ["Women"],
                      {"focus": PALETTE["light"], "reference": PALETTE["dark"]}, title="t", dodge=False, legend=False)
    ax = fig.axes[0]
    box = ax.patches[0].get_path().get_extents()
    assert (box.x0, box.x1) == pytest.approx((24.0, 26.0))
    xs = sorted({round(x, 6) for line in ax.lines for x in line.get_xdata()})
    assert xs == [10.0, 24.0, 25.0, 26.0, 60.0]  # whisker ends, box edges and the median line: nothing else
    plt.close(fig)


def test_seaborn_is_given_five_published_values_per_group_never_staff():
    data = views._long([("Men", "reference", [1.0, 2.0, 3.0, 4.0, 5.0]), ("Disabled", "focus", None)])
    assert list(data["category"]) == ["Men"] * 5 and data["pay"].dtype == "float64"


def test_group_chart_states_the_figures_and_leaves_hidden_groups_out(pub):
    fig = views.group_distribution_chart(pub)
    assert isinstance(fig, display.Figure)
    assert "Men: median £22.18, middle half" in fig.alt  # the men's median worked out in the results test
    assert "Disabled: not shown" in fig.alt and "fewer than 10 staff are not shown" in fig.caption


def test_band_chart_names_what_is_hidden(pub):
    fig = views.band_distribution_chart(pub)
    assert "band 7, women: median" in fig.alt and "Not shown (too few staff): band 5 (men)" in fig.alt
    html = views.pay_distributions(pub)._repr_html_()
    assert html.count("<figure") == 2 and 'alt="Box chart' in html


def test_everything_hidden_reads_as_a_note(pub):
    import dataclasses

    from edi_analysis.disclosure import Hidden

    hidden = pub.distribution.copy()
    for col in hidden.columns:
        if col.startswith(("p", "median")):
            hidden[col] = pd.Series([Hidden("suppressed", "derived")] * len(hidden), dtype="object")
    out = views.group_distribution_chart(dataclasses.replace(pub, distribution=hidden))
    assert isinstance(out, display.Html) and "too small to publish" in out.markup


def test_views_refuse_unpublished_results():
    staff = staff_table(base_rows())
    with pytest.raises(TypeError):
        views.pay_distributions(pay_gaps.compute(trust(staff)))
