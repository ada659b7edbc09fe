"""Answers of many respondents in columns: per question one byte per respondent.

A survey export of 100,000 respondents holds four million answers. Kept as
Python objects per respondent, scoring them costs seconds; kept as one `bytes`
per question, counting runs at C speed (`bytes.count`, `bytes.translate`) and
the table takes one byte per answer. Pure: no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

from volwassenheid.core.questionset import MAX_PHASES
from volwassenheid.core.vocabulary import DONT_KNOW, NOT_APPLICABLE, Given, NonScore

if TYPE_CHECKING:
    import numpy as np

    from volwassenheid.core.cell_counts import CellIndex

Key = TypeVar("Key", bound=Hashable)

NO_ANSWER = 0
"""Codes 1..MAX_PHASES are phases."""
DONT_KNOW_CODE = 254
NOT_APPLICABLE_CODE = 255

_CODES: dict[object, int] = {DONT_KNOW: DONT_KNOW_CODE, NOT_APPLICABLE: NOT_APPLICABLE_CODE}
_VALUES: dict[int, NonScore] = {DONT_KNOW_CODE: DONT_KNOW, NOT_APPLICABLE_CODE: NOT_APPLICABLE}


def encode(value: Given | None) -> int:
    """An answer as stored in a column: a phase number, 'weet_niet', 'nvt' or None.

    Anything else (a bool, an unknown word) is a programming error: ValueError, never a silent code."""
    if value is None:
        return NO_ANSWER
    if type(value) is int:
        if not 1 <= value <= MAX_PHASES:
            raise ValueError(f"phase {value} outside 1..{MAX_PHASES}")
        return value
    code = _CODES.get(value)
    if code is None:
        raise ValueError(f"answer {value!r} is not a phase number, {DONT_KNOW!r} or {NOT_APPLICABLE!r}")
    return code


def decode(code: int) -> Given | None:
    if code == NO_ANSWER:
        return None
    return decode_given(code)


def decode_given(code: int) -> Given:
    """The answer of a code that is not NO_ANSWER."""
    return _VALUES.get(code, code)


@dataclass(frozen=True)
class Tally:
    """One question's answers counted: the sum and number of phase answers, weet niet, n.v.t."""

    phase_total: int
    phases: int
    dont_know: int
    not_applicable: int


@dataclass(frozen=True)
class AnswerTable:
    """The answers of a group of respondents, with each respondent's organisation
    and level; every question of the set has a column, NO_ANSWER where unanswered."""

    organisations: Sequence[str]
    levels: Sequence[str]
    columns: Mapping[str, bytes]

    def __len__(self) -> int:
        return len(self.organisations)

    @classmethod
    def from_answers(cls, question_ids: Iterable[str], people: Sequence[tuple[str, str, Mapping[str, Given]]]) -> AnswerTable:
        """From (organisation, level, {question id: answer}) per respondent."""
        return cls(
            organisations=[organisation for organisation, _, _ in people],
            levels=[level for _, level, _ in people],
            columns={qid: bytes(encode(answers.get(qid)) for _, _, answers in people) for qid in question_ids},
        )

    def take(self, positions: Sequence[int]) -> AnswerTable:
        """The respondents at these positions, in that order."""
        import numpy as np

        gather = picker(positions)
        taken = self.matrix[:, np.asarray(positions, dtype=np.intp)]
        return AnswerTable(
            organisations=list(gather(self.organisations)),
            levels=list(gather(self.levels)),
            columns={qid: row.tobytes() for qid, row in zip(self.columns, taken, strict=True)},
        )

    @cached_property
    def matrix(self) -> np.ndarray:
        """The columns as one numpy array, a row per question (in the order of `columns`), made once per table."""
        from volwassenheid.core.dimension_answers import answer_matrix

        return answer_matrix(self, list(self.columns))

    @cached_property
    def by_organisation(self) -> dict[str, list[slice]]:
        return runs_by(self.organisations)

    @cached_property
    def cell_index(self) -> CellIndex:
        """Each respondent's (organisation, level) cell as a number (core.cell_counts), made once per table."""
        from volwassenheid.core.cell_counts import CellIndex

        return CellIndex.of(self)

    @cached_property
    def by_level(self) -> dict[str, list[slice]]:
        return runs_by(self.levels)

    def answers_of(self, index: int) -> dict[str, Given]:
        """One respondent's answers, leaving out the questions without one."""
        return {qid: decode_given(column[index]) for qid, column in self.columns.items() if column[index] != NO_ANSWER}

    def tally(self, question_id: str) -> Tally:
        column = self.columns[question_id]
        phase_total, phases = phase_tally(column)
        return Tally(
            phase_total=phase_total,
            phases=phases,
            dont_know=column.count(DONT_KNOW_CODE),
            not_applicable=column.count(NOT_APPLICABLE_CODE),
        )


_NOT_PHASES = bytes([NO_ANSWER, *range(MAX_PHASES + 1, 256)])


def phase_tally(codes: bytes) -> tuple[int, int]:
    """(sum, number) of the phase answers among these codes."""
    phases = codes.translate(None, _NOT_PHASES)
    return sum(phases), len(phases)


def indexes_by(keys: Iterable[Key]) -> dict[Key, list[int]]:
    """Positions per distinct key (an organisation, a level, a partnership), in first-seen order."""
    found: defaultdict[Key, list[int]] = defaultdict(list)
    for position, key in enumerate(keys):
        found[key].append(position)
    return dict(found)


def runs_by(keys: Sequence[Key]) -> dict[Key, list[slice]]:
    """Per distinct key, the runs of consecutive positions that hold it: one run
    per key when the rows are sorted by it, so a group is a few slices of a column."""
    found: defaultdict[Key, list[slice]] = defaultdict(list)
    start = 0
    for key, run in groupby(keys):
        end = start + sum(1 for _ in run)
        found[key].append(slice(start, end))
        start = end
    return dict(found)


def run_length(runs: Iterable[slice]) -> int:
    return sum(run.stop - run.start for run in runs)


def picker(positions: Sequence[int]) -> Callable[[Sequence], tuple]:
    """A function giving the values at these positions as a tuple (itemgetter gathers them at C speed)."""
    if len(positions) == 1:
        position = positions[0]
        return lambda values: (values[position],)
    return itemgetter(*positions) if positions else lambda values: ()
