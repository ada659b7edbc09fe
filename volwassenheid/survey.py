"""Survey exports as respondents: a table of strings in, answers and problems out. Pure.

Accepts what real exports contain: answers as phase numbers ("3", "3.0"), as
the option's own text, or as weet niet / n.v.t. in their usual spellings;
header names in any case; extra columns (timestamps, e-mail) are ignored and
reported as a note. Every problem names its row and column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from volwassenheid.engagement import DONT_KNOW, NOT_APPLICABLE
from volwassenheid.questionset import LEVELS, QuestionSet
from volwassenheid.scoring import Respondent

RESPONDENT = "respondent"
ORGANISATION = "organisatie"
LEVEL = "niveau"
PARTNERSHIP = "samenwerkingsverband"
REQUIRED = (RESPONDENT, ORGANISATION, LEVEL)

NON_SCORES = {
    "wn": DONT_KNOW,
    "weet niet": DONT_KNOW,
    "weetniet": DONT_KNOW,
    "weet_niet": DONT_KNOW,
    "nvt": NOT_APPLICABLE,
    "n.v.t.": NOT_APPLICABLE,
    "n.v.t": NOT_APPLICABLE,
    "niet van toepassing": NOT_APPLICABLE,
}


@dataclass
class Table:
    """Rows as read from a file; `first_row` is the file's row number of rows[0]."""

    source: str
    header: list[str]
    rows: list[list[str]]
    first_row: int = 2


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class SurveyRow:
    row: int
    partnership: str
    respondent_id: str
    respondent: Respondent


@dataclass
class Survey:
    rows: list[SurveyRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def partnerships(self) -> dict[str, list[SurveyRow]]:
        groups: dict[str, list[SurveyRow]] = {}
        for row in self.rows:
            groups.setdefault(row.partnership, []).append(row)
        return groups


def header_name(raw: str) -> str:
    """A column header as matched: any case, spaces and a byte-order mark ignored."""
    return raw.strip().lstrip("\ufeff").strip().lower()


def normalise(text: str) -> str:
    """Case, spaces and a trailing full stop do not matter when matching text."""
    return re.sub(r"\s+", " ", text.strip().lower()).rstrip(".").strip()


class AnswerReader:
    """Turns a cell into a phase, weet niet, n.v.t. or nothing, for one question set."""

    def __init__(self, question_set: QuestionSet):
        self.phase_count = question_set.phase_count
        numbers = {str(n): n for n in range(1, self.phase_count + 1)}
        numbers.update({f"{n}.0": n for n in range(1, self.phase_count + 1)})
        numbers.update({f"{n},0": n for n in range(1, self.phase_count + 1)})
        non_scores = {normalise(key): value for key, value in NON_SCORES.items()}
        self.common: dict[str, int | str] = {**numbers, **NON_SCORES}
        self.lookup = {
            q.id: {**numbers, **non_scores, **{normalise(text): n for n, text in enumerate(q.opties, start=1)}}
            for q in question_set.vragen
        }

    def read(self, question_id: str, cell: str) -> int | str | None:
        """None for an empty cell; raises ValueError with a Dutch reason for anything unknown."""
        found = self.common.get(cell)  # most cells are a bare digit, wn, nvt or empty
        if found is not None or cell == "":
            return found
        text = cell.strip()
        if not text:
            return None
        found = self.lookup[question_id].get(text) or self.lookup[question_id].get(normalise(text))
        if found is not None:
            return found
        if re.fullmatch(r"-?\d+([.,]\d+)?", text):
            raise ValueError(f"fase {text} bestaat niet; kies 1 t/m {self.phase_count}, wn of nvt")
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueError(f"onbekend antwoord '{shown}'; verwacht een fase (1 t/m {self.phase_count}), de tekst van een antwoordoptie, wn of nvt")


def read_survey(table: Table, question_set: QuestionSet, default_partnership: str) -> Survey:
    """All rows of a survey table. A row with a problem is rejected; the caller
    decides whether to refuse the file or to go on with the valid rows."""
    survey = Survey()
    columns = _map_columns(table, question_set, survey)
    if survey.problems:
        return survey  # a missing column makes every row meaningless
    reader = AnswerReader(question_set)
    seen: dict[tuple[str, str], int] = {}
    levels = {level.lower(): level for level in LEVELS}
    for offset, cells in enumerate(table.rows):
        number = table.first_row + offset
        if not any(cell.strip() for cell in cells):
            continue  # blank rows, e.g. at the end of an Excel export
        row_problems: list[Problem] = []

        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        respondent_id = cell(RESPONDENT)
        organisation = cell(ORGANISATION)
        level = levels.get(cell(LEVEL).lower())
        partnership = cell(PARTNERSHIP) or default_partnership
        if not respondent_id:
            row_problems.append(Problem(number, table.header[columns[RESPONDENT]], "respondent ontbreekt"))
        if not organisation:
            row_problems.append(Problem(number, table.header[columns[ORGANISATION]], "organisatie ontbreekt"))
        if level is None:
            given = cell(LEVEL)
            reason = f"onbekend niveau '{given}'" if given else "niveau ontbreekt"
            row_problems.append(Problem(number, table.header[columns[LEVEL]], f"{reason}; kies strategisch, tactisch of operationeel"))
        key = (partnership, respondent_id)
        if respondent_id and key in seen:
            # The id itself is not repeated: survey exports often put a name or e-mail there.
            row_problems.append(Problem(number, table.header[columns[RESPONDENT]], f"dezelfde respondent staat ook in rij {seen[key]}"))
        elif respondent_id:
            seen[key] = number
        answers: dict[str, int | str] = {}
        for question_id, index in columns["vragen"].items():
            if index >= len(cells):
                continue
            try:
                value = reader.read(question_id, cells[index])
            except ValueError as error:
                row_problems.append(Problem(number, table.header[index], str(error)))
                continue
            if value is not None:
                answers[question_id] = value
        if row_problems:
            survey.problems.extend(row_problems)
            survey.rejected_rows.append(number)
            continue
        survey.rows.append(SurveyRow(number, partnership, respondent_id, Respondent(respondent_id, organisation, level, answers)))
    if not survey.rows and not survey.problems:
        survey.problems.append(Problem(None, None, "het bestand bevat geen respondenten"))
    return survey


def _map_columns(table: Table, question_set: QuestionSet, survey: Survey) -> dict:
    """Header names (any case, spaces trimmed) to column indexes."""
    wanted = {name: name for name in (*REQUIRED, PARTNERSHIP)}
    question_ids = {q.id.lower(): q.id for q in question_set.vragen}
    # A column like 'amb9' beside amb1..amb4 is a question id that does not exist,
    # not an extra column such as a timestamp or e-mail address.
    prefixes = {m.group(1) for m in (re.match(r"^([a-z_]+)\d+$", qid) for qid in question_ids) if m}
    looks_like_question = re.compile(rf"^({'|'.join(map(re.escape, sorted(prefixes)))})\d+$") if prefixes else None
    columns: dict = {"vragen": {}}
    extra: list[str] = []
    for index, raw in enumerate(table.header):
        name = header_name(raw)
        if name in wanted and wanted[name] not in columns:
            columns[wanted[name]] = index
        elif name in question_ids and question_ids[name] not in columns["vragen"]:
            columns["vragen"][question_ids[name]] = index
        elif name in wanted or name in question_ids:
            survey.problems.append(Problem(1, raw, "kolom komt twee keer voor"))
        elif looks_like_question and looks_like_question.match(name):
            survey.problems.append(Problem(1, raw, f"onbekende vraag-id; die vraag bestaat niet in '{question_set.id}' {question_set.versie}"))
        elif name:
            extra.append(raw.strip())
    for name in REQUIRED:
        if name not in columns:
            survey.problems.append(Problem(1, name, "verplichte kolom ontbreekt"))
    if not columns["vragen"]:
        survey.problems.append(
            Problem(1, None, f"geen enkele kolom heeft de id van een vraag uit '{question_set.id}' (bijv. {question_set.vragen[0].id}); zie 'volwassenheid vragen sjabloon'")
        )
    if extra:
        shown = ", ".join(extra[:6]) + (f" en {len(extra) - 6} meer" if len(extra) > 6 else "")
        survey.notes.append(f"{len(extra)} kolom(men) genegeerd (geen vraag-id): {shown}")
    missing = [q.id for q in question_set.vragen if q.id not in columns["vragen"]]
    if columns["vragen"] and missing:
        survey.notes.append(f"{len(missing)} vraag/vragen niet in het bestand (tellen als niet beantwoord): {', '.join(missing[:8])}")
    return columns


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
    for offset, cells in enumerate(table.rows):
        number = table.first_row + offset
        if not any(c.strip() for c in cells):
            continue
        get = lambda i: cells[i].strip() if i is not None and i < len(cells) else ""  # noqa: E731
        partnership = get(partnership_column) or "*"
        dimension = dimension_ids.get(get(dimension_column).lower())
        phase_text = get(phase_column).replace(",0", "").replace(".0", "")
        if dimension is None:
            problems.append(Problem(number, table.header[dimension_column], f"onbekende dimensie '{get(dimension_column)}'; bekend zijn: {', '.join(d.id for d in question_set.dimensies)}"))
            continue
        if not phase_text.isdigit() or not 1 <= int(phase_text) <= question_set.phase_count:
            problems.append(Problem(number, table.header[phase_column], f"fase moet 1 t/m {question_set.phase_count} zijn (gegeven: '{get(phase_column)}')"))
            continue
        ambition.setdefault(partnership, {})[dimension] = int(phase_text)
    return ambition, problems


def ambition_for(ambition: dict[str, dict[str, int]], partnership: str) -> dict[str, int]:
    """A partnership's own rows override the rows for every partnership ('*')."""
    return {**ambition.get("*", {}), **ambition.get(partnership, {})}


def problems_text(problems: Sequence[Problem], limit: int = 50) -> list[str]:
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... en nog {len(problems) - limit} problemen")
    return lines
