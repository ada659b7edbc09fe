"""Question sets from outside: erft_van, size limits and values that must be finite."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.questionset import MAX_QUESTIONS
from volwassenheid.storage.question_sets import MAX_SET_BYTES, MAX_SHOWN_PROBLEMS

click_dutch.install()
FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "GEHEIM-wachtwoord-4711"
OWN_QUESTIONS = (
    "vragen:\n"
    "  - {id: k1, dimensie: vertrouwen, tekst: K1, opties: [a, b, c, d, e]}\n"
    "  - {id: k2, dimensie: tvb, tekst: K2, opties: [a, b, c, d, e]}\n"
    "  - {id: k3, dimensie: informatie, tekst: K3, opties: [a, b, c, d, e]}\n"
)


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def inheriting(folder: Path, name: str, base: str) -> Path:
    path = folder / name
    path.write_text(f'id: {path.stem}\nnaam: N\nversie: "1"\nerft_van: "{base}"\n{OWN_QUESTIONS}', encoding="utf-8")
    return path


def refused(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    return result.output


# --- erft_van ---------------------------------------------------------------


def test_two_sets_inheriting_from_each_other_name_the_cycle(tmp_path):
    a, b = inheriting(tmp_path, "a.yaml", "b.yaml"), inheriting(tmp_path, "b.yaml", "a.yaml")
    output = refused(run("vragen", "valideer", a))
    assert f"erft_van vormt een kring: {a} → {b} → {a}." in output


def test_set_inheriting_from_itself_is_a_cycle(tmp_path):
    own = inheriting(tmp_path, "zelf.yaml", "zelf.yaml")
    output = refused(run("vragen", "valideer", own))
    assert f"{own}: erft_van vormt een kring: {own} → {own}." in output


def test_cycle_through_a_symlink_is_found(tmp_path):
    a = inheriting(tmp_path, "a.yaml", "ook-a.yaml")
    (tmp_path / "ook-a.yaml").symlink_to(a)
    output = refused(run("vragen", "valideer", a))
    assert "erft_van vormt een kring" in output


def test_long_chain_of_inheritance_stops_with_a_message(tmp_path):
    (tmp_path / "s0.yaml").write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for n in range(1, 15):
        inheriting(tmp_path, f"s{n}.yaml", f"s{n - 1}.yaml")
    output = refused(run("vragen", "valideer", tmp_path / "s14.yaml"))
    assert "erft_van gaat meer dan 10 lijsten diep" in output
    assert run("vragen", "valideer", tmp_path / "s5.yaml").exit_code == 0


def test_erft_van_a_shipped_set_by_id(tmp_path):
    dimensions = ["ambitie", "vertrouwen", "tvb", "sturing", "informatie", "professionals", "leren", "omgeving", "middelen", "resultaten"]
    questions = "".join(f"  - {{id: k{n}, dimensie: {d}, tekst: K, opties: [a, b, c, d, e]}}\n" for n, d in enumerate(dimensions))
    own = tmp_path / "kort.yaml"
    own.write_text(f'id: kort\nnaam: Kort\nversie: "1"\nerft_van: samenwerking@1.0\nvragen:\n{questions}', encoding="utf-8")
    result = run("vragen", "toon", own, "--json")
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in json.loads(result.output)["dimensies"]] == dimensions


def test_erft_van_an_unknown_id_lists_the_shipped_ones(tmp_path):
    output = refused(run("vragen", "valideer", inheriting(tmp_path, "a.yaml", "bestaat_niet")))
    assert "erft_van 'bestaat_niet': geen meegeleverde vragenlijst met die id (let op hoofdletters). Beschikbaar: quickscan" in output


@pytest.mark.parametrize(
    "base, expected",
    [
        ("/etc/passwd", "geef de id van een meegeleverde vragenlijst, of een pad relatief aan de map van dit bestand"),
        ("~/basis.yaml", "geef de id van een meegeleverde vragenlijst, of een pad relatief aan de map van dit bestand"),
        ("../buiten.yaml", "ligt buiten de map"),
        ("sub/../../buiten.yaml", "ligt buiten de map"),
        ("geheim.txt", "een pad moet naar een .yaml- of .yml-bestand wijzen"),
        ("weg.yaml", "dat bestand bestaat niet"),
    ],
)
def test_erft_van_points_only_inside_the_folder_of_the_set(tmp_path, base, expected):
    folder = tmp_path / "sets"
    folder.mkdir()
    (tmp_path / "buiten.yaml").write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "geheim.txt").write_text(SECRET, encoding="utf-8")
    output = refused(run("vragen", "valideer", inheriting(folder, "a.yaml", base)))
    assert f"erft_van '{base}': {expected}" in output
    assert SECRET not in output and "root:" not in output


def test_erft_van_symlink_out_of_the_folder_is_refused(tmp_path):
    folder = tmp_path / "sets"
    folder.mkdir()
    (tmp_path / "buiten.yaml").write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "basis.yaml").symlink_to(tmp_path / "buiten.yaml")
    output = refused(run("vragen", "valideer", inheriting(folder, "a.yaml", "basis.yaml")))
    assert "erft_van 'basis.yaml': ligt buiten de map" in output


def test_erft_van_into_a_subfolder_is_fine(tmp_path):
    (tmp_path / "basis").mkdir()
    (tmp_path / "basis" / "mini.yaml").write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("vragen", "valideer", inheriting(tmp_path, "a.yaml", "basis/mini.yaml"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "content",
    [
        f"root:$6${SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",  # /etc/shadow: one YAML string
        f"wachtwoord: {SECRET}\ngebruiker: beheer\n",  # a mapping, but not a question set
        f"id: x\nwachtwoord: {SECRET}\n",  # an id alone does not make a set
        f"- {SECRET}\n- twee\n",
        "",
    ],
)
def test_base_that_is_not_a_question_set_is_named_without_its_content(tmp_path, content):
    (tmp_path / "basis.yaml").write_text(content, encoding="utf-8")
    output = refused(run("vragen", "valideer", inheriting(tmp_path, "a.yaml", "basis.yaml")))
    assert f"{tmp_path / 'basis.yaml'}: geen vragenlijst" in output
    assert SECRET not in output and "wachtwoord" not in output and "beheer" not in output


@pytest.mark.parametrize(
    "content, line",
    [
        (f"eerste: regel\n{SECRET}: [niet gesloten\n", 3),
        (f"a: b\n  {SECRET}: x\n", 2),
        (f'sleutel: "{SECRET}\\q"\n', 1),
    ],
)
def test_base_that_is_not_yaml_gives_file_and_line_only(tmp_path, content, line):
    (tmp_path / "basis.yaml").write_text(content, encoding="utf-8")
    output = refused(run("vragen", "valideer", inheriting(tmp_path, "a.yaml", "basis.yaml")))
    assert f"{tmp_path / 'basis.yaml'}, regel {line}: geen geldige YAML, dus geen vragenlijst" in output
    assert SECRET not in output


def test_base_in_another_encoding_names_no_content(tmp_path):
    (tmp_path / "basis.yaml").write_bytes(b"\xff\xfe" + SECRET.encode("utf-16-le"))
    output = refused(run("vragen", "valideer", inheriting(tmp_path, "a.yaml", "basis.yaml")))
    assert SECRET not in output and "basis.yaml: geen vragenlijst" in output

    (tmp_path / "basis.yaml").write_bytes(SECRET.encode("utf-8") + b"\xff\x00 \xc3")
    output = refused(run("vragen", "valideer", inheriting(tmp_path, "a.yaml", "basis.yaml")))
    assert SECRET not in output and "basis.yaml" in output


def test_file_without_any_question_set_key_is_not_echoed(tmp_path):
    path = tmp_path / "instellingen.yaml"
    path.write_text(f"wachtwoord: {SECRET}\n", encoding="utf-8")
    output = refused(run("vragen", "valideer", path))
    assert f"{path}: geen vragenlijst" in output
    assert SECRET not in output and "wachtwoord" not in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_erft_van_a_fifo_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "pijp.yaml")
    output = refused(run("vragen", "valideer", inheriting(tmp_path, "a.yaml", "pijp.yaml")))
    assert f"{tmp_path / 'pijp.yaml'}: geen gewoon bestand" in output


# --- size limits --------------------------------------------------------------


def big_set(questions: int) -> dict:
    return {
        "id": "groot",
        "naam": "Groot",
        "versie": "1",
        "fasen": [{"nummer": n, "naam": f"F{n}", "beschrijving": "-"} for n in (1, 2)],
        "dimensies": [{"id": "d", "naam": "D", "beschrijving": "-"}],
        "vragen": [{"id": f"q{n}", "dimensie": "d", "tekst": "?", "opties": ["a", "b"]} for n in range(questions)],
    }


def test_file_above_the_size_limit_is_not_parsed(tmp_path):
    path = tmp_path / "groot.yaml"
    path.write_text("id: groot\n" + "# opvulling\n" * (MAX_SET_BYTES // 12 + 10), encoding="utf-8")
    output = refused(run("vragen", "valideer", path))
    assert f"{path}: " in output and "is te groot voor een vragenlijst; hoogstens 1 MB." in output


def test_too_many_questions_is_one_message_and_little_work(tmp_path):
    path = tmp_path / "groot.json"
    path.write_text(json.dumps(big_set(12_000)), encoding="utf-8")  # about 0.8 MB: below the size limit
    assert path.stat().st_size < MAX_SET_BYTES
    started = time.perf_counter()
    output = refused(run("vragen", "valideer", path))
    elapsed = time.perf_counter() - started
    assert f"vragen: mag hoogstens {MAX_QUESTIONS} items bevatten (het zijn er 12000; alleen de eerste {MAX_QUESTIONS} zijn gecontroleerd)" in output
    assert elapsed < 10, elapsed  # parsing the YAML is most of it
    assert len(output.splitlines()) <= MAX_SHOWN_PROBLEMS + 2


def test_many_problems_are_cut_with_a_count_of_the_rest(tmp_path):
    data = big_set(40)
    for question in data["vragen"]:
        question["opties"] = ["a"]  # 40 problems: one option for two phases
    path = tmp_path / "veel.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    output = refused(run("vragen", "valideer", path))
    lines = output.splitlines()
    assert lines[0].endswith("41 problemen in de vragenlijst:")  # 40 times one option, and 40 questions for d
    assert len(lines) == 1 + MAX_SHOWN_PROBLEMS + 1
    assert lines[-1] == f"  - ... en nog {41 - MAX_SHOWN_PROBLEMS} problemen"


@pytest.mark.parametrize("key, limit", [("dimensies", 20), ("adviezen", 500), ("patronen", 100)])
def test_other_lists_have_a_limit_too(tmp_path, key, limit):
    data = big_set(1)
    data[key] = [{}] * (limit + 1)
    path = tmp_path / "lijst.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    output = refused(run("vragen", "valideer", path))
    assert f"{key}: mag hoogstens {limit} items bevatten (het zijn er {limit + 1}" in output


# --- values that must be finite -------------------------------------------------


def mini_with(old: str, new: str, tmp_path: Path) -> Path:
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "set.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "value, message",
    [
        (".inf", "moet een eindig getal zijn"),
        ("-.inf", "moet een eindig getal zijn"),
        (".nan", "moet een eindig getal zijn"),
        ("1e308", "moet hoogstens 100 zijn"),
        ("1.0e308", "moet hoogstens 100 zijn"),
        ("0", "moet minstens 0,01 zijn"),
        ("-1", "moet minstens 0,01 zijn"),
        ('"veel"', "moet een getal zijn"),
        ("true", "moet een getal zijn, geen ja/nee"),
    ],
)
def test_weight_must_be_finite_and_in_range(tmp_path, value, message):
    path = mini_with("gewicht: 2.0", f"gewicht: {value}", tmp_path)
    output = refused(run("vragen", "valideer", path))
    assert "In orde" not in output
    assert f"regel 13, dimensies[1] (id 'tvb').gewicht: {message}" in output


@pytest.mark.parametrize("value", ["100", "0.01", "2"])
def test_weight_within_range_is_accepted(tmp_path, value):
    assert run("vragen", "valideer", mini_with("gewicht: 2.0", f"gewicht: {value}", tmp_path)).exit_code == 0


@pytest.mark.parametrize(
    "old, new, key, message",
    [
        ('operator: ">=", waarde: 3.5', 'operator: ">=", waarde: .inf', "voorwaarden[0].waarde", "moet een eindig getal zijn"),
        ('operator: ">=", waarde: 3.5', 'operator: ">=", waarde: 1e308', "voorwaarden[0].waarde", "moet hoogstens 9 zijn"),
        ('operator: ">=", waarde: 3.5', 'operator: ">=", waarde: -1', "voorwaarden[0].waarde", "moet minstens 0 zijn"),
        ('operator: ">=", waarde: 1.0', 'operator: ">=", waarde: .nan', "voorwaarden[1].waarde", "moet een eindig getal zijn"),
        ('operator: ">=", waarde: 1.0', 'operator: ">=", waarde: -1e308', "voorwaarden[1].waarde", "moet minstens -9 zijn"),
        ("{nummer: 2,", "{nummer: true,", "fasen[1].nummer", "moet een geheel getal zijn"),
        ("{nummer: 2,", "{nummer: 2.0,", "fasen[1].nummer", "moet een geheel getal zijn"),
        ("van_fase: 2,", 'van_fase: "2",', "adviezen[0].van_fase", "moet een geheel getal zijn"),
    ],
)
def test_pattern_thresholds_and_numbers_are_checked(tmp_path, old, new, key, message):
    output = refused(run("vragen", "valideer", mini_with(old, new, tmp_path)))
    assert key in output and message in output


def test_gap_count_condition_is_bounded(tmp_path):
    condition = '{soort: aantal_kloven, minimale_kloof: .inf, operator: ">=", waarde: 1000}'
    path = mini_with('      - {soort: score, dimensie: vertrouwen, operator: ">=", waarde: 3.5}', f"      - {condition}", tmp_path)
    output = refused(run("vragen", "valideer", path))
    assert "voorwaarden[0].minimale_kloof: moet een eindig getal zijn" in output
    assert "voorwaarden[0].waarde: moet hoogstens 20 zijn" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_question_set_that_is_a_fifo_or_device_is_named_and_not_read(tmp_path):
    os.mkfifo(tmp_path / "pijp.yaml")
    output = refused(run("vragen", "valideer", tmp_path / "pijp.yaml"))
    assert f"{tmp_path / 'pijp.yaml'}: geen gewoon bestand" in output
    (tmp_path / "nul.yaml").symlink_to("/dev/zero")
    output = refused(run("vragen", "toon", tmp_path / "nul.yaml"))
    assert f"{tmp_path / 'nul.yaml'}: geen gewoon bestand" in output


@pytest.mark.parametrize(
    "value, message",
    [
        ("1:30", "'1:30' is geen gewoon getal; schrijf het als decimaal getal"),
        ("0x10", "'0x10' is geen gewoon getal"),
        ("1_0", "'1_0' is geen gewoon getal"),
        ("0o7", "moet een getal zijn, geen tekst"),
        ("'5'", "moet een getal zijn, geen tekst"),
        ('"2.0"', "moet een getal zijn, geen tekst"),
    ],
)
def test_numbers_in_a_set_are_plain_decimals(tmp_path, value, message):
    output = refused(run("vragen", "valideer", mini_with("gewicht: 2.0", f"gewicht: {value}", tmp_path)))
    assert f"regel 13, dimensies[1] (id 'tvb').gewicht: {message}" in output


@pytest.mark.parametrize("value, weight", [("1e1", 10.0), ("1.5", 1.5), ("+3", 3.0), (".5", 0.5)])
def test_plain_decimal_forms_are_numbers(tmp_path, value, weight):
    from volwassenheid.storage.question_sets import load_question_set

    question_set = load_question_set(mini_with("gewicht: 2.0", f"gewicht: {value}", tmp_path))
    assert [d.gewicht for d in question_set.dimensies if d.id == "tvb"] == [weight]


# --- messages around erft_van and folders --------------------------------------


def child_of(tmp_path: Path, reference: str, questions: str = "[]", name: str = "kind.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f'id: kind\nnaam: Kind\nversie: "1"\nerft_van: {reference}\nvragen: {questions}\n', encoding="utf-8")
    return path


def test_erft_van_an_unknown_id_names_the_file_and_key(tmp_path):
    path = child_of(tmp_path, "Samenwerking")
    output = refused(run("vragen", "valideer", path))
    assert f"{path}: erft_van 'Samenwerking': geen meegeleverde vragenlijst met die id" in output
    assert "samenwerking" in output


def test_problem_in_an_inherited_part_names_the_base_file_and_its_line(tmp_path):
    shutil.copy(FIXTURES / "mini.yaml", tmp_path / "basis.yaml")
    path = child_of(tmp_path, "basis.yaml", '\n  - {id: v1, dimensie: vertrouwen, tekst: "Vraag v1?", opties: [a, b, c, d, e]}')
    output = refused(run("vragen", "valideer", path))
    assert f"geërfd van {tmp_path / 'basis.yaml'}, regel 13, dimensies[1] (id 'tvb'): dimensie 'tvb' heeft geen vragen" in output
    assert "regel 1," not in output


@pytest.mark.parametrize("reference", ['"a\\0b.yaml"', '"sam\\0"'])
def test_nul_in_erft_van_is_a_dutch_message(tmp_path, reference):
    output = refused(run("vragen", "valideer", child_of(tmp_path, reference)))
    assert "erft_van bevat een nul-teken" in output and "onverwachte fout" not in output


def test_validating_a_folder_says_it_is_a_folder(tmp_path):
    output = refused(run("vragen", "valideer", tmp_path))
    assert f"{tmp_path} is een map, geen bestand" in output and "bestaat niet" not in output
