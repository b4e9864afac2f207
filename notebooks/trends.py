# %% [markdown] tags=["remove-cell"]
# Quarterly equality trends as SPC charts. Parameters come first; the report body follows. Cells tagged remove-cell, like this one, stay out of the report; stop after the compute cell to look at the tidy results.

# %% tags=["parameters"]
trust_code = "SYN02"  # organisation code: reads params/<trust_code>.yaml
year = 2026  # last snapshot year: quarters up to 31 March of this year
params_dir = "../params"  # folder holding the trusts' params files, relative to this notebook
data_dir = ""  # empty: use the data folder named in the params file; or give a folder to use instead
sdc_mode = ""  # empty: as in the params file; publish hides small numbers; internal shows them
benchmark_file = ""  # the run's benchmark data set (set by the pipeline); empty: no comparison with other trusts

# %%
from edi_analysis.io import load_benchmark, load_trust
from edi_analysis.disclosure import Policy
from edi_analysis.results import trends as results
from edi_analysis.results import benchmark as compared_results
from edi_analysis.views import trends as views
from edi_analysis.views import findings
from edi_analysis.views import benchmark as bench

data = load_trust(trust_code, year, params_dir=params_dir, data_dir=data_dir)
others = load_benchmark(benchmark_file)

# %%
res = results.compute(data)
compared = compared_results.compute(others, year, peer_count=data.params.peer_count)

# %%
policy = Policy.from_params(data.params, mode=sdc_mode or None)
pub = policy.apply(res)
pub_compared = policy.apply(compared)

# %% tags=["remove-cell"]
# The tidy, unsuppressed results (not in the report): every table of res is a DataFrame.
list(res.series)

# %%
views.title(pub)

# %% [markdown]
# Annual snapshots arrive late and cannot tell a real change from a good or bad quarter. This report follows key equality measures **every quarter** and uses statistical process control (SPC), the NHS *Making Data Count* method, to answer one question for each: **is what we see a real change (special cause variation) or the ups and downs any process produces (common cause variation)?**

# %%
findings.key_findings(pub)

# %%
views.missing_note(pub)

# %% [markdown]
# ### How to read the charts
#
# Grey dots are quarters within normal variation. A **blue circle** marks a quarter that signals improvement, an **orange diamond** one that signals concern. Signals are: a point outside the dashed process limits; seven quarters in a row above or below the mean; seven rising or falling in a row; or two of three quarters close to a limit. The ring at the top right summarises the latest quarter (H or L: a signal high or low); where there is a target, the second ring says whether it will be met consistently (P), missed consistently (F), or hit and missed by chance (?).

# %% [markdown]
# ## Representation in senior bands
#
# The share of staff in Agenda for Change bands 8a and above (and very senior managers) who are BME, against all staff in those bands (EDI Improvement Plan success metric 2c).

# %%
views.chart(pub, "bme_senior")

# %%
views.table(pub, "bme_senior")

# %% [markdown]
# ## Disability and ethnicity on the staff record
#
# Few staff record a disability on the staff record compared with the staff survey, where nearly one in four report a long-term condition. Declaration rates show whether campaigns to improve recording are working; a rising share of disabled staff may reflect better recording rather than more disabled staff.

# %%
views.chart(pub, "disabled_share")

# %%
views.table(pub, "disabled_share")

# %%
views.chart(pub, "disability_declared")

# %%
views.chart(pub, "ethnicity_declared")

# %% [markdown]
# ## Formal disciplinary process (the WRES indicator 3 process)
#
# Entries into the formal disciplinary process (a formal investigation started) per 1,000 staff in each quarter. Lower is better. These quarterly rates track the process locally; the WRES indicator itself is an annual relative likelihood and is reported separately.

# %%
views.chart(pub, "disciplinary_bme")

# %%
views.table(pub, "disciplinary_bme")

# %%
views.p_chart_view(pub, "disciplinary_bme")

# %%
views.chart(pub, "disciplinary_white")

# %% [markdown]
# ## Formal capability process on grounds of performance (the WDES metric 3 process)
#
# Entries into the formal capability process for performance (not ill health) per 1,000 staff in each quarter. Lower is better. This is a different process from disciplinary action and is never combined with it.

# %%
views.chart(pub, "capability_disabled")

# %%
views.chart(pub, "capability_non_disabled")

# %% [markdown]
# ## How the trust compares
#
# The latest figures beside the trust's system, its region and all trusts in the run, each group's figure pooled from the trusts' own counts.

# %%
bench.trust_comparison(pub_compared, trust_code, "trends")

# %% [markdown]
# ## Method and caveats
#
# - **Data.** Quarter-end staff snapshots (bank-only workers excluded) and employee relations cases with their start dates. Groups are as recorded on the staff record: ethnicity by NHS ethnic category (White: A, B, C; BME: all other known codes), disability as declared.
# - **SPC.** XmR charts as in NHSRplotthedots 0.2.2, the NHS-R Community's implementation of *Making Data Count*: mean and process limits (mean ± 2.66 × average moving range, after screening out unusually large moving ranges); one label per quarter, in the order outside the limits, seven-point trend, two of three close to a limit, run of seven. A series is charted only with at least 12 quarters.
# - **Small numbers.** In the published version a series is not charted, and its SPC reading is not quoted, if any quarter's figures would be hidden: a count between 1 and 4 people (shown as <5 in the tables), or a rate based on too few staff to publish. The chart's mean and limits are computed from every quarter, so they could give a hidden quarter back. Small trusts will often see the disciplinary and capability series hidden; the annual WRES and WDES figures pool enough cases to report.
# - **Special cause is a prompt to ask why, not a verdict.** A signal can come from a real change in practice, a change in recording (for example a declaration campaign) or a reorganisation of bands or services.
