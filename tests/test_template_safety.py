"""`rapport --sjablonen`: a template folder is data, never code, and never reads outside itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.report.pdf import make_fetcher
from volwassenheid.report.templates import default_template_dir

click_dutch.install()
SECRET = "GEHEIME-INHOUD-4711"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


@pytest.fixture
def folder(make_engagement):
    return make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "geheim.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def own_templates(tmp_path: Path, body: str) -> Path:
    templates = tmp_path / "sjablonen"
    templates.mkdir(exist_ok=True)
    (templates / "rapport.html.j2").write_text(f"<html><body><p>{{{{ r.samenwerkingsverband }}}}</p>\n{body}\n</body></html>\n", encoding="utf-8")
    return templates


def render_html_with(tmp_path, folder, templates):
    html = tmp_path / "uit.html"
    result = run("rapport", folder, "--html", html, "--sjablonen", templates)
    return result, html


@pytest.mark.parametrize(
    "payload",
    [
        '{{ cycler.__init__.__globals__.os.popen("touch MARKER").read() }}',
        '{{ joiner.__init__.__globals__.os.system("touch MARKER") }}',
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ r.__class__.__init__.__globals__ }}",
        "{{ r.fasen.append(1) }}",
        "{{ r.update({'x': 1}) }}",
    ],
)
def test_template_cannot_run_code(tmp_path, folder, payload, monkeypatch):
    monkeypatch.chdir(tmp_path)
    templates = own_templates(tmp_path, payload)
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1
    assert not (tmp_path / "MARKER").exists()  # the command did NOT run
    assert not html.exists()
    assert "Traceback" not in result.output
    assert f"Sjabloon {templates.resolve() / 'rapport.html.j2'}, regel 2: het sjabloon probeert iets dat niet mag" in result.output
    assert "unsafe" not in result.output  # no English from Jinja


def test_cycler_exploit_of_the_issue_does_not_run_id(tmp_path, folder):
    templates = own_templates(tmp_path, '{{ cycler.__init__.__globals__.os.popen("id").read() }}')
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1 and not html.exists()
    assert "uid=" not in result.output
    assert "het sjabloon probeert iets dat niet mag" in result.output


def test_include_inside_the_folder_still_works(tmp_path, folder):
    templates = own_templates(tmp_path, '{% include "delen/kop.html" %}')
    (templates / "delen").mkdir()
    (templates / "delen" / "kop.html").write_text("<h1>Eigen kop {{ r.meting }}</h1>", encoding="utf-8")
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 0, result.output
    assert "<h1>Eigen kop 0-meting</h1>" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["symlink", "dotdot", "absolute"])
def test_include_outside_the_folder_is_refused_in_dutch(tmp_path, folder, secret_file, how):
    templates = own_templates(tmp_path, "")
    name = {"symlink": "koppeling.html", "dotdot": "../geheim.txt", "absolute": str(secret_file)}[how]
    if how == "symlink":
        (templates / "koppeling.html").symlink_to(secret_file)
    own_templates(tmp_path, f'{{% include "{name}" %}}')
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1
    assert SECRET not in result.output and not html.exists()
    assert f"Sjabloon {templates.resolve() / 'rapport.html.j2'}, regel 2: '{name}' ligt buiten de sjabloonmap" in result.output


def test_etc_passwd_through_a_symlinked_include_is_refused(tmp_path, folder):
    templates = own_templates(tmp_path, '{% include "wachtwoorden" %}')
    (templates / "wachtwoorden").symlink_to("/etc/passwd")
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1
    assert "root:" not in result.output and not html.exists()
    assert "ligt buiten de sjabloonmap" in result.output


def test_main_template_that_is_a_symlink_out_of_the_folder_is_refused(tmp_path, folder, secret_file):
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "rapport.html.j2").symlink_to(secret_file)
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1
    assert SECRET not in result.output and not html.exists()
    assert "'rapport.html.j2' ligt buiten de sjabloonmap" in result.output


def test_missing_include_is_named_in_dutch(tmp_path, folder):
    templates = own_templates(tmp_path, '{% include "bestaat-niet.html" %}')
    result, _ = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1
    assert "regel 2: 'bestaat-niet.html' bestaat niet in de sjabloonmap" in result.output


def test_template_syntax_error_names_file_and_line(tmp_path, folder):
    templates = own_templates(tmp_path, "{% if %}")
    result, _ = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1
    assert f"Sjabloon {templates.resolve() / 'rapport.html.j2'}, regel 2: fout in de opbouw van het sjabloon" in result.output


def copy_of_standard(tmp_path) -> Path:
    templates = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), templates)
    return templates


def test_fetcher_refuses_a_symlink_in_the_folder_that_points_out(tmp_path, secret_file):
    templates = copy_of_standard(tmp_path)
    (templates / "logo.png").symlink_to(secret_file)
    (templates / "binnen.css").symlink_to(templates / "rapport.css")  # a link that stays inside is fine
    fetcher = make_fetcher(templates)
    with pytest.raises(ValueError, match="geweigerd"):
        fetcher.fetch((templates / "logo.png").as_uri())
    response = fetcher.fetch((templates / "binnen.css").as_uri())
    assert b"@page" in response.read()
    response.close()
    assert fetcher.refused == [(templates / "logo.png").as_uri()]


@pytest.mark.traag  # renders a PDF
def test_refused_stylesheet_stops_the_report_with_a_dutch_message(tmp_path, folder, secret_file):
    templates = copy_of_standard(tmp_path)
    (templates / "extra.css").symlink_to(secret_file)
    template = templates / "rapport.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("</head>", '<link rel="stylesheet" href="extra.css"></head>'), encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    result = run("rapport", folder, "-o", pdf, "--sjablonen", templates)
    assert result.exit_code == 1
    assert not pdf.exists()
    assert f"Sjabloon {templates.resolve() / 'rapport.html.j2'} (of de CSS daarvan) verwijst naar bestanden die niet in" in result.output
    assert (templates / "extra.css").as_uri() in result.output
    assert SECRET not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_the_folder_is_not_read(tmp_path, folder):
    templates = own_templates(tmp_path, '{% include "pijp" %}')
    os.mkfifo(templates / "pijp")
    result, _ = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1
    assert "'pijp' ligt buiten de sjabloonmap" in result.output


@pytest.mark.parametrize("payload", ['{{ "x" * 100000000 }}', "{{ [1, 2] * 10000000 }}", "{{ 10 ** 100000000 }}", "{{ 9 * 'ab' * 999999 }}"])
def test_template_cannot_make_huge_values(tmp_path, folder, payload):
    templates = own_templates(tmp_path, payload)
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1 and not html.exists()
    assert "regel 2: het sjabloon probeert iets dat niet mag" in result.output


def test_ordinary_arithmetic_still_works(tmp_path, folder):
    templates = own_templates(tmp_path, "{{ 2 ** 10 }} {{ '-' * 3 }} {{ 3 * 4 }}")
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 0, result.output
    assert "1024 --- 12" in html.read_text(encoding="utf-8")


def test_the_getal_filter_writes_a_dutch_decimal(tmp_path, folder):
    templates = own_templates(tmp_path, "[{{ 2.7 | getal }}] [{{ 3 | getal }}] [{{ none | getal }}] [{{ r.samenvatting.totaal_score }}]")
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 0, result.output
    assert "[2,7] [3,0] [–] [" in html.read_text(encoding="utf-8")


def test_template_including_itself_is_named(tmp_path, folder):
    templates = own_templates(tmp_path, '{% include "rapport.html.j2" %}')
    result, html = render_html_with(tmp_path, folder, templates)
    assert result.exit_code == 1 and not html.exists()
    assert "het sjabloon neemt zichzelf steeds opnieuw op" in result.output
    assert "onverwachte fout" not in result.output


def test_loader_reads_exactly_the_regular_files_inside_the_folder(tmp_path_factory):
    """Against a plain rule: realpath of folder/name lies under the real folder and is a file."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from jinja2 import Environment, TemplateNotFound

    from volwassenheid.report.templates import OutsideTemplateFolder, folder_loader

    base = tmp_path_factory.mktemp("regel")
    (base / "buiten.html").write_text("buiten", encoding="utf-8")
    folder = base / "sjablonen"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text("a", encoding="utf-8")
    (folder / "sub" / "b.html").write_text("b", encoding="utf-8")
    (folder / "naar_a.html").symlink_to(folder / "a.html")
    (folder / "naar_buiten.html").symlink_to(base / "buiten.html")
    (folder / "sub" / "omhoog").symlink_to(folder)
    (folder / "sub" / "weg").symlink_to(base)
    loader, environment = folder_loader(folder), Environment()
    parts = st.sampled_from(["a.html", "b.html", "buiten.html", "naar_a.html", "naar_buiten.html", "sub", "omhoog", "weg", "..", ".", "sjablonen"])

    def plain_rule(name: str) -> bool:
        if name.startswith("/") or ".." in name.split("/"):
            return False
        real = os.path.realpath(os.path.join(folder, name))
        return os.path.commonpath([real, os.path.realpath(folder)]) == os.path.realpath(folder) and os.path.isfile(real)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(parts, min_size=1, max_size=5), st.booleans())
    def check(segments, absolute):
        name = ("/" if absolute else "") + "/".join(segments)
        try:
            source, _, _ = loader.get_source(environment, name)
        except (OutsideTemplateFolder, TemplateNotFound):
            assert not plain_rule(name), name
        else:
            assert plain_rule(name), name
            assert source in ("a", "b")

    check()
