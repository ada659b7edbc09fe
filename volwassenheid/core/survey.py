"""Survey exports as respondents: a table of strings in, answers and problems out. Pure.

Accepts what real exports contain: answers as phase numbers ("3", "3.0"), as
the option's own text, or as weet niet / n.v.t. in their usual spellings;
header names in any case; extra columns (timestamps, e-mail) are ignored and
reported as a note. Every problem names its row and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat

from volwassenheid.core.answers import (
    NO_ANSWER,
    AnswerTable,
    encode,
    indexes_by,
    picker,
)
from volwassenheid.core.cell_column import CellColumn
from volwassenheid.core.dutch import number, plural
from volwassenheid.core.measurements import first_spellings, one_spelling_per_day
from volwassenheid.core.models import name_key
from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.survey_matching import (
    IGNORE,
    SIMILAR_ENOUGH,
    SIMILAR_MARGIN,
    WORTH_NAMING,
    QuestionHeaders,
    SavedMapping,
    level_names,
    loose,
    role_of,
)
from volwassenheid.core.survey_table import Problem, Table, header_name, other_separators, row_of, row_ranges, shorten
from volwassenheid.core.validation import control_characters, escaped
from volwassenheid.core.vocabulary import DONT_KNOW, NOT_APPLICABLE, Given, NonScore

RESPONDENT = "respondent"
ORGANISATION = "organisatie"
LEVEL = "niveau"
PARTNERSHIP = "samenwerkingsverband"
MEASUREMENT = "meting"
"""Optional: which measurement (0-meting, 2026, a date) a row belongs to; see core.measurements."""
REQUIRED = (RESPONDENT, ORGANISATION, LEVEL)

NON_SCORES: dict[str, NonScore] = {
    "wn": DONT_KNOW,
    "weet niet": DONT_KNOW,
    "weetniet": DONT_KNOW,
    "weet_niet": DONT_KNOW,
    "nvt": NOT_APPLICABLE,
    "n.v.t.": NOT_APPLICABLE,
    "n.v.t": NOT_APPLICABLE,
    "niet van toepassing": NOT_APPLICABLE,
    "weet ik niet": DONT_KNOW,
    "weet ik het niet": DONT_KNOW,
}


def same_person(respondent_id: str) -> str:
    """A respondent id as compared for duplicates: case and spaces do not matter
    ('A.Jansen@Voorbeeld.nl ' is 'a.jansen@voorbeeld.nl')."""
    return "".join(respondent_id.split()).casefold()


def people_as_compared(respondent_ids: list[str]) -> list[str]:
    """`same_person` of every id; when no id holds a space (exports mostly), only the case is folded."""
    if re.search(r"\s", "".join(respondent_ids)):
        return list(map(same_person, respondent_ids))
    return list(map(str.casefold, respondent_ids))


@dataclass
class Survey:
    """The accepted respondents in file order, and what was wrong with the other rows."""

    row_numbers: list[int] = field(default_factory=list)
    respondent_ids: list[str] = field(default_factory=list)
    partnership_names: list[str] = field(default_factory=list)
    measurement_names: list[str] = field(default_factory=list)
    """The measurement of each respondent; all "" when the file has no column meting (see `measured`)."""
    measured: bool = False
    """The file has a column meting: its partnerships are scored per measurement."""
    answers: AnswerTable = field(default_factory=lambda: AnswerTable([], [], {}))
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unnamed: bool = False
    """No partnership column and no default name: nothing was read, the caller asks for a name."""

    def __len__(self) -> int:
        return len(self.row_numbers)

    def partnerships(self) -> dict[str, list[int]]:
        """Positions of the respondents per partnership."""
        return indexes_by(self.partnership_names)


class AnswerReader:
    """Turns a cell into a phase, weet niet, n.v.t. or nothing, for one question set."""

    def __init__(self, question_set: QuestionSet):
        self.phase_count = question_set.phase_count
        numbers = {str(n): n for n in range(1, self.phase_count + 1)}
        numbers.update({f"{n}.0": n for n in range(1, self.phase_count + 1)})
        numbers.update({f"{n},0": n for n in range(1, self.phase_count + 1)})
        non_scores = {loose(key): value for key, value in NON_SCORES.items()}
        self.lookup: dict[str, dict[str, Given]] = {
            q.id: {**numbers, **non_scores, **{loose(text): n for n, text in enumerate(q.opties, start=1)}} for q in question_set.vragen
        }
        # The cells exports mostly hold, as they are, straight to their column code.
        self.codes: dict[str, dict[str, int]] = {
            q.id: {
                "": NO_ANSWER,
                **{text: encode(value) for text, value in {**NON_SCORES, **self.lookup[q.id]}.items()},
                **{text: n for n, text in enumerate(q.opties, start=1)},
            }
            for q in question_set.vragen
        }

    def read(self, question_id: str, cell: str) -> Given | None:
        """None for an empty cell; raises ValueError with a Dutch reason for anything unknown."""
        text = cell.strip()
        if not text:
            return None
        found = self.lookup[question_id].get(text) or self.lookup[question_id].get(loose(text))
        if found is not None:
            return found
        if re.fullmatch(r"-?\d+([.,]\d+)?", text):
            raise ValueError(f"fase {shorten(text)} bestaat niet; kies 1 t/m {self.phase_count}, wn of nvt")
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueError(f"onbekend antwoord '{shown}'; verwacht een fase (1 t/m {self.phase_count}), de tekst van een antwoordoptie, wn of nvt")

    def column(self, question_id: str, cells: Sequence[str]) -> tuple[bytes, dict[int, str]]:
        """A whole column as answer codes, and the Dutch reason per position that could not be read."""
        if isinstance(cells, CellColumn):
            codes = cells.codes(self.codes[question_id], _UNREAD)
        else:
            codes = bytearray(map(self.codes[question_id].get, cells, repeat(_UNREAD)))
        problems = {}
        position = codes.find(_UNREAD)
        while position != -1:
            try:
                codes[position] = encode(self.read(question_id, cells[position]))
            except ValueError as error:
                codes[position] = NO_ANSWER
                problems[position] = str(error)
            position = codes.find(_UNREAD, position + 1)
        return bytes(codes), problems


_UNREAD = 253
"""Not an answer code: marks the cells that need a closer look."""


def read_survey(table: Table, question_set: QuestionSet, default_partnership: str, fixed: SavedMapping | None = None) -> Survey:
    """All rows of a survey table, column by column (none when the table has no partnership
    column and `default_partnership` is empty: see Survey.unnamed). A row with a problem is
    rejected; the caller decides whether to refuse the file or to go on with
    the valid rows. `fixed` is a saved mapping (see survey_matching.SavedMapping)
    that goes before every rule."""
    fixed = fixed or SavedMapping({})
    survey = Survey(notes=list(table.notes))
    columns = _map_columns(table, question_set, survey, fixed.columns)
    if survey.problems:
        survey.problems = table.located(survey.problems)
        return survey  # a missing column makes every row meaningless
    if not default_partnership and PARTNERSHIP not in columns:
        survey.unnamed = True
        return survey
    found = _Findings(table)
    people = _read_people(table, columns, default_partnership, found, fixed)
    survey.notes += found.notes
    answer_columns = {q.id: bytes(len(table)) for q in question_set.vragen}  # questions not in the file
    reader = AnswerReader(question_set)
    for question_id, index in columns["vragen"].items():
        answer_columns[question_id], unreadable = reader.column(question_id, table.columns[index])
        for offset, message in unreadable.items():
            found.add(offset, 10 + index, index, message)

    problems, rejected = found.sorted()
    if table.problems:
        # rows the reader could not split, and rows in the table with a problem of the reader (a formula, say)
        problems = sorted([*table.problems, *problems], key=row_of)
        unreadable_rows = {problem.row for problem in table.problems}
        rejected = sorted({*rejected, *(offset for offset, number in enumerate(table.row_numbers) if number in unreadable_rows)})
    survey.problems = table.located(problems)
    survey.rejected_rows = sorted({*(table.row_numbers[offset] for offset in rejected), *(p.row for p in table.problems if p.row is not None)})
    survey.row_numbers = list(table.row_numbers)
    survey.respondent_ids, survey.partnership_names = people.ids, people.partnerships
    survey.measurement_names, survey.measured = people.measurements, MEASUREMENT in columns
    survey.answers = AnswerTable(people.organisations, people.levels, answer_columns)
    dropped = found.blank.union(rejected)
    if dropped:
        keep = [offset for offset in range(len(table)) if offset not in dropped]
        gather = picker(keep)
        survey.row_numbers = list(gather(survey.row_numbers))
        survey.respondent_ids = list(gather(survey.respondent_ids))
        survey.partnership_names = list(gather(survey.partnership_names))
        survey.measurement_names = list(gather(survey.measurement_names))
        survey.answers = survey.answers.take(keep)
    _note_blank_rows(survey, [*table.blank_rows, *(table.row_numbers[offset] for offset in found.blank)])
    if not survey.row_numbers and not survey.problems:
        survey.problems.append(Problem(None, None, "het bestand bevat geen respondenten"))
    return survey


@dataclass(frozen=True)
class ColumnMapping:
    """How a survey's columns are read, without reading its rows: for `--toon-koppeling`."""

    columns: list[tuple[str, str]]
    """(header as written, what it is read as in the words of a saved mapping: a role, a question id,
    or 'negeren'), in file order: what `--koppeling` reads back."""
    notes: list[str]
    problems: list[Problem]


def column_mapping(table: Table, question_set: QuestionSet, fixed: SavedMapping | None = None) -> ColumnMapping:
    """What each column of the table is read as, by the rules `read_survey` uses."""
    survey = Survey()
    columns = _map_columns(table, question_set, survey, fixed.columns if fixed else {})
    meaning = {index: role for role, index in columns.items() if role != "vragen"}
    meaning.update({index: question_id for question_id, index in columns["vragen"].items()})
    read_as = [(raw.strip(), meaning.get(index, IGNORE)) for index, raw in enumerate(table.header)]
    return ColumnMapping(read_as, survey.notes, table.located(survey.problems))


def _note_blank_rows(survey: Survey, blank: list[int]) -> None:
    """Blank rows between the data are named (blank rows after the last one, as exports end, are not)."""
    last = max([*survey.row_numbers, *(p.row for p in survey.problems if p.row is not None)], default=0)
    listed = {problem.row for problem in survey.problems}
    between = [number for number in blank if number < last and number not in listed]
    if between:
        survey.notes.append(f"{plural(len(between), 'lege rij', 'lege rijen')} overgeslagen ({row_ranges(between)})")


class _Findings:
    """Problems by row position, kept in the order of the file's rows and columns;
    blank rows (e.g. at the end of an Excel export) have none."""

    def __init__(self, table: Table):
        self.table = table
        self.blank: set[int] = set()
        self.notes: list[str] = []
        # a row the reader could not read as a whole (an unclosed quote, a file that is no form) has that problem only
        whole = {problem.row for problem in table.problems if problem.column is None}
        self.settled: set[int] = {offset for offset, number in enumerate(table.row_numbers) if number in whole} if whole else set()
        self.found: list[tuple[int, int, Problem]] = []

    def add(self, offset: int, order: int, column: int | None, message: str) -> None:
        if offset not in self.blank and offset not in self.settled:
            name = self.table.header[column] if column is not None else None
            self.found.append((offset, order, Problem(self.table.row_numbers[offset], name, message)))

    def sorted(self) -> tuple[list[Problem], list[int]]:
        """(the problems in file order, the positions of the rejected rows)."""
        self.found.sort(key=lambda item: item[:2])
        return [problem for _, _, problem in self.found], sorted({offset for offset, _, _ in self.found})


@dataclass
class _People:
    ids: list[str]
    organisations: list[str]
    levels: list[str]
    """A level of LEVELS, or "" where the row names none that exists (such a row is rejected)."""
    partnerships: list[str]
    measurements: list[str]
    """The measurement of each row; "" for every row without a column meting."""


def _read_people(table: Table, columns: dict, default_partnership: str, found: _Findings, fixed: SavedMapping) -> _People:
    """Who answered, per row: respondent id, organisation, level and partnership, with their problems.
    A code the saved mapping gives for an organisation or level is read as what it stands for."""

    def cells(name: str) -> list[str]:
        index = columns.get(name)
        if index is None:
            return [""] * len(table)
        written = list(map(str.strip, table.columns[index]))
        codes = fixed.answer_of(name)
        if not codes:
            return written
        read_as = {cell: codes.get(loose(cell), cell) for cell in set(written)}  # a column holds few spellings
        return list(map(read_as.__getitem__, written))

    ids, organisations, level_cells = cells(RESPONDENT), cells(ORGANISATION), cells(LEVEL)
    as_written = {ORGANISATION: organisations, PARTNERSHIP: [name or default_partnership for name in cells(PARTNERSHIP)]}
    partnerships = _one_spelling(as_written[PARTNERSHIP], found.notes, PARTNERSHIP)
    measurements = cells(MEASUREMENT)
    if MEASUREMENT in columns:
        as_written[MEASUREMENT] = measurements
        measurements = one_spelling_per_day(_one_spelling(measurements, found.notes, MEASUREMENT), found.notes)
    organisations = _one_spelling(organisations, found.notes, ORGANISATION)
    known_levels = level_names()
    level_of = {cell: known_levels.get(loose(cell), "") for cell in set(level_cells)}  # a column holds few spellings
    levels = list(map(level_of.__getitem__, level_cells))
    found.blank = {offset for offset in _positions(ids, "") if not any(column[offset].strip() for column in table.columns)}
    for offset, separator in other_separators(table).items():
        message = f"de rij heeft maar één gevulde cel, met '{separator}' erin: gebruikt deze rij een ander scheidingsteken dan de kopregel?"
        found.add(offset, 0, None, message)
        found.settled.add(offset)  # this is the row's problem, not its missing organisation and level

    for offset in _positions(ids, ""):
        found.add(offset, 0, columns[RESPONDENT], "respondent ontbreekt")
    for offset in _positions(organisations, ""):
        found.add(offset, 1, columns[ORGANISATION], "organisatie ontbreekt")
    for offset in _positions(levels, ""):
        reason = f"onbekend niveau '{level_cells[offset]}'" if level_cells[offset] else "niveau ontbreekt"
        found.add(offset, 2, columns[LEVEL], f"{reason}; kies strategisch, tactisch of operationeel")
    if MEASUREMENT in columns:
        for offset in _positions(measurements, ""):
            found.add(offset, 5, columns[MEASUREMENT], "meting ontbreekt; het bestand heeft een kolom meting, dus elke rij noemt er een")
    for (name, texts), order in zip(as_written.items(), (1, 4, 5), strict=False):
        # it would reach the terminal and the report raw; checked once per distinct name (a column holds few),
        # as written: a control character is never merged away into another spelling
        controls = {text: control_characters(text) for text in set(texts)} if name in columns else {}
        if not any(controls.values()):
            continue
        for offset, text in enumerate(texts):
            if controls[text]:
                shown = ", ".join(map(escaped, controls[text]))
                found.add(offset, order, columns[name], f"{name} bevat een onzichtbaar stuurteken ({shown}); haal het weg")
    # The same person may answer again at a later measurement, never twice in one.
    groups = list(zip(partnerships, measurements, strict=True)) if MEASUREMENT in columns else partnerships
    for offset, first in _repeated(list(zip(groups, people_as_compared(ids), strict=True))):
        # The id itself is not repeated: survey exports often put a name or e-mail there.
        found.add(offset, 3, columns[RESPONDENT], f"dezelfde respondent staat ook in rij {table.row_numbers[first]}")
    return _People(ids, organisations, levels, partnerships, measurements)


def _one_spelling(names: list[str], notes: list[str], kind: str) -> list[str]:
    """Every name (of a partnership or an organisation, `kind`) in its first spelling in the file, as
    `name_key` groups them: 'politie' and 'POLITIE' are 'Politie'. A note lists the spellings taken
    together; a missing name is the row's problem, not a spelling."""
    return first_spellings(names, lambda name: name_key(name) if name else None, notes, kind)


def _positions(values: list, target: object) -> Iterator[int]:
    """Where `target` occurs in `values` (list.index scans at C speed)."""
    position = -1
    while True:
        try:
            position = values.index(target, position + 1)
        except ValueError:
            return
        yield position


def _repeated(keys: list[tuple[object, str]]) -> Iterator[tuple[int, int]]:
    """(position, first position) of every repeated key (group, person) with a respondent id."""
    if len(set(keys)) == len(keys):
        return
    first: dict[tuple[object, str], int] = {}
    for position, key in enumerate(keys):
        if key[1]:
            earlier = first.setdefault(key, position)
            if earlier != position:
                yield position, earlier


def _match_as_exported(unmatched: list[tuple[int, str]], columns: dict, questions: QuestionHeaders, notes: list[str]) -> list[str]:
    """The headers not named by id or role as such, matched as exports write them (see survey_matching):
    a role or question already found keeps its column; then a header that resembles one question
    closely enough (a text edited in the form) is taken for it, and said. Returns the headers left
    over, as written."""
    left: list[tuple[int, str]] = []
    for index, raw in unmatched:
        role, question = role_of(raw), questions.find(raw)
        if role is not None and role not in columns:
            columns[role] = index
        elif question is not None and question not in columns["vragen"]:
            columns["vragen"][question] = index
        else:
            left.append((index, raw))
    free = set(questions.ids.values()) - set(columns["vragen"])
    ranked = {index: questions.closest(raw, free) for index, raw in left}
    # the closest pairs first, so that a question goes to the column most like it
    for index, raw in sorted(left, key=lambda item: -(ranked[item[0]][0][0] if ranked[item[0]] else 0.0)):
        scores = [(score, question) for score, question in ranked[index] if question in free]
        if not scores:
            continue
        best, question = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0.0
        if best >= SIMILAR_ENOUGH and best - runner_up >= SIMILAR_MARGIN:
            columns["vragen"][question] = index
            free.discard(question)
            notes.append(
                f"kolom '{shorten(raw.strip(), 60)}' gelezen als vraag {question} (gelijkenis {number(best, 2)}); klopt dat niet, pas de kop aan"
            )
        elif best >= WORTH_NAMING:
            closest = ", ".join(f"{q} ({number(score, 2)})" for score, q in scores[:3])
            notes.append(f"kolom '{shorten(raw.strip(), 60)}' niet gelezen: lijkt het meest op {closest}, maar niet genoeg om zeker te zijn")
    taken = set(columns["vragen"].values())
    return [raw.strip() for index, raw in left if index not in taken]


def _fixed_columns(table: Table, question_set: QuestionSet, fixed: Mapping[str, str], columns: dict, notes: list[str]) -> set[int]:
    """The columns a saved mapping names (headers compared `loose`), put in `columns`; returns their indexes."""
    wanted = {loose(header): meaning.lower() for header, meaning in fixed.items()}
    ids = {q.id.lower(): q.id for q in question_set.vragen}
    done: set[int] = set()
    for index, raw in enumerate(table.header):
        meaning = wanted.pop(loose(raw), None)
        if meaning is None:
            continue
        done.add(index)
        if meaning in ids:
            columns["vragen"][ids[meaning]] = index
        elif meaning != IGNORE:
            columns[meaning] = index
    if wanted:
        missing = [header for header in fixed if loose(header) in wanted]
        notes.append(f"{plural(len(missing), 'kolom', 'kolommen')} uit de koppeling niet in het bestand: {', '.join(missing[:6])}")
    return done


def _map_columns(table: Table, question_set: QuestionSet, survey: Survey, fixed: Mapping[str, str]) -> dict:
    """Header names (any case, spaces trimmed) to column indexes: first a saved mapping's, then the
    template's own names (ids and role names), then the rest as exports write them."""
    wanted = {name: name for name in (*REQUIRED, PARTNERSHIP, MEASUREMENT)}
    question_ids = {q.id.lower(): q.id for q in question_set.vragen}
    # A column like 'amb9' beside amb1..amb4 is a question id that does not exist,
    # not an extra column such as a timestamp or e-mail address.
    prefixes = {m.group(1) for m in (re.match(r"^([a-z_]+)\d+$", qid) for qid in question_ids) if m}
    looks_like_question = re.compile(rf"^({'|'.join(map(re.escape, sorted(prefixes)))})\d+$") if prefixes else None
    columns: dict = {"vragen": {}}
    unmatched: list[tuple[int, str]] = []
    done = _fixed_columns(table, question_set, fixed, columns, survey.notes)
    left_out = {question_id.lower(): module for question_id, module in question_set.left_out.items()}
    module_columns: dict[str, list[str]] = {}
    for index, raw in enumerate(table.header):
        name = header_name(raw)
        if index in done:
            continue
        if name in wanted and wanted[name] not in columns:
            columns[wanted[name]] = index
        elif name in question_ids and question_ids[name] not in columns["vragen"]:
            columns["vragen"][question_ids[name]] = index
        elif name in wanted or name in question_ids:
            survey.problems.append(Problem(1, raw, "kolom komt twee keer voor"))
        elif name in left_out:
            module_columns.setdefault(left_out[name], []).append(raw.strip())
        elif looks_like_question and looks_like_question.match(name):
            survey.problems.append(Problem(1, raw, f"onbekende vraag-id; die vraag bestaat niet in '{question_set.id}' {question_set.versie}"))
        elif name:
            unmatched.append((index, raw))
    headers = QuestionHeaders(question_set)
    extra = _match_as_exported(unmatched, columns, headers, survey.notes)
    cut = [header for header in extra if headers.abbreviated(header)]
    if cut:
        survey.problems.append(
            Problem(
                1,
                cut[0],
                f"een afgekorte vraagtekst ({plural(len(cut), 'kolom', 'kolommen')}), die geen vraag zeker aanwijst: "
                "exporteer in LimeSurvey opnieuw met 'Vraagcode' of 'Volledige vraagtekst'",
            )
        )
    for name in REQUIRED:
        if name not in columns:
            survey.problems.append(Problem(1, name, "verplichte kolom ontbreekt"))
    if not columns["vragen"]:
        survey.problems.append(
            Problem(
                1,
                None,
                f"geen enkele kolom heeft de id van een vraag uit '{question_set.id}' (bijv. {question_set.vragen[0].id}); zie 'volwassenheid vragen sjabloon'",
            )
        )
    for module, names in module_columns.items():
        survey.notes.append(
            f"{plural(len(names), 'kolom', 'kolommen')} van module {module} niet gelezen, want die module is niet gekozen: "
            f"{', '.join(names[:6])}{' en meer' if len(names) > 6 else ''}. Tel ze mee met --module {module}"
        )
    if extra:
        shown = ", ".join(extra[:6]) + (f" en {len(extra) - 6} meer" if len(extra) > 6 else "")
        survey.notes.append(f"{plural(len(extra), 'kolom', 'kolommen')} genegeerd (geen vraag-id): {shown}")
    missing = [q.id for q in question_set.vragen if q.id not in columns["vragen"]]
    if columns["vragen"] and missing:
        survey.notes.append(f"{plural(len(missing), 'vraag', 'vragen')} niet in het bestand (tellen als niet beantwoord): {', '.join(missing[:8])}")
    return columns
