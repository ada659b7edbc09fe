"""Do the respondents see the same partnership? Within-group agreement per dimension. Pure.

Both indices follow LeBreton & Senter (2008), "Answers to 20 questions about
interrater reliability and interrater agreement", Organizational Research
Methods 11(4), 815-852. Per question j, over the phase answers x_ij given
(weet niet, n.v.t. and blanks left out), with n_j >= 2 answers:

- s2_j: the sample variance (divided by n_j - 1); mean_s2 the mean over the J questions;
- sigma2_E = (A^2 - 1) / 12: the variance of the uniform null distribution over A options;
- rwg(J) = J (1 - r) / (J (1 - r) + r) with r = mean_s2 / sigma2_E (James, Demaree &
  Wolf 1984); when r >= 1 (as much spread as random answering, or more) rwg is 0,
  the truncation LeBreton & Senter advise;
- AD_M(J): the mean over the questions of the mean absolute deviation from the
  question's mean.

Unweighted: agreement is about the people asked, not about the weighting groups.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LOW_AGREEMENT = 0.70
"""rwg below this is weak agreement (LeBreton & Senter 2008, table 3)."""


@dataclass(frozen=True)
class Agreement:
    rwg: float
    ad: float
    low: bool


def agreement(items: Sequence[Sequence[int]], options: int) -> Agreement | None:
    """rwg(J) and AD_M(J) over the questions with at least two answers; None when there are none.

    `items` holds, per question, the phase answers the respondents gave; `options`
    is A, the number of phases one could choose from.
    """
    # Per question the count of each answer: the sums are whole numbers, exact, so the result does
    # not depend on the order of the respondents, and costs little for many of them.
    return agreement_of_counts([Counter(answers) for answers in items], options)


def agreement_of_counts(per_question: Sequence[Mapping[int, int]], options: int) -> Agreement | None:
    """As `agreement`, from per question the number of respondents who gave each answer.

    Exact: each question's variance and mean absolute deviation is a ratio of whole numbers; they
    are added over a common denominator and divided once (Python divides whole numbers correctly rounded)."""
    if options < 2:
        raise ValueError("agreement needs at least two options")
    answered = [counts for counts in per_question if sum(counts.values()) >= 2]
    if not answered:
        return None
    questions = len(answered)
    variances = [_variance(counts) for counts in answered]
    deviations = [_mean_absolute_deviation(counts) for counts in answered]
    variance_sum, variance_unit = _sum_of_ratios(variances)
    # r = (variance_sum / (variance_unit * J)) / ((A^2 - 1) / 12) = over / under
    over, under = 12 * variance_sum, variance_unit * questions * (options**2 - 1)
    if over >= under:
        rwg = 0.0
    else:
        # J (1 - r) / (J (1 - r) + r), multiplied through by `under`
        rwg = questions * (under - over) / (questions * (under - over) + over)
    deviation_sum, deviation_unit = _sum_of_ratios(deviations)
    ad = deviation_sum / (deviation_unit * questions)
    return Agreement(rwg=rwg, ad=ad, low=rwg < LOW_AGREEMENT)


def _sum_of_ratios(ratios: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """sum of a/b as (numerator, denominator), over the least common denominator."""
    unit = math.lcm(*(denominator for _, denominator in ratios))
    return sum(numerator * (unit // denominator) for numerator, denominator in ratios), unit


def _variance(counts: Mapping[int, int]) -> tuple[int, int]:
    """The sample variance (n - 1) of the answers with these counts, exactly: (numerator, denominator)."""
    n = sum(counts.values())
    total = sum(value * people for value, people in counts.items())
    squares = sum(value * value * people for value, people in counts.items())
    return n * squares - total * total, n * (n - 1)


def _mean_absolute_deviation(counts: Mapping[int, int]) -> tuple[int, int]:
    """The mean of |x - mean|: sum of people * |n x - total| over n^2, exactly: (numerator, denominator)."""
    n = sum(counts.values())
    total = sum(value * people for value, people in counts.items())
    return sum(people * abs(n * value - total) for value, people in counts.items()), n * n
