"""Report data -> HTML: the template runs sandboxed and autoescaped in a forked worker with limits.

The worker has MAX_RENDER_SECONDS and MAX_RENDER_MEMORY; the HTML may hold at
most MAX_HTML_CHARACTERS. Every refusal, and every error while a template runs,
becomes a Dutch UserError naming the template file (and line). The PDF is made
from this HTML in report.pdf.
"""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import Markup

from volwassenheid.core.dutch import difference, number, plural
from volwassenheid.core.errors import UserError
from volwassenheid.report.data import ReportData
from volwassenheid.report.sandbox import MAX_TEMPLATE_SEQUENCE, TemplateTooLarge, report_sandbox
from volwassenheid.report.templates import TEMPLATE_NAME, OutsideTemplateFolder, folder_loader

MAX_HTML_CHARACTERS = 10_000_000
"""Longest HTML a template may produce; the standard report is some 200 000 characters."""
MAX_RENDER_SECONDS = 20
MAX_RENDER_MEMORY = 1024 * 1024 * 1024
"""Extra memory the worker that runs a template may take, on top of what it starts with."""


def render_html(data: ReportData, template_dir: Path) -> str:
    """The report as HTML, made by the template in a worker process with a time and memory limit."""
    context = data.model_dump()
    return _run_bounded(lambda: _render_template(context, Path(template_dir)), Path(template_dir))


def _render_template(context: dict, template_dir: Path) -> str:
    from jinja2 import StrictUndefined

    environment = report_sandbox()(
        loader=folder_loader(template_dir),
        autoescape=True,  # everything respondents typed is text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["getal"] = number  # {{ score | getal }} -> 2,7 (a Dutch decimal comma)
    environment.filters["verschil"] = difference  # {{ a | verschil(b) }}: the shown a minus the shown b
    environment.filters["aantal"] = plural  # {{ n | aantal("respondent", "respondenten") }} -> 1 respondent, 2 respondenten
    # Only the project's own charts are markup; they escape their labels themselves.
    # an absent chart is "", not None: an own template that shows it without {% if %} prints nothing
    for key in ("radar_svg", "heatmap_svg", "niveaus_svg", "dashboard_svg"):
        context[key] = Markup(context[key] or "")
    for section in context["dimensies"]:
        for key in ("ladder_svg", "verdeling_svg"):
            section[key] = Markup(section[key]) if section[key] else None
    if context.get("ontwikkeling"):
        context["ontwikkeling"]["svg"] = Markup(context["ontwikkeling"]["svg"])
    try:
        pieces, total = [], 0
        for piece in environment.get_template(TEMPLATE_NAME).generate(r=context):
            total += len(piece)
            if total > MAX_HTML_CHARACTERS:
                raise TemplateTooLarge(total)
            pieces.append(piece)
        return "".join(pieces)
    except MemoryError:
        raise  # the worker reports it
    except Exception as error:
        raise _template_problem(error, template_dir) from error


def _run_bounded(work, template_dir: Path) -> str:
    """Run `work` in a forked worker: at most MAX_RENDER_SECONDS and MAX_RENDER_MEMORY extra.

    A template is data, but a loop or a text can still be made too big for any
    single check to see coming; the worker is the limit on everything together.
    """
    import multiprocessing

    if not hasattr(os, "fork"):  # no fork (Windows): render here, with the checks of the sandbox only
        return work()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_worker, args=(work, sender), daemon=True)
    worker.start()
    sender.close()
    try:
        outcome = receiver.recv() if receiver.poll(MAX_RENDER_SECONDS) else ("tijd",)
    except EOFError:  # the worker died without a word: killed for its memory
        outcome = ("geheugen",)
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    return _outcome(outcome, template_dir)


def _worker(work, sender) -> None:
    _limit_memory()
    outcome: tuple
    try:
        outcome = ("html", work())
    except UserError as error:
        outcome = ("fout", error.message, error.details)
    except MemoryError:
        outcome = ("geheugen",)
    except BaseException:  # a bug of ours: the parent shows it as one
        import traceback

        outcome = ("bug", traceback.format_exc())
    sender.send(outcome)
    sender.close()


def _limit_memory() -> None:
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            in_use = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        resource.setrlimit(resource.RLIMIT_AS, (in_use + MAX_RENDER_MEMORY, in_use + MAX_RENDER_MEMORY))
    except (ImportError, OSError, StopIteration, ValueError):
        pass  # no /proc or no limits here: the time limit still holds


def _outcome(outcome: tuple, template_dir: Path) -> str:
    where = template_dir.resolve() / TEMPLATE_NAME
    kind = outcome[0]
    if kind == "html":
        return outcome[1]
    if kind == "fout":
        raise UserError(outcome[1], outcome[2])
    if kind == "tijd":
        raise UserError(
            f"Sjabloon {where}: het maken van het rapport duurt langer dan {MAX_RENDER_SECONDS} seconden en is gestopt. "
            "Staat er een (geneste) lus in die te vaak wordt doorlopen?"
        )
    if kind == "geheugen":
        raise UserError(
            f"Sjabloon {where}: het sjabloon gebruikt meer dan {MAX_RENDER_MEMORY // (1024 * 1024)} MB geheugen en is gestopt. "
            "Maakt het een enorme tekst of lijst?"
        )
    raise RuntimeError(f"fout in het maken van het rapport:\n{outcome[1]}")


_PYTHON_PROBLEMS = {
    ZeroDivisionError: "deling door nul.",
    TypeError: "een bewerking met waarden van het verkeerde soort (bijvoorbeeld tekst plus een getal, of een filter met verkeerde argumenten).",
    ValueError: "een waarde die hier niet past (bijvoorbeeld tekst die geen getal is).",
    KeyError: "een sleutel die niet bestaat.",
    IndexError: "een positie in een lijst die niet bestaat.",
    AttributeError: "een eigenschap die niet bestaat.",
    OverflowError: "een getal dat te groot is.",
}


def _template_problem(error: Exception, template_dir: Path) -> Exception:
    """Any error while a template runs as a Dutch UserError naming the template file and line."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    where = _template_location(error, template_dir)
    if isinstance(error, UserError):
        return error  # already Dutch and naming its file (a file too large, a hard link)
    if isinstance(error, RecursionError):
        text = "het sjabloon neemt zichzelf steeds opnieuw op (include of macro zonder einde)."
    elif isinstance(error, (SecurityError, TemplateTooLarge)):
        text = (
            "het sjabloon probeert iets dat niet mag (een interne eigenschap, een functie die gegevens wijzigt, "
            f"of een tekst of lijst van meer dan {MAX_TEMPLATE_SEQUENCE:_} tekens of elementen maken; "
            f"de hele HTML mag hoogstens {MAX_HTML_CHARACTERS:_} tekens zijn). ".replace("_", ".")
            + "Een sjabloon mag alleen de rapportgegevens in r tonen; het wordt niet uitgevoerd als code."
        )
    elif isinstance(error, OutsideTemplateFolder):
        text = (
            f"'{error.name}' ligt buiten de sjabloonmap {template_dir}, of is geen gewoon bestand (een koppeling naar buiten, een apparaat); "
            "een sjabloon mag alleen gewone bestanden uit zijn eigen map gebruiken."
        )
    elif isinstance(error, TemplateNotFound):
        text = f"'{error.name}' bestaat niet in de sjabloonmap {template_dir}."
    elif isinstance(error, UnicodeDecodeError):
        text = "geen UTF-8-tekst."
    elif isinstance(error, TemplateSyntaxError):
        text = f"fout in de opbouw van het sjabloon ({error.message})."
    elif isinstance(error, UndefinedError):
        text = f"onbekende naam of sleutel ({error.message})."
    else:
        text = next((message for kind, message in _PYTHON_PROBLEMS.items() if isinstance(error, kind)), "een bewerking in het sjabloon mislukt.")
    return UserError(f"Sjabloon {where}: {text}")


def _template_location(error: Exception, template_dir: Path) -> str:
    """'…/rapport.html.j2, regel 3': the innermost template frame of the error."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    root = str(Path(template_dir).resolve()) + os.sep
    traceback = error.__traceback__
    while traceback is not None:
        frame_file = traceback.tb_frame.f_code.co_filename
        if frame_file.startswith(root):
            filename, line = frame_file, traceback.tb_lineno
        traceback = traceback.tb_next
    filename = filename or str(template_dir / TEMPLATE_NAME)
    return f"{filename}, regel {line}" if line else filename
