"""Events record no series of their own (they write the event log)."""

from __future__ import annotations

OUTPUTS = ()
