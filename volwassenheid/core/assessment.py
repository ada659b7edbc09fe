"""One partnership measured: its scores, the advice on them, and what the report quotes and counts.

Interviews and survey rows take the same road: their answers become one
AnswerTable, which is scored once and advised once. Everything downstream (the
JSON documents, the terminal, the report) reads an Assessment, never the raw
interviews, so every figure shown comes from the same counted respondents.
"""

from __future__ import annotations

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
from volwassenheid.core.scoring import counted_interviews, interview_table, score_answers


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
class Assessment:
    """A partnership's result and advice, with the counts and remarks the report needs."""

    engagement: Engagement
    question_set: QuestionSet
    answers: AnswerTable
    result: EngagementResult
    advice: AdviceReport
    completed: int
    """Counted respondents who finished (a survey row always has)."""
    remarks: tuple[Remark, ...] = ()

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
) -> Assessment:
    """Score and advise the respondents in `answers` (all of them count)."""
    settings = engagement.instellingen
    result = score_answers(question_set, answers, engagement.ambitie, settings)
    return Assessment(
        engagement=engagement,
        question_set=question_set,
        answers=answers,
        result=result,
        advice=advise(question_set, result, answers, settings),
        completed=len(answers) if completed is None else completed,
        remarks=tuple(remarks),
    )


def assess_interviews(question_set: QuestionSet, engagement: Engagement, interviews: Sequence[Interview]) -> Assessment:
    """A traject's interviews assessed: only those that count (enough answers) take part."""
    counted = counted_interviews(question_set, engagement.instellingen, interviews)
    answers = interview_table(question_set, counted)
    remarks = [Remark(qid, answer.toelichting) for interview in counted for qid, answer in interview.antwoorden.items() if answer.toelichting]
    return assess(question_set, engagement, answers, completed=sum(1 for i in counted if i.afgerond), remarks=remarks)
