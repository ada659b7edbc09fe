"""Every problem the traject and interview models can report is in Dutch (never pydantic's English)."""

from __future__ import annotations

import itertools
import re

import pytest
from pydantic import ValidationError

from volwassenheid.core.models import Engagement, Interview
from volwassenheid.core.validation import dutch_message, pydantic_problems

ENGLISH = re.compile(r"Input should|should be|Field required|Value error|Unable to|Invalid|valid |input|[Ee]xpected", re.IGNORECASE)

REF = {"id": "mini", "versie": "0.1"}
GOOD_ENGAGEMENT = {"samenwerkingsverband": "X", "datum": "2026-10-12", "vragenlijst": REF}
GOOD_INTERVIEW = {"code": "R01", "organisatie": "Politie", "niveau": "tactisch", "vragenlijst": REF}

BAD_VALUES = [
    None,
    "",
    " ",
    "x",
    "gisteren",
    "2026-02-30",
    "2026-02-30T10:00:00",
    "2026-10-12T10:00:00+25:00",
    "2026-10-12T25:61:00",
    "12-13-2026",
    "10:00",
    0,
    -1,
    1.5,
    10**20,
    float("inf"),
    float("nan"),
    True,
    False,
    [],
    ["a", "a"],
    [1],
    {},
    {"x": 1},
    {"waarde": True},
    {"waarde": "3"},
    {"v1": {"waarde": 99}},
    "a\x1bb",
    "#12",
]


def _documents():
    for good, model in ((GOOD_ENGAGEMENT, Engagement), (GOOD_INTERVIEW, Interview)):
        fields = [*model.model_fields, "onbekend"]
        for field, value in itertools.product(fields, BAD_VALUES):
            yield model, {**good, field: value}
        for nested in ("vragenlijst", "instellingen", "huisstijl", "antwoorden", "ambitie"):
            if nested in model.model_fields:
                for inner, value in itertools.product(
                    ["id", "versie", "pad", "minimaal_aandeel", "minimale_groep", "kleuren", "logo", "v1", "x"], BAD_VALUES
                ):
                    yield model, {**good, nested: {inner: value}}


def _problems() -> list[tuple[str, str, str]]:
    found = []
    for model, document in _documents():
        try:
            model.model_validate(document)
        except ValidationError as error:
            for detail, (_, message) in zip(error.errors(include_url=False), pydantic_problems(error), strict=True):
                found.append((detail["type"], message, repr(document)[:120]))
    return found


def test_many_bad_values_give_only_dutch_messages():
    problems = _problems()
    kinds = {kind for kind, _, _ in problems}
    assert {"datetime_from_date_parsing", "datetime_parsing", "timezone_offset", "date_from_datetime_parsing"} & kinds
    english = [(kind, message, doc) for kind, message, doc in problems if ENGLISH.search(message.split(" (gegeven:")[0])]
    assert english == []


@pytest.mark.parametrize("value", ["gisteren", "2026-02-30T10:00:00", "2026-10-12T10:00:00+25:00"])
def test_timestamps_of_an_interview_get_a_dutch_message(value):
    with pytest.raises(ValidationError) as error:
        Interview.model_validate({**GOOD_INTERVIEW, "gestart": value})
    [(loc, message)] = pydantic_problems(error.value)
    assert loc == ("gestart",) and message.startswith(("moet een tijdstip zijn", "heeft een onmogelijke tijdzone"))


def test_every_date_and_time_error_type_has_its_own_dutch_text():
    import typing

    from pydantic_core.core_schema import ErrorType

    for kind in typing.get_args(ErrorType):
        if any(word in kind for word in ("date", "time", "zone")):
            message = dutch_message({"type": kind, "loc": ("x",), "msg": "Input should be English", "input": None})
            assert "Input should" not in message and f"({kind})" not in message, kind
