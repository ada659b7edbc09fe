"""Two measurements of one partnership compared: what `volwassenheid vergelijk` shows, without the printing."""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

from volwassenheid.app.traject import Traject
from volwassenheid.core.advice import AgendaItem
from volwassenheid.core.comparison import Comparison, Trend, compare, copied_interviews, measurement_label, trend
from volwassenheid.core.dutch import plural
from volwassenheid.core.errors import UserError
from volwassenheid.core.models import name_key
from volwassenheid.core.survey import same_person
from volwassenheid.storage import respondents


def compare_trajects(earlier: str | PathLike[str] | Traject, later: str | PathLike[str] | Traject) -> Comparison:
    """The change from the measurement in folder `earlier` to the one in `later` (or open Trajects).
    Two different partnerships are refused: their scores say nothing about each other's development."""
    before = earlier if isinstance(earlier, Traject) else Traject.open(earlier)
    after = later if isinstance(later, Traject) else Traject.open(later)
    names = (before.engagement.samenwerkingsverband, after.engagement.samenwerkingsverband)
    if name_key(names[0]) != name_key(names[1]):
        raise UserError(f"'{names[0]}' en '{names[1]}' zijn verschillende samenwerkingsverbanden; vergelijk twee metingen van hetzelfde.")
    if before.folder.resolve() == after.folder.resolve():
        raise UserError(f"'{before.folder}' twee keer: geef de map van de vorige meting en die van de nieuwe.")
    if before.engagement.datum > after.engagement.datum:  # backwards, every rise would read as a fall
        raise UserError(
            f"De meting in '{before.folder}' ({before.engagement.datum.isoformat()}) is later dan die in '{after.folder}' "
            f"({after.engagement.datum.isoformat()}); geef eerst de vorige meting, dan de nieuwe."
        )
    copied = copied_interviews(before.interviews, after.interviews, _source_ids(before), _source_ids(after))
    if copied:
        shown = ", ".join(copied[:5]) + (", …" if len(copied) > 5 else "")
        raise UserError(
            f"'{after.folder}' heeft {plural(len(copied), 'interview', 'interviews')} die ook in '{before.folder}' staan ({shown}: "
            "dezelfde organisatie, niveau en antwoorden, en dezelfde begintijd of enquête-id). Een vervolgmeting heeft eigen interviews: naast elkaar zouden de twee metingen "
            "laten terugrekenen wat één persoon of een kleine groep antwoordde. Haal de gekopieerde interviews uit de nieuwe meting."
        )
    return compare(
        before.score(),
        after.score(),
        (before.engagement.meting, before.engagement.datum.isoformat()),
        (after.engagement.meting, after.engagement.datum.isoformat()),
    )


def previous_comparison(traject: Traject) -> Comparison | None:
    """The change since the measurement `vorige_meting` names (a folder relative to the traject's),
    or None without one. A folder that is not there is a UserError: a report that silently left out
    the development would tell a steering group less than it was promised."""
    if traject.engagement.vorige_meting is None:
        return None
    chain = history(traject)
    return compare_trajects(chain[-2], traject)


def comparison_for_advice(traject: Traject) -> Comparison | None:
    """The previous measurement compared with the traject, for the advice's patterns on change; None
    without `vorige_meting`, or when its folder does not open as a traject of the same partnership.
    Not an error here: then those patterns do not apply, and `vergelijk`, `rapport` and the line under
    `advies` say what is wrong with `vorige_meting`."""
    try:
        before = traject.previous()
        return compare_trajects(before, traject) if before is not None else None
    except UserError:
        return None


def _source_ids(traject: Traject) -> dict[str, str]:
    """Code -> original survey id (as `same_person` compares them) of the traject's imported
    respondents; read only when it has survey respondents, who carry no start time."""
    if not any(interview.gestart is None for interview in traject.interviews):
        return {}
    return {code: same_person(source) for source, code in respondents.imported_ids(traject.folder).items()}


MAX_HISTORY = 20
"""Measurements followed back through `vorige_meting`: more is a loop or a mistake."""


def history(traject: Traject) -> list[Traject]:
    """The traject and the measurements before it, through `vorige_meting`, oldest first. A loop, a
    missing folder or a measurement of another partnership is a UserError naming the traject.yaml
    that points there."""
    chain = [traject]
    seen = {traject.folder.resolve()}
    while chain[0].engagement.vorige_meting is not None:
        folder = chain[0].folder / chain[0].engagement.vorige_meting
        where = chain[0].folder / "traject.yaml"
        if not (folder / "traject.yaml").is_file():
            raise UserError(f"{where}: vorige_meting: in '{folder}' staat geen traject; zet daar de map van de vorige meting, of haal de regel weg.")
        if folder.resolve() in seen:
            raise UserError(f"{where}: vorige_meting: de metingen verwijzen in een kring naar elkaar; elke meting wijst naar een eerdere.")
        if len(chain) >= MAX_HISTORY:
            raise UserError(f"{where}: vorige_meting: meer dan {MAX_HISTORY} metingen achter elkaar; is dat de bedoeling?")
        seen.add(folder.resolve())
        earlier = chain[0].previous()
        if earlier is None:  # not so: vorige_meting is set, so previous() opened it
            break
        names = (earlier.engagement.samenwerkingsverband, chain[0].engagement.samenwerkingsverband)
        if name_key(names[0]) != name_key(names[1]):  # its scores would enter the trend of another partnership
            raise UserError(
                f"{where}: vorige_meting: '{folder}' is een meting van '{names[0]}', niet van '{names[1]}'; "
                "zet daar de map van de vorige meting van hetzelfde samenwerkingsverband."
            )
        chain.insert(0, earlier)
    return chain


def _trend_of(chain: list[Traject]) -> Trend | None:
    """The scores per dimension over three or more measurements (a chain of `vorige_meting`), or None."""
    if len(chain) < 3:
        return None
    return trend([(measurement_label(t.engagement.meting, t.engagement.datum.isoformat()), t.score()) for t in chain])


@dataclass(frozen=True)
class Development:
    """What the report says of the measurements before this one."""

    comparison: Comparison
    trend: Trend | None
    previous_roadmap: list[AgendaItem]
    """The actions the previous measurement's report put on its roadmap."""


def development(traject: Traject) -> Development | None:
    """The comparison with the previous measurement, the trend over three or more, and the previous
    roadmap; None without `vorige_meting`. The chain is opened once."""
    if traject.engagement.vorige_meting is None:
        return None
    chain = history(traject)
    return Development(compare_trajects(chain[-2], traject), _trend_of(chain), roadmap_of(chain[-2]))


def roadmap_of(traject: str | PathLike[str] | Traject) -> list[AgendaItem]:
    """The actions on the roadmap of the traject's report (its decisions first, see report.roadmap)."""
    from volwassenheid.report.data import roadmap_actions

    opened = traject if isinstance(traject, Traject) else Traject.open(traject)
    return roadmap_actions(opened.assess())
