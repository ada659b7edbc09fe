"""What batch and importeer say about a survey file: the sheet they read, blank rows, extra
cells, a NUL byte, another separator, a number too long to print."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()
QUESTIONS = ["v1", "v2", "t1", "t2", "t3", "i1"]
HEADER = ["respondent", "organisatie", "niveau", *QUESTIONS]


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def flat(output: str) -> str:
    return " ".join(output.split())


def workbook(path: Path, sheets: list[tuple[str, list[list], str]]) -> Path:
    """An .xlsx with these (title, rows, state) sheets, in this order; state 'visible' or 'hidden'."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.active = next(i for i, (_, _, state) in enumerate(sheets) if state == "visible")
    book.save(path)
    return path


OLD = [HEADER, ["z1", "OM", "tactisch", 1, 1, 1, 1, 1, 1]]
NEW = [HEADER, ["r1", "Politie", "operationeel", 3, 3, 3, 3, 3, 3], ["r2", "OM", "tactisch", 3, 3, 3, 3, 3, 3]]


def test_batch_names_the_sheet_read_and_warns_it_is_hidden_and_others_hold_data(tmp_path, mini_set_path):
    path = workbook(tmp_path / "enquete.xlsx", [("Oud", OLD, "hidden"), ("Antwoorden", NEW, "visible"), ("Leeg", [], "visible")])
    result = run("batch", path, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--samenwerkingsverband", "enquete")
    assert result.exit_code == 0, result.output
    said = flat(result.output)
    assert "werkblad 'Oud' gelezen (het eerste van 3)" in said
    assert "het gelezen werkblad 'Oud' is verborgen in Excel" in said
    assert "werkblad 'Antwoorden' bevat ook gegevens, maar is niet gelezen" in said
    assert "'Leeg'" not in said


def test_importeer_names_the_single_visible_sheet_without_warnings(make_engagement, tmp_path):
    folder = make_engagement([])
    path = workbook(tmp_path / "enquete.xlsx", [("Antwoorden", NEW, "visible")])
    result = run("importeer", folder, path)
    assert result.exit_code == 0, result.output
    said = flat(result.output)
    assert "werkblad 'Antwoorden' gelezen" in said
    assert "verborgen" not in said and "ook gegevens" not in said


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


ROW = "tactisch;2;2;2;2;2;2"


def test_blank_rows_between_the_data_are_named_and_trailing_ones_are_not(tmp_path, mini_set_path):
    lines = [";".join(HEADER), f"r1;OM;{ROW}", "", ";;;;;;;;", "   ", f"r2;OM;{ROW}", ";;", f"r3;OM;{ROW}", "", ";;;"]
    result = run("batch", write_csv(tmp_path / "e.csv", lines), "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--samenwerkingsverband", "e")
    assert result.exit_code == 0, result.output
    assert "Let op: 4 lege rijen overgeslagen (rijen 3–5, 7)." in flat(result.output)


def test_blank_rows_in_a_fast_read_csv_and_in_a_sheet_are_named(tmp_path, mini_set_path):
    lines = [";".join(HEADER), f"r1;OM;{ROW}", ";;;;;;;;", f"r2;OM;{ROW}", ";;;;;;;;"]
    result = run("batch", write_csv(tmp_path / "e.csv", lines), "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--samenwerkingsverband", "e")
    assert "Let op: 1 lege rij overgeslagen (rij 3)." in flat(result.output)
    rows = [HEADER, ["r1", "OM", "tactisch", 2, 2, 2, 2, 2, 2], [None] * 9, [" "] * 9, ["r2", "OM", "tactisch", 3, 3, 3, 3, 3, 3]]
    path = workbook(tmp_path / "e.xlsx", [("Blad1", rows, "visible")])
    result = run("batch", path, "-o", tmp_path / "uit2", "--vragenlijst", mini_set_path, "--samenwerkingsverband", "enquete")
    assert result.exit_code == 0, result.output
    assert "Let op: 2 lege rijen overgeslagen (rijen 3–4)." in flat(result.output)


def test_filled_cells_beyond_the_header_reject_their_row_with_the_cells_named(tmp_path, mini_set_path):
    lines = [";".join(HEADER), f"r1;OM;{ROW}", f"r2;OM;{ROW};extra;;x", f"r3;OM;{ROW};;", f"r4;OM;{ROW}"]
    export = write_csv(tmp_path / "e.csv", lines)
    refused = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--samenwerkingsverband", "enquete")
    assert refused.exit_code == 1
    assert "rij 3: 2 gevulde cellen na de 9 kolommen van de kopregel ('extra', 'x')" in flat(refused.output)
    assert "rij 4" not in refused.output  # empty cells beyond the header are nothing
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--overslaan", "--samenwerkingsverband", "enquete")
    assert result.exit_code == 0, result.output
    rejected = (tmp_path / "uit" / "afgewezen.csv").read_text(encoding="utf-8-sig")
    assert rejected.count("\n") == 2 and "3;" in rejected.splitlines()[1]


def test_a_nul_byte_in_utf8_is_named_with_its_row_not_called_an_unknown_encoding(tmp_path, mini_set_path):
    path = tmp_path / "e.csv"
    path.write_bytes(f"{';'.join(HEADER)}\r\nr1;OM;{ROW}\r\nr2;OM\x00;{ROW}\r\n".encode())
    result = run("batch", path, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "rij 3 bevat een nul-byte (NUL, \\x00)" in flat(result.output)
    assert "tekencodering" not in result.output
    utf16_without_mark = tmp_path / "u.csv"
    utf16_without_mark.write_bytes(f"{';'.join(HEADER)}\r\nr1;OM;{ROW}\r\n".encode("utf-16-le"))
    assert "tekencodering is niet herkend" in run("batch", utf16_without_mark, "-o", tmp_path / "u", "--vragenlijst", mini_set_path).output


def test_a_row_written_with_another_separator_is_said_to_be_so(tmp_path, mini_set_path):
    lines = [";".join(HEADER), f"r1;OM;{ROW}", "r2,OM,tactisch,2,2,2,2,2,2", f"r3;OM;{ROW}"]
    result = run("batch", write_csv(tmp_path / "e.csv", lines), "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--samenwerkingsverband", "e")
    said = flat(result.output)
    assert "rij 3: de rij heeft maar één gevulde cel, met ',' erin: gebruikt deze rij een ander scheidingsteken" in said
    assert "ontbreekt" not in said and "lege rij" not in said


def test_a_huge_number_is_shown_as_read_and_shortened(tmp_path, mini_set_path):
    rows = [HEADER, ["r1", "OM", "tactisch", 1e308, 2, 2, 2, 2, 2]]
    result = run(
        "batch",
        workbook(tmp_path / "e.xlsx", [("Blad1", rows, "visible")]),
        "-o",
        tmp_path / "uit",
        "--vragenlijst",
        mini_set_path,
        "--samenwerkingsverband",
        "e",
    )
    assert "kolom 'v1': onbekend antwoord '1e+308'" in flat(result.output)
    digits = "9" * 300
    lines = [";".join(HEADER), f"r1;OM;tactisch;{digits};2;2;2;2;2"]
    result = run("batch", write_csv(tmp_path / "e.csv", lines), "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--samenwerkingsverband", "e")
    assert f"kolom 'v1': fase {'9' * 39}… bestaat niet" in flat(result.output)
    assert "9" * 41 not in result.output


SPELLINGS = [
    ";".join(["respondent", "organisatie", "niveau", "samenwerkingsverband", *QUESTIONS]),
    "r1;OM;tactisch;Groot;2;2;2;2;2;2",
    "r2;OM;tactisch;groot;4;4;4;4;4;4",
    "r3;OM;tactisch; GROOT  ;4;4;4;4;4;4",
    "r4;OM;tactisch;Groot-;4;4;4;4;4;4",
    "r5;OM;tactisch;Samenwerkingsverband;4;4;4;4;4;4",
    "r6;OM;tactisch;Zuid;4;4;4;4;4;4",
    "r7;OM;tactisch;!!!;4;4;4;4;4;4",
]


def test_partnership_names_group_whatever_their_case_and_spaces(tmp_path, mini_set_path):
    import json

    ambition = write_csv(tmp_path / "ambitie.csv", ["samenwerkingsverband;dimensie;fase", "GROOT;vertrouwen;5"])
    out = tmp_path / "uit"
    result = run("batch", write_csv(tmp_path / "e.csv", SPELLINGS), "-o", out, "--vragenlijst", mini_set_path, "--ambitie", ambition)
    assert result.exit_code == 0, result.output
    said = flat(result.output)
    assert "samenwerkingsverband 'Groot' ook gespeld als 'groot', 'GROOT'; samengenomen als 'Groot'" in said
    scores = json.loads((out / "groot" / "scores.json").read_text(encoding="utf-8"))
    assert scores["totaal"]["respondenten"] == 3
    vertrouwen = next(d for d in scores["dimensies"] if d["id"] == "vertrouwen")
    assert round(vertrouwen["score"], 2) == 3.33 and vertrouwen["doelfase"] == 5  # (2 + 4 + 4) / 3
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["groot", "groot-2", "samenwerkingsverband", "samenwerkingsverband-2", "zuid"]


def test_folders_named_in_the_summary_and_overview_and_csv_files_carry_a_bom(tmp_path, mini_set_path):
    import csv
    import io

    out = tmp_path / "uit"
    lines = [*SPELLINGS, "r8;OM;onbekend;Zuid;4;4;4;4;4;4"]
    result = run("batch", write_csv(tmp_path / "e.csv", lines), "-o", out, "--vragenlijst", mini_set_path, "--overslaan")
    assert result.exit_code == 0, result.output
    said = flat(result.output)
    assert "!!! (map samenwerkingsverband)" in said and "Groot- (map groot-2)" in said
    assert "Samenwerkingsverband (map" in result.output and " samenwerkingsverband-2)" in result.output  # wrapped in its cell
    assert "Groot (map" not in said and "Zuid (map" not in said
    for name in ("samenvatting.csv", "afgewezen.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbfsamenwerkingsverband;" if name[0] == "s" else b"\xef\xbb\xbfrij;")
    rows = list(csv.DictReader(io.StringIO((out / "samenvatting.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    folders = {row["samenwerkingsverband"]: row["map"] for row in rows}
    assert folders == {
        "!!!": "samenwerkingsverband",
        "Groot": "groot",
        "Groot-": "groot-2",
        "Samenwerkingsverband": "samenwerkingsverband-2",
        "Zuid": "zuid",
    }
    assert all((out / folder / "scores.json").is_file() for folder in folders.values())


def test_importeer_finds_the_trajects_partnership_in_another_case(make_engagement, tmp_path):
    folder = make_engagement([])  # samenwerkingsverband: Veiligheidshuis Testland
    lines = [
        ";".join(["respondent", "organisatie", "niveau", "samenwerkingsverband", *QUESTIONS]),
        "p1;OM;tactisch;veiligheidshuis  TESTLAND;3;3;3;3;3;3",
        "p2;OM;tactisch;Veiligheidshuis Testland;3;3;3;3;3;3",
    ]
    result = run("importeer", folder, write_csv(tmp_path / "e.csv", lines))
    assert result.exit_code == 0, result.output
    assert "2 respondenten toegevoegd" in flat(result.output)
