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
# This report answers three questions for the board: **how does pay differ between women and men at the trust, what drives the difference, and is it changing?** It follows the statutory gender pay gap method (Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017) and goes further, looking inside pay bands and staff groups.

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
# ## Like for like: pay within bands and staff groups
#
# A gap in the whole workforce can arise because women and men do different jobs, or because they are paid differently for similar jobs. Comparing women and men **within** the same pay band or staff group separates the two.

# %%
gpg.band_chart(rep)

# %%
gpg.band_table(rep)

# %%
gpg.staff_group_table(rep)

# %% [markdown]
# ## Bonus pay
#
# In the NHS almost all bonus pay is Clinical Excellence Awards and National Clinical Impact Awards for consultants, so bonus measures mostly describe the consultant body.

# %%
gpg.bonus_table(rep)

# %%
gpg.award_table(rep)

# %% [markdown]
# ## Five-year trend

# %%
gpg.trend_chart(rep)

# %%
gpg.trend_table(rep)

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
# - **Quartiles** follow the statutory guidance: staff ranked by hourly pay, split into four groups of equal size; staff with the same pay at a boundary are shared between quartiles in proportion to their mix of women and men.
# - **Small numbers.** Counts of 1 to 4 are shown as <5, with a second cell hidden (*) where totals would reveal them; pay figures need at least 10 people in each group. Groups under 30 are flagged as volatile.
# - **Sign.** A positive gap means women are paid less; negative means women are paid more.
# - **What a gap is not.** The pay gap is not equal pay: it compares all women with all men, whatever their jobs. Within-band comparisons are the nearer guide to equal pay for like work.
# - The full definitions are in the project's metrics specification (section 6).
