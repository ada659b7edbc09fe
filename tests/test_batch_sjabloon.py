"""`batch --traject-sjabloon`: one client, consultant, round of measurement and house style for
every partnership of a batch, and the same through the Python API."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from volwassenheid import UserError, read_survey, read_traject_template, score_survey, write_batch
from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()
FIXTURES = Path(__file__).parent / "fixtures"
SURVEY = FIXTURES / "enquete-api.csv"
"""Shipped set 'samenwerking'; two partnerships, ZVH Noord and ZVH Zuid."""
SLUGS = ("zvh-noord", "zvh-zuid")

TEMPLATE = """\
opdrachtgever: Stuurgroep Veiligheidshuis
adviseur: A. de Vries
meting: 1-meting
datum: 2026-11-02
doelfase_bron: Vastgesteld door de stuurgroep op 1 september 2026.
huisstijl:
  bureau: Bureau Samenwerking
  logo: logo.png
  kleuren:
    primair: "#123456"
"""


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_template(folder: Path, text: str = TEMPLATE, name: str = "sjabloon.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "logo.png", folder / "logo.png")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def traject_header(folder: Path, slug: str, name: str) -> dict:
    return json.loads((folder / slug / name).read_text(encoding="utf-8"))["traject"]


@pytest.fixture
def rendered(monkeypatch):
    """The reports' data and HTML, in place of the PDF (rendering takes seconds); one process, so every report is seen."""
    from volwassenheid.app import batch_workers
    from volwassenheid.report import pdf
    from volwassenheid.report.render import render_html

    seen: dict[str, SimpleNamespace] = {}

    def fake_render_pdf(data, template_dir, *args, **kwargs):
        html = render_html(data, template_dir)
        seen[data.samenwerkingsverband] = SimpleNamespace(data=data, html=html)
        return SimpleNamespace(pdf=html.encode("utf-8"), pages=1)

    monkeypatch.setattr(pdf, "render_pdf", fake_render_pdf)
    monkeypatch.setattr(batch_workers.os, "cpu_count", lambda: 1)
    return seen


def test_the_template_reaches_every_report(tmp_path, rendered):
    template = write_template(tmp_path / "huisstijl")
    result = run("batch", SURVEY, "-o", tmp_path / "uit", "--pdf", "--traject-sjabloon", template)
    assert result.exit_code == 0, result.output
    assert sorted(rendered) == ["ZVH Noord", "ZVH Zuid"]
    logo = "data:image/png;base64," + base64.b64encode((FIXTURES / "logo.png").read_bytes()).decode("ascii")
    for report in rendered.values():
        data = report.data
        assert (data.opdrachtgever, data.adviseur, data.meting) == ("Stuurgroep Veiligheidshuis", "A. de Vries", "1-meting")
        assert (data.bureau, data.primair, data.accent) == ("Bureau Samenwerking", "#123456", "#c0504d")
        assert (data.datum, data.datum_iso) == ("2 november 2026", "2026-11-02")
        assert data.doelfase_bron == "Vastgesteld door de stuurgroep op 1 september 2026."
        assert data.logo == logo
        for text in ("Stuurgroep Veiligheidshuis", "A. de Vries", "1-meting", "Bureau Samenwerking", "#123456", logo):
            assert text in report.html
        # a survey export says how, not when: the dashboard's strip says "enquête"
        assert data.veldwerk == "enquête" and "<b>Veldwerk</b><br>enquête</div>" in report.html
    for slug in SLUGS:
        assert (tmp_path / "uit" / slug / "rapport.pdf").read_bytes().startswith(b"<!DOCTYPE html>")  # what the stand-in wrote
        for name in ("scores.json", "advies.json"):
            header = traject_header(tmp_path / "uit", slug, name)
            assert (header["meting"], header["datum"]) == ("1-meting", "2026-11-02")


def test_without_a_template_the_batch_is_as_before(tmp_path, rendered):
    result = run("batch", SURVEY, "-o", tmp_path / "uit", "--pdf", "--datum", "2026-10-01")
    assert result.exit_code == 0, result.output
    data = rendered["ZVH Noord"].data
    assert (data.opdrachtgever, data.adviseur, data.bureau, data.logo, data.doelfase_bron) == (None, None, None, None, None)
    assert (data.meting, data.primair) == ("0-meting", "#1f4e79")
    assert traject_header(tmp_path / "uit", "zvh-noord", "scores.json") == {
        "samenwerkingsverband": "ZVH Noord",
        "meting": "0-meting",
        "datum": "2026-10-01",
    }
    # An empty template changes nothing either: byte for byte the same files.
    empty = write_template(tmp_path / "leeg", "")
    assert run("batch", SURVEY, "-o", tmp_path / "uit-leeg", "--pdf", "--datum", "2026-10-01", "--traject-sjabloon", empty).exit_code == 0
    assert files_under(tmp_path / "uit-leeg") == files_under(tmp_path / "uit")


def test_the_day_on_the_command_line_wins_and_says_so(tmp_path):
    template = write_template(tmp_path / "huisstijl")
    result = run("batch", SURVEY, "-o", tmp_path / "uit", "--datum", "12-10-2026", "--traject-sjabloon", template)
    assert result.exit_code == 0, result.output
    assert traject_header(tmp_path / "uit", "zvh-zuid", "scores.json")["datum"] == "2026-10-12"
    assert f"Let op: de datum 02-11-2026 uit {template} is niet gebruikt: de opgegeven datum 12-10-2026 geldt." in result.output


def refused(tmp_path: Path, template: Path, *options: str):
    """The batch refused: exit 1, no traceback, nothing written; the message with its lines joined."""
    result = run(*options, "batch", SURVEY, "-o", tmp_path / "uit", "--traject-sjabloon", template)
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "uit").exists()
    return result


def test_an_unknown_key_is_named_with_file_and_line(tmp_path):
    template = write_template(tmp_path / "t", "adviseur: A. de Vries\nadvisuer: B. Bakker\nhuisstijl:\n  kleur: {primair: '#000000'}\n")
    result = refused(tmp_path, template)
    assert "Traceback" not in result.output
    assert f"Fout: {template}: ongeldig trajectsjabloon:" in result.output
    assert "regel 2, advisuer: onbekende sleutel; controleer de spelling; een trajectsjabloon kent opdrachtgever, adviseur, meting" in result.output
    assert "regel 4, huisstijl.kleur: onbekende sleutel" in result.output


def test_a_key_of_traject_yaml_that_holds_per_partnership_is_explained(tmp_path):
    template = write_template(tmp_path / "t", "samenwerkingsverband: ZVH Noord\ndoelfase:\n  doel: 3\n")
    output = " ".join(refused(tmp_path, template).output.split())
    assert "regel 1, samenwerkingsverband: hoort niet in een trajectsjabloon: de naam komt per samenwerkingsverband uit de enquête" in output
    assert (
        "regel 3, doelfase: hoort niet in een trajectsjabloon: de doelfase geldt per samenwerkingsverband en komt uit een doelfasebestand" in output
    )


def test_wrong_types_are_named_in_dutch(tmp_path):
    template = write_template(tmp_path / "t", "adviseur: 12\nmeting: ''\ndatum: gisteren\nhuisstijl:\n  kleuren: {primair: blauw}\n")
    output = refused(tmp_path, template).output
    assert "regel 1, adviseur: moet tekst zijn" in output
    assert "regel 2, meting: mag niet leeg zijn" in output
    assert "regel 3, datum: moet een datum zijn" in output
    assert "regel 5, huisstijl.kleuren.primair:" in output
    assert "Input should" not in output


def test_a_yaml_syntax_error_names_file_line_and_column(tmp_path):
    template = write_template(tmp_path / "t", "adviseur: [A. de Vries\nmeting: 1-meting\n")
    output = refused(tmp_path, template).output
    assert f"Fout: {template}, regel 2, kolom 7: geen geldige YAML: een lijst tussen [ ] is niet goed afgesloten" in output


def test_a_template_that_is_no_mapping_is_refused(tmp_path):
    template = write_template(tmp_path / "t", "- adviseur\n- meting\n")
    assert f"{template}: ongeldig trajectsjabloon: verwacht sleutels als opdrachtgever, adviseur" in refused(tmp_path, template).output


def test_a_missing_template_is_named(tmp_path):
    missing = tmp_path / "bestaat-niet.yaml"
    assert f"Fout: {missing}: bestaat niet" in refused(tmp_path, missing).output


@pytest.mark.parametrize("logo", ["../logo.png", "/tmp/logo.png"])
def test_a_logo_outside_the_templates_folder_is_refused(tmp_path, logo):
    shutil.copy(FIXTURES / "logo.png", tmp_path / "logo.png")
    template = write_template(tmp_path / "t", f"adviseur: A. de Vries\nhuisstijl:\n  bureau: X\n  logo: {logo}\n")
    output = " ".join(refused(tmp_path, template).output.split())
    assert f"{template}: ongeldig trajectsjabloon:" in output
    assert f"regel 4, huisstijl.logo: Logo '{logo}': ligt buiten de map {(tmp_path / 't').resolve()}" in output


def test_a_missing_logo_is_named(tmp_path):
    template = write_template(tmp_path / "t", "huisstijl:\n  logo: ontbreekt.png\n")
    output = refused(tmp_path, template).output
    assert "regel 2, huisstijl.logo: Logo" in output and "ontbreekt.png' bestaat niet" in output


def test_debug_shows_the_traceback(tmp_path):
    template = write_template(tmp_path / "t", "advisuer: X\n")
    result = refused(tmp_path, template, "--debug")
    assert type(result.exception).__name__ == "UserError"
    assert "advisuer" in str(result.exception)


def test_the_python_api_takes_the_same_template(tmp_path):
    template = write_template(tmp_path / "t")
    loaded = read_traject_template(template)
    assert (loaded.template.adviseur, loaded.template.datum) == ("A. de Vries", dt.date(2026, 11, 2))
    assert loaded.logo is not None and loaded.logo.startswith("data:image/png;base64,")
    survey = read_survey(SURVEY)
    outcomes = score_survey(survey, traject_template=template)  # a path is read as the command line reads it
    engagement = outcomes[0].job.engagement
    assert (engagement.opdrachtgever, engagement.adviseur, engagement.meting) == ("Stuurgroep Veiligheidshuis", "A. de Vries", "1-meting")
    assert engagement.huisstijl is not None and engagement.huisstijl.bureau == "Bureau Samenwerking"
    assert outcomes[1].documents()[0]["traject"] == {"samenwerkingsverband": "ZVH Zuid", "meting": "1-meting", "datum": "2026-11-02"}
    result = write_batch(survey, tmp_path / "api", traject_template=loaded, measured_on=dt.date(2026, 10, 1))
    assert traject_header(tmp_path / "api", "zvh-noord", "advies.json") == {
        "samenwerkingsverband": "ZVH Noord",
        "meting": "1-meting",
        "datum": "2026-10-01",
    }
    assert result.notes == [f"de datum 02-11-2026 uit {template} is niet gebruikt: de opgegeven datum 01-10-2026 geldt"]
    # The command line writes the same files.
    assert run("batch", SURVEY, "-o", tmp_path / "cli", "--datum", "2026-10-01", "--traject-sjabloon", template).exit_code == 0
    assert files_under(tmp_path / "cli") == files_under(tmp_path / "api")


def test_the_python_api_refuses_what_is_no_template(tmp_path):
    with pytest.raises(UserError, match="traject_template moet een pad naar een YAML-bestand zijn of wat read_traject_template geeft, niet dict"):
        score_survey(read_survey(SURVEY), traject_template={"adviseur": "X"})  # type: ignore[arg-type]
    with pytest.raises(UserError, match="onbekende sleutel"):
        read_traject_template(write_template(tmp_path / "t", "adviseurs: X\n"))


@pytest.mark.traag  # renders PDFs, in worker processes
def test_the_pdf_reports_carry_the_template(tmp_path):
    from pypdf import PdfReader

    template = write_template(tmp_path / "huisstijl")
    result = run("batch", SURVEY, "-o", tmp_path / "uit", "--pdf", "--traject-sjabloon", template)
    assert result.exit_code == 0, result.output
    for slug, name in zip(SLUGS, ("ZVH Noord", "ZVH Zuid"), strict=True):
        cover = PdfReader(tmp_path / "uit" / slug / "rapport.pdf").pages[0]
        text = " ".join(cover.extract_text().split())
        for expected in (name, "Stuurgroep Veiligheidshuis", "A. de Vries", "1-meting", "2 november 2026"):
            assert expected in text
        assert "BUREAU SAMENWERKING" in text.upper()
        assert len(cover.images) == 1  # the logo
    without = tmp_path / "zonder"
    assert run("batch", SURVEY, "-o", without, "--pdf").exit_code == 0
    cover = PdfReader(without / "zvh-noord" / "rapport.pdf").pages[0]
    assert "0-meting" in cover.extract_text() and "A. de Vries" not in cover.extract_text() and not cover.images
