"""One partnership measured: its scores, the advice on them, and what the report quotes and counts.

Interviews and survey rows take the same road: their answers become one
AnswerTable, which is scored once and advised once. Everything downstream (the
JSON documents, the terminal, the report) reads an Assessment, never the raw
interviews, so every figure shown comes from the same counted respondents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from volwassenheid.core.advice import AdviceReport, advise
from volwassenheid.core.answers import (
    DONT_KNOW_CODE,
    NO_ANSWER,
    NOT_APPLICABLE_CODE,
    AnswerTable,
)
from volwassenheid.core.models import Engagement, Interview
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.results import EngagementResult
from volwassenheid.core.scoring import Counted, interview_table, respondents_who_count, score_counted


@dataclass(frozen=True)
class AnswerCounts:
    """Answers of the counted respondents over every question of the set."""

    phases: int
    dont_know: int
    not_applicable: int
    unanswered: int


@dataclass(frozen=True)
class Remark:
    """A remark (toelichting) given with an answer; never who gave it."""

    question_id: str
    text: str


@dataclass(frozen=True)
class Fieldwork:
    """How and when the answers were gathered: the count per mode ('interview', 'enquete') and the
    first and last day, where known. Never who answered when."""

    modes: dict[str, int]
    first: dt.date | None = None
    last: dt.date | None = None
    dated: int = 0
    """How many of the respondents have a date: the period holds for all only when all have one."""


def interview_fieldwork(interviews: Iterable[Interview]) -> Fieldwork:
    """The fieldwork of the interviews that count: modes from `bron`, days from `gestart` and `bijgewerkt`."""
    modes: dict[str, int] = {}
    days: list[dt.date] = []
    dated = 0
    for interview in interviews:
        modes[interview.bron] = modes.get(interview.bron, 0) + 1
        stamps = [stamp.date() for stamp in (interview.gestart, interview.bijgewerkt) if stamp is not None]
        dated += bool(stamps)
        days += stamps
    return Fieldwork(modes=modes, first=min(days, default=None), last=max(days, default=None), dated=dated)


@dataclass(frozen=True)
class Assessment:
    """A partnership's result and advice, with the counts and remarks the report needs."""

    engagement: Engagement
    question_set: QuestionSet
    answers: AnswerTable
    """The respondents who count."""
    result: EngagementResult
    advice: AdviceReport
    completed: int
    """Counted respondents who finished (a survey row always has)."""
    remarks: tuple[Remark, ...] = ()
    not_counted: tuple[int, ...] = ()
    """Positions, in the answers given, of the respondents who do not count (no dimension score)."""
    fieldwork: Fieldwork | None = None

    @property
    def answer_counts(self) -> AnswerCounts:
        codes = b"".join(self.answers.columns.values())
        dont_know, not_applicable, unanswered = (codes.count(code) for code in (DONT_KNOW_CODE, NOT_APPLICABLE_CODE, NO_ANSWER))
        return AnswerCounts(
            phases=len(codes) - dont_know - not_applicable - unanswered,
            dont_know=dont_know,
            not_applicable=not_applicable,
            unanswered=unanswered,
        )


def assess(
    question_set: QuestionSet,
    engagement: Engagement,
    answers: AnswerTable,
    completed: int | None = None,
    remarks: Iterable[Remark] = (),
    fieldwork: Fieldwork | None = None,
) -> Assessment:
    """Score and advise the respondents in `answers` who count (see scoring.respondents_who_count);
    `completed` is how many of those finished (default: all of them)."""
    counted = respondents_who_count(question_set, answers, engagement.instellingen)
    return _assessed(question_set, engagement, counted, completed, remarks, fieldwork)


def assess_interviews(question_set: QuestionSet, engagement: Engagement, interviews: Sequence[Interview]) -> Assessment:
    """A traject's interviews assessed: only those that count take part, by the same rule as survey rows."""
    counted = respondents_who_count(question_set, interview_table(question_set, interviews), engagement.instellingen)
    kept = [interviews[position] for position in counted.positions]
    remarks = [Remark(qid, answer.toelichting) for interview in kept for qid, answer in interview.antwoorden.items() if answer.toelichting]
    return _assessed(question_set, engagement, counted, sum(1 for i in kept if i.afgerond), remarks, interview_fieldwork(kept))


def _assessed(
    question_set: QuestionSet,
    engagement: Engagement,
    counted: Counted,
    completed: int | None,
    remarks: Iterable[Remark],
    fieldwork: Fieldwork | None = None,
) -> Assessment:
    settings = engagement.instellingen
    result = score_counted(question_set, counted, engagement.doelfase, settings, engagement.organisaties, engagement.uitgenodigd)
    return Assessment(
        engagement=engagement,
        question_set=question_set,
        answers=counted.answers,
        result=result,
        advice=advise(question_set, result, counted.answers, settings),
        completed=len(counted.answers) if completed is None else completed,
        remarks=tuple(remarks),
        not_counted=tuple(counted.not_counted),
        fieldwork=fieldwork,
    )
