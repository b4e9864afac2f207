# %% [markdown] tags=["remove-cell"]
# Directorate breakdowns for the trust's own teams (built in internal mode). Parameters come first; the report body follows. Cells tagged remove-cell, like this one, stay out of the report; stop after the compute cell to look at the tidy results.

# %% tags=["parameters"]
trust_code = "SYN02"  # organisation code: reads params/<trust_code>.yaml
year = 2026  # report year: the staff snapshot of 31 March of this year
params_dir = "../params"  # folder holding the trusts' params files, relative to this notebook
data_dir = ""  # empty: use the data folder named in the params file; or give a folder to use instead
sdc_mode = "internal"  # this breakdown is for the trust's own teams; publish hides small numbers

# %%
from edi_analysis.io import load_trust
from edi_analysis.disclosure import Policy
from edi_analysis.results import directorates as results
from edi_analysis.views import directorates as views

data = load_trust(trust_code, year, params_dir=params_dir, data_dir=data_dir)

# %%
res = results.compute(data)

# %%
pub = Policy.from_params(data.params, mode=sdc_mode or None).apply(res)

# %% tags=["remove-cell"]
# The tidy, unsuppressed results (not in the report): res.representation, res.pay_gaps, res.process_entry.
res.representation.head()

# %%
views.title(pub)

# %% [markdown]
# National returns stop at the trust. This report breaks the trust's headline equality measures down by **directorate**, so that directorate leads can see where representation, pay and formal processes differ from the trust as a whole. Directorates are small: every figure has an interval, and only differences beyond what chance could explain are called out.

# %%
views.key_findings(pub)

# %% [markdown]
# ## Representation by pay level
#
# The share of each directorate's staff who are BME (WRES indicator 1) and who are disabled (WDES metric 1), at each pay level.

# %%
views.representation_chart(pub, "WRES")

# %%
views.representation_table(pub, "WRES")

# %%
views.representation_chart(pub, "WDES")

# %%
views.representation_table(pub, "WDES")

# %% [markdown]
# ## Pay gaps
#
# The mean and median hourly pay gaps in each directorate, for the trust's full-pay relevant staff. A positive gap means the second group earns less per hour.

# %%
views.pay_gap_table(pub, "sex")

# %%
views.pay_gap_table(pub, "ethnicity")

# %%
views.pay_gap_table(pub, "disability")

# %% [markdown]
# ## Entering formal processes
#
# How much more or less likely BME staff are than White staff to enter the formal disciplinary process (WRES indicator 3), and disabled staff than non-disabled staff the formal capability process (WDES metric 3), in each directorate, over the last two years pooled.

# %%
views.process_table(pub, "WRES")

# %%
views.process_table(pub, "WDES")

# %% [markdown]
# ## How to read these figures

# %%
views.method_note(pub)

# %%
from edi_analysis.views import glossary

# %%
glossary.glossary()
