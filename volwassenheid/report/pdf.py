"""Report HTML -> PDF with WeasyPrint, fetching only files inside the template folder.

WeasyPrint is imported only inside the functions that render: every other command stays light.
The URL fetcher serves regular files that resolve inside the template folder
(within MAX_RESOURCE_BYTES, images within their pixel limits) and inline data
(the logo); no other file, no network. The same traject gives the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from volwassenheid.core.errors import UserError
from volwassenheid.report.data import ReportData
from volwassenheid.report.render import render_html
from volwassenheid.report.templates import TEMPLATE_NAME, inside_folder, read_template_file


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
    html = html if html is not None else render_html(data, template_dir)
    document = render_document(data, template_dir, pdf_variant, html)
    return RenderedReport(pdf=write_pdf(document, data, template_dir, pdf_variant, html), pages=len(document.pages))


def render_document(data: ReportData, template_dir: Path, pdf_variant: str | None = None, html: str | None = None):
    """The report laid out by WeasyPrint: the `weasyprint.Document` whose pages `write_pdf` writes.

    Same HTML, fetcher, fonts and variant as the PDF, so a check of its pages and boxes is a check of the PDF.
    """
    from weasyprint import HTML

    html = html if html is not None else render_html(data, template_dir)
    fetcher = make_fetcher(template_dir)
    base_url = str(Path(template_dir).resolve()) + "/"
    with _rendering(data, fetcher, template_dir):
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(pdf_variant=pdf_variant, pdf_tags=pdf_variant == "pdf/ua-1")


def write_pdf(document, data: ReportData, template_dir: Path, pdf_variant: str | None, html: str) -> bytes:
    """The PDF of a document from `render_document` (made from `html`)."""
    # A fixed identifier keeps the same traject giving the same file.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with _rendering(data, document.url_fetcher, template_dir):
        pdf = document.write_pdf(pdf_variant=pdf_variant, pdf_identifier=identifier, pdf_tags=pdf_variant == "pdf/ua-1")
    return pdf


@contextlib.contextmanager
def _rendering(data: ReportData, fetcher, template_dir: Path) -> Iterator[None]:
    """One WeasyPrint step (layout or writing): locked, dated by the traject, quiet, and stopped by any refused file."""
    from weasyprint.urls import FatalURLFetchingError

    with _RENDERING, _source_date(data.datum_iso), _quiet(logging.getLogger("weasyprint")):
        try:
            yield
        except FatalURLFetchingError as refused:
            if not hasattr(refused, "problem"):
                raise
            raise refused.problem from None
        _stop_on_refusals(fetcher, template_dir)  # also after writing: attachments are fetched only then


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


_RENDERING = threading.Lock()
"""One PDF at a time per process: the font timestamp goes through the environment, which threads share."""


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """WeasyPrint's warnings (a font it substitutes) are not the user's concern; the caller's level returns after."""
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


@contextlib.contextmanager
def _source_date(iso_date: str) -> Iterator[None]:
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
