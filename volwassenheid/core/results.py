"""A partnership's scores as data: per dimension, per group and per question, with the totals.

What scoring publishes and nothing more: a suppressed group has no n and no
score, and a figure left out for privacy is None (see core.scoring).
"""

from __future__ import annotations

from pydantic import BaseModel


class GroupScore(BaseModel):
    """A group shown apart (with n and score), or a suppressed one (onderdrukt, no n, no score).

    Every organisation or level of the partnership is listed, whether or not it has
    a score on this dimension, so the list itself tells nothing about a hidden group.
    No sd: with the total's, it would give a hidden group's sum of squares."""

    naam: str
    n: int | None
    score: float | None
    onderdrukt: bool


class QuestionScore(BaseModel):
    id: str
    n: int
    score: float | None
    """None with fewer than `minimale_groep` phase answers, on a dimension with too few
    respondents, or when the question totals would give away fewer than `minimale_groep`
    people (`_question_scores_safe`)."""
    weet_niet: int | None
    nvt: int | None
    geen_antwoord: int | None
    """The three counts are None unless each is 0 or at least `minimale_groep`:
    one "weet niet" among the answers would be one person's answer."""


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
    """No min and max: each is one person's score."""
    te_weinig_respondenten: bool
    """0 < n < `minimale_groep`: the score rests on too few people; no sd, groups, per-question scores or quotes."""
    waarschuwing: str | None
    per_organisatie: list[GroupScore]
    """Empty with fewer than `minimale_groep` respondents on the dimension: no names, no n."""
    per_niveau: list[GroupScore]
    vragen: list[QuestionScore]
    """Empty when the partnership has fewer respondents than `minimale_groep`."""


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
    te_weinig_respondenten: bool
    """Some, but fewer than `minimale_groep`, respondents with a score."""
    waarschuwing: str | None
    dimensies: list[DimensionResult]
    totaal: TotalResult
    respons: Response
