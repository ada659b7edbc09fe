"""Report data -> HTML (Jinja2, sandboxed and autoescaped) -> PDF (WeasyPrint).

WeasyPrint is imported only inside `render_pdf`: every other command stays light.
A template folder may come from anyone, so it is treated as data, never as code:
Jinja runs in its immutable sandbox (no attribute tricks to reach Python), and
both the template loader and the URL fetcher serve only regular files that
resolve inside the template folder (no `..`, no absolute paths, no symlinks
pointing out), plus inline data (the logo). No other file, no network.
Every refusal becomes a Dutch UserError naming the template file.
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

from volwassenheid.errors import UserError
from volwassenheid.report_data import ReportData
from volwassenheid.resources import data_dir

TEMPLATE_NAME = "rapport.html.j2"
PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1")


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
    from volwassenheid.yamlfile import read_regular_file

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
"""Longest string or list a template may make with `*`; `range` is already capped by Jinja."""
MAX_TEMPLATE_EXPONENT = 64


def _report_sandbox():
    """Jinja's immutable sandbox, with `*` and `**` bounded so a template cannot eat the memory."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    class ReportSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_TEMPLATE_EXPONENT:
                raise SecurityError("exponent too large")
            if operator == "*" and _product_length(left, right) > MAX_TEMPLATE_SEQUENCE:
                raise SecurityError("sequence too long")
            return super().call_binop(context, operator, left, right)

    return ReportSandbox


def _product_length(left: object, right: object) -> int:
    """Length of `left * right` when that repeats a string or list, else 0."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * count
    return 0


def render_html(data: ReportData, template_dir: Path) -> str:
    from jinja2 import StrictUndefined

    environment = _report_sandbox()(
        loader=_folder_loader(template_dir),
        autoescape=True,  # everything respondents typed is text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    context = data.model_dump()
    # Only the project's own charts are markup; they escape their labels themselves.
    for key in ("radar_svg", "heatmap_svg", "niveaus_svg"):
        context[key] = Markup(context[key]) if context[key] else None
    for section in context["dimensies"]:
        section["ladder_svg"] = Markup(section["ladder_svg"])
    try:
        return environment.get_template(TEMPLATE_NAME).render(r=context)
    except Exception as error:
        raise _template_problem(error, Path(template_dir)) from error


def _template_problem(error: Exception, template_dir: Path) -> Exception:
    """A Jinja error as a Dutch UserError naming the template file (and line)."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    if not isinstance(error, (TemplateError, OutsideTemplateFolder, UnicodeDecodeError, RecursionError)):
        return error  # a bug of ours, not of the template
    where = _template_location(error, template_dir)
    if isinstance(error, RecursionError):
        text = "het sjabloon neemt zichzelf steeds opnieuw op (include of macro zonder einde)."
    elif isinstance(error, SecurityError):
        text = (
            "het sjabloon probeert iets dat niet mag (een interne eigenschap, een functie die gegevens wijzigt, "
            "of een enorme tekst of lijst maken). "
            "Een sjabloon mag alleen de rapportgegevens in r tonen; het wordt niet uitgevoerd als code."
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
        text = f"fout in het sjabloon ({error})."
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

    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    from volwassenheid.branding_store import MAX_RESOURCE_BYTES, check_resource

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
            _refuse_outside_references(fetcher, template_dir)
            pdf = document.write_pdf(pdf_variant=pdf_variant, pdf_identifier=identifier, pdf_tags=tags)
        except FatalURLFetchingError as refused:
            if not hasattr(refused, "problem"):
                raise
            raise refused.problem from None
        _refuse_outside_references(fetcher, template_dir)  # attachments are fetched only while writing
    return RenderedReport(pdf=pdf, pages=len(document.pages))


def _refuse_outside_references(fetcher, template_dir: Path) -> None:
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
    epoch = int(dt.datetime.fromisoformat(iso_date).replace(tzinfo=dt.timezone.utc).timestamp())
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
