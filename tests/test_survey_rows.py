"""Every data row of an export is counted or listed as rejected, by its line number;
and exports in the encodings and forms Excel writes are read."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.core.survey import read_survey
from volwassenheid.storage.survey_files import read_table

click_dutch.install()
HEADER = "respondent;organisatie;niveau;samenwerkingsverband;v1;v2"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def physical_lines(text: str) -> list[str]:
    """The lines as a text editor shows them: '\\r\\n', '\\r' and '\\n' each end one."""
    lines, current, previous = [], [], ""
    for char in text:
        if char == "\n" and previous == "\r":
            pass  # the second half of a Windows line end
        elif char in "\r\n":
            lines.append("".join(current))
            current = []
        else:
            current.append(char)
        previous = char
    lines.append("".join(current))
    return lines


def blank(line: str) -> bool:
    """Nothing but ';', quotes and spaces: no row."""
    return not line.replace(";", "").replace('"', "").strip()


def record_from(lines: list[str], first: int) -> tuple[list[str] | None, int]:
    """RFC 4180, character by character, from the start of line `first` (0-based):
    (the cells, the index of the line after the record), or (None, _) when the
    record breaks the rules: text after a closing quote, or a quoted cell still
    open at the end of the file. A quote opens a cell only at its start; '""'
    in a quoted cell is one quote; anywhere else a quote is an ordinary character."""
    cells, cell, number = [], "", first
    state = "start"  # start of a cell | plain | quoted | closed (a quote seen inside a quoted cell)
    line, position = lines[number], 0
    while True:
        if position == len(line):
            if state != "quoted":
                return [*cells, cell], number + 1
            number += 1
            if number == len(lines):
                return None, number
            cell, line, position = cell + "\n", lines[number], 0
            continue
        char = line[position]
        position += 1
        if state == "quoted":
            if char == '"':
                state = "closed"
            else:
                cell += char
        elif state == "closed" and char == '"':
            cell, state = cell + '"', "quoted"
        elif char == ";":
            cells, cell, state = [*cells, cell], "", "start"
        elif state == "closed":
            return None, number
        elif state == "start" and char == '"':
            state = "quoted"
        else:
            cell, state = cell + char, "plain"


def read_by_the_rule(text: str, value_columns: set[int]) -> tuple[dict[int, list[str]], set[int]]:
    """The rule for a CSV, written out: ({row number: cells} of the rows read,
    row numbers rejected as a quote problem). Blank lines are no rows. A record
    that breaks the rules rejects its first line. A record over several lines
    is a row only if it has the header's number of cells (empty ones beyond it
    aside) and no line break in a value column; else its first line is
    rejected. After a rejected line, reading goes on at the next line."""
    lines = physical_lines(text)
    width = len(lines[0].split(";"))
    rows, rejected, index = {}, set(), 1
    while index < len(lines):
        if blank(lines[index]):
            index += 1
            continue
        cells, after = record_from(lines, index)
        believable = cells is not None and (
            after == index + 1
            or (
                len(cells) >= width and not any(cell.strip() for cell in cells[width:]) and not any("\n" in cells[column] for column in value_columns)
            )
        )
        if believable:
            rows[index + 1] = cells
            index = after
        else:
            rejected.add(index + 1)
            index += 1
    return rows, rejected


RULE_HEADER = HEADER + ";opmerking"
VALUE_COLUMNS = {0, 1, 2, 3, 4, 5}  # all but 'opmerking'
pieces = st.sampled_from(
    [
        "r1", "R1 ", "r2", "OM", "Politie", "tactisch", "3", "5", "9", "wn", "x", " ", '"', '""', ";", ";", ";", ",", "\t",
        "\n", "\r\n", "\r", "\n\n", ";;;;;;", '"a\nb"', 'r4;OM;tactisch;Noord;3;4;"regel 1\r\n\r\nregel ""3"""\n',
        'r5;OM;tactisch;Noord;"4\n";3;\n', 'r6;"OM\nPolitie";tactisch;Noord;3;3;x\n',
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(body=st.lists(pieces, max_size=80).map("".join), line_end=st.sampled_from(["\n", "\r\n"]))
def test_every_data_row_is_counted_or_rejected_exactly_once(tmp_path_factory, mini_set, body, line_end):
    text = RULE_HEADER + line_end + body
    path = tmp_path_factory.mktemp("csv") / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    rows, quote_problems = read_by_the_rule(text, VALUE_COLUMNS)

    table = read_table(path, mini_set.question_ids())
    width, read = len(table.header), dict(zip(table.row_numbers, table.rows(), strict=True))
    assert {number: read.get(number) for number in rows} == {n: tuple((cells + [""] * width)[:width]) for n, cells in rows.items()}
    assert all(blank(physical_lines(text)[number - 1]) for number in read.keys() - rows.keys())  # the fast path keeps blank lines
    assert quote_problems <= {problem.row for problem in table.problems}

    survey = read_survey(table, mini_set, "Standaard")
    counted, rejected = set(survey.row_numbers), set(survey.rejected_rows)
    assert len(counted) == len(survey.row_numbers) and len(rejected) == len(survey.rejected_rows)
    assert not counted & rejected
    assert counted | rejected == set(rows) | quote_problems  # every data row, none lost
    assert quote_problems <= rejected
    assert rejected == {problem.row for problem in survey.problems if problem.row is not None}
    for number, respondent in zip(survey.row_numbers, survey.respondent_ids, strict=True):
        assert respondent == rows[number][0].strip()


def ten_respondents(bad_line: str | None = None, at: int = 4) -> str:
    rows = [f"r{n};OM;tactisch;Noord;{n % 5 + 1};3" for n in range(1, 11)]
    if bad_line is not None:
        rows[at - 2] = bad_line
    return "\r\n".join([HEADER, *rows]) + "\r\n"


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ('r3;"OM;tactisch;Noord;4;3', 'aanhalingsteken (") wordt niet gesloten vóór het einde van het bestand, begint in rij 4'),
        ('r3;"OM"x;tactisch;Noord;4;3', "aanhalingsteken: er staat tekst direct na het sluitende aanhalingsteken"),
    ],
)
def test_a_stray_quote_rejects_its_own_row_only(tmp_path, mini_set_path, bad_line, reason):
    export = tmp_path / "enquete.csv"
    export.write_text(ten_respondents(bad_line), encoding="utf-8")
    out = tmp_path / "uit"
    refused = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert refused.exit_code == 1 and f"rij 4: {reason}" in refused.output
    assert not out.exists()
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--overslaan")
    assert result.exit_code == 0, result.output
    assert "1 rij afgewezen" in result.output
    scores = (out / "noord" / "scores.json").read_text(encoding="utf-8")
    assert '"respondenten": 9' in scores
    rejected = list(csv.reader(io.StringIO((out / "afgewezen.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rejected[1][0] == "4" and reason in rejected[1][2]


def test_row_numbers_are_line_numbers_after_blank_lines_and_quotes(tmp_path, mini_set):
    text = f'{HEADER}\n\nr1;"OM";tactisch;Noord;3;3\n;;;;;\nr1;OM;hoog;Noord;3;3\n'
    path = tmp_path / "e.csv"
    path.write_text(text, encoding="utf-8")
    survey = read_survey(read_table(path), mini_set, "x")
    assert survey.row_numbers == [3] and survey.rejected_rows == [5]
    assert str(survey.problems[0]).startswith("rij 5, kolom 'niveau': onbekend niveau 'hoog'")
    assert "dezelfde respondent staat ook in rij 3" in str(survey.problems[1])


def test_cells_beyond_the_header_alone_are_a_problem_not_a_blank_row(tmp_path, mini_set):
    path = tmp_path / "e.csv"
    path.write_text(f"{HEADER}\nr1;OM;tactisch;Noord;3;3\n;;;;;;r2\n", encoding="utf-8")
    survey = read_survey(read_table(path), mini_set, "x")
    assert survey.row_numbers == [2] and survey.rejected_rows == [3]
    assert "buiten de 6 kolommen van de kopregel" in str(survey.problems[0])


def test_a_quote_problem_in_the_ambition_file_is_named(tmp_path, mini_set_path):
    export = tmp_path / "e.csv"
    export.write_text(ten_respondents(), encoding="utf-8")
    ambition = tmp_path / "ambitie.csv"
    ambition.write_text('dimensie;fase\n"vertrouwen;4\ntvb;4\n', encoding="utf-8")
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--ambitie", ambition)
    assert result.exit_code == 1 and "rij 2: aanhalingsteken" in result.output


# --- cells over several lines (RFC 4180) -------------------------------------------


def forms_export(line_end: str = "\r\n") -> str:
    """As LimeSurvey and Google Forms write it: every cell quoted, commas, a
    timestamp column, and a remark over three lines (rows 3 to 5)."""
    remark = f'Goede samenwerking.{line_end}Wel: de overdracht "loopt" nog stroef.{line_end}Groet, Ans'
    rows = [
        ["Tijdstempel", "respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2", "Opmerkingen"],
        ["2026/11/02 09:14", "r1", "OM", "tactisch", "Noord", "3", "4", ""],
        ["2026/11/02 09:20", "r2", "Politie", "strategisch", "Noord", "2", "3", remark],
        ["2026/11/02 09:31", "r3", "Gemeente", "operationeel", "Noord", "4", "4", "Prima"],
        ["2026/11/02 09:40", "r4", "OM", "hoog", "Noord", "4", "4", ""],
        ["2026/11/02 09:52", "r5", "Reclassering", "tactisch", "Noord", "5", "4", "Kort."],
    ]
    quoted = (",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows)
    return line_end.join(quoted) + line_end


@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
def test_a_remark_over_three_lines_is_read_and_later_rows_keep_their_line_numbers(tmp_path, mini_set_path, line_end):
    export = tmp_path / "forms.csv"
    export.write_bytes(forms_export(line_end).encode("utf-8"))
    out = tmp_path / "uit"
    refused = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert refused.exit_code == 1
    assert "rij 7, kolom 'niveau': onbekend niveau 'hoog'" in refused.output  # r4 starts on line 7
    assert "aanhalingsteken" not in refused.output and "rij 3" not in refused.output
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--overslaan")
    assert result.exit_code == 0, result.output
    assert '"respondenten": 4' in (out / "noord" / "scores.json").read_text(encoding="utf-8")  # r1, r2, r3, r5
    rejected = list(csv.reader(io.StringIO((out / "afgewezen.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rejected[1:]] == ["7"]


def test_line_ends_may_be_mixed_inside_and_between_records(tmp_path, mini_set):
    text = (
        f'{HEADER};opmerking\r\nr1;OM;tactisch;Noord;3;3;"een\r\ntwee\ndrie"\nr2;OM;tactisch;Noord;4;4;\r\n\nr3;OM;tactisch;Noord;5;5;"a\n\r\nb"\r\n'
    )
    path = tmp_path / "e.csv"
    path.write_bytes(text.encode("utf-8"))
    table = read_table(path, mini_set.question_ids())
    assert list(table.row_numbers) == [2, 5, 7] and not table.problems
    assert table.columns[6] == ["een\ntwee\ndrie", "", "a\n\nb"]  # a line break in a cell is read as '\n'
    assert read_survey(table, mini_set, "x").respondent_ids == ["r1", "r2", "r3"]


def test_a_stray_quote_costs_only_its_own_line_even_when_a_later_quote_closes_it(tmp_path, mini_set):
    """Row 4's stray quote runs on to the quote that opens row 5's remark, which
    then reads as text after a closing quote. Row 4 alone is rejected, and row 5
    (over lines 5-6) is read as the remark it is."""
    lines = [
        f"{HEADER};opmerking",
        "r1;OM;tactisch;Noord;3;3;",
        "r2;OM;tactisch;Noord;3;3;",
        'r3;"OM;tactisch;Noord;4;3;',
        'r4;OM;tactisch;Noord;2;2;"Eerste regel',
        'tweede regel"',
        "r5;OM;tactisch;Noord;5;5;",
    ]
    path = tmp_path / "e.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    survey = read_survey(read_table(path, mini_set.question_ids()), mini_set, "x")
    assert survey.row_numbers == [2, 3, 5, 7] and survey.rejected_rows == [4]
    assert survey.respondent_ids == ["r1", "r2", "r4", "r5"]
    assert str(survey.problems[0]).startswith(
        'rij 4: aanhalingsteken (") opent een cel over meerdere regels, begint in rij 4, maar in rij 5 staat tekst'
    )


def test_a_quote_left_open_to_the_end_of_the_file_rejects_only_its_first_line(tmp_path, mini_set):
    rows = [f"r{n};OM;tactisch;Noord;3;3;" for n in range(1, 8)]
    rows[2] = 'r3;OM;tactisch;Noord;3;3;"Een opmerking zonder einde'
    path = tmp_path / "e.csv"
    path.write_text("\r\n".join([f"{HEADER};opmerking", *rows]), encoding="utf-8")
    survey = read_survey(read_table(path, mini_set.question_ids()), mini_set, "x")
    assert survey.rejected_rows == [4] and survey.row_numbers == [2, 3, 5, 6, 7, 8]
    assert [str(problem) for problem in survey.problems] == [
        'rij 4: aanhalingsteken (") wordt niet gesloten vóór het einde van het bestand, begint in rij 4; de regels erna zijn los gelezen'
    ]


@pytest.mark.parametrize(
    ("record", "column"),
    [
        ('r3;OM;tactisch;"Noord\nZuid";4;3;', "samenwerkingsverband"),
        ('"r3\nr4";OM;tactisch;Noord;4;3;', "respondent"),
        ('r3;OM;tactisch;Noord;"4\n";3;', "v1"),  # read as '4' if it were believed
    ],
)
def test_a_line_break_in_a_value_column_is_a_quote_problem(tmp_path, mini_set, record, column):
    """Ids, organisations, levels, partnerships and answers never hold a line
    break: one there is a quote gone wrong, and believing it would hide the
    line after it inside this row."""
    path = tmp_path / "e.csv"
    path.write_text(f"{HEADER};opmerking\nr1;OM;tactisch;Noord;3;3;\nr2;OM;tactisch;Noord;3;3;\n{record}\n", encoding="utf-8")
    survey = read_survey(read_table(path, mini_set.question_ids()), mini_set, "x")
    assert 4 in survey.rejected_rows and sorted(survey.row_numbers + survey.rejected_rows) == [2, 3, 4, 5]  # line 5 read on its own
    assert (
        f"rij 4: aanhalingsteken (\") opent een cel over meerdere regels, begint in rij 4, maar rij 4–5 heeft dan een regeleinde in kolom '{column}'"
        in str(survey.problems[0])
    )


def test_a_record_over_several_lines_needs_the_headers_number_of_cells(tmp_path, mini_set):
    path = tmp_path / "e.csv"
    path.write_text(
        f'{HEADER};opmerking\nr1;OM;tactisch;Noord;3;3;"a\nb";;\nr2;OM;tactisch;Noord;3;"a\nb"\nr3;OM;tactisch;Noord;3;3;"a\nb";x\n', encoding="utf-8"
    )
    table = read_table(path, mini_set.question_ids())
    assert list(table.row_numbers) == [2, 5, 7]  # empty cells beyond the header are allowed, as on one line
    assert table.columns[6] == ["a\nb", "", ""] and table.columns[0] == ["r1", 'b"', 'b"']  # lines 5 and 7 read on their own
    assert [(problem.row, problem.message.split(", maar ")[1]) for problem in table.problems] == [
        (4, "rij 4–5 heeft dan 6 cellen in plaats van 7; de regels erna zijn los gelezen"),
        (6, "rij 6–7 heeft dan 8 cellen in plaats van 7; de regels erna zijn los gelezen"),
    ]


@pytest.fixture
def cells_of_at_most_20_characters():
    limit = csv.field_size_limit(20)
    yield
    csv.field_size_limit(limit)


def test_a_cell_over_several_lines_longer_than_the_limit_rejects_only_its_first_line(tmp_path, cells_of_at_most_20_characters):
    path = tmp_path / "e.csv"
    path.write_text(f'respondent;opmerking\nr1;"{"x" * 12}\n{"x" * 12}"\nr2;kort\n', encoding="utf-8")
    table = read_table(path)
    assert list(table.row_numbers) == [3, 4] and [problem.row for problem in table.problems] == [2]
    assert "opent een cel over meerdere regels, begint in rij 2, maar die cel wordt langer dan 20 tekens" in table.problems[0].message


# --- encodings ----------------------------------------------------------------


def excel_unicode_text(rows: list[list[str]], mark: bytes, codec: str) -> bytes:
    """As Excel's 'Unicode text' export: UTF-16 with a byte-order mark, tabs, Windows line ends."""
    return mark + "".join("\t".join(row) + "\r\n" for row in rows).encode(codec)


@pytest.mark.parametrize(("mark", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_excel_unicode_text_is_read(tmp_path, mini_set_path, mark, codec):
    rows = [HEADER.split(";"), ["r1", "Gemeente Súdwest", "tactisch", "Noord", "4", "2"], ["r2", "OM", "strategisch", "Noord", "2", "2"]]
    export = tmp_path / "enquete.txt"
    export.write_bytes(excel_unicode_text(rows, mark, codec))
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
    scores = (out / "noord" / "scores.json").read_text(encoding="utf-8")
    assert '"score": 2.5' in scores and "Gemeente Súdwest" in scores  # (4+2)/2=3 and (2+2)/2=2


@pytest.mark.parametrize(
    "data",
    [
        "respondent;organisatie\r\n".encode("utf-16-le"),  # UTF-16 without a byte-order mark
        b"respondent;organisatie\r\nr1;\x81\x8d\xff\xfe\r\n",  # neither UTF-8 nor Windows-1252
        codecs.BOM_UTF16_LE + b"r\x00e",  # a mark, then half a character
    ],
)
def test_an_unknown_encoding_is_said_to_be_unknown(tmp_path, data):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    with pytest.raises(UserError, match="de tekencodering is niet herkend"):
        read_table(path)


# --- spreadsheets -----------------------------------------------------------------


def workbook_with_formulas(path: Path, cached: bool = False) -> Path:
    """D3 and E4 are formulas; openpyxl stores an empty result for them (<v />), as some tools do."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2"])
    sheet.append(["r1", "OM", "tactisch", "Noord", 3, 3])
    sheet.append(["r2", "OM", "tactisch", '=A1&"x"', 3, 3])
    sheet.append(["r3", "OM", "tactisch", "Noord", "=1+2", 3])
    workbook.save(path)
    if cached:  # as Excel saves it: the result beside the formula
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
        sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
        sheet_xml = re.sub(r"<v ?/>|<v></v>", "<v />", sheet_xml)  # openpyxl writes either, with lxml or without
        sheet_xml = sheet_xml.replace('<f>A1&amp;"x"</f><v />', '<f>A1&amp;"x"</f><v>Noord</v>').replace("<f>1+2</f><v />", "<f>1+2</f><v>3</v>")
        assert sheet_xml.count("<v>Noord</v>") == 1 and sheet_xml.count("<v>3</v>") >= 1
        parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    return path


def test_formulas_without_a_stored_result_are_problems_with_their_cell(tmp_path, mini_set_path):
    export = workbook_with_formulas(tmp_path / "enquete.xlsx")
    out = tmp_path / "uit"
    refused = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert refused.exit_code == 1
    assert "rij 3, kolom 'samenwerkingsverband': cel D3 bevat een formule zonder opgeslagen uitkomst" in refused.output
    assert "rij 4, kolom 'v1': cel E4 bevat een formule" in refused.output
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--overslaan")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["noord"]  # never a folder named after the file
    assert '"respondenten": 1' in (out / "noord" / "scores.json").read_text(encoding="utf-8")


def test_formulas_with_a_stored_result_are_read_as_that_result(tmp_path, mini_set_path):
    export = workbook_with_formulas(tmp_path / "enquete.xlsx", cached=True)
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
    assert '"respondenten": 3' in (out / "noord" / "scores.json").read_text(encoding="utf-8")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    import python_calamine

    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))  # 20 MB packs to about 20 KB
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", None)  # it must not be reached
    with pytest.raises(UserError, match="keer samengeperst"):
        read_table(bomb)


def test_a_spreadsheet_too_large_unpacked_is_refused(tmp_path, monkeypatch):
    import random

    from volwassenheid.storage import spreadsheets

    large = tmp_path / "groot.xlsx"
    with zipfile.ZipFile(large, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", random.Random(1).randbytes(3 * 2**20))
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_MB", 2)
    with pytest.raises(UserError, match="uitgepakt is dit werkboek 3 MB; de grens is 2 MB"):
        read_table(large)


def test_formula_cells_are_found_with_a_namespace_prefix_too(tmp_path):
    from volwassenheid.storage.spreadsheets import formulas_without_value

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    path = tmp_path / "sdk.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<x:workbook xmlns:x="{main}" xmlns:r="{relations}"><x:sheets><x:sheet name="A" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId7" Target="/xl/worksheets/blad.xml" Type="t"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/blad.xml",
            f'<x:worksheet xmlns:x="{main}"><x:sheetData><x:row r="7"><x:c r="A7"/><x:c r="B7"><x:f>1+1</x:f></x:c>'
            '<x:c r="C7" t="n"><x:f>1</x:f><x:v>1</x:v></x:c><x:c r="AA7"><x:f t="shared" si="0"/><x:v/></x:c></x:row></x:sheetData></x:worksheet>',
        )
    assert formulas_without_value(path) == [("B7", 7, 1), ("AA7", 7, 26)]


@given(line=st.text(st.sampled_from(';"x \t\u00a0\u3000,')))
def test_a_blank_line_holds_nothing_but_delimiters_quotes_and_spaces(line):
    from volwassenheid.storage.survey_csv import blank

    assert blank(line, ";") == (not line.replace(";", "").replace('"', "").strip())


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["v1", "v2", "t1", "t2", "t3", "Tijdstempel"], ["1 kolom genegeerd", "1 vraag niet in het bestand"]),
        (["v1", "v2", "t1", "t2", "Tijdstempel", "E-mail"], ["2 kolommen genegeerd", "2 vragen niet in het bestand"]),
    ],
)
def test_notes_count_columns_and_questions_in_dutch_singular_and_plural(mini_set, header, expected):
    from volwassenheid.core.survey_table import Table

    rows = [["respondent", "organisatie", "niveau", *header], ["r1", "OM", "tactisch", *["3"] * 4, "x", "y"]]
    survey = read_survey(Table.from_rows("e.csv", rows), mini_set, "Noord")
    notes = " | ".join(survey.notes)
    for text in expected:
        assert text in notes
    assert "(men)" not in notes and "/vragen" not in notes
