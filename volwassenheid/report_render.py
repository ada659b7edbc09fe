"""Report data -> HTML (Jinja2, autoescaped) -> PDF (WeasyPrint).

WeasyPrint is imported only inside `render_pdf`: every other command stays light.
The URL fetcher serves files from the template folder in use and inline data
(the logo), and refuses everything else: no other file, no network.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
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


def render_html(data: ReportData, template_dir: Path) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

    environment = Environment(
        loader=FileSystemLoader(str(template_dir)),
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
    except TemplateError as error:
        where = f" (regel {error.lineno})" if getattr(error, "lineno", None) else ""
        raise UserError(f"Sjabloon {template_dir / TEMPLATE_NAME}{where}: {error}") from error


def make_fetcher(template_dir: Path):
    """A WeasyPrint URL fetcher confined to `template_dir` (and data: URLs)."""
    from weasyprint.urls import URLFetcher

    root = Path(template_dir).resolve()

    class TemplateFolderFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file" and not parsed.netloc:
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"buiten de sjabloonmap, geweigerd: {url}")

    return TemplateFolderFetcher()


@dataclass
class RenderedReport:
    pdf: bytes
    pages: int
    refused: list[str]
    """URLs the fetcher turned away (they render as nothing)."""


def render_pdf(data: ReportData, template_dir: Path, pdf_variant: str | None = None, html: str | None = None) -> RenderedReport:
    import logging

    from weasyprint import HTML

    html = html if html is not None else render_html(data, template_dir)
    fetcher = make_fetcher(template_dir)
    # A fixed identifier keeps the same traject giving the same file.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    tags = pdf_variant == "pdf/ua-1"
    base_url = str(Path(template_dir).resolve()) + "/"
    with _source_date(data.datum_iso):
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(pdf_variant=pdf_variant, pdf_tags=tags)
        pdf = document.write_pdf(pdf_variant=pdf_variant, pdf_identifier=identifier, pdf_tags=tags)
    return RenderedReport(pdf=pdf, pages=len(document.pages), refused=fetcher.refused)


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
