"""`volwassenheid demo` and the bundled example traject."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid.app.traject import Traject
from volwassenheid.cli import click_dutch
from volwassenheid.cli.common import activation_hint, tool_command
from volwassenheid.cli.main import cli
from volwassenheid.storage.resources import data_dir

click_dutch.install()
EXAMPLE = data_dir("voorbeelden") / "zorg-en-veiligheidshuis"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


@pytest.mark.traag  # renders a PDF
def test_demo_copies_scores_and_summarises(tmp_path):
    folder = tmp_path / "demo"
    result = run("demo", "--map", folder)
    assert result.exit_code == 0, result.output
    assert "Voorbeeldtraject gekopieerd" in result.output
    assert "Zorg- en Veiligheidshuis Waalmonde" in result.output
    assert "16 respondenten" in result.output
    assert "Totaal" in result.output
    assert len(list((folder / "interviews").glob("*.json"))) == 16
    assert f"Adviesrapport: {folder / 'rapport.pdf'}" in result.output
    assert (folder / "rapport.pdf").read_bytes().startswith(b"%PDF")
    # beside it, the same partnership a year later, linked to it, with the chapter on development
    later = tmp_path / "demo-1-meting"
    assert f"Vervolgmeting een jaar later gekopieerd naar {later}." in " ".join(result.output.split())
    assert "vorige_meting: ../demo\n" in (later / "traject.yaml").read_text(encoding="utf-8")
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(later / "rapport.pdf").pages[:4])
    assert "Ontwikkeling sinds de vorige meting" in text and "Taken en bevoegdheden" in text
    assert f"vergelijk {folder} {later}" in " ".join(result.output.split())


@pytest.mark.traag  # renders a PDF
def test_demo_in_default_folder_and_again_without_overwriting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run("demo")
    assert first.exit_code == 0, first.output
    interview = tmp_path / "volwassenheid-demo" / "interviews" / "R01.json"
    text = interview.read_text(encoding="utf-8")
    interview.write_text(text.replace('"rol": "districtschef"', '"rol": "eigen aanpassing"'), encoding="utf-8")
    second = run("demo")
    assert second.exit_code == 0, second.output
    assert "Bestaand voorbeeldtraject in volwassenheid-demo gebruikt" in second.output
    assert "eigen aanpassing" in interview.read_text(encoding="utf-8")


def test_demo_refuses_a_folder_that_is_not_a_traject(tmp_path):
    (tmp_path / "notities.txt").write_text("van mij", encoding="utf-8")
    result = run("demo", "--map", tmp_path)
    assert result.exit_code == 1
    assert "bestaat al en is geen traject" in result.output
    assert os.listdir(tmp_path) == ["notities.txt"]


def test_demo_refuses_to_write_into_a_real_traject(make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    before = sorted(p.name for p in folder.iterdir())
    result = run("demo", "--map", folder)
    assert result.exit_code == 1, result.output
    assert "staat een ander traject ('Veiligheidshuis Testland') dan het voorbeeld" in result.output
    assert "de demo schrijft daar niets in" in result.output
    assert sorted(p.name for p in folder.iterdir()) == before
    assert not (folder / "rapport.pdf").exists()


def test_hint_names_the_program_the_shell_can_start(tmp_path):
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "activate").write_text("", encoding="utf-8")
    program = venv_bin / "volwassenheid"
    program.write_text("", encoding="utf-8")
    # Started by its path and not on PATH: the hint repeats that path and says how to activate.
    assert tool_command(".venv/bin/volwassenheid", on_path="") == ".venv/bin/volwassenheid"
    assert tool_command("/mijn map/volwassenheid", on_path="") == "'/mijn map/volwassenheid'"
    assert "/.venv/bin/activate' werkt in deze terminal gewoon 'volwassenheid" in activation_hint(str(program))
    # Found on PATH as this very program: the short name.
    assert tool_command(str(program), on_path=str(program)) == "volwassenheid"
    # Another volwassenheid on PATH: the path that was used, not the other one.
    assert tool_command(str(program), on_path="/usr/bin/volwassenheid") == str(program)
    # python -m volwassenheid
    assert tool_command("/x/volwassenheid/__main__.py", on_path="").endswith(" -m volwassenheid")
    assert activation_hint("/x/volwassenheid/__main__.py") is None


@pytest.mark.traag  # starts a shell and the program
def test_demo_hint_works_in_a_shell_that_has_not_activated_the_environment(tmp_path):
    """As after the README's install line: the tool started as .venv/bin/volwassenheid, PATH without it."""
    program = Path(sys.executable).parent / "volwassenheid"
    env = {**os.environ, "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run([str(program), "demo", "--map", "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    hinted = [line.strip() for line in result.stdout.splitlines() if line.strip().endswith(" respondenten demo")]
    assert hinted == [f"{program} respondenten demo"]
    assert f"Tip: na '. {program.parent / 'activate'}'" in result.stdout
    again = subprocess.run(hinted[0].split(), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    assert "R01" in again.stdout


def test_readme_activation_makes_the_short_name_work(tmp_path):
    """The README's '. .venv/bin/activate', then 'volwassenheid', in a shell that did not find it before."""
    activate = Path(sys.executable).parent / "activate"
    if not activate.is_file():
        pytest.skip("the tests do not run in a virtual environment")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"} | {"PATH": "/usr/bin:/bin"}
    before = subprocess.run(["sh", "-c", "volwassenheid --version"], env=env, capture_output=True, text=True, check=False)
    assert before.returncode == 127
    after = subprocess.run(["sh", "-c", f". '{activate}' && volwassenheid --version"], env=env, capture_output=True, text=True, check=False)
    assert after.returncode == 0, after.stderr
    assert after.stdout.startswith("volwassenheid ")


def test_example_is_a_plausible_engagement():
    traject = Traject.open(EXAMPLE)
    interviews = traject.interviews
    assert len(interviews) >= 12
    assert {i.niveau for i in interviews} == {"strategisch", "tactisch", "operationeel"}
    assert len({i.organisatie for i in interviews}) >= 5
    assert set(traject.engagement.doelfase) == {d.id for d in traject.question_set.dimensies}
    remarks = [a.toelichting for i in interviews for a in i.antwoorden.values() if a.toelichting]
    assert len(remarks) >= 20
    assert [i.code for i in interviews if not i.afgerond] == ["R13"]
    result = traject.score()
    scores = {d.id: d.score for d in result.dimensies}
    # The seed-001 picture: trust well above tasks and authorities.
    assert scores["relaties"] - scores["rollen"] >= 1.0
    assert all(d.n >= 12 for d in result.dimensies)
    # version 2.0, as a Zorg- en Veiligheidshuis: the core and its module
    assert (traject.question_set.id, traject.question_set.versie, traject.engagement.modules) == ("samenwerking", "2.0", ["zorg-en-veiligheid"])
    assert [d.id for d in traject.question_set.dimensies if d.module] == ["zvh"]


def test_example_files_hold_no_names():
    for path in (EXAMPLE / "interviews").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "naam" not in data and "name" not in data


def test_place_example_copies_once_and_never_over_something_else(tmp_path, make_engagement):
    from volwassenheid.app.demo import FolderInUse, NotTheExample, place_example

    folder = tmp_path / "voorbeeld"
    assert place_example(folder).copied
    (folder / "interviews" / "R01.json").write_text("{}", encoding="utf-8")  # edited by hand: kept, not repaired
    assert not place_example(folder).copied
    assert (folder / "interviews" / "R01.json").read_text(encoding="utf-8") == "{}"
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "notities.txt").write_text("van mij", encoding="utf-8")
    with pytest.raises(FolderInUse):
        place_example(tmp_path / "vol")
    with pytest.raises(NotTheExample) as other:
        place_example(make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}]))
    assert other.value.partnership == "Veiligheidshuis Testland"


def test_the_follow_up_example_changed_where_its_agenda_worked():
    """The shipped follow-up: a year later, real progress on tasks and decisions, nothing else real."""
    from volwassenheid import compare_trajects

    comparison = compare_trajects(EXAMPLE, data_dir("voorbeelden") / "zorg-en-veiligheidshuis-1-meting")
    assert [c.id for c in comparison.dimensies if c.echt] == ["rollen", "besluiten"]
    assert all(c.verandering > 0 for c in comparison.dimensies if c.echt)
    assert comparison.huidige.meting == "1-meting" and comparison.waarschuwingen == []


def test_the_follow_up_example_records_every_action_of_the_previous_roadmap():
    from volwassenheid import Traject
    from volwassenheid.app.comparison import roadmap_of

    later = Traject.open(data_dir("voorbeelden") / "zorg-en-veiligheidshuis-1-meting")
    assert [review.actie for review in later.engagement.vorige_agenda] == [action.titel for action in roadmap_of(EXAMPLE)]
