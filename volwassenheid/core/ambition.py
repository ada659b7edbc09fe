"""Ambition given as DIMENSIE=FASE pairs (command line, CSV), checked against a set."""

from __future__ import annotations

from collections.abc import Iterable

from volwassenheid.core.errors import UserError
from volwassenheid.core.questionset import QuestionSet


def parse_ambition_pairs(pairs: Iterable[str], question_set: QuestionSet) -> dict[str, int]:
    """{'tvb': 4, ...} from ['tvb=4', ...]; every bad pair is reported at once."""
    dimension_ids = [d.id for d in question_set.dimensies]
    ambition: dict[str, int] = {}
    problems = []
    for pair in pairs:
        key, separator, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not separator or not key or not value:
            problems.append(f"'{pair}': schrijf DIMENSIE=FASE, bijvoorbeeld tvb=4")
        elif key not in dimension_ids:
            problems.append(f"'{pair}': onbekende dimensie '{key}'; bekend zijn: {', '.join(dimension_ids)}")
        elif not value.isdigit() or not 1 <= int(value) <= question_set.phase_count:
            problems.append(f"'{pair}': fase moet een geheel getal van 1 t/m {question_set.phase_count} zijn")
        elif key in ambition and ambition[key] != int(value):
            problems.append(f"'{pair}': voor '{key}' is al fase {ambition[key]} opgegeven")
        else:
            ambition[key] = int(value)
    if problems:
        raise UserError("Ongeldige --ambitie:", problems)
    return {d: ambition[d] for d in dimension_ids if d in ambition}
