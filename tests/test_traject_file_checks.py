"""Files in a traject that are broken, odd, oversized or in another encoding: named in Dutch, never skipped."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import _message_for, cli
from volwassenheid.core.errors import UserError
from volwassenheid.storage.input_files import read_text
from volwassenheid.storage.respondents import imported_ids, save_source_id
from volwassenheid.storage.traject_folder import load_engagement, read_engagement
from volwassenheid.storage.yamlfile import MAX_YAML_CHARACTERS, parse_yaml

click_dutch.install()

GOOD = {"code": "R01", "antwoorden": {"v1": 4, "v2": 3}}


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


# 3. A broken file in vertrouwelijk/ would let the same person be imported twice.


def test_broken_private_file_stops_the_import_by_name(tmp_path):
    save_source_id(tmp_path, "E01", "a@example.org")
    broken = tmp_path / "vertrouwelijk" / "E02.json"
    broken.write_text('{"code": "E02", "bron_id": "b@exa', encoding="utf-8")
    with pytest.raises(UserError) as error:
        imported_ids(tmp_path)
    assert str(broken) in error.value.message and "beschadigd" in error.value.message


def test_good_private_files_are_read(tmp_path):
    save_source_id(tmp_path, "E01", "a@example.org")
    assert imported_ids(tmp_path) == {"a@example.org": "E01"}


# 5. A long text referenced many times counts in full.


def test_a_long_text_referenced_many_times_is_refused():
    long_text = "x" * 100_000
    references = MAX_YAML_CHARACTERS // len(long_text) + 1
    text = f"a: &lang {long_text}\nb: [{', '.join(['*lang'] * references)}]\n"
    assert len(text) < 200_000
    with pytest.raises(UserError) as error:
        parse_yaml(text, "lijst.yaml")
    assert "lijst.yaml" in error.value.message and "tekens tekst" in error.value.message


def test_references_below_the_character_limit_are_fine():
    text = "a: &kort een korte tekst\nb: [*kort, *kort, *kort]\n"
    assert parse_yaml(text, "x.yaml").data["b"] == ["een korte tekst"] * 3


# 6. Odd entries in interviews/ are named.


def test_odd_files_in_interviews_are_named(make_engagement):
    folder = make_engagement([GOOD])
    interviews = folder / "interviews"
    (interviews / "R09.json.txt").write_text("{}", encoding="utf-8")
    (interviews / "R10.jsn").write_text("{}", encoding="utf-8")
    (interviews / "oud").mkdir()
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert error.value.details == ["R09.json.txt", "R10.jsn", "oud/"]
    assert "niets wordt stilzwijgend overgeslagen" in error.value.message


def test_hidden_and_editor_leftovers_in_interviews_are_ignored(make_engagement):
    folder = make_engagement([GOOD])
    interviews = folder / "interviews"
    for name in (".DS_Store", ".R01.json.swp", "R01.json~", "#R01.json#", "~$lijst.xlsx"):
        (interviews / name).write_text("x", encoding="utf-8")
    assert [i.code for i in load_engagement(folder).interviews] == ["R01"]


# 7. Encodings other than UTF-8.


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_or_utf32_without_mark_is_called_so(tmp_path, encoding):
    path = tmp_path / "traject.yaml"
    path.write_bytes("samenwerkingsverband: X\n".encode(encoding))
    with pytest.raises(UserError) as error:
        read_text(path)
    assert "geen UTF-8" in error.value.message and "UTF-16 of UTF-32" in error.value.message
    assert "stuurteken" not in error.value.message


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be", "utf-16", "utf-16-be", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_read(tmp_path, encoding):
    path = tmp_path / "a.yaml"
    data = "naam: Één\n".encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xef\xbb\xbf")):
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    assert read_text(path) == "naam: Één\n"


# 8. Smaller things.


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_called_the_output(make_engagement):
    folder = make_engagement([GOOD])
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "volwassenheid", "score", str(folder), "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
    assert result.returncode == 1
    assert "uitvoer (stdout) kon niet geschreven worden" in result.stderr and "de schijf is vol" in result.stderr
    assert "Een bestand of map" not in result.stderr


def test_unexpected_error_says_how_to_add_debug():
    message = _message_for(RuntimeError("stuk"))
    assert "volwassenheid --debug …" in message


@pytest.mark.parametrize("names", ["[Politie, Politie]", "[Politie, ' politie']", "[Gemeente  Waalmonde, gemeente waalmonde]"])
def test_an_organisation_named_twice_is_refused(make_engagement, names):
    folder = make_engagement([GOOD])
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("organisaties: [Politie, Gemeente, OM]", f"organisaties: {names}"), encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_engagement(folder)
    assert any(line.startswith("regel 6, organisaties:") and "twee keer" in line for line in error.value.details)


def test_nieuw_keeps_one_spelling_of_an_organisation(tmp_path):
    result = run(
        "nieuw",
        tmp_path / "t",
        "--niet-interactief",
        "--samenwerkingsverband",
        "X",
        "--organisatie",
        "Politie",
        "--organisatie",
        " politie",
        "--organisatie",
        "OM",
    )
    assert result.exit_code == 0, result.output
    assert read_engagement(tmp_path / "t").organisaties == ["Politie", "OM"]


def test_date_as_day_month_year_is_accepted_in_traject_yaml(make_engagement):
    folder = make_engagement([GOOD])
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("datum: 2026-10-01", "datum: '12-10-2026'"), encoding="utf-8")
    assert read_engagement(folder).datum == dt.date(2026, 10, 12)
    path.write_text(path.read_text(encoding="utf-8").replace("datum: '12-10-2026'", "datum: '31-02-2026'"), encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_engagement(folder)
    assert "datum: is geen bestaande datum; schrijf de datum als JJJJ-MM-DD of DD-MM-JJJJ" in error.value.details[0]
