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

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from volwassenheid.core.uncertainty import Moments, Stratum

if TYPE_CHECKING:
    import numpy as np

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
    """The weighting groups with their weights and types, for the bootstrap (empty with `moments`)."""
    moments: list[Moments] | None = None
    """For many respondents (weighted_many): each group's moments, for the normal approximation."""
    seed: int = 0
    """With `moments`: the seed of its draws, from the content only."""


def weighted(groups: Mapping[GroupKey, Counter[AnswerType]], weighting: str, hidden_organisations: int = 1) -> Weighted | None:
    """The distribution and score of a dimension, None without respondents. Under organisation
    weighting the hidden group weighs as `hidden_organisations` organisations."""
    keys = sorted((key for key, types in groups.items() if sum(types.values())), key=lambda key: (key is not None, key or ""))
    if not keys:
        return None
    sizes = {key: sum(groups[key].values()) for key in keys}
    total = sum(sizes.values())
    by_respondent = {key: Fraction(sizes[key], total) for key in keys}
    by_organisation = organisation_weights(keys, hidden_organisations)
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


def organisation_weights(keys: Sequence[GroupKey], hidden_organisations: int) -> dict[GroupKey, Fraction]:
    """Each organisation 1/K: a visible one on its own, the hidden ones (HIDDEN_GROUP) together as
    many organisations as are hidden, so the smallest partners keep their share."""
    counts = {key: hidden_organisations if key is HIDDEN_GROUP else 1 for key in keys}
    total = sum(counts.values())
    return {key: Fraction(count, total) for key, count in counts.items()}


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


def weighted_many(
    counts: np.ndarray,
    organisations: Sequence[str],
    organisation_of: np.ndarray,
    hidden: frozenset[str],
    weighting: str,
    label: str,
    hidden_organisations: int = 1,
) -> Weighted:
    """As `weighted`, for many respondents, in numpy: per respondent with a score on the dimension
    their phase counts (`counts`, respondents x phases) and organisation (its number in
    `organisations`; those in `hidden` weigh as one group).

    The respondents are first put in a canonical order (by group, then by their counts), so every
    sum, and the seed of the normal approximation, is the same whatever order they came in."""
    import numpy as np

    # group number per organisation: the hidden ones together first (as in `weighted`), then by name
    present = sorted({None if name in hidden else name for name in organisations}, key=lambda key: (key is not None, key or ""))
    number = {key: index for index, key in enumerate(present)}
    lookup = np.array([number[None if name in hidden else name] for name in organisations], dtype=np.int64)
    groups = lookup[organisation_of]
    # one sort key: the group, then the counts as the digits of a number (a count is below `base`),
    # unless that number would not fit in 63 bits (a huge dimension): then a sort on every column
    base = int(counts.max(initial=0)) + 1
    if len(present) * base ** counts.shape[1] < 2**62:
        key = groups.copy()
        for phase in range(counts.shape[1]):
            key = key * base + counts[:, phase]
        order = np.argsort(key, kind="stable")
    else:
        order = np.lexsort([*(counts[:, phase] for phase in reversed(range(counts.shape[1]))), groups])
    counts, groups = counts[order], groups[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    present_groups = groups[starts]  # leaving out groups without a score here
    groups = np.cumsum(np.r_[0, groups[1:] != groups[:-1]])
    answered = counts.sum(axis=1)
    unit = math.lcm(*np.flatnonzero(np.bincount(answered)).tolist())
    steps = np.arange(1, counts.shape[1] + 1)
    score_units = (counts @ steps) * (unit // answered)  # each respondent's score x unit, a whole number
    profiles = counts / answered[:, np.newaxis]
    scores = score_units / unit
    sizes = np.diff(np.r_[starts, len(groups)])
    means = np.add.reduceat(profiles, starts, axis=0) / sizes[:, np.newaxis]
    # sum of p p' per group; phases first, so the products and the sums run along whole rows (2.7x as fast)
    by_phase = np.ascontiguousarray(profiles.T)
    products = np.add.reduceat(by_phase[:, np.newaxis, :] * by_phase[np.newaxis, :, :], starts, axis=2)
    squares = np.moveaxis(products, 2, 0) / sizes[:, np.newaxis, np.newaxis]
    score_means = np.add.reduceat(scores, starts) / sizes
    score_squares = np.add.reduceat(scores * scores, starts) / sizes
    group_totals = np.add.reduceat(score_units, starts).tolist()  # each group's scores x unit, summed
    group_sizes = sizes.tolist()
    total = sum(group_sizes)
    by_respondent = [Fraction(size, total) for size in group_sizes]
    by_organisation = list(organisation_weights([present[g] for g in present_groups.tolist()], hidden_organisations).values())
    weights, other = (by_organisation, by_respondent) if weighting == "organisatie" else (by_respondent, by_organisation)
    covariances = squares - means[:, :, np.newaxis] * means[:, np.newaxis, :]
    score_variances = np.maximum(score_squares - score_means**2, 0.0).tolist()
    moments = [
        Moments(weight=float(weights[g]), size=group_sizes[g], mean=means[g], covariance=covariances[g], score_variance=score_variances[g])
        for g in range(len(group_sizes))
    ]
    content = hashlib.sha256(f"label={label}\nweging={weighting}\n".encode())
    content.update(counts.tobytes())
    content.update(groups.tobytes())
    mean_shares = means.tolist()
    return Weighted(
        distribution=[math.fsum(float(weight) * mean[k] for weight, mean in zip(weights, mean_shares, strict=True)) for k in range(counts.shape[1])],
        score=_exact_mean(weights, group_totals, group_sizes, unit),
        other_score=_exact_mean(other, group_totals, group_sizes, unit),
        strata=[],
        moments=moments,
        seed=int.from_bytes(content.digest(), "big"),
    )


def _exact_mean(weights: Sequence[Fraction], totals: Sequence[int], sizes: Sequence[int], unit: int) -> float:
    """sum of weight x total / (unit x size) over the groups, rounded once: over one common
    denominator in whole numbers, as Python divides whole numbers exactly rounded."""
    denominator = math.lcm(*(weight.denominator * size for weight, size in zip(weights, sizes, strict=True)))
    numerator = sum(
        weight.numerator * total * (denominator // (weight.denominator * size)) for weight, total, size in zip(weights, totals, sizes, strict=True)
    )
    return numerator / (denominator * unit)
