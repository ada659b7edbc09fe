"""How one dimension is scored from columns of answers. Pure.

Each phase answer is encoded as phase * base + 1 (base = the dimension's
question count + 1; other answers as 0), so the sum over a respondent's
questions is (phase total) * base + (number of phase answers): one whole
number per respondent holds both. Every score is a multiple of 1/unit, unit =
lcm(1..question count), so the statistics (core.cell_counts) are sums of whole
numbers: exact, rounded once, and never dependent on the order of the
respondents.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from volwassenheid.core.answers import AnswerTable

EPSILON = 1e-9
"""Tolerance for float noise at whole-number boundaries (minimum share, phase reached)."""


@dataclass(frozen=True)
class Stats:
    n: int
    score: float | None
    sd: float | None
    """Sample standard deviation; None below two scores."""

    @classmethod
    def of(cls, n: int, total: int, squares: int, unit: int) -> Stats:
        """From the number of scores, their sum and their sum of squares, in whole units of 1/unit."""
        if n == 0:
            return cls(n=0, score=None, sd=None)
        sd = None
        if n > 1:
            # sum(count * (value - mean)^2) / (n - 1), in whole numbers: (n * squares - total^2) / (n * (n - 1)).
            sd = math.sqrt((n * squares - total * total) / (n * (n - 1) * unit**2))
        return cls(n=n, score=total / (n * unit), sd=sd)


class DimensionScorer:
    def __init__(self, question_ids: Sequence[str], phase_count: int, minimum_share: float):
        self.questions = list(question_ids)
        count = len(self.questions)
        self.base = count + 1
        self.required = max(1, math.ceil(minimum_share * count - EPSILON))
        self._encoding = np.array([code * self.base + 1 if 1 <= code <= phase_count else 0 for code in range(256)], dtype=np.int64)
        self.unit = math.lcm(*range(1, count + 1)) if count else 1

    def sums(self, answers: AnswerTable) -> list[int]:
        """Each respondent's encoded sum over the dimension's questions."""
        return self.sums_array(answers).tolist()

    def sums_array(self, answers: AnswerTable) -> np.ndarray:
        """The same as a numpy array (int64)."""
        from volwassenheid.core.dimension_answers import answer_matrix

        return self._encoding[answer_matrix(answers, self.questions)].sum(axis=0)

    def score(self, encoded_sum: int) -> float | None:
        """A respondent's score: the mean of their phase answers, None when too few."""
        phase_total, answered = divmod(encoded_sum, self.base)
        return phase_total / answered if answered >= self.required else None
