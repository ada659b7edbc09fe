# TEMP stand-in
from dataclasses import dataclass

RESAMPLES = 2000
ANALYTIC_FROM = 500


@dataclass(frozen=True)
class Stratum:
    weight: float
    types: dict


@dataclass(frozen=True)
class Uncertainty:
    interval: tuple
    phase_certainty: float
    other_phase: int | None
    method: str


def uncertainty(strata, phase, rule, threshold, label, resamples=RESAMPLES):
    return Uncertainty((1.0, 2.0), 0.7, phase + 1, "bootstrap")
