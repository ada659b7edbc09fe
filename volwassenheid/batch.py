"""Score and advise many partnerships from one survey. Pure: no files, no printing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from volwassenheid.advice import AdviceReport, advise
from volwassenheid.engagement import Answer, Engagement, Interview, QuestionSetRef, ScoringSettings
from volwassenheid.export import advice_document, score_document
from volwassenheid.questionset import QuestionSet
from volwassenheid.scoring import EngagementResult, Respondent, score_engagement
from volwassenheid.survey import Survey, ambition_for

SUMMARY_HEADER = ["samenwerkingsverband", "dimensie", "naam", "score", "fase", "fase_naam", "ambitie", "verschil", "n", "sd"]


@dataclass
class PartnershipOutcome:
    name: str
    slug: str
    engagement: Engagement
    respondents: list[Respondent]
    result: EngagementResult
    advice: AdviceReport

    def documents(self) -> tuple[dict, dict]:
        """(scores, advice) as printed by `score --json` and `advies --json`."""
        return score_document(self.engagement, self.result), advice_document(self.engagement, self.result, self.advice)


def slug(name: str, taken: set[str]) -> str:
    """A folder name for a partnership: lowercase letters, digits and dashes, unique."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "samenwerkingsverband"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def score_partnerships(
    survey: Survey,
    question_set: QuestionSet,
    ambition: dict[str, dict[str, int]],
    measured_on: dt.date,
    settings: ScoringSettings | None = None,
    mapper: Callable = map,
) -> list[PartnershipOutcome]:
    """Score and advise every partnership; `mapper` may spread them over processes."""
    settings = settings or ScoringSettings()
    ref = QuestionSetRef(id=question_set.id, versie=question_set.versie)
    taken: set[str] = set()
    jobs = []
    for name, rows in sorted(survey.partnerships().items()):
        engagement = Engagement(
            samenwerkingsverband=name, datum=measured_on, vragenlijst=ref,
            ambitie=ambition_for(ambition, name), instellingen=settings,
            organisaties=sorted({row.respondent.organisation for row in rows}),
        )
        jobs.append((slug(name, taken), engagement, question_set, [row.respondent for row in rows]))
    # Only the small results travel back from a worker; the respondents stay here.
    return [
        PartnershipOutcome(engagement.samenwerkingsverband, folder_name, engagement, respondents, result, advice)
        for (folder_name, engagement, _, respondents), (result, advice) in zip(jobs, mapper(score_partnership, jobs))
    ]


def score_partnership(job) -> tuple[EngagementResult, AdviceReport]:
    _, engagement, question_set, respondents = job
    settings = engagement.instellingen
    result = score_engagement(question_set, respondents, engagement.ambitie, settings)
    return result, advise(question_set, result, respondents, settings)


def summary_rows(outcomes: list[PartnershipOutcome]) -> list[list[object]]:
    """Partnership x dimension, for one CSV that opens in Excel."""
    rows = []
    for outcome in outcomes:
        for d in outcome.result.dimensies:
            rows.append([outcome.name, d.id, d.naam, d.score, d.fase, d.fase_naam, d.ambitie, d.verschil, d.n, d.sd])
    return rows


def interviews_from_respondents(respondents: list[Respondent], question_set: QuestionSet, first: int = 1) -> list[Interview]:
    """Survey respondents as interview records (codes E01, E02, ... from `first`; never the original id)."""
    ref = QuestionSetRef(id=question_set.id, versie=question_set.versie)
    return [
        Interview(
            code=f"E{number:02d}", organisatie=r.organisation, niveau=r.level, vragenlijst=ref,
            bron="enquete", afgerond=True, antwoorden={q: Answer(waarde=v) for q, v in r.answers.items()},
        )
        for number, r in enumerate(respondents, start=first)
    ]
