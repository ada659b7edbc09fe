"""Text from traject and interview files never steers the terminal; messages stay Dutch and name file and key."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.core.validation import is_control, printable
from volwassenheid.storage.traject_folder import load_engagement, read_engagement

click_dutch.install()

HOSTILE = "Zorg\x00huis \x1b[2J\x1b]8;;file:///etc/passwd\x07klik\x1b]8;;\x07"
GOOD = {"code": "R01", "antwoorden": {"v1": 4, "v2": 3}}


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if is_control(ch) and ch != "\n"]


def _set_key(folder, key: str, value: str) -> None:
    path = folder / "traject.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}:")]
    lines.insert(0, f"{key}: {json.dumps(value)}")  # a JSON string is a valid YAML double-quoted string
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _edit_interview(folder, change) -> None:
    path = folder / "interviews" / "R01.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("key", ["samenwerkingsverband", "opdrachtgever", "adviseur", "meting"])
def test_traject_text_with_control_characters_is_refused_by_file_and_key(make_engagement, key):
    folder = make_engagement([GOOD])
    _set_key(folder, key, HOSTILE)
    with pytest.raises(UserError) as error:
        read_engagement(folder)
    text = str(error.value)
    assert "traject.yaml" in text and f"{key}: bevat een onzichtbaar stuurteken" in text
    assert "\\x1b" in text and not _raw_controls(text)


def test_score_heading_never_gets_raw_control_characters(make_engagement):
    folder = make_engagement([GOOD])
    _set_key(folder, "samenwerkingsverband", HOSTILE)
    result = run("score", folder)
    assert result.exit_code == 1
    assert not _raw_controls(result.output) and "\\x1b" in result.output


def test_interview_organisation_with_control_characters_is_refused(make_engagement):
    folder = make_engagement([GOOD])
    _edit_interview(folder, lambda data: data.update(organisatie=HOSTILE))
    result = run("respondenten", folder)
    assert result.exit_code == 1
    assert "R01.json" in result.output and "organisatie: bevat een onzichtbaar stuurteken" in result.output
    assert not _raw_controls(result.output)


def test_remark_may_hold_newlines_and_tabs_but_no_other_control_character(make_engagement):
    folder = make_engagement([GOOD])
    _edit_interview(folder, lambda data: data["antwoorden"]["v1"].update(toelichting="regel 1\n\tregel 2"))
    assert load_engagement(folder).interviews[0].antwoorden["v1"].toelichting == "regel 1\n\tregel 2"
    _edit_interview(folder, lambda data: data["antwoorden"]["v1"].update(toelichting="a\x1b[2Jb"))
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert "antwoorden.v1.toelichting: bevat een onzichtbaar stuurteken (\\x1b)" in str(error.value)


def test_unknown_key_with_control_characters_is_shown_escaped(make_engagement):
    folder = make_engagement([GOOD])
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8") + '"\\e]8;;file:///etc/passwd\\aklik": 1\n', encoding="utf-8")
    result = run("score", folder)
    assert result.exit_code == 1
    assert "onbekende sleutel" in result.output and "\\x1b]8;;file:///etc/passwd\\x07klik" in result.output
    assert not _raw_controls(result.output)


def test_unknown_answer_id_and_ambition_with_control_characters_are_escaped(make_engagement):
    folder = make_engagement([GOOD], ambition={'"a\\e[2J"': 2})
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert "ambitie.a\\x1b[2J: onbekende dimensie" in str(error.value) and not _raw_controls(str(error.value))
    folder = make_engagement([GOOD], name="t2")
    _edit_interview(folder, lambda data: data["antwoorden"].update({"x\x07": {"waarde": 1}}))
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert "antwoorden.x\\x07: onbekende vraag-id" in str(error.value)


def test_final_error_printer_escapes_control_characters(tmp_path):
    result = run("score", tmp_path / "map\x1b[2J\x07")
    assert result.exit_code == 1 and result.output.startswith("Fout: ")
    assert "map\\x1b[2J\\x07" in result.output and not _raw_controls(result.output)


def test_a_model_error_from_a_command_is_dutch_and_escaped(tmp_path):
    result = run("nieuw", tmp_path / "t", "--niet-interactief", "--samenwerkingsverband", "a\x1b[2Jb")
    assert result.exit_code == 1, result.output
    assert "samenwerkingsverband: bevat een onzichtbaar stuurteken" in result.output
    assert "onverwachte fout" not in result.output and not _raw_controls(result.output)
    assert not (tmp_path / "t" / "traject.yaml").exists()


@given(st.text(), st.sampled_from(["", "\n", "\n\t"]))
def test_printable_leaves_no_control_character_and_changes_nothing_else(text, keep):
    def plain(ch: str) -> str:
        code = ord(ch)
        if (code < 0x20 or 0x7F <= code <= 0x9F) and ch not in keep:
            return f"\\x{code:02x}"
        if ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            return f"\\u{code:04x}"
        return ch

    shown = printable(text, keep)
    assert shown == "".join(map(plain, text))
    assert all(not is_control(ch) or ch in keep for ch in shown)


def test_key_path_in_a_file_message_is_escaped_before_printing(make_engagement):
    folder = make_engagement([GOOD])
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8") + '"\\e]8;;x\\a": 1\n', encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_engagement(folder)
    assert any("\\x1b]8;;x\\x07: onbekende sleutel" in line for line in error.value.details)
    assert not _raw_controls(str(error.value))


def _export(tmp_path, rows):
    header = ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2", "t1", "t2", "t3", "i1"]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(";".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_survey_row_with_control_characters_is_rejected_by_row_and_column(tmp_path, mini_set_path):
    answers = ["4", "4", "2", "3", "2", "3"]
    export = _export(
        tmp_path,
        [
            ["a", "Poli\x1b[2Jtie", "tactisch", "ZVH Noord", *answers],
            ["b", "Politie", "tactisch", "ZVH \x1b[31mNoord", *answers],
            ["c", "Politie", "tactisch", "ZVH Noord", *answers],
        ],
    )
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path)
    assert result.exit_code == 1
    assert "rij 2, kolom 'organisatie': organisatie bevat een onzichtbaar stuurteken (\\x1b)" in result.output
    assert "rij 3, kolom 'samenwerkingsverband': samenwerkingsverband bevat een onzichtbaar stuurteken" in result.output
    assert not _raw_controls(result.output)


def test_survey_organisations_differing_in_case_still_score(tmp_path, mini_set_path):
    answers = ["4", "4", "2", "3", "2", "3"]
    export = _export(tmp_path, [["a", "Politie", "tactisch", "ZVH", *answers], ["b", "politie", "tactisch", "ZVH", *answers]])
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
