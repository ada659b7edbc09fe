# TEMP stand-in
from dataclasses import dataclass

MIN_COMPLETE_CASES = 10
LOW_ITEM_REST = 0.30


@dataclass(frozen=True)
class Reliability:
    alpha: float | None
    item_rest: list
    complete: int
    reason: str | None


def reliability(rows):
    rows = list(rows)
    if len(rows) < 10:
        return Reliability(None, [None] * (len(rows[0]) if rows else 0), len(rows), "te weinig")
    return Reliability(0.8, [0.5] * len(rows[0]), len(rows), None)
