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
fractions, so the result does not depend on the order of the respondents.
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
    means = {key: _mean_profile(groups[key], sizes[key]) for key in keys}
    distribution = _mix(means, weights)
    return Weighted(
        distribution=[float(share) for share in distribution],
        score=float(_mean_phase(distribution)),
        other_score=float(_mean_phase(_mix(means, other))),
        strata=[Stratum(weight=float(weights[key]), types=dict(sorted(groups[key].items()))) for key in keys],
    )


def _mean_profile(types: Counter[AnswerType], size: int) -> list[Fraction]:
    """The group's mean profile, summed in whole numbers over a common denominator (fast and exact)."""
    phases = len(next(iter(types)))
    unit = math.lcm(*{sum(answer_type) for answer_type in types})
    sums = [0] * phases
    for answer_type, people in types.items():
        scale = people * (unit // sum(answer_type))
        for index, count in enumerate(answer_type):
            sums[index] += scale * count
    return [Fraction(value, unit * size) for value in sums]


def _mix(means: Mapping[GroupKey, list[Fraction]], weights: Mapping[GroupKey, Fraction]) -> list[Fraction]:
    phases = len(next(iter(means.values())))
    return [sum((weights[key] * mean[index] for key, mean in means.items()), Fraction(0)) for index in range(phases)]


def _mean_phase(distribution: list[Fraction]) -> Fraction:
    return sum((share * (index + 1) for index, share in enumerate(distribution)), Fraction(0))
