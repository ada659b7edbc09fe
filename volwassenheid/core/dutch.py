"""Dutch formatting for everything a user reads: numbers, gaps, shares and plurals.

One place, so a score reads '2,7' and a gap 'bereikt' alike in the terminal,
the JSON-free summaries and the report.
"""

from __future__ import annotations


def number(value: float | None, decimals: int = 1) -> str:
    """2.7 -> '2,7' (a decimal comma); None -> '–'."""
    if value is None:
        return "–"
    return f"{value:.{decimals}f}".replace(".", ",")


def percentage(share: float) -> str:
    """0.5 -> '50%'; 0.125 -> '12%' (rounded like the format spec, half to even)."""
    return f"{share:.0%}".replace(".", ",")


def gap(value: float | None) -> str:
    """A gap to the ambition in a table cell: '1,8', 'bereikt', or '–' without one."""
    if value is None:
        return "–"
    return "bereikt" if value <= 0 else number(value)


def gap_sentence(value: float | None) -> str:
    """A gap to the ambition in running text: '1,8 fase onder de ambitie' or 'ambitie bereikt'."""
    if value is None:
        return "–"
    return "ambitie bereikt" if value <= 0 else f"{number(value)} fase onder de ambitie"


def plural(count: int, one: str, many: str) -> str:
    """'1 rij', '3 rijen': the count with the right form, never 'rij(en)'."""
    return f"{count} {one if count == 1 else many}"


def phase_label(phase: int | None, name: str | None) -> str:
    """'2 Afstemmen', or '–' without a phase."""
    return f"{phase} {name}" if phase is not None else "–"
