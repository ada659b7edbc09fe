"""The one-page dashboard that opens the report: a conclusion, every dimension against its doelfase,
how far the figures can be trusted, what goes well, and the decisions for the steering group.

Pure: it reads an Assessment and returns plain data. The rules are stated in the report's method
appendix and in the README, so a reader can check every choice made here.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from volwassenheid.core.advice import AgendaItem, Gap
from volwassenheid.core.assessment import Assessment, Fieldwork
from volwassenheid.core.dutch import MONTHS, MONTHS_SHORT, number, percentage, plural, shown, shown_gap
from volwassenheid.core.results import DimensionResult, EngagementResult

NEAR_TARGET = 0.3
"""A dimension below its doelfase by at most this much (in score) counts as going well: near its target."""
STRENGTHS_SHOWN = 3
"""More than this many dimensions going well: the rest is counted, so that the dashboard keeps to one page."""
DECISIONS_MOST = 5
DECISIONS_LEAST = 3
STEERING_ACTORS = ("bestuur", "ketenregisseur")
"""Who the decisions are for: the steering group decides, or has the ketenregisseur act."""
MEASURE_AGAIN_MONTHS = 12


class DashRow(BaseModel):
    """One dimension on the dashboard's chart."""

    id: str
    kort: str
    score: float | None
    interval: list[float] | None
    fase: int | None
    doelfase: int | None
    tussendoel: int | None
    """For a doelfase more than two phases up: the phase to aim at this period."""
    status: str
    """'op_doel' (doelfase reached), 'dichtbij' (see `near_target`), 'onder', or 'geen' (no score or no doelfase)."""
    grensgeval: bool
    indicatief: bool


class Reliability(BaseModel):
    """The strip under the title: how much the figures rest on."""

    respondenten: int
    respons: str | None
    """'67% respons (16 van 24)' when the invited count is known."""
    organisaties: int
    niet_gehoord: list[str]
    niet_getoond: list[str]
    per_niveau: list[str]
    """'strategisch 3', 'tactisch 5', 'operationeel 8'."""
    grensgevallen: int
    indicatief: int
    veldwerk: str | None
    """'interviews · 13–28 okt 2026'."""


class Decision(BaseModel):
    nummer: int
    agenda: int
    """Its number in the full agenda."""
    titel: str
    wie: str
    horizon: str
    dimensie: str
    """The dimensions it comes from, or 'meerdere dimensies (patroon: …)'."""
    tussendoel: str | None
    """For an item from an unrealistic doelfase: 'Taken en bevoegdheden: tussendoel fase 4 (Versterken) in plaats van 5'."""


class Dashboard(BaseModel):
    titel: str
    ondertitel: str
    rijen: list[DashRow]
    strip: Reliability
    goed: list[str]
    """'Vertrouwen en relaties: 3,7, doelfase 4 (nog 0,3)'."""
    dichtbij: int
    """Dimensies below their doelfase but near it: counted below, and also named under 'Wat goed gaat'."""
    besluiten: list[Decision]
    volgende_meting: str


def near_target(d: DimensionResult) -> bool:
    """Below the doelfase, but by at most NEAR_TARGET in score. Not by the interval: the fewer the
    respondents, the wider it is, and thin data would become good news."""
    if d.score is None or d.doelfase is None or d.doelfase_bereikt:
        return False
    # the gap as shown (3,68 shows as 3,7: 0,3 short), so that the rule agrees with the figures beside it
    return (shown_gap(d.doelfase, d.score) or 0.0) <= NEAR_TARGET + 1e-9


def status(d: DimensionResult) -> str:
    if d.score is None or d.doelfase is None:
        return "geen"
    if d.doelfase_bereikt:
        return "op_doel"
    return "dichtbij" if near_target(d) else "onder"


def build_dashboard(assessment: Assessment, not_shown: list[str], horizon_labels: dict[str, str], actor_labels: dict[str, str]) -> Dashboard:
    result, advice = assessment.result, assessment.advice
    gaps = {g.dimensie: g for g in advice.kloven}
    rows = [_row(d, gaps[d.id]) for d in result.dimensies]
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0.0)))
    going_well = strengths(result)
    return Dashboard(
        titel=conclusion(result, advice.kloven),
        ondertitel=f"{assessment.engagement.samenwerkingsverband} · {assessment.engagement.meting} · {_month(assessment.engagement.datum)}",
        rijen=rows,
        strip=_reliability(result, not_shown, assessment.fieldwork),
        goed=[_strength(d) for d in going_well[:STRENGTHS_SHOWN]]
        + ([f"en nog {plural(len(going_well) - STRENGTHS_SHOWN, 'dimensie', 'dimensies')}"] if len(going_well) > STRENGTHS_SHOWN else []),
        dichtbij=sum(1 for d in going_well if status(d) == "dichtbij"),
        besluiten=decisions(advice.agenda, advice.kloven, result, horizon_labels, actor_labels),
        volgende_meting=next_measurement(assessment),
    )


def strengths(result: EngagementResult) -> list[DimensionResult]:
    """The dimensions at or near their doelfase, the highest score first; indicative ones (too few
    respondents to build on) after the others, so that one person's view never heads the list."""
    well = [d for d in result.dimensies if status(d) in ("op_doel", "dichtbij")]
    return sorted(well, key=lambda d: (d.indicatief, -(d.score or 0.0), d.id))


def _row(d: DimensionResult, gap: Gap) -> DashRow:
    return DashRow(
        id=d.id,
        kort=d.kort,
        score=d.score,
        interval=d.interval,
        fase=d.fase,
        doelfase=d.doelfase,
        tussendoel=_intermediate(gap),
        status=status(d),
        grensgeval=d.grensgeval,
        indicatief=d.indicatief and d.score is not None,
    )


def _intermediate(gap: Gap) -> int | None:
    """The intermediate target the realism check proposes for a doelfase more than two phases up."""
    if gap.realisme != "te_hoog" or gap.fase is None:
        return None
    return gap.fase + 2


def conclusion(result: EngagementResult, gaps: list[Gap]) -> str:
    """The title: the first dimension of 'Wat goed gaat' carries; the (at most two) dimensions below
    and not near their doelfase with the highest priority on the agenda lag. With too few respondents
    it says that it is a first look; without a doelfase it names the highest and lowest score."""
    by_id = {d.id: d for d in result.dimensies}
    well = [d for d in strengths(result) if not d.indicatief] or strengths(result)
    ranked = sorted((g for g in gaps if g.rang is not None), key=lambda g: g.rang or 0)
    behind = [by_id[g.dimensie].kort for g in ranked if status(by_id[g.dimensie]) == "onder"][:2]
    scored = [d for d in result.dimensies if d.score is not None]
    if not scored:
        return "Nog geen beeld, want geen dimensie heeft genoeg antwoorden met een fase"
    if all(d.doelfase is None for d in scored):
        text = _without_target(scored)
    elif not behind:
        text = "Alle dimensies met een doelfase zitten op of dicht bij die doelfase"
    else:
        verb = "blijft" if len(behind) == 1 else "blijven"
        lagging = f"{' en '.join(behind)} {verb} het verst achter"
        text = f"{well[0].kort} draagt; {lagging}" if well else f"{lagging} bij de doelfase"
    if result.waarschuwing or all(d.indicatief for d in scored):
        people = plural(result.respons.respondenten, "respondent", "respondenten")
        return f"Eerste beeld op basis van {people}. {text}"
    return text


def _without_target(scored: list[DimensionResult]) -> str:
    """'Zonder doelfase scoort A het hoogst en B het laagst', by the scores as shown, ties named together."""
    values = {d.id: shown(d.score or 0.0) for d in scored}
    high, low = max(values.values()), min(values.values())
    if len(scored) == 1:
        return f"Zonder doelfase; alleen {scored[0].kort} heeft een score ({number(high)})"
    if high == low:
        return f"Zonder doelfase; alle dimensies scoren {number(high)}"
    top = [d.kort for d in scored if values[d.id] == high]
    bottom = [d.kort for d in scored if values[d.id] == low]
    return f"Zonder doelfase {_listed(top)} {'scoort' if len(top) == 1 else 'scoren'} het hoogst en {_listed(bottom)} het laagst"


def _listed(names: list[str]) -> str:
    """'A', 'A en B', 'A, B en 3 andere'."""
    listed = names if len(names) <= 2 else [*names[:2], f"{len(names) - 2} andere"]
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} en {listed[-1]}"


def decisions(
    agenda: list[AgendaItem], gaps: list[Gap], result: EngagementResult, horizon_labels: dict[str, str], actor_labels: dict[str, str]
) -> list[Decision]:
    """3 to 5 items of the agenda for the steering group, in the agenda's order of priority:
    first those for bestuur or ketenregisseur, then others to reach three; at most one per dimension,
    and at most one that comes from a doelfase more than two phases up (which names its intermediate target)."""
    names = {d.id: d.kort for d in result.dimensies}
    too_high = {g.dimensie: g for g in gaps if g.realisme == "te_hoog"}
    chosen: list[AgendaItem] = []
    used: set[str] = set()
    from_too_high = 0

    def take(item: AgendaItem) -> None:
        nonlocal from_too_high
        if len(chosen) >= DECISIONS_MOST or item in chosen or used & set(item.dimensies):
            return
        unrealistic = any(d in too_high for d in item.dimensies)
        if unrealistic and from_too_high:
            return
        from_too_high += unrealistic
        used.update(item.dimensies)
        chosen.append(item)

    for item in agenda:
        if item.actor in STEERING_ACTORS:
            take(item)
    for item in agenda:
        if len(chosen) >= DECISIONS_LEAST:
            break
        take(item)
    chosen.sort(key=agenda.index)
    return [
        Decision(
            nummer=number_,
            agenda=item.nummer,
            titel=item.titel,
            wie=actor_labels.get(item.actor, item.actor),
            horizon=horizon_labels.get(item.horizon, item.horizon),
            dimensie=", ".join(names[d] for d in item.dimensies if d in names) if item.bron == "stap" else _pattern_source(item, names),
            tussendoel=next((_intermediate_text(too_high[d], names[d]) for d in item.dimensies if d in too_high), None),
        )
        for number_, item in enumerate(chosen, start=1)
    ]


def _pattern_source(item: AgendaItem, names: dict[str, str]) -> str:
    dimensions = [names[d] for d in item.dimensies if d in names]
    pattern = item.aanleiding.removeprefix("Patroon: ").split(" (")[0]
    return f"patroon ‘{pattern}’" + (f": {', '.join(dimensions)}" if dimensions else "")


def _intermediate_text(gap: Gap, name: str) -> str:
    step = _intermediate(gap)
    return f"{name}: tussendoel fase {step} in plaats van {gap.doelfase}; de doelfase ligt meer dan twee fasen hoger dan nu"


def _strength(d: DimensionResult) -> str:
    score = number(d.score)
    caveat = "".join(f", {flag}" for flag, on in (("grensgeval", d.grensgeval), (f"indicatief, n = {d.n}", d.indicatief)) if on)
    if d.doelfase_bereikt:
        where = "boven" if (d.fase or 0) > (d.doelfase or 0) else "op"
        return f"{d.kort}: {score}, fase {d.fase}, {where} de doelfase ({d.doelfase}){caveat}"
    short = shown_gap(d.doelfase, d.score) or 0.0
    if short <= 0:  # the score is at the target as shown, the phase by the phase rule not yet
        return f"{d.kort}: {score}, score op doelniveau, fase nog {d.fase} (doelfase {d.doelfase}){caveat}"
    return f"{d.kort}: {score}, doelfase {d.doelfase} (nog {number(short)}){caveat}"


def _reliability(result: EngagementResult, not_shown: list[str], fieldwork: Fieldwork | None) -> Reliability:
    response = result.respons
    rate = None
    if response.uitgenodigd and response.percentage is not None:
        rate = f"{percentage(response.percentage)} respons ({response.respondenten} van {response.uitgenodigd})"
    return Reliability(
        respondenten=response.respondenten,
        respons=rate,
        organisaties=sum(1 for count in response.per_organisatie.values() if count),
        niet_gehoord=result.dekking.niet_gehoord,
        niet_getoond=not_shown,
        per_niveau=[f"{level} {count}" for level, count in response.per_niveau.items()],
        grensgevallen=result.totaal.profiel.grensgevallen,  # as the profile beside it counts them
        indicatief=result.totaal.profiel.indicatief,
        veldwerk=fieldwork_text(fieldwork, result.minimale_groep),
    )


def fieldwork_text(fieldwork: Fieldwork | None, minimum: int = 1) -> str | None:
    """'interviews · 13–28 okt 2026', 'enquête', or '12 interviews, 4 enquêtes · 3 sep – 2 okt 2026'.
    The period only when every respondent has a date and at least `minimum` do: a period of fewer
    would be the days of those few."""
    if fieldwork is None or not fieldwork.modes:
        return None
    if len(fieldwork.modes) == 1:  # the way of working: 'interviews' or 'enquête'
        modes = {"interview": "interviews", "enquete": "enquête"}.get(next(iter(fieldwork.modes)), "")
    else:
        words = {"interview": ("interview", "interviews"), "enquete": ("enquête", "enquêtes")}
        modes = ", ".join(plural(count, *words[mode]) for mode, count in fieldwork.modes.items() if mode in words)
    everyone = sum(fieldwork.modes.values())
    if fieldwork.first is None or fieldwork.last is None or fieldwork.dated < max(everyone, minimum):
        return modes
    return f"{modes} · {period(fieldwork.first, fieldwork.last)}"


def period(first: dt.date, last: dt.date) -> str:
    """'13–28 okt 2026', '29 sep – 4 okt 2026', '12 dec 2026 – 9 jan 2027'; one day: '13 okt 2026'."""
    if first == last:
        return _day(last)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_day(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTHS_SHORT[first.month - 1]} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def _month(day: dt.date) -> str:
    return f"{MONTHS_SHORT[day.month - 1]} {day.year}"


def next_measurement(assessment: Assessment) -> str:
    """When to measure again: a year after the fieldwork (or the report date), with the same set,
    version and modules, so that the figures can be compared."""
    fieldwork = assessment.fieldwork
    base = fieldwork.last if fieldwork is not None and fieldwork.last is not None else assessment.engagement.datum
    month = base.month - 1 + MEASURE_AGAIN_MONTHS
    when = dt.date(base.year + month // 12, month % 12 + 1, 1)
    question_set = assessment.question_set
    names = [m.naam for m in question_set.modules]
    modules = f", {'modules' if len(names) > 1 else 'module'} {_listed(names)}" if names else ""
    return (
        f"Meet opnieuw rond {MONTHS[when.month - 1]} {when.year}, na de acties voor de korte termijn, "
        f"bij dezelfde groepen en met dezelfde vragenlijst ({question_set.id} {question_set.versie}{modules})."
    )
