"""Each pattern says what it expects; colours as #rrggbb or #rgb."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.core.models import Interview
from volwassenheid.core.schemas import json_schema
from volwassenheid.core.validation import PATTERN_MESSAGES, pydantic_problems
from volwassenheid.storage.branding import load_branding

click_dutch.install()
COLOUR = 'moet een kleur zijn als #rrggbb of #rgb, bijv. "#2e7d32"'


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def branding_problems(tmp_path, colours: str) -> list[str]:
    path = tmp_path / "huisstijl.yaml"
    path.write_text(f"kleuren: {colours}\n", encoding="utf-8")
    with pytest.raises(UserError) as error:
        load_branding(path)
    return error.value.details


@pytest.mark.parametrize("value", ["groen", "#2e7d3", "#12345g", "2e7d32", "#ffff", "#fff "])
def test_wrong_colour_says_what_a_colour_looks_like(tmp_path, value):
    problems = branding_problems(tmp_path, f'{{primair: "{value}"}}')
    assert problems == [f"kleuren.primair: {COLOUR} (met aanhalingstekens in YAML) (gegeven: {value!r})"]
    assert "moet beginnen met een letter" not in problems[0]


@pytest.mark.parametrize("value", ["#fff", "#2E7D32", "#2e7d32", "#AbC"])
def test_short_and_long_hex_colours_are_accepted(tmp_path, value):
    path = tmp_path / "huisstijl.yaml"
    path.write_text(f'kleuren: {{primair: "{value}", accent: "{value}"}}\n', encoding="utf-8")
    assert load_branding(path).kleuren.primair == value


def test_unquoted_colour_is_a_yaml_comment_and_the_message_says_so(tmp_path):
    problems = branding_problems(tmp_path, "\n  primair: #2e7d32")
    assert problems == ["kleuren.primair: is leeg; let op: in YAML begint alles na een # een opmerking, dus zet zo'n waarde tussen aanhalingstekens"]


def test_short_colour_reaches_the_report(tmp_path, make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    style = tmp_path / "huisstijl.yaml"
    style.write_text("kleuren: {primair: '#0a0', accent: '#c05'}\n", encoding="utf-8")
    html = tmp_path / "r.html"
    result = run("rapport", folder, "--html", html, "--huisstijl", style)
    assert result.exit_code == 0, result.output
    source = html.read_text(encoding="utf-8")
    assert "background: #0a0" in source and 'stroke="#c05"' in source


def test_wrong_id_says_what_an_id_looks_like(tmp_path, mini_set_path):
    path = tmp_path / "set.yaml"
    path.write_text(mini_set_path.read_text(encoding="utf-8").replace("id: mini", "id: 1mini"), encoding="utf-8")
    result = run("vragen", "valideer", path)
    assert "id: moet een id zijn: beginnen met een letter en verder alleen letters, cijfers en _ (gegeven: '1mini')" in result.output


def test_wrong_respondent_code_says_what_a_code_looks_like():
    with pytest.raises(ValidationError) as error:
        Interview.model_validate({"code": "../x", "organisatie": "O", "niveau": "tactisch", "vragenlijst": {"id": "mini", "versie": "1"}})
    [(loc, message)] = pydantic_problems(error.value)
    assert loc == ("code",)
    assert message.startswith("moet een respondentcode zijn: beginnen met een letter of cijfer, verder alleen letters, cijfers, - en _")


def patterns_in(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(patterns_in(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(patterns_in(value) for value in node))
    return set()


def test_every_pattern_of_every_file_format_has_a_dutch_description():
    used = set().union(*(patterns_in(json_schema(kind)) for kind in ("vragenlijst", "traject", "interview")))
    assert used and used <= set(PATTERN_MESSAGES)


def test_too_long_text_is_said_in_dutch(tmp_path, mini_set_path):
    path = tmp_path / "set.yaml"
    text = mini_set_path.read_text(encoding="utf-8").replace("naam: Informatiedeling,", "naam: Informatiedeling, kort: " + "x" * 25 + ",")
    path.write_text(text, encoding="utf-8")
    result = run("vragen", "valideer", path)
    assert "dimensies[2] (id 'informatie').kort: mag hoogstens 24 tekens lang zijn" in result.output
    assert "String should" not in result.output


@pytest.mark.parametrize(("bound", "said"), [(1, "moet minstens 1 item bevatten"), (2, "moet minstens 2 items bevatten")])
def test_list_lengths_are_said_with_the_right_plural(bound, said):
    """Never 'item(s)': pydantic's bound is counted with dutch.plural."""
    from typing import Annotated

    from pydantic import Field, TypeAdapter

    with pytest.raises(ValidationError) as raised:
        TypeAdapter(Annotated[list[int], Field(min_length=bound)]).validate_python([])
    assert [message for _, message in pydantic_problems(raised.value)] == [said]


def test_problems_beyond_the_limit_are_counted_in_the_singular_too():
    from volwassenheid.core.survey_table import Problem, problems_text

    problems = [Problem(row, None, "fout") for row in range(2, 5)]
    assert problems_text(problems, limit=2)[-1] == "... en nog 1 probleem"
    assert problems_text(problems, limit=1)[-1] == "... en nog 2 problemen"
