"""Two measurements of one partnership side by side: what changed, and whether the change is real. Pure.

Only published figures are compared (a dimension's score and interval, a question's score, a group's
score where it is shown in both), so the comparison tells nothing that the two reports together do not.

The 95% interval of a change treats the measurements as independent samples: each score's standard
error is read from the width of its own 95% interval (width / (2 x 1.96)), and the change has
change -/+ 1.96 sqrt(se_then^2 + se_now^2). Where the same people answered twice the two scores are
positively correlated and the true interval narrower: this one errs on the careful side. A change is
real when its interval excludes 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from volwassenheid.core.dutch import difference, number, plural, shown
from volwassenheid.core.measurements import measurement_date
from volwassenheid.core.models import Interview
from volwassenheid.core.results import DimensionResult, EngagementResult, GroupScore
from volwassenheid.core.uncertainty import Z_975

COMPOSITION_CHANGE = 0.5
"""A change of more than this share in the number of respondents is worth a warning."""


class Measurement(BaseModel):
    meting: str
    datum: str
    vragenlijst: str
    """'samenwerking 2.0'."""
    respondenten: int
    per_organisatie: dict[str, int]
    per_niveau: dict[str, int]
    niet_gehoord: list[str]
    respons: float | None
    """Respondents as a share of the invited, when `uitgenodigd` is known."""


class DimensionChange(BaseModel):
    id: str
    naam: str
    score_vorige: float | None
    score: float | None
    score_interval_vorige: list[float] | None
    score_interval: list[float] | None
    """The 95% intervals of the two scores, as each measurement publishes them."""
    verandering: float | None
    interval: list[float] | None
    """The 95% interval of the change; None when a measurement has no interval (too few respondents)."""
    echt: bool | None
    """The interval excludes 0."""
    fase_vorige: int | None
    fase: int | None
    doelfase_vorige: int | None
    doelfase: int | None
    indicatief: bool
    """Indicative in either measurement (fewer respondents than `minimale_n`)."""


class ScoreChange(BaseModel):
    """A question's or a group's score then and now, where it is shown in both."""

    id: str
    """The question id, or the name of the organisation or level."""
    dimensie: str
    score_vorige: float
    score: float
    verandering: float


class Comparison(BaseModel):
    vorige: Measurement
    huidige: Measurement
    dimensies: list[DimensionChange]
    dimensies_niet_vergeleken: list[str]
    """Dimensions in only one of the two measurements."""
    vragen: list[ScoreChange]
    vragen_niet_vergeleken: list[str]
    """Questions in only one of the two measurements (another version of the set, another module)."""
    vragen_zonder_score: list[str]
    """Questions in both without a score in one or both: withheld there to protect a small group, too
    few respondents on their dimension, or unanswered."""
    per_organisatie: list[ScoreChange]
    per_niveau: list[ScoreChange]
    waarschuwingen: list[str]


def copied_interviews(
    then: Sequence[Interview], now: Sequence[Interview], ids_then: Mapping[str, str] | None = None, ids_now: Mapping[str, str] | None = None
) -> list[str]:
    """The codes of interviews in `now` that are also in `then`: the same organisation, level, start
    and answers. A follow-up has interviews of its own; with the same records in both, the two
    measurements' published figures side by side give away the difference, a group of any size.

    Only an interview with an answer on a phase counts: one without enters no figure. A start time
    makes a record its own whatever its code. Survey respondents have none: two of them are the same
    when their original ids (`ids_then`, `ids_now`: code -> id as compared) are known in both and
    equal, else when their codes are; two people who each left every question blank or ticked 3
    throughout are two people, and a copy renumbered by a later import is still a copy."""

    def record(interview: Interview) -> tuple:
        answers = sorted((qid, answer.waarde) for qid, answer in interview.antwoorden.items())
        return interview.organisatie, interview.niveau, interview.gestart, tuple(answers)

    def who(interview: Interview, ids: Mapping[str, str] | None) -> str | None:
        return (ids or {}).get(interview.code)

    def same(earlier: Interview, later: Interview) -> bool:
        if later.gestart is not None:
            return True
        source_then, source_now = who(earlier, ids_then), who(later, ids_now)
        if source_then is not None and source_now is not None:
            return source_then == source_now
        return earlier.code == later.code

    earlier: dict[tuple, list[Interview]] = {}
    for interview in then:
        earlier.setdefault(record(interview), []).append(interview)
    return [
        interview.code
        for interview in now
        if any(_has_phase(answer.waarde) for answer in interview.antwoorden.values())
        and any(same(match, interview) for match in earlier.get(record(interview), []))
    ]


def _has_phase(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def change_interval(then: Sequence[float] | None, now: Sequence[float] | None, change: float) -> list[float] | None:
    """The 95% interval of `change` from the two scores' 95% intervals, as the module says."""
    if not then or not now:
        return None
    spread = math.hypot((then[1] - then[0]) / (2 * Z_975), (now[1] - now[0]) / (2 * Z_975))
    return [change - Z_975 * spread, change + Z_975 * spread]


def compare(then: EngagementResult, now: EngagementResult, then_label: tuple[str, str], now_label: tuple[str, str]) -> Comparison:
    """`then` and `now` with their (meting, datum); the dimensions and questions both have, in the
    order of `now`."""
    earlier = {d.id: d for d in then.dimensies}
    later_ids = {d.id for d in now.dimensies}
    dimensions = [_dimension_change(earlier[d.id], d) for d in now.dimensies if d.id in earlier]
    questions_then = {q.id: (d.id, q.score) for d in then.dimensies for q in d.vragen}
    questions_now = {q.id: (d.id, q.score) for d in now.dimensies for q in d.vragen}
    questions = [
        ScoreChange(id=qid, dimensie=dimension, score_vorige=before, score=score, verandering=score - before)
        for qid, (dimension, score) in questions_now.items()
        if qid in questions_then and score is not None and (before := questions_then[qid][1]) is not None
    ]
    # A dimension with too few respondents (or none) lists no questions at all: its questions are
    # not missing from that measurement, they have no score there.
    unpublished = {d.id for d in then.dimensies if not d.vragen} | {d.id for d in now.dimensies if not d.vragen}
    in_one = {qid: dimension for qid, (dimension, _) in (questions_then | questions_now).items() if (qid in questions_then) != (qid in questions_now)}
    return Comparison(
        vorige=_measurement(then, *then_label),
        huidige=_measurement(now, *now_label),
        dimensies=dimensions,
        dimensies_niet_vergeleken=[d.id for d in then.dimensies if d.id not in later_ids] + [d.id for d in now.dimensies if d.id not in earlier],
        vragen=questions,
        vragen_niet_vergeleken=sorted(qid for qid, dimension in in_one.items() if dimension not in unpublished),
        vragen_zonder_score=[
            qid
            for qid, (dimension, score) in (questions_then | questions_now).items()
            if (qid in questions_then and qid in questions_now and (score is None or questions_then[qid][1] is None))
            or (qid in in_one and dimension in unpublished)
        ],
        per_organisatie=_group_changes(then, now, "per_organisatie"),
        per_niveau=_group_changes(then, now, "per_niveau"),
        waarschuwingen=_warnings(then, now),
    )


def _dimension_change(then: DimensionResult, now: DimensionResult) -> DimensionChange:
    change = now.score - then.score if now.score is not None and then.score is not None else None
    interval = change_interval(then.interval, now.interval, change) if change is not None else None
    return DimensionChange(
        id=now.id,
        naam=now.naam,
        score_vorige=then.score,
        score=now.score,
        score_interval_vorige=then.interval,
        score_interval=now.interval,
        verandering=change,
        interval=interval,
        echt=(interval[0] > 0 or interval[1] < 0) if interval else None,
        fase_vorige=then.fase,
        fase=now.fase,
        doelfase_vorige=then.doelfase,
        doelfase=now.doelfase,
        indicatief=then.indicatief or now.indicatief,
    )


def _group_changes(then: EngagementResult, now: EngagementResult, kind: str) -> list[ScoreChange]:
    """A group's change on a dimension only where it is shown (not suppressed, with a score) in both."""
    earlier = {(d.id, g.naam): g for d in then.dimensies for g in getattr(d, kind)}
    changes = []
    for dimension in now.dimensies:
        for group in getattr(dimension, kind):
            before: GroupScore | None = earlier.get((dimension.id, group.naam))
            if before is None or before.onderdrukt or group.onderdrukt or before.score is None or group.score is None:
                continue
            changes.append(
                ScoreChange(
                    id=group.naam, dimensie=dimension.id, score_vorige=before.score, score=group.score, verandering=group.score - before.score
                )
            )
    return changes


def _measurement(result: EngagementResult, meting: str, datum: str) -> Measurement:
    return Measurement(
        meting=meting,
        datum=datum,
        vragenlijst=f"{result.vragenlijst.id} {result.vragenlijst.versie}",
        respondenten=result.respons.respondenten,
        per_organisatie=result.respons.per_organisatie,
        per_niveau=result.respons.per_niveau,
        niet_gehoord=result.dekking.niet_gehoord,
        respons=result.respons.percentage,
    )


METHOD = {"weging": "weging", "fase_regel": "faseregel", "drempel": "drempel", "aantal_fasen": "aantal fasen"}
"""The settings that change how a score or a phase is computed, with their names in a warning."""


def _warnings(then: EngagementResult, now: EngagementResult) -> list[str]:
    """What makes the two hard to compare: another version of the set, another way of scoring,
    partners heard in one only, far more or fewer respondents."""
    warnings = []
    if (then.vragenlijst.id, then.vragenlijst.versie) != (now.vragenlijst.id, now.vragenlijst.versie):
        warnings.append(
            f"andere vragenlijst ({then.vragenlijst.id} {then.vragenlijst.versie}, nu {now.vragenlijst.id} {now.vragenlijst.versie}): "
            "alleen de vragen en dimensies die beide hebben, zijn vergeleken"
        )
    changed = [
        f"{word} {number_or_text(getattr(then, key))}, nu {number_or_text(getattr(now, key))}"
        for key, word in METHOD.items()
        if getattr(then, key) != getattr(now, key)
    ]
    if changed:
        warnings.append(f"anders gerekend ({'; '.join(changed)}): een deel van de verandering kan uit de rekenwijze komen")
    heard_then = {name for name, count in then.respons.per_organisatie.items() if count}
    heard_now = {name for name, count in now.respons.per_organisatie.items() if count}
    if heard_then - heard_now:
        warnings.append(f"alleen de vorige keer gehoord: {', '.join(sorted(heard_then - heard_now))}")
    if heard_now - heard_then:
        warnings.append(f"alleen nu gehoord: {', '.join(sorted(heard_now - heard_then))}")
    before, after = then.respons.respondenten, now.respons.respondenten
    if before and abs(after - before) / before > COMPOSITION_CHANGE:
        warnings.append(f"{plural(before, 'respondent', 'respondenten')} de vorige keer, nu {after}: de groep is sterk veranderd")
    return warnings


class HeardRow(BaseModel):
    """Respondents of one organisation or level in both measurements."""

    soort: str
    """'organisatie' or 'niveau'."""
    naam: str
    toen: int
    nu: int


def heard_side_by_side(comparison: Comparison) -> list[HeardRow]:
    """Respondents per organisation (the current measurement's order, then any only in the previous
    one; a partner not heard with 0) and per level, then and now. Counts, no scores: each report
    publishes them already."""
    rows = []
    for kind, then, now in (
        ("organisatie", comparison.vorige.per_organisatie, comparison.huidige.per_organisatie),
        ("niveau", comparison.vorige.per_niveau, comparison.huidige.per_niveau),
    ):
        rows += [HeardRow(soort=kind, naam=name, toen=then.get(name, 0), nu=now.get(name, 0)) for name in dict.fromkeys([*now, *then])]
    return rows


def shown_change(change: DimensionChange | ScoreChange) -> str:
    """The change as the difference of the two scores as shown, with its sign: '+1,0', '-0,2', '0,0';
    '–' without both scores. So the three figures side by side always agree."""
    if change.score is None or change.score_vorige is None:
        return "–"
    shown = difference(change.score, change.score_vorige)
    return shown if shown.startswith("-") or shown == "0,0" else f"+{shown}"


def number_or_text(value: object) -> str:
    """A setting as a warning names it: 0.8 -> '0,8', 'organisatie' as it is."""
    return number(value, 2).rstrip("0").rstrip(",") if isinstance(value, float) else str(value)


def summary_sentence(comparison: Comparison) -> str:
    """'Sinds de 0-meting echt gestegen: Taken en bevoegdheden (+1,0); echt gedaald: …; de andere 8 niet
    aantoonbaar.' A dimension without an interval (too few respondents in either) is named apart:
    of that one nobody can say whether it changed."""
    since = f"Sinds {the_measurement(comparison.vorige.meting)}"
    up = [f"{c.naam} ({shown_change(c)})" for c in comparison.dimensies if c.echt and (c.verandering or 0) > 0]
    down = [f"{c.naam} ({shown_change(c)})" for c in comparison.dimensies if c.echt and (c.verandering or 0) < 0]
    steady = sum(1 for c in comparison.dimensies if c.echt is False)
    unknown = [c.naam for c in comparison.dimensies if c.echt is None]
    without = f"zonder interval, want te weinig respondenten: {', '.join(unknown)}"
    if not up and not down:
        if not steady:
            return (
                f"{since} is van geen dimensie te zeggen of ze echt veranderde: een van beide metingen had te weinig respondenten voor een interval."
            )
        if not unknown:
            return f"{since} is geen dimensie aantoonbaar veranderd: bij elke dimensie valt 0 binnen het 95%-interval van de verandering."
        where = f"bij {plural(steady, 'dimensie', 'dimensies')} valt 0 binnen het 95%-interval van de verandering"
        return f"{since} is geen dimensie aantoonbaar veranderd: {where}; {without}."
    parts = []
    if up:
        parts.append(f"echt gestegen: {', '.join(up)}")
    if down:
        parts.append(f"echt gedaald: {', '.join(down)}")
    if steady:
        parts.append(f"{'de andere ' if not unknown else ''}{plural(steady, 'dimensie', 'dimensies')} niet aantoonbaar")
    if unknown:
        parts.append(without)
    return f"{since} {'; '.join(parts)}."


MAX_INTERVAL_DECIMALS = 6


def interval_text(bounds: Sequence[float] | None) -> str:
    """'0,3 tot 0,9'; with two decimals when a bound would show as 0,0, and more while a bound that is
    not 0 would still show as 0, so that 'echt' (0 outside the interval) never stands beside an
    interval that seems to touch 0, and an interval that does hold 0 never looks like one that does
    not: '0,01 tot 0,61', '-0,003 tot 0,62'."""
    if not bounds:
        return "–"
    decimals = sign_keeping_decimals(bounds, 2 if any(abs(bound) < 0.05 for bound in bounds) else 1)
    return f"{number(bounds[0], decimals)} tot {number(bounds[1], decimals)}"


def sign_keeping_decimals(bounds: Sequence[float], least: int) -> int:
    """`least` decimals, or more while a bound that is not 0 would be written as 0 (up to
    MAX_INTERVAL_DECIMALS): an interval's bounds written keep the side of 0 they are on."""
    decimals = least
    while decimals < MAX_INTERVAL_DECIMALS and any(bound != 0 and shown(bound, decimals) == 0 for bound in bounds):
        decimals += 1
    return decimals


def measurement_label(meting: str, datum: str) -> str:
    """A measurement as a trend names it: '0-meting (2026-10-12)'; one named by its date or year
    (a batch's column meting) just '2026-10-12' or '2025', since its datum says nothing more."""
    return meting if measurement_date(meting) or re.fullmatch(r"\d{4}", meting.strip()) else f"{meting} ({datum})"


def the_measurement(meting: str) -> str:
    """'de 0-meting', 'de nulmeting'; one named otherwise 'de meting van 2025'."""
    return f"de {meting}" if "meting" in meting.lower() else f"de meting van {meting}"


def described(measurement: Measurement) -> str:
    """'de 0-meting (2026-10-12)', 'de meting van 2025'."""
    label = measurement_label(measurement.meting, measurement.datum)
    return the_measurement(measurement.meting) + label[len(measurement.meting) :]


class TrendLine(BaseModel):
    """A dimension's score at every measurement of a history, oldest first (None where it had none)."""

    id: str
    naam: str
    scores: list[float | None]
    helling: float | None
    """The least-squares slope of the scores over the measurements' order: phases per measurement."""


class Trend(BaseModel):
    metingen: list[str]
    """'0-meting (2026-10-12)', oldest first."""
    dimensies: list[TrendLine]


def trend(history: Sequence[tuple[str, EngagementResult]]) -> Trend:
    """The scores of every dimension of the newest measurement across `history` (label, result),
    oldest first; a dimension a measurement did not have is None there."""
    newest = history[-1][1]
    lines = []
    for dimension in newest.dimensies:
        scores = [next((d.score for d in result.dimensies if d.id == dimension.id), None) for _, result in history]
        lines.append(TrendLine(id=dimension.id, naam=dimension.naam, scores=scores, helling=slope(scores)))
    return Trend(metingen=[label for label, _ in history], dimensies=lines)


def slope(values: Sequence[float | None]) -> float | None:
    """The least-squares slope of the values against their position, the missing ones left out;
    None with fewer than two values."""
    points = [(float(x), y) for x, y in enumerate(values) if y is not None]
    if len(points) < 2:
        return None
    mean_x = math.fsum(x for x, _ in points) / len(points)
    mean_y = math.fsum(y for _, y in points) / len(points)
    spread = math.fsum((x - mean_x) ** 2 for x, _ in points)
    return math.fsum((x - mean_x) * (y - mean_y) for x, y in points) / spread
