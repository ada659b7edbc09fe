"""Terminal formatting on top of the Dutch number format."""

from __future__ import annotations

from volwassenheid.dutch import number

__all__ = ["gap", "number"]


def gap(value: float | None) -> str:
    """Gap to ambition: how far to go, or that it is reached."""
    if value is None:
        return "–"
    if value <= 0:
        return "bereikt"
    return number(value)
