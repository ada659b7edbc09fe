"""From scores and doelfase to a prioritised improvement agenda. Pure functions.

Rules (also in the README and docs/methode.md):
- a dimension is below its doelfase (the target phase) when the phase it reached
  is lower; those are ranked by priority = gap (doelfase minus score, at least
  0) x weight; ties go to the larger gap, then the lower score, then the set's
  order;
- a doelfase more than two phases above the phase reached, or below it, is
  flagged with an explanation;
- a dimension below its doelfase gets the recommendations for the next step
  from the phase it reached (phases are not skipped); none at the last phase.
  Where question scores are shown and the set ties advice to questions
  (`vraag`), the step's items are those of its questions still below the next
  phase, weakest first, each with the practice of that question's next
  option; otherwise every item of the step. A borderline phase or an
  indicative result is said with the step;
- a dimension without a score has no gap and no rank: it is never "reached";
- the agenda lists the advice of matched patterns first (they touch several
  dimensions at once), then the step advice per dimension by priority;
- a pattern on the change since the previous measurement (`verandering`) can
  only match when the comparison with that measurement is given (`advise`'s
  `comparison`, or `with_comparison` afterwards); the app reads the previous
  measurement, this module never does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from pydantic import BaseModel

from volwassenheid.core.answers import AnswerTable
from volwassenheid.core.cell_counts import answered_classes, question_tallies
from volwassenheid.core.comparison import Comparison
from volwassenheid.core.disclosure import hidden_groups
from volwassenheid.core.dutch import shown
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.patterns import PatternMatch, evaluate_patterns
from volwassenheid.core.questionset import QuestionSet, Recommendation
from volwassenheid.core.results import EngagementResult
from volwassenheid.core.scoring import classes_safe

MAX_PHASE_JUMP = 2
STICKING_PER_DIMENSION = 3
STICKING_MARGIN = 0.3
"""A question is a sticking point when its shown score is at least this far below its dimension's:
3,1 against 3,2 is noise, not a place where it is stuck."""
DISCUSSION_POINTS = 6
MIN_DISCUSSION_SPREAD = 0.5


class AdviceItem(BaseModel):
    titel: str
    toelichting: str
    horizon: str
    actor: str
    vraag: str | None = None
    """A step's advice aimed at one weak question: its id (see `step_advice`)."""
    volgende_optie: str | None = None
    """The practice that question's next option describes: where this advice leads."""


class Gap(BaseModel):
    dimensie: str
    naam: str
    score: float | None
    fase: int | None
    fase_naam: str | None
    doelfase: int | None
    verschil: float | None
    gewicht: float
    prioriteit: float
    rang: int | None
    realisme: str | None
    """None, 'te_hoog' (more than two phases up) or 'onder_huidig' (below what is reached)."""
    realisme_toelichting: str | None
    waarschuwing: str | None
    """Set when the score rests on fewer respondents than `minimale_groep`."""
    grensgeval: bool
    buurfase: int | None
    indicatief: bool


class StepAdvice(BaseModel):
    dimensie: str
    naam: str
    rang: int
    van_fase: int
    naar_fase: int
    naar_fase_naam: str
    adviezen: list[AdviceItem]
    opmerking: str | None
    """Dutch: the phase is a borderline case, or the result indicative; None otherwise."""


class MatchedPattern(PatternMatch):
    advies: AdviceItem


class StickingQuestion(BaseModel):
    id: str
    tekst: str
    score: float
    n: int


class StickingPoint(BaseModel):
    dimensie: str
    naam: str
    dimensiescore: float
    vragen: list[StickingQuestion]


class GroupExtreme(BaseModel):
    groep: str
    score: float
    n: int


class DiscussionPoint(BaseModel):
    vraag: str
    tekst: str
    dimensie: str
    soort: str
    """'niveau' or 'organisatie'."""
    verschil: float
    hoogste: GroupExtreme
    laagste: GroupExtreme
    lage_overeenstemming: bool
    """The dimension's respondents agree little (rwg below 0.70), and the groups differ: a systematic split."""


class AgendaItem(BaseModel):
    nummer: int
    bron: str
    """'patroon' or 'stap'."""
    dimensies: list[str]
    titel: str
    toelichting: str
    horizon: str
    actor: str
    aanleiding: str
    vraag: str | None = None
    volgende_optie: str | None = None


class AdviceReport(BaseModel):
    kloven: list[Gap]
    stapadviezen: list[StepAdvice]
    patronen: list[MatchedPattern]
    knelpunten: list[StickingPoint]
    gespreksonderwerpen: list[DiscussionPoint]
    agenda: list[AgendaItem]


def advise(
    question_set: QuestionSet,
    result: EngagementResult,
    answers: AnswerTable,
    settings: ScoringSettings | None = None,
    comparison: Comparison | None = None,
) -> AdviceReport:
    """`comparison`: the previous measurement compared with `result`, for the patterns on change."""
    settings = settings or ScoringSettings()
    gaps = gap_analysis(question_set, result)
    steps = step_advice(question_set, gaps, result)
    patterns = matched_patterns(question_set, result, comparison)
    return AdviceReport(
        kloven=gaps,
        stapadviezen=steps,
        patronen=patterns,
        knelpunten=sticking_points(question_set, result, gaps),
        gespreksonderwerpen=discussion_points(question_set, answers, settings.minimale_groep, _shown_questions(result), _low_agreement(result)),
        agenda=agenda(patterns, steps, question_set),
    )


def matched_patterns(question_set: QuestionSet, result: EngagementResult, comparison: Comparison | None = None) -> list[MatchedPattern]:
    return [
        MatchedPattern(**match.model_dump(), advies=AdviceItem(**rule.advies.model_dump()))
        for match, rule in _with_rules(evaluate_patterns(question_set, result, comparison), question_set)
    ]


def with_comparison(report: AdviceReport, question_set: QuestionSet, result: EngagementResult, comparison: Comparison) -> AdviceReport:
    """`report` (advice on `result` without a comparison) with the patterns and agenda as they are
    given the change since the previous measurement; the rest is the same, so not computed again."""
    patterns = matched_patterns(question_set, result, comparison)
    return report.model_copy(update={"patronen": patterns, "agenda": agenda(patterns, report.stapadviezen, question_set)})


def gap_analysis(question_set: QuestionSet, result: EngagementResult) -> list[Gap]:
    """Every dimension with its gap, priority and rank (rank only when below ambition)."""
    order = {d.id: i for i, d in enumerate(question_set.dimensies)}
    gaps = []
    for d in result.dimensies:
        priority = max(d.verschil, 0.0) * d.gewicht if d.verschil is not None else 0.0
        flag, explanation = _realism(question_set, d.fase, d.doelfase)
        gaps.append(
            Gap(
                dimensie=d.id,
                naam=d.naam,
                score=d.score,
                fase=d.fase,
                fase_naam=d.fase_naam,
                doelfase=d.doelfase,
                verschil=d.verschil,
                gewicht=d.gewicht,
                prioriteit=priority,
                rang=None,
                realisme=flag,
                realisme_toelichting=explanation,
                waarschuwing=d.waarschuwing,
                grensgeval=d.grensgeval,
                buurfase=d.buurfase,
                indicatief=d.indicatief,
            )
        )
    # Below the ambition means: the phase reached is lower (the ambition is a phase). A score at or above
    # the ambition with a lower phase has priority 0 and comes last.
    below = {d.id for d in result.dimensies if d.doelfase_bereikt is False}
    ranked = sorted(
        (g for g in gaps if g.dimensie in below),
        key=lambda g: (-round(g.prioriteit, 9), -round(g.verschil or 0.0, 9), g.score, order[g.dimensie]),
    )
    for rank, gap in enumerate(ranked, start=1):
        gap.rang = rank
    return sorted(gaps, key=lambda g: (g.rang is None, g.rang or 0, order[g.dimensie]))


def _realism(question_set: QuestionSet, phase: int | None, ambition: int | None) -> tuple[str | None, str | None]:
    if phase is None or ambition is None:
        return None, None
    current = f"fase {phase} ({question_set.phase_name(phase)})"
    if ambition - phase > MAX_PHASE_JUMP:
        step = phase + MAX_PHASE_JUMP
        return "te_hoog", (
            f"De doelfase (fase {ambition}) ligt {ambition - phase} fasen boven de huidige {current}. "
            "Een samenwerking slaat geen fasen over, en meer dan twee fasen in één periode is zelden haalbaar. "
            f"Overweeg fase {step} ({question_set.phase_name(step)}) als tussendoel voor deze periode."
        )
    if ambition < phase:
        return "onder_huidig", (
            f"De doelfase (fase {ambition}) ligt onder wat al bereikt is: {current}. "
            "Stel de doelfase bij, of maak expliciet dat het doel is het bereikte niveau vast te houden."
        )
    return None, None


def step_advice(question_set: QuestionSet, gaps: list[Gap], result: EngagementResult | None = None) -> list[StepAdvice]:
    """For each dimension below its doelfase: the library's advice for the next step, aimed at the
    weakest questions where their scores are shown (see `_aimed_at_weak_questions`), else every
    item of the step from the dimension's phase."""
    question_scores = {q.id: q.score for d in (result.dimensies if result else []) for q in d.vragen if q.score is not None}
    steps = []
    for gap in gaps:
        if gap.rang is None or gap.fase is None or gap.fase >= question_set.phase_count:
            continue
        items = _aimed_at_weak_questions(question_set, gap.dimensie, gap.fase, question_scores)
        if not items:
            items = [_item(r) for r in question_set.adviezen if r.dimensie == gap.dimensie and r.van_fase == gap.fase]
        steps.append(
            StepAdvice(
                dimensie=gap.dimensie,
                naam=gap.naam,
                rang=gap.rang,
                van_fase=gap.fase,
                naar_fase=gap.fase + 1,
                naar_fase_naam=question_set.phase_name(gap.fase + 1),
                adviezen=items,
                opmerking=_step_remark(gap),
            )
        )
    return steps


def _item(recommendation: Recommendation, next_option: str | None = None) -> AdviceItem:
    return AdviceItem(
        titel=recommendation.titel,
        toelichting=recommendation.toelichting,
        horizon=recommendation.horizon,
        actor=recommendation.actor,
        vraag=recommendation.vraag if next_option else None,
        volgende_optie=next_option,
    )


def _aimed_at_weak_questions(question_set: QuestionSet, dimension_id: str, phase: int, scores: Mapping[str, float]) -> list[AdviceItem]:
    """The items of the step from `phase` whose question is still below the next phase, the
    weakest question first; each says the practice that question's next option describes. An item
    of a question already at the next phase is left out: that practice is in place. Empty when no
    such item is found (no question score shown, or none names a weak question): the caller then
    gives the whole step."""
    options = {q.id: q.opties for q in question_set.questions_of(dimension_id)}
    aimed = [
        (scores[r.vraag], r)
        for r in question_set.adviezen
        if r.dimensie == dimension_id and r.van_fase == phase and r.vraag in options and r.vraag in scores and scores[r.vraag] < phase + 1
    ]
    aimed.sort(key=lambda pair: pair[0])  # stable: the set's order among equally weak questions
    return [_item(r, options[r.vraag][phase]) for _, r in aimed if r.vraag is not None]


def _step_remark(gap: Gap) -> str | None:
    """What a reader of the step must know: the phase is uncertain, or rests on few people."""
    remarks = []
    if gap.grensgeval and gap.buurfase is not None and gap.fase is not None:
        low, high = sorted((gap.fase, gap.buurfase))
        remarks.append(
            f"grensgeval fase {low}/{high}: de fase is onzeker, dus toets in het gesprek of dit advies past of dat van fase {gap.buurfase}"
        )
    if gap.indicatief:
        remarks.append("indicatief: gebaseerd op te weinig respondenten om er stevig op te bouwen")
    return "; ".join(remarks).capitalize() if remarks else None


def sticking_points(question_set: QuestionSet, result: EngagementResult, gaps: list[Gap]) -> list[StickingPoint]:
    """Per dimension below its doelfase, the (at most STICKING_PER_DIMENSION) lowest-scoring
    questions at least STICKING_MARGIN below the dimension's score as both are shown."""
    texts = {q.id: q.tekst for q in question_set.vragen}
    below = {g.dimensie for g in gaps if g.rang is not None}
    rank = {g.dimensie: g.rang for g in gaps}
    points = []
    for d in sorted(result.dimensies, key=lambda d: rank[d.id] or 0):
        if d.id not in below or d.score is None:
            continue
        lowest = sorted(
            # clearly below, as the reader sees the two figures (rounded to the 0.1 shown, so the float noise is gone)
            (q for q in d.vragen if q.score is not None and round(shown(d.score) - shown(q.score), 1) >= STICKING_MARGIN),
            key=lambda q: (q.score, q.id),
        )[:STICKING_PER_DIMENSION]
        if lowest:
            points.append(
                StickingPoint(
                    dimensie=d.id,
                    naam=d.naam,
                    dimensiescore=d.score,
                    vragen=[StickingQuestion(id=q.id, tekst=texts[q.id], score=q.score, n=q.n) for q in lowest],
                )
            )
    return points


def discussion_points(
    question_set: QuestionSet,
    answers: AnswerTable,
    threshold: int,
    shown_questions: set[str] | None = None,
    low_agreement: frozenset[str] = frozenset(),
) -> list[DiscussionPoint]:
    """Questions on which levels or organisations differ most, those of dimensions with low
    agreement (`low_agreement`) first: there the disagreement is systematic, so worth the talk.
    Only questions whose own score is shown (`shown_questions`; all when None), and per
    question only the groups the disclosure audit lets through, over both partitions at once."""
    preferred = _widest_differences(question_set, answers, threshold, shown_questions, lambda q: q.dimensie in low_agreement, DISCUSSION_POINTS)
    others = _widest_differences(
        question_set, answers, threshold, shown_questions, lambda q: q.dimensie not in low_agreement, DISCUSSION_POINTS - len(preferred)
    )
    return [point.model_copy(update={"lage_overeenstemming": point.dimensie in low_agreement}) for point in preferred + others]


def _low_agreement(result: EngagementResult) -> frozenset[str]:
    return frozenset(d.id for d in result.dimensies if d.overeenstemming is not None and d.overeenstemming.laag and not d.indicatief)


def _widest_differences(
    question_set: QuestionSet, answers: AnswerTable, threshold: int, shown_questions, wanted, limit: int
) -> list[DiscussionPoint]:
    """Up to `limit` questions (of those `wanted` selects) on which groups differ most.

    Hiding groups never widens a spread, so the spread between the groups large
    enough to show bounds the one after the audit: questions are audited from the
    highest bound down, until no bound can beat the points already found."""
    if limit <= 0:
        return []
    cells = answers.cell_index
    candidates = [
        (position, question)
        for position, question in enumerate(question_set.vragen)
        if (shown_questions is None or question.id in shown_questions) and wanted(question)
    ]
    bounded = []
    for (position, question), tallies in zip(candidates, question_tallies(answers, [q.id for _, q in candidates], cells), strict=True):
        bound = _widest_spread(tallies, threshold)
        if round(bound, 9) >= MIN_DISCUSSION_SPREAD:
            bounded.append((-round(bound, 9), position, question, tallies))
    bounded.sort(key=lambda item: item[:2])
    found: list[tuple[float, int, DiscussionPoint]] = []
    partial: dict[str, Counter] = {}
    for minus_bound, position, question, tallies in bounded:
        if len(found) >= limit and -minus_bound < found[limit - 1][0]:
            break
        if question.dimensie not in partial:
            partial[question.dimensie] = answered_classes(answers, [q.id for q in question_set.questions_of(question.dimensie)], cells)
        point = _discussion_point(question, tallies, threshold, partial[question.dimensie])
        if point is not None:
            found.append((round(point.verschil, 9), position, point))
            found.sort(key=lambda item: (-item[0], item[1]))
    return [point for _, _, point in found[:limit]]


def _discussion_point(question, tallies, threshold: int, classes: Counter | None = None) -> DiscussionPoint | None:
    """The widest difference between the groups the audit lets through, leaving out a group
    in which a class of people with the same number of phase answers in the question's
    dimension holds 1..threshold-1 people: the group's dimension total and its question
    means together would separate that class (see `cell_counts.CellCounts.classes`)."""
    classes = classes or Counter()
    best = None
    for kind, index, groups in _visible_group_tallies(tallies, threshold):
        visible = [
            (total / count, name, count)
            for name, (total, count) in groups.items()
            if classes_safe(classes, threshold, lambda cell, name=name, index=index: cell[index] == name)
        ]
        if len(visible) < 2:
            continue
        high, low = max(visible), min(visible)
        spread = high[0] - low[0]
        if round(spread, 9) >= MIN_DISCUSSION_SPREAD and (best is None or spread > best.verschil):
            best = DiscussionPoint(
                vraag=question.id,
                tekst=question.tekst,
                dimensie=question.dimensie,
                soort=kind,
                verschil=spread,
                hoogste=GroupExtreme(groep=high[1], score=high[0], n=high[2]),
                laagste=GroupExtreme(groep=low[1], score=low[0], n=low[2]),
                lage_overeenstemming=False,
            )
    return best


def _shown_questions(result: EngagementResult) -> set[str]:
    return {q.id for d in result.dimensies for q in d.vragen if q.score is not None}


def _widest_spread(tallies: Mapping[tuple[str, str], tuple[int, int]], threshold: int) -> float:
    """The largest difference between groups (of one kind) with at least `threshold` answers; 0 without two."""
    widest = 0.0
    for index in (0, 1):
        groups: dict[str, tuple[int, int]] = {}
        for cell, (total, count) in tallies.items():
            before = groups.get(cell[index], (0, 0))
            groups[cell[index]] = (before[0] + total, before[1] + count)
        means = [total / count for total, count in groups.values() if count >= threshold]
        if len(means) >= 2:
            widest = max(widest, max(means) - min(means))
    return widest


def _visible_group_tallies(tallies: Mapping[tuple[str, str], tuple[int, int]], threshold: int) -> list[tuple[str, int, dict[str, tuple[int, int]]]]:
    """(kind, its place in a cell, {group: (sum, count)}) for levels and organisations,
    without the groups the audit hides."""
    hidden = hidden_groups({cell: count for cell, (_, count) in tallies.items()}, threshold)
    result = []
    for kind, index, hidden_names in (("niveau", 1, hidden.levels), ("organisatie", 0, hidden.organisations)):
        groups: dict[str, tuple[int, int]] = {}
        for cell, (total, count) in tallies.items():
            name = cell[index]
            if name not in hidden_names:
                before = groups.get(name, (0, 0))
                groups[name] = (before[0] + total, before[1] + count)
        result.append((kind, index, groups))
    return result


def agenda(patterns: list[MatchedPattern], steps: list[StepAdvice], question_set: QuestionSet) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    for pattern in patterns:
        borderline = f" (grensgeval bij {', '.join(pattern.grensgevallen)})" if pattern.grensgevallen else ""
        items.append(
            AgendaItem(
                nummer=len(items) + 1,
                bron="patroon",
                dimensies=pattern.dimensies,
                **pattern.advies.model_dump(),
                aanleiding=f"Patroon: {pattern.naam}{borderline}",
            )
        )
    for step in steps:
        label = question_set.dimension(step.dimensie).label
        reason = f"{label}: van fase {step.van_fase} naar {step.naar_fase} ({step.naar_fase_naam})"
        if step.opmerking:
            reason += f". {step.opmerking}"
        for advice in step.adviezen:
            items.append(
                AgendaItem(
                    nummer=len(items) + 1,
                    bron="stap",
                    dimensies=[step.dimensie],
                    **advice.model_dump(),
                    aanleiding=reason,
                )
            )
    return items


def _with_rules(matches: list[PatternMatch], question_set: QuestionSet):
    rules = {rule.id: rule for rule in question_set.patronen}
    return [(match, rules[match.id]) for match in matches]
