# %% [markdown] tags=["remove-cell"]
# Board summary: the findings that matter across the pay gap, WRES, WDES, bullying and harassment and trends reports, on one page. Parameters come first; the report body follows. Cells tagged remove-cell, like this one, stay out of the report; stop after the compute cell to look at the tidy results.

# %% tags=["parameters"]
trust_code = "SYN02"  # organisation code: reads params/<trust_code>.yaml
year = 2026  # reporting year: workforce at 31 March of this year, staff survey of the autumn before
params_dir = "../params"  # folder holding the trusts' params files, relative to this notebook
data_dir = ""  # empty: use the data folder named in the params file; or give a folder to use instead
sdc_mode = ""  # empty: as in the params file; publish hides small numbers; internal shows them

# %%
from edi_analysis.disclosure import Policy
from edi_analysis.io import load_trust
from edi_analysis.results import harassment, pay_gaps, standards, trends
from edi_analysis.views import summary as views

data = load_trust(trust_code, year, params_dir=params_dir, data_dir=data_dir)
built = data.params.notebooks  # the reports built beside this summary: only these are summarised and linked

# %%
res = {
    "pay_gaps": pay_gaps.compute(data),
    "wres": standards.compute(data, "WRES"),
    "wdes": standards.compute(data, "WDES"),
    "bullying_harassment": harassment.compute(data),
    "trends": trends.compute(data),
}

# %%
policy = Policy.from_params(data.params, mode=sdc_mode or None)
pub = {
    "pay_gaps": policy.apply(res["pay_gaps"]),
    "wres": policy.apply(res["wres"]),
    "wdes": policy.apply(res["wdes"]),
    "bullying_harassment": policy.apply(res["bullying_harassment"]),
    "trends": policy.apply(res["trends"]),
}

# %% tags=["remove-cell"]
# The tidy, unsuppressed results of each report (not in the summary): every table is a DataFrame.
res["wres"].likelihoods

# %%
views.board_summary(pub, built)
