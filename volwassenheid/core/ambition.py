"""Ambition given as DIMENSIE=FASE pairs (command line, CSV), checked against a set."""

from __future__ import annotations

from collections.abc import Iterable

from volwassenheid.core.key_value_pairs import parse_pairs
from volwassenheid.core.modules import left_out_note
from volwassenheid.core.questionset import QuestionSet


def parse_ambition_pairs(pairs: Iterable[str], question_set: QuestionSet) -> dict[str, int]:
    """{'tvb': 4, ...} from ['tvb=4', ...]; every bad pair is reported at once."""
    dimension_ids = [d.id for d in question_set.dimensies]

    def read(key: str, value: str) -> tuple[str, int] | str:
        if key not in dimension_ids:
            return f"onbekende dimensie '{key}'{left_out_note(question_set, key)}; bekend zijn: {', '.join(dimension_ids)}"
        if not value.isdigit() or not 1 <= int(value) <= question_set.phase_count:
            return f"fase moet een geheel getal van 1 t/m {question_set.phase_count} zijn"
        return key, int(value)

    ambition = parse_pairs(pairs, "--doelfase", "schrijf DIMENSIE=FASE, bijvoorbeeld tvb=4", read, given=lambda phase: f"fase {phase}")
    return {d: ambition[d] for d in dimension_ids if d in ambition}
