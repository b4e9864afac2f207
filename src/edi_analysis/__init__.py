"""edi-analysis: reproducible workforce equality reports for NHS trusts.

The package follows the data one way, one sub-package per stage:

- :mod:`edi_analysis.io`: the data contract, readers and validation, params, national reference data and
  :func:`edi_analysis.io.load_trust` (reads a trust once);
- :mod:`edi_analysis.metrics`: pure, tested metric functions (groups, statistics, pay gaps, WRES, WDES, survey,
  SPC, ...);
- :mod:`edi_analysis.results`: one ``compute`` per report, returning tidy, unsuppressed tables (start there: each
  report's results object lists its tables and columns);
- :mod:`edi_analysis.disclosure`: the one disclosure policy (every threshold) and the auditor;
- :mod:`edi_analysis.views`: words, tables and charts from published results only;
- :mod:`edi_analysis.pipeline`: building every report (``python -m edi_analysis reports``), JupyterLab
  (``lab``) and this reference (``docs``).
"""

__version__ = "0.1.0"
