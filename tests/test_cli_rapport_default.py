"""`rapport MAP` without -o writes MAP/rapport.pdf; writing again replaces it, and says so."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


@pytest.mark.traag  # renders a PDF twice
def test_report_goes_to_the_traject_folder_by_default_and_is_replaced_on_the_next_run(make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    first = run("rapport", folder)
    assert first.exit_code == 0, first.output
    target = folder / "rapport.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    assert f"Rapport geschreven: {target} (" in first.output and "vervangen" not in first.output
    again = run("rapport", folder)
    assert again.exit_code == 0
    assert "het bestaande bestand is vervangen" in again.output
    assert sorted(p.name for p in folder.iterdir()) == ["interviews", "mini.yaml", "rapport.pdf", "traject.yaml"]


def test_only_html_writes_no_pdf(make_engagement, tmp_path):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    result = run("rapport", folder, "--html", tmp_path / "r.html")
    assert result.exit_code == 0
    assert not (folder / "rapport.pdf").exists()


def test_output_of_another_kind_is_refused_before_anything_is_replaced(make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    before = (folder / "traject.yaml").read_bytes()
    result = run("rapport", folder, "-o", folder / "traject.yaml")
    assert result.exit_code == 1
    assert f"{folder / 'traject.yaml'}: de naam van het PDF-bestand moet eindigen op .pdf." in result.output
    assert (folder / "traject.yaml").read_bytes() == before
    result = run("rapport", folder, "--html", folder / "mini.yaml")
    assert result.exit_code == 1 and "HTML-bestand moet eindigen op .html of .htm" in result.output
