# %% [markdown]
# # Exploring a trust's data
#
# A starting point for your own questions, not a report: `make reports` never builds this notebook, and what it
# shows is **not suppressed**. Keep it, and anything you copy from it, inside the trust. To publish a figure,
# add it to the package with its disclosure spec and show it through a view, as the report notebooks do.
#
# It runs on a fictional trust; set `trust_code` (and `data_dir`, if your data is elsewhere) for your own.
# Open it with `make lab`. The package's reference (`make docs`) describes every table and function used here.

# %% tags=["parameters"]
trust_code = "SYN01"  # organisation code: reads params/<trust_code>.yaml
year = 2026  # snapshot year: staff employed on 31 March of this year
params_dir = "../params"  # folder holding the trusts' params files, relative to this notebook
data_dir = ""  # empty: use the data folder named in the params file; or give a folder to use instead

# %%
import pandas as pd
import seaborn as sns

from edi_analysis.disclosure import Policy
from edi_analysis.io import PAY_BANDS, load_trust
from edi_analysis.metrics import stats
from edi_analysis.results import pay_gaps
from edi_analysis.views.charts import PALETTE

# %% [markdown]
# ## Load the trust once
#
# `load_trust` reads and checks every input file for every year up to `year` (one error lists every problem),
# and adds the analysis groups (ethnicity, disability, age band, ...) to the staff snapshots.

# %%
data = load_trust(trust_code, year, params_dir=params_dir, data_dir=data_dir)

# %% [markdown]
# ## The results object: every figure of a report as tidy tables
#
# `pay_gaps.compute` returns the pay gap report's figures, unsuppressed, each table a DataFrame with the counts
# it comes from. The other reports work the same way (`results.standards.compute(data, "WRES")`,
# `results.harassment.compute(data)`, ...).

# %%
res = pay_gaps.compute(data)
sorted(res.SPECS)

# %% [markdown]
# ### Pull a tidy table
#
# The sex pay gap in every year, with group sizes and the 95% bootstrap interval of the median gap.

# %%
res.gaps.query("comparison == 'sex'")[
    ["year", "n_full_pay_reference", "n_full_pay_focus", "median_gap", "median_gap_low", "median_gap_high"]
]

# %% [markdown]
# ### Cut it by another characteristic
#
# The results hold the figures the report needs. For another cut, go back to the staff snapshot: here the median
# hourly pay of White and BME staff within each pay band (full-pay relevant employees, as the statutory measures).

# %%
staff = data.staff()
full_pay = staff[staff["full_pay_relevant"].eq(True) & staff["hourly_rate"].notna()]
full_pay = full_pay.assign(pay_band=pd.Categorical(full_pay["pay_band"], categories=PAY_BANDS, ordered=True))
by_band = (
    full_pay.query("ethnicity in ['White', 'BME']")
    .groupby(["pay_band", "ethnicity"], observed=True)["hourly_rate"]
    .agg(staff="count", median_pay="median")
    .reset_index()
)
by_band.head(10)

# %% [markdown]
# ### Chart it
#
# seaborn draws straight from the tidy table, in the project's palette.

# %%
sns.pointplot(
    data=by_band, x="median_pay", y="pay_band", hue="ethnicity", hue_order=["BME", "White"],
    palette=[PALETTE["light"], PALETTE["dark"]], markers=["o", "s"], linestyle="none", dodge=0.4,
).set(xlabel="Median hourly pay (£)", ylabel="Pay band", title="Median hourly pay by band and ethnicity");

# %% [markdown]
# ### Test a difference with the package's statistics
#
# Are BME staff as likely as White staff to be in band 8a or above? The WRES population (bank-only staff left
# out), a relative likelihood with its 95% interval, and the reading the WRES report would give it
# (`metrics.stats`: Katz log interval, the four-fifths non-adverse range).

# %%
workforce = data.workforce()
senior = pd.crosstab(workforce["ethnicity"], workforce["pay_band"].isin(["8a", "8b", "8c", "8d", "9", "VSM"]))
senior

# %%
stats.rl_summary(
    focus_events=int(senior.loc["BME", True]), focus_n=int(senior.loc["BME"].sum()),
    reference_events=int(senior.loc["White", True]), reference_n=int(senior.loc["White"].sum()),
)

# %% [markdown]
# The same difference as percentage points, with Newcombe's interval (as proportions: multiply by 100).

# %%
stats.newcombe(int(senior.loc["BME", True]), int(senior.loc["BME"].sum()),
               int(senior.loc["White", True]), int(senior.loc["White"].sum()))

# %% [markdown]
# ## What a report would publish
#
# The disclosure policy turns the results into what may be published: small counts, and every figure built on
# them, are hidden. Views (`edi_analysis.views`) read only these published results.

# %%
pub = Policy.from_params(data.params).apply(res)
pub.band_distribution[["level", "n_reference", "n_focus", "median_reference", "median_focus"]]
