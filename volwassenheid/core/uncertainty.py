"""How sure a dimension's score and phase are: an interval and the phase certainty. Pure.

The respondents of a dimension fall into strata (the weighting groups: one
per organisation, hidden organisations merged into one). Stratum g weighs W_g
in the result, and each of its n_g respondents weighs W_g / n_g. A respondent's
profile p_i is the share of their counted answers at each phase 1..P, so the
distribution is D = sum_g W_g mean_g(p_i) and the score sum_k k D(k).

Below ANALYTIC_FROM respondents: a stratified bootstrap (Efron & Tibshirani
1993, An Introduction to the Bootstrap, ch. 6 and 13). Each resample draws n_g
respondents with replacement within every stratum; as respondents with the
same answer counts (one *type*) have the same profile, a draw is the number of
each type, ~ Multinomial(n_g, type frequencies), so a resample costs the number
of types, not n. Per resample D_b = sum_g W_g (mean profile of the draw),
score_b = sum_k k D_b(k), phase_b = the phase rule applied to D_b.

- interval: the 2.5th and 97.5th percentiles of score_b (the percentile
  interval, linear interpolation between order statistics);
- phase certainty: the share of resamples whose phase equals the reported one;
- other phase: the most frequent other phase among the resamples (ties: the one
  nearest the reported phase, then the lower); None when no resample differs.

From ANALYTIC_FROM respondents on, every stratum at least MIN_STRATUM, the normal approximation the bootstrap
tends to: mu = sum_g W_g mu_g, S = sum_g W_g^2 Cov_g / n_g (Cov_g the population
covariance of the profiles in g, divided by n_g as resampling implies), interval
score -/+ 1.959964 sqrt(k' S k), and the phase certainty from draws D ~ N(mu, S)
through the same rule. tests/test_statistics.py shows both agree near n = 500.

The random numbers are seeded from the content only (the strata and a label
such as the dimension id), so the same answers give the same output, in any
order. numpy is imported inside the functions: the CLI starts without it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from volwassenheid.core.phase_rule import means_of, phases_of
from volwassenheid.core.questionset import PhaseRule

if TYPE_CHECKING:
    import numpy as np

RESAMPLES = 2000
ANALYTIC_FROM = 200
"""From this many respondents on, the normal approximation replaces the bootstrap..."""
MIN_STRATUM = 30
"""... provided every stratum holds at least this many: a mean of a handful is not normal."""
LOWER, UPPER = 2.5, 97.5
"""The percentiles of the 95% interval."""
Z_975 = 1.959964
"""The 97.5% quantile of the standard normal distribution."""


@dataclass(frozen=True)
class Stratum:
    weight: float  # W_g; the weights of all strata sum to 1
    types: Mapping[tuple[int, ...], int]  # respondent type (counts of phase answers at phases 1..P) -> respondents


Method = Literal["bootstrap", "analytisch"]


@dataclass(frozen=True)
class Uncertainty:
    interval: tuple[float, float]
    phase_certainty: float
    other_phase: int | None
    method: Literal["bootstrap", "analytisch"]


def uncertainty(strata: Sequence[Stratum], phase: int, rule: PhaseRule, threshold: float, label: str, resamples: int = RESAMPLES) -> Uncertainty:
    """The 95% interval of the score and the certainty of the reported `phase`.

    Bootstrap below ANALYTIC_FROM respondents or with a stratum under MIN_STRATUM,
    the normal approximation otherwise; both seeded from the strata and `label` alone.
    """
    if normal_approximation_fits([sum(stratum.types.values()) for stratum in strata]):
        return analytic_uncertainty(strata, phase, rule, threshold, label, resamples)
    return bootstrap_uncertainty(strata, phase, rule, threshold, label, resamples)


def normal_approximation_fits(stratum_sizes: Sequence[int]) -> bool:
    """Whether the normal approximation replaces the bootstrap for strata of these sizes."""
    return sum(stratum_sizes) >= ANALYTIC_FROM and min(stratum_sizes, default=0) >= MIN_STRATUM


def bootstrap_uncertainty(
    strata: Sequence[Stratum], phase: int, rule: PhaseRule, threshold: float, label: str, resamples: int = RESAMPLES
) -> Uncertainty:
    """The stratified multinomial bootstrap, whatever the number of respondents."""
    import numpy as np

    _check_resamples(resamples)
    prepared = _prepare(strata)
    generator = _generator(prepared, label)
    distributions = np.zeros((resamples, _phase_count(prepared)))
    for weight, types, counts in prepared:
        profiles = _profiles(types)
        size = sum(counts)
        drawn = generator.multinomial(size, np.array(counts, dtype=float) / size, size=resamples)
        distributions += weight * (drawn @ profiles) / size
    scores = means_of(distributions)
    low, high = np.percentile(scores, [LOWER, UPPER], method="linear")
    return _summary((float(low), float(high)), phases_of(distributions, rule, threshold), phase, "bootstrap")


@dataclass(frozen=True)
class Moments:
    """What the normal approximation needs of one stratum."""

    weight: float
    size: int
    mean: np.ndarray
    """The mean profile (P shares)."""
    covariance: np.ndarray
    """The population covariance of the profiles (P x P)."""
    score_variance: float
    """The population variance of the respondents' scores."""


def analytic_uncertainty(
    strata: Sequence[Stratum], phase: int, rule: PhaseRule, threshold: float, label: str, resamples: int = RESAMPLES
) -> Uncertainty:
    """The normal approximation, whatever the number of respondents."""
    import numpy as np

    _check_resamples(resamples)
    prepared = _prepare(strata)
    steps = np.arange(1, _phase_count(prepared) + 1, dtype=float)
    moments = []
    for weight, types, counts in prepared:
        profiles = _profiles(types)
        frequencies = np.array(counts, dtype=float)
        size = frequencies.sum()
        stratum_mean = frequencies @ profiles / size
        deviations = profiles - stratum_mean
        # k' Cov_g k is the population variance of the respondents' scores; computed from the scores it is exactly 0
        # when they are all equal, where the quadratic form leaves rounding noise that the square root magnifies.
        scores = profiles @ steps
        score_deviations = scores - frequencies @ scores / size
        moments.append(
            Moments(
                weight=weight,
                size=int(size),
                mean=stratum_mean,
                covariance=(deviations.T * frequencies) @ deviations / size,
                score_variance=float(frequencies @ score_deviations**2 / size),
            )
        )
    return normal_uncertainty(moments, phase, rule, threshold, _seed(prepared, label), resamples)


def normal_uncertainty(
    moments: Sequence[Moments], phase: int, rule: PhaseRule, threshold: float, seed: int, resamples: int = RESAMPLES
) -> Uncertainty:
    """The normal approximation from each stratum's moments: mu = sum W_g mu_g, S = sum W_g^2 Cov_g / n_g."""
    import numpy as np

    _check_resamples(resamples)
    mean = sum((m.weight * m.mean for m in moments), np.zeros(len(moments[0].mean)))
    covariance = sum((m.weight**2 * m.covariance / m.size for m in moments), np.zeros((len(mean), len(mean))))
    score_variance = sum(m.weight**2 * m.score_variance / m.size for m in moments)
    score = float(means_of(mean[np.newaxis, :])[0])
    spread = math.sqrt(max(score_variance, 0.0))
    # a score lies between 1 and P, so its interval does too (the normal curve knows no such bounds)
    interval = (max(1.0, score - Z_975 * spread), min(float(len(mean)), score + Z_975 * spread))
    values, vectors = np.linalg.eigh(covariance)
    root = vectors * np.sqrt(np.clip(values, 0.0, None))  # root @ root.T == covariance
    draws = np.random.Generator(np.random.PCG64(seed)).standard_normal((resamples, len(mean)))
    distributions = mean + draws @ root.T
    return _summary(interval, phases_of(distributions, rule, threshold), phase, "analytisch")


def other_phase(phase_counts: Mapping[int, int], reported: int) -> int | None:
    """The most frequent phase other than `reported`; ties go to the nearest, then the lower."""
    others = [(count, phase) for phase, count in phase_counts.items() if phase != reported and count > 0]
    if not others:
        return None
    return min(others, key=lambda item: (-item[0], abs(item[1] - reported), item[1]))[1]


def seed_of(strata: Sequence[Stratum], label: str) -> int:
    """A seed from the content only: sha256 of a canonical text of the strata and the label."""
    return _seed(_prepare(strata), label)


Prepared = list[tuple[float, list[tuple[int, ...]], list[int]]]
"""Per stratum, in canonical order: weight, its types (sorted) and the respondents of each."""


def _prepare(strata: Sequence[Stratum]) -> Prepared:
    """The strata in a canonical order, without empty types; checks what the statistics assume."""
    prepared = []
    lengths: set[int] = set()
    for stratum in strata:
        present = sorted((tuple(kind), count) for kind, count in stratum.types.items() if count)
        if any(count < 0 or min(kind) < 0 or not any(kind) for kind, count in present):
            raise ValueError("a respondent type needs at least one answer and no negative counts")
        if not present:
            raise ValueError("a stratum without respondents")
        lengths.update(len(kind) for kind, _ in present)
        prepared.append((float(stratum.weight), [kind for kind, _ in present], [count for _, count in present]))
    if not prepared:
        raise ValueError("no respondents")
    if len(lengths) != 1:
        raise ValueError("every respondent type needs one count per phase")
    if abs(sum(weight for weight, _, _ in prepared) - 1.0) > 1e-6 or any(weight < 0 for weight, _, _ in prepared):
        raise ValueError("the stratum weights must be non-negative and sum to 1")
    prepared.sort()  # weight, then types, then counts: a canonical order
    return prepared


def _seed(prepared: Prepared, label: str) -> int:
    """sha256 of the label and the strata in canonical order (repr of whole numbers and floats is stable)."""
    text = f"label={label}\n{prepared!r}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def _generator(prepared: Prepared, label: str) -> np.random.Generator:
    import numpy as np

    return np.random.Generator(np.random.PCG64(_seed(prepared, label)))


def _phase_count(prepared: Prepared) -> int:
    return len(prepared[0][1][0])


def _profiles(types: list[tuple[int, ...]]) -> np.ndarray:
    """Each type's share of answers at each phase (rows sum to 1)."""
    import numpy as np

    counts = np.array(types, dtype=float)
    return counts / counts.sum(axis=1, keepdims=True)


def _check_resamples(resamples: int) -> None:
    if resamples < 1:
        raise ValueError("at least one resample")


def _summary(interval: tuple[float, float], phases: np.ndarray, reported: int, method: Method) -> Uncertainty:
    """Certainty and other phase from the resampled phases."""
    import numpy as np

    tally = np.bincount(phases, minlength=reported + 1)
    counts = {phase: int(count) for phase, count in enumerate(tally) if count}
    return Uncertainty(
        interval=interval,
        phase_certainty=counts.get(reported, 0) / len(phases),
        other_phase=other_phase(counts, reported),
        method=method,
    )
