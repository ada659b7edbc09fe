"""A folder of filled Excel forms (storage.form_excel) read as one survey export: one row per file.

Each .xlsx file in the folder (not in folders below it) is one respondent, whose id is the file's name
without its suffix. Organisation, level and answers are read from the answer column, found by the codes
in the code column (so a respondent who sorted the rows is still read right); nothing else a respondent
typed is read. Excel's lock files (~$...) and hidden files are passed over; anything else that is not
read is named in a note. Every problem names the file and the cell (see core.survey_table.Places).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from volwassenheid.core.dutch import plural
from volwassenheid.core.errors import UserError
from volwassenheid.core.survey import LEVEL, ORGANISATION, RESPONDENT
from volwassenheid.core.survey_table import Places, Problem, Table, shorten
from volwassenheid.storage.form_excel import ANSWER_COLUMN, CODE_COLUMN
from volwassenheid.storage.spreadsheets import MAX_UNPACKED_MB, _cell_text, _check_unpacked_size, formulas_without_value

FORM_SUFFIX = ".xlsx"
MAX_FORMS = 10_000
"""More files than respondents in any survey of a partnership (about 100 is usual)."""
_ID = re.compile(r"[a-z][a-z0-9_-]{0,39}", re.IGNORECASE)
"""What a code in the code column looks like; any other text there is not read (a respondent may have typed it)."""
_ROLES = (ORGANISATION, LEVEL)
_EXPORT = "maak het formulier met 'volwassenheid vragen exporteer --formaat excel'"


@dataclass
class _Form:
    shown: str
    respondent: str
    answers: dict[str, tuple[str, str]] = field(default_factory=dict)
    """code -> (the answer cell's text, its address)"""
    codes: dict[str, str] = field(default_factory=dict)
    """code -> the address of the code's own cell"""
    problem: str | None = None
    """Why the file cannot be read as a form; its row is rejected with this reason only."""
    cell_problems: list[tuple[str | None, str, str]] = field(default_factory=list)
    """(code or None, address, message)"""
    unknown: int = 0
    """Codes in the code column that are no question of the set (as chosen, with its modules)."""


def is_form_folder(path: Path) -> bool:
    return path.is_dir()


def read_form_folder(folder: Path, question_ids: Iterable[str] = ()) -> Table:
    """The filled forms in `folder` as a table: respondent, organisatie, niveau and the codes found,
    in the order of the forms. `question_ids`: the question set's, to name a form of another set."""
    forms, skipped = _form_files(folder)
    if not forms:
        also = f" Er staat wel in: {_listed(skipped)}." if skipped else ""
        raise UserError(f"{folder}: de map bevat geen ingevulde Excel-formulieren ({FORM_SUFFIX}).{also}")
    if len(forms) > MAX_FORMS:
        raise UserError(f"{folder}: {len(forms)} formulieren; de grens is {MAX_FORMS}.".replace(",", "."))
    _check_total_size(folder, forms)
    known = {question_id.lower() for question_id in question_ids}
    read = [_read_form(path, str(path), known) for path in forms]
    return _table(str(folder), read, skipped)


def _form_files(folder: Path) -> tuple[list[Path], list[str]]:
    """(the forms, by name; the names of what else is in the folder and is not read)."""
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name.casefold())
    except OSError as error:
        raise UserError(f"{folder}: kan de map niet lezen ({error.strerror or error}).") from error
    forms, skipped = [], []
    for entry in entries:
        if entry.name.startswith(("~$", ".")):
            continue  # Excel's lock file of an open form, and hidden files (.DS_Store)
        if entry.suffix.lower() == FORM_SUFFIX and entry.is_file():
            forms.append(entry)
        else:
            skipped.append(entry.name + ("/" if entry.is_dir() else ""))
    return forms, skipped


def _check_total_size(folder: Path, forms: list[Path]) -> None:
    """Each form is checked as a spreadsheet is (zip bombs, unpacked size); together they stay under the same limit."""
    import zipfile

    total = 0
    for path in forms:
        _check_unpacked_size(path)
        try:
            with zipfile.ZipFile(path) as archive:
                total += sum(member.file_size for member in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            continue  # named as unreadable when it is read
    if total / 2**20 > MAX_UNPACKED_MB:
        raise UserError(f"{folder}: uitgepakt zijn de formulieren samen {total / 2**20:.0f} MB; de grens is {MAX_UNPACKED_MB} MB.")


def _read_form(path: Path, shown: str, known: set[str]) -> _Form:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    form = _Form(shown, path.stem)
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.to_python()
    except PasswordError:
        form.problem = "het bestand is met een wachtwoord beveiligd; sla het zonder wachtwoord op"
        return form
    except (CalamineError, OSError, ValueError):
        form.problem = f"geen leesbaar Excel-bestand; {_EXPORT}"
        return form
    top, left = sheet.start or (0, 0)
    code_column = _code_column(rows)
    if code_column is None:
        form.problem = f"geen ingevuld formulier van volwassenheid: er is geen kolom met de codes organisatie, niveau en de vraag-id's; {_EXPORT}"
        return form
    answer_column = code_column + ANSWER_COLUMN - CODE_COLUMN
    for offset, row in enumerate(rows):
        code = _cell_text(row[code_column]).strip() if code_column < len(row) else ""
        if not _ID.fullmatch(code) or code.lower() == "code":
            continue
        code = code.lower() if code.lower() in _ROLES else code
        if known and code not in _ROLES and code.lower() not in known:
            form.unknown += 1  # not named: it may be text a respondent typed (see the note in _table)
            continue
        address = _address(top + offset, left + answer_column)
        if code in form.codes:
            form.cell_problems.append(
                (code, address, f"code '{code}' staat twee keer in het formulier (ook in {form.codes[code]}); deze rij is niet gelezen")
            )
            continue
        form.codes[code] = _address(top + offset, left + code_column)
        form.answers[code] = (_cell_text(row[answer_column]) if answer_column < len(row) else "", address)
    if known and form.unknown and not any(code not in _ROLES for code in form.codes):
        form.problem = (
            f"geen van de {form.unknown} vraagcodes in kolom A hoort bij deze vragenlijst: is dit een formulier van een andere vragenlijst? "
            "Kies die met --vragenlijst"
        )
        return form
    if not any(text.strip() for text, _ in form.answers.values()):
        form.problem = "leeg formulier: er is niets ingevuld"
        return form
    formula = "bevat een formule zonder opgeslagen uitkomst; open het bestand in Excel of LibreOffice en sla het opnieuw op"
    answer_cells = {address: code for code, (_, address) in form.answers.items()}
    for address, _, _ in formulas_without_value(path):
        if address in answer_cells:
            form.cell_problems.append((answer_cells[address], address, f"cel {address} {formula}"))
    return form


def _code_column(rows: Sequence[Sequence[object]]) -> int | None:
    """The column that holds the codes organisatie and niveau: the form's code column."""
    found: dict[int, set[str]] = {}
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, str) and value.strip().lower() in _ROLES:
                found.setdefault(index, set()).add(value.strip().lower())
                if len(found[index]) == len(_ROLES):
                    return index
    return None


def _table(source: str, forms: list[_Form], skipped: list[str]) -> Table:
    codes = list(dict.fromkeys(code for form in forms for code in form.codes if code not in _ROLES))
    header = [RESPONDENT, ORGANISATION, LEVEL, *codes]
    files: dict[int, str] = {}
    cells: dict[tuple[int, str], str] = {}
    problems: list[Problem] = []
    rows: list[list[str]] = [header]
    for number, form in enumerate(forms, start=2):
        files[number] = form.shown
        answers = form.answers if form.problem is None else {}
        rows.append([form.respondent, *(answers.get(code, ("", ""))[0] for code in header[1:])])
        for code, (_, address) in answers.items():
            cells[(number, code)] = f"{form.shown}, {address}"
            cells.setdefault((1, code), f"{form.shown}, {form.codes[code]}")
        if form.problem is not None:
            problems.append(Problem(number, None, form.problem, place=form.shown))
        for column, address, message in form.cell_problems:
            problems.append(Problem(number, column, message, place=f"{form.shown}, {address}"))
    table = Table.from_rows(source, rows, problems=problems)
    table.places = Places(files, cells)
    table.notes = [f"{plural(len(forms), 'formulier', 'formulieren')} gelezen uit map {source}, één respondent per bestand"]
    if skipped:
        table.notes.append(f"niet gelezen (geen {FORM_SUFFIX}-formulier): {_listed(skipped)}")
    unknown = [form.shown for form in forms if form.unknown and form.problem is None]
    if unknown:
        table.notes.append(
            f"{plural(len(unknown), 'formulier heeft', 'formulieren hebben')} vragen die niet bij de gekozen vragenlijst of modules horen "
            f"(niet gelezen): {_listed(unknown)}. Is het formulier gemaakt met een module? Kies die dan met --module"
        )
    return table


def _listed(names: list[str]) -> str:
    shown = ", ".join(f"'{shorten(name, 60)}'" for name in names[:8])
    return shown + (f" en {len(names) - 8} meer" if len(names) > 8 else "")


def _address(row: int, column: int) -> str:
    """A 0-based row and column as Excel names the cell: (13, 2) is C14."""
    return f"{_letters(column)}{row + 1}"


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
