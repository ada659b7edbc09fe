# TEMP stand-in
from dataclasses import dataclass

LOW_AGREEMENT = 0.70


@dataclass(frozen=True)
class Agreement:
    rwg: float
    ad: float
    low: bool


def agreement(items, options):
    return Agreement(0.6, 0.5, True)
