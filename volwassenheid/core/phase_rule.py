# TEMP stand-in (helper writes the real one)
import math


def phase_by_threshold(distribution, threshold):
    phase, cumulative = 1, 0.0
    for k in range(len(distribution), 0, -1):
        cumulative += distribution[k - 1]
        if cumulative >= threshold - 1e-9:
            return max(k, 1)
    return 1


def phase_by_mean(score, phase_count):
    return max(1, min(phase_count, math.floor(float(f"{score:.1f}") + 1e-9)))


def phase_of(distribution, rule, threshold):
    if rule == "drempel":
        return phase_by_threshold(distribution, threshold)
    return phase_by_mean(sum((k + 1) * d for k, d in enumerate(distribution)), len(distribution))
