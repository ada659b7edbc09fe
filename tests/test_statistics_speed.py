"""How long the uncertainty of ten dimensions takes, with 8 organisations, at n = 16, 400 and 10,000.

Measured, not asserted tightly: the machine is shared. The bound below only
catches a cost that grows with n again (10,000 respondents resampled one by one
takes seconds). Run with `-s` to see the figures.
"""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest

from volwassenheid.core.phase_rule import phase_of
from volwassenheid.core.uncertainty import Stratum, uncertainty

DIMENSIONS = 10
ORGANISATIONS = 8
QUESTIONS = 4
PHASES = 5


def dimension(respondents: int, draw: random.Random) -> list[Stratum]:
    """8 organisations of about equal size, each around its own phase; 4 answers per respondent."""
    strata = []
    for group in range(ORGANISATIONS):
        size = respondents // ORGANISATIONS + (group < respondents % ORGANISATIONS)
        centre = draw.randint(1, PHASES)
        types: Counter = Counter()
        for _ in range(size):
            answers = [min(PHASES, max(1, centre + draw.choice((-1, 0, 0, 1)))) for _ in range(QUESTIONS)]
            types[tuple(answers.count(k) for k in range(1, PHASES + 1))] += 1
        strata.append(Stratum(1 / ORGANISATIONS, dict(types)))
    return strata


def distribution(strata: list[Stratum]) -> list[float]:
    shares = [0.0] * PHASES
    for stratum in strata:
        size = sum(stratum.types.values())
        for kind, count in stratum.types.items():
            for k in range(PHASES):
                shares[k] += stratum.weight * count * kind[k] / sum(kind) / size
    return shares


@pytest.mark.parametrize("respondents", [16, 400, 10_000])
def test_uncertainty_of_ten_dimensions(respondents):
    uncertainty([Stratum(1.0, {(0, 1): 2, (1, 0): 1})], 1, "drempel", 0.75, "warm")  # numpy loaded before timing
    draw = random.Random(respondents)
    dimensions = [dimension(respondents, draw) for _ in range(DIMENSIONS)]
    phases = [phase_of(distribution(strata), "drempel", 0.75) for strata in dimensions]
    started = time.perf_counter()
    results = [uncertainty(strata, phase, "drempel", 0.75, f"d{i}") for i, (strata, phase) in enumerate(zip(dimensions, phases, strict=True))]
    seconds = time.perf_counter() - started
    types = sum(len(stratum.types) for strata in dimensions for stratum in strata)
    print(f"\nuncertainty, {DIMENSIONS} dimensions x {respondents} respondents ({types} types, {results[0].method}): {seconds * 1000:.0f} ms")
    assert seconds < 10
