# %% [markdown] tags=["remove-cell"]
# HIA 6 report: bullying, harassment, discrimination and violence. Parameters come first. Cells tagged remove-cell, like this one, stay out of the report; stop after the compute cell to look at the tidy results.

# %% tags=["parameters"]
trust_code = "SYN02"  # organisation code: reads params/<trust_code>.yaml
year = 2026  # reporting year: the trust's records to 31 March of this year, staff survey of the autumn before
params_dir = "../params"  # folder holding the trusts' params files, relative to this notebook
data_dir = ""  # empty: use the data folder named in the params file; or give a folder to use instead
sdc_mode = ""  # empty: as in the params file; publish hides small numbers; internal shows them
benchmark_file = ""  # the run's benchmark data set (set by the pipeline); empty: no comparison with other trusts

# %%
from edi_analysis.io import load_benchmark, load_trust
from edi_analysis.disclosure import Policy
from edi_analysis.results import harassment as results
from edi_analysis.results import benchmark as compared_results
from edi_analysis.views import harassment as views
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
res.survey

# %%
views.title(pub)

# %% [markdown]
# High impact action 6 of the NHS EDI Improvement Plan asks every board to review bullying, harassment, discrimination and physical violence **by protected characteristic**, to set reduction targets and to improve year on year. This report brings together the staff survey, the trust's own case and incident records quarter by quarter, and the targets the board has set, and starts with what most needs the board's attention.

# %%
findings.key_findings(pub)

# %% [markdown]
# ## The whole workforce
#
# Each measure for all staff in the latest survey, with its 95% interval and its place among similar trusts.

# %%
views.overview_table(pub)

# %% [markdown]
# ## By protected characteristic
#
# Each group against its reference group (White, non-disabled, men, heterosexual, Christian, age 35 to 44). A gap marked significant is unlikely to be chance; the others may be.

# %%
views.group_table(pub, "harassment_staff")

# %%
views.group_table(pub, "discrimination_staff")

# %%
views.group_table(pub, "harassment_public")

# %%
views.group_table(pub, "violence_public")

# %%
views.group_table(pub, "sexual_behaviour_staff")

# %% [markdown]
# The remaining measures, by group:

# %%
views.group_table(pub, "harassment_managers", collapsed=True)

# %%
views.group_table(pub, "harassment_colleagues", collapsed=True)

# %%
views.group_table(pub, "harassment_reported", collapsed=True)

# %%
views.group_table(pub, "discrimination_public", collapsed=True)

# %%
views.group_table(pub, "violence_managers", collapsed=True)

# %%
views.group_table(pub, "violence_colleagues", collapsed=True)

# %%
views.group_table(pub, "sexual_behaviour_public", collapsed=True)

# %% [markdown]
# ## Reduction targets
#
# The targets in the params file, the straight path from each baseline, and each year's result against it. Where the trust has set none for a key measure, a suggested target is offered for the board to adopt or change.

# %%
views.targets_view(pub)

# %% [markdown]
# ## The trust's own records, quarter by quarter
#
# Violence and aggression incidents, bullying and harassment cases and grievances per 1,000 staff in each group, as SPC charts: a signal is a change larger than the quarter-to-quarter noise.

# %%
views.quarterly_charts(pub, "incidents")

# %%
views.quarterly_charts(pub, "cases")

# %%
views.quarterly_charts(pub, "grievances")

# %% [markdown]
# ## How the trust compares
#
# The trust's figures beside its system, its region and all trusts in the run, each group's figure pooled from the trusts' own counts.

# %%
bench.trust_comparison(pub_compared, trust_code, "hia6")

# %%
bench.trust_funnel(pub_compared, trust_code, "Staff survey: harassment_colleagues")

# %% [markdown]
# ## Do the sources tell the same story?
#
# The staff survey, formal cases and incident reports for the same groups side by side. If staff tell the survey about much more harm than reaches the trust's records, people may not feel able to report it.

# %%
views.triangulation_table(pub, "Ethnicity")

# %%
views.triangulation_table(pub, "Disability")

# %% [markdown]
# ## Method and caveats
#
# - **Staff survey** results are the trust's published results by group for the survey fielded in the autumn before the reporting year. Question numbers change between years; each year's map (measure to question) is kept in the package and checked against the data. A group's percentage is shown only with at least 11 responses, and flagged as a low base below 30; intervals are Wilson 95% intervals and gaps have Newcombe 95% intervals, treating groups as independent.
# - **Targets** are set in the params file in survey years: a target value, a total or yearly percentage reduction, or closing a gap to a reference group. The path from baseline to target is a straight line (held at the target after the target year). Each target follows its measure's direction from the survey item definitions: for most measures lower is better, but for some (for example, believing the organisation provides equal opportunities) higher is better. A year is on track at or on the better side of the path, off track when its whole interval lies on the worse side, and otherwise behind within the uncertainty; a result at the target or better is reported as met (early, before the target year). A reduction target cannot be set for a measure where higher is better (give a target value). A gap target whose whole interval has passed parity is reported as reversed, not on track.
# - **Suggested targets** reach the best quarter (25th percentile) of trusts of the same type in the latest published national results within three years.
# - **Cases and incidents** are counted by the characteristics recorded with them, per 1,000 staff of the group at 31 March (annual) or at each quarter end (quarterly), bank-only staff excluded. A quarterly chart is shown only with 12 or more quarters and, in the published version, no quarter counting 1 to 4 people.
# - **Small numbers.** Counts of 1 to 4 are shown as <5 and figures built on them are not published.
# - The definitions are in the project's metrics specification (sections 5, 8, 9 and 11).
