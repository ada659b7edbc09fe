"""`nieuw --vervolg OUDE_MAP` (issue 17, first step): a follow-up measurement takes over the previous
one's partnership, client, organisations, targets, modules and question set, and records where it is."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pexpect
import pytest
import yaml
from click.testing import CliRunner
from test_interview_pty import choose, spawn_command

from volwassenheid import Traject, compare_trajects
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "voorbeelden" / "zorg-en-veiligheidshuis"
OLD_SET = ROOT / "tests" / "fixtures" / "traject-1.0"
NO_TARGET = "Nog geen doelfase opgeven"
SKIP = "Overslaan (niets vastleggen)"
NO = "n) Nee"
"""The last lines of three menus: once they are on the screen, the menu takes keys."""


def test_a_follow_up_by_options_takes_over_the_previous_measurement(tmp_path):
    before = tmp_path / "zvh-2026"
    shutil.copytree(EXAMPLE, before)
    engagement = (before / "traject.yaml").read_text(encoding="utf-8")
    (before / "traject.yaml").write_text(engagement.replace("minimale_groep: 3", "minimale_groep: 4"), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["nieuw", str(tmp_path / "zvh-2027"), "--vervolg", str(before), "--datum", "2027-10-20", "--doelfase", "relaties=5"]
    )
    assert result.exit_code == 0, result.output
    then = yaml.safe_load((before / "traject.yaml").read_text(encoding="utf-8"))
    now = yaml.safe_load((tmp_path / "zvh-2027" / "traject.yaml").read_text(encoding="utf-8"))
    assert now["instellingen"]["minimale_groep"] == 4  # the same settings keep the two comparable
    for key in ("samenwerkingsverband", "opdrachtgever", "adviseur", "organisaties", "modules", "vragenlijst", "instellingen"):
        assert now[key] == then[key], key
    assert now["doelfase"] == {**then["doelfase"], "relaties": 5}  # taken over, and changed where asked
    assert (now["meting"], now["datum"].isoformat(), now["vorige_meting"]) == ("1-meting", "2027-10-20", "../zvh-2026")
    assert now["uitgenodigd"] == {} and list((tmp_path / "zvh-2027" / "interviews").iterdir()) == []
    assert f"volwassenheid vergelijk {before} {tmp_path / 'zvh-2027'}" in " ".join(result.output.split())
    assert Traject.open(tmp_path / "zvh-2027").engagement.vorige_meting == "../zvh-2026"


def test_a_follow_up_of_another_partnership_or_of_no_traject_is_refused(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["nieuw", str(tmp_path / "b"), "--vervolg", str(EXAMPLE), "--samenwerkingsverband", "ZVH Rivierland", "--niet-interactief"]
    )
    assert result.exit_code == 1 and "is van 'Zorg- en Veiligheidshuis Waalmonde', niet van 'ZVH Rivierland'" in result.output
    result = runner.invoke(cli, ["nieuw", str(tmp_path / "c"), "--vervolg", str(tmp_path), "--niet-interactief"])
    assert result.exit_code == 1 and "is geen traject (traject.yaml ontbreekt): geef de map van de vorige meting." in " ".join(result.output.split())
    assert "Begin er een met" not in result.output  # never the advice to start a traject in that folder
    assert not (tmp_path / "b").exists() and not (tmp_path / "c" / "traject.yaml").exists()


def test_in_a_script_the_same_version_is_kept_and_the_newer_one_named(tmp_path):
    result = CliRunner().invoke(cli, ["nieuw", str(tmp_path / "n"), "--vervolg", str(OLD_SET), "--niet-interactief"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((tmp_path / "n" / "traject.yaml").read_text(encoding="utf-8"))["vragenlijst"] == {"id": "samenwerking", "versie": "1.0"}
    assert "Er is een nieuwere versie van de vragenlijst (samenwerking@2.0); kies die met --vragenlijst samenwerking@2.0." in " ".join(
        result.output.split()
    )


def test_in_a_terminal_the_newer_version_is_offered_and_targets_carry_over_where_dimensions_remain(tmp_path):
    before = tmp_path / "oud"
    shutil.copytree(OLD_SET, before)
    organisations = yaml.safe_load((before / "traject.yaml").read_text(encoding="utf-8"))["organisaties"]
    invited = [word for name in organisations for word in ("--uitgenodigd", f"{name}=4")]  # nothing typed ahead blindly
    child = spawn_command("nieuw", str(tmp_path / "nieuw"), "--vervolg", str(before), *invited)
    child.expect_exact("Datum van de meting")
    child.send("\x15")
    child.send("20-10-2027\r")
    choose(child, "Meting", "")  # keeps the suggested 1-meting
    child.expect_exact("De nieuwere versie (samenwerking@2.0)")
    child.send("n\r")
    while child.expect([r"Module \d+/\d+:", r"Deze doelfasen aanhouden\?"]) == 0:  # each header once, unlike a redrawn menu
        child.expect_exact(NO)
        child.send("n\r")  # 1.0 had no modules: none for 2.0 either
    child.expect_exact(NO)
    child.send("\r")  # yes: the previous targets stay
    child.expect_exact("Fasen van samenwerking")
    while True:  # the dimensions of 2.0 that 1.0 did not have are asked; 'g': no target yet
        found = child.expect([r"Doelfase \d+/\d+", r"Vorige agenda 1/(\d+)"])
        if found == 1:
            break
        child.expect_exact(NO_TARGET)  # the menu is drawn: keys typed earlier could be lost
        child.send("g\r")
    actions = int(child.match.group(1))
    child.expect_exact(SKIP)
    child.send("u\r")  # the first action: carried out
    for _ in range(actions - 1):
        child.expect(r"Vorige agenda \d+/\d+")
        child.expect_exact(SKIP)
        child.send("o\r")  # skipped: nothing recorded
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    now = yaml.safe_load((tmp_path / "nieuw" / "traject.yaml").read_text(encoding="utf-8"))
    then = yaml.safe_load((before / "traject.yaml").read_text(encoding="utf-8"))
    assert now["meting"] == "1-meting" and now["vragenlijst"] == {"id": "samenwerking", "versie": "2.0"}
    shared = {key: phase for key, phase in then["ambitie"].items() if key in now["doelfase"]}
    assert shared and now["doelfase"] == shared  # the targets of the dimensions both versions have
    assert now["vorige_meting"] == "../oud"
    from volwassenheid.app.comparison import roadmap_of

    assert now["vorige_agenda"] == [{"actie": roadmap_of(before)[0].titel, "status": "uitgevoerd"}]  # the skipped ones not at all
    comparison = compare_trajects(before, tmp_path / "nieuw")
    assert comparison.waarschuwingen[0].startswith("andere vragenlijst (samenwerking 1.0, nu samenwerking 2.0)")


def follow_up_in_a_terminal(folder: Path) -> tuple[pexpect.spawn, str]:
    """`nieuw FOLDER --vervolg` the example, with everything but the targets and the look back given;
    and what it printed before its first question."""
    invited = yaml.safe_load((EXAMPLE / "traject.yaml").read_text(encoding="utf-8"))["uitgenodigd"]
    options = [word for name, count in invited.items() for word in ("--uitgenodigd", f"{name}={count}")]
    child = spawn_command("nieuw", str(folder), "--vervolg", str(EXAMPLE), "--datum", "2027-10-20", "--meting", "1-meting", *options)
    child.expect(r"Deze doelfasen aanhouden\?")
    said = " ".join(child.before.split())
    child.expect_exact(NO)
    return child, said


def test_stopping_during_the_look_back_says_where_those_answers_went(tmp_path):
    child, _ = follow_up_in_a_terminal(tmp_path / "zvh-2027")
    child.send("\r")  # the previous targets stay
    child.expect(r"Vorige agenda 1/\d+")
    child.expect_exact(SKIP)
    child.send("u\r")
    child.expect(r"Vorige agenda 2/\d+")
    child.expect_exact(SKIP)
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    said = " ".join(child.before.split())
    assert child.exitstatus == 130 and "er is nog geen traject aangemaakt" in said
    assert "Wat u over de actie van de vorige agenda zei, staat niet in die opdrachten" in said
    assert not (tmp_path / "zvh-2027" / "traject.yaml").exists()


def test_in_a_terminal_the_previous_targets_are_shown_and_can_be_changed_one_by_one(tmp_path):
    child, said = follow_up_in_a_terminal(tmp_path / "zvh-2027")
    assert "Doelfasen van de vorige meting: Doel en belangen 4, Vertrouwen en relaties 4," in said
    child.send("n\r")
    child.expect(r"Doelfase 1/11")
    child.expect_exact(NO_TARGET)
    child.send("5\r")  # Doel en belangen: higher now
    for index in range(2, 12):
        child.expect(f"Doelfase {index}/11")
        child.expect_exact(NO_TARGET)
        child.send("\r")  # the previous target is the one offered
    for _ in range(7):
        child.expect(r"Vorige agenda \d+/7")
        child.expect_exact(SKIP)
        child.send("o\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    then = yaml.safe_load((EXAMPLE / "traject.yaml").read_text(encoding="utf-8"))["doelfase"]
    now = yaml.safe_load((tmp_path / "zvh-2027" / "traject.yaml").read_text(encoding="utf-8"))["doelfase"]
    assert now == {**then, "doel": 5}


def test_a_follow_up_dated_before_the_previous_measurement_is_refused(tmp_path):
    """Compared backwards, every rise would read as a fall; nothing is written."""
    before = tmp_path / "zvh-2026"
    shutil.copytree(EXAMPLE, before)
    result = CliRunner().invoke(cli, ["nieuw", str(tmp_path / "n"), "--vervolg", str(before), "--datum", "2026-10-11", "--niet-interactief"])
    assert result.exit_code == 1, result.output
    assert "--datum 2026-10-11: de vorige meting is van 2026-10-12: een vervolgmeting kan niet eerder zijn." in " ".join(result.output.split())
    assert not (tmp_path / "n").exists()  # refused before anything else
    with pytest.raises(UserError, match=r"is van 2026-10-12, na de datum van deze meting \(2026-10-11\)"):
        Traject.create(tmp_path / "p", samenwerkingsverband="Zorg- en Veiligheidshuis Waalmonde", datum=dt.date(2026, 10, 11), vorige_meting=before)
    assert not (tmp_path / "p" / "traject.yaml").exists()
    result = CliRunner().invoke(cli, ["nieuw", str(tmp_path / "m"), "--vervolg", str(before), "--datum", "2026-10-12", "--niet-interactief"])
    assert result.exit_code == 0, result.output  # the same day may be


def test_the_date_prompt_of_a_follow_up_refuses_a_day_before_the_previous_measurement(tmp_path):
    child = spawn_command("nieuw", str(tmp_path / "zvh-2027"), "--vervolg", str(EXAMPLE))
    child.expect_exact("Datum van de meting")
    child.send("\x15")
    child.send("2026-10-11\r")
    child.expect_exact("een vervolgmeting kan niet eerder zijn")
    child.send("\x15")
    child.send("2026-10-12\r")  # the same day may be
    child.expect_exact("Meting")
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    assert "--datum 2026-10-12" in " ".join(child.before.split())  # what was entered, in the command to go on
