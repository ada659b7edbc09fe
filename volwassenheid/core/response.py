"""The response rate: respondents as a share of the people invited (traject.yaml `uitgenodigd`).

Organisations are compared by name_key, as everywhere. A share above 1 (more respondents
than invited: a count typed wrongly) is kept as it is, never capped: whoever shows it warns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from volwassenheid.core.models import name_key
from volwassenheid.core.questionset import LEVELS


@dataclass(frozen=True)
class InvitedFigures:
    invited: int | None
    """All people invited; None unless every listed organisation, and every one with respondents, has a count."""
    share: float | None
    """All respondents / invited."""
    per_organisation: dict[str, tuple[int, float]]
    """Organisation -> (invited, share of them who responded), for each organisation with a count."""
    per_level: dict[str, tuple[int, float]]
    """Level -> (invited, share), when the total is known and every count is given per level;
    a level with nobody invited is left out."""


@dataclass(frozen=True)
class _Count:
    name: str
    total: int
    per_level: Mapping[str, int] | None


def invited_figures(
    invited: Mapping[str, int | Mapping[Any, int]],
    organisations: Sequence[str],
    respondents_per_organisation: Mapping[str, int],
    respondents_per_level: Mapping[Any, int],
) -> InvitedFigures:
    counts = _counts_by_key(invited, organisations)
    responded: dict[str, int] = {}
    for name, number in respondents_per_organisation.items():
        responded[name_key(name)] = responded.get(name_key(name), 0) + number
    per_organisation = {count.name: (count.total, responded.get(key, 0) / count.total) for key, count in counts.items()}
    needed = {name_key(name) for name in organisations} | {key for key, number in responded.items() if number > 0}
    if not needed or not needed <= counts.keys():
        return InvitedFigures(None, None, per_organisation, {})
    total = sum(count.total for count in counts.values())
    share = sum(responded.values()) / total
    return InvitedFigures(total, share, per_organisation, _per_level(counts.values(), respondents_per_level))


def _counts_by_key(invited: Mapping[str, int | Mapping[str, int]], organisations: Sequence[str]) -> dict[str, _Count]:
    """The counts by name_key, in the order of `organisations`, then of `invited`; each named as the traject spells it."""
    spelling: dict[str, str] = {}
    for name in [*organisations, *invited]:
        spelling.setdefault(name_key(name), name)
    given: dict[str, _Count] = {}
    for name, value in invited.items():
        key = name_key(name)
        if key in given:
            raise ValueError(f"two invited counts for one organisation: {given[key].name!r} and {name!r}")
        levels = dict(value) if isinstance(value, Mapping) else None
        total = value if isinstance(value, int) else sum(value.values())
        if total < 1:
            raise ValueError(f"the invited count of {name!r} must be at least 1")
        given[key] = _Count(spelling[key], total, levels)
    return {key: given[key] for key in spelling if key in given}


def _per_level(counts, respondents_per_level: Mapping[str, int]) -> dict[str, tuple[int, float]]:
    counts = list(counts)
    if any(count.per_level is None for count in counts):
        return {}
    invited: dict[str, int] = {}
    for count in counts:
        for level, number in count.per_level.items():
            invited[level] = invited.get(level, 0) + number
    order = [*LEVELS, *sorted(set(invited) - set(LEVELS))]
    return {level: (invited[level], respondents_per_level.get(level, 0) / invited[level]) for level in order if invited.get(level, 0) > 0}
