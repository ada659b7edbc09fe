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

from collections.abc import Sequence
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
    if options < 2:
        raise ValueError("agreement needs at least two options")
    # sorted, so the float sums (and the result) do not depend on the order of the respondents
    answered = [sorted(float(x) for x in answers) for answers in items if len(answers) >= 2]
    if not answered:
        return None
    questions = len(answered)
    mean_variance = sum(_sample_variance(answers) for answers in answered) / questions
    ratio = mean_variance / ((options**2 - 1) / 12)
    if ratio >= 1:
        rwg = 0.0
    else:
        rwg = questions * (1 - ratio) / (questions * (1 - ratio) + ratio)
    ad = sum(_mean_absolute_deviation(answers) for answers in answered) / questions
    return Agreement(rwg=rwg, ad=ad, low=rwg < LOW_AGREEMENT)


def _sample_variance(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum((x - mean) ** 2 for x in values) / (len(values) - 1)


def _mean_absolute_deviation(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum(abs(x - mean) for x in values) / len(values)
