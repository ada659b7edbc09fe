"""User text with rich markup ([bold], [/], [link=...]) prints literally, never as markup or a link."""

from __future__ import annotations

import io
import json

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from volwassenheid.cli import click_dutch
from volwassenheid.cli.common import console as make_console
from volwassenheid.cli.interview import _show_respondent_scores
from volwassenheid.cli.main import cli
from volwassenheid.cli.prompts import TerminalPrompter
from volwassenheid.core.interview_flow import Choice
from volwassenheid.core.models import Answer, Interview, QuestionSetRef

click_dutch.install()

MARKUP = ["[bold]", "[/]", "[/bold]", "[link=file:///etc/passwd]", "[/link]", "[red on blue]", "\\[x]", "[", "]", ":smile:", "\\"]
# Printable text (no control characters, which no terminal prints as such) mixed with markup fragments.
user_text = (
    st.lists(
        st.one_of(st.sampled_from(MARKUP), st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=8)),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda text: text.strip())
)


def squeezed(text: str) -> str:
    return "".join(text.split())


def traject(tmp_path, partnership: str, organisation: str):
    from conftest import write_engagement_folder

    folder = write_engagement_folder(tmp_path, [])
    data = yaml.safe_load((folder / "traject.yaml").read_text(encoding="utf-8"))
    data["samenwerkingsverband"] = partnership
    (folder / "traject.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    interview = {
        "code": "R01",
        "organisatie": organisation,
        "niveau": "tactisch",
        "vragenlijst": {"id": "mini", "versie": "0.1"},
        "afgerond": True,
        "antwoorden": {q: {"waarde": 3} for q in ["v1", "v2", "t1", "t2", "t3", "i1"]},
    }
    (folder / "interviews" / "R01.json").write_text(json.dumps(interview), encoding="utf-8")
    return folder


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(partnership=user_text, organisation=user_text)
def test_respondenten_prints_user_text_literally(tmp_path_factory, partnership, organisation):
    folder = traject(tmp_path_factory.mktemp("t"), partnership, organisation)
    result = CliRunner().invoke(cli, ["respondenten", str(folder)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert squeezed(f"Respondenten · {partnership}") in squeezed(result.output)
    assert squeezed(organisation) in squeezed(result.output)
    assert "\x1b]8;" not in result.output


@settings(max_examples=40, deadline=None)
@given(organisation=user_text, dimension=user_text)
def test_end_of_interview_prints_user_text_literally(mini_set, organisation, dimension):
    from types import SimpleNamespace

    from volwassenheid.core.models import Engagement

    dimensions = [mini_set.dimensies[0].model_copy(update={"naam": dimension, "kort": None}), *mini_set.dimensies[1:]]
    question_set = mini_set.model_copy(update={"dimensies": dimensions})
    engagement = Engagement(samenwerkingsverband="X", datum="2026-10-01", vragenlijst=QuestionSetRef(id="mini", versie="0.1"))
    interview = Interview(
        code="R01",
        organisatie=organisation,
        niveau="tactisch",
        vragenlijst=QuestionSetRef(id="mini", versie="0.1"),
        antwoorden={"v1": Answer(waarde=2), "v2": Answer(waarde=4)},
    )
    out = make_console(file=io.StringIO(), width=400, force_terminal=True)
    _show_respondent_scores(out, SimpleNamespace(question_set=question_set, engagement=engagement), interview)
    printed = out.file.getvalue()
    plain = make_console(file=io.StringIO(), width=400)
    _show_respondent_scores(plain, SimpleNamespace(question_set=question_set, engagement=engagement), interview)
    assert squeezed(f"Scores van R01 ({organisation}, tactisch)") in squeezed(plain.file.getvalue())
    assert squeezed(dimension) in squeezed(plain.file.getvalue())
    assert "\x1b]8;" not in printed


@settings(max_examples=40, deadline=None)
@given(header=user_text, help_text=user_text, question=user_text, option=user_text)
def test_question_header_help_and_echo_print_user_text_literally(header, help_text, question, option):
    with create_pipe_input() as pipe:
        prompter = TerminalPrompter(make_console(file=io.StringIO(), width=400), input=pipe, output=DummyOutput())
        prompter.show(header, help_text)
        pipe.send_text("1\r")
        assert prompter.select(question, [Choice(option, 1, "1")]) == 1
    printed = squeezed(prompter.console.file.getvalue())
    for text in (header, help_text, f"?{question}1){option}"):
        assert squeezed(text) in printed


def test_respondenten_never_cuts_a_long_name_off(tmp_path):
    folder = traject(tmp_path, "Huis", "[bold]Ministerievanjustitieenveiligheid[/] van Justitie")
    result = CliRunner().invoke(cli, ["respondenten", str(folder)], env={"COLUMNS": "80"})
    assert "…" not in result.output
    column = [line.split("│")[2].strip() for line in result.output.splitlines() if line.startswith("│")]
    assert squeezed("".join(column)) == "[bold]Ministerievanjustitieenveiligheid[/]vanJustitie"
