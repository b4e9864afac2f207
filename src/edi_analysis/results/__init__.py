"""One ``compute`` per report: typed, tidy, unsuppressed tables with their counts, each with a disclosure spec.

Each report's results object is a frozen dataclass whose docstring lists every table and its columns; the
disclosure policy (:meth:`edi_analysis.disclosure.Policy.apply`) turns it into the published results the views read.

| Report | results object: its tables and columns (its page also holds its ``compute``) |
|---|---|
| Pay gaps (HIA 3) | `edi_analysis.results.pay_gaps.PayGapResults` |
| WRES | `edi_analysis.results.standards.WresResults` (``standards.compute(data, "WRES")``) |
| WDES | `edi_analysis.results.standards.WdesResults` (``standards.compute(data, "WDES")``) |
| Bullying, harassment, discrimination and violence (HIA 6) | `edi_analysis.results.harassment.HarassmentResults` |
| Quarterly equality trends | `edi_analysis.results.trends.TrendsResults` |
| Benchmarking (cross-trust) | `edi_analysis.results.benchmark.BenchmarkResults` |

What every results object shares is in :mod:`edi_analysis.results.base`.
"""
