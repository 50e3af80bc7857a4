"""Compatibility names: the talks' parameter, role and envoy columns (``TP_*``, ``TR_*``,
``EN_*``, ``ENP_*``).

They are declared in ``engine/mechanisms/talks/columns.py`` (and the beliefs' and
ceasefire' folders) and numbered in :mod:`engine.layout`; use that.
"""

from engine import layout as _layout

_PREFIXES = ("TP_", "TR_", "EN_", "ENP_", "N_TALKS", "N_ENVOY")
globals().update({k: v for k, v in vars(_layout).items() if k.startswith(_PREFIXES)})
