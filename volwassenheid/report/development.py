"""The report's chapter "Ontwikkeling sinds de vorige meting", and the dashboard's sentence on it. Pure.

Every change is written as the difference of the two scores as the report shows them (3,7 and 2,7
give -1,0), so the figures beside each other agree; whether it is real comes from its interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from volwassenheid.core.advice import AgendaItem
from volwassenheid.core.comparison import (
    Comparison,
    DimensionChange,
    HeardRow,
    Trend,
    TrendLine,
    described,
    heard_side_by_side,
    interval_text,
    shown_change,
    summary_sentence,
    the_measurement,
)
from volwassenheid.core.dutch import number, plural
from volwassenheid.core.models import AgendaReview
from volwassenheid.core.questionset import Question
from volwassenheid.core.survey_matching import loose
from volwassenheid.report import charts


class ChangeLine(BaseModel):
    naam: str
    toen: str
    nu: str
    verandering: str
    interval: str
    echt: bool | None
    fase: str
    """'3 → 2'."""


class GroupRow(BaseModel):
    naam: str
    """A dimension's name."""
    veranderingen: list[str]
    """Per group of the table's heading the change, '–' where either measurement does not show it."""


class QuestionLine(BaseModel):
    dimensie: str | None
    """The dimension's name on the first question of each dimension, else None."""
    id: str
    tekst: str
    toen: str
    nu: str
    verandering: str


class TrendRow(BaseModel):
    naam: str
    scores: list[str]
    helling: str
    """'+0,3 per meting'."""


class Development(BaseModel):
    vorige: str
    """The previous measurement as a sentence names it: 'de 0-meting', 'de meting van 2025'."""
    kop: str
    """'Van de 0-meting (2026-10-12) naar de 1-meting (2027-10-15)'."""
    svg: str
    regels: list[ChangeLine]
    """Every compared dimension, in the report's order."""
    echt: list[ChangeLine]
    """The real changes: the table of the chapter."""
    samenvatting: str
    """One sentence for the dashboard."""
    respons: str
    vorige_kort: str
    huidige_kort: str
    """The two measurements as a table's heading names them: '0-meting', '2026'."""
    gehoord: list[HeardRow]
    """Respondents per organisation and per level, then and now."""
    waarschuwingen: list[str]
    niet_vergeleken: list[str]
    zonder_score: list[str]
    """Questions in both without a score in either: withheld to protect a small group, or unanswered."""
    groepen: list[str]
    """The levels and organisations both measurements show on some dimension: the columns of `per_groep`."""
    per_groep: list[GroupRow]
    vragen: list[QuestionLine]
    verloop_metingen: list[str] = []
    """With three or more measurements: their labels, oldest first, and per dimension its scores."""
    verloop: list[TrendRow] = []
    terugblik: list[LookBack] = []
    """The previous roadmap's actions, what became of them and how their dimensions moved."""
    terugblik_onbekend: list[str] = []
    """Titles in `vorige_agenda` that were no action of the previous roadmap."""


def development_of(
    comparison: Comparison,
    short_names: dict[str, str],
    phases: int,
    palette: charts.Palette,
    history: Trend | None = None,
    previous_roadmap: Sequence[AgendaItem] = (),
    reviews: Sequence[AgendaReview] = (),
    questions: Sequence[Question] = (),
) -> Development:
    """The chapter from a comparison; `short_names`: dimension id -> the report's short name;
    `history`: the scores over three or more measurements; `previous_roadmap`: the actions the
    previous report proposed, with what became of them in `reviews`; `questions`: the set's, for their texts."""
    looked_back, unknown = look_back(previous_roadmap, reviews, comparison)
    lines = [_line(change) for change in comparison.dimensies]
    rows = [
        charts.ChangeRow(
            kort=short_names.get(change.id, change.naam),
            toen=change.score_vorige,
            nu=change.score,
            toen_interval=change.score_interval_vorige,
            nu_interval=change.score_interval,
            label=f"{line.verandering}{' · echt' if change.echt else ''}",
        )
        for change, line in zip(comparison.dimensies, lines, strict=True)
    ]
    then, now = comparison.vorige, comparison.huidige
    groups = _groups(comparison)
    description = "; ".join(f"{row.kort} {line.toen} naar {line.nu}" for row, line in zip(rows, lines, strict=True))
    return Development(
        vorige=the_measurement(then.meting),
        kop=f"Van {described(then)} naar {described(now)}",
        svg=charts.development_chart(rows, phases, palette, description=description),
        regels=lines,
        echt=[line for line in lines if line.echt],
        samenvatting=summary_sentence(comparison),
        respons=f"{plural(then.respondenten, 'respondent', 'respondenten')} bij {the_measurement(then.meting)}, {now.respondenten} nu"
        + (f"; respons {number(then.respons * 100, 0)}% en {number(now.respons * 100, 0)}%" if then.respons and now.respons else "")
        + ".",
        vorige_kort=then.meting,
        huidige_kort=now.meting,
        gehoord=heard_side_by_side(comparison),
        waarschuwingen=comparison.waarschuwingen,
        niet_vergeleken=comparison.vragen_niet_vergeleken,
        zonder_score=_per_dimension(comparison.vragen_zonder_score, questions, comparison),
        groepen=[name for _, name in groups],
        per_groep=_group_rows(comparison, groups),
        vragen=_question_lines(comparison, {q.id: q.tekst for q in questions}),
        verloop_metingen=history.metingen if history else [],
        verloop=[_trend_row(line) for line in history.dimensies] if history else [],
        terugblik=looked_back,
        terugblik_onbekend=unknown,
    )


def _groups(comparison: Comparison) -> list[tuple[str, str]]:
    """(kind, name) of the levels, then the organisations, that both measurements show somewhere."""
    return list(dict.fromkeys([("niveau", c.id) for c in comparison.per_niveau] + [("organisatie", c.id) for c in comparison.per_organisatie]))


def _group_rows(comparison: Comparison, groups: list[tuple[str, str]]) -> list[GroupRow]:
    """Per dimension the change of every group of `groups`."""
    cell = {("niveau", c.dimensie, c.id): shown_change(c) for c in comparison.per_niveau}
    cell |= {("organisatie", c.dimensie, c.id): shown_change(c) for c in comparison.per_organisatie}
    return [
        GroupRow(naam=change.naam, veranderingen=[cell.get((kind, change.id, name), "–") for kind, name in groups]) for change in comparison.dimensies
    ]


def _per_dimension(ids: Sequence[str], questions: Sequence[Question], comparison: Comparison) -> list[str]:
    """['Doel en belangen: alle 5 vragen', 'Informatie delen: inf1, inf3'], in the order of the set."""
    names = {change.id: change.naam for change in comparison.dimensies}
    chosen = set(ids)
    by_dimension: dict[str, list[str]] = {}
    for question in questions:
        by_dimension.setdefault(question.dimensie, []).append(question.id)
    parts = []
    for dimension, members in by_dimension.items():
        left = [qid for qid in members if qid in chosen]
        if left:
            parts.append(f"{names.get(dimension, dimension)}: {_all_of(len(left)) if left == members and len(left) > 1 else ', '.join(left)}")
    known = {qid for members in by_dimension.values() for qid in members}
    return parts + [qid for qid in ids if qid not in known]


def _all_of(count: int) -> str:
    return "beide vragen" if count == 2 else f"alle {count} vragen"


def _question_lines(comparison: Comparison, texts: Mapping[str, str]) -> list[QuestionLine]:
    names = {change.id: change.naam for change in comparison.dimensies}
    lines, previous = [], None
    for change in comparison.vragen:
        lines.append(
            QuestionLine(
                dimensie=names.get(change.dimensie, change.dimensie) if change.dimensie != previous else None,
                id=change.id,
                tekst=texts.get(change.id, ""),
                toen=number(change.score_vorige),
                nu=number(change.score),
                verandering=shown_change(change),
            )
        )
        previous = change.dimensie
    return lines


def _trend_row(line: TrendLine) -> TrendRow:
    slope = "–" if line.helling is None else f"{'+' if round(line.helling, 1) > 0 else ''}{number(line.helling)} per meting"
    return TrendRow(naam=line.naam, scores=[number(score) for score in line.scores], helling=slope)


def _line(change: DimensionChange) -> ChangeLine:
    phase = f"{change.fase_vorige if change.fase_vorige is not None else '–'} → {change.fase if change.fase is not None else '–'}"
    return ChangeLine(
        naam=change.naam,
        toen=number(change.score_vorige),
        nu=number(change.score),
        verandering=shown_change(change),
        interval=interval_text(change.interval),
        echt=change.echt,
        fase=phase,
    )


STATUS_WORDS = {"uitgevoerd": "uitgevoerd", "deels": "deels uitgevoerd", "niet": "niet uitgevoerd", "onbekend": "onbekend"}


class LookBack(BaseModel):
    """One action of the previous roadmap: what became of it, and how its dimensions moved."""

    titel: str
    status: str
    """'uitgevoerd', 'deels uitgevoerd', 'niet uitgevoerd', 'onbekend', or 'niet vastgelegd'."""
    toelichting: str | None
    beweging: str
    """'Taken en bevoegdheden +0,7 (echt)'; for a pattern's action without a dimension: '–'."""


def look_back(previous: Sequence[AgendaItem], reviews: Sequence[AgendaReview], comparison: Comparison) -> tuple[list[LookBack], list[str]]:
    """The previous roadmap's actions with their recorded status (matched by title, as compared in
    surveys: case, quotes and spaces do not matter) and the change of their dimensions; and the
    titles recorded that were no action of that roadmap."""
    by_title = {loose(review.actie): review for review in reviews}
    changes = {change.id: change for change in comparison.dimensies}
    rows = []
    for item in previous:
        review = by_title.pop(loose(item.titel), None)
        moved = [f"{changes[d].naam} {shown_change(changes[d])}{' (echt)' if changes[d].echt else ''}" for d in item.dimensies if d in changes]
        rows.append(
            LookBack(
                titel=item.titel,
                status=STATUS_WORDS[review.status] if review else "niet vastgelegd",
                toelichting=review.toelichting if review else None,
                beweging="; ".join(moved) or "–",
            )
        )
    return rows, [review.actie for review in by_title.values()]
