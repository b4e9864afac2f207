# %% [markdown]
# <!-- Gender pay gap report. Parameters come first; the report body follows. Code is hidden in the HTML. -->

# %% tags=["parameters"]
trust_code = "SYN02"  # organisation code: reads params/<trust_code>.yaml
year = 2026  # snapshot year: staff employed on 31 March of this year
params_dir = "../params"  # folder holding the trusts' params files, relative to this notebook
data_dir = ""  # empty: use the data folder named in the params file; or give a folder to use instead
sdc_mode = ""  # empty: as in the params file; publish hides small numbers; internal shows them

# %%
from edi_analysis import pay_gap_report as gpg

rep = gpg.build(trust_code, year, params_dir=params_dir, data_dir=data_dir, sdc_mode=sdc_mode)

# %%
gpg.title(rep)

# %% [markdown]
# This report answers the questions a board asks of its pay data: **how does pay differ between women and men, between ethnic groups, between disabled and non-disabled staff, and across other protected characteristics; what drives the differences; what has the trust committed to; and is it working?** It follows the statutory gender pay gap method (Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017) for every characteristic, as the NHS EDI Improvement Plan (high impact action 3) asks.

# %%
gpg.key_findings(rep)

# %% [markdown]
# ## The six statutory measures
#
# These are the figures the trust publishes on the government's gender pay gap service. A **gap** compares women's pay with men's as a percentage of men's pay: 10% means women earn 90p for every £1 men earn. The **mean** is the average; the **median** is the middle value, less affected by a few very high salaries.

# %%
gpg.headline_table(rep)

# %%
gpg.small_number_notes(rep)

# %% [markdown]
# ## Where women and men sit in the pay structure
#
# Ranking every member of staff by hourly pay and splitting them into four equal groups shows whether women are concentrated in lower-paid roles.

# %%
gpg.quartile_chart(rep)

# %%
gpg.quartile_table(rep)

# %% [markdown]
# ## Ethnicity pay gap
#
# The same measures for staff from Black and minority ethnic (BME) groups compared with White staff, then for each Census 2021 ethnic group. Staff whose ethnicity is not recorded are shown separately and left out of every gap.

# %%
gpg.comparison_table(rep, "ethnicity")

# %%
gpg.group_table(rep, "ethnicity_census5", "Hourly pay by ethnic group (Census 2021 groups)")

# %%
gpg.group_table(rep, "ethnicity_detailed", "Hourly pay by detailed ethnic category")

# %% [markdown]
# International recruits fill many band 5 nursing and medical posts. Pooled with UK-recruited staff they can make the aggregate ethnicity figure look better, or worse, than either group experiences, so the gap is also shown for each recruitment route.

# %%
gpg.recruitment_route_table(rep)

# %%
gpg.quartile_composition(rep, "ethnicity")

# %% [markdown]
# ## Disability pay gap
#
# Disabled staff compared with non-disabled staff, as recorded on the staff record. Far fewer staff record a disability there than report one in the staff survey, so read these figures with the caution below.

# %%
gpg.declaration_note(rep)

# %%
gpg.comparison_table(rep, "disability")

# %%
gpg.quartile_composition(rep, "disability")

# %% [markdown]
# ## Other characteristics
#
# Sexual orientation, religion or belief and age, each against the reference group set in the params file. Small groups are combined or, if still too small, not reported.

# %%
gpg.group_table(rep, "sexual_orientation", "Hourly pay by sexual orientation")

# %%
gpg.group_table(rep, "religion", "Hourly pay by religion or belief")

# %%
gpg.group_table(rep, "age_band", "Hourly pay by age band")

# %% [markdown]
# ## Groups within groups
#
# Aggregate figures can hide the position of, for example, women from ethnic minority groups. These tables compare each combination with White men and with non-disabled men.

# %%
gpg.group_table(rep, "sex_ethnicity", "Hourly pay by sex and ethnicity")

# %%
gpg.group_table(rep, "sex_disability", "Hourly pay by sex and disability")

# %% [markdown]
# ## What drives the gaps
#
# A gap in the whole workforce can come from groups being in differently paid jobs, or from different pay for the same job. The first table splits each mean gap into the two; the charts and tables after it compare women and men **within** the same pay band and staff group, where pay is set by the same scale.

# %%
gpg.drivers_table(rep)

# %%
gpg.band_chart(rep)

# %%
gpg.band_table(rep)

# %%
gpg.staff_group_table(rep)

# %%
gpg.staff_group_table(rep, "ethnicity")

# %% [markdown]
# ### Bonus pay
#
# In the NHS almost all bonus pay is Clinical Excellence Awards and National Clinical Impact Awards for consultants, so bonus measures mostly describe the consultant body.

# %%
gpg.bonus_table(rep)

# %%
gpg.award_table(rep)

# %%
gpg.award_gap_table(rep)

# %% [markdown]
# ## Commitments and progress
#
# Targets the trust has set for its pay gaps, the straight path from the baseline to each target, and whether each year's result is on that path once its uncertainty is allowed for.

# %%
gpg.targets_view(rep)

# %% [markdown]
# ## Five-year trend

# %%
gpg.trend_chart(rep)

# %%
gpg.trend_table(rep)

# %% [markdown]
# ## How the trust compares nationally
#
# The trust's median gender pay gap among the returns every NHS trust publishes on the government's gender pay gap service, and among trusts of the same type.

# %%
gpg.national_view(rep)

# %% [markdown]
# ## Who is counted

# %%
gpg.scope_table(rep)

# %% [markdown]
# ## Method and caveats
#
# - **Snapshot and pay period.** Staff employed on 31 March; hourly pay is ordinary pay in the March pay period (basic pay, allowances, unsocial-hours enhancements and pay for leave; not overtime) divided by hours, as in Schedule 1 of the 2017 Regulations.
# - **Full-pay relevant employees** (not on reduced or nil pay because of leave in March) are used for the hourly gaps and quartiles; **all relevant employees**, including bank workers, for the bonus proportions.
# - **Bonus pay** is the total paid in the 12 months to 31 March, including Clinical Excellence Awards and National Clinical Impact Awards. Bonus gaps compare recipients only.
# - **Quartiles** follow the statutory guidance: staff ranked by hourly pay, split into four groups of equal size; staff with the same pay at a boundary are shared between quartiles in proportion to their mix of groups.
# - **Other characteristics** use the same six measures with a reference group in place of men (positive: the group is paid less). Groups with fewer than 10 staff are combined with other small groups under the same heading, and not reported if still too small; staff whose characteristic is not recorded are shown as their own row and left out of every gap.
# - **Intervals** come from a seeded bootstrap: each group's staff are resampled with replacement 1,000 times and the middle 95% of the resampled gaps is shown. Where the interval includes zero, the gap is within noise: no league positions or ratings are given for such differences.
# - **What drives the gap** splits the mean gap into the part from where groups sit across pay bands (each band valued at its own average pay) and the part from pay differences within bands; the two add up to the gap.
# - **Targets** are tracked on a straight path from the baseline to the target; a year is off track only when its whole interval lies above the path.
# - **National comparison** uses the returns published on the GOV.UK gender pay gap service; a trust's position is stated as the share of trusts with a smaller gap, never as a rank.
# - **Small numbers.** Counts of 1 to 4 are shown as <5, with a second cell hidden (*) where totals would reveal them; pay figures need at least 10 people in each group. Groups under 30 are flagged as volatile.
# - **What a gap is not.** A pay gap is not unequal pay for equal work: it compares all staff in one group with all in another, whatever their jobs. Within-band comparisons are the nearer guide to equal pay.
# - The full definitions are in the project's metrics specification (sections 6 and 7).
