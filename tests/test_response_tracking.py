"""`volwassenheid respondenten MAP` shows the response per organisation and level against `uitgenodigd`."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from volwassenheid import Traject
from volwassenheid.app.interviews import response_overview
from volwassenheid.cli.main import cli

EXAMPLE = Path(__file__).parent.parent / "voorbeelden" / "zorg-en-veiligheidshuis"


def copy(tmp_path, edit=None) -> Path:
    folder = tmp_path / "traject"
    shutil.copytree(EXAMPLE, folder)
    if edit:
        path = folder / "traject.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_the_response_per_organisation_against_the_invited(tmp_path):
    rows = {row.groep: row for row in response_overview(Traject.open(copy(tmp_path)))}
    # the example invites 24: Politie 5 (4 interviews), Jeugdbescherming 3 (2, one unfinished), GGZ 4 (1)
    assert (rows["Politie"].respondenten, rows["Politie"].afgerond, rows["Politie"].uitgenodigd, rows["Politie"].respons) == (4, 4, 5, 0.8)
    assert (rows["Jeugdbescherming"].respondenten, rows["Jeugdbescherming"].afgerond) == (2, 1)
    assert rows["GGZ Rivierland"].respons == 0.25
    result = CliRunner().invoke(cli, ["respondenten", str(tmp_path / "traject")], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Respons (uitgenodigd uit traject.yaml)" in result.output
    assert "│ Politie " in result.output and "80% │" in result.output and "25% │" in result.output


def test_per_level_when_every_count_is_given_per_level(tmp_path):
    def per_level(data):
        data["uitgenodigd"] = {name: {"strategisch": 1, "tactisch": 1, "operationeel": 2} for name in data["organisaties"]}

    rows = response_overview(Traject.open(copy(tmp_path, per_level)))
    levels = {row.groep: row for row in rows if row.soort == "niveau"}
    # 7 organisations: 7 strategic, 7 tactical and 14 operational invited; 3, 5 and 8 interviews
    assert {name: (row.respondenten, row.uitgenodigd) for name, row in levels.items()} == {
        "strategisch": (3, 7),
        "tactisch": (5, 7),
        "operationeel": (8, 14),
    }


def test_no_response_table_without_invited_counts(tmp_path):
    folder = copy(tmp_path, lambda data: data.pop("uitgenodigd"))
    assert response_overview(Traject.open(folder)) == []
    result = CliRunner().invoke(cli, ["respondenten", str(folder)])
    assert result.exit_code == 0 and "Respons" not in result.output
