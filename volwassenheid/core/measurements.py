"""The measurements of one partnership in a survey export with a column meting: their order, their
folders and their dates. Pure.

Measurements are ordered by date when every one is a date (2026-10-12 or 12-10-2026), by number when
every one is a number (a year: 2025, 2026) or every one is 'N-meting' (0-meting, 1-meting), and
otherwise in the order in which the file first names them (`order_measurements` says so).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_YEAR = re.compile(r"^\d{1,9}$")
_ROUND = re.compile(r"^(\d{1,9})\s*-?\s*meting$", re.IGNORECASE)


def measurement_date(label: str) -> dt.date | None:
    """The day a measurement's name is (YYYY-MM-DD or DD-MM-YYYY), or None."""
    text = label.strip()
    found = _ISO.match(text)
    if found:
        year, month, day = map(int, found.groups())
    elif found := _DUTCH.match(text):
        day, month, year = map(int, found.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(label: str) -> int | None:
    date = measurement_date(label)
    return date.toordinal() if date is not None else None


def _year(label: str) -> int | None:
    return int(label.strip()) if _YEAR.match(label.strip()) else None


def _round(label: str) -> int | None:
    found = _ROUND.match(label.strip())
    return int(found.group(1)) if found else None


_ORDERS: tuple[Callable[[str], int | None], ...] = (_day, _year, _round)
"""By date, by number (a year), by the number of an N-meting: the first that every measurement has, once each."""


def order_measurements(labels: Sequence[str]) -> tuple[list[str], str | None]:
    """The measurements (distinct, in file order) oldest first, and why they are in file order when
    they are not ordered by date or number: a note in Dutch, or None."""
    if len(labels) < 2:
        return list(labels), None
    for key in _ORDERS:
        keys = {label: key(label) for label in labels}
        numbers = [k for k in keys.values() if k is not None]
        if len(numbers) == len(labels) and len(set(numbers)) == len(numbers):
            return sorted(labels, key=lambda label: keys[label] or 0), None
    shown = ", ".join(f"'{label}'" for label in labels)
    return list(labels), (
        f"de metingen {shown} zijn niet allemaal verschillende datums (2026-10-12 of 12-10-2026), jaartallen of 'N-meting': "
        "ze staan in de volgorde waarin het bestand ze het eerst noemt"
    )


def one_spelling_per_day(labels: list[str], notes: list[str]) -> list[str]:
    """Every measurement that is a date in the first spelling of that day in the file: '15-01-2026'
    after '2026-01-15' is the same measurement, not a second one on the same day. A note names the
    spellings taken together."""
    return first_spellings(labels, lambda label: measurement_date(label) if label else None, notes, "meting", "dezelfde dag, ")


def first_spellings(values: list[str], key: Callable[[str], object], notes: list[str], kind: str, why: str = "") -> list[str]:
    """Every value in the first spelling in the file of its `key` (a value whose key is None stays as
    it is); a note per value spelled more than one way: "meting '2026-01-15' ook gespeld als
    '15-01-2026'; dezelfde dag, samengenomen als '2026-01-15'" (`kind` 'meting', `why` 'dezelfde dag, ')."""
    spellings: dict[object, list[str]] = {}
    for value in dict.fromkeys(values):  # each distinct spelling once, in file order
        found = key(value)
        if found is not None:
            spellings.setdefault(found, []).append(value)
    read_as: dict[str, str] = {}
    for first, *others in (found for found in spellings.values() if len(found) > 1):
        also = ", ".join(f"'{other}'" for other in others)
        notes.append(f"{kind} '{first}' ook gespeld als {also}; {why}samengenomen als '{first}'")
        read_as |= dict.fromkeys(others, first)
    return [read_as.get(value, value) for value in values] if read_as else values
