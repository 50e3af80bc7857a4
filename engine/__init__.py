"""warsim: an agent-based war-and-diplomacy simulation engine."""

from engine.core.cache import ensure_fresh_cache

__version__ = "0.1.0"

ensure_fresh_cache()
