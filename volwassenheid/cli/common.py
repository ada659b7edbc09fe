"""Options and output helpers shared by the subcommands."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
import sys
from pathlib import Path

import click

from volwassenheid.storage.atomic import write_or_refuse

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")
"""Dates as a consultant writes them: 2026-10-12 or 12-10-2026."""
DATE_FORMATS_SHOWN = "JJJJ-MM-DD of DD-MM-JJJJ"
"""DATE_FORMATS as a Dutch reader knows them (J = jaar, M = maand, D = dag)."""


def parse_date(text: str) -> dt.date | None:
    """A date in one of DATE_FORMATS, or None."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def measurement_date(text: str) -> dt.date | str:
    """The measurement date in `text`, or the Dutch reason it is refused: for options and prompts alike."""
    from volwassenheid.core.models import date_problem

    parsed = parse_date(text)
    if parsed is None:
        return f"'{text}' is geen datum. Schrijf de datum als {DATE_FORMATS_SHOWN}, bijv. 2026-10-12 of 12-10-2026."
    problem = date_problem(parsed)
    return f"{problem[0].upper()}{problem[1:]}." if problem else parsed


def measurement_date_problem(text: str) -> str | None:
    """Why a typed measurement date is refused (Dutch), or None."""
    date = measurement_date(text)
    return date if isinstance(date, str) else None


class MeasurementDate(click.DateTime):
    """click.DateTime with Dutch formats in help and errors, and the traject's date range."""

    name = "datum"

    def __init__(self) -> None:
        super().__init__(DATE_FORMATS)

    def get_metavar(self, param, ctx=None) -> str:
        return "[JJJJ-MM-DD|DD-MM-JJJJ]"

    def convert(self, value, param, ctx) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        date = measurement_date(str(value))
        if isinstance(date, str):
            self.fail(date, param, ctx)
        return dt.datetime.combine(date, dt.time())

    def __repr__(self) -> str:
        return "MeasurementDate"


MEASUREMENT_DATE = MeasurementDate()

question_set_option = click.option(
    "--vragenlijst",
    "question_set_ref",
    metavar="ID|PAD",
    default=None,
    help="Vragenlijst: de id van een meegeleverde lijst of het pad naar een YAML-bestand.",
)

module_option = click.option(
    "--module",
    "modules",
    multiple=True,
    metavar="MODULE",
    help="Een contextmodule van de vragenlijst, bijv. ondermijning; herhaalbaar ('volwassenheid vragen toon' noemt ze).",
)

engagement_argument = click.argument("folder", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))


def tool_command(argv0: str | None = None, on_path: str | None = None) -> str:
    """How to start this tool again from the same shell, for hints such as 'volwassenheid advies MAP'.

    'volwassenheid' only when the shell finds this very program under that name;
    otherwise the path that was used (.venv/bin/volwassenheid), or python -m.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    on_path = shutil.which("volwassenheid") if on_path is None else on_path
    if on_path and argv0 and Path(on_path).resolve() == Path(argv0).resolve():
        return "volwassenheid"
    if Path(argv0).name == "volwassenheid":
        return shlex.quote(argv0)
    return f"{shlex.quote(sys.executable)} -m volwassenheid"


def activation_hint(argv0: str | None = None) -> str | None:
    """When the tool was started by its path inside a virtual environment: how to activate that environment."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    activate = Path(argv0).parent / "activate"
    if Path(argv0).name != "volwassenheid" or not activate.is_file():
        return None
    return f"Tip: na '. {shlex.quote(str(activate))}' werkt in deze terminal gewoon 'volwassenheid …'."


def console(**options):
    """A console for user-supplied text: no highlighting, and ':smile:' in a name stays text."""
    from rich.console import Console

    return Console(highlight=False, emoji=False, **options)


def heading(engagement) -> str:
    """'Naam · 0-meting · 12-10-2026', the first line of score and advies."""
    from rich.markup import escape

    return f"[bold]{escape(engagement.samenwerkingsverband)}[/bold] · {escape(engagement.meting)} · {engagement.datum:%d-%m-%Y}"


def print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def write_output(path: Path, text: str) -> None:
    """Write a result file atomically; a missing parent folder is a clear error."""
    from volwassenheid.core.errors import UserError

    if not path.parent.is_dir():
        raise UserError(f"Kan '{path}' niet schrijven: map '{path.parent}' bestaat niet.")
    write_or_refuse(path, text)
