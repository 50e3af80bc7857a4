"""Errors that mean bad input: the CLI prints their lines and exits 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input from the user; ``lines()`` are printed one per line."""

    def __init__(self, *lines: str):
        self._lines = list(lines)
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return self._lines
