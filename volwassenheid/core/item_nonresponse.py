"""How often respondents said "weet niet" or "n.v.t.": per dimension and per level. Pure.

A high share of "weet niet" is a finding in itself (professionals who do not know
how the partnership works), so it is reported, and flagged above HIGH_SHARE.
A share gives away how many answers of a kind were given; it is shown only when
the people who gave that kind of answer number 0 or at least `minimale_groep`
(per level: in every level), as one "weet niet" would be one person's answer,
and only for a group (the partnership, a level) of at least `minimale_groep` people
with answers given.
"""

from __future__ import annotations

from collections.abc import Sequence

from volwassenheid.core.answers import DONT_KNOW_CODE, NO_ANSWER, NOT_APPLICABLE_CODE, AnswerTable, marked_rows, marking, run_length
from volwassenheid.core.questionset import LEVELS
from volwassenheid.core.results import ItemNonResponse

HIGH_SHARE = 0.20
_KINDS = (DONT_KNOW_CODE, NOT_APPLICABLE_CODE)


def dimension_nonresponse(answers: AnswerTable, questions: Sequence[str], threshold: int) -> ItemNonResponse:
    """The shares over every respondent of `answers` and these questions."""
    everyone = [slice(0, len(answers))]
    return _shares(answers, questions, {"": everyone}, threshold)[""]


def level_nonresponse(answers: AnswerTable, threshold: int) -> dict[str, ItemNonResponse]:
    """Per level, the shares over all questions of the set."""
    levels = [level for level in LEVELS if level in answers.by_level]
    if sum(map(len, answers.by_level.values())) > len(levels) * 4:
        # Rows not sorted by level (a traject's interviews): gather each level's rows once, so it is one run.
        order = sorted(range(len(answers)), key=lambda position: LEVELS.index(answers.levels[position]))
        answers = answers.take(order)
    runs = answers.by_level
    if any(run_length(runs[level]) < threshold for level in levels):
        # a small level would decide, by its own answers, whether the others' shares are shown
        return {}
    return _shares(answers, list(answers.columns), {level: runs[level] for level in levels}, threshold)


def _shares(answers: AnswerTable, questions: Sequence[str], groups: dict[str, list[slice]], threshold: int) -> dict[str, ItemNonResponse]:
    columns = [answers.columns[qid] for qid in questions]
    given = {name: run_length(runs) * len(columns) - _count(columns, runs, NO_ANSWER) for name, runs in groups.items()}
    counts = {kind: {name: _count(columns, runs, kind) for name, runs in groups.items()} for kind in _KINDS}
    people = {kind: marked_rows(columns, marking([kind]), len(answers)) for kind in _KINDS}
    safe = {
        kind: all(_safe(sum(people[kind].count(1, run.start, run.stop) for run in runs), threshold) for runs in groups.values()) for kind in _KINDS
    }
    found = {}
    for name, runs in groups.items():
        # a group below the threshold shows nothing: even "0%" says something about each of its few people
        large = run_length(runs) >= threshold
        shares = {kind: counts[kind][name] / given[name] if safe[kind] and large and given[name] else None for kind in _KINDS}
        found[name] = ItemNonResponse(
            weet_niet_aandeel=shares[DONT_KNOW_CODE],
            nvt_aandeel=shares[NOT_APPLICABLE_CODE],
            weet_niet_hoog=_high(shares[DONT_KNOW_CODE]),
            nvt_hoog=_high(shares[NOT_APPLICABLE_CODE]),
        )
    return found


def _count(columns: Sequence[bytes], runs: Sequence[slice], code: int) -> int:
    return sum(column.count(code, run.start, run.stop) for column in columns for run in runs)


def _safe(people: int, threshold: int) -> bool:
    return people == 0 or people >= threshold


def _high(share: float | None) -> bool:
    return share is not None and share > HIGH_SHARE + 1e-9
