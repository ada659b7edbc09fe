"""Ambition per partnership from a table (samenwerkingsverband;dimensie;fase), checked against the set. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from volwassenheid.core.models import name_key
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.survey import PARTNERSHIP
from volwassenheid.core.survey_table import Problem, Table, header_name, row_of


def ambition_from_table(table: Table, question_set: QuestionSet) -> tuple[dict[str, dict[str, int]], list[Problem]]:
    """{partnership or '*': {dimension: phase}} from samenwerkingsverband;dimensie;fase rows."""
    header = [header_name(h) for h in table.header]
    problems = [Problem(1, name, "verplichte kolom ontbreekt") for name in ("dimensie", "fase") if name not in header]
    if problems:
        return {}, problems
    partnership_column = header.index(PARTNERSHIP) if PARTNERSHIP in header else None
    dimension_column, phase_column = header.index("dimensie"), header.index("fase")
    dimension_ids = {d.id.lower(): d.id for d in question_set.dimensies}
    ambition: dict[str, dict[str, int]] = {}
    problems = list(table.problems)
    unreadable = {problem.row for problem in problems}
    for number, cells in zip(table.row_numbers, table.rows(), strict=True):
        if number in unreadable or not any(c.strip() for c in cells):
            continue
        partnership = _cell(cells, partnership_column) or "*"
        dimension = dimension_ids.get(_cell(cells, dimension_column).lower())
        phase_text = _cell(cells, phase_column).replace(",0", "").replace(".0", "")
        if dimension is None:
            problems.append(
                Problem(
                    number,
                    table.header[dimension_column],
                    f"onbekende dimensie '{_cell(cells, dimension_column)}'; bekend zijn: {', '.join(d.id for d in question_set.dimensies)}",
                )
            )
            continue
        if not phase_text.isdigit() or not 1 <= int(phase_text) <= question_set.phase_count:
            problems.append(
                Problem(
                    number, table.header[phase_column], f"fase moet 1 t/m {question_set.phase_count} zijn (gegeven: '{_cell(cells, phase_column)}')"
                )
            )
            continue
        ambition.setdefault(partnership, {})[dimension] = int(phase_text)
    return ambition, sorted(problems, key=row_of)


def _cell(cells: Sequence[str], index: int | None) -> str:
    """The cell at `index`, stripped; '' for a column the file lacks or a short row."""
    return cells[index].strip() if index is not None and index < len(cells) else ""


def ambition_for(ambition: dict[str, dict[str, int]], partnership: str) -> dict[str, int]:
    """A partnership's own rows override the rows for every partnership ('*'); names match
    as partnerships are grouped, whatever their case and spaces."""
    own = [phases for name, phases in ambition.items() if name != "*" and name_key(name) == name_key(partnership)]
    merged = {**ambition.get("*", {})}
    for phases in own:
        merged.update(phases)
    return merged
