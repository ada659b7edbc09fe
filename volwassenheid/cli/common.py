"""Options and output helpers shared by the subcommands."""

from __future__ import annotations

import json
from pathlib import Path

import click

from volwassenheid.atomic import write_text_atomic

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")
"""Dates as a consultant writes them: 2026-10-12 or 12-10-2026."""

question_set_option = click.option(
    "--vragenlijst",
    "question_set_ref",
    metavar="ID|PAD",
    default=None,
    help="Vragenlijst: de id van een meegeleverde lijst of het pad naar een YAML-bestand.",
)

engagement_argument = click.argument(
    "folder", metavar="MAP", type=click.Path(file_okay=False, path_type=Path)
)


def console():
    from rich.console import Console

    return Console(highlight=False, emoji=False)  # ":smile:" in a name stays text


def heading(engagement) -> str:
    """'Naam · 0-meting · 12-10-2026', the first line of score and advies."""
    from rich.markup import escape

    return f"[bold]{escape(engagement.samenwerkingsverband)}[/bold] · {escape(engagement.meting)} · {engagement.datum:%d-%m-%Y}"


def print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def write_output(path: Path, text: str) -> None:
    """Write a result file atomically; a missing parent folder is a clear error."""
    from volwassenheid.errors import UserError

    if not path.parent.is_dir():
        raise UserError(f"Kan '{path}' niet schrijven: map '{path.parent}' bestaat niet.")
    try:
        write_text_atomic(path, text)
    except OSError as error:
        raise UserError(f"Kan '{path}' niet schrijven ({error.strerror}).") from error
