"""A dimension's respondents counted per (organisation, level) cell, in numpy. Pure.

Every figure per group that scoring publishes or audits (n, mean and sd per
organisation and level, the people per cell for the disclosure audit, the
classes of equal number of phase answers) is a sum over cells. So one pass over
the respondents counts, per cell and number of phase answers a, the people and
the sums of their phase totals and of its squares; the figures then follow
from a few small tables. Whole numbers throughout: a respondent's score in
units of 1/unit is phase total x (unit // a), so a group's total and sum of
squares are exact, and the same as adding up the respondents one by one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from volwassenheid.core.answers import AnswerTable
from volwassenheid.core.dimension_answers import answer_matrix
from volwassenheid.core.dimension_scoring import DimensionScorer, Stats
from volwassenheid.core.questionset import MAX_PHASES

Cell = tuple[str, str]
"""(organisation, level)"""


@dataclass(frozen=True)
class CellIndex:
    """The distinct cells of a table, sorted (so an organisation's cells are adjacent), and each respondent's."""

    cells: list[Cell]
    of_respondent: np.ndarray

    @classmethod
    def of(cls, answers: AnswerTable) -> CellIndex:
        pairs = list(zip(answers.organisations, answers.levels, strict=True))
        cells = sorted(set(pairs))
        number = {cell: index for index, cell in enumerate(cells)}
        return cls(cells, np.fromiter(map(number.__getitem__, pairs), dtype=np.int64, count=len(pairs)))

    @cached_property
    def groups(self) -> tuple[tuple[list[str], np.ndarray], tuple[list[str], np.ndarray]]:
        """For organisations and for levels (the place in a cell): the names, sorted, and per cell its group's number."""
        found = []
        for place in (0, 1):
            names = sorted({cell[place] for cell in self.cells})
            number = {name: index for index, name in enumerate(names)}
            found.append((names, np.array([number[cell[place]] for cell in self.cells], dtype=np.int64)))
        return found[0], found[1]


@dataclass(frozen=True)
class CellCounts:
    """Per cell (rows) and number of phase answers a = 0..questions (columns): people, the sum of
    their phase totals and the sum of its squares."""

    index: CellIndex
    scorer: DimensionScorer
    people: np.ndarray
    totals: np.ndarray
    squares: np.ndarray

    @classmethod
    def of(cls, index: CellIndex, scorer: DimensionScorer, sums: np.ndarray) -> CellCounts:
        """From each respondent's encoded sum (see DimensionScorer), in the order of the index."""
        base = scorer.base
        answered, phase_total = sums % base, sums // base
        key = index.of_respondent * base + answered
        size = len(index.cells) * base
        # float64 sums of whole numbers stay exact far beyond any survey (2**53)
        totals = np.bincount(key, weights=phase_total, minlength=size)
        squares = np.bincount(key, weights=phase_total * phase_total, minlength=size)
        return cls(
            index=index,
            scorer=scorer,
            people=np.bincount(key, minlength=size).reshape(-1, base),
            totals=np.rint(totals).astype(np.int64).reshape(-1, base),
            squares=np.rint(squares).astype(np.int64).reshape(-1, base),
        )

    def scored_per_cell(self) -> dict[Cell, int]:
        """People with a score on the dimension, per cell that has any."""
        scored = self.people[:, self.scorer.required :].sum(axis=1)
        return {cell: int(n) for cell, n in zip(self.index.cells, scored.tolist(), strict=True) if n}

    def classes(self) -> Counter:
        """People who add to the dimension's question totals, per (cell, number of phase answers
        m in the dimension), m >= 1 (whether they have a score follows from m).

        The question totals together are the sum of m x (their score) over these people (their
        phase total when they have no score), the dimension total the sum of their scores: two
        equations, which separate people with a different m. So a class of equal m must hold
        0 or at least `minimale_groep` people, or its sum can be worked out."""
        return classes_of(self.index.cells, self.people)

    def stats(self) -> Stats:
        """n, mean and sample SD of the dimension's scores."""
        return self._stats(self.people.sum(axis=0), self.totals.sum(axis=0), self.squares.sum(axis=0))

    def group_stats(self, place: int) -> dict[str, Stats]:
        """The same per organisation (`place` 0) or level (1), for every group of the table."""
        names, group_of_cell = self.index.groups[place]
        shape = (len(names), self.scorer.base)
        tables = []
        for table in (self.people, self.totals, self.squares):
            summed = np.zeros(shape, dtype=np.int64)
            np.add.at(summed, group_of_cell, table)
            tables.append(summed)
        return {name: self._stats(*(table[group] for table in tables)) for group, name in enumerate(names)}

    def _stats(self, people: np.ndarray, totals: np.ndarray, squares: np.ndarray) -> Stats:
        scorer = self.scorer
        counted = range(scorer.required, scorer.base)
        scale = [scorer.unit // answered for answered in counted]
        return Stats.of(
            n=sum(people[list(counted)].tolist()),
            total=_dot(scale, totals[scorer.required :].tolist()),
            squares=_dot([factor * factor for factor in scale], squares[scorer.required :].tolist()),
            unit=scorer.unit,
        )


def _dot(factors: Sequence[int], values: Sequence[int]) -> int:
    """In Python's whole numbers: the factors can exceed 64 bits."""
    return sum(factor * value for factor, value in zip(factors, values, strict=True))


def classes_of(cells: Sequence[Cell], people: np.ndarray) -> Counter:
    """{(cell, m): people} from a cells x (m = 0..questions) table of people, for m >= 1 and people > 0."""
    rows, columns = np.nonzero(people[:, 1:])
    return Counter(
        {
            (cells[row], column + 1): count
            for row, column, count in zip(rows.tolist(), columns.tolist(), people[rows, columns + 1].tolist(), strict=True)
        }
    )


def answered_classes(answers: AnswerTable, question_ids: Sequence[str], index: CellIndex) -> Counter:
    """People per (cell, number of phase answers among these questions), leaving out those without any."""
    codes = answer_matrix(answers, question_ids)
    answered = ((codes >= 1) & (codes <= MAX_PHASES)).sum(axis=0)
    width = len(question_ids) + 1
    people = np.bincount(index.of_respondent * width + answered, minlength=len(index.cells) * width).reshape(-1, width)
    return classes_of(index.cells, people)


def question_tallies(answers: AnswerTable, question_ids: Sequence[str], index: CellIndex) -> list[dict[Cell, tuple[int, int]]]:
    """Per question, per cell with phase answers to it: (sum of those phases, their number)."""
    codes = answer_matrix(answers, question_ids)
    phases = np.where(codes <= MAX_PHASES, codes, 0).astype(np.int64)
    cells = len(index.cells)
    key = (np.arange(len(question_ids), dtype=np.int64)[:, np.newaxis] * cells + index.of_respondent).ravel()
    totals = np.bincount(key, weights=phases.ravel(), minlength=len(question_ids) * cells).reshape(len(question_ids), cells)
    counts = np.bincount(key, weights=(phases > 0).ravel(), minlength=len(question_ids) * cells).reshape(len(question_ids), cells)
    return [
        {cell: (int(total), int(count)) for cell, total, count in zip(index.cells, question_totals, question_counts, strict=True) if count}
        for question_totals, question_counts in zip(totals.tolist(), counts.tolist(), strict=True)
    ]
