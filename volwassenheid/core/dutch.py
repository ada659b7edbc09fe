"""Dutch formatting for everything a user reads: numbers, gaps, shares and plurals.

One place, so a score reads '2,7' and a gap 'bereikt' alike in the terminal,
the JSON-free summaries and the report.

One rounding rule: a number is shown rounded (scores with one decimal), and a
difference shown beside two numbers is the difference of the numbers as shown,
so '3,3 tegenover 1,9' always comes with 'verschil 1,4'. Nothing shows as '-0'.
"""

from __future__ import annotations

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
MONTHS_SHORT = [month[:3] for month in MONTHS[:2]] + ["mrt"] + [month[:3] for month in MONTHS[3:]]
NO_DATA = "geen gegevens"
"""Said of a dimension without a score: nobody gave enough phase answers on it."""


def shown(value: float, decimals: int = 1) -> float:
    """The value as displayed with `decimals` decimals: 2.96 -> 3.0. Never -0.0."""
    return float(f"{value:.{decimals}f}") + 0.0  # -0.0 + 0.0 is 0.0


def number(value: float | None, decimals: int = 1) -> str:
    """2.7 -> '2,7' (a decimal comma); None -> '–'; -0.01 -> '0,0', never '-0,0'."""
    if value is None:
        return "–"
    return f"{shown(value, decimals):.{decimals}f}".replace(".", ",")


def difference(a: float, b: float, decimals: int = 1) -> str:
    """a - b as the difference of the shown values: 3.26 - 1.94 -> '1,4' (3,3 - 1,9), not '1,3'."""
    return number(shown(a, decimals) - shown(b, decimals), decimals)


def percentage(share: float) -> str:
    """0.5 -> '50%'; 0.125 -> '12%' (rounded like the format spec, half to even); never '-0%'."""
    return f"{shown(share * 100, 0):.0f}%"


def shown_gap(ambition: float | None, score: float | None, decimals: int = 1) -> float | None:
    """The shown ambition minus the shown score; None without either."""
    if ambition is None or score is None:
        return None
    return shown(ambition, decimals) - shown(score, decimals)


def below_ambition(ambition: float | None, score: float | None, decimals: int = 1, reached: bool | None = None) -> bool:
    """Whether a dimension is below its ambition: its phase is lower (`reached` False), or, where
    no phase is known (the total), the shown gap is above 0; never without a score or an ambition."""
    value = shown_gap(ambition, score, decimals)
    if value is None:
        return False
    return not reached if reached is not None else value > 0


def gap(ambition: float | None, score: float | None, decimals: int = 1, reached: bool | None = None) -> str:
    """The gap to the ambition in a table cell: '1,8', 'bereikt', or '–' without an ambition or a score.

    The ambition is a phase: 'bereikt' when the phase reached is at least the ambition (`reached`).
    A score at or above the ambition with a lower phase shows its (shown) gap, '0,0' or below."""
    value = shown_gap(ambition, score, decimals)
    if value is None:
        return "–"
    return number(value, decimals) if below_ambition(ambition, score, decimals, reached) else "bereikt"


def gap_sentence(ambition: float | None, score: float | None, decimals: int = 1, reached: bool | None = None) -> str:
    """The gap in running text: '1,8 fase onder de doelfase', 'doelfase bereikt', or '–'."""
    value = shown_gap(ambition, score, decimals)
    if value is None:
        return "–"
    if not below_ambition(ambition, score, decimals, reached):
        return "doelfase bereikt"
    if value <= 0:
        return "score op doelniveau, fase nog niet"
    return f"{number(value, decimals)} fase onder de doelfase"


def plural(count: int, one: str, many: str) -> str:
    """'1 rij', '3 rijen': the count with the right form, never 'rij(en)'."""
    return f"{count} {one if count == 1 else many}"


def phase_label(phase: int | None, name: str | None) -> str:
    """'2 Afstemmen', or '–' without a phase."""
    return f"{phase} {name}" if phase is not None else "–"


def borderline_label(phase: int, other: int) -> str:
    """'grensgeval 2/3': the lower and the higher of the two phases, whichever was reported."""
    low, high = sorted((phase, other))
    return f"grensgeval {low}/{high}"


def phase_cell(phase: int | None, name: str | None, borderline_with: int | None = None) -> str:
    """The phase as shown beside a score: '2 Afstemmen', or 'grensgeval 2/3' when the phase is
    a borderline case with `borderline_with` as the other phase; '–' without a phase."""
    if phase is not None and borderline_with is not None and borderline_with != phase:
        return borderline_label(phase, borderline_with)
    return phase_label(phase, name)


def interval(bounds: list[float] | tuple[float, float] | None) -> str:
    """'2,9–3,4' (an en dash, no spaces, so it never wraps), or '–' without an interval."""
    if bounds is None:
        return "–"
    low, high = bounds
    return f"{number(low)}–{number(high)}"


def shares_apart(share: float, threshold: float, tolerance: float = 1e-9) -> tuple[str, str]:
    """A share and the threshold it is compared with, as percentages that keep their order:
    0.746 against 0.75 shows '74,6%' and '75,0%', never '75%' beside '75%' for a share below it.
    Whole percentages unless more decimals are needed (at most three)."""
    exact = 0 if abs(share - threshold) <= tolerance else (1 if share > threshold else -1)
    for decimals in range(4):
        a, b = shown(share * 100, decimals), shown(threshold * 100, decimals)
        if (a > b) - (a < b) == exact:
            break
    return f"{number(share * 100, decimals)}%", f"{number(threshold * 100, decimals)}%"
