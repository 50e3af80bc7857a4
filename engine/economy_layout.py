"""Compatibility names: the economy's and politics' parameter columns (``EP_*``, ``EG_*``).

They are declared in ``engine/mechanisms/economy/columns.py`` and
``engine/mechanisms/politics/columns.py`` and numbered in :mod:`engine.layout`; use that.
"""

from engine import layout as _layout

globals().update({k: v for k, v in vars(_layout).items() if k.startswith(("EP_", "EG_", "N_ECON"))})
