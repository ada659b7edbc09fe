"""How one dimension is scored from columns of answers. Pure.

Each phase answer is encoded as phase * base + 1 (base = the dimension's
question count + 1; other answers as 0), so the sum over a respondent's
questions is (phase total) * base + (number of phase answers): one whole
number per respondent holds both. Respondents with the same sum have the same
score, so statistics are computed from a histogram of sums, in whole numbers:
every score is a multiple of 1/unit, unit = lcm(1..question count). The
results are exact and then rounded once, so they never depend on the order of
the respondents.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from volwassenheid.core.answers import AnswerTable

if TYPE_CHECKING:
    import numpy as np

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
        self._encoding = [code * self.base + 1 if 1 <= code <= phase_count else 0 for code in range(256)]
        self.unit = math.lcm(*range(1, count + 1)) if count else 1
        largest = phase_count * count * self.base + count
        self._scored = [encoded % self.base >= self.required for encoded in range(largest + 1)]
        # The score of each possible sum as a whole number of 1/unit, None when too few answers.
        self._scaled = [
            (encoded // self.base) * (self.unit // (encoded % self.base)) if scored else None for encoded, scored in enumerate(self._scored)
        ]

    def sums(self, answers: AnswerTable) -> list[int]:
        """Each respondent's encoded sum over the dimension's questions."""
        return self.sums_array(answers).tolist()

    def sums_array(self, answers: AnswerTable) -> np.ndarray:
        """The same as a numpy array (int64)."""
        import numpy as np

        from volwassenheid.core.dimension_answers import answer_matrix

        return np.asarray(self._encoding_array[answer_matrix(answers, self.questions)].sum(axis=0), dtype=np.int64)

    def score(self, encoded_sum: int) -> float | None:
        """A respondent's score: the mean of their phase answers, None when too few."""
        phase_total, answered = divmod(encoded_sum, self.base)
        return phase_total / answered if answered >= self.required else None

    @cached_property
    def _encoding_array(self) -> np.ndarray:
        import numpy as np

        return np.array(self._encoding, dtype=np.int64)

    def has_score(self, sums: Iterable[int]) -> Iterable[bool]:
        return map(self._scored.__getitem__, sums)

    def stats(self, sums: Iterable[int]) -> Stats:
        """n, mean and sample SD of the scores of the respondents with these sums (as core.cell_counts, one by one)."""
        scaled = [value for value in map(self._scaled.__getitem__, sums) if value is not None]  # score in 1/unit
        return Stats.of(n=len(scaled), total=sum(scaled), squares=sum(value * value for value in scaled), unit=self.unit)
