"""Reading exports: the one-split fast path for plain CSVs reads exactly what csv.reader reads."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.core.survey_table import Table
from volwassenheid.storage.survey_csv import split_plain
from volwassenheid.storage.survey_files import read_table

WIDTH = 4
HEADER = "respondent;organisatie;niveau;v1"
plain_cell = st.text(alphabet="abcXYZ 0123456789,.-éëü\t", max_size=6)
plain_rows = st.lists(st.lists(plain_cell, min_size=WIDTH, max_size=WIDTH), max_size=15)


def as_read_by_csv_module(text: str) -> Table:
    return Table.from_rows("x", list(csv.reader(io.StringIO(text, newline=""), delimiter=";")))


def without_trailing_blanks(table: Table) -> list[tuple[str, ...]]:
    rows = list(table.rows())
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def write(tmp_path, text: str):
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


@settings(max_examples=200, deadline=None)
@given(rows=plain_rows, line_end=st.sampled_from(["\n", "\r\n"]), trailing_blank_lines=st.integers(0, 2))
def test_plain_files_take_the_fast_path_and_read_like_csv_reader(tmp_path_factory, rows, line_end, trailing_blank_lines):
    text = line_end.join([HEADER, *(";".join(row) for row in rows)]) + line_end * (1 + trailing_blank_lines)
    assert split_plain(text, ";", "x") is not None or not rows
    table = read_table(write(tmp_path_factory.mktemp("csv"), text))
    expected = as_read_by_csv_module(text)
    assert table.header == expected.header
    # csv.reader gives an empty row for each empty line at the end; those are left out
    assert without_trailing_blanks(table) == without_trailing_blanks(expected)


def test_files_that_need_the_csv_rules_are_read_by_csv_reader(tmp_path):
    cases = {
        "quoted cell with a delimiter": (f'{HEADER}\nr1;"OM; Arnhem";tactisch;3\n', [2]),
        "row with fewer cells": (f"{HEADER}\nr1;OM;tactisch\nr2;OM;tactisch;4\n", [2, 3]),
        "blank line in the middle": (f"{HEADER}\nr1;OM;tactisch;3\n\nr2;OM;tactisch;4\n", [2, 4]),
        "old Mac line ends": (f"{HEADER}\rr1;OM;tactisch;3\r", [2]),
    }
    for name, (text, row_numbers) in cases.items():
        assert split_plain(text, ";", "x") is None, name
        table = read_table(write(tmp_path, text))
        expected = as_read_by_csv_module(text)
        assert table.header == expected.header, name
        # blank lines are no rows; every other row keeps its line number
        assert list(table.rows()) == [row for row in expected.rows() if any(row)], name
        assert list(table.row_numbers) == row_numbers, name
    assert read_table(write(tmp_path, cases["quoted cell with a delimiter"][0])).columns[1] == ["OM; Arnhem"]
    assert read_table(write(tmp_path, cases["row with fewer cells"][0])).columns[3] == ["", "4"]


def test_table_from_rows_pads_short_rows_and_ignores_cells_beyond_the_header():
    table = Table.from_rows("t", [["a", "b"], ["1"], ["2", "3", "extra"]])
    assert table.columns == [["1", "2"], ["", "3"]] and len(table) == 2
    assert list(table.rows()) == [("1", ""), ("2", "3")]


remark = st.text(alphabet='ab ;,"\n\r\té', max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(st.from_regex(r"r[0-9]{1,3}", fullmatch=True), remark, remark), max_size=10),
    # (With '\n' as its line end, csv.writer leaves a lone '\r' in a cell unquoted; so quote all cells then.)
    style=st.sampled_from([("\r\n", csv.QUOTE_MINIMAL), ("\r\n", csv.QUOTE_ALL), ("\n", csv.QUOTE_ALL)]),
)
def test_quoted_cells_over_several_lines_are_read_as_a_csv_writer_wrote_them(tmp_path_factory, rows, style):
    """RFC 4180 both ways: what csv.writer quotes (line breaks, ';', quotes) comes
    back as written, a line break in a cell as '\\n'; each row is numbered by the
    line it starts on."""
    buffer = io.StringIO()
    line_end, quoting = style
    csv.writer(buffer, delimiter=";", lineterminator=line_end, quoting=quoting).writerows([("respondent", "opmerking", "toelichting"), *rows])
    table = read_table(write(tmp_path_factory.mktemp("csv"), buffer.getvalue()))

    def as_read(cell: str) -> str:
        return cell.replace("\r\n", "\n").replace("\r", "\n")

    assert list(table.rows()) == [tuple(map(as_read, row)) for row in rows] and not table.problems
    starts, line = [], 2
    for row in rows:
        starts.append(line)
        line += 1 + sum(as_read(cell).count("\n") for cell in row)
    assert list(table.row_numbers) == starts


answer_cell = st.one_of(
    st.sampled_from(
        ["", "1", "3", "5", "6", "0", "wn", "WN", "nvt", "NVT", "n.v.t.", "weet niet", " 3", "4 ", "3.0", "2,0", "a", "e", "A", "é", "€", "x€"]
    ),
    st.text(alphabet="abwntv12345 .,€é", max_size=5),
)
person_cell = st.sampled_from(["Politie", "OM", "Zorg & Veiligheid", "Gemeente Eindhoven", "Ürk", ""])
level_cell = st.sampled_from(["strategisch", "tactisch", "operationeel", "Tactisch", ""])


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.text(alphabet="r0123456789", min_size=1, max_size=4), person_cell, level_cell, st.lists(answer_cell, min_size=6, max_size=6)),
        min_size=1,
        max_size=25,
    ),
    order=st.permutations(range(9)),
)
def test_answer_columns_read_from_offsets_equal_reading_every_cell(mini_set, rows, order):
    """The plain path leaves the answer columns as offsets and reads the short cells in numpy; the
    survey (codes, problems, rejected rows) is exactly the one read from a string per cell."""
    from volwassenheid.core.survey import read_survey

    ids = [q.id for q in mini_set.vragen]
    # the columns in any order: runs of other columns between, before and after the answers
    lines = [["respondent", "organisatie", "niveau", *ids], *([r, o, lv, *cells] for r, o, lv, cells in rows)]
    text = "\n".join(";".join(line[index] for index in order) for line in lines) + "\n"
    from_offsets = split_plain(text, ";", "x", frozenset(ids))
    from_strings = split_plain(text, ";", "x")
    assert from_offsets is not None and from_strings is not None
    assert [list(column) for column in from_offsets.columns] == from_strings.columns
    assert read_survey(from_offsets, mini_set, "p") == read_survey(from_strings, mini_set, "p")


def test_short_answers_are_read_in_numpy_and_the_rest_left_to_the_reader():
    import numpy as np

    from volwassenheid.core.cell_column import CellColumn, CellText

    text = CellText("x;;3;wn;nvt;1,0;1.0;3 ;weet niet;€;é\n")
    cells = ["", "3", "wn", "nvt", "1,0", "1.0", "3 ", "weet niet", "€", "é"]
    starts, position = [], 2
    for cell in cells:
        starts.append(position)
        position += len(cell) + 1
    column = CellColumn(text, np.array(starts), np.array(starts) + np.array([len(cell) for cell in cells]))
    assert list(column) == cells
    known = {"": 0, "3": 3, "wn": 254, "nvt": 255, "1,0": 1, "1.0": 1, "é": 2}
    # 1.0 shares its length and first character with 1,0: the first of the two is looked up here,
    # the other goes to the reader, as do a cell with a space, a long one and one not in `known`
    assert list(column.codes(known, 253)) == [0, 3, 254, 255, 1, 253, 253, 253, 253, 2]


@given(st.lists(st.text(alphabet="aB1 \t\u00a0\u2003\x1f\x85\u200b.@É", max_size=6), max_size=8))
def test_ids_are_compared_alike_with_or_without_spaces(ids):
    from volwassenheid.core.survey import people_as_compared, same_person

    assert people_as_compared(ids) == [same_person(respondent) for respondent in ids]
