"""Evaluate pattern rules (structured data) on aggregated results. Nothing is executed.

A condition that cannot be evaluated (a missing score, no spread for one
respondent, a suppressed group) never holds, so a pattern can never reveal
what suppression hides. Nor does a condition on an indicative dimension (n below
`minimale_n`): a pattern is not built on a handful of people. Conditions over all
dimensions leave the indicative ones out.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

from pydantic import BaseModel

from volwassenheid.core.dutch import number
from volwassenheid.core.questionset import (
    AgreementCondition,
    DifferenceCondition,
    GapCountCondition,
    LevelDifferenceCondition,
    OrganisationDifferenceCondition,
    PatternRule,
    QuestionSet,
    ScoreCondition,
    SpreadCondition,
)
from volwassenheid.core.results import DimensionResult, EngagementResult
from volwassenheid.core.scoring import visible_scores

_COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
_IN_WORDS = {">=": "minstens", ">": "meer dan", "<=": "hoogstens", "<": "minder dan"}
"""The comparison in words: a steering group reads "minstens 3,50", not a symbol."""


class Evidence(BaseModel):
    """One condition with the figure that met it."""

    voorwaarde: str
    waarde: float
    operator: str
    drempel: float
    omschrijving: str


class PatternMatch(BaseModel):
    id: str
    naam: str
    uitleg: str
    onderbouwing: list[Evidence]
    dimensies: list[str]
    grensgevallen: list[str]
    """Short names of the pattern's dimensions whose phase is a borderline case."""


@dataclass
class _Measured:
    value: float | None
    description: str


def evaluate_patterns(question_set: QuestionSet, result: EngagementResult) -> list[PatternMatch]:
    """The rules whose conditions all hold, in the order of the question set."""
    dimensions = {d.id: d for d in result.dimensies if not d.indicatief}
    matches = []
    for rule in question_set.patronen:
        evidence = _evaluate(rule, dimensions, result)
        if evidence is not None:
            involved = _dimensions_of(rule)
            matches.append(
                PatternMatch(
                    id=rule.id,
                    naam=rule.naam,
                    uitleg=rule.uitleg,
                    onderbouwing=evidence,
                    dimensies=involved,
                    grensgevallen=[d.kort for d in result.dimensies if d.id in involved and d.grensgeval],
                )
            )
    return matches


def _evaluate(rule: PatternRule, dimensions: dict[str, DimensionResult], result: EngagementResult) -> list[Evidence] | None:
    evidence = []
    for condition in rule.voorwaarden:
        measured = _measure(condition, dimensions, result)
        if measured.value is None:
            return None
        value = round(measured.value, 9)  # 0.9999999999 counts as 1.0
        if not _COMPARE[condition.operator](value, condition.waarde):
            return None
        evidence.append(
            Evidence(
                voorwaarde=condition.soort,
                waarde=measured.value,
                operator=condition.operator,
                drempel=condition.waarde,
                omschrijving=f"{measured.description}: {number(measured.value, 2)} (grens: {_IN_WORDS[condition.operator]} {number(condition.waarde, 2)})",
            )
        )
    return evidence


def _measure(condition, dimensions: dict[str, DimensionResult], result: EngagementResult) -> _Measured:
    """The figure a condition compares; None (never holds) when a dimension it names is indicative."""
    for key in ("dimensie", "ten_opzichte_van"):
        named = getattr(condition, key, None)
        if named is not None and named not in dimensions:
            return _Measured(None, "indicatief")
    if isinstance(condition, ScoreCondition):
        d = dimensions[condition.dimensie]
        return _Measured(d.score, f"score {d.kort}")
    if isinstance(condition, DifferenceCondition):
        a, b = dimensions[condition.dimensie], dimensions[condition.ten_opzichte_van]
        value = a.score - b.score if a.score is not None and b.score is not None else None
        return _Measured(value, f"{a.kort} min {b.kort}")
    if isinstance(condition, SpreadCondition):
        d = dimensions[condition.dimensie]
        return _Measured(d.sd, f"spreiding {d.kort} (standaardafwijking)")
    if isinstance(condition, AgreementCondition):
        d = dimensions[condition.dimensie]
        return _Measured(d.overeenstemming.rwg if d.overeenstemming else None, f"overeenstemming (rwg) {d.kort}")
    if isinstance(condition, LevelDifferenceCondition):
        return _level_difference(condition, dimensions)
    if isinstance(condition, OrganisationDifferenceCondition):
        return _organisation_difference(condition, dimensions)
    if isinstance(condition, GapCountCondition):
        count = sum(1 for d in dimensions.values() if d.verschil is not None and round(d.verschil, 9) >= condition.minimale_kloof)
        return _Measured(float(count), f"dimensies met een kloof van {number(condition.minimale_kloof)} of meer")
    raise TypeError(f"unknown condition {condition!r}")  # the model's union makes this unreachable


def _level_difference(condition: LevelDifferenceCondition, dimensions) -> _Measured:
    chosen = [dimensions[condition.dimensie]] if condition.dimensie else list(dimensions.values())
    high, low = [], []
    for d in chosen:
        levels = visible_scores(d.per_niveau)
        if condition.hoog in levels and condition.laag in levels:
            high.append(levels[condition.hoog])
            low.append(levels[condition.laag])
    where = chosen[0].kort if condition.dimensie else "gemiddeld over de dimensies"
    description = f"{condition.hoog} min {condition.laag} ({where})"
    if not high:
        return _Measured(None, description)
    return _Measured(math.fsum(high) / len(high) - math.fsum(low) / len(low), description)


def _organisation_difference(condition: OrganisationDifferenceCondition, dimensions) -> _Measured:
    chosen = [dimensions[condition.dimensie]] if condition.dimensie else list(dimensions.values())
    per_organisation: dict[str, list[float]] = {}
    for d in chosen:
        for name, score in visible_scores(d.per_organisatie).items():
            per_organisation.setdefault(name, []).append(score)
    means = {name: math.fsum(scores) / len(scores) for name, scores in per_organisation.items()}
    where = chosen[0].kort if condition.dimensie else "gemiddeld over de dimensies"
    if len(means) < 2:
        return _Measured(None, f"verschil tussen organisaties ({where})")
    highest = max(means, key=lambda name: (means[name], name))
    lowest = min(means, key=lambda name: (means[name], name))
    return _Measured(means[highest] - means[lowest], f"{highest} min {lowest} ({where})")


def _dimensions_of(rule: PatternRule) -> list[str]:
    found: list[str] = []
    for condition in rule.voorwaarden:
        for key in ("dimensie", "ten_opzichte_van"):
            value = getattr(condition, key, None)
            if value and value not in found:
                found.append(value)
    return found
