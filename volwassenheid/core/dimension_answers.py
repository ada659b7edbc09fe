"""One dimension's answers as a numpy matrix, and the counts scoring takes from it. Pure.

A partnership's figures per dimension (the answer distribution, the people per
phase that the privacy rules check, the counts per question behind the
agreement, the complete cases behind alpha) are all counts over the same few
columns. Counted in numpy on one questions x respondents matrix of answer
codes, each is a handful of whole-array steps instead of a pass in Python over
every respondent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from volwassenheid.core.answers import AnswerTable
from volwassenheid.core.questionset import MAX_PHASES

_AS_PHASE = {phases: np.array([code if 1 <= code <= phases else 0 for code in range(256)], dtype=np.int64) for phases in range(1, MAX_PHASES + 1)}


def _set_membership(phases: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every set of phases (a bit per phase, as a row) and every phase k (a column): whether the
    set holds k, holds k or a higher one, and holds one below k."""
    sets = np.arange(1 << phases, dtype=np.int64)[:, np.newaxis]
    bit = 1 << np.arange(phases, dtype=np.int64)
    return ((sets & bit) > 0).astype(np.int64), (sets >= bit).astype(np.int64), ((sets & (bit - 1)) > 0).astype(np.int64)


_SET_MEMBERSHIP = {phases: _set_membership(phases) for phases in range(1, MAX_PHASES + 1)}


def answer_matrix(answers: AnswerTable, question_ids: Sequence[str]) -> np.ndarray:
    """The answer codes of these questions, one row per question, one column per respondent."""
    if not question_ids:
        return np.zeros((0, len(answers)), dtype=np.uint8)
    joined = b"".join(answers.columns[qid] for qid in question_ids)
    return np.frombuffer(joined, dtype=np.uint8).reshape(len(question_ids), len(answers))


@dataclass(frozen=True)
class DimensionAnswers:
    """The answer codes of a dimension's questions (rows) for every respondent (columns), and
    which respondents have a score on it."""

    codes: np.ndarray
    has_score: np.ndarray
    phase_count: int

    @cached_property
    def scored_codes(self) -> np.ndarray:
        return self.codes[:, self.has_score]

    @cached_property
    def phase_counts(self) -> np.ndarray:
        """Per respondent with a score (rows), how many of the questions they answered at phase 1..P (columns):
        their *type* (see core.weighting)."""
        width = self.phase_count + 1
        phases = _AS_PHASE[self.phase_count][self.scored_codes]  # a phase answer as itself, any other code as 0
        respondents = phases.shape[1]
        key = np.arange(respondents, dtype=np.int64) * width + phases  # one count per (respondent, phase)
        return np.bincount(key.ravel(), minlength=respondents * width).reshape(respondents, width)[:, 1:].astype(np.int64)

    @cached_property
    def _answering(self) -> tuple[list[int], list[int], list[int]]:
        """Per phase k, respondents with a score who answered a question at k, at k or higher, and below k:
        counted over the few distinct sets of phases a respondent answered at (one bit per phase)."""
        phases = self.phase_count
        bits = (self.phase_counts > 0).astype(np.int64) @ (1 << np.arange(phases, dtype=np.int64))
        counted = np.bincount(bits, minlength=1 << phases)
        at, at_or_above, below = _SET_MEMBERSHIP[phases]
        return (counted @ at).tolist(), (counted @ at_or_above).tolist(), (counted @ below).tolist()

    def people_at(self, phase: int) -> int:
        """Respondents with a score who answered at least one question at this phase."""
        return self._answering[0][phase - 1]

    def people_at_or_above(self, phase: int) -> int:
        return self._answering[1][phase - 1]

    def people_below(self, phase: int) -> int:
        return self._answering[2][phase - 1]

    def answer_counts(self) -> list[dict[int, int]]:
        """Per question, how many respondents with a score gave each phase answer."""
        found = []
        for row in self.scored_codes:
            counts = np.bincount(row, minlength=self.phase_count + 1)[1 : self.phase_count + 1]
            found.append({phase: int(people) for phase, people in enumerate(counts.tolist(), start=1) if people})
        return found

    def complete_cases(self) -> np.ndarray:
        """The answers (respondents x questions) of everyone who answered every question with a phase."""
        complete = ((self.codes >= 1) & (self.codes <= self.phase_count)).all(axis=0)
        return self.codes[:, complete].T.astype(np.int64)
