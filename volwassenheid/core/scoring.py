"""Scoring: from answers to dimension scores, phases and gaps. Pure functions, no I/O.

Rules (also in the README):
- an answer is a phase 1..N; "weet niet" and "n.v.t." never count;
- a respondent's dimension score is the mean of their phase answers in that
  dimension, missing when fewer than `minimaal_aandeel` of its questions got one;
- a respondent (interview or survey row) without a score on any dimension does
  not count: not in any number of respondents, group or answer count;
- a partnership's dimension score is the weighted mean of the respondents'
  dimension scores (`weging`: each organisation, or each respondent, weighs the
  same; see core.weighting), with n and the (unweighted) sample SD;
- the phase follows from the answer distribution by the phase rule
  (`fase_regel`, see core.phase_rule), with a bootstrap interval and the share of
  resamples that give the same phase (core.uncertainty); below 0.80 it is a
  borderline case; with n below `minimale_n` the dimension is indicative;
- the gap (verschil) is ambition minus score; positive means below ambition;
- the overall score is the weighted mean of the dimension scores, an index: there
  is no overall phase, only the profile of the dimensions' phases;
- privacy (`minimale_groep`, see volwassenheid.core.disclosure): a group
  (organisation, level) is shown only when no combination of the published
  figures gives away anything about fewer than `minimale_groep` respondents;
  with fewer respondents on a dimension than that, its spread (sd), its
  groups (no names, no n) and its per-question scores are left out; a
  suppressed group carries no n; no min or max is published, no sd per group;
  counts of "weet niet", "n.v.t." and no answer per question only when each is
  0 or at least `minimale_groep`; and a per-question score needs
  that many phase answers; per-question scores are also left out when, among
  the people with a phase answer in the dimension, a class of equal number of
  phase answers holds 1 to `minimale_groep`-1 people, or when the question
  totals with the visible groups give away such a few (see `cell_counts.CellCounts.classes`
  and `disclosure.question_totals_reveal`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from volwassenheid.core.agreement import agreement_of_counts
from volwassenheid.core.answers import AnswerTable, run_length
from volwassenheid.core.cell_counts import CellCounts, CellIndex
from volwassenheid.core.dimension_answers import DimensionAnswers, answer_matrix
from volwassenheid.core.dimension_scoring import EPSILON, DimensionScorer, Stats
from volwassenheid.core.disclosure import Hidden, hidden_groups, question_totals_reveal
from volwassenheid.core.item_nonresponse import dimension_nonresponse, level_nonresponse
from volwassenheid.core.models import Interview, ScoringSettings, name_key
from volwassenheid.core.phase_rule import phase_by_mean, phase_of
from volwassenheid.core.questionset import LEVELS, Dimension, PhaseRule, QuestionSet
from volwassenheid.core.reliability import LOW_ITEM_REST, Reliability, reliability
from volwassenheid.core.response import invited_figures
from volwassenheid.core.results import (
    Agreement,
    Coverage,
    DimensionResult,
    EngagementResult,
    GroupScore,
    InvitedResponse,
    ItemNonResponse,
    Profile,
    QuestionScore,
    QuestionSetId,
    Response,
    TotalResult,
)
from volwassenheid.core.uncertainty import ANALYTIC_FROM, Uncertainty, normal_approximation_fits, normal_uncertainty, uncertainty
from volwassenheid.core.vocabulary import Given
from volwassenheid.core.weighting import HIDDEN_GROUP, AnswerType, Weighted, weighted, weighted_many


@dataclass(frozen=True, slots=True)
class Respondent:
    """One respondent written out by hand. Answers: phase number, 'weet_niet' or 'nvt'.

    A convenience for tests and the benchmark (`score_engagement`, `score_respondent`,
    `answer_table`): the program itself goes from interviews or survey rows straight
    to an AnswerTable (see core.assessment).
    """

    code: str
    organisation: str
    level: str
    answers: Mapping[str, Given] = field(default_factory=dict)


# --- the rules -----------------------------------------------------------------


def _scorers(question_set: QuestionSet, settings: ScoringSettings) -> list[DimensionScorer]:
    return [
        DimensionScorer([q.id for q in question_set.questions_of(d.id)], question_set.phase_count, settings.minimaal_aandeel)
        for d in question_set.dimensies
    ]


def interview_table(question_set: QuestionSet, interviews: Iterable[Interview]) -> AnswerTable:
    """The interviews' answers in columns, in the order given."""
    return AnswerTable.from_answers(
        question_set.question_ids(),
        [(i.organisatie, i.niveau, {qid: answer.waarde for qid, answer in i.antwoorden.items()}) for i in interviews],
    )


def interview_scores(question_set: QuestionSet, interview: Interview, settings: ScoringSettings | None = None) -> dict[str, float | None]:
    """One interview's score per dimension (None where too few questions were answered)."""
    return _first_row_scores(question_set, interview_table(question_set, [interview]), settings)


def interview_phases(
    question_set: QuestionSet, interview: Interview, settings: ScoringSettings | None = None
) -> dict[str, tuple[float | None, int | None]]:
    """One interview's (score, phase) per dimension, by the traject's phase rule; (None, None) where too few answers.
    For the interviewer's eyes, never published: so the privacy threshold (which would fall back to the
    mean for one person) does not apply."""
    one = (settings or ScoringSettings()).model_copy(update={"minimale_groep": 1})
    result = score_answers(question_set, interview_table(question_set, [interview]), None, one)
    return {d.id: (d.score, d.fase) for d in result.dimensies}


def _first_row_scores(question_set: QuestionSet, answers: AnswerTable, settings: ScoringSettings | None) -> dict[str, float | None]:
    scorers = _scorers(question_set, settings or ScoringSettings())
    return {d.id: scorer.score(scorer.sums(answers)[0]) for d, scorer in zip(question_set.dimensies, scorers, strict=True)}


def answer_table(question_set: QuestionSet, respondents: Iterable[Respondent]) -> AnswerTable:
    """Respondents written out by hand (tests, benchmark), in columns."""
    return AnswerTable.from_answers(question_set.question_ids(), [(r.organisation, r.level, r.answers) for r in respondents])


def score_respondent(question_set: QuestionSet, respondent: Respondent, settings: ScoringSettings | None = None) -> dict[str, float | None]:
    """As `interview_scores`, for a respondent written out by hand (tests)."""
    return _first_row_scores(question_set, answer_table(question_set, [respondent]), settings)


def score_engagement(
    question_set: QuestionSet,
    respondents: Iterable[Respondent],
    ambition: Mapping[str, int] | None = None,
    settings: ScoringSettings | None = None,
) -> EngagementResult:
    """All respondents written out by hand (tests, benchmark) aggregated into the partnership's
    result; the program scores an AnswerTable with `score_answers`."""
    return score_answers(question_set, answer_table(question_set, respondents), ambition, settings)


def score_answers(
    question_set: QuestionSet,
    answers: AnswerTable,
    ambition: Mapping[str, int] | None = None,
    settings: ScoringSettings | None = None,
) -> EngagementResult:
    """The partnership's result from its answers in columns: only the respondents who count take part."""
    settings = settings or ScoringSettings()
    return score_counted(question_set, respondents_who_count(question_set, answers, settings), ambition, settings)


@dataclass(frozen=True)
class Counted:
    """The respondents of a table who count, with what scoring them needs."""

    answers: AnswerTable
    """Their answers, in the order of the table given."""
    positions: list[int]
    """Their positions in the table given."""
    not_counted: list[int]
    """The positions of the others."""
    scorers: list[DimensionScorer]
    sums: list[np.ndarray]
    """Per dimension, their encoded sums (see DimensionScorer)."""


def respondents_who_count(question_set: QuestionSet, answers: AnswerTable, settings: ScoringSettings | None = None) -> Counted:
    """The respondents with a score on at least one dimension: one with no answers, only "weet niet"
    or "n.v.t.", or too few phase answers on every dimension is never counted. Interviews and
    survey rows alike pass this rule (see core.assessment)."""
    scorers = _scorers(question_set, settings or ScoringSettings())
    sums = [scorer.sums_array(answers) for scorer in scorers]
    scored = np.zeros(len(answers), dtype=bool)
    for scorer, dimension_sums in zip(scorers, sums, strict=True):
        scored |= dimension_sums % scorer.base >= scorer.required
    if scored.all():
        return Counted(answers, list(range(len(answers))), [], scorers, sums)
    positions = np.flatnonzero(scored).tolist()
    others = np.flatnonzero(~scored).tolist()
    return Counted(answers.take(positions), positions, others, scorers, [dimension_sums[scored] for dimension_sums in sums])


def score_counted(
    question_set: QuestionSet,
    counted: Counted,
    ambition: Mapping[str, int] | None = None,
    settings: ScoringSettings | None = None,
    organisations: Sequence[str] = (),
    invited: Mapping[str, int | Mapping[Any, int]] | None = None,
) -> EngagementResult:
    """The partnership's result from the respondents who count (see `respondents_who_count`);
    `organisations`: those of the traject, to list the ones not heard; `invited`: how many
    people were invited per organisation (optionally per level), for the response rate."""
    settings = settings or ScoringSettings()
    method = Method.of(question_set, settings)
    threshold = settings.minimale_groep
    ambition = ambition or {}
    answers, scorers, sums = counted.answers, counted.scorers, counted.sums
    cells = answers.cell_index

    dimensions = [
        _dimension_result(question_set, dimension, scorer, dimension_sums, answers, cells, ambition.get(dimension.id), method)
        for dimension, scorer, dimension_sums in zip(question_set.dimensies, scorers, sums, strict=True)
    ]
    with_score = len(answers)  # every respondent who counts has a score
    per_organisation = {name: run_length(answers.by_organisation[name]) for name in sorted(answers.by_organisation)}
    per_level = {level: run_length(answers.by_level[level]) for level in LEVELS if level in answers.by_level}
    rates = invited_figures(invited or {}, organisations, per_organisation, per_level)
    return EngagementResult(
        vragenlijst=QuestionSetId(id=question_set.id, versie=question_set.versie),
        aantal_fasen=question_set.phase_count,
        fase_regel=method.rule,
        drempel=method.threshold,
        weging=method.weighting,
        minimale_n=method.minimum_n,
        minimale_groep=threshold,
        te_weinig_respondenten=0 < with_score < threshold,
        waarschuwing=partnership_warning(with_score, threshold) if 0 < with_score < threshold else None,
        dimensies=dimensions,
        totaal=_total(question_set, dimensions, len(answers), with_score),
        respons=Response(
            respondenten=len(answers),
            per_organisatie=per_organisation,
            per_niveau=per_level,
            uitgenodigd=rates.invited,
            percentage=rates.share,
            uitgenodigd_per_organisatie={
                name: InvitedResponse(uitgenodigd=n, percentage=share) for name, (n, share) in rates.per_organisation.items()
            },
            uitgenodigd_per_niveau={level: InvitedResponse(uitgenodigd=n, percentage=share) for level, (n, share) in rates.per_level.items()},
            item_nonrespons_per_niveau=level_nonresponse(answers, threshold),
        ),
        dekking=coverage(organisations, answers),
    )


def coverage(organisations: Sequence[str], answers: AnswerTable) -> Coverage:
    """The traject's organisations and the levels without a counted respondent."""
    heard = {name_key(name) for name in answers.by_organisation}
    return Coverage(
        niet_gehoord=[name for name in organisations if name_key(name) not in heard],
        niveaus_ontbreken=[level for level in LEVELS if level not in answers.by_level],
    )


@dataclass(frozen=True)
class Method:
    """The choices that turn answers into figures: from the question set, overridden by the traject."""

    rule: PhaseRule
    threshold: float
    weighting: str
    minimum_n: int
    group: int
    """`minimale_groep`: the privacy threshold."""

    @classmethod
    def of(cls, question_set: QuestionSet, settings: ScoringSettings) -> Method:
        return cls(
            rule=settings.fase_regel or question_set.fase_regel,
            threshold=settings.drempel if settings.drempel is not None else question_set.drempel,
            weighting=settings.weging,
            minimum_n=settings.minimale_n,
            group=settings.minimale_groep,
        )


def _dimension_result(
    question_set: QuestionSet,
    dimension: Dimension,
    scorer: DimensionScorer,
    encoded: np.ndarray,
    answers: AnswerTable,
    cells: CellIndex,
    target: int | None,
    method: Method,
) -> DimensionResult:
    threshold = method.group
    counts = CellCounts.of(cells, scorer, encoded)
    stats = counts.stats()
    dimension_answers = DimensionAnswers(answer_matrix(answers, scorer.questions), encoded % scorer.base >= scorer.required, question_set.phase_count)
    too_few = stats.n < threshold  # then nothing but the mean (and n) is shown
    flagged = 0 < stats.n < threshold
    scored_per_cell = counts.scored_per_cell()
    hidden = hidden_groups(scored_per_cell, threshold)
    per_organisation = _group_scores(counts.group_stats(0), hidden.organisations)
    per_level = _group_scores(counts.group_stats(1), hidden.levels, order=LEVELS)
    safe = _question_scores_safe(scorer, counts.classes(), hidden, threshold)
    questions = _question_scores(answers, scorer, threshold, show=not too_few and safe)
    # Organisations not shown apart (hidden, or without a score here) weigh together, as that many organisations:
    # a number the published list of organisations gives, so the weighted score adds nothing to what is known.
    suppressed = sum(1 for group in per_organisation if group.onderdrukt)
    figures = _weighted(dimension_answers, cells, scored_per_cell, hidden, method, dimension.id, suppressed)
    phase = _phase(figures, method, question_set.phase_count, too_few)
    spread = None if figures is None or too_few else _uncertainty(figures, phase or 1, method, dimension.id)
    # decided on the certainty as written (two decimals), so "80%" is never a borderline case
    borderline = spread is not None and round(spread.phase_certainty, 2) < BORDERLINE_CERTAINTY
    # The dimension's shares, with each question's counts and n, would give a hidden count back: only
    # when every question's counts are shown.
    counts_shown = bool(questions) and all(q.weet_niet is not None for q in questions)
    nonresponse = dimension_nonresponse(answers, scorer.questions, threshold) if counts_shown else NO_SHARES
    alpha = _reliability(dimension, dimension_answers, questions) if not too_few else None
    # The answer distribution (and the agreement, which with one question pins every answer down) only
    # when at each phase 0 or at least `minimale_groep` people gave an answer.
    distribution_safe = not too_few and _phase_classes_safe(dimension_answers, threshold)
    agreed = agreement_of_counts(dimension_answers.answer_counts(), question_set.phase_count) if distribution_safe else None
    score = figures.score if figures else None
    return DimensionResult(
        id=dimension.id,
        naam=dimension.naam,
        kort=dimension.label,
        gewicht=dimension.gewicht,
        score=score,
        score_andere_weging=figures.other_score if figures else None,
        interval=list(spread.interval) if spread else None,
        interval_methode=spread.method if spread else None,
        fase=phase,
        fase_naam=question_set.phase_name(phase) if phase is not None else None,
        fase_zekerheid=spread.phase_certainty if spread else None,
        grensgeval=borderline,
        buurfase=spread.other_phase if spread and borderline else None,
        verdeling={k: share for k, share in enumerate(figures.distribution, start=1)} if figures and distribution_safe else None,
        aandeel_vanaf=_shares_from(figures, phase, dimension_answers, threshold) if not too_few else {},
        doelfase=target,
        verschil=(target - score) if target is not None and score is not None else None,
        doelfase_bereikt=phase >= target if target is not None and phase is not None else None,
        n=stats.n,
        indicatief=stats.n < method.minimum_n,
        sd=None if too_few else stats.sd,
        weet_niet_aandeel=nonresponse.weet_niet_aandeel,
        nvt_aandeel=nonresponse.nvt_aandeel,
        weet_niet_hoog=nonresponse.weet_niet_hoog,
        nvt_hoog=nonresponse.nvt_hoog,
        overeenstemming=Agreement(rwg=agreed.rwg, ad=agreed.ad, laag=agreed.low) if agreed else None,
        alfa=alpha.alpha if alpha else None,
        alfa_toelichting=_alpha_reason(dimension, alpha, too_few),
        te_weinig_respondenten=flagged,
        waarschuwing=dimension_warning(stats.n, threshold) if flagged else None,
        per_organisatie=[] if too_few else per_organisation,
        per_niveau=[] if too_few else per_level,
        vragen=questions,
    )


def _phase(figures: Weighted | None, method: Method, phase_count: int, too_few: bool) -> int | None:
    """The phase by the rule; the mean rule from the exact score, not one recomputed from rounded shares.
    Below `minimale_groep` only the mean is published, so the phase follows from it (the mean rule):
    the threshold rule would tell more about so few people's answers than their mean does."""
    if figures is None:
        return None
    if method.rule == "gemiddelde" or too_few:
        return phase_by_mean(figures.score, phase_count)
    return phase_of(figures.distribution, method.rule, method.threshold)


NO_SHARES = ItemNonResponse(weet_niet_aandeel=None, nvt_aandeel=None, weet_niet_hoog=False, nvt_hoog=False)

BORDERLINE_CERTAINTY = 0.80
"""Below this share of resamples agreeing on the phase, it is a borderline case (grensgeval)."""


def _uncertainty(figures: Weighted, phase: int, method: Method, label: str) -> Uncertainty:
    """The bootstrap over respondent types, or for many respondents the normal approximation."""
    if figures.moments is not None:
        return normal_uncertainty(figures.moments, phase, method.rule, method.threshold, figures.seed)
    return uncertainty(figures.strata, phase, method.rule, method.threshold, label)


def _weighted(
    dimension: DimensionAnswers,
    cells: CellIndex,
    scored_per_cell: Mapping[tuple[str, str], int],
    hidden: Hidden,
    method: Method,
    dimension_id: str,
    suppressed: int,
) -> Weighted | None:
    """The dimension's weighted distribution and score; organisations hidden here weigh as one group,
    as `suppressed` organisations. Where the normal approximation fits (many respondents, no small
    group), the numpy road, which needs no respondent types."""
    names, organisation_of_cell = cells.groups[0]
    organisation_of = organisation_of_cell[cells.of_respondent[dimension.has_score]]
    if sum(scored_per_cell.values()) >= ANALYTIC_FROM:
        sizes: Counter[str | None] = Counter()
        for (organisation, _), people in scored_per_cell.items():
            sizes[HIDDEN_GROUP if organisation in hidden.organisations else organisation] += people
        if normal_approximation_fits(list(sizes.values())):
            return weighted_many(dimension.phase_counts, names, organisation_of, hidden.organisations, method.weighting, dimension_id, suppressed)
    keys = [HIDDEN_GROUP if name in hidden.organisations else name for name in names]
    counted = Counter(zip(map(keys.__getitem__, organisation_of.tolist()), map(tuple, dimension.phase_counts.tolist()), strict=True))
    groups: dict[str | None, Counter[AnswerType]] = {}
    for (key, answer_type), people in counted.items():
        if key not in groups:
            groups[key] = Counter()
        groups[key][answer_type] += people
    return weighted(groups, method.weighting, suppressed)


def _shares_from(figures: Weighted | None, phase: int | None, dimension: DimensionAnswers, threshold: int) -> dict[int, float]:
    """C(k), the weighted share of answers at k or higher, for the phase and the next, where safe (see DimensionResult)."""
    if figures is None or phase is None:
        return {}
    found = {}
    phase_count = dimension.phase_count
    for k in (phase, phase + 1):
        if k > phase_count:
            continue
        at_or_above = dimension.people_at_or_above(k)
        below = dimension.people_below(k)
        if all(count == 0 or count >= threshold for count in (at_or_above, below)):
            # rounded down to the two decimals JSON writes, so a share just under the threshold never reads as it
            found[k] = math.floor(math.fsum(figures.distribution[k - 1 :]) * 100 + 1e-7) / 100
    # C(k) - C(k + 1) is the share of the answers at exactly k: with both shown, the people at k must be
    # 0 or enough too (at phase 1, C(1) is 100% anyway and `below` of k = 2 already counts them)
    if phase > 1 and len(found) == 2 and 0 < dimension.people_at(phase) < threshold:
        del found[phase + 1]
    return found


def _phase_classes_safe(dimension: DimensionAnswers, threshold: int) -> bool:
    """Whether, at every phase, 0 or at least `threshold` of the scored people gave an answer at it."""
    return all(not 0 < dimension.people_at(phase) < threshold for phase in range(1, dimension.phase_count + 1))


def _reliability(dimension: Dimension, answers: DimensionAnswers, questions: list[QuestionScore]) -> Reliability | None:
    """Cronbach's alpha over the respondents who answered every question with a phase; the
    item-rest correlations go on the questions whose own score is shown."""
    if dimension.samengesteld or not len(answers.codes):
        return None
    found = reliability(answers.complete_cases())
    for question, value in zip(questions, found.item_rest, strict=False):
        if question.score is not None and found.alpha is not None and value is not None:
            question.item_rest = value
            question.item_rest_laag = value < LOW_ITEM_REST - EPSILON
    return found


def _alpha_reason(dimension: Dimension, alpha: Reliability | None, too_few: bool) -> str | None:
    if dimension.samengesteld:
        return "samengestelde dimensie: de vragen gaan bewust over verschillende onderwerpen, dus α zegt hier niets"
    if too_few:
        return "te weinig respondenten"
    if alpha is None:
        return "geen vragen"
    return alpha.reason


def _question_scores(answers: AnswerTable, scorer: DimensionScorer, threshold: int, show: bool) -> list[QuestionScore]:
    """Nothing for a partnership below the threshold; otherwise counts, with the scores where allowed."""
    if len(answers) < threshold:
        return []
    return [_question_score(answers, qid, threshold, show) for qid in scorer.questions]


def partnership_warning(respondents: int, threshold: int) -> str:
    return (
        f"Gebaseerd op te weinig respondenten: {respondents} met een score, minder dan {threshold}. "
        "Scores per vraag, spreiding en citaten worden daarom niet getoond, "
        "en er is niets apart per organisatie of niveau."
    )


def dimension_warning(n: int, threshold: int) -> str:
    return (
        f"Gebaseerd op te weinig respondenten (n = {n}, minder dan {threshold}): "
        "geen scores per vraag, spreiding, uitsplitsing naar organisatie of niveau of citaten."
    )


def visible_scores(groups: Sequence[GroupScore]) -> dict[str, float]:
    """The scores of the groups that may be shown apart, by group name."""
    return {g.naam: g.score for g in groups if not g.onderdrukt and g.score is not None}


def _group_scores(stats: Mapping[str, Stats], hidden: frozenset[str], order: Sequence[str] = ()) -> list[GroupScore]:
    """Mean and n per group (organisation or level) of the scores present; every other group
    of the partnership (hidden, or without a score here) as suppressed, without n."""
    names = [name for name in order if name in stats] + sorted(name for name in stats if name not in order)
    return [
        GroupScore(naam=name, n=stats[name].n, score=stats[name].score, onderdrukt=False)
        if stats[name].n and name not in hidden
        else GroupScore(naam=name, n=None, score=None, onderdrukt=True)
        for name in names
    ]


def classes_safe(classes: Counter, threshold: int, keep=lambda cell: True) -> bool:
    """Whether every class (of the cells that `keep` selects) holds 0 or at least `threshold` people."""
    merged: Counter[int] = Counter()
    for (cell, answered), people in classes.items():
        if keep(cell):
            merged[answered] += people
    return all(people >= threshold for people in merged.values())


def _question_scores_safe(scorer: DimensionScorer, classes: Counter, hidden: Hidden, threshold: int) -> bool:
    """The class rule, and no combination of the question totals with the total and the
    visible groups that gives away fewer than `threshold` people (see disclosure)."""
    if not classes_safe(classes, threshold):
        return False
    scored: Counter[tuple[str, str, int]] = Counter()
    unscored = 0
    for ((organisation, level), answered), people in classes.items():
        if answered >= scorer.required:
            scored[(organisation, level, answered)] += people
        else:
            unscored += people
    return not question_totals_reveal(scored, unscored, hidden, threshold)


def _question_score(answers: AnswerTable, question_id: str, threshold: int, show: bool) -> QuestionScore:
    tally = answers.tally(question_id)
    counts = (tally.dont_know, tally.not_applicable, len(answers) - tally.phases - tally.dont_know - tally.not_applicable)
    shown = counts if counts_safe(counts, threshold) else (None, None, None)
    return QuestionScore(
        id=question_id,
        n=tally.phases,
        score=tally.phase_total / tally.phases if show and tally.phases >= threshold else None,
        weet_niet=shown[0],
        nvt=shown[1],
        geen_antwoord=shown[2],
    )


def counts_safe(counts: Iterable[int], threshold: int) -> bool:
    """Counts of answer types may be shown when each is 0 or at least `threshold`: all
    together, since the others and the total give away a hidden one."""
    return all(count == 0 or count >= threshold for count in counts)


def _total(question_set: QuestionSet, dimensions: list[DimensionResult], respondents: int, with_score: int) -> TotalResult:
    """The mean score over the dimensions as an index, and the profile of their phases: no overall
    phase, because the mean of ten dimensions' phases is no phase of the partnership."""
    score = _weighted_mean([(d.score, d.gewicht) for d in dimensions if d.score is not None])
    ambition = _weighted_mean([(d.doelfase, d.gewicht) for d in dimensions if d.doelfase is not None and d.score is not None])
    gap = ambition - score if ambition is not None and score is not None else None  # as shown beside them
    return TotalResult(
        score=score,
        profiel=_profile(question_set, dimensions),
        doelfase=ambition,
        verschil=gap,
        respondenten=respondents,
        respondenten_met_score=with_score,
    )


def _profile(question_set: QuestionSet, dimensions: list[DimensionResult]) -> Profile:
    phased = [d for d in dimensions if d.fase is not None]
    firm = [d for d in phased if not d.indicatief] or phased
    lowest = min((d.fase for d in firm if d.fase is not None), default=None)
    return Profile(
        laagste_fase=lowest,
        laagste_fase_naam=question_set.phase_name(lowest) if lowest is not None else None,
        per_fase={phase: sum(1 for d in phased if d.fase == phase) for phase in range(1, question_set.phase_count + 1)},
        grensgevallen=sum(1 for d in phased if d.grensgeval),
        indicatief=sum(1 for d in phased if d.indicatief),
    )


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    if not pairs:
        return None
    return math.fsum(value * weight for value, weight in pairs) / math.fsum(weight for _, weight in pairs)


# --- who counts as a respondent ------------------------------------------------


def counts_as_respondent(question_set: QuestionSet, interview: Interview, settings: ScoringSettings | None = None) -> bool:
    """Whether the interview counts as a respondent (see `respondents_who_count`)."""
    return bool(respondents_who_count(question_set, interview_table(question_set, [interview]), settings).positions)


def counted_interviews(question_set: QuestionSet, settings: ScoringSettings | None, interviews: Sequence[Interview]) -> list[Interview]:
    """The interviews that count as respondents, in the order given."""
    positions = respondents_who_count(question_set, interview_table(question_set, interviews), settings).positions
    return [interviews[position] for position in positions]
