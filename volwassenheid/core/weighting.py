"""How the respondents of one dimension weigh in its score, and the answer distribution that follows. Pure.

Each respondent with a score on the dimension has a *profile*: the share of their
phase answers there at each phase. The dimension's answer distribution (verdeling)
is the weighted mean of the profiles, and its score the mean phase of that
distribution, which is the weighted mean of the respondents' scores.

Weighting groups are the organisations; the organisations the disclosure audit
hides on the dimension weigh together, as one group, so the weighted score is a
combination of figures already published (the total and the visible groups) and
gives nothing away about a hidden organisation. With `weging: organisatie` each
group weighs the same, with `weging: respondent` each respondent does. Computed in
whole numbers per group and exactly rounded sums, so the result does not depend on
the order of the respondents.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from volwassenheid.core.uncertainty import Stratum

AnswerType = tuple[int, ...]
"""Counts of a respondent's phase answers at phases 1..P."""
HIDDEN_GROUP = None
"""The key of the organisations hidden on a dimension, together."""

GroupKey = str | None


@dataclass(frozen=True)
class Weighted:
    distribution: list[float]
    """Share of the (weighted) phase answers at phases 1..P."""
    score: float
    other_score: float
    """The score with the other weighting."""
    strata: list[Stratum]
    """The weighting groups with their weights and types, for the interval."""


def weighted(groups: Mapping[GroupKey, Counter[AnswerType]], weighting: str) -> Weighted | None:
    """The distribution and score of a dimension, None without respondents."""
    keys = sorted((key for key, types in groups.items() if sum(types.values())), key=lambda key: (key is not None, key or ""))
    if not keys:
        return None
    sizes = {key: sum(groups[key].values()) for key in keys}
    total = sum(sizes.values())
    by_respondent = {key: Fraction(sizes[key], total) for key in keys}
    by_organisation = {key: Fraction(1, len(keys)) for key in keys}
    weights, other = (by_organisation, by_respondent) if weighting == "organisatie" else (by_respondent, by_organisation)
    means, scores = {}, {}
    for key in keys:
        means[key], scores[key] = _group_means(groups[key], sizes[key])
    return Weighted(
        distribution=_mix(means, weights),
        score=float(sum((weights[key] * scores[key] for key in keys), Fraction(0))),
        other_score=float(sum((other[key] * scores[key] for key in keys), Fraction(0))),
        strata=[Stratum(weight=float(weights[key]), types=dict(sorted(groups[key].items()))) for key in keys],
    )


def _group_means(types: Counter[AnswerType], size: int) -> tuple[list[float], Fraction]:
    """The group's mean profile, and its mean score exactly (the score is what is shown, and the
    mean rule's phase hangs on it): whole-number sums over a common denominator, divided once."""
    phases = len(next(iter(types)))
    unit = math.lcm(*{sum(answer_type) for answer_type in types})
    sums = [0] * phases
    for answer_type, people in types.items():
        scale = people * (unit // sum(answer_type))
        for index, count in enumerate(answer_type):
            sums[index] += scale * count
    score = Fraction(sum(value * phase for phase, value in enumerate(sums, start=1)), unit * size)
    return [value / (unit * size) for value in sums], score


def _mix(means: Mapping[GroupKey, list[float]], weights: Mapping[GroupKey, Fraction]) -> list[float]:
    """Weighted shares; math.fsum rounds the exact sum once, so the order of the groups does not matter."""
    phases = len(next(iter(means.values())))
    return [math.fsum(float(weights[key]) * mean[index] for key, mean in means.items()) for index in range(phases)]
