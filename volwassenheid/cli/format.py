"""Numbers the Dutch way for the terminal (2,7 rather than 2.7)."""

from __future__ import annotations


def number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{decimals}f}".replace(".", ",")


def gap(value: float | None) -> str:
    """Gap to ambition: how far to go, or that it is reached."""
    if value is None:
        return "–"
    if value <= 0:
        return "bereikt"
    return number(value)


