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
from volwassenheid.core.agreement import LOW_AGREEMENT
from volwassenheid.core.assessment import Assessment, Remark
from volwassenheid.core.comparison import Comparison, Trend
from volwassenheid.core.dutch import MONTHS, NO_DATA, below_ambition, gap, gap_sentence, interval, number, percentage, phase_label, plural, shown
from volwassenheid.core.glossary import terms_in
from volwassenheid.core.item_nonresponse import HIGH_SHARE
from volwassenheid.core.models import Branding
from volwassenheid.core.questionset import LEVELS, QuestionSet, Term
from volwassenheid.core.results import DimensionResult, EngagementResult
from volwassenheid.core.scoring import BORDERLINE_CERTAINTY, counts_safe, visible_scores
from volwassenheid.core.uncertainty import ANALYTIC_FROM, MIN_STRATUM
from volwassenheid.report import charts
from volwassenheid.report.dashboard import Dashboard, build_dashboard
from volwassenheid.report.development import Development, development_of
from volwassenheid.report.dimension_page import dimension_title, distribution_chart
from volwassenheid.report.roadmap import RoadmapRow, roadmap, roadmap_items
from volwassenheid.report.sources import MODEL_SOURCES, STATISTICS_SOURCES

QUOTE_LENGTH = 400
"""Characters of a quote shown; a longer remark is cut at a word with '(ingekort)'."""
QUOTES_PER_DIMENSION = 3
SUMMARY_RECOMMENDATIONS = 5
WEIGHTING_DIFFERENCE = 0.25
"""A dimension whose score moves more than this under the other weighting is named in the appendix."""
HORIZON_LABEL = {"kort": "kort (maanden)", "middellang": "middellang (± een jaar)", "lang": "lang (meerjarig)"}
ACTOR_LABEL = {"bestuur": "Bestuur", "ketenregisseur": "Ketenregisseur", "management": "Management", "professionals": "Professionals"}


class Phase(BaseModel):
    nummer: int
    naam: str
    beschrijving: str


class DimensionSection(BaseModel):
    id: str
    naam: str
    titel: str
    """A conclusion: 'Besluiten: ver onder de doelfase'."""
    verdeling_svg: str | None
    """The answers' shares per phase as a stacked bar, where they may be shown."""
    kort: str
    beschrijving: str
    score: str
    interval: str | None
    """'95%-interval 2,9–3,5', or None when no interval is shown (too few respondents)."""
    interval_kort: str
    """'2,9–3,5' for a table cell, '–' without an interval."""
    fase: str
    """The phase with its labels: '2 Afstemmen (grensgeval fase 2/3; indicatief, n = 3)'."""
    fase_uitleg: str | None
    """Why this phase and not the next, from the answer distribution and the phase rule."""
    zekerheid: str | None
    overeenstemming: str | None
    lage_overeenstemming: bool
    betrouwbaarheid: str | None
    nonrespons: str | None
    """'Weet niet: 8% van de antwoorden; niet van toepassing: 0%', the shares that may be shown."""
    kwaliteit: str | None
    """Spread, agreement, reliability and non-response in one line: 'Spreiding: 0,6 fase (standaardafwijking) · Overeenstemming: rwg 0,92, AD 0,52 · ...'."""
    hoge_nonrespons: list[str]
    """Dutch sentences for a 'weet niet' or 'n.v.t.' share above 20%."""
    opmerking: str | None
    """The step advice's remark: borderline phase or indicative result."""
    doelfase: str
    verschil: str
    verschil_kort: str
    onder_doelfase: bool
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
    profiel: str
    """'laagste fase 2 (Afstemmen); 7 van de 10 dimensies in fase 2', with borderline and indicative counts."""
    niet_gehoord: list[str]
    niveaus_ontbreken: list[str]
    respons: str | None
    """'16 van de 24 uitgenodigden (67%)' when the invited count is known."""
    respons_te_hoog: bool
    """More respondents than invited: the invited counts are wrong or incomplete."""
    respondenten: int
    organisaties: int
    onder_doelfase: int
    dimensies: int
    """The dimensions with a score and an ambition: those that can be below or at it."""
    zonder_gegevens: list[str]
    """Short names of the dimensions without a score."""
    niet_apart: list[str]
    """Organisations with respondents that no dimension shows apart (too small, or derivable)."""
    sterkst: list[str]
    zwakst: list[str]
    patronen: list[str]
    kernadviezen: list[AgendaItem]
    realisme: list[str]


class CountRow(BaseModel):
    naam: str
    aantal: int


class MethodRow(BaseModel):
    """One dimension's reliability figures in the method appendix; '–' where a figure is not shown."""

    kort: str
    n: int
    interval: str
    zekerheid: str
    rwg: str
    ad: str
    alfa: str
    weet_niet: str
    nvt: str


class LevelNonResponse(BaseModel):
    niveau: str
    weet_niet: str
    nvt: str


class InvitedRow(BaseModel):
    naam: str
    respondenten: int
    uitgenodigd: int
    percentage: str


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
    normaal_vanaf: int
    """From this many respondents on a dimension (and normaal_per_groep per organisation) the normal approximation."""
    normaal_per_groep: int
    vragenlijst: str
    vragen: int
    fase_regel: str
    """The phase rule in a sentence."""
    weging: str
    """The weighting in a sentence."""
    weging_verschillen: list[str]
    """Dimensions whose score differs by more than WEIGHTING_DIFFERENCE under the other weighting."""
    andere_weging: str
    minimale_n: int
    tabel: list[MethodRow]
    alfa_toelichtingen: list[str]
    nonrespons_per_niveau: list[LevelNonResponse]
    uitgenodigd_per_organisatie: list[InvitedRow]
    respons: str | None
    respons_te_hoog: bool


class ReportData(BaseModel):
    titel: str
    samenwerkingsverband: str
    kop: str
    """The partnership's name for the running header: shortened so that the header keeps to one line."""
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
    """Empty when no level can be shown on any dimension: an empty chart says nothing."""
    dashboard: Dashboard
    dashboard_svg: str
    routekaart: list[RoadmapRow]
    routekaart_acties: int
    bronnen: list[str]
    statistiek_bronnen: list[str]
    veldwerk: str | None
    """'interviews · 13–28 okt 2026', or None when the answers do not say."""
    patronen: list[MatchedPattern]
    gespreksonderwerpen: list[DiscussionPoint]
    agenda: list[AgendaItem]
    bijlage: ResponseAppendix
    modules: list[str]
    """Names of the context modules the traject used besides the core of the set."""
    begrippen: list[Term]
    """The terms of the set's begrippenlijst that its questions or advice use."""
    vraagteksten: dict[str, str]
    """Question id -> its text, for advice aimed at one question."""
    doelfase_bron: str | None
    """How and by whom the doelfase was set, as traject.yaml says (`doelfase_bron`)."""
    horizon_labels: dict[str, str]
    actor_labels: dict[str, str]
    ontwikkeling: Development | None = None
    """The chapter on the change since the previous measurement, when the traject names one."""


def _used_terms(question_set: QuestionSet) -> list[Term]:
    texts = [text for q in question_set.vragen for text in (q.tekst, *q.opties, q.nvt_als or "")]
    texts += [text for a in question_set.adviezen for text in (a.titel, a.toelichting)]
    return sorted(terms_in(question_set.begrippen, texts), key=lambda term: term.term.casefold())


HEADER_LENGTH = 60
"""Characters of the partnership's name in the running header, which shares its line with the chapter."""


def running_name(name: str, limit: int = HEADER_LENGTH) -> str:
    """The name as it is when it fits; else cut at the last space before `limit` with '…'."""
    if len(name) <= limit:
        return name
    return cut_at_word(name, limit - 1, limit // 2) + "…"


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def build_report(
    assessment: Assessment,
    branding: Branding | None = None,
    logo_data_uri: str | None = None,
    comparison: Comparison | None = None,
    history: Trend | None = None,
    previous_roadmap: Sequence[AgendaItem] = (),
) -> ReportData:
    """The report of one assessed partnership; `branding` overrides the traject's house style;
    `comparison` (with the previous measurement) adds the chapter on development."""
    engagement, question_set = assessment.engagement, assessment.question_set
    result, advice = assessment.result, assessment.advice
    branding = branding or engagement.huisstijl or Branding()
    palette = charts.Palette(primary=branding.kleuren.primair, accent=branding.kleuren.accent)
    phase_names = [p.naam for p in question_set.fasen]
    labels = [d.kort for d in result.dimensies]
    not_shown = organisations_not_shown(result)
    dashboard = dashboard_of(assessment, not_shown)
    overview = "; ".join(figures_text(d) for d in result.dimensies)  # the alt text of the dashboard's chart and the radar
    return ReportData(
        dashboard=dashboard,
        dashboard_svg=charts.dimension_overview(dashboard.rijen, phase_names, palette, description=overview),
        routekaart=(
            rows := roadmap(
                advice.agenda, {d.id: d.kort for d in result.dimensies}, HORIZON_LABEL, ACTOR_LABEL, [b.agenda for b in dashboard.besluiten]
            )
        ),
        routekaart_acties=sum(len(row.acties) for row in rows),
        bronnen=MODEL_SOURCES,
        statistiek_bronnen=STATISTICS_SOURCES,
        veldwerk=dashboard.strip.veldwerk,
        titel=f"Volwassenheid van de samenwerking · {engagement.samenwerkingsverband}",
        samenwerkingsverband=engagement.samenwerkingsverband,
        kop=running_name(engagement.samenwerkingsverband),
        opdrachtgever=engagement.opdrachtgever,
        adviseur=engagement.adviseur,
        bureau=branding.bureau,
        datum=dutch_date(engagement.datum),
        datum_iso=engagement.datum.isoformat(),
        meting=engagement.meting,
        primair=branding.kleuren.primair,
        accent=branding.kleuren.accent,
        logo=logo_data_uri,
        samenvatting=_summary(result, advice, not_shown),
        waarschuwing=_cover_warning(result),
        niet_herleidbaar=_cover_warning(result) is None,
        fasen=[Phase(**p.model_dump()) for p in question_set.fasen],
        radar_svg=charts.radar(
            labels,
            [d.score for d in result.dimensies],
            [d.doelfase for d in result.dimensies],
            question_set.phase_count,
            palette,
            description=overview,
        ),
        dimensies=_sections(assessment, phase_names, palette),
        heatmap_svg=_heat_map(result, question_set.phase_count, palette, not_shown),
        niveaus_svg=_level_chart(result, labels, question_set.phase_count, palette),
        patronen=advice.patronen,
        gespreksonderwerpen=advice.gespreksonderwerpen,
        agenda=[item.model_copy(update={"aanleiding": short_reason(item.aanleiding)}) for item in advice.agenda],
        bijlage=_appendix(assessment),
        modules=[m.naam for m in question_set.modules],
        begrippen=_used_terms(question_set),
        vraagteksten={q.id: q.tekst for q in question_set.vragen},
        doelfase_bron=engagement.doelfase_bron,
        horizon_labels=HORIZON_LABEL,
        actor_labels=ACTOR_LABEL,
        ontwikkeling=development_of(
            comparison,
            {d.id: d.kort for d in result.dimensies},
            question_set.phase_count,
            palette,
            history,
            previous_roadmap,
            engagement.vorige_agenda,
            question_set.vragen,
        )
        if comparison
        else None,
    )


def roadmap_actions(assessment: Assessment) -> list[AgendaItem]:
    """The actions on the roadmap of the assessment's report (its decisions first, see report.roadmap):
    what the next measurement looks back at."""
    return roadmap_items(assessment.advice.agenda, [decision.agenda for decision in dashboard_of(assessment).besluiten])


def dashboard_of(assessment: Assessment, not_shown: list[str] | None = None) -> Dashboard:
    """The report's first page as data (also `Traject.summary()`); `not_shown` when already known."""
    hidden = organisations_not_shown(assessment.result) if not_shown is None else not_shown
    return build_dashboard(assessment, hidden, HORIZON_LABEL, ACTOR_LABEL)


def _summary(result: EngagementResult, advice: AdviceReport, not_shown: list[str]) -> Summary:
    scores = {d.id: d.score for d in result.dimensies if d.score is not None}
    scored = sorted((d for d in result.dimensies if d.id in scores), key=lambda d: (-scores[d.id], d.id))
    total = result.totaal
    return Summary(
        niet_apart=not_shown,
        totaal_score=number(total.score),
        profiel=profile_text(result),
        niet_gehoord=result.dekking.niet_gehoord,
        niveaus_ontbreken=result.dekking.niveaus_ontbreken,
        respons=_response_text(result),
        respons_te_hoog=_response_too_high(result),
        respondenten=result.respons.respondenten,
        organisaties=len(result.respons.per_organisatie),
        onder_doelfase=sum(1 for d in result.dimensies if below_ambition(d.doelfase, d.score, reached=d.doelfase_bereikt)),
        dimensies=sum(1 for d in result.dimensies if d.score is not None and d.doelfase is not None),
        zonder_gegevens=[d.kort for d in result.dimensies if d.score is None],
        sterkst=[f"{d.naam} ({number(d.score)}, fase {phase_text(d)})" for d in scored[:2]],
        zwakst=[f"{d.naam} ({number(d.score)}, fase {phase_text(d)})" for d in scored[-2:][::-1]],
        patronen=[p.naam for p in advice.patronen],
        kernadviezen=advice.agenda[:SUMMARY_RECOMMENDATIONS],
        realisme=[g.realisme_toelichting for g in advice.kloven if g.realisme_toelichting],
    )


def phase_flags(d: DimensionResult) -> list[str]:
    """'grensgeval fase 2/3' and 'indicatief, n = 3', where they apply."""
    flags = []
    if d.grensgeval and d.fase is not None and d.buurfase is not None:
        low, high = sorted((d.fase, d.buurfase))
        flags.append(f"grensgeval fase {low}/{high}")
    if d.indicatief and d.score is not None:
        flags.append(f"indicatief, n = {d.n}")
    return flags


def phase_text(d: DimensionResult) -> str:
    """The phase as shown everywhere: '2 Afstemmen (grensgeval fase 2/3; indicatief, n = 3)'."""
    if d.score is None:
        return NO_DATA
    flags = phase_flags(d)
    label = phase_label(d.fase, d.fase_naam)
    return f"{label} ({'; '.join(flags)})" if flags else label


def profile_text(result: EngagementResult) -> str:
    """What the dimensions together show, instead of an overall phase:
    'laagste fase 2 (Afstemmen); 7 van de 10 dimensies in fase 2, 3 in fase 3'."""
    profile = result.totaal.profiel
    if profile.laagste_fase is None:
        return "geen fase, want geen enkele dimensie heeft een score"
    counts = [(phase, count) for phase, count in sorted(profile.per_fase.items()) if count]
    first_phase, first_count = counts[0]
    spread = [f"{first_count} van de {len(result.dimensies)} dimensies in fase {first_phase}"]
    spread += [f"{count} in fase {phase}" for phase, count in counts[1:]]
    text = f"laagste fase {profile.laagste_fase} ({profile.laagste_fase_naam})"
    if profile.indicatief and any(d.fase is not None and d.fase < profile.laagste_fase for d in result.dimensies):
        text += " van de dimensies die niet indicatief zijn"
    text += "; " + ", ".join(spread)
    extra = []
    if profile.grensgevallen:
        extra.append(f"{plural(profile.grensgevallen, 'grensgeval', 'grensgevallen')} tussen twee fasen")
    if profile.indicatief:
        extra.append(f"{profile.indicatief} indicatief (minder dan {result.minimale_n} respondenten)")
    return text + (f"; {', '.join(extra)}" if extra else "")


def _response_text(result: EngagementResult) -> str | None:
    response = result.respons
    if response.uitgenodigd is None or response.percentage is None:
        return None
    return f"{response.respondenten} van de {response.uitgenodigd} uitgenodigden ({percentage(response.percentage)})"


def _response_too_high(result: EngagementResult) -> bool:
    return result.respons.percentage is not None and result.respons.percentage > 1


def _share_against(share: float, limit: float, reached: bool) -> str:
    """A share as a percentage that never contradicts the limit it is compared with:
    a share just under 75% that shows as '75%' reads 'minder dan 75%'."""
    text, limit_text = percentage(share), percentage(limit)
    if reached and shown(share * 100, 0) < shown(limit * 100, 0):
        return f"minstens {limit_text}"
    if not reached and shown(share * 100, 0) >= shown(limit * 100, 0):
        return f"minder dan {limit_text}"
    return text


def phase_explanation(d: DimensionResult, rule: str, threshold: float, phases: int) -> str | None:
    """Why this phase and not the next: '99% van de antwoorden op fase 2 of hoger, 70% op fase 3
    of hoger; drempel 75%'. None when those shares may not be shown (too few people behind them)."""
    if d.fase is None or d.score is None:
        return None
    if rule == "gemiddelde":
        return f"regel ‘gemiddelde’: de score {number(d.score)} naar beneden afgerond geeft fase {d.fase}"
    at_least = d.aandeel_vanaf  # the shares the rule decides on, where they may be shown
    parts = []
    if d.fase > 1 and d.fase in at_least:
        parts.append(f"{_share_against(at_least[d.fase], threshold, True)} van de antwoorden op fase {d.fase} of hoger")
    if d.fase < phases and d.fase + 1 in at_least:
        higher = _share_against(at_least[d.fase + 1], threshold, False)
        parts.append(f"{higher} op fase {d.fase + 1} of hoger" if parts else f"{higher} van de antwoorden op fase {d.fase + 1} of hoger")
    if not parts:
        return None
    return f"{', '.join(parts)}; drempel {percentage(threshold)}"


def _certainty(d: DimensionResult) -> str | None:
    if d.fase_zekerheid is None:
        return None
    text = _share_against(d.fase_zekerheid, BORDERLINE_CERTAINTY, not d.grensgeval)
    return f"Zekerheid van de fase: {text}"


def _agreement(d: DimensionResult) -> str | None:
    if d.overeenstemming is None:
        return None
    text = f"rwg {number(d.overeenstemming.rwg, 2)}, AD {number(d.overeenstemming.ad, 2)}"
    return text + f"; lage overeenstemming (rwg onder {number(LOW_AGREEMENT, 2)})" if d.overeenstemming.laag else text


def _reliability(d: DimensionResult, short: bool = False) -> str | None:
    """'α 0,78', or 'geen α: <why>'; `short` keeps only the reason before its colon."""
    if d.alfa is not None:
        return f"α {number(d.alfa, 2)}"
    if not d.alfa_toelichting:
        return None
    return f"geen α ({d.alfa_toelichting.split(':')[0]})" if short else f"geen α: {d.alfa_toelichting}"


def _labelled(label: str, text: str | None) -> str | None:
    return f"{label}: {text}" if text else None


def _high_non_response(d: DimensionResult) -> list[str]:
    limit = percentage(HIGH_SHARE)
    flags = []
    if d.weet_niet_hoog and d.weet_niet_aandeel is not None:
        flags.append(
            f"Veel ‘weet niet’: {percentage(d.weet_niet_aandeel)} van de antwoorden op deze dimensie (meer dan {limit}). Dat is zelf een bevinding: weten de betrokkenen hoe het hier gaat?"
        )
    if d.nvt_hoog and d.nvt_aandeel is not None:
        flags.append(f"Veel ‘niet van toepassing’: {percentage(d.nvt_aandeel)} van de antwoorden op deze dimensie (meer dan {limit}).")
    return flags


def _non_response(d: DimensionResult) -> str | None:
    parts = []
    if d.weet_niet_aandeel is not None:
        parts.append(f"weet niet: {percentage(d.weet_niet_aandeel)} van de antwoorden")
    if d.nvt_aandeel is not None:
        parts.append(f"niet van toepassing: {percentage(d.nvt_aandeel)}" + ("" if parts else " van de antwoorden"))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] if text else None


def _interval(d: DimensionResult) -> str | None:
    return f"95%-interval {interval(d.interval)}" if d.interval else None


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
                titel=dimension_title(d),
                verdeling_svg=distribution_chart(d, palette),
                kort=d.kort,
                beschrijving=dimension.beschrijving,
                score=number(d.score),
                interval=_interval(d),
                interval_kort=interval(d.interval),
                fase=phase_text(d),
                fase_uitleg=phase_explanation(d, result.fase_regel, result.drempel, question_set.phase_count),
                zekerheid=_certainty(d),
                overeenstemming=_agreement(d),
                lage_overeenstemming=d.overeenstemming is not None and d.overeenstemming.laag,
                betrouwbaarheid=_reliability(d),
                nonrespons=_non_response(d),
                kwaliteit=" · ".join(
                    filter(
                        None,
                        [
                            _labelled("Spreiding", _spread(d)),
                            _labelled("Overeenstemming", _agreement(d)),
                            _labelled("Betrouwbaarheid", _reliability(d, short=True)),
                            _non_response(d),
                        ],
                    )
                )
                or None,
                hoge_nonrespons=_high_non_response(d),
                opmerking=step.opmerking if step else None,
                doelfase=str(d.doelfase) if d.doelfase is not None else "geen",
                verschil=gap_sentence(d.doelfase, d.score, reached=d.doelfase_bereikt),
                verschil_kort=gap(d.doelfase, d.score, reached=d.doelfase_bereikt),
                onder_doelfase=below_ambition(d.doelfase, d.score, reached=d.doelfase_bereikt),
                geen_gegevens=d.score is None,
                n=d.n,
                spreiding=_spread(d),
                waarschuwing=d.waarschuwing,
                ladder_svg=charts.phase_ladder(d.score, d.doelfase, phase_names, palette, interval=d.interval, phase=d.fase, title=figures_text(d)),
                realisme=realism,
                knelpunten=sticking.get(d.id, []),
                stap=f"van fase {step.van_fase} naar {step.naar_fase} ({step.naar_fase_naam})" if step else None,
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
    return f"{number(d.sd)} fase (standaardafwijking)" if d.n else "–"


def _quotes(question_set: QuestionSet, dimension_id: str, remarks: Sequence[Remark]) -> list[str]:
    """Remarks on this dimension's questions, without who said them; the longest first, each
    shortened to about QUOTE_LENGTH characters."""
    ids = {q.id for q in question_set.questions_of(dimension_id)}
    texts = {remark.text.strip() for remark in remarks if remark.question_id in ids and remark.text.strip()}
    return [shortened_quote(text) for text in sorted(texts, key=lambda text: (-len(text), text))[:QUOTES_PER_DIMENSION]]


def shortened_quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    """The text as it is when it fits in `limit` characters; else cut at the last space before the
    limit (or at the limit, in a word longer than that) and marked '… (ingekort)'. Line breaks stay."""
    if len(text) <= limit:
        return text
    return cut_at_word(text, limit, limit // 2) + " … (ingekort)"


def cut_at_word(text: str, room: int, least: int) -> str:
    """The first `room` characters of `text`, back to the last space or line break in them when
    that keeps more than `least` characters, without trailing space or punctuation."""
    cut = text[:room]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > least:
        cut = cut[:space]
    return cut.rstrip(" \n,;:-")


def organisations_not_shown(result: EngagementResult) -> list[str]:
    """The organisations with respondents whose score no dimension shows apart: their answers count,
    but the reader does not see them, and must be told so."""
    shown_somewhere = {name for d in result.dimensies for name in visible_scores(d.per_organisatie)}
    return [name for name, count in result.respons.per_organisatie.items() if count and name not in shown_somewhere]


def _heat_map(result: EngagementResult, phases: int, palette: charts.Palette, not_shown: list[str]) -> str | None:
    hidden = set(not_shown)
    rows = {
        org: [visible_scores(d.per_organisatie).get(org) for d in result.dimensies] for org in result.respons.per_organisatie if org not in hidden
    }
    if not rows:
        return None

    def mean(values: list[float | None]) -> float:
        shown_values = [v for v in values if v is not None]
        return sum(shown_values) / len(shown_values)

    # the highest first; organisations with no cell shown are named under the chart instead
    organisations = sorted(rows, key=lambda org: (-mean(rows[org]), org))
    cells = [rows[org] for org in organisations]
    counts = [result.respons.per_organisatie.get(org) for org in organisations]
    description = "; ".join(
        f"{org}: "
        + ", ".join(f"{d.kort} {number(value) if value is not None else 'niet getoond'}" for d, value in zip(result.dimensies, row, strict=True))
        for org, row in zip(organisations, cells, strict=True)
    )
    return charts.heat_map(
        organisations,
        [d.kort for d in result.dimensies],
        cells,
        phases,
        palette,
        without_data=_without_data(result),
        counts=counts,
        description=description,
    )


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
        normaal_vanaf=ANALYTIC_FROM,
        normaal_per_groep=MIN_STRATUM,
        vragenlijst=f"{question_set.naam} ({question_set.id}, versie {question_set.versie})",
        vragen=len(question_set.vragen),
        fase_regel=phase_rule_text(result.fase_regel, result.drempel),
        weging=WEIGHTING_TEXT[result.weging],
        weging_verschillen=weighting_differences(result),
        andere_weging=OTHER_WEIGHTING[result.weging],
        minimale_n=result.minimale_n,
        tabel=[_method_row(d) for d in result.dimensies],
        alfa_toelichtingen=_alpha_reasons(result),
        nonrespons_per_niveau=[
            LevelNonResponse(
                niveau=level,
                weet_niet=_share_cell(figures.weet_niet_aandeel, figures.weet_niet_hoog),
                nvt=_share_cell(figures.nvt_aandeel, figures.nvt_hoog),
            )
            for level, figures in result.respons.item_nonrespons_per_niveau.items()
        ],
        uitgenodigd_per_organisatie=[
            InvitedRow(
                naam=name,
                respondenten=result.respons.per_organisatie.get(name, 0),
                uitgenodigd=invited.uitgenodigd,
                percentage=percentage(invited.percentage),
            )
            for name, invited in sorted(result.respons.uitgenodigd_per_organisatie.items())
        ],
        respons=_response_text(result),
        respons_te_hoog=_response_too_high(result),
    )


WEIGHTING_TEXT = {
    "organisatie": (
        "Iedere partnerorganisatie telt even zwaar: de score van een dimensie is het gemiddelde van de gemiddelden per organisatie, "
        "zodat de grootste partner het beeld niet bepaalt. Organisaties die te klein zijn om apart te tonen, tellen daarbij samen als één groep."
    ),
    "respondent": "Iedere respondent telt even zwaar: de score van een dimensie is het gemiddelde van de respondentscores.",
}
OTHER_WEIGHTING = {"organisatie": "weging per respondent", "respondent": "weging per organisatie"}


def phase_rule_text(rule: str, threshold: float) -> str:
    """The phase rule in a sentence for the method appendix and the phase model."""
    if rule == "gemiddelde":
        return (
            "De fase volgt de regel ‘gemiddelde’: de score, zoals getoond met één decimaal, naar beneden afgerond. "
            "Een score van 2,7 geeft dus fase 2."
        )
    limit = percentage(threshold)
    return (
        f"De fase volgt de drempelregel: een dimensie bereikt fase k als minstens {limit} van de (gewogen) antwoorden "
        f"met een fase op fase k of hoger ligt; fase 1 is bereikt zodra er antwoorden zijn. De score, het gewogen gemiddelde, "
        f"staat daar los van: een score van 3,2 naast fase 2 betekent dat minder dan {limit} van de antwoorden op fase 3 of hoger ligt."
    )


def weighting_differences(result: EngagementResult) -> list[str]:
    """The dimensions whose score (as shown with two decimals) moves more than WEIGHTING_DIFFERENCE
    under the other weighting: 'Omgeving (2,06; met weging per respondent 1,78)'."""
    rows = []
    for d in result.dimensies:
        if d.score is None or d.score_andere_weging is None:
            continue
        if abs(shown(d.score, 2) - shown(d.score_andere_weging, 2)) > WEIGHTING_DIFFERENCE + 1e-9:
            rows.append(f"{d.kort} ({number(d.score, 2)}; met {OTHER_WEIGHTING[result.weging]} {number(d.score_andere_weging, 2)})")
    return rows


def _method_row(d: DimensionResult) -> MethodRow:
    def figure(value: float | None, decimals: int = 2) -> str:
        return number(value, decimals) if value is not None else "–"

    agreement = d.overeenstemming
    return MethodRow(
        kort=d.kort,
        n=d.n,
        interval=interval(d.interval),
        zekerheid=percentage(d.fase_zekerheid) if d.fase_zekerheid is not None else "–",
        rwg=figure(agreement.rwg) + (" (laag)" if agreement.laag else "") if agreement else "–",
        ad=figure(agreement.ad) if agreement else "–",
        alfa=figure(d.alfa) if d.alfa is not None else ("geen*" if d.alfa_toelichting else "–"),
        weet_niet=_share_cell(d.weet_niet_aandeel, d.weet_niet_hoog),
        nvt=_share_cell(d.nvt_aandeel, d.nvt_hoog),
    )


def _alpha_reasons(result: EngagementResult) -> list[str]:
    """'* Geen α voor A, B: reason', one line per reason."""
    reasons: dict[str, list[str]] = {}
    for d in result.dimensies:
        if d.alfa is None and d.alfa_toelichting:
            reasons.setdefault(d.alfa_toelichting, []).append(d.kort)
    return [f"Geen α voor {', '.join(names)}: {reason}." for reason, names in reasons.items()]


def _share_cell(share: float | None, high: bool) -> str:
    if share is None:
        return "–"
    return percentage(share) + (" (hoog)" if high else "")


def figures_text(d: DimensionResult) -> str:
    """A dimension's figures in words, for a chart's alt text:
    'Vertrouwen en relaties: score 3,7 (3,5–3,9), fase 3 Bundelen, doelfase 4'."""
    if d.score is None:
        return f"{d.kort}: {NO_DATA}"
    bounds = f" ({interval(d.interval)})" if d.interval else ""
    target = f", doelfase {d.doelfase}" if d.doelfase is not None else ", geen doelfase"
    return f"{d.kort}: score {number(d.score)}{bounds}, fase {phase_label(d.fase, d.fase_naam)}{target}"


def _level_chart(result: EngagementResult, labels: list[str], phases: int, palette: charts.Palette) -> str:
    levels: dict[str, Sequence[float | None]] = {level: [visible_scores(d.per_niveau).get(level) for d in result.dimensies] for level in LEVELS}
    if not any(value is not None for values in levels.values() for value in values):
        return ""
    return charts.level_dots(
        labels,
        levels,
        phases,
        palette,
        without_data=_without_data(result),
        counts=dict(result.respons.per_niveau),
        description=_levels_text(result, levels),
    )


def _levels_text(result: EngagementResult, levels: dict[str, Sequence[float | None]]) -> str:
    """The level chart's alt text, from the scores it draws."""
    parts = []
    for i, d in enumerate(result.dimensies):
        shown_levels = ", ".join(f"{level} {number(values[i])}" for level, values in levels.items() if values[i] is not None)
        parts.append(f"{d.kort}: {shown_levels or 'niet per niveau te tonen'}")
    return "; ".join(parts)


def short_reason(reason: str) -> str:
    """An agenda item's reason for the full agenda's table: the step with the remark's label only,
    'Doel en belangen: van fase 2 naar 3 (Bundelen), grensgeval fase 2/3', since the remark's
    explanation is on the dimension's page and would repeat in every row of that dimension."""
    head, _, remark = reason.partition(". ")
    if not remark:
        return reason
    label = remark.split(":")[0]
    return f"{head}, {label[:1].lower()}{label[1:]}"
