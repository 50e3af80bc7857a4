"""The warsim dashboard (``warsim app``): a live run, a batch explorer, sensitivity
indices and benchmark results.

Served by ``solara run viz/app.py``; ``WARSIM_RESULTS`` names the results
folder the explorer may open. Each browser session has its own state
(viz.state) and so its own model.
"""

from __future__ import annotations

import solara
import solara.lab

from viz import state
from viz.components.benchmarks import BenchmarksPage
from viz.components.explorer import ExplorerPage
from viz.components.live import LivePage
from viz.components.sensitivity import SensitivityPage


@solara.component
def Page():
    solara.Title("warsim")
    with solara.AppBar():
        solara.AppBarTitle("warsim: war and talks")
    with solara.lab.Tabs(value=state.tab.value, on_value=state.tab.set):
        solara.lab.Tab("Live run")
        solara.lab.Tab("Batch explorer")
        solara.lab.Tab("Sensitivity")
        solara.lab.Tab("Benchmarks")
    if state.tab.value == 0:
        LivePage()
    elif state.tab.value == 1:
        ExplorerPage()
    elif state.tab.value == 2:
        SensitivityPage()
    else:
        BenchmarksPage()
