"""The statistics of issue 13 against hand-computed values and plain implementations written out here.

phase rule (core.phase_rule), uncertainty (core.uncertainty), agreement rwg/AD
(core.agreement), reliability alpha/item-rest (core.reliability). The plain
versions use Python loops and fractions, never numpy.
"""

from __future__ import annotations

import math
import os
import random
import subprocess
import sys
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from volwassenheid.core.agreement import LOW_AGREEMENT, Agreement, agreement
from volwassenheid.core.phase_rule import phase_by_mean, phase_by_threshold, phase_of, phases_of
from volwassenheid.core.reliability import MIN_COMPLETE_CASES, Reliability, reliability
from volwassenheid.core.uncertainty import (
    ANALYTIC_FROM,
    MIN_STRATUM,
    Stratum,
    Uncertainty,
    analytic_uncertainty,
    bootstrap_uncertainty,
    other_phase,
    seed_of,
    uncertainty,
)

SLOW = settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------------------------------------------------------
# Phase rule
# ---------------------------------------------------------------------------------------------------------------


def plain_phase_by_threshold(counts: list[int], threshold: Fraction) -> int:
    """Exact: the largest k with (answers at k or higher) / all >= threshold."""
    total = sum(counts)
    best = 1
    for k in range(1, len(counts) + 1):
        if Fraction(sum(counts[k - 1 :]), total) >= threshold:
            best = k
    return best


def plain_phase_by_mean(counts: list[int]) -> int:
    """Exact: floor of the mean rounded half up to one decimal (ties at x.95 are left out by the caller)."""
    total = sum(counts)
    mean = Fraction(sum(k * c for k, c in enumerate(counts, start=1)), total)
    tenths = math.floor(mean * 10 + Fraction(1, 2))
    return min(max(tenths // 10, 1), len(counts))


def test_threshold_rule_by_hand():
    # answers (1, 3, 4, 4): D = (.25, 0, .25, .5, 0). C(5) = 0, C(4) = .5, C(3) = .75, so phase 3 at drempel .75;
    # at .8 only C(2) = C(1)... C(2) = .75 < .8 too, so phase 1. The mean is 3.0.
    distribution = [0.25, 0.0, 0.25, 0.5, 0.0]
    assert phase_by_threshold(distribution, 0.75) == 3
    assert phase_by_threshold(distribution, 0.8) == 1
    assert phase_by_threshold(distribution, 0.5) == 4
    # phase 5 is reachable: 80% of the answers at 5 with drempel .75
    assert phase_by_threshold([0.0, 0.0, 0.0, 0.2, 0.8], 0.75) == 5
    assert phase_by_threshold([1.0, 0.0, 0.0, 0.0, 0.0], 0.75) == 1


def test_threshold_rule_forgives_rounding():
    # 1 of 10 answers at 3 and 7 of 10 at 4: C(3) = 8/10 = .8 exactly, but .7 + .1 = 0.7999999999999999 in floats.
    distribution = [0.2, 0.0, 0.1, 0.7]
    assert 0.7 + 0.1 < 0.8
    assert phase_by_threshold(distribution, 0.8) == 3
    assert phases_of(np.array([distribution]), "drempel", 0.8).tolist() == [3]


def test_mean_rule_floors_the_score_as_shown():
    # 2.96 shows as "3,0": phase 3, never "3,0" next to phase 2. 2.94 shows as "2,9": phase 2.
    assert phase_by_mean(2.96, 5) == 3
    assert phase_by_mean(2.94, 5) == 2
    assert phase_by_mean(3.0, 5) == 3
    assert phase_by_mean(0.4, 5) == 1  # clamped to 1..P
    assert phase_by_mean(5.0, 5) == 5
    assert phase_by_mean(5.0, 4) == 4
    # D = (0, .04, .96): score 2*.04 + 3*.96 = 2.96 -> shown 3,0 -> phase 3 under gemiddelde
    assert phase_of([0.0, 0.04, 0.96], "gemiddelde", 0.75) == 3
    # answers (1, 3, 4, 4): mean 3.0 -> phase 3 under gemiddelde, 3 under drempel .75 as well
    assert phase_of([0.25, 0.0, 0.25, 0.5, 0.0], "gemiddelde", 0.75) == 3


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        phase_of([1.0, 0.0], "mediaan", 0.75)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        phases_of(np.array([[1.0, 0.0]]), "mediaan", 0.75)  # type: ignore[arg-type]


answer_counts = st.integers(min_value=2, max_value=6).flatmap(
    lambda phases: st.lists(st.integers(min_value=0, max_value=12), min_size=phases, max_size=phases).filter(lambda c: sum(c) > 0)
)
thresholds = st.sampled_from(["0.5", "0.6", "0.7", "0.75", "0.8", "0.9", "1"])


@given(answer_counts, thresholds)
def test_threshold_rule_matches_exact_arithmetic(counts, threshold):
    total = sum(counts)
    distribution = [c / total for c in counts]
    assert phase_by_threshold(distribution, float(threshold)) == plain_phase_by_threshold(counts, Fraction(threshold))


@given(answer_counts)
def test_mean_rule_matches_exact_arithmetic(counts):
    total = sum(counts)
    mean = Fraction(sum(k * c for k, c in enumerate(counts, start=1)), total)
    assume(mean * 20 % 20 != 19)  # exactly x.95: the float decides, as it does for the shown score
    distribution = [c / total for c in counts]
    assert phase_of(distribution, "gemiddelde", 0.75) == plain_phase_by_mean(counts)


def near_boundary_distributions(phases: int) -> st.SearchStrategy[list[float]]:
    """Distributions whose score or tail lies within a few ulps of a boundary (x.95, or the threshold)."""

    def build(whole: int, target: float, steps: int) -> list[float]:
        # score = whole + a with D(whole) = 1 - a, D(whole + 1) = a
        share = target
        for _ in range(abs(steps)):
            share = math.nextafter(share, math.inf if steps > 0 else -math.inf)
        row = [0.0] * phases
        row[whole - 1] = 1 - share
        row[whole] = share
        return row

    return st.builds(
        build,
        st.integers(min_value=1, max_value=phases - 1),
        st.sampled_from([0.95, 0.75, 0.5, 0.8, 0.05]),
        st.integers(min_value=-3, max_value=3),
    )


def distribution_rows(phases: int) -> st.SearchStrategy[list[float]]:
    from_counts = st.lists(st.integers(min_value=0, max_value=20), min_size=phases, max_size=phases).filter(lambda c: sum(c) > 0)
    free = st.lists(st.floats(min_value=0, max_value=1), min_size=phases, max_size=phases).filter(lambda d: sum(d) > 0)
    return st.one_of(
        from_counts.map(lambda c: [x / sum(c) for x in c]),
        free.map(lambda d: [x / sum(d) for x in d]),
        near_boundary_distributions(phases),
    )


@given(
    st.integers(min_value=2, max_value=6).flatmap(lambda p: st.lists(distribution_rows(p), min_size=1, max_size=30)),
    st.sampled_from(["drempel", "gemiddelde"]),
    st.sampled_from([0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0]),
)
@settings(max_examples=300)
def test_vectorised_phases_agree_row_by_row(rows, rule, threshold):
    expected = [phase_of(row, rule, threshold) for row in rows]
    got = phases_of(np.array(rows), rule, threshold)
    assert got.shape == (len(rows),)
    assert got.tolist() == expected


def test_vectorised_mean_rule_decides_x95_by_the_shown_value():
    # The doubles just around 1.95, 2.95 and 3.95: "1.9" below, "2.0" above, as the formatting decides.
    for whole in (1, 2, 3):
        rows = []
        share = 0.95
        for _ in range(4):
            share = math.nextafter(share, 0)
        for _ in range(9):
            row = [0.0] * 5
            row[whole - 1], row[whole] = 1 - share, share
            rows.append(row)
            share = math.nextafter(share, 1)
        expected = [phase_of(row, "gemiddelde", 0.75) for row in rows]
        assert set(expected) == {whole, whole + 1}
        assert phases_of(np.array(rows), "gemiddelde", 0.75).tolist() == expected
    # 1.95 as a double is just below 1.95 and shows as "1.9": phase 1
    assert phase_by_mean(1.95, 5) == 1
    assert phases_of(np.array([[0.05, 0.95, 0.0]]), "gemiddelde", 0.75).tolist() == [phase_of([0.05, 0.95, 0.0], "gemiddelde", 0.75)]


def test_a_share_exactly_at_the_tolerance_reaches_the_phase():
    # C(2) = 0.75 - 1e-9 exactly: reached (>=), in the scalar and the vectorised rule alike
    share = 0.75 - 1e-9
    assert phase_by_threshold([1 - share, share], 0.75) == 2
    assert phases_of(np.array([[1 - share, share]]), "drempel", 0.75).tolist() == [2]
    assert phase_by_threshold([1 - share, math.nextafter(share, 0)], 0.75) == 1


# ---------------------------------------------------------------------------------------------------------------
# Uncertainty: plain implementations
# ---------------------------------------------------------------------------------------------------------------


def people_of(stratum: Stratum) -> list[tuple[int, ...]]:
    """The stratum's respondents one by one, in a fixed order."""
    return [kind for kind in sorted(stratum.types) for _ in range(stratum.types[kind])]


def plain_profile(kind: tuple[int, ...]) -> list[float]:
    return [c / sum(kind) for c in kind]


def plain_score_of(kind: tuple[int, ...]) -> float:
    return sum(k * c for k, c in enumerate(kind, start=1)) / sum(kind)


def plain_distribution(strata: list[Stratum]) -> list[float]:
    """D(k) = sum_g W_g * mean over the respondents of g of their share of answers at k."""
    phases = len(next(iter(strata[0].types)))
    distribution = [0.0] * phases
    for stratum in strata:
        people = people_of(stratum)
        for kind in people:
            for k, share in enumerate(plain_profile(kind)):
                distribution[k] += stratum.weight * share / len(people)
    return distribution


def plain_score(strata: list[Stratum]) -> float:
    """The weighted mean of the respondents' scores: sum_g W_g * mean_g(score_i)."""
    total = 0.0
    for stratum in strata:
        people = people_of(stratum)
        total += stratum.weight * sum(plain_score_of(kind) for kind in people) / len(people)
    return total


def plain_rule(distribution: list[float], rule: str, threshold: float) -> int:
    """The phase rule from its definition (float sums, the 1e-9 tolerance, the shown score)."""
    if rule == "drempel":
        for k in range(len(distribution), 0, -1):
            if sum(distribution[k - 1 :]) >= threshold - 1e-9:
                return k
        return 1
    score = sum(k * d for k, d in enumerate(distribution, start=1))
    return min(max(math.floor(float(f"{score:.1f}")), 1), len(distribution))


def plain_bootstrap(strata: list[Stratum], rule: str, threshold: float, resamples: int, seed: int = 13):
    """Resample the respondents one by one, with replacement, within each stratum."""
    draw = random.Random(seed)
    phases = len(next(iter(strata[0].types)))
    groups = [(stratum.weight, [plain_profile(kind) for kind in people_of(stratum)]) for stratum in strata]
    scores, phases_drawn = [], []
    for _ in range(resamples):
        distribution = [0.0] * phases
        for weight, profiles in groups:
            n = len(profiles)
            for _ in range(n):
                profile = profiles[draw.randrange(n)]
                for k in range(phases):
                    distribution[k] += weight * profile[k] / n
        scores.append(sum(k * d for k, d in enumerate(distribution, start=1)))
        phases_drawn.append(plain_rule(distribution, rule, threshold))
    return scores, phases_drawn


def plain_percentile(values: list[float], percent: float) -> float:
    """Linear interpolation between the order statistics at position percent/100 * (n - 1)."""
    ordered = sorted(values)
    position = percent / 100 * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def plain_normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def plain_analytic_interval(strata: list[Stratum]) -> tuple[float, float]:
    """score -/+ 1.959964 * sqrt(sum_g W_g^2 * popvar_g(score_i) / n_g): the variance of k . D."""
    variance = 0.0
    for stratum in strata:
        scores = [plain_score_of(kind) for kind in people_of(stratum)]
        n = len(scores)
        mean = sum(scores) / n
        population_variance = sum((s - mean) ** 2 for s in scores) / n
        variance += stratum.weight**2 * population_variance / n
    score = plain_score(strata)
    phases = len(next(iter(strata[0].types)))
    # a score lies in 1..P, and so does its interval
    return max(1.0, score - 1.959964 * math.sqrt(variance)), min(float(phases), score + 1.959964 * math.sqrt(variance))


def weighted(groups: list[Counter], weighting: str) -> list[Stratum]:
    """Strata with organisation weighting (1/G each) or respondent weighting (n_g / N)."""
    total = sum(sum(group.values()) for group in groups)
    return [Stratum(1 / len(groups) if weighting == "organisatie" else sum(group.values()) / total, dict(group)) for group in groups]


def respondent_types(phases: int, most: int = 4) -> st.SearchStrategy[tuple[int, ...]]:
    return st.lists(st.integers(min_value=0, max_value=most), min_size=phases, max_size=phases).filter(lambda c: sum(c) > 0).map(tuple)


@st.composite
def strata_cases(draw, max_people: int = 8, max_groups: int = 3):
    phases = draw(st.integers(min_value=3, max_value=5))
    groups = []
    for _ in range(draw(st.integers(min_value=1, max_value=max_groups))):
        people = draw(st.lists(respondent_types(phases), min_size=1, max_size=max_people))
        groups.append(Counter(people))
    return weighted(groups, draw(st.sampled_from(["organisatie", "respondent"])))


def reported_phase(strata: list[Stratum], rule: str, threshold: float) -> int:
    return plain_rule(plain_distribution(strata), rule, threshold)


# ---------------------------------------------------------------------------------------------------------------
# Uncertainty: hand-computed cases
# ---------------------------------------------------------------------------------------------------------------

ALL_AT_2 = (0, 4, 0, 0, 0)  # four answers, all at phase 2
ALL_AT_4 = (0, 0, 0, 4, 0)


def test_two_respondents_by_hand():
    # Scores 2 and 4, one stratum. A resample of two draws both at 2 (1/4), one of each (1/2) or both at 4 (1/4):
    # mean 2, 3 or 4. About 500 of 2000 resamples are at 2, so the 2.5th percentile (position 0.025 * 1999 = 49.975)
    # is 2 and the 97.5th is 4: interval (2, 4).
    # drempel .75: D = (0, .5, 0, .5, 0), C(4) = C(3) = .5, C(2) = 1 -> phase 2. A resample reaches phase 4 only when
    # both draws are at 4 (1/4): certainty 3/4, the other phase 4.
    strata = [Stratum(1.0, {ALL_AT_2: 1, ALL_AT_4: 1})]
    result = uncertainty(strata, 2, "drempel", 0.75, "dim")
    assert result.interval == (2.0, 4.0)
    assert result.phase_certainty == pytest.approx(0.75, abs=0.04)
    assert result.other_phase == 4
    assert result.method == "bootstrap"
    # gemiddelde: the mean 3.0 -> phase 3, reached only with one draw of each (1/2); 2 and 4 each 1/4.
    mean_rule = uncertainty(strata, 3, "gemiddelde", 0.75, "dim")
    assert mean_rule.phase_certainty == pytest.approx(0.5, abs=0.04)
    assert mean_rule.other_phase in (2, 4)


def test_resampling_stays_within_the_strata():
    # Two organisations weighing 1/2 each, one respondent each (all at 1, all at 3). Within a stratum of one the
    # resample is that respondent, so every resample gives D = (.5, 0, .5, 0, 0) and score 1/2*1 + 1/2*3 = 2.
    # drempel .75: C(3) = .5, C(2) = .5 -> phase 1, in every resample. (Pooled resampling would spread from 1 to 3.)
    strata = [Stratum(0.5, {(4, 0, 0, 0, 0): 1}), Stratum(0.5, {(0, 0, 4, 0, 0): 1})]
    result = uncertainty(strata, 1, "drempel", 0.75, "dim")
    assert result == Uncertainty((2.0, 2.0), 1.0, None, "bootstrap")


def test_stratum_weights_move_the_interval():
    # Organisation A: 3 respondents at 1 and 1 at 5 (mean 2); B: 4 at 3 (mean 3, no spread).
    # organisatie: score 1/2*2 + 1/2*3 = 2.5; respondent weighting is the same here (4 and 4), so take A twice as big:
    # A = 6 at 1 and 2 at 5 (mean 2), B = 4 at 3: respondent weighting 8/12*2 + 4/12*3 = 7/3, organisatie 2.5.
    a = Counter({(1, 0, 0, 0, 0): 6, (0, 0, 0, 0, 1): 2})
    b = Counter({(0, 0, 1, 0, 0): 4})
    for weighting, score in (("organisatie", 2.5), ("respondent", 7 / 3)):
        strata = weighted([a, b], weighting)
        assert plain_score(strata) == pytest.approx(score)
        low, high = uncertainty(strata, 1, "drempel", 0.75, "dim").interval
        assert low < score < high
        # only A varies: its resampled mean lies in 1..5, so the score lies in score - W_A * (2 - 1) .. score + W_A * (5 - 2)
        weight_a = strata[0].weight
        assert score - weight_a * 1 - 1e-9 <= low and high <= score + weight_a * 3 + 1e-9


def test_other_phase_ties():
    assert other_phase({2: 10}, 2) is None
    assert other_phase({}, 2) is None
    assert other_phase({2: 10, 3: 4, 1: 6}, 2) == 1  # most frequent
    assert other_phase({2: 10, 3: 5, 1: 5}, 2) == 1  # equally frequent and equally near: the lower
    assert other_phase({3: 10, 1: 5, 4: 5}, 3) == 4  # equally frequent: the nearest
    assert other_phase({3: 10, 5: 5, 2: 5}, 3) == 2
    assert other_phase({3: 0, 4: 2}, 3) == 4
    assert other_phase({3: 10, 4: 0}, 3) is None


def test_bad_strata_are_refused():
    with pytest.raises(ValueError):
        uncertainty([], 1, "drempel", 0.75, "dim")
    with pytest.raises(ValueError):
        uncertainty([Stratum(1.0, {})], 1, "drempel", 0.75, "dim")
    with pytest.raises(ValueError):
        uncertainty([Stratum(0.5, {ALL_AT_2: 1})], 1, "drempel", 0.75, "dim")  # weights sum to 1/2
    with pytest.raises(ValueError):
        uncertainty([Stratum(1.0, {(0, 0, 0, 0, 0): 1})], 1, "drempel", 0.75, "dim")  # no answers
    with pytest.raises(ValueError):
        uncertainty([Stratum(0.5, {ALL_AT_2: 1}), Stratum(0.5, {(1, 1): 1})], 1, "drempel", 0.75, "dim")
    with pytest.raises(ValueError):
        uncertainty([Stratum(1.0, {ALL_AT_2: 1})], 1, "drempel", 0.75, "dim", resamples=0)


# ---------------------------------------------------------------------------------------------------------------
# Uncertainty: against the plain bootstrap, and its properties
# ---------------------------------------------------------------------------------------------------------------

PLAIN_RESAMPLES = 6000
MANY_RESAMPLES = 20000
SHARE_TOLERANCE = 0.012  # about 5 standard errors of a share near .025 with 6000 and 20000 resamples
CERTAINTY_TOLERANCE = 0.04  # about 5 standard errors of a share near .5


@given(strata_cases(max_people=6), st.sampled_from(["drempel", "gemiddelde"]), st.sampled_from([0.6, 0.75, 0.9]))
@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.too_slow])
def test_bootstrap_agrees_with_resampling_respondents_one_by_one(strata, rule, threshold):
    """The percentiles compared where they are defined: the share of plain resamples below each bound."""
    phase = reported_phase(strata, rule, threshold)
    result = bootstrap_uncertainty(strata, phase, rule, threshold, "dim", resamples=MANY_RESAMPLES)
    scores, phases = plain_bootstrap(strata, rule, threshold, PLAIN_RESAMPLES)
    for bound, share in zip(result.interval, (0.025, 0.975), strict=True):
        strictly_below = sum(s < bound - 1e-12 for s in scores) / len(scores)
        at_or_below = sum(s <= bound + 1e-12 for s in scores) / len(scores)
        assert strictly_below <= share + SHARE_TOLERANCE, (bound, share)
        assert at_or_below >= share - SHARE_TOLERANCE, (bound, share)
    plain_certainty = phases.count(phase) / len(phases)
    assert result.phase_certainty == pytest.approx(plain_certainty, abs=CERTAINTY_TOLERANCE)


def test_plain_percentile_is_numpys_linear_method():
    """The plain percentile the tests read the bootstrap by, checked against numpy once."""
    values = [random.Random(5).random() for _ in range(7)] + [3.0, 1.0]
    for percent in (0, 2.5, 50, 97.5, 100):
        assert plain_percentile(values, percent) == pytest.approx(float(np.percentile(values, percent, method="linear")))


@given(strata_cases(max_people=12, max_groups=4), st.sampled_from(["drempel", "gemiddelde"]))
@settings(deadline=None, max_examples=60)
def test_interval_holds_the_score_and_certainty_is_a_share(strata, rule):
    phase = reported_phase(strata, rule, 0.75)
    result = uncertainty(strata, phase, rule, 0.75, "dim")
    score = plain_score(strata)
    low, high = result.interval
    assert low <= score + 1e-9 and score - 1e-9 <= high
    assert low >= 1 - 1e-9 and high <= len(next(iter(strata[0].types))) + 1e-9
    assert 0 <= result.phase_certainty <= 1
    assert (result.other_phase is None) == (result.phase_certainty == 1)
    assert result.other_phase != phase


@given(strata_cases(max_people=6, max_groups=3), st.randoms(use_true_random=False))
@settings(deadline=None, max_examples=40)
def test_same_answers_in_another_order_give_the_same_result(strata, shuffle):
    phase = reported_phase(strata, "drempel", 0.75)
    reordered = []
    for stratum in strata:
        kinds = list(stratum.types.items())
        shuffle.shuffle(kinds)
        reordered.append(Stratum(stratum.weight, dict(kinds)))
    shuffle.shuffle(reordered)
    first = uncertainty(strata, phase, "drempel", 0.75, "vertrouwen")
    assert uncertainty(reordered, phase, "drempel", 0.75, "vertrouwen") == first
    assert seed_of(reordered, "vertrouwen") == seed_of(strata, "vertrouwen")
    assert seed_of(strata, "informatie") != seed_of(strata, "vertrouwen")


def test_the_label_and_the_content_set_the_seed():
    strata = [Stratum(0.5, {ALL_AT_2: 3, ALL_AT_4: 2}), Stratum(0.5, {(0, 1, 1, 1, 0): 4, ALL_AT_4: 1})]
    same = [Stratum(0.5, {ALL_AT_4: 1, (0, 1, 1, 1, 0): 4}), Stratum(0.5, {ALL_AT_4: 2, ALL_AT_2: 3})]
    other_count = [Stratum(0.5, {ALL_AT_2: 3, ALL_AT_4: 2}), Stratum(0.5, {(0, 1, 1, 1, 0): 5, ALL_AT_4: 1})]
    assert seed_of(same, "d") == seed_of(strata, "d")
    assert seed_of(other_count, "d") != seed_of(strata, "d")
    assert bootstrap_uncertainty(strata, 2, "drempel", 0.75, "d") != bootstrap_uncertainty(strata, 2, "drempel", 0.75, "e")


def test_output_does_not_depend_on_the_process():
    """No Python hash() in the seed: two interpreters with other hash seeds give the same figures."""
    script = (
        "from volwassenheid.core.uncertainty import Stratum, uncertainty\n"
        "s = [Stratum(0.5, {(0, 4, 0, 0, 0): 3, (0, 0, 0, 4, 0): 2}), Stratum(0.5, {(0, 1, 1, 1, 0): 4, (1, 1, 0, 0, 0): 1})]\n"
        "print(repr(uncertainty(s, 2, 'drempel', 0.75, 'vertrouwen')))\n"
        "print(repr(uncertainty([Stratum(1.0, {(0, 1, 3): 300, (1, 2, 1): 250})], 3, 'drempel', 0.75, 'x')))\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    here = [
        repr(
            uncertainty(
                [Stratum(0.5, {ALL_AT_2: 3, ALL_AT_4: 2}), Stratum(0.5, {(0, 1, 1, 1, 0): 4, (1, 1, 0, 0, 0): 1})],
                2,
                "drempel",
                0.75,
                "vertrouwen",
            )
        ),
        repr(uncertainty([Stratum(1.0, {(0, 1, 3): 300, (1, 2, 1): 250})], 3, "drempel", 0.75, "x")),
    ]
    assert outputs.pop().splitlines() == here


@given(
    st.integers(min_value=3, max_value=5).flatmap(lambda p: respondent_types(p)),
    st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=4),
    st.sampled_from(["drempel", "gemiddelde"]),
    st.sampled_from([0.5, 0.75, 1.0]),
)
@settings(deadline=None, max_examples=40)
def test_everyone_alike_is_certain(kind, sizes, rule, threshold):
    """Every respondent answers the same: one point, certainty 1, no other phase (bootstrap and analytic alike)."""
    assume(rule == "drempel" or Fraction(plain_score_of(kind)).limit_denominator(100) * 20 % 20 != 19)  # x.95: floats decide
    strata = weighted([Counter({kind: size}) for size in sizes], "organisatie")
    phase = phase_of(plain_profile(kind), rule, threshold)
    result = uncertainty(strata, phase, rule, threshold, "dim")
    assert result.phase_certainty == 1.0
    assert result.other_phase is None
    assert result.interval[0] == pytest.approx(plain_score_of(kind), abs=1e-9)
    assert result.interval[1] == pytest.approx(plain_score_of(kind), abs=1e-9)
    assert result.method == ("analytisch" if sum(sizes) >= ANALYTIC_FROM and min(sizes) >= MIN_STRATUM else "bootstrap")


# ---------------------------------------------------------------------------------------------------------------
# Uncertainty: the analytic method
# ---------------------------------------------------------------------------------------------------------------


def test_the_method_switches_at_analytic_from():
    below = [Stratum(1.0, {ALL_AT_2: ANALYTIC_FROM - 100, ALL_AT_4: 99})]
    at = [Stratum(1.0, {ALL_AT_2: ANALYTIC_FROM - 100, ALL_AT_4: 100})]
    assert uncertainty(below, 2, "drempel", 0.75, "dim").method == "bootstrap"
    assert uncertainty(at, 2, "drempel", 0.75, "dim").method == "analytisch"


def test_a_small_stratum_keeps_the_bootstrap():
    # 200 + 29 respondents: enough in all, but a mean of 29 is not taken as normal.
    small = [Stratum(0.5, {ALL_AT_2: 100, ALL_AT_4: 100}), Stratum(0.5, {ALL_AT_2: MIN_STRATUM - 1})]
    enough = [Stratum(0.5, {ALL_AT_2: 100, ALL_AT_4: 100}), Stratum(0.5, {ALL_AT_2: MIN_STRATUM})]
    assert uncertainty(small, 2, "drempel", 0.75, "dim").method == "bootstrap"
    assert uncertainty(enough, 2, "drempel", 0.75, "dim").method == "analytisch"


@given(strata_cases(max_people=10, max_groups=4))
@settings(deadline=None, max_examples=60)
def test_analytic_interval_is_the_normal_interval_of_the_stratified_mean(strata):
    result = analytic_uncertainty(strata, 1, "drempel", 0.75, "dim")
    low, high = plain_analytic_interval(strata)
    assert result.interval[0] == pytest.approx(low, abs=1e-9)
    assert result.interval[1] == pytest.approx(high, abs=1e-9)
    assert result.method == "analytisch"


def test_analytic_interval_by_hand():
    # 600 respondents, one stratum: 300 with score 2, 300 with score 4. Population variance 1, so the standard
    # error is sqrt(1 / 600) = 0.040825 and the interval 3 -/+ 1.959964 * 0.040825 = (2.919984, 3.080016).
    result = uncertainty([Stratum(1.0, {ALL_AT_2: 300, ALL_AT_4: 300})], 2, "gemiddelde", 0.75, "dim")
    assert result.method == "analytisch"
    assert result.interval == pytest.approx((2.919984, 3.080016), abs=1e-6)
    # Two organisations weighing 1/2: A 300 x score 2 and 300 x score 4 (variance 1), B 400 x score 3 (variance 0):
    # score 1/2*3 + 1/2*3 = 3; variance (1/2)^2 * 1/600 = 1/2400, se 0.020412, interval 3 -/+ 0.040008.
    result = uncertainty(
        weighted([Counter({ALL_AT_2: 300, ALL_AT_4: 300}), Counter({(0, 0, 4, 0, 0): 400})], "organisatie"), 3, "gemiddelde", 0.75, "d"
    )
    assert result.interval == pytest.approx((2.959992, 3.040008), abs=1e-6)


@pytest.mark.parametrize("offset", [-0.03, 0.0, 0.04])
def test_analytic_certainty_follows_the_normal_distribution(offset):
    """gemiddelde: phase 3 while the score shows as 3,0 .. 3,9, i.e. lies in (2.95, 3.95); the normal probability of that."""
    # 600 respondents, most at 3 and some at 4 or 2, so the score lies near 2.95 + offset (a boundary)
    at_4 = round(600 * (0.15 + offset))
    at_2 = round(600 * 0.20)
    strata = [Stratum(1.0, {(0, 0, 0, 4, 0): at_4, ALL_AT_2: at_2, (0, 0, 4, 0, 0): 600 - at_4 - at_2})]
    score = plain_score(strata)
    low, high = plain_analytic_interval(strata)
    spread = (high - score) / 1.959964
    expected = plain_normal_cdf((3.95 - score) / spread) - plain_normal_cdf((2.95 - score) / spread)
    result = uncertainty(strata, 3, "gemiddelde", 0.75, "dim")
    assert result.method == "analytisch"
    assert result.phase_certainty == pytest.approx(expected, abs=0.035)


def boundary_case() -> list[Stratum]:
    # drempel .75: C(3) = .751 (phase 3 by a hair): 3 organisations, 500 respondents in all
    a = Counter({(0, 1, 3, 0, 0): 100, (0, 0, 2, 2, 0): 50, (1, 1, 1, 1, 0): 40})
    b = Counter({(0, 2, 2, 0, 0): 50, (0, 0, 0, 4, 0): 100})
    c = Counter({(0, 0, 4, 0, 0): 60, (0, 4, 0, 0, 0): 40, (0, 1, 2, 1, 0): 60})
    return weighted([a, b, c], "organisatie")


CASES_NEAR_500 = {
    # score 3.40, C(3) = .80
    "one organisation, spread over phases 1-5": [
        Stratum(1.0, {(1, 1, 1, 1, 0): 60, (0, 2, 2, 0, 0): 140, (0, 0, 2, 1, 1): 200, (0, 0, 0, 2, 2): 100})
    ],
    # score 2.958: near the boundary of gemiddelde (2.95)
    "four organisations of unequal size, weighed equally": weighted(
        [
            Counter({(0, 3, 1, 0, 0): 120, (0, 0, 4, 0, 0): 80}),
            Counter({(0, 0, 2, 2, 0): 100, (2, 2, 0, 0, 0): 50}),
            Counter({(0, 0, 0, 1, 3): 60, (0, 1, 1, 1, 1): 40}),
            Counter({(4, 0, 0, 0, 0): 30, (0, 0, 0, 4, 0): 20}),
        ],
        "organisatie",
    ),
    "near a phase boundary": boundary_case(),
}


def at_the_switch(strata: list[Stratum]) -> list[Stratum]:
    """The case scaled from 500 respondents to ANALYTIC_FROM (every count stays whole)."""
    return [Stratum(s.weight, {kind: count * ANALYTIC_FROM // 500 for kind, count in s.types.items()}) for s in strata]


@pytest.mark.parametrize("name", list(CASES_NEAR_500))
@pytest.mark.parametrize("rule", ["drempel", "gemiddelde"])
def test_analytic_agrees_with_the_bootstrap_where_it_takes_over(name, rule):
    strata = at_the_switch(CASES_NEAR_500[name])
    assert sum(sum(s.types.values()) for s in strata) == ANALYTIC_FROM
    phase = reported_phase(strata, rule, 0.75)
    bootstrap = bootstrap_uncertainty(strata, phase, rule, 0.75, name)
    analytic = analytic_uncertainty(strata, phase, rule, 0.75, name)
    assert analytic.interval == pytest.approx(bootstrap.interval, abs=0.02)
    assert analytic.phase_certainty == pytest.approx(bootstrap.phase_certainty, abs=0.05)
    if name == "near a phase boundary" and rule == "drempel":
        assert 0.2 < bootstrap.phase_certainty < 0.8  # it is a borderline case indeed


# ---------------------------------------------------------------------------------------------------------------
# Agreement
# ---------------------------------------------------------------------------------------------------------------


def plain_rwg(items: list[list[int]], options: int) -> float | None:
    """rwg(J) from the textbook formula, with Fractions: J(1 - r) / (J(1 - r) + r), 0 when r >= 1."""
    used = [item for item in items if len(item) >= 2]
    if not used:
        return None
    variances = []
    for item in used:
        mean = Fraction(sum(item), len(item))
        variances.append(sum((Fraction(x) - mean) ** 2 for x in item) / (len(item) - 1))
    ratio = (sum(variances) / len(variances)) / Fraction(options * options - 1, 12)
    if ratio >= 1:
        return 0.0
    j = len(used)
    return float(j * (1 - ratio) / (j * (1 - ratio) + ratio))


def plain_ad(items: list[list[int]]) -> float | None:
    used = [item for item in items if len(item) >= 2]
    if not used:
        return None
    deviations = []
    for item in used:
        mean = Fraction(sum(item), len(item))
        deviations.append(sum(abs(Fraction(x) - mean) for x in item) / len(item))
    return float(sum(deviations) / len(deviations))


def test_agreement_by_hand():
    # item 1: (1, 2, 3): mean 2, s2 = (1 + 0 + 1) / 2 = 1; item 2: (2, 2, 2): s2 = 0. mean s2 = 0.5.
    # sigma2_E = (5^2 - 1) / 12 = 2, r = 0.25, J = 2: rwg = 2 * .75 / (2 * .75 + .25) = 1.5 / 1.75 = 6/7.
    # AD: item 1 (1 + 0 + 1) / 3 = 2/3, item 2 0: AD = 1/3.
    result = agreement([[1, 2, 3], [2, 2, 2]], 5)
    assert result == Agreement(rwg=pytest.approx(6 / 7), ad=pytest.approx(1 / 3), low=False)
    # a question with one answer does not count
    assert agreement([[4], [1, 2, 3], [2, 2, 2]], 5) == result


def test_agreement_truncates_at_random_answering():
    # (1, 5) twice: s2 = 8 each; r = 8 / 2 = 4 >= 1 -> rwg 0 (the formula would give 2*(-3) / (2*(-3) + 4) = 3).
    assert agreement([[1, 5], [1, 5]], 5) == Agreement(rwg=0.0, ad=2.0, low=True)
    # (1, 3) once, A = 5: s2 = 2, r = 1 exactly -> 0 (the formula would give 0 / 1 = 0 too, but not 1.2 below)
    assert agreement([[1, 3]], 5).rwg == 0.0
    # (1, 3) and (1, 4), A = 5: s2 = 2 and 4.5, r = 3.25 / 2 = 1.625 -> 0 (the formula: 2*(-.625) / (-1.25 + 1.625) < 0)
    assert agreement([[1, 3], [1, 4]], 5).rwg == 0.0


def test_agreement_flags_low_and_full():
    # one item (3, 3, 4), A = 5: s2 = 1/3, r = 1/6, rwg = (5/6) / (5/6 + 1/6) = 5/6 = 0.833: not low
    assert agreement([[3, 3, 4]], 5) == Agreement(rwg=pytest.approx(5 / 6), ad=pytest.approx(4 / 9), low=False)
    # one item (2, 3, 4), A = 4: s2 = 1, sigma2_E = 15/12 = 1.25, r = .8, rwg = .2 / (.2 + .8) = .2: low
    assert agreement([[2, 3, 4]], 4) == Agreement(rwg=pytest.approx(0.2), ad=pytest.approx(2 / 3), low=True)
    assert agreement([[3, 3], [5, 5, 5]], 5) == Agreement(rwg=1.0, ad=0.0, low=False)
    # exactly at the bound is not low: (1 1 1 2 2 2 2 2 3 3 3), mean 2, squared deviations 6, s2 = 6/10 = .6,
    # r = .6 / 2 = .3, rwg = .7 / (.7 + .3) = .70 (also in floats); AD = 6/11
    assert agreement([[1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3]], 5) == Agreement(rwg=0.7, ad=pytest.approx(6 / 11), low=False)
    assert LOW_AGREEMENT == 0.70


def test_agreement_without_two_answers_is_none():
    assert agreement([], 5) is None
    assert agreement([[3], [], [2]], 5) is None
    with pytest.raises(ValueError):
        agreement([[1, 1]], 1)


@given(
    st.integers(min_value=2, max_value=7).flatmap(
        lambda options: st.tuples(
            st.just(options),
            st.lists(st.lists(st.integers(min_value=1, max_value=options), max_size=12), max_size=8),
        )
    )
)
@settings(max_examples=300)
def test_agreement_matches_the_textbook_formula(case):
    options, items = case
    result = agreement(items, options)
    expected = plain_rwg(items, options)
    if expected is None:
        assert result is None
        return
    assert result.rwg == pytest.approx(expected, abs=1e-9)
    assert result.ad == pytest.approx(plain_ad(items), abs=1e-9)
    assert result.low == (expected < 0.70)
    assert 0 <= result.rwg <= 1


# ---------------------------------------------------------------------------------------------------------------
# Reliability
# ---------------------------------------------------------------------------------------------------------------


def plain_variance(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def plain_alpha(rows: list[list[int]]) -> float | None:
    """Cronbach: J/(J-1) * (1 - sum of item variances / variance of the sum)."""
    questions = len(rows[0])
    items = [[row[j] for row in rows] for j in range(questions)]
    total = plain_variance([sum(row) for row in rows])
    if total == 0:
        return None
    return questions / (questions - 1) * (1 - sum(plain_variance(item) for item in items) / total)


def plain_pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs)
    vy = sum((y - my) ** 2 for y in ys)
    if vx == 0 or vy == 0:
        return None
    return cov / math.sqrt(vx * vy)


def plain_item_rest(rows: list[list[int]]) -> list[float | None]:
    return [plain_pearson([row[j] for row in rows], [sum(row) - row[j] for row in rows]) for j in range(len(rows[0]))]


def test_reliability_by_hand():
    # x1 = 1 2 3 4 5 1 2 3 4 5, x2 = 2 1 4 3 5 2 1 4 3 5. Each: mean 3, squared deviations 4+1+0+1+4 twice = 20,
    # variance 20/9. The sum 3 3 7 7 10 (twice): mean 6, squared deviations 9+9+1+1+16 twice = 72, variance 8.
    # alpha = 2/1 * (1 - (40/9) / 8) = 2 * 32/72 = 8/9.
    # item-rest (with two questions, the correlation of x1 and x2): deviations (-2 -1 0 1 2) and (-1 -2 1 0 2),
    # products 2+2+0+0+4 = 8 twice = 16; r = 16 / sqrt(20 * 20) = 0.8.
    x1 = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    x2 = [2, 1, 4, 3, 5, 2, 1, 4, 3, 5]
    result = reliability([[a, b] for a, b in zip(x1, x2, strict=True)])
    assert result.alpha == pytest.approx(8 / 9)
    assert result.item_rest == [pytest.approx(0.8), pytest.approx(0.8)]
    assert result.complete == 10 and result.reason is None


def test_item_rest_leaves_the_item_out_of_the_total():
    # x1 = 1 2 3 4 5 (twice), x2 = 6 - x1 runs against it, x3 = x1.
    # item-rest of x2: rest = x1 + x3 = 2 x1, so r = -1. Of x1: rest = x2 + x3 = 6, no spread: None (the item-total
    # correlation, with x1 left in, would be r(x1, x1 + 6) = 1). Likewise x3.
    x1 = [1, 2, 3, 4, 5] * 2
    rows = [[a, 6 - a, a] for a in x1]
    result = reliability(rows)
    assert result.item_rest == [None, pytest.approx(-1.0), None]
    # sum = a + 6: variance 20/9 = var(x1); alpha = 3/2 * (1 - 3 * (20/9) / (20/9)) = 3/2 * -2 = -3
    assert result.alpha == pytest.approx(-3.0)


def test_reliability_reasons():
    assert reliability([[3, 4]] * 9) == Reliability(None, [None, None], 9, "te weinig volledig ingevulde antwoorden (minder dan 10)")
    assert reliability([]) == Reliability(None, [], 0, "te weinig volledig ingevulde antwoorden (minder dan 10)")
    assert reliability([[3]] * 12) == Reliability(None, [None], 12, "minder dan twee vragen")
    # (1, 3), (3, 1), (2, 2): the sum is always 4
    constant_sum = reliability([[1, 3], [3, 1], [2, 2], [1, 3], [3, 1], [2, 2], [1, 3], [3, 1], [2, 2], [2, 2]])
    assert constant_sum.alpha is None and constant_sum.reason == "geen spreiding in de somscore"
    assert constant_sum.item_rest == [pytest.approx(-1.0), pytest.approx(-1.0)]
    assert reliability([[3, 3]] * 10) == Reliability(None, [None, None], 10, "geen spreiding in de somscore")
    assert MIN_COMPLETE_CASES == 10
    with pytest.raises(ValueError):
        reliability([[1, 2], [1]])


@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda questions: st.lists(st.lists(st.integers(min_value=1, max_value=5), min_size=questions, max_size=questions), min_size=10, max_size=40)
    )
)
@settings(max_examples=300)
def test_reliability_matches_variances_and_pearson_by_hand(rows):
    result = reliability(rows)
    assert result.complete == len(rows)
    expected = plain_alpha(rows)
    if expected is None:
        assert result.alpha is None and result.reason == "geen spreiding in de somscore"
    else:
        assert result.alpha == pytest.approx(expected, abs=1e-9) and result.reason is None
    for got, want in zip(result.item_rest, plain_item_rest(rows), strict=True):
        assert (got is None) == (want is None)
        if want is not None:
            assert got == pytest.approx(want, abs=1e-9)


def test_the_statistics_load_numpy_only_when_they_compute():
    """The CLI imports these modules on start (--help among others); numpy comes in with the first bootstrap."""
    script = (
        "import sys\n"
        "import volwassenheid.core.agreement, volwassenheid.core.phase_rule, volwassenheid.core.reliability\n"
        "import volwassenheid.core.uncertainty as u\n"
        "print('numpy' in sys.modules)\n"
        "u.uncertainty([u.Stratum(1.0, {(0, 1): 2, (1, 0): 1})], 1, 'drempel', 0.75, 'x')\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
