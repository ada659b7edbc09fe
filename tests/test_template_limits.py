"""A template can make no huge text or list, runs within a time budget, and fails in Dutch with file and line."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.report import render

click_dutch.install()


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


@pytest.fixture
def folder(make_engagement):
    return make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])


def html_from(tmp_path, folder, body: str):
    templates = tmp_path / "sjablonen"
    templates.mkdir(exist_ok=True)
    (templates / "rapport.html.j2").write_text(f"<html><body><p>{{{{ r.samenwerkingsverband }}}}</p>\n{body}\n</body></html>\n", encoding="utf-8")
    html = tmp_path / "uit.html"
    return run("rapport", folder, "--html", html, "--sjablonen", templates), html, templates


@pytest.mark.parametrize(
    "payload",
    [
        '{% set a = "a" * 1000000 %}{{ a|replace("a", a) }}',
        '{{ "x"|center(2000000000) }}',
        '{{ "{0:>1900000000}".format(1) }}',
        '{{ "{0:>{1}}".format(1, 1900000000) }}',
        '{{ "%1900000000d"|format(1) }}',
        '{{ "%1900000000d" % 1 }}',
        '{{ "%*d" % (1900000000, 1) }}',
        '{{ ([("a" * 1000000)] * 1000)|join }}',
        '{{ "".join([("a" * 1000000)] * 1000) }}',
        '{{ [("a" * 1000000)] * 1000 }}',
        '{{ "x".ljust(2000000000) }}',
        '{{ "x".zfill(2000000000) }}',
        '{% set a = "a" * 1000000 %}{{ a.replace("a", a) }}',
        '{% set a = "\t" * 1000000 %}{{ a.expandtabs(1000) }}',
        '{% set a = "a" * 900000 %}{{ a + a }}',
        '{% set a = "a\\n" * 500000 %}{{ a|indent(1000) }}',
        '{{ "a"|wordwrap(2000000000) }}',
        '{{ "a"|truncate(1, end="x" * 1000000 + "x") }}',
    ],
)
def test_template_cannot_make_a_huge_text(tmp_path, folder, payload):
    started = time.monotonic()
    result, html, templates = html_from(tmp_path, folder, payload)
    assert result.exit_code == 1 and not html.exists(), result.output
    assert f"{templates.resolve() / 'rapport.html.j2'}, regel 2: het sjabloon probeert iets dat niet mag" in result.output
    assert time.monotonic() - started < 15


def test_ordinary_filters_and_formats_still_work(tmp_path, folder):
    body = '{{ "ab"|replace("a", "x") }} {{ "x"|center(5) }}| {{ "{0:>4}".format(7) }} {{ "%03d"|format(7) }} {{ "%.1f" % 2.25 }} {{ [1, 2]|join("-") }} {{ "a" + "b" }} {{ 1 + 2 }} {{ "7".zfill(3) }}'
    result, html, _ = html_from(tmp_path, folder, body)
    assert result.exit_code == 0, result.output
    assert "xb   x  |    7 007 2.2 1-2 ab 3 007" in html.read_text(encoding="utf-8")


@pytest.mark.traag  # runs the report worker to its limit
def test_nested_loops_stop_at_the_time_budget(tmp_path, folder, monkeypatch):
    monkeypatch.setattr(render, "MAX_RENDER_SECONDS", 2)
    started = time.monotonic()
    result, html, _ = html_from(tmp_path, folder, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    assert result.exit_code == 1 and not html.exists()
    assert "duurt langer dan 2 seconden en is gestopt" in result.output
    assert time.monotonic() - started < 10


def test_output_of_many_small_pieces_is_capped(tmp_path, folder, monkeypatch):
    monkeypatch.setattr(render, "MAX_HTML_CHARACTERS", 100_000)
    result, html, _ = html_from(tmp_path, folder, "{% for i in range(100000) %}{{ i }} {% endfor %}")
    assert result.exit_code == 1 and not html.exists()
    assert "het sjabloon probeert iets dat niet mag" in result.output


@pytest.mark.traag  # runs the report worker to its limit
def test_memory_of_the_worker_is_bounded(tmp_path, folder, monkeypatch):
    monkeypatch.setattr(render, "MAX_RENDER_MEMORY", 200 * 1024 * 1024)
    body = '{% set a = "a" * 900000 %}{% set ns = namespace(t=a) %}{% for i in range(600) %}{% set ns.t = ns.t ~ a %}{% endfor %}{{ ns.t|length }}'
    result, html, _ = html_from(tmp_path, folder, body)
    assert result.exit_code == 1 and not html.exists()
    assert "meer dan 200 MB geheugen" in result.output


@pytest.mark.parametrize(
    "payload, message",
    [
        ("{{ 1/0 }}", "deling door nul"),
        ('{{ "x" + 1 }}', "verkeerde soort"),
        ('{{ "{0.__class__}"|format(r) }}', "verkeerde soort"),
        ('{{ {"a": 1}|dictsort(by="x") }}', "regel 2"),
        ("{{ [1][5] }}", "regel 2"),
    ],
)
def test_errors_while_the_template_runs_are_dutch_with_file_and_line(tmp_path, folder, payload, message):
    result, html, templates = html_from(tmp_path, folder, payload)
    assert result.exit_code == 1 and not html.exists()
    assert f"Sjabloon {templates.resolve() / 'rapport.html.j2'}, regel 2: " in result.output
    assert message in result.output
    assert "onverwachte fout" not in result.output and "Error" not in result.output


def test_error_in_an_included_template_names_that_file(tmp_path, folder):
    result, _, templates = html_from(tmp_path, folder, '{% include "deel.html" %}')
    (templates / "deel.html").write_text("a\nb\n{{ 1/0 }}\n", encoding="utf-8")
    result = run("rapport", folder, "--html", tmp_path / "uit.html", "--sjablonen", templates)
    assert f"Sjabloon {templates.resolve() / 'deel.html'}, regel 3: deling door nul." in result.output
