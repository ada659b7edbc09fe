"""Which phase a dimension reaches, given its answer distribution. Pure.

The distribution D holds the (weighted) share of counted answers at each
phase 1..P and sums to 1. Two rules, chosen in the question set (`fase_regel`):

- drempel: phase k is reached when at least `drempel` of the answers are at
  phase k or higher, C(k) = D(k) + ... + D(P) >= drempel. The phase is the
  largest such k, and phase 1 is reached with any answer at all. The rule
  follows the method's claim that the phases build up: who is in phase 3 also
  does what phases 1 and 2 ask.
- gemiddelde: floor(score), with score = sum_k k D(k), taken from the score as
  shown (one decimal), so "3,0" is never shown next to phase 2.

`phases_of` applies a rule to many distributions at once (the bootstrap) and
gives exactly what `phase_of` gives row by row: the sums run in the same order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from volwassenheid.core.questionset import PhaseRule

if TYPE_CHECKING:
    import numpy as np

TOLERANCE = 1e-9
"""A share that equals the threshold up to rounding reaches it (0.1 + 0.65 >= 0.75)."""
ROUND_UP_FROM = 0.95
"""The fraction of a score above which it shows as the next whole number ("2,96" -> "3,0")."""


def phase_by_threshold(distribution: Sequence[float], threshold: float) -> int:
    """The largest k with D(k) + ... + D(P) >= threshold (less 1e-9); 1 at least."""
    tail = 0.0
    for phase in range(len(distribution), 1, -1):
        tail = tail + distribution[phase - 1]
        if tail >= threshold - TOLERANCE:
            return phase
    return 1


def phase_by_mean(score: float, phase_count: int) -> int:
    """floor of the score as shown with one decimal, within 1..phase_count."""
    shown = float(f"{score:.1f}")
    return min(max(math.floor(shown + TOLERANCE), 1), phase_count)


def mean_of(distribution: Sequence[float]) -> float:
    """score = sum_k k D(k), summed from phase 1 upwards (the order `phases_of` uses)."""
    total = 0.0
    for phase, share in enumerate(distribution, start=1):
        total = total + phase * share
    return total


def phase_of(distribution: Sequence[float], rule: PhaseRule, threshold: float) -> int:
    """The phase a distribution reaches under `rule` ("drempel" or "gemiddelde")."""
    if rule == "drempel":
        return phase_by_threshold(distribution, threshold)
    if rule == "gemiddelde":
        return phase_by_mean(mean_of(distribution), len(distribution))
    raise ValueError(f"unknown phase rule {rule!r}")


def means_of(distributions: np.ndarray) -> np.ndarray:
    """`mean_of` for each row of a (B, P) array, summed in the same order."""
    import numpy as np

    total = np.zeros(distributions.shape[0])
    for column in range(distributions.shape[1]):
        total = total + (column + 1) * distributions[:, column]
    return total


def phases_of(distributions: np.ndarray, rule: PhaseRule, threshold: float) -> np.ndarray:
    """`phase_of` for each row of a (B, P) array of distributions; an int array of shape (B,)."""
    import numpy as np

    distributions = np.asarray(distributions, dtype=float)
    if distributions.ndim != 2:
        raise ValueError("distributions must be a (B, P) array")
    if rule == "drempel":
        return _phases_by_threshold(distributions, threshold)
    if rule == "gemiddelde":
        return _phases_by_mean(means_of(distributions), distributions.shape[1])
    raise ValueError(f"unknown phase rule {rule!r}")


def _phases_by_threshold(distributions: np.ndarray, threshold: float) -> np.ndarray:
    import numpy as np

    count, phases = distributions.shape
    result = np.ones(count, dtype=np.int64)
    tail = np.zeros(count)
    undecided = np.ones(count, dtype=bool)
    for phase in range(phases, 1, -1):  # the same additions, in the same order, as phase_by_threshold
        tail = tail + distributions[:, phase - 1]
        reached = undecided & (tail >= threshold - TOLERANCE)
        result[reached] = phase
        undecided &= ~reached
    return result


def _phases_by_mean(scores: np.ndarray, phase_count: int) -> np.ndarray:
    import numpy as np

    # This is exactly what formatting with one decimal decides. For a score >= 1, score - floor(score) is exact
    # (Sterbenz), and "%.1f" shows the next whole number iff that fraction exceeds the real 0.95 (no double equals
    # 0.95, so there is no tie). The double nearest 0.95 lies just below it and no double lies in between, so
    # "fraction > 0.95 as a double" is the same test. Scores below 1 end up as phase 1 either way.
    whole = np.floor(scores)
    phases = whole + (scores - whole > ROUND_UP_FROM)
    return np.clip(phases, 1, phase_count).astype(np.int64)
