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

import numpy as np

from volwassenheid.core.answers import DONT_KNOW_CODE, NO_ANSWER, NOT_APPLICABLE_CODE, AnswerTable, run_length
from volwassenheid.core.dimension_answers import answer_matrix
from volwassenheid.core.questionset import LEVELS
from volwassenheid.core.results import ItemNonResponse

HIGH_SHARE = 0.20
_KINDS = (DONT_KNOW_CODE, NOT_APPLICABLE_CODE)


def dimension_nonresponse(answers: AnswerTable, questions: Sequence[str], threshold: int) -> ItemNonResponse:
    """The shares over every respondent of `answers` and these questions."""
    return _shares(answers, questions, [""], np.zeros(len(answers), dtype=np.int64), threshold)[""]


def level_nonresponse(answers: AnswerTable, threshold: int) -> dict[str, ItemNonResponse]:
    """Per level, the shares over all questions of the set."""
    levels: list[str] = [level for level in LEVELS if level in answers.by_level]
    if any(run_length(answers.by_level[level]) < threshold for level in levels):
        # a small level would decide, by its own answers, whether the others' shares are shown
        return {}
    number: dict[str, int] = {level: index for index, level in enumerate(levels)}
    level_of = np.fromiter(map(number.__getitem__, answers.levels), dtype=np.int64, count=len(answers))
    return _shares(answers, list(answers.columns), levels, level_of, threshold)


def _shares(answers: AnswerTable, questions: Sequence[str], names: list[str], group_of: np.ndarray, threshold: int) -> dict[str, ItemNonResponse]:
    """Per group (`names`; `group_of` gives each respondent's number in it), the shares of "weet niet" and "n.v.t."."""
    codes = answer_matrix(answers, questions)

    def per_group(values: np.ndarray) -> list[int]:
        return [int(total) for total in np.bincount(group_of, weights=values, minlength=len(names)).tolist()]

    sizes = np.bincount(group_of, minlength=len(names)).tolist()
    unanswered = per_group((codes == NO_ANSWER).sum(axis=0))
    given = [size * len(questions) - missing for size, missing in zip(sizes, unanswered, strict=True)]
    counts, safe = {}, {}
    for kind in _KINDS:
        answers_of_kind = (codes == kind).sum(axis=0)
        counts[kind] = per_group(answers_of_kind)
        safe[kind] = all(_safe(people, threshold) for people in per_group(answers_of_kind > 0))
    found = {}
    for group, name in enumerate(names):
        # a group below the threshold shows nothing: even "0%" says something about each of its few people
        large = sizes[group] >= threshold
        shares = {kind: counts[kind][group] / given[group] if safe[kind] and large and given[group] else None for kind in _KINDS}
        found[name] = ItemNonResponse(
            weet_niet_aandeel=shares[DONT_KNOW_CODE],
            nvt_aandeel=shares[NOT_APPLICABLE_CODE],
            weet_niet_hoog=_high(shares[DONT_KNOW_CODE]),
            nvt_hoog=_high(shares[NOT_APPLICABLE_CODE]),
        )
    return found


def _safe(people: int, threshold: int) -> bool:
    return people == 0 or people >= threshold


def _high(share: float | None) -> bool:
    return share is not None and share > HIGH_SHARE + 1e-9
