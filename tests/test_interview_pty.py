"""The interview end to end in a real pseudo-terminal (pexpect), as a consultant uses it."""

from __future__ import annotations

import json
import os
import re
import signal
import sys

import pexpect
import pytest
from conftest import spawn_interview, write_engagement_folder

pytestmark = pytest.mark.traag  # each test drives the program in a real terminal

TIMEOUT = 20


def spawn(folder, *args):
    return spawn_interview(folder, *args, timeout=TIMEOUT)


def choose(child, expected: str, keys: str) -> None:
    child.expect_exact(expected)
    child.send(keys)
    child.send("\r")


def intake(child, level_key="t"):
    choose(child, "Organisatie van de respondent", "1")  # the first partner: Politie
    choose(child, "Niveau", level_key)
    choose(child, "Rol of functie", "teamchef")
    choose(child, "Naam (optioneel", "Karin de Boer")


def answer(child, question: str, key: str, remark: str = "") -> None:
    choose(child, question, key)
    choose(child, "Toelichting", remark)


def interview_file(folder, code="R01"):
    return json.loads((folder / "interviews" / f"{code}.json").read_text(encoding="utf-8"))


@pytest.fixture
def folder(tmp_path):
    return write_engagement_folder(tmp_path / "traject", [])


def test_whole_interview_in_a_terminal(folder):
    child = spawn(folder)
    intake(child)
    answer(child, "Vraag v1?", "4", "Korte lijnen")
    answer(child, "Vraag v2?", "5")
    answer(child, "Vraag t1?", "2")
    answer(child, "Vraag t2?", "2")
    answer(child, "Vraag t3?", "w")
    answer(child, "Vraag i1?", "3")
    child.expect_exact("Scores van R01 (Politie, tactisch)")
    child.expect_exact("Interview R01 is afgerond en bewaard.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = interview_file(folder)
    assert data["afgerond"] and data["rol"] == "teamchef"
    assert {k: v["waarde"] for k, v in data["antwoorden"].items()} == {"v1": 4, "v2": 5, "t1": 2, "t2": 2, "t3": "weet_niet", "i1": 3}
    assert data["antwoorden"]["v1"]["toelichting"] == "Korte lijnen"
    assert "Karin" not in json.dumps(data)
    assert json.loads((folder / "vertrouwelijk" / "R01.json").read_text(encoding="utf-8"))["naam"] == "Karin de Boer"


def test_killed_halfway_loses_nothing_and_resumes(folder):
    child = spawn(folder)
    intake(child, "o")
    answer(child, "Vraag v1?", "3")
    answer(child, "Vraag v2?", "4", "Na het incident beter")
    answer(child, "Vraag t1?", "2")
    child.expect_exact("Vraag t2?")
    child.kill(signal.SIGKILL)
    child.close()
    data = interview_file(folder)
    assert not data["afgerond"]
    assert {k: v["waarde"] for k, v in data["antwoorden"].items()} == {"v1": 3, "v2": 4, "t1": 2}
    assert data["antwoorden"]["v2"]["toelichting"] == "Na het incident beter"
    assert not [p for p in (folder / "interviews").iterdir() if p.name.startswith(".")]

    child = spawn(folder)
    child.expect_exact("Er zijn onafgeronde interviews")
    child.expect_exact("Hervat R01 · Politie · operationeel · 3/6 beantwoord")
    child.send("\r")
    child.expect_exact("verder bij vraag 4")
    answer(child, "Vraag t2?", "3")
    answer(child, "Vraag t3?", "3")
    answer(child, "Vraag i1?", "n")
    child.expect_exact("Interview R01 is afgerond en bewaard.")
    child.expect(pexpect.EOF)
    data = interview_file(folder)
    assert data["afgerond"]
    assert {k: v["waarde"] for k, v in data["antwoorden"].items()} == {"v1": 3, "v2": 4, "t1": 2, "t2": 3, "t3": 3, "i1": "nvt"}


def test_going_back_changes_an_answer(folder):
    child = spawn(folder)
    intake(child)
    answer(child, "Vraag v1?", "2")
    answer(child, "Vraag v2?", "3")
    choose(child, "Vraag t1?", "v")  # back to v2
    answer(child, "Vraag v2?", "5", "Toch beter dan gedacht")
    choose(child, "Vraag t1?", "s")  # stop
    child.expect_exact("Hervatten: volwassenheid interview")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = interview_file(folder)
    assert {k: (v["waarde"], v.get("toelichting")) for k, v in data["antwoorden"].items()} == {
        "v1": (2, None),
        "v2": (5, "Toch beter dan gedacht"),
    }
    assert not data["afgerond"]


def test_ctrl_c_says_what_was_saved(folder):
    child = spawn(folder)
    intake(child)
    answer(child, "Vraag v1?", "4")
    child.expect_exact("Vraag v2?")
    child.sendcontrol("c")
    child.expect_exact("Alle gegeven antwoorden zijn bewaard.")
    child.expect_exact("--hervat R01")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert interview_file(folder)["antwoorden"] == {"v1": {"waarde": 4}}


def test_ctrl_c_while_typing_a_remark_says_that_remark_is_not_saved(folder):
    child = spawn(folder)
    intake(child)
    answer(child, "Vraag v1?", "4", "Eerste")
    choose(child, "Vraag v2?", "5")
    child.expect_exact("Toelichting")
    child.send("half getypt")
    child.sendcontrol("c")
    child.expect_exact("De toelichting die u aan het typen was, is niet bewaard")
    child.expect_exact("alle gekozen antwoorden wel.")
    child.expect_exact("--hervat R01")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert interview_file(folder)["antwoorden"] == {"v1": {"waarde": 4, "toelichting": "Eerste"}, "v2": {"waarde": 5}}


def spawn_command(*args):
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(sys.executable, ["-m", "volwassenheid", *args], env=env, encoding="utf-8", dimensions=(40, 100), timeout=TIMEOUT)


def test_nieuw_asks_everything_in_a_terminal(tmp_path, mini_set_path):
    import yaml

    folder = tmp_path / "proef"
    child = spawn_command("nieuw", str(folder), "--ambitie", "informatie=2")
    choose(child, "Naam van het samenwerkingsverband", "Veiligheidshuis Proefstad")
    choose(child, "Opdrachtgever", "Stuurgroep Proefstad")
    choose(child, "Adviseur", "")
    child.expect_exact("Datum van de meting")
    child.send("\x15")  # clear the suggested date (today)
    child.send("31-02-2026\r")
    child.expect_exact("Schrijf de datum als")  # refused: no such date
    child.send("\x15")
    child.send("12-10-2026\r")
    choose(child, "Meting", "")  # keeps 0-meting
    choose(child, "Vragenlijst", "e")
    choose(child, "Pad naar de vragenlijst", str(mini_set_path))
    choose(child, "Partnerorganisaties", "Politie, Gemeente Proefstad, OM")
    choose(child, "Hoeveel mensen van Politie worden uitgenodigd? (Enter = onbekend)", "40")
    choose(child, "Hoeveel mensen van Gemeente Proefstad worden uitgenodigd?", "")  # unknown
    choose(child, "Hoeveel mensen van OM worden uitgenodigd?", "tien")
    child.expect_exact("geef het aantal als geheel getal")  # refused
    child.send("\x15")
    child.send("6\r")
    child.expect_exact("Fasen van samenwerking")
    child.expect_exact("Doelfase 1/2: Vertrouwen en relaties")
    child.expect_exact("4) Verbinden: Partners zijn verbonden.")  # each menu repeats the phases in short
    child.send("\r")  # Enter alone chooses nothing
    child.expect_exact("Nog niets gekozen")
    child.send("4\r")
    choose(child, "Doelfase 2/2: Taken en bevoegdheden", "g")  # no ambition yet, said explicitly
    child.expect_exact("Nog geen doelfase voor: Taken en bevoegdheden")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    raw = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    assert raw["samenwerkingsverband"] == "Veiligheidshuis Proefstad"
    assert raw["opdrachtgever"] == "Stuurgroep Proefstad" and "adviseur" not in raw
    assert raw["datum"].isoformat() == "2026-10-12" and raw["meting"] == "0-meting"
    assert raw["vragenlijst"]["id"] == "mini" and raw["vragenlijst"]["pad"].endswith("mini.yaml")
    assert raw["organisaties"] == ["Politie", "Gemeente Proefstad", "OM"]
    assert raw["doelfase"] == {"vertrouwen": 4, "informatie": 2}
    assert raw["uitgenodigd"] == {"Politie": 40, "OM": 6}


# --- issue 11: nothing recorded that nobody gave; resume; codes; bad input -------------------


def test_enter_on_a_new_question_records_nothing_and_says_how_to_choose(folder):
    child = spawn(folder)
    intake(child)
    child.expect_exact("Vraag v1?")
    child.send("\r")
    child.expect_exact("Nog niets gekozen. Typ de toets vóór een antwoord")
    child.send("\r")  # still nothing
    child.send("3\r")
    choose(child, "Toelichting", "")
    choose(child, "Vraag v2?", "s")
    child.expect(pexpect.EOF)
    assert {k: v["waarde"] for k, v in interview_file(folder)["antwoorden"].items()} == {"v1": 3}


def test_enter_keeps_an_earlier_answer_after_going_back(folder):
    child = spawn(folder)
    intake(child)
    answer(child, "Vraag v1?", "4")
    choose(child, "Vraag v2?", "v")
    answer(child, "Vraag v1?", "")  # Enter keeps 4
    choose(child, "Vraag v2?", "s")
    child.expect(pexpect.EOF)
    assert {k: v["waarde"] for k, v in interview_file(folder)["antwoorden"].items()} == {"v1": 4}


def next_question(child) -> str:
    child.expect(r"Vraag (\w+)\?")
    return child.match.group(1)


def test_resume_goes_to_the_first_open_question_then_the_next_open_one(folder):
    child = spawn(folder)
    intake(child)
    answer(child, "Vraag v1?", "2")
    choose(child, "Vraag v2?", "o")  # skipped
    answer(child, "Vraag t1?", "3")
    answer(child, "Vraag t2?", "4")
    choose(child, "Vraag t3?", "s")  # stopped here
    child.expect(pexpect.EOF)

    child = spawn(folder, "--hervat", "R01")
    child.expect_exact("verder bij vraag 2")
    asked = [next_question(child)]
    child.send("5\r")
    choose(child, "Toelichting", "")
    asked.append(next_question(child))
    child.send("1\r")
    choose(child, "Toelichting", "")
    asked.append(next_question(child))
    child.send("2\r")
    choose(child, "Toelichting", "")
    child.expect_exact("Interview R01 is afgerond en bewaard.")
    child.expect(pexpect.EOF)
    assert asked == ["v2", "t3", "i1"]
    assert {k: v["waarde"] for k, v in interview_file(folder)["antwoorden"].items()} == {
        "v1": 2,
        "v2": 5,
        "t1": 3,
        "t2": 4,
        "t3": 1,
        "i1": 2,
    }


def test_resume_code_in_any_case(folder):
    child = spawn(folder)
    intake(child)
    answer(child, "Vraag v1?", "2")
    choose(child, "Vraag v2?", "s")
    child.expect(pexpect.EOF)
    child = spawn(folder, "--hervat", "r01")
    child.expect_exact("R01: verder bij vraag 2")
    choose(child, "Vraag v2?", "s")
    child.expect_exact("--hervat R01")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize("prefix", ["../x", "x/y", "", "-R", "R 1"])
def test_bad_prefix_is_refused_before_the_intake(folder, prefix):
    child = spawn(folder, "--voorvoegsel", prefix)
    index = child.expect_exact(["kan niet: een voorvoegsel begint met een letter", "Organisatie van de respondent"])
    assert index == 0
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "pydantic" not in child.before and not list((folder / "interviews").iterdir())
    assert not (folder.parent / "x").exists()


def test_closing_without_any_answer_asks_and_is_not_counted(folder):
    child = spawn(folder)
    intake(child)
    for question in ["v1", "v2", "t1", "t2", "t3", "i1"]:
        choose(child, f"Vraag {question}?", "o")
    choose(child, "Wat nu?", "a")
    child.expect_exact("Toch afronden?")
    child.send("a\r")
    child.expect_exact("Dit interview telt niet mee als respondent")
    child.expect(pexpect.EOF)
    assert interview_file(folder)["afgerond"] is True

    listing = spawn_command("respondenten", str(folder))
    listing.expect_exact("telt niet mee")
    listing.expect_exact("0 respondenten, 0 afgerond. 1 interview telt niet mee")
    listing.expect(pexpect.EOF)


def test_markup_in_an_organisation_prints_literally_at_the_end(folder):
    child = spawn(folder)
    choose(child, "Organisatie van de respondent", "a")
    choose(child, "Naam van de organisatie", "[link=file:///etc/passwd]Politie[/link] [bold]x[/]")
    choose(child, "Niveau", "s")
    choose(child, "Rol of functie", "")
    choose(child, "Naam (optioneel", "")
    child.expect_exact("Respondentcode")
    for question, key in [("v1", "3"), ("v2", "3"), ("t1", "3"), ("t2", "3"), ("t3", "3"), ("i1", "3")]:
        answer(child, f"Vraag {question}?", key)
    child.expect_exact("Interview R01 is afgerond en bewaard.")
    end = child.before
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = "".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", end).split())
    assert "ScoresvanR01([link=file:///etc/passwd]Politie[/link][bold]x[/],strategisch)" in shown
    assert "\x1b]8;" not in end  # no terminal hyperlink


def test_a_failing_write_says_what_is_saved_and_how_to_resume(folder):
    import resource

    env = {**os.environ, "COLUMNS": "200", "LINES": "40", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "volwassenheid", "interview", str(folder)],
        env=env,
        encoding="utf-8",
        dimensions=(40, 200),
        timeout=TIMEOUT,
    )
    intake(child)
    answer(child, "Vraag v1?", "4")
    child.expect_exact("Vraag v2?")
    # From now on the process may not write a file larger than the one it has (as on a full disk).
    size = (folder / "interviews" / "R01.json").stat().st_size
    resource.prlimit(child.pid, resource.RLIMIT_FSIZE, (size, size))
    child.send("3\r")
    child.expect_exact("Fout:")
    child.expect(pexpect.EOF)
    child.close()
    message = " ".join(child.before.split())
    assert child.exitstatus == 1
    assert f"Kan {folder / 'interviews'}" in message
    assert "Alle antwoorden die vóór deze fout zijn gegeven, zijn bewaard" in message
    assert f"volwassenheid interview {folder} --hervat R01" in message
    assert "Traceback" not in message and "OSError" not in message
    assert interview_file(folder)["antwoorden"] == {"v1": {"waarde": 4}}


def test_ctrl_c_in_nieuw_prints_the_command_that_repeats_what_was_entered(tmp_path, mini_set_path):
    folder = tmp_path / "proef"
    child = spawn_command("nieuw", str(folder), "--opdrachtgever", "Stuurgroep")
    choose(child, "Naam van het samenwerkingsverband", "Huis [bold]Proefstad[/]")
    choose(child, "Adviseur", "Bureau O'Brien")
    child.expect_exact("Datum van de meting")
    child.send("\x15")
    child.send("12-10-2026\r")
    choose(child, "Meting", "")
    choose(child, "Vragenlijst", "e")
    choose(child, "Pad naar de vragenlijst", str(mini_set_path))
    choose(child, "Partnerorganisaties", "Politie, OM")
    choose(child, "Hoeveel mensen van Politie worden uitgenodigd?", "12")
    choose(child, "Hoeveel mensen van OM worden uitgenodigd?", "")
    choose(child, "Doelfase 1/3: Vertrouwen en relaties", "3")
    child.expect_exact("Doelfase 2/3")
    child.sendcontrol("c")
    child.expect_exact("er is nog geen traject aangemaakt")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and not (folder / "traject.yaml").exists()
    lines = [line.strip() for line in child.before.splitlines() if line.strip().startswith("volwassenheid nieuw")]
    assert len(lines) == 2 and lines[1].endswith("--niet-interactief")
    import shlex

    words = shlex.split(lines[1])
    assert words[:3] == ["volwassenheid", "nieuw", str(folder)]
    given = list(zip(words[3:-1:2], words[4:-1:2], strict=True))
    assert given == [
        ("--samenwerkingsverband", "Huis [bold]Proefstad[/]"),
        ("--opdrachtgever", "Stuurgroep"),
        ("--adviseur", "Bureau O'Brien"),
        ("--datum", "2026-10-12"),
        ("--meting", "0-meting"),
        ("--vragenlijst", str(mini_set_path)),
        ("--organisatie", "Politie"),
        ("--organisatie", "OM"),
        ("--uitgenodigd", "Politie=12"),
        ("--doelfase", "vertrouwen=3"),
    ]
    # The printed command really makes the traject.
    repeat = spawn_command(*words[1:])
    repeat.expect(pexpect.EOF)
    repeat.close()
    assert repeat.exitstatus == 0
    import yaml

    raw = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    assert raw["samenwerkingsverband"] == "Huis [bold]Proefstad[/]" and raw["doelfase"] == {"vertrouwen": 3}
    assert raw["organisaties"] == ["Politie", "OM"] and raw["adviseur"] == "Bureau O'Brien"
    assert raw["uitgenodigd"] == {"Politie": 12}


def test_a_failing_claim_says_nothing_was_saved_and_leaves_no_file(folder):
    import resource

    child = spawn(folder)
    choose(child, "Organisatie van de respondent", "1")
    choose(child, "Niveau", "t")
    choose(child, "Rol of functie", "")
    child.expect_exact("Naam (optioneel")
    resource.prlimit(child.pid, resource.RLIMIT_FSIZE, (1, 1))  # no file can be written any more
    child.send("Karin\r")
    child.expect(pexpect.EOF)
    child.close()
    message = " ".join(child.before.split())
    assert child.exitstatus == 1
    assert f"Kan geen interviewbestand aanmaken in {folder / 'interviews'}" in message
    assert "Er is nog niets bewaard" in message and "Traceback" not in message
    assert list((folder / "interviews").iterdir()) == [] and not (folder / "vertrouwelijk").exists()
