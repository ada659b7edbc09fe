"""A survey file without a partnership column and without --samenwerkingsverband (issue 16): the
name is asked in a terminal and refused in a script, never taken from the file's name."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid import read_survey
from volwassenheid.app.survey import PartnershipUnnamed
from volwassenheid.cli.main import cli

ROWS = "respondent;organisatie;niveau;v1;v2\nr1;Politie;tactisch;3;4\nr2;OM;strategisch;2;2\nr3;Gemeente;operationeel;4;4\n"


def export(tmp_path: Path, text: str = ROWS) -> Path:
    path = tmp_path / "export_2026-10-14 (1-6).csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_in_a_script_the_name_is_asked_for_by_its_option_and_nothing_is_written(tmp_path, mini_set_path):
    result = CliRunner().invoke(cli, ["batch", str(export(tmp_path)), "-o", str(tmp_path / "uit"), "--vragenlijst", str(mini_set_path)])
    assert result.exit_code == 1
    assert 'het bestand heeft geen kolom samenwerkingsverband; geef de naam met --samenwerkingsverband "…".' in result.output
    assert "Traceback" not in result.output and not (tmp_path / "uit").exists()


def test_the_api_asks_for_it_by_its_argument(tmp_path, mini_set_path):
    with pytest.raises(PartnershipUnnamed, match="geef de naam met partnership="):
        read_survey(export(tmp_path), mini_set_path)
    assert read_survey(export(tmp_path), mini_set_path, partnership="ZVH Noord").partnerships == ["ZVH Noord"]


def test_a_partnership_column_needs_no_name(tmp_path, mini_set_path):
    with_column = "samenwerkingsverband;" + ROWS.replace("\n", "\nNoord;").removesuffix("Noord;")
    assert read_survey(export(tmp_path, with_column), mini_set_path).partnerships == ["Noord"]


def test_in_a_terminal_the_name_is_asked_and_used(tmp_path, mini_set_path):
    import pexpect

    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    arguments = ["-m", "volwassenheid", "batch", str(export(tmp_path)), "-o", str(tmp_path / "uit"), "--vragenlijst", str(mini_set_path)]
    child = pexpect.spawn(sys.executable, arguments, env=env, encoding="utf-8", dimensions=(40, 100), timeout=30)
    child.expect("Naam van het samenwerkingsverband")
    child.send("\r")  # Enter without a name: asked again
    child.expect("Vul iets in")
    child.send("ZVH Noord\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert [p.name for p in (tmp_path / "uit").iterdir() if p.is_dir()] == ["zvh-noord"]
    scores = json.loads((tmp_path / "uit" / "zvh-noord" / "scores.json").read_text(encoding="utf-8"))
    assert json.dumps(scores, ensure_ascii=False).count("ZVH Noord") >= 1
