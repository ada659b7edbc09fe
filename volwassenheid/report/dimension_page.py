"""What heads a dimension's page besides the figures: a conclusion for its title, and the answers
per phase as a stacked bar. Pure."""

from __future__ import annotations

import math

from volwassenheid.core.dutch import NO_DATA, shown_gap
from volwassenheid.core.results import DimensionResult
from volwassenheid.report import charts
from volwassenheid.report.dashboard import near_target, status

FAR_BELOW = 1.0
"""A score a whole phase or more below the doelfase is 'ver onder de doelfase'."""


def dimension_title(d: DimensionResult) -> str:
    """A conclusion to head a dimension's page, by the same rule as the dashboard's status; without a
    number, so that it cannot read against the gap in the facts beside it."""
    state = status(d)
    if d.score is None:
        return f"{d.naam}: {NO_DATA}"
    if state == "geen":
        return f"{d.naam}: fase {d.fase}, zonder doelfase"
    if state == "op_doel":
        return f"{d.naam}: {'boven' if (d.fase or 0) > (d.doelfase or 0) else 'op'} de doelfase"
    if near_target(d):
        return f"{d.naam}: dicht bij de doelfase"
    far = (shown_gap(d.doelfase, d.score) or 0.0) >= FAR_BELOW - 1e-9  # the gap as the facts show it
    return f"{d.naam}: {'ver ' if far else ''}onder de doelfase"


def distribution_chart(d: DimensionResult, palette: charts.Palette) -> str | None:
    """The answers per phase as a stacked bar: all phases where each share may be shown; else the parts
    that the shares the phase explanation names give (below phase k, at k, k + 1 or higher).

    The parts are differences of the shares at k or higher, each rounded down to a whole percent as
    the explanation rounds them: so the parts add up to 100% and any 'k or higher' reads as there."""
    if d.score is None or d.te_weinig_respondenten:
        return None
    if d.verdeling is not None:
        phases = sorted(d.verdeling)
        shares = [d.verdeling[k] for k in phases]
        at_least = {k: _whole_percent(math.fsum(shares[i:])) for i, k in enumerate(phases)}
        parts = [(f"fase {k}", at_least[k] - at_least.get(k + 1, 0)) for k in phases]
    else:
        known = sorted((k, _whole_percent(share)) for k, share in d.aandeel_vanaf.items() if k > 1)
        if not known:
            return None
        parts = [(f"onder fase {known[0][0]}", 100 - known[0][1])]
        for (k, share), (_, higher) in zip(known, known[1:], strict=False):
            parts.append((f"fase {k}", share - higher))
        parts.append((f"fase {known[-1][0]} of hoger", known[-1][1]))
    text = ", ".join(f"{label} {percent}%" for label, percent in parts)
    return charts.distribution_bar(parts, palette, description=f"{d.kort}: {text}")


def _whole_percent(share: float) -> int:
    """A share as whole percent, rounded down as the shares of the phase rule are (never over the threshold)."""
    return math.floor(share * 100 + 1e-7)
