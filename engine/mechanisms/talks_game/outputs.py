"""Series of the talks game: none yet (its daily record is the ``game_trace`` array)."""

from __future__ import annotations

OUTPUTS = ()
