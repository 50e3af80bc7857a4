"""The warsim dashboard (``warsim app``): a live run and a batch explorer.

Served by ``solara run viz/app.py``; ``WARSIM_RESULTS`` names the results
folder the explorer may open. Each browser session has its own state
(viz.state) and so its own model.
"""

from __future__ import annotations

import solara
import solara.lab

from viz import state
from viz.components.explorer import ExplorerPage
from viz.components.live import LivePage


@solara.component
def Page():
    solara.Title("warsim")
    with solara.AppBar():
        solara.AppBarTitle("warsim: war and talks")
    with solara.lab.Tabs(value=state.tab.value, on_value=state.tab.set):
        solara.lab.Tab("Live run")
        solara.lab.Tab("Batch explorer")
    if state.tab.value == 0:
        LivePage()
    else:
        ExplorerPage()
