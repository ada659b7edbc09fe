"""The README's command table and the CLI describe the same commands (in the
style of sqlite-utils' tests/test_docs.py): every row names a command that
exists, answers --help and has the options the row shows, and every command
of the CLI, subcommands included, has a row."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()
README = Path(__file__).parent.parent / "README.md"
ROW = re.compile(r"^\| `(volwassenheid(?: [^`]*)?)` \|", re.MULTILINE)
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")


def readme_rows() -> list[str]:
    """The command column of each row, as a user would type it (`\\|` in a table is `|`)."""
    return [usage.replace("\\|", "|") for usage in ROW.findall(README.read_text(encoding="utf-8"))]


def command_path(usage: str) -> tuple[str, ...]:
    """The (sub)command names at the start of a row: `volwassenheid vragen toon [ID]` -> ('vragen', 'toon')."""
    path: list[str] = []
    command: click.Command = cli
    for word in usage.split()[1:]:
        if not isinstance(command, click.Group):
            break
        found = _subcommand(command, word)
        if found is None:
            break
        path.append(word)
        command = found
    return tuple(path)


def _subcommand(group: click.Group, name: str) -> click.Command | None:
    with click.Context(group) as ctx:
        return group.get_command(ctx, name)


def resolve(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group), path
        found = _subcommand(command, name)
        assert found is not None, f"onbekende opdracht {' '.join(path)}"
        command = found
    return command


def cli_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every command path of the CLI; a group counts through its subcommands."""
    paths = set()
    with click.Context(group) as ctx:
        names = group.list_commands(ctx)
    for name in names:
        command = _subcommand(group, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            paths |= cli_commands(command, (*prefix, name))
        else:
            paths.add((*prefix, name))
    return paths


def option_names(command: click.Command) -> set[str]:
    with click.Context(command) as ctx:
        params = command.get_params(ctx)  # includes --help
    return {name for param in params if isinstance(param, click.Option) for name in (*param.opts, *param.secondary_opts)}


ROWS = readme_rows()


def test_the_readme_has_a_command_table():
    assert len(ROWS) >= 10
    assert "volwassenheid --version" in ROWS


@pytest.mark.parametrize("usage", ROWS)
def test_each_readme_row_is_a_command_with_help(usage):
    path = command_path(usage)
    if isinstance(resolve(path), click.Group):  # only `volwassenheid --version` and the like
        following = usage.split()[1 + len(path) :]
        assert following and following[0].startswith("-"), f"README: '{usage}' noemt geen bestaande opdracht"
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="volwassenheid")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(("Usage: volwassenheid", "Gebruik: volwassenheid"))


@pytest.mark.parametrize("usage", ROWS)
def test_each_option_in_a_readme_row_exists_on_that_command(usage):
    command = resolve(command_path(usage))
    shown = set(OPTION.findall(usage))
    assert shown - option_names(command) == set(), usage


def test_every_command_of_the_cli_has_a_readme_row():
    documented = {command_path(usage) for usage in ROWS}
    missing = sorted(" ".join(path) for path in cli_commands() - documented)
    assert missing == [], f"niet in de tabel van README.md: {missing}"


def test_the_readme_reading_is_not_blind():
    """The parser itself: a group's subcommand is found, and an unknown word ends the path."""
    assert command_path("volwassenheid vragen toon [ID|PAD] [--json]") == ("vragen", "toon")
    assert command_path("volwassenheid rapport MAP [-o RAPPORT.pdf]") == ("rapport",)
    assert command_path("volwassenheid bestaatniet MAP") == ()
    assert OPTION.findall("[--pdf-variant pdf/a-3b|pdf/ua-1] [-o X] MAP-NAAM") == ["--pdf-variant", "-o"]
    assert ("vragen", "lijst") in cli_commands() and ("vragen",) not in cli_commands()


def undocumented_options() -> list[str]:
    """Options of a command that the README names nowhere (in the table or the text about that command)."""
    text = README.read_text(encoding="utf-8")
    mentioned = set(OPTION.findall(text))
    missing = []
    for path in sorted(cli_commands()):
        with click.Context(resolve(path)) as ctx:
            params = resolve(path).get_params(ctx)
        for param in params:
            if isinstance(param, click.Option) and "--help" not in param.opts and not mentioned & {*param.opts, *param.secondary_opts}:
                missing.append(f"{' '.join(path)} {max(param.opts, key=len)}")
    return missing


def test_every_option_of_the_cli_is_in_the_readme():
    assert undocumented_options() == []


def test_an_option_added_without_documentation_is_caught(monkeypatch):
    score = resolve(("score",))
    monkeypatch.setattr(score, "params", [*score.params, click.Option(["--nieuwtje"], is_flag=True)])
    assert undocumented_options() == ["score --nieuwtje"]
