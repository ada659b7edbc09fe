"""A survey export as a table of strings, and the problems found in it, each with its row and column. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import repeat

from volwassenheid.core.dutch import plural


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str
    place: str | None = None
    """Where it is, said instead of the row and column when the table was built from several
    files (a folder of filled forms): 'antwoorden/jansen.xlsx, C14'. See Places."""

    def __str__(self) -> str:
        if self.place is not None:
            return f"{self.place}: {self.message}"
        where = []
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Places:
    """Where the rows and cells of a table built from several files are: a folder of filled forms
    is one row per file, and its problems are named by file and cell, not by a row of the table."""

    files: Mapping[int, str]
    """Row number -> the file, as messages name it."""
    cells: Mapping[tuple[int, str], str] = field(default_factory=dict)
    """(row number, header) -> the file and the cell's address in it ('antwoorden/jansen.xlsx, C14');
    for row 1, the header, the first file and cell where the column's code was found."""

    def locate(self, problem: Problem) -> Problem:
        """The problem with its place, when its row is one of the files (or its column a cell of row 1)."""
        if problem.place is not None or problem.row is None:
            return problem
        place = self.cells.get((problem.row, problem.column)) if problem.column is not None else None
        place = place or self.files.get(problem.row)
        return problem if place is None else replace(problem, place=place)

    def rows_text(self, numbers: Iterable[int]) -> str:
        """The files of these rows, as `row_ranges` names rows: 'a.xlsx, b.xlsx'."""
        return ", ".join(self.files.get(number, f"rij {number}") for number in sorted(set(numbers)))


@dataclass
class Table:
    """A file's cells by column, every column as long as the others; position r
    in a column is row `row_numbers[r]` of the file (as a text editor or the
    spreadsheet shows it). `problems` are rows the reader could not split into
    cells (an unclosed quote, say): they are rejected, never left out."""

    source: str
    header: list[str]
    columns: list[Sequence[str]]
    """Lists of strings, or for a plain CSV's answer columns core.cell_column.CellColumn."""
    row_numbers: Sequence[int] = ()
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the reader wants said about the file, such as the sheet it read."""
    blank_rows: list[int] = field(default_factory=list)
    """Numbers of blank lines the reader left out of the table (a CSV reader does)."""
    places: Places | None = None
    """For a table built from several files: where its rows and cells are (see Places)."""

    def located(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems as they are, or with their file and cell when the table has `places`."""
        return list(problems) if self.places is None else list(map(self.places.locate, problems))

    def __post_init__(self) -> None:
        if not self.row_numbers and len(self):
            self.row_numbers = range(2, 2 + len(self))

    @classmethod
    def from_rows(
        cls,
        source: str,
        rows: Sequence[Sequence[str]],
        first_row: int = 2,
        row_numbers: Sequence[int] | None = None,
        problems: list[Problem] | None = None,
    ) -> Table:
        """From rows as a CSV reader gives them, the header first. Short rows
        are padded with empty cells; empty cells beyond the header are ignored,
        but a row with content beyond the header is a problem: its cells would
        be lost, and its columns are likely shifted."""
        header, width = list(rows[0]), len(rows[0])
        numbers = row_numbers if row_numbers is not None else range(first_row, first_row + len(rows) - 1)
        problems = list(problems or [])
        cells: list[str] = []
        for number, row in zip(numbers, rows[1:], strict=True):
            cells.extend(row[:width])
            cells.extend(repeat("", width - len(row)))
            if len(row) > width:
                problem = _beyond_header(row, width)
                if problem:
                    problems.append(Problem(number, None, problem))
        problems.sort(key=row_of)
        return cls(source, header, [cells[k::width] for k in range(width)], numbers, problems)

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def rows(self) -> Iterator[tuple[str, ...]]:
        return zip(*self.columns, strict=True)


SEPARATORS = {";": ";", ",": ",", "\t": "tab"}


def other_separators(table: Table) -> dict[int, str]:
    """{position: separator} of the rows whose only filled cell, the first, holds a separator:
    a row written with another separator than the header (',' in a ';' file) reads like that."""
    if len(table.columns) < 2:
        return {}
    first = "\n".join(table.columns[0])
    if "," not in first and ";" not in first and "\t" not in first:
        return {}  # the usual case, decided at C speed
    found = {}
    for offset, cell in enumerate(table.columns[0]):
        if ("," in cell or ";" in cell or "\t" in cell) and not any(column[offset].strip() for column in table.columns[1:]):
            found[offset] = next(shown for separator, shown in SEPARATORS.items() if separator in cell)
    return found


def _beyond_header(row: Sequence[str], width: int) -> str | None:
    """Why a row with cells beyond the header's columns cannot be read as it is, in Dutch; None if those cells are empty."""
    extra = [cell.strip() for cell in row[width:] if cell.strip()]
    if not extra:
        return None
    if not any(cell.strip() for cell in row[:width]):
        return f"alleen gegevens buiten de {width} kolommen van de kopregel"
    shown = ", ".join(f"'{shorten(cell)}'" for cell in extra[:3]) + (f" en {len(extra) - 3} meer" if len(extra) > 3 else "")
    return (
        f"{plural(len(extra), 'gevulde cel', 'gevulde cellen')} na de {width} kolommen van de kopregel ({shown}); "
        "staat er een scheidingsteken in een cel, dan zijn de kolommen verschoven"
    )


def shorten(text: str, limit: int = 40) -> str:
    """A cell as read, at most `limit` characters: the end cut off and marked with '…'."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def row_ranges(numbers: Iterable[int]) -> str:
    """Row numbers compressed: 'rij 5', 'rijen 5, 8–10'."""
    ordered = sorted(set(numbers))
    parts, start = [], None
    for position, number in enumerate(ordered):
        start = number if start is None else start
        if position + 1 == len(ordered) or ordered[position + 1] != number + 1:
            parts.append(str(number) if start == number else f"{start}–{number}")
            start = None
    return ("rij " if len(ordered) == 1 else "rijen ") + ", ".join(parts)


def row_of(problem: Problem) -> int:
    return problem.row or 0


def header_name(raw: str) -> str:
    """A column header as matched: any case, spaces and a byte-order mark ignored."""
    return raw.strip().lstrip("\ufeff").strip().lower()


def problems_text(problems: Sequence[Problem], limit: int = 50) -> list[str]:
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... en nog {plural(len(problems) - limit, 'probleem', 'problemen')}")
    return lines
