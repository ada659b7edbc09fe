"""Batch scoring and import of survey exports, as they really arrive."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.survey import read_survey
from volwassenheid.core.survey_table import Table
from volwassenheid.storage.csv_safe import safe_cell
from volwassenheid.storage.traject_folder import load_engagement

click_dutch.install()
FIXTURES = Path(__file__).parent / "fixtures"
QUESTIONS = ["v1", "v2", "t1", "t2", "t3", "i1"]


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def write_export(path: Path, header, rows, delimiter=";", encoding="utf-8-sig", line_end="\r\n") -> Path:
    text = line_end.join(delimiter.join(map(str, row)) for row in [header, *rows]) + line_end
    path.write_bytes(text.encode(encoding))
    return path


HEADER = ["Tijdstempel", "E-mailadres", "respondent", "organisatie", "niveau", "samenwerkingsverband", *QUESTIONS]
# Two partnerships. Noord: three respondents with hand-checkable answers.
ROWS = [
    ["12-10-2026 09:01", "a@voorbeeld.nl", "Anna Jansen", "Politie", "strategisch", "ZVH Noord", 4, 4, 2, 3, "wn", 3],
    ["12-10-2026 09:14", "b@voorbeeld.nl", "Bram de Wit", "OM", "Tactisch", "ZVH Noord", 3, "Weet niet", 2, 2, 2, "n.v.t."],
    ["12-10-2026 09:30", "c@voorbeeld.nl", "Cor Smit", "Gemeente Súdwest", "operationeel ", "ZVH Noord", 5, "c", "b", "", 1, 2],
    ["13-10-2026 11:00", "d@voorbeeld.nl", "Dirk Bos", "Politie", "operationeel", "ZVH Zuid", 2, 2, 2, 2, 2, 2],
    ["", "", "", "", "", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", "", "", "", ""],
]


def scores_of(folder: Path, slug: str) -> dict:
    data = json.loads((folder / slug / "scores.json").read_text(encoding="utf-8"))
    return {d["id"]: d for d in data["dimensies"]}


@pytest.mark.parametrize(
    ("delimiter", "encoding", "line_end"),
    [(";", "utf-8-sig", "\r\n"), (",", "utf-8", "\n"), (";", "cp1252", "\r\n")],
)
def test_messy_export_is_scored_by_hand(tmp_path, mini_set_path, delimiter, encoding, line_end):
    export = write_export(tmp_path / "export.csv", HEADER, ROWS, delimiter, encoding, line_end)
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
    assert "2 kolommen genegeerd (geen vraag-id): Tijdstempel, E-mailadres" in result.output
    noord = scores_of(out, "zvh-noord")
    # vertrouwen: (4+4)/2=4, 3 (v2 weet niet), (5+3 'c')/2=4 -> 11/3
    assert noord["vertrouwen"]["score"] == round(11 / 3, 2) and noord["vertrouwen"]["n"] == 3
    # tvb: (2+3)/2=2.5, (2+2+2)/3=2, ('b'=2 + 1)/2=1.5 -> 2.0
    assert noord["tvb"]["score"] == 2.0
    # informatie: 3, n.v.t., 2 -> 2.5 (n = 2)
    assert (noord["informatie"]["score"], noord["informatie"]["n"]) == (2.5, 2)
    assert scores_of(out, "zvh-zuid")["vertrouwen"]["score"] == 2.0
    organisations = {g["naam"] for g in noord["vertrouwen"]["per_organisatie"]}
    assert "Gemeente Súdwest" in organisations  # cp1252 accents survive


def test_summary_csv_opens_in_dutch_excel(tmp_path, mini_set_path):
    export = write_export(tmp_path / "export.csv", HEADER, ROWS)
    out = tmp_path / "uit"
    assert run("batch", export, "-o", out, "--vragenlijst", mini_set_path).exit_code == 0
    rows = list(csv.reader(io.StringIO((out / "samenvatting.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        *("samenwerkingsverband", "dimensie", "naam", "score", "interval_laag", "interval_hoog", "fase", "fase_naam", "fase_zekerheid"),
        *("grensgeval", "doelfase", "verschil", "n", "indicatief", "sd", "rwg", "alfa", "weet_niet_aandeel", "nvt_aandeel"),
        *("fase_regel", "weging", "opmerking", "map"),
    ]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert [row[key] for key in ("samenwerkingsverband", "dimensie", "naam", "score", "fase", "n", "indicatief", "fase_regel", "weging")] == [
        *("ZVH Noord", "vertrouwen", "Vertrouwen en relaties", "3,67", "3", "3", "ja", "drempel 75%", "organisatie")
    ]
    assert len(rows) == 1 + 2 * 3


def test_respondent_ids_and_names_never_reach_the_output(tmp_path, mini_set_path):
    export = write_export(tmp_path / "export.csv", HEADER, ROWS)
    out = tmp_path / "uit"
    assert run("batch", export, "-o", out, "--vragenlijst", mini_set_path).exit_code == 0
    written = " ".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    for secret in ("Anna", "Jansen", "a@voorbeeld.nl", "Bram"):
        assert secret not in written


def test_xlsx_with_numbers_as_floats_and_option_texts(tmp_path, mini_set_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Antwoorden"
    sheet.append(["respondent", "organisatie", "niveau", *QUESTIONS])
    sheet.append(["r1", "Politie", "tactisch", 4.0, 2.0, "a", "B", "weet niet", None])
    sheet.append(["r2", "OM", "tactisch", 2, 2, 3, 3, 3, 5])
    sheet.append([None] * 9)
    workbook.save(tmp_path / "enquete.xlsx")
    out = tmp_path / "uit"
    result = run("batch", tmp_path / "enquete.xlsx", "-o", out, "--vragenlijst", mini_set_path, "--samenwerkingsverband", "enquete")
    assert result.exit_code == 0, result.output
    scores = scores_of(out, "enquete")  # no partnership column: the file name
    assert scores["vertrouwen"]["score"] == 2.5  # (4+2)/2=3 and (2+2)/2=2
    assert scores["tvb"]["score"] == 2.25  # a=1, B=2 -> 1.5; 3 -> 3


def test_every_kind_of_bad_row_is_named_and_nothing_is_written(tmp_path, mini_set_path):
    header = ["respondent", "organisatie", "niveau", "v1", "v2", "t9"]
    rows = [
        ["r1", "Politie", "hoog", 3, 9, ""],
        ["r1", "", "tactisch", "soms", 2, ""],
    ]
    export = write_export(tmp_path / "fout.csv", header, rows)
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--samenwerkingsverband", "enquete")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "er is niets geschreven" in result.output
    assert "rij 1, kolom 't9': onbekende vraag-id" in result.output
    assert not out.exists()
    # with the unknown column gone, all row problems are listed at once
    export = write_export(tmp_path / "fout.csv", header[:5], [r[:5] for r in rows])
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--samenwerkingsverband", "enquete")
    assert result.exit_code == 1
    for expected in (
        "rij 2, kolom 'niveau': onbekend niveau 'hoog'",
        "rij 2, kolom 'v2': fase 9 bestaat niet",
        "rij 3, kolom 'organisatie': organisatie ontbreekt",
        "rij 3, kolom 'respondent': dezelfde respondent staat ook in rij 2",
        "rij 3, kolom 'v1': onbekend antwoord 'soms'",
    ):
        assert expected in result.output
    assert not out.exists()


def test_missing_required_column(tmp_path, mini_set_path):
    export = write_export(tmp_path / "x.csv", ["respondent", "niveau", "v1"], [["r1", "tactisch", 3]])
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path)
    assert result.exit_code == 1 and "rij 1, kolom 'organisatie': verplichte kolom ontbreekt" in result.output


def test_skip_scores_valid_rows_and_lists_the_rejected(tmp_path, mini_set_path):
    rows = [["r1", "Politie", "tactisch", 3, 3], ["r2", "OM", "bestuur", 2, 2], ["r3", "OM", "tactisch", 5, 5]]
    export = write_export(tmp_path / "x.csv", ["respondent", "organisatie", "niveau", "v1", "v2"], rows)
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--overslaan", "--samenwerkingsverband", "x")
    assert result.exit_code == 0, result.output
    assert "1 rij afgewezen" in result.output and "rij 3, kolom 'niveau'" in result.output
    assert scores_of(out, "x")["vertrouwen"]["score"] == 4.0  # r1 and r3
    rejected = list(csv.reader(io.StringIO((out / "afgewezen.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rejected[0] == ["rij", "kolom", "probleem"]
    assert rejected[1][:2] == ["3", "niveau"] and rejected[1][2].startswith("onbekend niveau 'bestuur'")


def test_ambition_file_applies_per_partnership_and_for_all(tmp_path, mini_set_path):
    export = write_export(tmp_path / "export.csv", HEADER, ROWS)
    ambition = write_export(
        tmp_path / "ambitie.csv",
        ["samenwerkingsverband", "dimensie", "fase"],
        [["*", "vertrouwen", 4], ["ZVH Zuid", "vertrouwen", 3], ["ZVH Noord", "TVB", "4"]],
    )
    out = tmp_path / "uit"
    assert run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--ambitie", ambition).exit_code == 0
    noord, zuid = scores_of(out, "zvh-noord"), scores_of(out, "zvh-zuid")
    assert (noord["vertrouwen"]["doelfase"], noord["tvb"]["doelfase"], noord["tvb"]["verschil"]) == (4, 4, 2.0)
    assert (zuid["vertrouwen"]["doelfase"], zuid["tvb"]["doelfase"]) == (3, None)
    advice = json.loads((out / "zvh-noord" / "advies.json").read_text(encoding="utf-8"))
    assert advice["stapadviezen"][0]["dimensie"] == "tvb"


def test_bad_ambition_file(tmp_path, mini_set_path):
    export = write_export(tmp_path / "export.csv", HEADER, ROWS)
    ambition = write_export(tmp_path / "ambitie.csv", ["dimensie", "fase"], [["sfeer", 3], ["tvb", 8]])
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path, "--ambitie", ambition)
    assert result.exit_code == 1
    assert "rij 2, kolom 'dimensie': onbekende dimensie 'sfeer'" in result.output
    assert "rij 3, kolom 'fase': fase moet 1 t/m 5 zijn" in result.output


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_formula_cells_are_neutralised(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("Politie") == "Politie" and safe_cell(-0.5) == "-0,50" and safe_cell(3) == "3"


def test_partnership_named_like_a_formula_stays_text(tmp_path, mini_set_path):
    rows = [["r1", "=cmd|' /C calc'!A0", "tactisch", "=2+5", 3, 3]]
    export = write_export(tmp_path / "x.csv", ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2"], rows)
    out = tmp_path / "uit"
    assert run("batch", export, "-o", out, "--vragenlijst", mini_set_path).exit_code == 0
    for row in csv.reader(io.StringIO((out / "samenvatting.csv").read_text(encoding="utf-8-sig")), delimiter=";"):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row)
    assert "'=2+5" in (out / "samenvatting.csv").read_text(encoding="utf-8-sig")


@pytest.mark.traag  # renders PDFs
def test_pdf_reports_for_each_partnership(tmp_path, mini_set_path):
    export = write_export(tmp_path / "export.csv", HEADER, ROWS)
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path, "--pdf")
    assert result.exit_code == 0, result.output
    assert "rapport 2/2" in result.output  # plain progress lines when not a terminal
    for slug in ("zvh-noord", "zvh-zuid"):
        assert (out / slug / "rapport.pdf").read_bytes().startswith(b"%PDF")


def test_answers_as_option_text_are_recognised(mini_set):
    table = Table.from_rows("t", [["respondent", "organisatie", "niveau", "v1"], ["r1", "OM", "tactisch", " D. "]])
    survey = read_survey(table, mini_set, "x")
    assert survey.answers.answers_of(0) == {"v1": 4}


def test_importeer_adds_survey_rows_to_a_traject(make_engagement, tmp_path):
    folder = make_engagement([{"code": "R01", "organisatie": "Politie", "niveau": "tactisch", "antwoorden": {"v1": 2, "v2": 2}}])
    rows = [
        ["Anna Jansen", "OM", "tactisch", "Veiligheidshuis Testland", 4, 4],
        ["Bram de Wit", "OM", "operationeel", "Veiligheidshuis Testland", 5, "wn"],
        ["Cor Smit", "OM", "operationeel", "Ander Huis", 1, 1],
    ]
    export = write_export(tmp_path / "enquete.csv", ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2"], rows)
    result = run("importeer", folder, export)
    assert result.exit_code == 0, result.output
    assert "2 respondenten toegevoegd" in result.output and "E01 t/m E02" in result.output
    assert "(1 ander samenwerkingsverband in het bestand overgeslagen)" in result.output
    loaded = load_engagement(folder)
    assert [(i.code, i.bron) for i in loaded.interviews] == [("E01", "enquete"), ("E02", "enquete"), ("R01", "interview")]
    for path in (folder / "interviews").glob("E*.json"):
        assert "Anna" not in path.read_text(encoding="utf-8") and "Bram" not in path.read_text(encoding="utf-8")
    assert json.loads((folder / "vertrouwelijk" / "E01.json").read_text(encoding="utf-8"))["bron_id"] == "Anna Jansen"
    # interviews and survey end up in one score: v1 = 2 (R01), 4, 5
    scores = json.loads(run("score", folder, "--json").output)
    assert scores["dimensies"][0]["n"] == 3
    # importing the same file again is refused, nothing changes
    before = sorted(p.name for p in (folder / "interviews").iterdir())
    again = run("importeer", folder, export)
    assert again.exit_code == 1 and "al eerder geïmporteerd (als E01)" in again.output
    assert sorted(p.name for p in (folder / "interviews").iterdir()) == before


def test_importeer_needs_rows_for_the_trajects_partnership(make_engagement, tmp_path):
    folder = make_engagement([])
    export = write_export(
        tmp_path / "e.csv", ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1"], [["r", "OM", "tactisch", "Elders", 3]]
    )
    result = run("importeer", folder, export)
    assert result.exit_code == 1 and "geen rijen voor 'Veiligheidshuis Testland'. In het bestand staan: Elders" in result.output


def test_unreadable_files(tmp_path, mini_set_path):
    from openpyxl import Workbook

    for name, content in (("kapot.xls", b"\xd0\xcf\x11\xe0"), ("kapot.xlsx", b"geen zip"), ("kapot.ods", b"PK\x03\x04")):
        (tmp_path / name).write_bytes(content)
        result = run("batch", tmp_path / name, "-o", tmp_path / "u")
        assert result.exit_code == 1 and f"{name}: geen leesbaar Excel- of OpenDocument-bestand" in result.output
    Workbook().save(tmp_path / "leeg.xlsx")
    assert "het eerste werkblad ('Sheet') is leeg" in run("batch", tmp_path / "leeg.xlsx", "-o", tmp_path / "u").output
    assert "bestaat niet" in run("batch", tmp_path / "nergens.csv", "-o", tmp_path / "u").output
    assert not (tmp_path / "u").exists()


@pytest.mark.parametrize("name", ["enquete.xls", "enquete.ods"])
def test_old_excel_and_opendocument_files_with_row_numbers_as_shown(tmp_path, mini_set_path, name):
    """The fixtures (scripts/make_spreadsheet_fixtures.py) have two blank rows above the header."""
    out = tmp_path / "uit"
    refused = run("batch", FIXTURES / name, "-o", out, "--vragenlijst", mini_set_path, "--samenwerkingsverband", "enquete")
    assert refused.exit_code == 1
    assert f"{name} (werkblad 'Antwoorden'): 1 probleem" in refused.output
    assert "rij 6, kolom 'v1': fase 7 bestaat niet" in refused.output  # r3 is on row 6 of the sheet
    result = run("batch", FIXTURES / name, "-o", out, "--vragenlijst", mini_set_path, "--overslaan", "--samenwerkingsverband", "enquete")
    assert result.exit_code == 0, result.output
    scores = scores_of(out, "enquete")
    assert scores["vertrouwen"]["score"] == 2.5  # r1 (4+2)/2=3, r2 (2+2)/2=2
    assert scores["tvb"]["score"] == 2.25  # r1 a=1, B=2 -> 1.5; r2 3


def test_large_export_is_scored_in_parallel_with_the_same_results(tmp_path, mini_set_path, monkeypatch):
    import random

    from volwassenheid.app import batch_workers

    rng = random.Random(5)
    rows = [
        [
            f"r{i}",
            rng.choice(["OM", "Politie"]),
            rng.choice(["tactisch", "operationeel"]),
            f"Huis {i % 3}",
            *[rng.choice(["1", "3", "5", "wn"]) for _ in QUESTIONS],
        ]
        for i in range(batch_workers.PARALLEL_FROM_ROWS)
    ]
    export = write_export(tmp_path / "groot.csv", ["respondent", "organisatie", "niveau", "samenwerkingsverband", *QUESTIONS], rows)
    processes = []
    import concurrent.futures

    class CountingPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            processes.append(args[0] if args else kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(batch_workers.os, "cpu_count", lambda: 2)
    assert run("batch", export, "-o", tmp_path / "parallel", "--vragenlijst", mini_set_path, "--datum", "2026-10-01").exit_code == 0
    assert processes == [2]
    monkeypatch.setattr(batch_workers, "PARALLEL_FROM_ROWS", 10**9)
    assert run("batch", export, "-o", tmp_path / "serial", "--vragenlijst", mini_set_path, "--datum", "2026-10-01").exit_code == 0
    assert processes == [2]  # no pool the second time
    written = sorted(p.relative_to(tmp_path / "serial") for p in (tmp_path / "serial").rglob("*") if p.is_file())
    assert len(written) == 3 * 2 + 1
    for path in written:
        assert (tmp_path / "parallel" / path).read_bytes() == (tmp_path / "serial" / path).read_bytes()
    counts = [json.loads((tmp_path / "serial" / f"huis-{i}" / "scores.json").read_text(encoding="utf-8"))["totaal"]["respondenten"] for i in range(3)]
    # a row counts with a phase (not wn) on at least half the questions of some dimension
    dimensions = ({"v1", "v2"}, {"t1", "t2", "t3"}, {"i1"})
    phases = [{q for q, cell in zip(QUESTIONS, row[4:], strict=True) if cell != "wn"} for row in rows]
    expected = [
        sum(1 for i, given in enumerate(phases) if i % 3 == huis and any(len(given & d) * 2 >= len(d) for d in dimensions)) for huis in range(3)
    ]
    assert counts == expected and sum(expected) < len(rows)


# --- the column-by-column reader against the rules written out row by row ---------


def read_row_by_row(table, question_set, default_partnership):
    """Every rule of read_survey, one row at a time: (problems, rejected rows, accepted rows)."""
    from volwassenheid.core.survey import AnswerReader

    index = {name: table.header.index(name) for name in ("respondent", "organisatie", "niveau", "samenwerkingsverband")}
    reader, seen, problems, rejected, accepted = AnswerReader(question_set), {}, [], [], []
    for offset, cells in enumerate(table.rows()):
        number = table.row_numbers[offset]
        if not any(cell.strip() for cell in cells):
            continue
        row_problems = []
        respondent, organisation, given_level = (cells[index[k]].strip() for k in ("respondent", "organisatie", "niveau"))
        partnership = cells[index["samenwerkingsverband"]].strip() or default_partnership
        level = {"strategisch": "strategisch", "tactisch": "tactisch", "operationeel": "operationeel"}.get(given_level.lower())
        if not respondent:
            row_problems.append(f"rij {number}, kolom 'respondent': respondent ontbreekt")
        if not organisation:
            row_problems.append(f"rij {number}, kolom 'organisatie': organisatie ontbreekt")
        if level is None:
            reason = f"onbekend niveau '{given_level}'" if given_level else "niveau ontbreekt"
            row_problems.append(f"rij {number}, kolom 'niveau': {reason}; kies strategisch, tactisch of operationeel")
        person = (partnership, "".join(respondent.split()).casefold())  # case and spaces do not count
        if respondent and person in seen:
            row_problems.append(f"rij {number}, kolom 'respondent': dezelfde respondent staat ook in rij {seen[person]}")
        elif respondent:
            seen[person] = number
        answers = {}
        for question in question_set.vragen:
            try:
                value = reader.read(question.id, cells[table.header.index(question.id)])
            except ValueError as error:
                row_problems.append(f"rij {number}, kolom '{question.id}': {error}")
                continue
            if value is not None:
                answers[question.id] = value
        if row_problems:
            problems += row_problems
            rejected.append(number)
        else:
            accepted.append((number, respondent, partnership, organisation, level, answers))
    return problems, rejected, accepted


cell_values = st.sampled_from(["", " ", "1", "3", "5", "3.0", "7", "wn", "Weet niet", "nvt", "n.v.t.", "a", " B. ", "misschien"])
row_values = st.tuples(
    st.sampled_from(["", "r1", "r2", "r3", "R1", "r 2"]),
    st.sampled_from(["", "OM", "Politie"]),
    st.sampled_from(["", "tactisch", "Strategisch ", "beleid"]),
    st.sampled_from(["", "Noord", "Zuid"]),
    st.lists(cell_values, min_size=len(QUESTIONS), max_size=len(QUESTIONS)),
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(row_values, max_size=12))
def test_column_reader_matches_the_rules_row_by_row(mini_set, rows):
    header = ["respondent", "organisatie", "niveau", "samenwerkingsverband", *QUESTIONS]
    table = Table.from_rows("t", [header, *([r, o, level, p, *answers] for r, o, level, p, answers in rows)])
    survey = read_survey(table, mini_set, "Standaard")
    problems, rejected, accepted = read_row_by_row(table, mini_set, "Standaard")
    nobody = [] if accepted or problems else ["het bestand bevat geen respondenten"]
    assert [str(p) for p in survey.problems] == problems + nobody
    assert survey.rejected_rows == rejected
    assert [
        (
            number,
            survey.respondent_ids[i],
            survey.partnership_names[i],
            survey.answers.organisations[i],
            survey.answers.levels[i],
            survey.answers.answers_of(i),
        )
        for i, number in enumerate(survey.row_numbers)
    ] == accepted


def test_report_workers_collect_cycles_again(mini_set, tmp_path):
    """The batch pauses the cycle collector while reading; a process that renders
    reports must run it again, or memory grows with every report (684 MB instead
    of 111 MB for 50 reports, measured)."""
    import gc

    from volwassenheid.app.batch_workers import WorkerContext, start_worker

    gc.disable()
    try:
        start_worker(WorkerContext(mini_set, tmp_path, tmp_path, with_pdf=False))
        assert not gc.isenabled()
        start_worker(WorkerContext(mini_set, tmp_path, tmp_path, with_pdf=True))
        assert gc.isenabled()
    finally:
        gc.enable()


def test_importeer_never_overwrites_a_code_taken_in_the_meantime(make_engagement, tmp_path, monkeypatch):
    """Another process claims E01 after importeer looked for a free code: E01 stays that
    process's, the survey rows get the next codes."""
    from volwassenheid.storage import respondents

    folder = make_engagement([{"code": "E01", "organisatie": "Politie", "antwoorden": {"v1": 2, "v2": 2}}])
    monkeypatch.setattr(respondents, "next_code", lambda folder, prefix="R": f"{prefix}01")  # the stale look
    rows = [["Anna Jansen", "OM", "tactisch", "Veiligheidshuis Testland", 4, 4]]
    export = write_export(tmp_path / "enquete.csv", ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2"], rows)
    result = run("importeer", folder, export)
    assert result.exit_code == 0, result.output
    assert "E02" in result.output
    loaded = load_engagement(folder)
    assert {i.code: i.organisatie for i in loaded.interviews} == {"E01": "Politie", "E02": "OM"}
    assert json.loads((folder / "vertrouwelijk" / "E02.json").read_text(encoding="utf-8"))["bron_id"] == "Anna Jansen"
    assert not (folder / "vertrouwelijk" / "E01.json").exists()
