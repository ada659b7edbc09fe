"""Dutch formatting of numbers, for everything a user reads."""

from __future__ import annotations


def number(value: float | None, decimals: int = 1) -> str:
    """2.7 -> '2,7'; None -> '–'."""
    if value is None:
        return "–"
    return f"{value:.{decimals}f}".replace(".", ",")


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def phase_label(phase: int | None, name: str | None) -> str:
    """'2 Afstemmen', or '–' without a phase."""
    return f"{phase} {name}" if phase is not None else "–"
