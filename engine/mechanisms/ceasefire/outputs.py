"""The ceasefire's recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (Output("ceasefire", "-", "Ceasefire holds", "glob[L.G_CEASEFIRE]"),)
