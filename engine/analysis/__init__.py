"""Analyses over a finished batch (scenario discovery)."""
