"""The `volwassenheid` command: subcommands load lazily; errors become Dutch messages."""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

import click

from volwassenheid import __version__
from volwassenheid.cli import click_dutch
from volwassenheid.cli.lazy import LazyGroup
from volwassenheid.core.errors import UserError, os_error_message, os_error_sentence

COMMANDS = {
    "demo": ("volwassenheid.cli.demo:demo", "Het meegeleverde voorbeeldtraject: scores, samenvatting en rapport."),
    "nieuw": ("volwassenheid.cli.nieuw:nieuw", "Begin een traject: samenwerkingsverband, partners, doelfase."),
    "interview": ("volwassenheid.cli.interview:interview", "Neem een interview af; hervat een onderbroken interview."),
    "respondenten": ("volwassenheid.cli.respondenten:respondenten", "Wie er geïnterviewd is (codes, nooit namen)."),
    "score": ("volwassenheid.cli.score:score", "Scores per dimensie van een traject (tabel of --json)."),
    "advies": ("volwassenheid.cli.advies:advies", "Kloof tot de doelfase en de verbeteragenda (tabel of --json)."),
    "rapport": ("volwassenheid.cli.rapport:rapport", "Het adviesrapport als PDF (of HTML)."),
    "batch": ("volwassenheid.cli.batch:batch", "Scoor een enquête-export (CSV/Excel), veel samenwerkingsverbanden tegelijk."),
    "importeer": ("volwassenheid.cli.importeer:importeer", "Voeg enquêterijen als respondenten toe aan een traject."),
    "vergelijk": ("volwassenheid.cli.vergelijk:vergelijk", "Wat er veranderde tussen twee metingen (tabel of --json)."),
    "vragen": ("volwassenheid.cli.vragen:vragen", "Vragenlijsten tonen, valideren, schema en CSV-sjabloon."),
}


class MainGroup(LazyGroup):
    """Turns a UserError, or an OS error (disk full, no permission, ...), into 'Fout: ...' in
    Dutch with exit code 1; --debug shows the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as error:  # usage errors can quote what was typed
            from volwassenheid.core.validation import printable

            error.message = printable(error.message, keep="\n")  # type: ignore[misc]  # Final in click; only made printable
            raise
        except (click.exceptions.Exit, click.Abort, KeyboardInterrupt, EOFError, BrokenPipeError):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            from volwassenheid.core.validation import printable

            # Whatever a file or a library put in the message, it cannot steer the terminal.
            raise click.ClickException(printable(_message_for(error), keep="\n")) from None


DEBUG_HINT = "Draai dezelfde opdracht opnieuw met --debug direct na volwassenheid (volwassenheid --debug …) voor details."


def _message_for(error: Exception) -> str:
    from pydantic import ValidationError

    from volwassenheid.core.validation import key_path, pydantic_problems

    if isinstance(error, UserError):
        return str(error)
    if isinstance(error, ValidationError):
        lines = [f"{key_path(loc)}: {message}" for loc, message in pydantic_problems(error)]
        return str(UserError("ongeldige invoer:", lines))
    if isinstance(error, OSError) and error.errno is not None:
        # Only a real refusal of the system has an error number; a library's own OSError
        # (an unreadable image, say) without one is not about the disk.
        if error.filename is None and _came_from_stdout(error):
            return f"de uitvoer (stdout) kon niet geschreven worden: {os_error_message(error)}"
        return os_error_sentence(error)
    # A bug: say so briefly, without a traceback.
    return f"onverwachte fout ({type(error).__name__}: {error}). {DEBUG_HINT}"


def _came_from_stdout(error: BaseException) -> bool:
    """Whether the failed write was to the output (`score --json > /dev/full`), not to a file:
    one of the calls it went through held the output stream."""
    streams = {id(stream) for stream in (sys.stdout, sys.__stdout__) if stream is not None}
    streams |= {id(getattr(stream, "buffer", None)) for stream in (sys.stdout, sys.__stdout__) if stream is not None}
    trace = error.__traceback__
    while trace is not None:
        frame_locals = trace.tb_frame.f_locals
        held = [*frame_locals.values(), getattr(frame_locals.get("self"), "file", None)]
        if any(id(value) in streams for value in held if value is not None):
            return True
        trace = trace.tb_next
    return False


@click.group(
    cls=MainGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="volwassenheid", message="%(prog)s %(version)s", help="Toon de versie en stop.")
@click.option("--debug", is_flag=True, help="Toon bij een fout de volledige traceback.")
def cli(debug: bool) -> None:
    """Meet hoe volwassen een samenwerking tussen organisaties is, zet dat af
    tegen de doelfase en maak er een adviesrapport van.

    Begin met 'volwassenheid demo' voor een voorbeeld van begin tot eind.
    """


def main() -> None:
    click_dutch.install()
    try:
        cli.main(prog_name="volwassenheid", windows_expand_args=False)
    except SystemExit as done:
        end_process(done.code)
    end_process(0)


def end_process(code: str | int | None) -> NoReturn:
    """Ends the process as `sys.exit(code)` would, without tearing the interpreter down.

    The teardown frees every imported module one by one (pydantic, numpy, rich: 60 ms here,
    as long as reading 1,500 survey rows) for a process that is about to be gone. The exit
    handlers still run and the output is flushed first. The normal exit is kept when something
    still has work to do after the command: a thread that runs, a tool that watches the process
    (a profiler, debugger or coverage writes its results at exit), output that cannot be
    written, or a message as exit code."""
    watched = sys.gettrace() is not None or sys.getprofile() is not None
    if watched or threading.active_count() > 1 or (code is not None and not isinstance(code, int)):
        sys.exit(code)
    atexit._run_exitfuncs()
    streams = [stream for stream in (sys.stdout, sys.stderr) if stream is not None]  # None: started without it
    try:
        for stream in streams:
            stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code or 0)
