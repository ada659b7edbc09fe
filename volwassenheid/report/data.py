"""Everything the report shows, as plain data. Pure: no files, no rendering.

Respondent names are never an input here; respondent codes never reach the
output. Quotes are remarks without any attribution. Groups the disclosure
audit hides appear only as counts in the response appendix. A dimension
whose score rests on fewer respondents than the threshold shows no spread,
per-question scores or quotes, and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel

from volwassenheid.core.advice import (
    AdviceItem,
    AdviceReport,
    AgendaItem,
    DiscussionPoint,
    MatchedPattern,
    StickingQuestion,
)
from volwassenheid.core.assessment import Assessment, Remark
from volwassenheid.core.dutch import NO_DATA, below_ambition, gap, gap_sentence, number, percentage, phase_label
from volwassenheid.core.models import Branding
from volwassenheid.core.questionset import LEVELS, QuestionSet
from volwassenheid.core.results import DimensionResult, EngagementResult
from volwassenheid.core.scoring import counts_safe, visible_scores
from volwassenheid.report import charts

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
QUOTES_PER_DIMENSION = 3
SUMMARY_RECOMMENDATIONS = 5
HORIZON_LABEL = {"kort": "kort (maanden)", "middellang": "middellang (± een jaar)", "lang": "lang (meerjarig)"}
ACTOR_LABEL = {"bestuur": "Bestuur", "ketenregisseur": "Ketenregisseur", "management": "Management", "professionals": "Professionals"}


class Phase(BaseModel):
    nummer: int
    naam: str
    beschrijving: str


class DimensionSection(BaseModel):
    id: str
    naam: str
    kort: str
    beschrijving: str
    score: str
    fase: str
    ambitie: str
    verschil: str
    verschil_kort: str
    onder_ambitie: bool
    """The shown ambition is above the shown score."""
    geen_gegevens: bool
    """No score: nobody gave enough phase answers on this dimension. Neither below nor at the ambition."""
    n: int
    spreiding: str
    waarschuwing: str | None
    ladder_svg: str
    realisme: str | None
    knelpunten: list[StickingQuestion]
    stap: str | None
    adviezen: list[AdviceItem]
    citaten: list[str]


class Summary(BaseModel):
    totaal_score: str
    totaal_fase: str
    respondenten: int
    organisaties: int
    onder_ambitie: int
    dimensies: int
    """The dimensions with a score and an ambition: those that can be below or at it."""
    zonder_gegevens: list[str]
    """Short names of the dimensions without a score."""
    sterkst: list[str]
    zwakst: list[str]
    patronen: list[str]
    kernadviezen: list[AgendaItem]
    realisme: list[str]


class CountRow(BaseModel):
    naam: str
    aantal: int


class ResponseAppendix(BaseModel):
    respondenten: int
    afgerond: int
    per_organisatie: list[CountRow]
    per_niveau: list[CountRow]
    antwoorden: int
    weet_niet: int | None
    """The three counts are None unless each is 0 or at least `minimale_groep`."""
    nvt: int | None
    geen_antwoord: int | None
    minimale_groep: int
    minimaal_aandeel: str
    vragenlijst: str
    vragen: int


class ReportData(BaseModel):
    titel: str
    samenwerkingsverband: str
    opdrachtgever: str | None
    adviseur: str | None
    bureau: str | None
    datum: str
    datum_iso: str
    meting: str
    primair: str
    accent: str
    logo: str | None
    samenvatting: Summary
    waarschuwing: str | None
    """The partnership rests on too few respondents (or some dimension does): said on the cover."""
    niet_herleidbaar: bool
    """Whether the cover may say that no individual's answers can be read back."""
    fasen: list[Phase]
    radar_svg: str
    dimensies: list[DimensionSection]
    heatmap_svg: str | None
    niveaus_svg: str
    patronen: list[MatchedPattern]
    gespreksonderwerpen: list[DiscussionPoint]
    agenda: list[AgendaItem]
    bijlage: ResponseAppendix
    horizon_labels: dict[str, str]
    actor_labels: dict[str, str]


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def build_report(
    assessment: Assessment,
    branding: Branding | None = None,
    logo_data_uri: str | None = None,
) -> ReportData:
    """The report of one assessed partnership; `branding` overrides the traject's house style."""
    engagement, question_set = assessment.engagement, assessment.question_set
    result, advice = assessment.result, assessment.advice
    branding = branding or engagement.huisstijl or Branding()
    palette = charts.Palette(primary=branding.kleuren.primair, accent=branding.kleuren.accent)
    phase_names = [p.naam for p in question_set.fasen]
    labels = [d.kort for d in result.dimensies]
    return ReportData(
        titel=f"Volwassenheid van de samenwerking · {engagement.samenwerkingsverband}",
        samenwerkingsverband=engagement.samenwerkingsverband,
        opdrachtgever=engagement.opdrachtgever,
        adviseur=engagement.adviseur,
        bureau=branding.bureau,
        datum=dutch_date(engagement.datum),
        datum_iso=engagement.datum.isoformat(),
        meting=engagement.meting,
        primair=branding.kleuren.primair,
        accent=branding.kleuren.accent,
        logo=logo_data_uri,
        samenvatting=_summary(result, advice),
        waarschuwing=_cover_warning(result),
        niet_herleidbaar=_cover_warning(result) is None,
        fasen=[Phase(**p.model_dump()) for p in question_set.fasen],
        radar_svg=charts.radar(labels, [d.score for d in result.dimensies], [d.ambitie for d in result.dimensies], question_set.phase_count, palette),
        dimensies=_sections(assessment, phase_names, palette),
        heatmap_svg=_heat_map(result, question_set.phase_count, palette),
        niveaus_svg=charts.level_dots(
            labels,
            {level: [visible_scores(d.per_niveau).get(level) for d in result.dimensies] for level in LEVELS},
            question_set.phase_count,
            palette,
            without_data=_without_data(result),
        ),
        patronen=advice.patronen,
        gespreksonderwerpen=advice.gespreksonderwerpen,
        agenda=advice.agenda,
        bijlage=_appendix(assessment),
        horizon_labels=HORIZON_LABEL,
        actor_labels=ACTOR_LABEL,
    )


def _summary(result: EngagementResult, advice: AdviceReport) -> Summary:
    scores = {d.id: d.score for d in result.dimensies if d.score is not None}
    scored = sorted((d for d in result.dimensies if d.id in scores), key=lambda d: (-scores[d.id], d.id))
    total = result.totaal
    return Summary(
        totaal_score=number(total.score),
        totaal_fase=f"laagste fase {total.profiel.laagste_fase} ({total.profiel.laagste_fase_naam})" if total.profiel.laagste_fase else "–",
        respondenten=result.respons.respondenten,
        organisaties=len(result.respons.per_organisatie),
        onder_ambitie=sum(1 for d in result.dimensies if below_ambition(d.ambitie, d.score, reached=d.ambitie_bereikt)),
        dimensies=sum(1 for d in result.dimensies if d.score is not None and d.ambitie is not None),
        zonder_gegevens=[d.kort for d in result.dimensies if d.score is None],
        sterkst=[f"{d.naam} ({number(d.score)})" for d in scored[:2]],
        zwakst=[f"{d.naam} ({number(d.score)})" for d in scored[-2:][::-1]],
        patronen=[p.naam for p in advice.patronen],
        kernadviezen=advice.agenda[:SUMMARY_RECOMMENDATIONS],
        realisme=[g.realisme_toelichting for g in advice.kloven if g.realisme_toelichting],
    )


def _sections(assessment: Assessment, phase_names: list[str], palette: charts.Palette) -> list[DimensionSection]:
    question_set, result, advice = assessment.question_set, assessment.result, assessment.advice
    gaps = {g.dimensie: g for g in advice.kloven}
    steps = {s.dimensie: s for s in advice.stapadviezen}
    sticking = {p.dimensie: p.vragen for p in advice.knelpunten}
    sections = []
    for d, dimension in zip(result.dimensies, question_set.dimensies, strict=True):
        realism = gaps[d.id].realisme_toelichting
        step = steps.get(d.id)
        sections.append(
            DimensionSection(
                id=d.id,
                naam=d.naam,
                kort=d.kort,
                beschrijving=dimension.beschrijving,
                score=number(d.score),
                fase=phase_label(d.fase, d.fase_naam) if d.score is not None else NO_DATA,
                ambitie=str(d.ambitie) if d.ambitie is not None else "geen",
                verschil=gap_sentence(d.ambitie, d.score, reached=d.ambitie_bereikt),
                verschil_kort=gap(d.ambitie, d.score, reached=d.ambitie_bereikt),
                onder_ambitie=below_ambition(d.ambitie, d.score, reached=d.ambitie_bereikt),
                geen_gegevens=d.score is None,
                n=d.n,
                spreiding=_spread(d),
                waarschuwing=d.waarschuwing,
                ladder_svg=charts.phase_ladder(d.score, d.ambitie, phase_names, palette),
                realisme=realism,
                knelpunten=sticking.get(d.id, []),
                stap=f"Van fase {step.van_fase} naar {step.naar_fase} ({step.naar_fase_naam})" if step else None,
                adviezen=step.adviezen if step else [],
                citaten=[] if d.n < result.minimale_groep else _quotes(question_set, d.id, assessment.remarks),
            )
        )
    return sections


def _without_data(result: EngagementResult) -> set[int]:
    """The positions of the dimensions without a score, for the charts."""
    return {i for i, d in enumerate(result.dimensies) if d.score is None}


def _cover_warning(result: EngagementResult) -> str | None:
    if result.waarschuwing:
        return result.waarschuwing
    few = [d.kort for d in result.dimensies if d.te_weinig_respondenten]
    if few:
        return (
            f"De score van {', '.join(few)} is gebaseerd op te weinig respondenten "
            f"(minder dan {result.minimale_groep}); spreiding, scores per vraag en citaten staan daar niet bij."
        )
    return None


def _spread(d: DimensionResult) -> str:
    if d.te_weinig_respondenten:
        return "niet getoond: te weinig respondenten"
    return f"sd {number(d.sd)}" if d.n else "–"


def _quotes(question_set: QuestionSet, dimension_id: str, remarks: Sequence[Remark]) -> list[str]:
    """Remarks on this dimension's questions, without who said them; the longest first."""
    ids = {q.id for q in question_set.questions_of(dimension_id)}
    texts = {remark.text.strip() for remark in remarks if remark.question_id in ids and remark.text.strip()}
    return sorted(texts, key=lambda text: (-len(text), text))[:QUOTES_PER_DIMENSION]


def _heat_map(result: EngagementResult, phases: int, palette: charts.Palette) -> str | None:
    organisations = list(result.respons.per_organisatie)
    if not organisations:
        return None
    cells = [[visible_scores(d.per_organisatie).get(org) for d in result.dimensies] for org in organisations]
    return charts.heat_map(organisations, [d.kort for d in result.dimensies], cells, phases, palette, without_data=_without_data(result))


def _appendix(assessment: Assessment) -> ResponseAppendix:
    """Counts over the whole set, from the counted respondents, because the per-question
    figures of a partnership with too few respondents are not in the result."""
    engagement, question_set, result = assessment.engagement, assessment.question_set, assessment.result
    counts = assessment.answer_counts
    kinds = {"weet_niet": counts.dont_know, "nvt": counts.not_applicable, "geen": counts.unanswered}
    # one "weet niet" would be one person's answer
    shown = dict(kinds) if counts_safe(kinds.values(), result.minimale_groep) else dict.fromkeys(kinds)
    return ResponseAppendix(
        respondenten=result.respons.respondenten,
        afgerond=assessment.completed,
        per_organisatie=[CountRow(naam=k, aantal=v) for k, v in result.respons.per_organisatie.items()],
        per_niveau=[CountRow(naam=k, aantal=v) for k, v in result.respons.per_niveau.items()],
        antwoorden=counts.phases,
        weet_niet=shown["weet_niet"],
        nvt=shown["nvt"],
        geen_antwoord=shown["geen"],
        minimale_groep=result.minimale_groep,
        minimaal_aandeel=percentage(engagement.instellingen.minimaal_aandeel),
        vragenlijst=f"{question_set.naam} ({question_set.id}, versie {question_set.versie})",
        vragen=len(question_set.vragen),
    )
