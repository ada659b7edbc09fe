"""The PDF report: content, metadata, safety of what respondents typed, house style."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.report import charts
from volwassenheid.report.pdf import make_fetcher
from volwassenheid.report.templates import default_template_dir
from volwassenheid.storage.respondents import save_name
from volwassenheid.storage.traject_folder import load_engagement

click_dutch.install()
EXAMPLE = Path(__file__).parent / "fixtures" / "traject-1.0"  # the example of set 1.0, kept as an old traject
HOSTILE_REMARK = '<img src="file:///etc/passwd"> en <link rel="stylesheet" href="http://voorbeeld.invalid/x.css">'
HOSTILE_ORGANISATION = "<style>body{background:url(file:///etc/hostname)}</style>Wijkteam"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The example with a name on file and a hostile remark, rendered once."""
    folder = tmp_path_factory.mktemp("rapport") / "traject"
    shutil.copytree(EXAMPLE, folder)
    save_name(folder, "R01", "Karin de Boer")
    path = folder / "interviews" / "R02.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["antwoorden"]["amb1"]["toelichting"] = HOSTILE_REMARK + " Dit is een heel lange opmerking zodat hij als citaat bovenaan staat."
    path.write_text(json.dumps(data), encoding="utf-8")
    pdf, html = folder / "rapport.pdf", folder / "rapport.html"
    result = run("rapport", folder, "-o", pdf, "--html", html)
    assert result.exit_code == 0, result.output
    return folder, pdf, html, pdf_text(pdf)


@pytest.mark.traag  # renders a PDF
def test_report_holds_partnership_dimensions_ambition_and_advice(rendered):
    folder, pdf, _, text = rendered
    loaded = load_engagement(folder)
    assert "Zorg- en Veiligheidshuis Waalmonde" in text
    assert "Stuurgroep Zorg- en Veiligheidshuis Waalmonde" in text
    for dimension in loaded.question_set.dimensies:
        assert dimension.naam in text, dimension.naam
    for heading in (
        "Samenvatting",
        "Het beeld per dimensie",
        "Verbeteragenda",
        "Bijlage: methode, respons en bronnen",
        "Gespreksonderwerpen",
        "Patronen",
    ):
        assert heading in text
    assert "Sterk vertrouwen, onduidelijke taken en bevoegdheden" in text
    assert "Gebruik het vertrouwen om taken en bevoegdheden scherp te krijgen" in text
    assert "De doelfase (fase 5) ligt 3 fasen boven de huidige fase 2 (Afstemmen)" in text
    assert re.search(r"pagina 3 van \d+", text)


@pytest.mark.traag  # renders a PDF
def test_report_never_shows_names_or_codes(rendered):
    _, _, html, text = rendered
    assert "Karin" not in text and "de Boer" not in text
    assert not re.search(r"\bR\d{2}\b", text)
    assert "Karin" not in html.read_text(encoding="utf-8")


@pytest.mark.traag  # renders a PDF
def test_page_count_is_sane(rendered):
    _, pdf, _, _ = rendered
    assert 15 <= len(PdfReader(str(pdf)).pages) <= 40


@pytest.mark.traag  # renders a PDF
def test_pdf_metadata_comes_from_the_traject(rendered):
    _, pdf, _, _ = rendered
    reader = PdfReader(str(pdf))
    info = reader.metadata
    assert info.title == "Volwassenheid van de samenwerking · Zorg- en Veiligheidshuis Waalmonde"
    assert info.author == "Bureau Samen Verder (fictief)"
    assert info["/CreationDate"].startswith("D:20261012")
    assert reader.trailer["/Root"]["/Lang"] == "nl"


@pytest.mark.traag  # renders a PDF
def test_same_traject_gives_the_same_pdf(rendered, tmp_path):
    folder, pdf, _, _ = rendered
    again = tmp_path / "opnieuw.pdf"
    assert run("rapport", folder, "-o", again).exit_code == 0
    assert again.read_bytes() == pdf.read_bytes()


@pytest.mark.traag  # renders a PDF
def test_hostile_remark_is_text_and_fetches_nothing(rendered):
    _, _, html, text = rendered
    source = html.read_text(encoding="utf-8")
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in source
    assert '<img src="file:///etc/passwd"' not in source
    assert '<img src="file:///etc/passwd"> en <link rel="stylesheet"' in text  # shown, as text


def test_hostile_organisation_name_is_escaped_in_html_and_svg(tmp_path, make_engagement):
    interviews = [
        {"code": f"R{i}", "organisatie": HOSTILE_ORGANISATION, "niveau": "tactisch", "antwoorden": {"v1": 4, "v2": 4, "t1": 2, "t2": 2, "i1": 3}}
        for i in range(3)
    ]
    folder = make_engagement(interviews)
    html = tmp_path / "r.html"
    assert run("rapport", folder, "--html", html).exit_code == 0
    source = html.read_text(encoding="utf-8")
    assert "<style>body{background" not in source
    assert "&lt;style&gt;body{background:url(file:///etc/hostname)}&lt;/style&gt;Wijkteam" in source


def test_fetcher_serves_only_the_template_folder(tmp_path):
    templates = default_template_dir().resolve()
    fetcher = make_fetcher(templates)
    response = fetcher.fetch((templates / "rapport.css").as_uri())
    assert b"@page" in response.read()
    response.close()
    refused = [
        "file:///etc/passwd",
        (templates / ".." / ".." / "pyproject.toml").as_uri(),
        "http://voorbeeld.invalid/logo.png",
        "https://voorbeeld.invalid/x.css",
        "ftp://voorbeeld.invalid/x",
    ]
    for url in refused:
        with pytest.raises(ValueError, match="geweigerd"):
            fetcher.fetch(url)
    assert fetcher.refused == refused
    data = fetcher.fetch("data:text/plain;base64,aGFsbG8=")
    assert data.read() == b"hallo"


@pytest.mark.traag  # renders a PDF
def test_own_template_cannot_reach_outside_its_folder(tmp_path, make_engagement):
    own = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), own)
    secret = tmp_path / "geheim.png"
    shutil.copy(Path(__file__).parent / "fixtures" / "logo.png", secret)
    template = own / "rapport.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "<body>", f'<body><img src="{secret.as_uri()}"><img src="http://voorbeeld.invalid/p.png"><img src="rapport.css">'
        ),
        encoding="utf-8",
    )
    from volwassenheid.core.assessment import assess_interviews
    from volwassenheid.report.data import build_report
    from volwassenheid.report.pdf import render_pdf

    loaded = load_engagement(make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}]))
    data = build_report(assess_interviews(loaded.question_set, loaded.engagement, loaded.interviews))
    with pytest.raises(UserError) as refused:
        render_pdf(data, own.resolve())
    assert str(own.resolve() / "rapport.html.j2") in refused.value.message
    assert refused.value.details == [secret.as_uri(), "http://voorbeeld.invalid/p.png"]


@pytest.mark.traag  # renders a PDF
def test_house_style_file_with_logo_and_colours(tmp_path, make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    shutil.copy(Path(__file__).parent / "fixtures" / "logo.png", tmp_path / "logo.png")
    style = tmp_path / "huisstijl.yaml"
    style.write_text("bureau: Adviesbureau Brug & Co\nlogo: logo.png\nkleuren: {primair: '#2e7d32', accent: '#6a1b9a'}\n", encoding="utf-8")
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    result = run("rapport", folder, "-o", pdf, "--html", html, "--huisstijl", style)
    assert result.exit_code == 0, result.output
    source = html.read_text(encoding="utf-8")
    assert "background: #2e7d32" in source and "data:image/png;base64," in source
    assert "Adviesbureau Brug &amp; Co" in source
    assert "Adviesbureau Brug & Co" in pdf_text(pdf)
    reader = PdfReader(str(pdf))
    assert any("/XObject" in (page.get("/Resources") or {}) for page in reader.pages[:1])  # the logo image


def test_house_style_colour_must_be_a_hex_colour(tmp_path, make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    style = tmp_path / "huisstijl.yaml"
    style.write_text("kleuren: {primair: 'red; } body { display: none'}\n", encoding="utf-8")
    result = run("rapport", folder, "-o", tmp_path / "r.pdf", "--huisstijl", style)
    assert result.exit_code == 1
    assert "kleuren.primair" in result.output and "huisstijl" in result.output
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.traag  # renders a PDF
def test_pdf_a_variant(tmp_path, make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    pdf = tmp_path / "archief.pdf"
    assert run("rapport", folder, "-o", pdf, "--pdf-variant", "pdf/a-3b").exit_code == 0
    reader = PdfReader(str(pdf))
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert "pdfaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_report_errors_are_clear_and_write_nothing(tmp_path, make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    result = run("rapport", folder, "-o", tmp_path / "nee" / "r.pdf")
    assert result.exit_code == 1 and "bestaat niet" in result.output
    result = run("rapport", folder, "-o", tmp_path / "r.pdf", "--sjablonen", tmp_path)
    assert result.exit_code == 1 and "bevat geen rapport.html.j2" in result.output
    assert not (tmp_path / "r.pdf").exists()


def test_small_groups_stay_empty_in_the_heat_map(mini_set):
    from volwassenheid.core.assessment import assess
    from volwassenheid.core.models import Engagement, QuestionSetRef, ScoringSettings
    from volwassenheid.core.scoring import Respondent, answer_table
    from volwassenheid.report.data import build_report

    people = [Respondent(f"P{i}", "Politie", "tactisch", {"v1": 4, "v2": 4}) for i in range(3)]
    people += [Respondent(f"O{i}", "OM", "tactisch", {"v1": 2, "v2": 2}) for i in range(3)]
    people += [Respondent(f"G{i}", "Reclassering", "tactisch", {"v1": 3, "v2": 3}) for i in range(3)]
    people += [Respondent("X", "GGZ", "tactisch", {"v1": 1, "v2": 1})]
    settings = ScoringSettings()
    engagement = Engagement(samenwerkingsverband="T", datum="2026-10-01", vragenlijst=QuestionSetRef(id="mini", versie="0.1"))
    data = build_report(assess(mini_set, engagement.model_copy(update={"instellingen": settings}), answer_table(mini_set, people)))
    svg = data.heatmap_svg
    # GGZ (1) is hidden, and so is the smallest other group, OM (first by name among n=3).
    assert ">1,0<" not in svg and ">2,0<" not in svg
    assert ">4,0<" in svg and ">3,0<" in svg


def test_heat_map_and_level_chart_cannot_be_subtracted_from_each_other(mini_set):
    """Organisation A (3, all strategic) and level strategisch (4) both shown would give
    away B's one strategic respondent (strategisch minus A)."""
    from volwassenheid.core.assessment import assess
    from volwassenheid.core.models import Engagement, QuestionSetRef, ScoringSettings
    from volwassenheid.core.scoring import Respondent, answer_table
    from volwassenheid.report.data import build_report

    people = [Respondent(f"A{i}", "A", "strategisch", {"v1": 5, "v2": 5}) for i in range(3)]
    people += [Respondent("B0", "B", "strategisch", {"v1": 1, "v2": 1})]
    people += [Respondent(f"B{i}", "B", "tactisch", {"v1": 2, "v2": 2}) for i in range(1, 6)]
    people += [Respondent(f"C{i}", "C", "tactisch", {"v1": 4, "v2": 4}) for i in range(3)]
    settings = ScoringSettings()
    engagement = Engagement(samenwerkingsverband="T", datum="2026-10-01", vragenlijst=QuestionSetRef(id="mini", versie="0.1"))
    data = build_report(assess(mini_set, engagement.model_copy(update={"instellingen": settings}), answer_table(mini_set, people)))
    strategic_shown = data.niveaus_svg.count("<circle") > 1  # one circle is the legend
    a_shown = ">5,0<" in data.heatmap_svg
    assert not (strategic_shown and a_shown)
    assert ">5,0<" not in data.heatmap_svg and ">4,0<" not in data.heatmap_svg  # A and C hidden, B shown
    assert ">1,8<" in data.heatmap_svg and strategic_shown  # B: (1 + 5 * 2) / 6


@pytest.mark.parametrize(
    "svg",
    [
        charts.radar(["<script>a</script>", "b & c", "d"], [2.5, None, 4.0], [4, 3, None], 5),
        charts.phase_ladder(2.5, 4, ["A", "B", "C", "D", "E"]),
        charts.heat_map(["Org <1>"], ["Dim & 1", "Dim 2"], [[3.5, None]], 5),
        charts.level_dots(["x<y"], {"strategisch": [3.0], "tactisch": [None]}, 5),
    ],
)
def test_charts_are_well_formed_svg_with_escaped_text(svg):
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<script>" not in svg


def test_report_words_gaps_and_shares_in_dutch(mini_set):
    """Vertrouwen 4,0 against ambition 3 is reached; tvb 2,0 against 4 is two phases short;
    informatie has no ambition, so no gap."""
    from volwassenheid.core.assessment import assess
    from volwassenheid.core.models import Engagement, QuestionSetRef, ScoringSettings
    from volwassenheid.core.scoring import Respondent, answer_table
    from volwassenheid.report.data import build_report

    people = [Respondent(f"R{i}", "Politie", "tactisch", {"v1": 4, "v2": 4, "t1": 2, "t2": 2, "t3": 2, "i1": 3}) for i in range(3)]
    engagement = Engagement(
        samenwerkingsverband="T",
        datum="2026-10-01",
        vragenlijst=QuestionSetRef(id="mini", versie="0.1"),
        doelfase={"vertrouwen": 3, "tvb": 4},
        instellingen=ScoringSettings(minimaal_aandeel=0.625),
    )
    data = build_report(assess(mini_set, engagement, answer_table(mini_set, people)))
    gaps = {d.id: (d.verschil, d.verschil_kort, d.onder_doelfase) for d in data.dimensies}
    assert gaps == {
        "vertrouwen": ("doelfase bereikt", "bereikt", False),
        "tvb": ("2,0 fase onder de doelfase", "2,0", True),
        "informatie": ("–", "–", False),
    }
    assert data.bijlage.minimaal_aandeel == "62%"  # 62.5 rounded half to even


@pytest.mark.traag  # renders two PDFs
def test_reports_made_in_two_threads_are_the_same_and_leave_no_global_state(monkeypatch, tmp_path):
    """The font timestamp travels through SOURCE_DATE_EPOCH, which threads share; the
    weasyprint logger's level is the caller's again afterwards."""
    import logging
    import threading

    from volwassenheid import Traject

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    logger = logging.getLogger("weasyprint")
    monkeypatch.setattr(logger, "level", logging.INFO)
    folders = []
    for name in ("a", "b"):
        folders.append(tmp_path / name)
        shutil.copytree(EXAMPLE, folders[-1])
    threads = [threading.Thread(target=Traject.open(folder).report) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (folders[0] / "rapport.pdf").read_bytes() == (folders[1] / "rapport.pdf").read_bytes()
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert logger.level == logging.INFO
