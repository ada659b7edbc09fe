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
from collections.abc import Sequence
from dataclasses import dataclass

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
        reason = f"te weinig volledig ingevulde antwoorden ({complete}; minimaal {MIN_COMPLETE_CASES})"
        return Reliability(None, [None] * questions, complete, reason)
    rows = sorted(tuple(row) for row in rows)  # so the float sums do not depend on the order of the respondents
    columns = [[float(row[j]) for row in rows] for j in range(questions)]
    totals = [float(sum(row)) for row in rows]
    item_rest = [_pearson(column, [total - x for total, x in zip(totals, column, strict=True)]) for column in columns]
    total_variance = _sample_variance(totals)
    if total_variance == 0:
        return Reliability(None, item_rest, complete, "geen spreiding in de somscore")
    alpha = questions / (questions - 1) * (1 - sum(_sample_variance(column) for column in columns) / total_variance)
    return Reliability(alpha, item_rest, complete, None)


def _sample_variance(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum((x - mean) ** 2 for x in values) / (len(values) - 1)


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r; None when either variable has no spread."""
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx = sum(d * d for d in dx)
    syy = sum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        return None
    r = sum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))
