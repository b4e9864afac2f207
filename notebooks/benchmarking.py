# %% [markdown] tags=["remove-cell"]
# Cross-trust benchmarking for peer learning. Parameters come first. Cells tagged remove-cell, like this one, stay out of the report; stop after the compute cell to look at the tidy results.

# %% tags=["parameters"]
group = "Lakes and Fells ICS (fictional)"  # all, or a system or region name: the trusts compared
year = 2026  # reporting year
benchmark_file = ""  # the run's benchmark data set (reports/<year>/benchmark.csv); empty: none
sdc_mode = ""  # empty: publish; internal shows small numbers

# %%
from edi_analysis.disclosure import Policy
from edi_analysis.io import load_benchmark
from edi_analysis.results import benchmark as results
from edi_analysis.views import benchmark as views

# %%
dataset = load_benchmark(benchmark_file)

# %%
res = results.compute(dataset, year, group)

# %%
pub = Policy.from_settings({}, mode=sdc_mode or None).apply(res)

# %% tags=["remove-cell"]
# The tidy, unsuppressed results (not in the report): every table of res is a DataFrame.
res.trusts

# %%
views.title(pub)

# %% [markdown]
# Which trusts do better, and which are like each other? This report compares the trusts of a system (or all trusts in the run) on the same measures, computed the same way from each trust's own data. A trust is set apart only when it differs from the group by more than chance, judged against funnel limits that allow for its size, never by league position alone. High performers are the trusts to learn from. No trust is called high or low unless enough trusts have a published figure for the measure (each table says how many are needed).

# %%
views.missing_note(pub)

# %% [markdown]
# ## Representation in senior bands

# %%
views.league_table(pub, "BME staff, % of bands 8a and above")

# %%
views.funnel_chart(pub, "BME staff, % of bands 8a and above")

# %% [markdown]
# ## Staff experience (NHS Staff Survey)

# %%
views.league_table(pub, "Staff survey: harassment_colleagues")

# %%
views.funnel_chart(pub, "Staff survey: harassment_colleagues")

# %%
views.league_table(pub, "Staff survey: harassment_managers")

# %%
views.league_table(pub, "Staff survey: discrimination_staff")

# %% [markdown]
# ## Formal processes and appointments

# %%
views.league_table(pub, "WRES 3: formal disciplinary process (BME / White), single year")

# %%
views.league_table(pub, "WRES 2: appointment from shortlisting (White / BME)")

# %% [markdown]
# ## Pay

# %%
views.league_table(pub, "Gender pay gap (median, %)")

# %% [markdown]
# ## Does each workforce reflect its community?
#
# The ethnic make-up of each trust's catchment population (Census 2021) against its workforce and its most senior bands.

# %%
views.population_table(pub)

# %% [markdown]
# ## Like-for-like peers
#
# For each trust, the most similar trusts in the group by type, size and the ethnic make-up of the population served: the natural partners for comparing practice.

# %%
views.all_peers_table(pub)

# %% [markdown]
# ## Method and caveats
#
# - **Data set.** Every figure comes from the run's benchmark data set: each trust's measures computed by the same code from its own data, with counts. Group figures pool the counts (not averages of percentages). It is saved beside the reports as CSV and Parquet for Power BI or Excel.
# - **Funnel limits.** For a percentage, 95% and 99.8% limits around the group's pooled figure, p ± z √(p(1−p)/n) (Spiegelhalter 2005). A trust outside the 99.8% limits differs by more than chance; the rest are within the expected range and are not ranked.
# - **Relative likelihoods and pay gaps** are not ranked: they are read against the 0.80–1.25 range or their intervals.
# - **Peers.** Distance = 1 if the trust type differs + difference in log staff numbers divided by its standard deviation + difference in the catchment's ethnic minority percentage divided by its standard deviation.
# - **Population.** Census 2021 all usual residents of the trust's catchment (OHID acute catchments, or the local authorities the trust has named).
# - **Small numbers.** Figures from counts of 1 to 4 are suppressed in the data set and left out of the pooled figures.

# %%
from edi_analysis.views import glossary

# %%
glossary.glossary()
