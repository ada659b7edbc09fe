"""Scoring: from answers to dimension scores, phases and gaps. Pure functions, no I/O.

Rules (also in the README):
- an answer is a phase 1..N; "weet niet" and "n.v.t." never count;
- a respondent's dimension score is the mean of their phase answers in that
  dimension, missing when fewer than `minimaal_aandeel` of its questions got one;
- a partnership's dimension score is the mean of the respondents' dimension
  scores (each respondent weighs the same), with n, sample SD, min and max;
- the phase reached is the whole number below the score (2.7 -> phase 2);
- the gap (verschil) is ambition minus score; positive means below ambition;
- the overall score is the weighted mean of the dimension scores;
- groups (organisation, level) with fewer than `minimale_groep` scores are
  suppressed; when that hides exactly one group, the next-smallest is hidden
  too, so the hidden one cannot be worked out from the total.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from volwassenheid.engagement import DONT_KNOW, NOT_APPLICABLE, Engagement, Interview, ScoringSettings
from volwassenheid.questionset import LEVELS, QuestionSet

_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Respondent:
    """What scoring needs of one respondent. Answers: phase number, 'weet_niet' or 'nvt'."""

    code: str
    organisation: str
    level: str
    answers: Mapping[str, int | str] = field(default_factory=dict)


def respondent_from_interview(interview: Interview) -> Respondent:
    answers = {qid: answer.waarde for qid, answer in interview.antwoorden.items()}
    return Respondent(interview.code, interview.organisatie, interview.niveau, answers)


# --- result models -----------------------------------------------------------


class Stats(BaseModel):
    n: int
    score: float | None
    sd: float | None
    min: float | None
    max: float | None


class GroupScore(BaseModel):
    naam: str
    n: int
    score: float | None
    sd: float | None
    onderdrukt: bool


class QuestionScore(BaseModel):
    id: str
    n: int
    score: float | None
    weet_niet: int
    nvt: int
    geen_antwoord: int


class DimensionResult(BaseModel):
    id: str
    naam: str
    kort: str
    gewicht: float
    score: float | None
    fase: int | None
    fase_naam: str | None
    ambitie: int | None
    verschil: float | None
    n: int
    sd: float | None
    min: float | None
    max: float | None
    per_organisatie: list[GroupScore]
    per_niveau: list[GroupScore]
    vragen: list[QuestionScore]


class TotalResult(BaseModel):
    score: float | None
    fase: int | None
    fase_naam: str | None
    ambitie: float | None
    verschil: float | None
    respondenten: int
    respondenten_met_score: int


class QuestionSetId(BaseModel):
    id: str
    versie: str


class Response(BaseModel):
    respondenten: int
    per_organisatie: dict[str, int]
    per_niveau: dict[str, int]


class EngagementResult(BaseModel):
    vragenlijst: QuestionSetId
    aantal_fasen: int
    minimale_groep: int
    dimensies: list[DimensionResult]
    totaal: TotalResult
    respons: Response


# --- the rules -----------------------------------------------------------------


def phase_reached(score: float | None, phase_count: int) -> int | None:
    """The whole number below the score, within 1..phase_count."""
    if score is None:
        return None
    return max(1, min(phase_count, math.floor(score + _EPSILON)))


def describe(values: Sequence[float]) -> Stats:
    """n, mean, sample standard deviation (None below 2 values), min and max.

    fsum keeps the result independent of the order of `values`.
    """
    n = len(values)
    if n == 0:
        return Stats(n=0, score=None, sd=None, min=None, max=None)
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum([(v - mean) ** 2 for v in values]) / (n - 1)) if n > 1 else None
    return Stats(n=n, score=mean, sd=sd, min=min(values), max=max(values))


class _Plan:
    """The question set flattened for fast scoring of many respondents."""

    def __init__(self, question_set: QuestionSet, settings: ScoringSettings):
        self.dimension_ids = [d.id for d in question_set.dimensies]
        index = {dimension_id: i for i, dimension_id in enumerate(self.dimension_ids)}
        self.question_dimension = {q.id: index[q.dimensie] for q in question_set.vragen}
        counts = [0] * len(self.dimension_ids)
        for question in question_set.vragen:
            counts[index[question.dimensie]] += 1
        self.required = [max(1, math.ceil(settings.minimaal_aandeel * c - _EPSILON)) for c in counts]


def _respondent_scores(plan: _Plan, answers: Mapping[str, int | str]) -> list[float | None]:
    sums = [0] * len(plan.dimension_ids)
    counts = [0] * len(plan.dimension_ids)
    question_dimension = plan.question_dimension
    for question_id, value in answers.items():
        if type(value) is int:
            position = question_dimension.get(question_id)
            if position is not None:
                sums[position] += value
                counts[position] += 1
    # Sums of whole numbers are exact, so each mean is too (order never matters).
    return [s / c if c >= r else None for s, c, r in zip(sums, counts, plan.required)]


def score_respondent(
    question_set: QuestionSet, respondent: Respondent, settings: ScoringSettings | None = None
) -> dict[str, float | None]:
    """One respondent's score per dimension (None where too few questions were answered)."""
    plan = _Plan(question_set, settings or ScoringSettings())
    return dict(zip(plan.dimension_ids, _respondent_scores(plan, respondent.answers)))


def score_engagement(
    question_set: QuestionSet,
    respondents: Iterable[Respondent],
    ambition: Mapping[str, int] | None = None,
    settings: ScoringSettings | None = None,
) -> EngagementResult:
    """Aggregate all respondents into the partnership's result."""
    settings = settings or ScoringSettings()
    ambition = ambition or {}
    respondents = list(respondents)
    plan = _Plan(question_set, settings)
    per_respondent = [_respondent_scores(plan, r.answers) for r in respondents]
    question_tallies = _tally_questions(question_set, respondents)

    dimensions = []
    for position, dimension in enumerate(question_set.dimensies):
        scored = [(r, scores[position]) for r, scores in zip(respondents, per_respondent) if scores[position] is not None]
        stats = describe([score for _, score in scored])
        target = ambition.get(dimension.id)
        dimensions.append(
            DimensionResult(
                id=dimension.id,
                naam=dimension.naam,
                kort=dimension.label,
                gewicht=dimension.gewicht,
                score=stats.score,
                fase=phase_reached(stats.score, question_set.phase_count),
                fase_naam=_phase_name(question_set, stats.score),
                ambitie=target,
                verschil=(target - stats.score) if target is not None and stats.score is not None else None,
                n=stats.n,
                sd=stats.sd,
                min=stats.min,
                max=stats.max,
                per_organisatie=_group_scores(scored, lambda r: r.organisation, settings.minimale_groep),
                per_niveau=_group_scores(scored, lambda r: r.level, settings.minimale_groep, order=LEVELS),
                vragen=[question_tallies[q.id] for q in question_set.questions_of(dimension.id)],
            )
        )
    return EngagementResult(
        vragenlijst=QuestionSetId(id=question_set.id, versie=question_set.versie),
        aantal_fasen=question_set.phase_count,
        minimale_groep=settings.minimale_groep,
        dimensies=dimensions,
        totaal=_total(question_set, dimensions, respondents, per_respondent),
        respons=_response(respondents),
    )


def score_interviews(question_set: QuestionSet, engagement: Engagement, interviews: Iterable[Interview]) -> EngagementResult:
    return score_engagement(
        question_set,
        [respondent_from_interview(i) for i in interviews],
        engagement.ambitie,
        engagement.instellingen,
    )


def _phase_name(question_set: QuestionSet, score: float | None) -> str | None:
    phase = phase_reached(score, question_set.phase_count)
    return question_set.phase_name(phase) if phase is not None else None


def suppressed(counts: Mapping[str, int], threshold: int) -> set[str]:
    """The groups not to show: too small, plus the next-smallest when only one
    would be hidden (otherwise total minus the others reveals it)."""
    hidden = {name for name, n in counts.items() if n < threshold}
    if len(hidden) == 1 and len(counts) > 1:
        visible = [name for name in counts if name not in hidden]
        hidden.add(min(visible, key=lambda name: (counts[name], name)))
    return hidden


def visible_scores(groups: Sequence[GroupScore]) -> dict[str, float]:
    """The scores of the groups that may be shown apart, by group name."""
    return {g.naam: g.score for g in groups if not g.onderdrukt and g.score is not None}


def _group_scores(scored, key, threshold: int, order: Sequence[str] = ()) -> list[GroupScore]:
    """Mean per group of (respondent, value) pairs, small groups suppressed."""
    groups: dict[str, list[float]] = defaultdict(list)
    for respondent, score in scored:
        groups[key(respondent)].append(score)
    names = [name for name in order if name in groups] + sorted(name for name in groups if name not in order)
    hidden = suppressed({name: len(groups[name]) for name in names}, threshold)
    result = []
    for name in names:
        stats = describe(groups[name])
        shown = name not in hidden
        result.append(
            GroupScore(
                naam=name,
                n=stats.n,
                score=stats.score if shown else None,
                sd=stats.sd if shown else None,
                onderdrukt=not shown,
            )
        )
    return result


def _tally_questions(question_set: QuestionSet, respondents: Sequence[Respondent]) -> dict[str, QuestionScore]:
    phases: dict[str, list[int]] = {q.id: [] for q in question_set.vragen}
    dont_know = dict.fromkeys(phases, 0)
    not_applicable = dict.fromkeys(phases, 0)
    for respondent in respondents:
        for question_id, value in respondent.answers.items():
            if question_id not in phases:
                continue
            if type(value) is int:
                phases[question_id].append(value)
            elif value == DONT_KNOW:
                dont_know[question_id] += 1
            elif value == NOT_APPLICABLE:
                not_applicable[question_id] += 1
    total = len(respondents)
    return {
        qid: QuestionScore(
            id=qid,
            n=len(values),
            score=sum(values) / len(values) if values else None,
            weet_niet=dont_know[qid],
            nvt=not_applicable[qid],
            geen_antwoord=total - len(values) - dont_know[qid] - not_applicable[qid],
        )
        for qid, values in phases.items()
    }


def _total(question_set, dimensions: list[DimensionResult], respondents, per_respondent) -> TotalResult:
    scored = [d for d in dimensions if d.score is not None]
    score = _weighted_mean([(d.score, d.gewicht) for d in scored])
    with_ambition = [d for d in dimensions if d.ambitie is not None]
    gaps = [(d.verschil, d.gewicht) for d in dimensions if d.verschil is not None]
    return TotalResult(
        score=score,
        fase=phase_reached(score, question_set.phase_count),
        fase_naam=_phase_name(question_set, score),
        ambitie=_weighted_mean([(d.ambitie, d.gewicht) for d in with_ambition]),
        verschil=_weighted_mean(gaps),
        respondenten=len(respondents),
        respondenten_met_score=sum(1 for scores in per_respondent if any(s is not None for s in scores)),
    )


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    if not pairs:
        return None
    return math.fsum(value * weight for value, weight in pairs) / math.fsum(weight for _, weight in pairs)


def _response(respondents: Sequence[Respondent]) -> Response:
    organisations: dict[str, int] = defaultdict(int)
    levels: dict[str, int] = defaultdict(int)
    for respondent in respondents:
        organisations[respondent.organisation] += 1
        levels[respondent.level] += 1
    return Response(
        respondenten=len(respondents),
        per_organisatie=dict(sorted(organisations.items())),
        per_niveau={level: levels[level] for level in LEVELS if level in levels},
    )
