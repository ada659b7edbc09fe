"""Report data -> HTML (Jinja2, sandboxed and autoescaped) -> PDF (WeasyPrint).

WeasyPrint is imported only inside `render_pdf`: every other command stays light.
A template folder may come from anyone, so it is treated as data, never as code:
Jinja runs in its immutable sandbox (no attribute tricks to reach Python), and
both the template loader and the URL fetcher serve only regular files that
resolve inside the template folder (no `..`, no absolute paths, no symlinks
pointing out, no second names by hard link), plus inline data (the logo). No
other file, no network. Everything is bounded: each text-building operation of
the template (MAX_TEMPLATE_SEQUENCE), the HTML (MAX_HTML_CHARACTERS), the
template's run (a forked worker with a time and memory limit), every file read
(MAX_TEMPLATE_FILE_BYTES, MAX_RESOURCE_BYTES) and every image drawn (pixels
from the header, SVG elements with <use> expanded; see branding_store).
Every refusal, and every error while a template runs, becomes a Dutch
UserError naming the template file (and line).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from markupsafe import Markup

from volwassenheid.core.errors import UserError
from volwassenheid.report.data import ReportData
from volwassenheid.storage.resources import data_dir

TEMPLATE_NAME = "rapport.html.j2"


def default_template_dir() -> Path:
    return data_dir("rapport_templates") / "standaard"


def check_template_dir(folder: Path) -> Path:
    folder = Path(folder)
    if not (folder / TEMPLATE_NAME).is_file():
        raise UserError(f"Sjabloonmap '{folder}' bevat geen {TEMPLATE_NAME}.")
    return folder.resolve()


def inside_folder(root: Path, path: Path) -> Path | None:
    """`path` with every symlink and `..` resolved, if it is a regular file inside `root`.

    The one rule for templates, includes, CSS, images and fonts alike.
    """
    root = Path(root).resolve()
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None
    if resolved.is_relative_to(root) and resolved.is_file():
        return resolved
    return None


MAX_TEMPLATE_FILE_BYTES = 2 * 1024 * 1024
"""Largest template file (the standard one is some 14 kB)."""


def read_template_file(path: Path, name: str, limit: int = MAX_TEMPLATE_FILE_BYTES) -> bytes:
    """A file of the template folder: a regular file with one name, at most `limit` bytes."""
    from volwassenheid.storage.yamlfile import read_regular_file

    refuse_hard_link(path, name)
    return read_regular_file(path, limit)


def refuse_hard_link(path: Path, name: str) -> None:
    """A second name (hard link) can bring any file of the same disk into the folder; realpath cannot see it."""
    try:
        links = path.stat().st_nlink
    except OSError:
        return  # the read that follows names the problem
    if links > 1:
        raise UserError(
            f"Sjabloonbestand '{name}' ({path}) heeft meer dan een naam (een harde koppeling); "
            "een sjabloonmap mag alleen eigen, gewone bestanden bevatten. Kopieer het bestand in plaats daarvan."
        )


class OutsideTemplateFolder(Exception):
    """A template name that resolves outside the template folder."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _folder_loader(template_dir: Path):
    """A Jinja loader that reads only files resolving inside `template_dir`."""
    from jinja2 import BaseLoader, TemplateNotFound

    root = Path(template_dir).resolve()

    class TemplateFolderLoader(BaseLoader):
        def get_source(self, environment, template):
            parts = template.replace("\\", "/").split("/")
            if template.startswith(("/", "~")) or ".." in parts or re.match(r"^[A-Za-z]:", template):
                raise OutsideTemplateFolder(template)
            path = root.joinpath(*[part for part in parts if part not in ("", ".")])
            if not path.exists() and not path.is_symlink():
                raise TemplateNotFound(template)
            resolved = inside_folder(root, path)
            if resolved is None:
                raise OutsideTemplateFolder(template)
            source = read_template_file(resolved, template).decode("utf-8")
            mtime = resolved.stat().st_mtime
            return source, str(path), lambda: resolved.stat().st_mtime == mtime

    return TemplateFolderLoader()


MAX_TEMPLATE_SEQUENCE = 1_000_000
"""Longest string or list one operation of a template may make (`*`, `+`, a filter, a format)."""
MAX_TEMPLATE_EXPONENT = 64
MAX_HTML_CHARACTERS = 10_000_000
"""Longest HTML a template may produce; the standard report is some 200 000 characters."""
MAX_RENDER_SECONDS = 20
MAX_RENDER_MEMORY = 1024 * 1024 * 1024
"""Extra memory the worker that runs a template may take, on top of what it starts with."""

_FORMAT_WIDTH = re.compile(r"\d+")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateTooLarge(Exception):
    """A template tried to make a text or list beyond MAX_TEMPLATE_SEQUENCE."""


def _check_length(length: int) -> None:
    if length > MAX_TEMPLATE_SEQUENCE:
        raise TemplateTooLarge(length)


def text_size(value: object, budget: int = MAX_TEMPLATE_SEQUENCE + 1) -> int:
    """About how many characters str(value) has, counted without building it; stops at `budget`."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        total = 2
        for item in value:
            total += text_size(item, budget - total) + 2
            if total >= budget:
                break
        return total
    return len(str(value)) if isinstance(value, (int, float, bool, type(None))) else 0


def _check_str_format(text: str) -> None:
    """Widths and precisions in a str.format pattern, also nested ones ('{0:{1}}' is refused)."""
    import string

    for _, field, spec, _ in string.Formatter().parse(text):
        if field is not None and spec and ("{" in spec or any(int(n) > MAX_TEMPLATE_SEQUENCE for n in _FORMAT_WIDTH.findall(spec))):
            raise TemplateTooLarge(spec)


def _check_percent_format(text: object) -> None:
    if isinstance(text, str):
        for width, precision in _PERCENT_SPEC.findall(text):
            if "*" in (width, precision) or any(n and int(n) > MAX_TEMPLATE_SEQUENCE for n in (width, precision)):
                raise TemplateTooLarge(text[:40])


def _bounded_filters(filters: dict) -> dict:
    """Jinja's filters that can make long texts, each refusing before it builds one too long."""
    from jinja2 import pass_environment, pass_eval_context

    original = dict(filters)

    @pass_eval_context
    def replace(eval_ctx, value, old, new, count=None):
        text, old, new = str(value), str(old), str(new)
        hits = text.count(old) if old else len(text) + 1
        if count is not None and isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        _check_length(len(text) + hits * max(0, len(new) - len(old)))
        return original["replace"](eval_ctx, value, old, new, count)

    def center(value, width=80):
        _check_length(int(width))
        return original["center"](value, width)

    def format_(value, *args, **kwargs):
        _check_percent_format(value)
        return original["format"](value, *args, **kwargs)

    @pass_eval_context
    def join(eval_ctx, value, d="", attribute=None):
        items = list(value)
        if attribute is not None:
            from jinja2.filters import make_attrgetter

            getter = make_attrgetter(eval_ctx.environment, attribute)
            items = [getter(item) for item in items]
        _check_length(sum(text_size(item) for item in items) + len(str(d)) * max(0, len(items) - 1))
        return original["join"](eval_ctx, items, d)

    def indent(value, width=4, first=False, blank=False):
        size = len(width) if isinstance(width, str) else int(width)
        _check_length(len(str(value)) * (size + 1))
        return original["indent"](value, width, first, blank)

    @pass_environment
    def wordwrap(environment, value, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
        _check_length(int(width))
        _check_length(len(str(value)) * (2 + len(str(wrapstring or ""))))
        return original["wordwrap"](environment, value, width, break_long_words, wrapstring, break_on_hyphens)

    @pass_environment
    def truncate(env, s, length=255, killwords=False, end="...", leeway=None):
        _check_length(len(str(end)))
        return original["truncate"](env, s, length, killwords, end, leeway)

    # Each takes what Jinja's own takes: replace and join the eval context, wordwrap and truncate the environment.
    filters.update(indent=indent, center=center, format=format_, replace=replace, join=join, wordwrap=wordwrap, truncate=truncate)
    return filters


def _report_sandbox():
    """Jinja's immutable sandbox, with every way to make a huge text or list bounded.

    `*`, `+`, `%` and `**` are checked before they run, as are str.format, the
    string methods that pad (center, ljust, rjust, zfill, expandtabs, join,
    replace) and the filters that build text (`_bounded_filters`). What is
    printed passes `text_size` first.
    """
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    class ReportSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def __init__(self, *args, **kwargs):
            super().__init__(*args, finalize=self.check_printed, **kwargs)
            _bounded_filters(self.filters)

        @staticmethod
        def check_printed(value):
            _check_length(text_size(value))
            return value

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_TEMPLATE_EXPONENT:
                raise SecurityError("exponent too large")
            if operator == "*":
                _check_length(_product_length(left, right))
            if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                _check_length(len(left) + len(right))
            if operator == "%":
                _check_percent_format(left)
            return super().call_binop(context, operator, left, right)

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)  # str.format and format_map, run by Jinja's safe formatter
            if wrapped is not None:
                _check_str_format(value.__self__)
            return wrapped

        def call(self, context, obj, /, *args, **kwargs):
            _check_call(obj, args, kwargs)
            return super().call(context, obj, *args, **kwargs)

    return ReportSandbox


_PADDING_METHODS = {"center", "ljust", "rjust", "zfill"}


def _check_call(function: object, args: tuple, kwargs: dict) -> None:
    """String methods that can grow a text: their result length, before they run."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if not isinstance(owner, str):
        return
    values = [*args, *kwargs.values()]
    if name in _PADDING_METHODS and values:
        _check_length(int(values[0]) if isinstance(values[0], int) else 0)
    elif name == "expandtabs":
        size = values[0] if values and isinstance(values[0], int) else 8
        _check_length(len(owner) + owner.count("\t") * size)
    elif name == "replace" and len(values) >= 2:
        old, new = str(values[0]), str(values[1])
        hits = owner.count(old) if old else len(owner) + 1
        _check_length(len(owner) + hits * max(0, len(new) - len(old)))
    elif name == "join" and values:
        items = list(values[0]) if isinstance(values[0], (list, tuple)) else []
        _check_length(sum(text_size(item) for item in items) + len(owner) * len(items))


def _product_length(left: object, right: object) -> int:
    """Length of `left * right` when that repeats a string or list, else 0."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * count
    return 0


def render_html(data: ReportData, template_dir: Path) -> str:
    """The report as HTML, made by the template in a worker process with a time and memory limit."""
    context = data.model_dump()
    return _run_bounded(lambda: _render_template(context, Path(template_dir)), Path(template_dir))


def _render_template(context: dict, template_dir: Path) -> str:
    from jinja2 import StrictUndefined

    environment = _report_sandbox()(
        loader=_folder_loader(template_dir),
        autoescape=True,  # everything respondents typed is text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Only the project's own charts are markup; they escape their labels themselves.
    for key in ("radar_svg", "heatmap_svg", "niveaus_svg"):
        context[key] = Markup(context[key]) if context[key] else None
    for section in context["dimensies"]:
        section["ladder_svg"] = Markup(section["ladder_svg"])
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
    except BaseException:  # noqa: BLE001  (a bug of ours: the parent shows it as one)
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


def make_fetcher(template_dir: Path):
    """A WeasyPrint URL fetcher confined to `template_dir` (and data: URLs).

    Every file or data: URL it serves is read whole (at most MAX_RESOURCE_BYTES)
    and checked by `check_resource`: a raster sized from its header, an SVG
    counted. A problem there stops the rendering at once (RefusedResource).
    """
    import mimetypes

    from weasyprint.urls import (
        FatalURLFetchingError,
        URLFetcher,
        URLFetcherResponse,
    )

    from volwassenheid.storage.branding import MAX_RESOURCE_BYTES, check_resource

    root = Path(template_dir).resolve()

    class RefusedResource(FatalURLFetchingError):
        """A file the report may not use; fatal, so WeasyPrint stops instead of drawing without it."""

        def __init__(self, problem: UserError):
            super().__init__(problem.message)
            self.problem = problem

    class TemplateFolderFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.refused: list[str] = []
            self.problems: list[UserError] = []  # WeasyPrint swallows even fatal errors inside an SVG

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme.lower() == "data":
                response = super().fetch(url, headers)
                try:
                    body = response.read(MAX_RESOURCE_BYTES + 1)
                finally:
                    response.close()
                what = f"Een afbeelding of bestand als data:-adres in het sjabloon ({url[:40]}…)"
                try:
                    check_resource(body, what)
                except UserError as problem:
                    self.stop(problem)
                return URLFetcherResponse(url, body, response.headers, response.status)
            if parsed.scheme == "file" and not parsed.netloc:
                path = inside_folder(root, Path(unquote(parsed.path)))
                if path is not None:
                    try:
                        body = read_template_file(path, path.relative_to(root).as_posix(), MAX_RESOURCE_BYTES)
                        check_resource(body, f"Bestand '{path}' uit de sjabloonmap")
                    except UserError as problem:
                        self.stop(problem)
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(path.as_uri(), body, {"Content-Type": kind})
            self.refused.append(url)
            raise ValueError(f"buiten de sjabloonmap, geweigerd: {url}")

        def stop(self, problem: UserError):
            self.problems.append(problem)
            raise RefusedResource(problem) from None

    return TemplateFolderFetcher()


@dataclass
class RenderedReport:
    pdf: bytes
    pages: int


def render_pdf(data: ReportData, template_dir: Path, pdf_variant: str | None = None, html: str | None = None) -> RenderedReport:
    import logging

    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    html = html if html is not None else render_html(data, template_dir)
    fetcher = make_fetcher(template_dir)
    # A fixed identifier keeps the same traject giving the same file.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    tags = pdf_variant == "pdf/ua-1"
    base_url = str(Path(template_dir).resolve()) + "/"
    with _source_date(data.datum_iso):
        try:
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(pdf_variant=pdf_variant, pdf_tags=tags)
            _stop_on_refusals(fetcher, template_dir)
            pdf = document.write_pdf(pdf_variant=pdf_variant, pdf_identifier=identifier, pdf_tags=tags)
        except FatalURLFetchingError as refused:
            if not hasattr(refused, "problem"):
                raise
            raise refused.problem from None
        _stop_on_refusals(fetcher, template_dir)  # attachments are fetched only while writing
    return RenderedReport(pdf=pdf, pages=len(document.pages))


def _stop_on_refusals(fetcher, template_dir: Path) -> None:
    """A file refused by the fetcher stops the report, even where WeasyPrint swallowed the refusal."""
    if fetcher.problems:
        raise fetcher.problems[0]
    if fetcher.refused:
        raise UserError(
            f"Sjabloon {Path(template_dir).resolve() / TEMPLATE_NAME} (of de CSS daarvan) verwijst naar bestanden die niet in "
            "de sjabloonmap staan, of naar internet; dat wordt geweigerd. Zet afbeeldingen, CSS en lettertypen in de sjabloonmap zelf:",
            fetcher.refused,
        )


@contextlib.contextmanager
def _source_date(iso_date: str):
    """fontTools stamps embedded fonts with the current time unless SOURCE_DATE_EPOCH
    is set; the traject's date keeps the same traject giving the same bytes."""
    epoch = int(dt.datetime.fromisoformat(iso_date).replace(tzinfo=dt.UTC).timestamp())
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
