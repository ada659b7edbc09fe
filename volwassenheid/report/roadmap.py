"""The verbeteragenda as a roadmap: a handful of priorities by horizon, with room for the steering group
to name an owner, a date and an indicator. The full agenda stays in the appendix. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from volwassenheid.core.advice import AgendaItem

ROADMAP_MOST = 7
PER_DIMENSION = 2
HORIZONS = ("kort", "middellang", "lang")


class RoadmapItem(BaseModel):
    nummer: int
    """Its number in the full agenda, so the two can be read side by side."""
    besluit: int | None
    """Its number among the summary's decisions for the steering group, if it is one."""
    titel: str
    wie: str
    dimensies: str


class RoadmapRow(BaseModel):
    horizon: str
    """'kort (maanden)'."""
    acties: list[RoadmapItem]


def roadmap(
    agenda: list[AgendaItem],
    names: dict[str, str],
    horizon_labels: dict[str, str],
    actor_labels: dict[str, str],
    decisions: Sequence[int] = (),
) -> list[RoadmapRow]:
    """The `roadmap_items` of the agenda, shown in agenda order, grouped by horizon (short first).
    Horizons without an item are left out."""
    chosen = roadmap_items(agenda, decisions)
    order = list(decisions)
    rows = []
    for horizon in HORIZONS:
        items = [
            RoadmapItem(
                nummer=item.nummer,
                besluit=order.index(item.nummer) + 1 if item.nummer in order else None,
                titel=item.titel,
                wie=actor_labels.get(item.actor, item.actor),
                dimensies=", ".join(names.get(d, d) for d in item.dimensies) or "patroon",
            )
            for item in chosen
            if item.horizon == horizon
        ]
        if items:
            rows.append(RoadmapRow(horizon=horizon_labels.get(horizon, horizon), acties=items))
    return rows


def roadmap_items(agenda: list[AgendaItem], decisions: Sequence[int] = ()) -> list[AgendaItem]:
    """ROADMAP_MOST items of the agenda: the summary's decisions (agenda numbers in `decisions`), then
    the highest of each other dimension, in the agenda's order of priority, then the next ones up to
    PER_DIMENSION per dimension; in agenda order."""
    chosen: list[AgendaItem] = [item for item in agenda if item.nummer in decisions][:ROADMAP_MOST]
    per_dimension: dict[str, int] = {}
    for item in chosen:
        for d in item.dimensies:
            per_dimension[d] = per_dimension.get(d, 0) + 1
    for most in range(1, PER_DIMENSION + 1):
        for item in agenda:
            if len(chosen) == ROADMAP_MOST:
                break
            if item in chosen or any(per_dimension.get(d, 0) >= most for d in item.dimensies):
                continue
            for d in item.dimensies:
                per_dimension[d] = per_dimension.get(d, 0) + 1
            chosen.append(item)
    chosen.sort(key=agenda.index)
    return chosen
