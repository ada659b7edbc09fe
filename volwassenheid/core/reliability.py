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
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MIN_COMPLETE_CASES = 10
LOW_ITEM_REST = 0.30


@dataclass(frozen=True)
class Reliability:
    alpha: float | None
    item_rest: list[float | None]
    complete: int
    reason: str | None


def reliability(rows: Sequence[Sequence[int]] | np.ndarray) -> Reliability:
    """Alpha and the item-rest correlations of the complete cases `rows` (one answer per question, in order;
    a list of rows, or a respondents x questions array of whole numbers)."""
    import numpy as np  # here, not on import: the CLI loads this module on start

    matrix = rows if isinstance(rows, np.ndarray) else _matrix(rows)
    complete, questions = matrix.shape
    if complete and questions < 2:
        return Reliability(None, [None] * questions, complete, "minder dan twee vragen")
    if complete < MIN_COMPLETE_CASES:
        # no count: with n respondents it would say how many left a gap, perhaps one person
        reason = f"te weinig volledig ingevulde antwoorden (minder dan {MIN_COMPLETE_CASES})"
        return Reliability(None, [None] * questions, complete, reason)
    # Every figure below follows from n, the sums and the sums of products of the questions: whole
    # numbers, exact, so the result does not depend on the order of the respondents.
    products = (matrix.T @ matrix).tolist()
    sums = matrix.sum(axis=0).tolist()
    n, grand, all_products = complete, sum(sums), sum(map(sum, products))
    item_rest = []
    for j in range(questions):
        with_rest = sum(products[j])  # sum of x_j times the total
        rest_squares = all_products - 2 * with_rest + products[j][j]
        item_rest.append(_pearson(n, sums[j], grand - sums[j], products[j][j], rest_squares, with_rest - products[j][j]))
    total_variance = n * all_products - grand * grand
    if total_variance == 0:
        return Reliability(None, item_rest, complete, "geen spreiding in de somscore")
    item_variances = sum(Fraction(n * products[j][j] - sums[j] * sums[j]) for j in range(questions))
    alpha = questions / (questions - 1) * (1 - float(item_variances / total_variance))
    return Reliability(alpha, item_rest, complete, None)


def _matrix(rows: Sequence[Sequence[int]]) -> np.ndarray:
    import numpy as np

    questions = len(rows[0]) if rows else 0
    if any(len(row) != questions for row in rows):
        raise ValueError("every complete case needs an answer to every question")
    return np.array(rows, dtype=np.int64).reshape(len(rows), questions)


def _pearson(n: int, sx: int, sy: int, squares_x: int, squares_y: int, products: int) -> float | None:
    """Pearson's r from n, the sums, the sums of squares and of products; None when either has no spread."""
    sxx = n * squares_x - sx * sx
    syy = n * squares_y - sy * sy
    if sxx == 0 or syy == 0:
        return None
    sxy = n * products - sx * sy
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
