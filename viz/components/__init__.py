"""Thin Solara components of the dashboard: they read viz.state and lay out what viz.live,
viz.explorer and viz.front_map compute."""
