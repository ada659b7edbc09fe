"""Texts from a question set reach the terminal exactly as typed: never as rich markup."""

from __future__ import annotations

import itertools
import json
import string
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()
FIXTURES = Path(__file__).parent / "fixtures"
WIDE = {"COLUMNS": "400", "LINES": "50"}
HOSTILE = ["[bold]", "[/]", "[link=file:///etc/passwd]x[/link]", "[red]rood", "a[/b]", ":thumbs_up:", "\\[x]", "eind\\"]

# No whitespace: rich may fold it, and the check is that every character survives.
text = st.text(alphabet=string.ascii_letters + string.digits + "[]/\\=:#@!?_-.,;'\"()<>&*é", min_size=1, max_size=20)


def run(*args):
    return CliRunner(env=WIDE).invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def hostile_set(names: list[str]) -> dict:
    """The mini set with user texts replaced by `names`, cycled over every text field."""
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    supply = itertools.cycle(names)
    data["naam"], data["beschrijving"], data["versie"] = next(supply), next(supply), next(supply)
    for phase in data["fasen"]:
        phase["naam"], phase["beschrijving"] = next(supply), next(supply)
    for dimension in data["dimensies"]:
        dimension["naam"], dimension["beschrijving"], dimension["kort"] = next(supply), next(supply), next(supply)[:24]
    for question in data["vragen"]:
        question["tekst"] = next(supply)
        question["opties"] = [next(supply) for _ in question["opties"]]
    return data


def texts_of(data: dict) -> list[str]:
    found = [data["naam"], data["beschrijving"], data["versie"]]
    found += [p[k] for p in data["fasen"] for k in ("naam", "beschrijving")]
    found += [d[k] for d in data["dimensies"] for k in ("naam", "beschrijving", "kort")]
    found += [q["tekst"] for q in data["vragen"]] + [o for q in data["vragen"] for o in q["opties"]]
    return found


def write_set(folder: Path, data: dict) -> Path:
    path = folder / "lijst.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML, and quotes everything
    return path


def assert_shown_as_typed(result, data: dict) -> None:
    assert result.exit_code == 0, result.output
    assert "\x1b]8;" not in result.output  # no terminal hyperlink
    for value in texts_of(data):
        assert value in result.output, value


def test_toon_shows_markup_like_texts_literally(tmp_path):
    data = hostile_set(HOSTILE)
    assert_shown_as_typed(run("vragen", "toon", write_set(tmp_path, data)), data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(text, min_size=1, max_size=8))
@example(names=HOSTILE)
def test_toon_shows_any_text_literally(tmp_path, names):
    data = hostile_set(names)
    assert_shown_as_typed(run("vragen", "toon", write_set(tmp_path, data)), data)


def test_lijst_shows_markup_like_names_literally(tmp_path, monkeypatch):
    from volwassenheid.storage import question_sets

    data = hostile_set(HOSTILE)
    data["naam"] = "[link=file:///etc/passwd]Mijn lijst[/link]"
    path = write_set(tmp_path, data)
    monkeypatch.setattr(question_sets, "shipped_set_paths", lambda: [path])
    monkeypatch.setattr(question_sets, "shipped_set_dir", lambda: tmp_path)
    result = run("vragen", "lijst")
    assert result.exit_code == 0, result.output
    assert "[link=file:///etc/passwd]Mijn lijst[/link]" in result.output
    assert data["versie"] in result.output


def test_valideer_with_markup_like_texts(tmp_path):
    data = hostile_set(HOSTILE)
    result = run("vragen", "valideer", write_set(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert "In orde" in result.output


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(text.filter(lambda t: len(t) <= 18), min_size=1, max_size=4))
@example(names=[n for n in HOSTILE if len(n) <= 18])
def test_score_table_shows_dimension_and_phase_names_literally(tmp_path_factory, names):
    """The table of dimensions and phases (cli/tables.py); the set's version stays plain here."""
    from conftest import write_engagement_folder

    data = hostile_set(names)
    data["versie"] = "0.1"
    folder = write_engagement_folder(
        tmp_path_factory.mktemp("traject"), [{"code": f"R{i}", "antwoorden": {"v1": 3, "t1": 2, "i1": 4}} for i in range(3)]
    )
    (folder / "mini.yaml").write_text(json.dumps(data), encoding="utf-8")
    result = run("score", folder)
    assert result.exit_code == 0, result.output
    for dimension in data["dimensies"]:
        assert dimension["kort"] in result.output
    assert f"3 {data['fasen'][2]['naam']}" in result.output  # phase of v1 = 3 in vertrouwen


@pytest.mark.parametrize("value", HOSTILE)
def test_plain_keeps_the_text(value):
    from io import StringIO

    from rich.console import Console

    from volwassenheid.cli.format import plain

    buffer = StringIO()
    Console(file=buffer, width=200, highlight=False).print(plain(value))
    assert buffer.getvalue() == value + "\n"
