"""KEY=NUMBER pairs of --ambitie and --uitgenodigd: one parser, every bad pair named at once."""

from __future__ import annotations

import pytest

from volwassenheid.core.ambition import parse_ambition_pairs
from volwassenheid.core.errors import UserError
from volwassenheid.core.invited import parse_invited_pairs


def problems(call) -> list[str]:
    with pytest.raises(UserError) as caught:
        call()
    return caught.value.details


def test_every_bad_ambition_pair_is_named_with_control_characters_written_out(mini_set):
    found = problems(lambda: parse_ambition_pairs(["tvb=4", "tvb=3", "x\x1b[2J=2", "informatie", "vertrouwen=9"], mini_set))
    assert found == [
        "'tvb=3': voor 'tvb' is al fase 4 opgegeven",
        "'x\\x1b[2J=2': onbekende dimensie 'x\\x1b[2J'; bekend zijn: vertrouwen, tvb, informatie",
        "'informatie': schrijf DIMENSIE=FASE, bijvoorbeeld tvb=4",
        "'vertrouwen=9': fase moet een geheel getal van 1 t/m 5 zijn",
    ]
    assert parse_ambition_pairs(["informatie=2", " vertrouwen = 3 ", "informatie=2"], mini_set) == {"vertrouwen": 3, "informatie": 2}


def test_every_bad_invited_pair_is_named(mini_set):
    found = problems(lambda: parse_invited_pairs(["politie=4", "Politie=5", "OM=3", "=3"], ["Politie", "GGZ"]))
    assert found == [
        "'Politie=5': voor 'Politie' is al 4 opgegeven",
        "'OM=3': onbekende organisatie; de organisaties van dit traject zijn: Politie, GGZ",
        "'=3': schrijf ORGANISATIE=AANTAL, bijvoorbeeld Politie=40",
    ]
    assert parse_invited_pairs(["GGZ=2", "Team=Noord=7"], None) == {"GGZ": 2, "Team=Noord": 7}
