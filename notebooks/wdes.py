# %% [markdown] tags=["remove-cell"]
# WDES report. Parameters come first; the report body follows. Cells tagged remove-cell, like this one, stay out of the report; stop after the compute cell to look at the tidy results.

# %% tags=["parameters"]
trust_code = "SYN02"  # organisation code: reads params/<trust_code>.yaml
year = 2026  # reporting year: workforce at 31 March of this year, staff survey of the autumn before
params_dir = "../params"  # folder holding the trusts' params files, relative to this notebook
data_dir = ""  # empty: use the data folder named in the params file; or give a folder to use instead
sdc_mode = ""  # empty: as in the params file; publish hides small numbers; internal shows them
output_dir = ""  # empty: write no files; or a folder for the WDES submission CSV
benchmark_file = ""  # the run's benchmark data set (set by the pipeline); empty: no comparison with other trusts

# %%
from edi_analysis.disclosure import Policy
from edi_analysis.io import load_benchmark, load_trust
from edi_analysis.results import standards as results
from edi_analysis.results import benchmark as compared_results
from edi_analysis.views import standards as views
from edi_analysis.views import findings
from edi_analysis.views import benchmark as bench

data = load_trust(trust_code, year, params_dir=params_dir, data_dir=data_dir)
others = load_benchmark(benchmark_file)

# %%
res = results.compute(data, "WDES")
compared = compared_results.compute(others, year, peer_count=data.params.peer_count)

# %%
policy = Policy.from_params(data.params, mode=sdc_mode or None)
pub = policy.apply(res)
pub_compared = policy.apply(compared)

# %% tags=["remove-cell"]
# The tidy, unsuppressed results (not in the report): every table of res is a DataFrame.
res.representation

# %%
views.title(pub)

# %% [markdown]
# Every NHS trust reports the **Workforce Disability Equality Standard** each year and its board acts on it (EDI Improvement Plan, high impact action 1). This report computes every metric from the trust's own data as the national return defines it, shows counts and intervals beside every ratio, and goes further: it splits the figures by staff group and recruitment route to show what the aggregate can hide.

# %%
findings.key_findings(pub)

# %%
views.declaration_view(pub)

# %%
views.notes_view(pub)

# %% [markdown]
# ## Metric 1: representation across pay levels
#
# The share of disabled staff at each level, non-clinical and clinical staff separately, against their share of the whole workforce (bank-only staff excluded).

# %%
views.representation_chart(pub)

# %%
views.representation_table(pub)

# %% [markdown]
# ## Metric 2: appointment from shortlisting

# %%
views.likelihood_table(pub, "2")

# %% [markdown]
# ## Metric 3: entering the formal capability process (performance)
#
# This metric counts entry into the formal **capability** process on grounds of performance, not ill health. It is a different process from the WRES disciplinary indicator and the two are never compared.

# %%
views.likelihood_table(pub, "3")

# %% [markdown]
# ### What the aggregate can hide
#
# The national return gives one figure for the whole trust. The same relative likelihood within each staff group and for each recruitment route shows where the experience of a part of the group differs from the whole.

# %%
views.subgroup_table(pub, "process_staff_group")

# %%
views.subgroup_table(pub, "process_route")

# %% [markdown]
# ## Metrics 4 to 7: staff survey
#
# From the NHS Staff Survey fielded in the autumn before the reporting year: the percentage of disabled and non-disabled respondents, each with its 95% interval, and the difference between them.

# %%
views.survey_table(pub)

# %% [markdown]
# ## Metric 8: adjustments

# %%
views.adjustments_table(pub)

# %% [markdown]
# ## Metric 9: engagement and the voice of disabled staff

# %%
views.engagement_table(pub)

# %%
views.voice_text(pub)

# %% [markdown]
# ## Metric 10: board membership

# %%
views.board_table(pub)

# %% [markdown]
# ## How the trust compares
#
# The trust's figures beside its system, its region and all trusts in the run, each group's figure pooled from the trusts' own counts.

# %%
bench.trust_comparison(pub_compared, trust_code, "wdes")

# %% [markdown]
# ## Year on year
#
# Every metric for each reporting year available, with the change since last year and whether it is larger than chance would produce.

# %%
views.trend_table(pub)

# %% [markdown]
# ## Submission figures
#
# The figures of the national return in one table, for an analyst to fill in the official template.

# %%
views.export_submission(pub, output_dir)

# %% [markdown]
# ## Method and caveats
#
# - **Populations.** Workforce at 31 March, bank-only staff excluded; disability as declared on the staff record. Staff whose disability is not recorded are counted in the representation tables and left out of every comparison.
# - **Relative likelihoods** are oriented so that above 1 is adverse for disabled staff, with Katz 95% intervals (adjusted-log when a group has no events). 0.80 to 1.25 is the non-adverse range (the four-fifths rule); a ratio is called statistically significant when its interval excludes 1. Few events in a group (below the policy's volatility threshold) earn a "small numbers" warning.
# - **Metric 3** pools counts over the window set in the params file (default two years), with headcounts at 31 March of each year, and shows the latest single year beside it. Its population is each year's 31 March headcount (bank-only staff excluded): the people who entered the process are counted only if they are in that headcount, in the group of their staff record, so numerator and denominator are the same people. Entrants outside it (bank-only staff, leavers) are counted separately and reported under the table as a data-quality note.
# - **Staff survey** percentages come from the trust's published results by group; question numbers change between years and are mapped per year. A group's percentage is shown only when enough people answered (the national survey base rule); differences have Newcombe intervals.
# - **Subgroups** (staff group, recruitment route) are local breakdowns, not part of the national return.
# - **Small numbers.** Counts under the publication threshold are shown as <5 (or the threshold the params file sets), a second count is hidden (*) wherever the totals would give a small count away, and the ratios, percentages and changes built on a hidden count are not published. Board members hold public office, so board counts are published unless the params file sets `sdc.suppress_board: true`. The submission CSV hides exactly what this report hides.
# - The full definitions are in the project's metrics specification (sections 3, 4, 5 and 8).
