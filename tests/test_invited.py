"""`uitgenodigd` (people invited per organisation): checked in traject.yaml, given to `nieuw`
as --uitgenodigd ORG=N or at its prompt, and to Traject.create."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import yaml
from click.testing import CliRunner
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from volwassenheid.app.traject import Traject
from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.cli.nieuw import _ask_invited
from volwassenheid.cli.prompts import TerminalPrompter
from volwassenheid.core.errors import UserError
from volwassenheid.core.invited import parse_invited_pairs
from volwassenheid.storage.traject_folder import load_engagement

click_dutch.install()


def run(*args, input=None):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid", input=input)


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- traject.yaml -------------------------------------------------------------------------


def test_counts_per_organisation_and_per_level_are_read(make_engagement):
    folder = make_engagement([], extra="uitgenodigd:\n  politie: 40\n  OM: {strategisch: 2, operationeel: 9}\n")
    assert load_engagement(folder).engagement.uitgenodigd == {"politie": 40, "OM": {"strategisch": 2, "operationeel": 9}}


def test_an_unknown_organisation_names_file_line_key_and_the_known_organisations(make_engagement):
    folder = make_engagement([], extra="uitgenodigd:\n  Politie: 40\n  Polite: 10\n")
    result = run("score", folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{folder / 'traject.yaml'}: ongeldig traject:" in one_line(result.output)
    assert "regel 13, uitgenodigd.Polite: onbekende organisatie; de organisaties van dit traject zijn: Politie, Gemeente, OM" in one_line(
        result.output
    )


def test_a_count_without_any_organisation_says_to_name_them_first(tmp_path):
    folder = tmp_path / "t"
    assert run("nieuw", folder, "--niet-interactief", "--samenwerkingsverband", "X").exit_code == 0
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("uitgenodigd: {}", "uitgenodigd: {Politie: 4}"), encoding="utf-8")
    result = run("score", folder)
    assert result.exit_code == 1
    assert "uitgenodigd.Politie: onbekende organisatie; het traject noemt nog geen organisaties (noem ze onder 'organisaties')" in one_line(
        result.output
    )


def test_two_spellings_of_one_organisation_are_refused(make_engagement):
    folder = make_engagement([], extra="uitgenodigd:\n  Politie: 40\n  ' politie': 10\n")
    result = run("score", folder)
    assert result.exit_code == 1
    assert "uitgenodigd. politie: dezelfde organisatie als 'Politie'; noem elke organisatie één keer" in result.output


COUNT = "moet een aantal mensen zijn: een geheel getal van 1 t/m 1000000, zonder aanhalingstekens"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("Politie: 0", "uitgenodigd.Politie: moet minstens 1 zijn (gegeven: 0)"),
        ("Politie: -1", "uitgenodigd.Politie: moet minstens 1 zijn (gegeven: -1)"),
        ("Politie: 1000001", "uitgenodigd.Politie: moet hoogstens 1000000 zijn (gegeven: 1000001)"),
        ("Politie: tien", f"uitgenodigd.Politie: {COUNT}; of een aantal per niveau, bijv. {{strategisch: 4, operationeel: 20}}"),
        ("Politie: '40'", f"uitgenodigd.Politie: {COUNT}; of een aantal per niveau"),
        ("Politie: 2.5", f"uitgenodigd.Politie: {COUNT}; of een aantal per niveau"),
        ("Politie: true", f"uitgenodigd.Politie: {COUNT}; of een aantal per niveau"),
        ("Politie:", f"uitgenodigd.Politie: {COUNT}; of een aantal per niveau"),
        ("Politie: {strategisch: 0}", "uitgenodigd.Politie.strategisch: moet minstens 1 zijn (gegeven: 0)"),
        ("Politie: {strategisch: '3'}", f"uitgenodigd.Politie.strategisch: {COUNT} (gegeven: '3')"),
        ("Politie: {bestuur: 3}", "uitgenodigd.Politie.bestuur: moet een van deze waarden zijn: 'strategisch', 'tactisch' of 'operationeel'"),
        ("Politie: {}", "uitgenodigd.Politie: moet minstens 1 item bevatten"),
    ],
)
def test_a_wrong_count_gets_one_dutch_message_at_its_key(make_engagement, written, problem):
    folder = make_engagement([], extra=f"uitgenodigd:\n  {written}\n")
    result = run("score", folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    problems = [line for line in one_line(result.output).split(" - ")[1:]]
    assert len(problems) == 1, result.output  # no second message from the other shape, no union tags in the path
    assert problem in problems[0]


def test_a_list_instead_of_counts_is_named(make_engagement):
    folder = make_engagement([], extra="uitgenodigd: [40, 10]\n")
    result = run("score", folder)
    assert result.exit_code == 1
    assert "uitgenodigd: moet een verzameling sleutels en waarden zijn" in result.output


# --- nieuw --uitgenodigd --------------------------------------------------------------------


def nieuw(folder, *extra):
    return run("nieuw", folder, "--niet-interactief", "--samenwerkingsverband", "Huis", "--organisatie", "Politie", "--organisatie", "GGZ", *extra)


def test_nieuw_writes_the_counts_as_the_traject_spells_the_organisations(tmp_path):
    folder = tmp_path / "t"
    result = nieuw(folder, "--uitgenodigd", "politie=40", "--uitgenodigd", " GGZ = 7")
    assert result.exit_code == 0, result.output
    raw = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    assert raw["uitgenodigd"] == {"Politie": 40, "GGZ": 7}
    assert load_engagement(folder).engagement.uitgenodigd == {"Politie": 40, "GGZ": 7}


def test_nieuw_without_counts_records_none(tmp_path):
    assert nieuw(tmp_path / "t").exit_code == 0
    assert load_engagement(tmp_path / "t").engagement.uitgenodigd == {}


NOT_A_COUNT = "geef het aantal als geheel getal van 1 t/m 1000000, zonder punt of komma"


@pytest.mark.parametrize(
    ("pair", "problem"),
    [
        ("Politie=0", f"'Politie=0': {NOT_A_COUNT}"),
        ("Politie=-1", f"'Politie=-1': {NOT_A_COUNT}"),
        ("Politie=tien", f"'Politie=tien': {NOT_A_COUNT}"),
        ("Politie=1.000", f"'Politie=1.000': {NOT_A_COUNT}"),
        ("Politie=1000001", f"'Politie=1000001': {NOT_A_COUNT}"),
        ("OM=3", "'OM=3': onbekende organisatie; de organisaties van dit traject zijn: Politie, GGZ"),
        ("Politie", "'Politie': schrijf ORGANISATIE=AANTAL, bijvoorbeeld Politie=40"),
        ("=3", "'=3': schrijf ORGANISATIE=AANTAL, bijvoorbeeld Politie=40"),
    ],
)
def test_nieuw_refuses_a_bad_count_in_dutch_and_writes_nothing(tmp_path, pair, problem):
    folder = tmp_path / "t"
    result = nieuw(folder, "--uitgenodigd", pair)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Ongeldige --uitgenodigd:" in result.output and problem in one_line(result.output)
    assert not (folder / "traject.yaml").exists()


def test_nieuw_lists_every_bad_count_at_once(tmp_path):
    result = nieuw(tmp_path / "t", "--uitgenodigd", "Politie=3", "--uitgenodigd", "politie=4", "--uitgenodigd", "OM=0")
    assert result.exit_code == 1
    assert "'politie=4': voor 'Politie' is al 3 opgegeven" in result.output
    assert "'OM=0': onbekende organisatie" in result.output


def test_nieuw_count_without_organisations_says_how_to_name_them(tmp_path):
    result = run("nieuw", tmp_path / "t", "--niet-interactief", "--samenwerkingsverband", "X", "--uitgenodigd", "Politie=3")
    assert result.exit_code == 1
    assert "onbekende organisatie; het traject noemt nog geen organisaties (noem ze met --organisatie)" in one_line(result.output)


def test_nieuw_help_shows_the_option():
    assert "--uitgenodigd ORGANISATIE=AANTAL" in run("nieuw", "--help").output


def test_parse_keeps_an_organisation_name_with_an_equals_sign():
    assert parse_invited_pairs(["A=B=3"], ["A=B"]) == {"A=B": 3}


# --- Traject.create -------------------------------------------------------------------------


def create(folder, **extra):
    return Traject.create(folder, samenwerkingsverband="Huis", datum=dt.date(2026, 10, 12), organisaties=["Politie", "GGZ"], **extra)


def test_create_takes_counts_per_organisation_and_per_level(tmp_path):
    traject = create(tmp_path / "t", uitgenodigd={"politie": 40, "GGZ": {"tactisch": 3, "operationeel": 12}})
    assert traject.engagement.uitgenodigd == {"Politie": 40, "GGZ": {"tactisch": 3, "operationeel": 12}}
    assert load_engagement(tmp_path / "t").engagement.uitgenodigd == traject.engagement.uitgenodigd


@pytest.mark.parametrize(
    ("invited", "problem"),
    [
        ({"OM": 3}, "uitgenodigd.OM: onbekende organisatie; de organisaties van dit traject zijn: Politie, GGZ"),
        ({"Politie": 0}, "uitgenodigd.Politie: moet minstens 1 zijn (gegeven: 0)"),
        ({"Politie": "tien"}, "uitgenodigd.Politie: moet een aantal mensen zijn"),
        ({"Politie": 3, "politie": 4}, "uitgenodigd.politie: dezelfde organisatie als 'Politie'"),
        ([("Politie", 3)], "uitgenodigd: geef een dict van organisatie naar aantal"),
    ],
)
def test_create_refuses_bad_counts_before_writing(tmp_path, invited, problem):
    with pytest.raises(UserError) as error:
        create(tmp_path / "t", uitgenodigd=invited)
    assert problem in " ".join([str(error.value), *error.value.details])
    assert not (tmp_path / "t" / "traject.yaml").exists()


# --- the prompt, through prompt_toolkit's pipe input ---------------------------------------


class PipePrompter(TerminalPrompter):
    """Types the next keystrokes just before each text prompt."""

    def __init__(self, pipe, keystrokes):
        super().__init__(Console(file=io.StringIO(), width=100), input=pipe, output=DummyOutput())
        self.pipe = pipe
        self.keystrokes = list(keystrokes)
        self.asked = []

    def text(self, message, *args, **kwargs):
        self.asked.append(message)
        self.pipe.send_text(self.keystrokes.pop(0))
        return super().text(message, *args, **kwargs)


@pytest.fixture
def pipe():
    with create_pipe_input() as pipe_input:
        yield pipe_input


def test_the_prompt_asks_each_organisation_and_enter_means_unknown(pipe):
    prompter = PipePrompter(pipe, ["40\r", "\r", " 7 \r"])
    invited: dict[str, int] = {}
    _ask_invited(prompter, ["Politie", "GGZ", "OM"], invited)
    assert invited == {"Politie": 40, "OM": 7}
    assert prompter.asked == [f"Hoeveel mensen van {name} worden uitgenodigd? (Enter = onbekend)" for name in ("Politie", "GGZ", "OM")]


def test_the_prompt_refuses_zero_and_words_until_a_count_is_typed(pipe):
    backspace = "\x7f"
    prompter = PipePrompter(pipe, ["0\r" + backspace + "tien\r" + backspace * 4 + "12\r"])
    invited: dict[str, int] = {}
    _ask_invited(prompter, ["Politie"], invited)
    assert invited == {"Politie": 12}


def test_the_prompt_skips_organisations_given_as_option(pipe):
    prompter = PipePrompter(pipe, ["5\r"])
    invited = {"Politie": 40}
    _ask_invited(prompter, ["Politie", "GGZ"], invited)
    assert invited == {"Politie": 40, "GGZ": 5}
    assert prompter.asked == ["Hoeveel mensen van GGZ worden uitgenodigd? (Enter = onbekend)"]


class UncheckedPrompter:
    """Gives typed lines without running the prompt's check (a scripted or pasted answer)."""

    def __init__(self, lines):
        self.lines = list(lines)
        self.console = Console(file=io.StringIO(), width=100)

    def text(self, message, default="", validate=None):
        return self.lines.pop(0)


def test_a_refused_count_is_asked_again_even_when_the_check_was_bypassed():
    prompter = UncheckedPrompter(["-1", "tien", "3"])
    invited: dict[str, int] = {}
    _ask_invited(prompter, ["Politie"], invited)
    assert invited == {"Politie": 3} and not prompter.lines
    assert NOT_A_COUNT in prompter.console.file.getvalue()


def test_parse_without_organisations_checks_only_form_and_count():
    assert parse_invited_pairs(["Wie dan ook=3"], None) == {"Wie dan ook": 3}
    with pytest.raises(UserError) as error:
        parse_invited_pairs(["Politie=0", "OM"], None)
    assert error.value.details == [f"'Politie=0': {NOT_A_COUNT}", "'OM': schrijf ORGANISATIE=AANTAL, bijvoorbeeld Politie=40"]


@pytest.mark.traag
def test_in_a_terminal_a_bad_count_is_refused_before_anything_is_asked(tmp_path):
    import os
    import sys

    import pexpect

    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "volwassenheid", "nieuw", str(tmp_path / "t"), "--uitgenodigd", "Politie=tien"],
        env=env,
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=20,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert f"'Politie=tien': {NOT_A_COUNT}" in " ".join(child.before.split())
    assert "samenwerkingsverband" not in child.before
    assert not (tmp_path / "t" / "traject.yaml").exists()
