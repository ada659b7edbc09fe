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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain

from pydantic import BaseModel

from volwassenheid.answers import AnswerTable, run_length
from volwassenheid.dimension_scoring import EPSILON, DimensionScorer
from volwassenheid.engagement import Engagement, Interview, ScoringSettings
from volwassenheid.questionset import LEVELS, QuestionSet


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
    return max(1, min(phase_count, math.floor(score + EPSILON)))


def _scorers(question_set: QuestionSet, settings: ScoringSettings) -> list[DimensionScorer]:
    return [
        DimensionScorer([q.id for q in question_set.questions_of(d.id)], question_set.phase_count, settings.minimaal_aandeel)
        for d in question_set.dimensies
    ]


def answer_table(question_set: QuestionSet, respondents: Iterable[Respondent]) -> AnswerTable:
    return AnswerTable.from_answers(question_set.question_ids(), [(r.organisation, r.level, r.answers) for r in respondents])


def score_respondent(
    question_set: QuestionSet, respondent: Respondent, settings: ScoringSettings | None = None
) -> dict[str, float | None]:
    """One respondent's score per dimension (None where too few questions were answered)."""
    answers = answer_table(question_set, [respondent])
    scorers = _scorers(question_set, settings or ScoringSettings())
    return {d.id: scorer.score(scorer.sums(answers)[0]) for d, scorer in zip(question_set.dimensies, scorers)}


def score_engagement(
    question_set: QuestionSet,
    respondents: Iterable[Respondent],
    ambition: Mapping[str, int] | None = None,
    settings: ScoringSettings | None = None,
) -> EngagementResult:
    """Aggregate all respondents into the partnership's result."""
    return score_answers(question_set, answer_table(question_set, respondents), ambition, settings)


def score_answers(
    question_set: QuestionSet,
    answers: AnswerTable,
    ambition: Mapping[str, int] | None = None,
    settings: ScoringSettings | None = None,
) -> EngagementResult:
    """The partnership's result from its answers in columns."""
    settings = settings or ScoringSettings()
    ambition = ambition or {}
    scorers = _scorers(question_set, settings)
    sums = [scorer.sums(answers) for scorer in scorers]

    dimensions = []
    for dimension, scorer, dimension_sums in zip(question_set.dimensies, scorers, sums):
        stats = scorer.stats(dimension_sums)
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
                per_organisatie=_group_scores(scorer, dimension_sums, answers.by_organisation, settings.minimale_groep),
                per_niveau=_group_scores(scorer, dimension_sums, answers.by_level, settings.minimale_groep, order=LEVELS),
                vragen=[_question_score(answers, qid) for qid in scorer.questions],
            )
        )
    with_score = sum(map(any, zip(*(scorer.has_score(s) for scorer, s in zip(scorers, sums)))))
    return EngagementResult(
        vragenlijst=QuestionSetId(id=question_set.id, versie=question_set.versie),
        aantal_fasen=question_set.phase_count,
        minimale_groep=settings.minimale_groep,
        dimensies=dimensions,
        totaal=_total(question_set, dimensions, len(answers), with_score),
        respons=Response(
            respondenten=len(answers),
            per_organisatie={name: run_length(answers.by_organisation[name]) for name in sorted(answers.by_organisation)},
            per_niveau={level: run_length(answers.by_level[level]) for level in LEVELS if level in answers.by_level},
        ),
    )


def score_interviews(question_set: QuestionSet, engagement: Engagement, interviews: Iterable[Interview]) -> EngagementResult:
    return score_engagement(
        question_set,
        [respondent_from_interview(i) for i in counted_interviews(question_set, engagement.instellingen, interviews)],
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


def _group_scores(
    scorer: DimensionScorer, sums: Sequence[int], groups: Mapping[str, list[slice]], threshold: int, order: Sequence[str] = ()
) -> list[GroupScore]:
    """Mean per group (runs of positions per group name) of the scores present, small groups suppressed."""
    stats = {name: scorer.stats(chain.from_iterable(sums[run] for run in runs)) for name, runs in groups.items()}
    stats = {name: found for name, found in stats.items() if found.n}
    names = [name for name in order if name in stats] + sorted(name for name in stats if name not in order)
    hidden = suppressed({name: stats[name].n for name in names}, threshold)
    return [
        GroupScore(
            naam=name,
            n=stats[name].n,
            score=None if name in hidden else stats[name].score,
            sd=None if name in hidden else stats[name].sd,
            onderdrukt=name in hidden,
        )
        for name in names
    ]


def _question_score(answers: AnswerTable, question_id: str) -> QuestionScore:
    tally = answers.tally(question_id)
    return QuestionScore(
        id=question_id,
        n=tally.phases,
        score=tally.phase_total / tally.phases if tally.phases else None,
        weet_niet=tally.dont_know,
        nvt=tally.not_applicable,
        geen_antwoord=len(answers) - tally.phases - tally.dont_know - tally.not_applicable,
    )


def _total(question_set, dimensions: list[DimensionResult], respondents: int, with_score: int) -> TotalResult:
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
        respondenten=respondents,
        respondenten_met_score=with_score,
    )


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    if not pairs:
        return None
    return math.fsum(value * weight for value, weight in pairs) / math.fsum(weight for _, weight in pairs)


# --- who counts as a respondent ------------------------------------------------


def counts_as_respondent(question_set: QuestionSet, interview: Interview, settings: ScoringSettings | None = None) -> bool:
    """An interview counts as a respondent only when it scores at least one dimension:
    one closed with no answers, or too few on every dimension, is never counted."""
    scores = score_respondent(question_set, respondent_from_interview(interview), settings)
    return any(score is not None for score in scores.values())


def counted_interviews(
    question_set: QuestionSet, settings: ScoringSettings | None, interviews: Iterable[Interview]
) -> list[Interview]:
    return [i for i in interviews if counts_as_respondent(question_set, i, settings)]
