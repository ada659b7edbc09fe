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

from volwassenheid.core.comparison import Comparison, interval_text, the_measurement
from volwassenheid.core.dutch import number
from volwassenheid.core.questionset import (
    AgreementCondition,
    ChangeCondition,
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


def evaluate_patterns(question_set: QuestionSet, result: EngagementResult, comparison: Comparison | None = None) -> list[PatternMatch]:
    """The rules whose conditions all hold, in the order of the question set. A rule with a condition
    on the change since the previous measurement needs `comparison` (of that measurement with `result`)."""
    dimensions = {d.id: d for d in result.dimensies if not d.indicatief}
    matches = []
    for rule in question_set.patronen:
        found = _evaluate(rule, dimensions, result, comparison)
        if found is not None:
            evidence, named = found
            involved = _dimensions_of(rule)
            involved += [d for d in named if d not in involved]
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


def _holds(condition, value: float) -> bool:
    return _COMPARE[condition.operator](round(value, 9), condition.waarde)  # 0.9999999999 counts as 1.0


def _evidence(condition, value: float, description: str, extra: str = "") -> Evidence:
    shown = number(value, 2)
    if isinstance(condition, ChangeCondition) and not shown.startswith("-") and shown != "0,00":
        shown = f"+{shown}"  # a change has a direction
    return Evidence(
        voorwaarde=condition.soort,
        waarde=value,
        operator=condition.operator,
        drempel=condition.waarde,
        omschrijving=f"{description}: {shown} (grens: {_IN_WORDS[condition.operator]} {number(condition.waarde, 2)}){extra}",
    )


def _evaluate(
    rule: PatternRule, dimensions: dict[str, DimensionResult], result: EngagementResult, comparison: Comparison | None
) -> tuple[list[Evidence], list[str]] | None:
    """The evidence of every condition and the dimensions a condition without one found; None when one fails."""
    evidence: list[Evidence] = []
    named: list[str] = []
    for condition in rule.voorwaarden:
        if isinstance(condition, ChangeCondition):
            found = _changes_that_hold(condition, dimensions, comparison)
            if not found:
                return None
            evidence += [item for item, _ in found]
            named += [dimension for _, dimension in found if dimension is not None and condition.dimensie is None]
            continue
        measured = _measure(condition, dimensions, result)
        if measured.value is None or not _holds(condition, measured.value):
            return None
        evidence.append(_evidence(condition, measured.value, measured.description))
    return evidence, named


def _changes_that_hold(
    condition: ChangeCondition, dimensions: dict[str, DimensionResult], comparison: Comparison | None
) -> list[tuple[Evidence, str | None]]:
    """Each change the condition asks about that meets it, with its dimension (None for a level's
    mean over the dimensions). Empty without a comparison, or when a dimension it names is
    indicative now or then."""
    if comparison is None:
        return []
    changes = {c.id: c for c in comparison.dimensies if not c.indicatief and c.id in dimensions}
    if condition.dimensie is not None and condition.dimensie not in changes:
        return []
    since = f"sinds {the_measurement(comparison.vorige.meting)}"
    if condition.niveau is not None:
        levels = [c for c in comparison.per_niveau if c.id == condition.niveau and c.dimensie in changes and condition.dimensie in (None, c.dimensie)]
        if not levels:
            return []
        value = math.fsum(c.verandering for c in levels) / len(levels)
        where = dimensions[condition.dimensie].kort if condition.dimensie else "gemiddeld over de dimensies"
        if not _holds(condition, value):
            return []
        return [(_evidence(condition, value, f"verandering {condition.niveau} {since} ({where})"), condition.dimensie)]
    found: list[tuple[Evidence, str | None]] = []
    for change in changes.values():
        if condition.dimensie not in (None, change.id) or change.verandering is None or not _holds(condition, change.verandering):
            continue
        extra = ""
        if condition.echt is not None:
            if change.echt is None or change.echt is not condition.echt:
                continue
            extra += f"; {'echt' if change.echt else 'niet aantoonbaar'}: 95%-interval {interval_text(change.interval)}"
        if condition.op_vorige_agenda is not None:
            if change.fase_vorige is None or change.doelfase_vorige is None:
                continue
            below = change.fase_vorige < change.doelfase_vorige
            if below is not condition.op_vorige_agenda:
                continue
            state = "onder" if below else "niet onder"
            extra += f"; bij {the_measurement(comparison.vorige.meting)} fase {change.fase_vorige}, {state} doelfase {change.doelfase_vorige}"
        found.append((_evidence(condition, change.verandering, f"verandering {dimensions[change.id].kort} {since}", extra), change.id))
    return found


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
