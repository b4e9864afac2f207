"""What every report's results have in common: typed, tidy, unsuppressed tables and who they describe.

A report's results are a frozen dataclass derived from :class:`Results`. Its DataFrame fields (or
mappings of name -> DataFrame) are the tables; the class attribute ``SPECS`` gives each table's
:class:`~edi_analysis.disclosure.Spec`, so :meth:`edi_analysis.disclosure.Policy.apply` can publish
it. Every other field is context that is safe to publish as it is (names, years, settings, notes):
a figure about people belongs in a table, never in a scalar field.

Results hold no words, no formatting and no charts: :mod:`edi_analysis.views` make those from
published results only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, ClassVar

import pandas as pd

if TYPE_CHECKING:
    from ..disclosure import Publication, Spec
    from ..io import TrustData

__all__ = ["Results", "TrustInfo"]


@dataclass(frozen=True)
class TrustInfo:
    """Who the results describe (all public)."""

    code: str
    name: str
    trust_type: str
    region: str
    system: str
    synthetic: bool
    year: int

    @classmethod
    def of(cls, data: TrustData) -> TrustInfo:
        p = data.params
        return cls(p.trust_code, p.trust_name, p.trust_type, p.region, p.system, bool(p.synthetic), data.year)


@dataclass(frozen=True)
class Results:
    """Base of every report's results. ``publication`` is set by the disclosure policy, never by hand."""

    SPECS: ClassVar[Mapping[str, Spec]] = {}

    trust: TrustInfo
    publication: Publication | None = field(default=None, kw_only=True)

    @property
    def published(self) -> bool:
        return self.publication is not None

    def tables(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """Every table as (name, frame); a mapping field's tables are named ``field.key``."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, pd.DataFrame):
                yield f.name, value
            elif isinstance(value, Mapping) and value and all(isinstance(v, pd.DataFrame) for v in value.values()):
                for key, frame in value.items():
                    yield f"{f.name}.{key}", frame
