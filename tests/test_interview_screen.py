"""What the consultant sees at 80x24 and 100x40, read back from a real terminal (tmux)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()
pytestmark = [pytest.mark.traag, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


class Screen:
    def __init__(self, command: list[str], width: int, height: int):
        self.name = f"vw-{uuid.uuid4().hex[:8]}"
        env = "PROMPT_TOOLKIT_NO_CPR=1 TERM=xterm-256color"
        line = " ".join(["env", env, *map(str, command), "; sleep 60"])
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), line], check=True)

    def text(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True, check=True).stdout

    def wait_for(self, wanted: str, seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.text()
            if wanted in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{wanted!r} not on screen:\n{self.text()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def traject(tmp_path):
    folder = tmp_path / "traject"
    result = CliRunner().invoke(
        cli,
        [
            "nieuw",
            str(folder),
            "--niet-interactief",
            "--samenwerkingsverband",
            "Huis",
            "--organisatie",
            "Politie",
            "--organisatie",
            "Ministerie van Justitie en Veiligheid",
        ],
    )
    assert result.exit_code == 0, result.output
    return folder


def tallest_question(question_set, width: int) -> int:
    """The question whose menu takes the most lines at this width."""
    from volwassenheid.cli.prompts import Menu
    from volwassenheid.core.interview_flow import InterviewFlow

    flow = InterviewFlow(question_set, None, None, None)
    heights = [Menu(q.tekst, flow.choices(q, i), None, width).height() for i, q in enumerate(question_set.vragen)]
    return heights.index(max(heights))


def answered_before(folder, question_set, index: int) -> None:
    """R01 with every question before `index` answered, so resuming opens at `index`."""
    from volwassenheid.core.models import Answer, Interview, QuestionSetRef
    from volwassenheid.storage.traject_folder import write_interview

    write_interview(
        folder,
        Interview(
            code="R01",
            organisatie="Politie",
            niveau="tactisch",
            vragenlijst=QuestionSetRef(id=question_set.id, versie=question_set.versie),
            antwoorden={q.id: Answer(waarde="weet_niet") for q in question_set.vragen[:index]},
        ),
    )


def lines_between(lines: list[str], start: str, end: str) -> str:
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.lstrip().startswith(end))
    return " ".join(" ".join(lines[first:last]).split())


@pytest.mark.parametrize(("width", "height"), [(80, 24), (100, 40)])
@pytest.mark.parametrize("set_id", ["samenwerking", "quickscan"])
def test_progress_line_question_and_every_option_stay_on_screen(tmp_path, set_id, width, height):
    from volwassenheid.storage.traject_folder import load_engagement

    folder = tmp_path / "traject"
    result = CliRunner().invoke(cli, ["nieuw", str(folder), "--niet-interactief", "--samenwerkingsverband", "Huis", "--vragenlijst", set_id])
    assert result.exit_code == 0, result.output
    question_set = load_engagement(folder).question_set  # the core of the set: the traject chose no modules
    index = tallest_question(question_set, width)
    question = question_set.vragen[index]
    answered_before(folder, question_set, index)
    screen = Screen([sys.executable, "-m", "volwassenheid", "interview", folder, "--hervat", "R01"], width, height)
    try:
        shown = screen.wait_for("s) Stoppen")
    finally:
        screen.close()
    lines = shown.splitlines()
    assert any(f"Vraag {index + 1}/{len(question_set.vragen)} · " in line for line in lines), shown
    # Question and options read exactly as written: wrapped between words, never inside one.
    assert lines_between(lines, "? ", "1)") == "? " + " ".join(question.tekst.split())
    options = " ".join(f"{n}) {text}" for n, text in enumerate(question.opties, start=1))
    assert lines_between(lines, "1)", "w)") == " ".join(options.split())
    assert all(len(line) <= width for line in lines)


LONG_OPTION = "Dit is een zeer lange beschrijving van een fase waarin de samenwerking tussen de ketenpartners " * 3
LONG_QUESTION = "Hoe ervaart u de onderlinge afstemming tussen de Ministeriële organisaties? " * 4


def long_texts_traject(make_engagement, help_text: str | None = None):
    """The mini set with a ~300-character question and five ~300-character options on v1."""
    import yaml

    folder = make_engagement([{"code": "R01", "organisatie": "Politie", "niveau": "tactisch", "antwoorden": {}}])
    path = folder / "mini.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["vragen"][0]["tekst"] = LONG_QUESTION
    data["vragen"][0]["opties"] = [f"{LONG_OPTION}{n}" for n in range(1, 6)]
    if help_text:
        data["vragen"][0]["hulp"] = {"luisteren": help_text}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_long_options_are_shortened_so_progress_and_every_option_stay_on_screen(make_engagement):
    import json

    folder = long_texts_traject(make_engagement)
    screen = Screen([sys.executable, "-m", "volwassenheid", "interview", folder, "--hervat", "R01"], 80, 24)
    try:
        shown = screen.wait_for("t) Volledige tekst")
        screen.keys(*["Down"] * 9)
        after_moving = screen.wait_for("» s) Stoppen")
        screen.keys("t")
        screen.keys("Enter")
        full = screen.wait_for("Vraag 1/6")
        deadline = time.monotonic() + 20
        while full.count("s) Stoppen") < 2 and time.monotonic() < deadline:  # the full text, then the menu again
            time.sleep(0.2)
            full = screen.text()
        screen.keys("5")
        screen.keys("Enter")
        screen.wait_for("Toelichting")
    finally:
        screen.close()
    lines = shown.splitlines()
    assert any(line.startswith("Vraag 1/6 · ") for line in lines), shown
    for key in ["1", "2", "3", "4", "5"]:
        assert any(line.startswith(f"   {key}) Dit is een zeer lange") for line in lines), shown
    for option in ["w) Weet niet", "n) Niet van toepassing", "o) Overslaan", "s) Stoppen"]:
        assert any(line.startswith(f"   {option}") for line in lines), shown
    assert "…" in shown and all(len(line) <= 80 for line in lines)
    assert "Vraag 1/6 · " in after_moving
    # The full text, printed on request, shows the end of option 5; the progress line follows it.
    before_menu, menu_again = full.split("Vraag 1/6 · ")
    assert " ".join(before_menu.split()).startswith("5 w) Weet niet"), full  # option 5 ended "… ketenpartners 5"
    assert "t) Volledige tekst" in menu_again
    saved = json.loads((folder / "interviews" / "R01.json").read_text(encoding="utf-8"))
    assert saved["antwoorden"]["v1"]["waarde"] == 5


def test_after_the_folded_help_the_progress_line_and_every_option_are_on_screen(make_engagement):
    folder = long_texts_traject(make_engagement, help_text="Let op voorbeelden uit de praktijk. " * 6)
    screen = Screen([sys.executable, "-m", "volwassenheid", "interview", folder, "--hervat", "R01"], 80, 24)
    try:
        shown = screen.wait_for("h) Hulp voor de interviewer tonen")
        screen.keys("h")
        screen.keys("Enter")
        after = screen.wait_for("╰")
        deadline = time.monotonic() + 20
        while "s) Stoppen" not in after.split("╰")[-1] and time.monotonic() < deadline:
            time.sleep(0.2)
            after = screen.text()
    finally:
        screen.close()
    assert "Vraag 1/6 · " in shown and "t) Volledige tekst" in shown
    below_help = after.split("╰")[-1]
    assert "Vraag 1/6 · " in below_help, after
    # the menu is shortened to fit below the help, so the help stays on screen whole
    assert "╭─ voor de interviewer" in after and "Luister naar: Let op" in after, after
    assert all(f"   {key}) " in below_help for key in ["1", "2", "3", "4", "5", "w", "n", "o", "s", "t"]), after
