"""Every file and data: URL the report draws is bounded, wherever it comes from; template files too."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_logo_limits import black_and_white_png, use_bomb
from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli

click_dutch.install()


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


@pytest.fixture
def folder(make_engagement):
    return make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])


def templates_with(tmp_path: Path, body: str, files: dict[str, bytes] | None = None) -> Path:
    templates = tmp_path / "sjablonen"
    templates.mkdir(exist_ok=True)
    (templates / "rapport.html.j2").write_text(f"<html><body><p>{{{{ r.samenwerkingsverband }}}}</p>\n{body}\n</body></html>\n", encoding="utf-8")
    for name, data in (files or {}).items():
        (templates / name).write_bytes(data)
    return templates


def make_pdf(tmp_path, folder, templates):
    pdf = tmp_path / "r.pdf"
    return run("rapport", folder, "-o", pdf, "--sjablonen", templates), pdf


HUGE_PNG = black_and_white_png(12_000, 12_000)


@pytest.mark.parametrize(
    "body, files",
    [
        ('<img src="b.png">', {"b.png": HUGE_PNG}),
        ('<img src="b.gif">', {"b.gif": HUGE_PNG}),  # the name does not matter, the bytes do
        (f'<img src="data:image/png;base64,{base64.b64encode(HUGE_PNG).decode()}">', {}),
        ('<div style="background: url(b.png)">x</div>', {"b.png": HUGE_PNG}),
        (
            '<img src="a.svg">',
            {"a.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="b.png"/></svg>', "b.png": HUGE_PNG},
        ),
    ],
)
def test_huge_image_in_the_template_folder_is_refused(tmp_path, folder, body, files):
    result, pdf = make_pdf(tmp_path, folder, templates_with(tmp_path, body, files))
    assert result.exit_code == 1
    assert "is 12000 × 12000 pixels; dat is te groot voor een afbeelding in het rapport" in result.output
    assert "DecompressionBomb" not in result.output and not pdf.exists()


def test_svg_use_bomb_in_the_template_folder_is_refused(tmp_path, folder):
    templates = templates_with(tmp_path, '<img src="bom.svg">', {"bom.svg": use_bomb(30)})
    result, pdf = make_pdf(tmp_path, folder, templates)
    assert result.exit_code == 1 and not pdf.exists()
    assert "meer dan 10000 elementen" in result.output


def test_file_above_the_byte_limit_is_not_read(tmp_path, folder):
    templates = templates_with(tmp_path, '<link rel="stylesheet" href="groot.css">')
    with open(templates / "groot.css", "wb") as big:
        big.truncate(33 * 1024 * 1024)  # sparse: costs no disk
    result, pdf = make_pdf(tmp_path, folder, templates)
    assert result.exit_code == 1 and not pdf.exists()
    assert "groot.css" in result.output and "groter dan" in result.output


def test_template_file_above_the_size_limit_is_not_read(tmp_path, folder):
    templates = templates_with(tmp_path, '{% include "groot.html" %}')
    with open(templates / "groot.html", "wb") as big:
        big.truncate(3 * 1024 * 1024)
    result = run("rapport", folder, "--html", tmp_path / "r.html", "--sjablonen", templates)
    assert result.exit_code == 1
    assert "groot.html" in result.output and "groter dan" in result.output


def test_hard_link_in_the_template_folder_is_refused(tmp_path, folder):
    outside = tmp_path / "geheim.txt"
    outside.write_text("GEHEIM-4711", encoding="utf-8")
    templates = templates_with(tmp_path, '{% include "in.txt" %}')
    os.link(outside, templates / "in.txt")
    result = run("rapport", folder, "--html", tmp_path / "r.html", "--sjablonen", templates)
    assert result.exit_code == 1
    assert "harde koppeling" in result.output and "GEHEIM-4711" not in result.output


def test_hard_linked_image_is_refused_by_the_fetcher(tmp_path, folder):
    outside = tmp_path / "elders.png"
    outside.write_bytes(black_and_white_png(10, 10))
    templates = templates_with(tmp_path, '<img src="b.png">')
    os.link(outside, templates / "b.png")
    result, pdf = make_pdf(tmp_path, folder, templates)
    assert result.exit_code == 1 and not pdf.exists()
    assert "harde koppeling" in result.output


def test_attachment_outside_the_folder_stops_the_report(tmp_path, folder):
    templates = templates_with(tmp_path, '<link rel="attachment" href="file:///etc/passwd">')
    result, pdf = make_pdf(tmp_path, folder, templates)
    assert result.exit_code == 1 and not pdf.exists()
    assert "file:///etc/passwd" in result.output and "dat wordt geweigerd" in result.output


def test_small_image_in_the_template_folder_is_drawn(tmp_path, folder):
    templates = templates_with(tmp_path, '<img src="b.png">', {"b.png": black_and_white_png(100, 100)})
    result, pdf = make_pdf(tmp_path, folder, templates)
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF") and b"/Image" in pdf.read_bytes()
