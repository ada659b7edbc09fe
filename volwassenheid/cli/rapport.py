"""volwassenheid rapport MAP [-o FILE.pdf]: the advisory report.

Without -o and --html the report goes to MAP/rapport.pdf. Writing it again
replaces the previous report of the same traject: the report follows the
interviews, and the write is atomic, so an interrupted run keeps the old one.
"""

from __future__ import annotations

from pathlib import Path

import click

from volwassenheid.cli.common import console, engagement_argument, question_set_option

PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1")
"""As volwassenheid.app.traject.PDF_VARIANTS (a test keeps them equal); here so --help imports nothing heavy."""


@click.command()
@engagement_argument
@click.option("-o", "--uitvoer", "output", type=click.Path(dir_okay=False, path_type=Path), help="Het PDF-bestand (standaard MAP/rapport.pdf).")
@click.option("--html", "html_output", type=click.Path(dir_okay=False, path_type=Path), help="Schrijf ook (of alleen) de HTML.")
@click.option("--huisstijl", "branding_file", type=click.Path(dir_okay=False, path_type=Path), help="YAML met bureau, logo en kleuren.")
@click.option("--sjablonen", "template_dir", type=click.Path(file_okay=False, path_type=Path), help="Eigen sjabloonmap (met rapport.html.j2).")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), help="PDF/A-3b (archief) of PDF/UA-1 (toegankelijk).")
@question_set_option
def rapport(
    folder: Path,
    output: Path | None,
    html_output: Path | None,
    branding_file: Path | None,
    template_dir: Path | None,
    pdf_variant: str | None,
    question_set_ref: str | None,
) -> None:
    """Het adviesrapport als PDF: samenvatting, fasemodel, grafieken, beeld per
    dimensie, verschillen, patronen en de verbeteragenda."""
    from rich.markup import escape

    from volwassenheid.app.traject import Traject

    traject = Traject.open(folder, question_set_ref)
    written = traject.report(output, html=html_output, branding=branding_file, templates=template_dir, pdf_variant=pdf_variant)
    out = console()
    if written.pdf:
        note = "; het bestaande bestand is vervangen" if written.replaced else ""
        out.print(f"Rapport geschreven: {escape(str(written.pdf))} ({written.pages} pagina's{note}).", soft_wrap=True)
    if written.html:
        out.print(f"HTML geschreven: {escape(str(written.html))}.", soft_wrap=True)
