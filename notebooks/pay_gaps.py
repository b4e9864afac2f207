# %% [markdown] tags=["remove-cell"]
# Pay gap report (sex, ethnicity, disability, sexual orientation, religion, age). Parameters come first; the report body follows. Cells tagged remove-cell, like this one, stay out of the report; stop after the compute cell to look at the tidy results.

# %% tags=["parameters"]
trust_code = "SYN02"  # organisation code: reads params/<trust_code>.yaml
year = 2026  # snapshot year: staff employed on 31 March of this year
params_dir = "../params"  # folder holding the trusts' params files, relative to this notebook
data_dir = ""  # empty: use the data folder named in the params file; or give a folder to use instead
sdc_mode = ""  # empty: as in the params file; publish hides small numbers; internal shows them

# %%
from edi_analysis.io import load_trust
from edi_analysis.disclosure import Policy
from edi_analysis.results import pay_gaps as results
from edi_analysis.views import pay_gaps as views
from edi_analysis.views import distributions
from edi_analysis.views import findings

data = load_trust(trust_code, year, params_dir=params_dir, data_dir=data_dir)

# %%
res = results.compute(data)

# %%
pub = Policy.from_params(data.params, mode=sdc_mode or None).apply(res)

# %% tags=["remove-cell"]
# The tidy, unsuppressed results (not in the report): every table of res is a DataFrame.
res.gaps

# %%
views.title(pub)

# %% [markdown]
# This report answers the questions a board asks of its pay data: **how does pay differ between women and men, between ethnic groups, between disabled and non-disabled staff, and across other protected characteristics; what drives the differences; what has the trust committed to; and is it working?** It follows the statutory gender pay gap method (Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017) for every characteristic, as the NHS EDI Improvement Plan (high impact action 3) asks.

# %%
findings.key_findings(pub)

# %% [markdown]
# ## The six statutory measures
#
# These are the figures the trust publishes on the government's gender pay gap service. A **gap** compares women's pay with men's as a percentage of men's pay: 10% means women earn 90p for every £1 men earn. The **mean** is the average; the **median** is the middle value, less affected by a few very high salaries.

# %%
views.headline_table(pub)

# %%
views.small_number_notes(pub)

# %% [markdown]
# ## Where women and men sit in the pay structure
#
# Ranking every member of staff by hourly pay and splitting them into four equal groups shows whether women are concentrated in lower-paid roles.

# %%
views.quartile_chart(pub)

# %%
views.quartile_table(pub)

# %%
distributions.pay_distributions(pub)

# %% [markdown]
# ## Ethnicity pay gap
#
# The same measures for staff from Black and minority ethnic (BME) groups compared with White staff, then for each Census 2021 ethnic group. Staff whose ethnicity is not recorded are shown separately and left out of every gap.

# %%
views.comparison_table(pub, "ethnicity")

# %%
views.group_table(pub, "ethnicity_census5", "Hourly pay by ethnic group (Census 2021 groups)")

# %%
views.group_table(pub, "ethnicity_detailed", "Hourly pay by detailed ethnic category")

# %% [markdown]
# International recruits fill many band 5 nursing and medical posts. Pooled with UK-recruited staff they can make the aggregate ethnicity figure look better, or worse, than either group experiences, so the gap is also shown for each recruitment route.

# %%
views.recruitment_route_table(pub)

# %%
views.quartile_composition(pub, "ethnicity")

# %% [markdown]
# ## Disability pay gap
#
# Disabled staff compared with non-disabled staff, as recorded on the staff record. Far fewer staff record a disability there than report one in the staff survey, so read these figures with the caution below.

# %%
views.declaration_note(pub)

# %%
views.comparison_table(pub, "disability")

# %%
views.quartile_composition(pub, "disability")

# %% [markdown]
# ## Other characteristics
#
# Sexual orientation, religion or belief and age, each against the reference group set in the params file. Small groups are combined or, if still too small, not reported.

# %%
views.group_table(pub, "sexual_orientation", "Hourly pay by sexual orientation")

# %%
views.group_table(pub, "religion", "Hourly pay by religion or belief")

# %%
views.group_table(pub, "age_band", "Hourly pay by age band")

# %% [markdown]
# ## Groups within groups
#
# Aggregate figures can hide the position of, for example, women from ethnic minority groups. These tables compare each combination with White men and with non-disabled men.

# %%
views.group_table(pub, "sex_ethnicity", "Hourly pay by sex and ethnicity")

# %%
views.group_table(pub, "sex_disability", "Hourly pay by sex and disability")

# %% [markdown]
# ## What drives the gaps
#
# A gap in the whole workforce can come from groups being in differently paid jobs, or from different pay for the same job. The first table splits each mean gap into the two; the charts and tables after it compare women and men **within** the same pay band and staff group, where pay is set by the same scale.

# %%
views.drivers_table(pub)

# %%
views.band_chart(pub)

# %%
views.band_table(pub)

# %%
views.staff_group_table(pub)

# %%
views.staff_group_table(pub, "ethnicity")

# %% [markdown]
# ### Bonus pay
#
# In the NHS almost all bonus pay is Clinical Excellence Awards and National Clinical Impact Awards for consultants, so bonus measures mostly describe the consultant body.

# %%
views.bonus_table(pub)

# %%
views.award_table(pub)

# %%
views.award_gap_table(pub)

# %% [markdown]
# ## Commitments and progress
#
# Targets the trust has set for its pay gaps, the straight path from the baseline to each target, and whether each year's result is on that path once its uncertainty is allowed for.

# %%
views.targets_view(pub)

# %% [markdown]
# ## Five-year trend

# %%
views.trend_chart(pub)

# %%
views.trend_table(pub)

# %% [markdown]
# ## How the trust compares nationally
#
# The trust's median gender pay gap among the returns every NHS trust publishes on the government's gender pay gap service, and among trusts of the same type.

# %%
views.national_view(pub)

# %% [markdown]
# ## Who is counted

# %%
views.scope_table(pub)

# %% [markdown]
# ## Method and caveats
#
# - **Snapshot and pay period.** Staff employed on 31 March; hourly pay is ordinary pay in the March pay period (basic pay, allowances, unsocial-hours enhancements and pay for leave; not overtime) divided by hours, as in Schedule 1 of the 2017 Regulations.
# - **Full-pay relevant employees** (not on reduced or nil pay because of leave in March) are used for the hourly gaps and quartiles; **all relevant employees**, including bank workers, for the bonus proportions.
# - **Bonus pay** is the total paid in the 12 months to 31 March, including Clinical Excellence Awards and National Clinical Impact Awards. Bonus gaps compare recipients only.
# - **Quartiles** follow the statutory guidance: staff ranked by hourly pay, split into four groups of equal size; staff with the same pay at a boundary are shared between quartiles in proportion to their mix of groups.
# - **Intervals** come from a seeded bootstrap: each group's staff are resampled with replacement 1,000 times and the middle 95% of the resampled gaps is shown. Where the interval includes zero, the gap is within noise: no league positions or ratings are given for such differences.
# - **What drives the gap** splits the mean gap into the part from where groups sit across pay bands (each band valued at its own average pay) and the part from pay differences within bands; the two add up to the gap.
# - **Targets** are tracked on a straight path from the baseline to the target (held at the target after the target year); a year is off track only when its whole interval lies above the path, and a gap at the target or below it is met. A gap whose whole interval has passed 0 is reported as reversed (the gap now runs the other way), never as on track.
# - **National comparison** uses the returns published on the GOV.UK gender pay gap service; a trust's position is stated as the share of trusts with a smaller gap, never as a rank.
# - **What a gap is not.** A pay gap is not unequal pay for equal work: it compares all staff in one group with all in another, whatever their jobs. Within-band comparisons are the nearer guide to equal pay.
# - The full definitions are in the project's metrics specification (sections 6 and 7).

# %%
views.small_numbers_method(pub)
