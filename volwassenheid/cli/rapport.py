"""volwassenheid rapport MAP [-o FILE.pdf]: the advisory report.

Without -o and --html the report goes to MAP/rapport.pdf. Writing it again
replaces the previous report of the same traject: the report follows the
interviews, and the write is atomic, so an interrupted run keeps the old one.
"""

from __future__ import annotations

from pathlib import Path

import click

from volwassenheid.cli.common import console, engagement_argument, question_set_option

VARIANTS = ("pdf/a-3b", "pdf/ua-1")
DEFAULT_REPORT = "rapport.pdf"


@click.command()
@engagement_argument
@click.option("-o", "--uitvoer", "output", type=click.Path(dir_okay=False, path_type=Path), help="Het PDF-bestand (standaard MAP/rapport.pdf).")
@click.option("--html", "html_output", type=click.Path(dir_okay=False, path_type=Path), help="Schrijf ook (of alleen) de HTML.")
@click.option("--huisstijl", "branding_file", type=click.Path(dir_okay=False, path_type=Path), help="YAML met bureau, logo en kleuren.")
@click.option("--sjablonen", "template_dir", type=click.Path(file_okay=False, path_type=Path), help="Eigen sjabloonmap (met rapport.html.j2).")
@click.option("--pdf-variant", type=click.Choice(VARIANTS), help="PDF/A-3b (archief) of PDF/UA-1 (toegankelijk).")
@question_set_option
def rapport(folder, output, html_output, branding_file, template_dir, pdf_variant, question_set_ref):
    """Het adviesrapport als PDF: samenvatting, fasemodel, grafieken, beeld per
    dimensie, verschillen, patronen en de verbeteragenda."""
    from rich.markup import escape

    from volwassenheid.storage.traject_folder import load_engagement

    _check_suffix(output, (".pdf",), "-o")
    _check_suffix(html_output, (".html", ".htm"), "--html")
    loaded = load_engagement(folder, question_set_ref)
    if output is None and html_output is None:
        output = Path(folder) / DEFAULT_REPORT
    replaced = output is not None and output.exists()
    pages = produce_report(loaded, output, html_output, branding_file, template_dir, pdf_variant)
    out = console()
    if output:
        note = "; het bestaande bestand is vervangen" if replaced else ""
        out.print(f"Rapport geschreven: {escape(str(output))} ({pages} pagina's{note}).", soft_wrap=True)
    if html_output:
        out.print(f"HTML geschreven: {escape(str(html_output))}.", soft_wrap=True)


def _check_suffix(path: Path | None, suffixes: tuple[str, ...], option: str) -> None:
    """An existing file is replaced, so only a file of the right kind: never traject.yaml by a typo."""
    from volwassenheid.core.errors import UserError

    if path is not None and path.suffix.lower() not in suffixes:
        raise UserError(f"{option} {path}: de naam moet eindigen op {' of '.join(suffixes)}.")


def produce_report(loaded, output: Path | None, html_output: Path | None = None, branding_file: Path | None = None,
                   template_dir: Path | None = None, pdf_variant: str | None = None) -> int | None:
    """Score, advise, render; write atomically. Returns the page count of the PDF."""
    from volwassenheid.cli.common import write_output
    from volwassenheid.core.assessment import assess_interviews
    from volwassenheid.core.errors import UserError
    from volwassenheid.report.data import build_report
    from volwassenheid.report.render import (
        check_template_dir,
        default_template_dir,
        render_html,
        render_pdf,
    )
    from volwassenheid.storage.atomic import write_bytes_atomic
    from volwassenheid.storage.branding import load_branding, logo_data_uri

    templates = check_template_dir(template_dir or default_template_dir())
    if branding_file:
        branding, base = load_branding(branding_file), branding_file.parent
    else:
        branding, base = loaded.engagement.huisstijl, loaded.folder
    logo = logo_data_uri(branding, base) if branding else None
    data = build_report(assess_interviews(loaded.question_set, loaded.engagement, loaded.interviews), branding, logo)
    html = render_html(data, templates)
    for target in (output, html_output):
        if target is not None and not target.parent.is_dir():
            raise UserError(f"Kan '{target}' niet schrijven: map '{target.parent}' bestaat niet.")
    if html_output:
        write_output(html_output, html)
    if output is None:
        return None
    rendered = render_pdf(data, templates, pdf_variant, html=html)
    write_bytes_atomic(output, rendered.pdf)
    return rendered.pages
