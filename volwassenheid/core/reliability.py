"""Do a dimension's questions measure one thing? Cronbach's alpha and item-rest correlations. Pure.

Over the complete cases (respondents with a phase answer on every one of the
dimension's J questions), with sample variances (divided by n - 1):

- alpha = J / (J - 1) * (1 - sum_j var(x_j) / var(sum_j x_j))  (Cronbach 1951,
  "Coefficient alpha and the internal structure of tests", Psychometrika 16, 297-334);
- item-rest correlation of question j: the Pearson correlation between x_j and
  the sum of the other questions, sum - x_j (the corrected item-total
  correlation); below LOW_ITEM_REST the question fits the others poorly.

Alpha needs MIN_COMPLETE_CASES complete cases and two questions; below that, or
without any spread in the sum, it is None with the reason in Dutch. The
item-rest correlations need the same number of cases; each is None when x_j or
the rest has no spread.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

MIN_COMPLETE_CASES = 10
LOW_ITEM_REST = 0.30


@dataclass(frozen=True)
class Reliability:
    alpha: float | None
    item_rest: list[float | None]
    complete: int
    reason: str | None


def reliability(rows: Sequence[Sequence[int]]) -> Reliability:
    """Alpha and the item-rest correlations of the complete cases `rows` (one answer per question, in order)."""
    questions = len(rows[0]) if rows else 0
    if any(len(row) != questions for row in rows):
        raise ValueError("every complete case needs an answer to every question")
    complete = len(rows)
    if rows and questions < 2:
        return Reliability(None, [None] * questions, complete, "minder dan twee vragen")
    if complete < MIN_COMPLETE_CASES:
        # no count: with n respondents it would say how many left a gap, perhaps one person
        reason = f"te weinig volledig ingevulde antwoorden (minder dan {MIN_COMPLETE_CASES})"
        return Reliability(None, [None] * questions, complete, reason)
    # Equal rows counted once: every sum below is a whole number, exact, so the result does
    # not depend on the order of the respondents, and costs little for many of them.
    counted = Counter(tuple(row) for row in rows)
    totals = [sum(row) for row in counted]
    people = list(counted.values())
    item_rest = [_pearson(counted, people, lambda row, j=j: row[j], lambda row, j=j: sum(row) - row[j]) for j in range(questions)]
    total_variance = _variance_times(people, totals)
    if total_variance == 0:
        return Reliability(None, item_rest, complete, "geen spreiding in de somscore")
    item_variances = sum(Fraction(_variance_times(people, [row[j] for row in counted])) for j in range(questions))
    alpha = questions / (questions - 1) * (1 - float(item_variances / total_variance))
    return Reliability(alpha, item_rest, complete, None)


def _variance_times(people: list[int], values: list[int]) -> int:
    """n * (n - 1) times the sample variance: n * sum(x^2) - (sum x)^2, in whole numbers."""
    n = sum(people)
    total = sum(p * x for p, x in zip(people, values, strict=True))
    squares = sum(p * x * x for p, x in zip(people, values, strict=True))
    return n * squares - total * total


def _pearson(counted: Counter, people: list[int], first, second) -> float | None:
    """Pearson's r of two whole-number variables of the rows; None when either has no spread."""
    xs = [first(row) for row in counted]
    ys = [second(row) for row in counted]
    n = sum(people)
    sx = sum(p * x for p, x in zip(people, xs, strict=True))
    sy = sum(p * y for p, y in zip(people, ys, strict=True))
    sxx = n * sum(p * x * x for p, x in zip(people, xs, strict=True)) - sx * sx
    syy = n * sum(p * y * y for p, y in zip(people, ys, strict=True)) - sy * sy
    if sxx == 0 or syy == 0:
        return None
    sxy = n * sum(p * x * y for p, x, y in zip(people, xs, ys, strict=True)) - sx * sy
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
