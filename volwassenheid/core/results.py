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
    item_rest: float | None = None
    """Correlation of this question with the rest of its dimension (complete cases); only where
    the question's own score is shown and the dimension's alpha could be computed."""
    item_rest_laag: bool = False
    """item_rest below 0.30: the question may measure something else than the rest."""


class Agreement(BaseModel):
    """Do the respondents see the dimension alike? rwg(J) and AD_M(J) (see core.agreement)."""

    rwg: float
    ad: float
    laag: bool
    """rwg below 0.70."""


class DimensionResult(BaseModel):
    id: str
    naam: str
    kort: str
    gewicht: float
    score: float | None
    """The weighted mean of the respondents' scores (see `weging`)."""
    score_andere_weging: float | None
    """The score with the other weighting (respondent instead of organisation, or the other way round)."""
    interval: list[float] | None
    """95% interval of the score, [laag, hoog]; None below `minimale_groep` respondents."""
    interval_methode: str | None
    """'bootstrap' or 'analytisch' (normal approximation, from core.uncertainty.ANALYTIC_FROM respondents)."""
    fase: int | None
    """The phase by the phase rule (`fase_regel`)."""
    fase_naam: str | None
    fase_zekerheid: float | None
    """Share of the bootstrap samples that give the same phase."""
    grensgeval: bool
    """fase_zekerheid below 0.80: shown as 'grensgeval fase a/b'."""
    buurfase: int | None
    """The other phase of a borderline case (the one the resamples gave most often after `fase`)."""
    verdeling: dict[int, float] | None
    """Weighted share of the counted answers per phase; None unless, at every phase, 0 or at least
    `minimale_groep` people answered at it (a share of one person's answer would be that answer)."""
    aandeel_vanaf: dict[int, float]
    """The weighted share of the answers at phase k or higher, for k = the phase and the next: what the
    phase rule decides on. Each only when the people with an answer at k or higher, and those with
    one below k, each number 0 or at least `minimale_groep`; both only when the people with an answer
    at the phase itself do too, since the difference of the two is their share."""
    doelfase: int | None
    verschil: float | None
    doelfase_bereikt: bool | None
    """The phase is at least the ambition (a phase); None without an ambition or a phase."""
    n: int
    indicatief: bool
    """n below `minimale_n`: the result is indicative; patterns do not use it."""
    sd: float | None
    """No min and max: each is one person's score."""
    weet_niet_aandeel: float | None
    """Share of "weet niet" among the answers given on the dimension's questions (None when it would
    single out fewer than `minimale_groep` people)."""
    nvt_aandeel: float | None
    weet_niet_hoog: bool
    """weet_niet_aandeel above 0.20."""
    nvt_hoog: bool
    overeenstemming: Agreement | None
    alfa: float | None
    """Cronbach's alpha over the complete cases; None with `alfa_toelichting` saying why."""
    alfa_toelichting: str | None
    te_weinig_respondenten: bool
    """0 < n < `minimale_groep`: the score rests on too few people; no sd, groups, per-question scores or quotes."""
    waarschuwing: str | None
    per_organisatie: list[GroupScore]
    """Empty with fewer than `minimale_groep` respondents on the dimension: no names, no n."""
    per_niveau: list[GroupScore]
    vragen: list[QuestionScore]
    """Empty when the partnership has fewer respondents than `minimale_groep`."""


class Profile(BaseModel):
    """What the dimensions together show instead of an overall phase."""

    laagste_fase: int | None
    """The lowest phase among the dimensions that are not indicative (among all with a score when all are)."""
    laagste_fase_naam: str | None
    per_fase: dict[int, int]
    """Number of dimensions per phase reached."""
    grensgevallen: int
    indicatief: int


class TotalResult(BaseModel):
    score: float | None
    """The weighted mean of the dimension scores: an index, not a phase."""
    profiel: Profile
    doelfase: float | None
    verschil: float | None
    respondenten: int
    respondenten_met_score: int


class QuestionSetId(BaseModel):
    id: str
    versie: str


class ItemNonResponse(BaseModel):
    weet_niet_aandeel: float | None
    nvt_aandeel: float | None
    weet_niet_hoog: bool
    nvt_hoog: bool


class InvitedResponse(BaseModel):
    uitgenodigd: int
    percentage: float
    """Respondents as a share of the invited (0-1; above 1 when more responded than were counted as invited)."""


class Response(BaseModel):
    respondenten: int
    per_organisatie: dict[str, int]
    per_niveau: dict[str, int]
    uitgenodigd: int | None = None
    percentage: float | None = None
    uitgenodigd_per_organisatie: dict[str, InvitedResponse] = {}
    uitgenodigd_per_niveau: dict[str, InvitedResponse] = {}
    item_nonrespons_per_niveau: dict[str, ItemNonResponse] = {}


class Coverage(BaseModel):
    niet_gehoord: list[str]
    """Organisations of the traject without a counted respondent."""
    niveaus_ontbreken: list[str]


class EngagementResult(BaseModel):
    vragenlijst: QuestionSetId
    aantal_fasen: int
    fase_regel: str
    drempel: float
    weging: str
    minimale_n: int
    minimale_groep: int
    te_weinig_respondenten: bool
    """Some, but fewer than `minimale_groep`, respondents with a score."""
    waarschuwing: str | None
    dimensies: list[DimensionResult]
    totaal: TotalResult
    respons: Response
    dekking: Coverage
