"""A dimension without a score (nobody gave enough phase answers on it) is never called a
success, is not counted as reaching its ambition, and the charts show it as missing."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from volwassenheid import Traject
from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.report import charts
from volwassenheid.report.data import build_report
from volwassenheid.report.render import render_html
from volwassenheid.report.templates import default_template_dir

click_dutch.install()
EXAMPLE = Path(__file__).parent / "fixtures" / "traject-1.0"  # the example of set 1.0, kept as an old traject
MISSING = "omgeving"
SVG = "{http://www.w3.org/2000/svg}"
REACHED = "zit op of boven de doelfase"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid", env={"COLUMNS": "120"})


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The example, with every answer on 'Verbinding met de omgeving' turned into 'weet niet'."""
    folder = tmp_path_factory.mktemp("geen-gegevens") / "traject"
    shutil.copytree(EXAMPLE, folder)
    for path in (folder / "interviews").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for question, answer in data["antwoorden"].items():
            if question.startswith("omg"):
                answer["waarde"] = "weet_niet"
        path.write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def report(folder):
    traject = Traject.open(folder)
    assert next(d for d in traject.score().dimensies if d.id == MISSING).score is None
    data = build_report(traject.assess())
    return data, render_html(data, default_template_dir())


def section(html: str, dimension_id: str) -> str:
    return re.search(rf'<section class="dimension" id="dim-{dimension_id}">(.*?)</section>', html, re.DOTALL).group(1)


def test_the_dimension_page_says_there_is_no_data_and_no_success(report):
    data, html = report
    page = section(html, MISSING)
    assert REACHED not in page and "vasthouden wat bereikt is" not in page
    assert "Geen gegevens: niemand gaf op deze dimensie genoeg antwoorden met een fase" in page
    assert "<b>Fase</b>geen gegevens" in page and "<b>Score</b>–" in page and "<b>Verschil</b>–" in page
    shown = next(d for d in data.dimensies if d.id == MISSING)
    assert (shown.geen_gegevens, shown.onder_doelfase, shown.verschil, shown.verschil_kort) == (True, False, "–", "–")


def test_the_summary_does_not_count_it_as_reaching_the_ambition(report):
    data, html = report
    summary = data.samenvatting
    # the nine dimensions with a score all have an ambition, and all are below it in the example
    assert (summary.onder_doelfase, summary.dimensies, summary.zonder_gegevens) == (9, 9, ["Verbinding omgeving"])
    assert "Op 9 van de 9 dimensies met een score en een doelfase ligt de praktijk onder de doelfase" in html
    assert "Geen gegevens voor Verbinding omgeving: niemand gaf daar genoeg antwoorden met een fase" in html


def test_the_example_without_missing_data_keeps_its_summary():
    data = build_report(Traject.open(EXAMPLE).assess())
    assert (data.samenvatting.onder_doelfase, data.samenvatting.dimensies, data.samenvatting.zonder_gegevens) == (10, 10, [])


def stroked_segments(svg: str, colour: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The line segments drawn in `colour`: polylines open, polygons closed."""
    segments = []
    for element in ElementTree.fromstring(svg).iter():
        if element.get("stroke") != colour or element.tag not in (f"{SVG}polygon", f"{SVG}polyline"):
            continue
        points = [tuple(map(float, pair.split(","))) for pair in element.get("points").split()]
        pairs = list(zip(points[:-1], points[1:], strict=True))
        if element.tag == f"{SVG}polygon":
            pairs.append((points[-1], points[0]))
        segments.extend(pairs)
    return segments


def axis_of(point: tuple[float, float], count: int) -> int:
    """The radar axis a point lies on (the radar's centre is at 300, 200; the first axis points up)."""
    angle = math.atan2(point[1] - 200, point[0] - 300) + math.pi / 2
    return round(angle / (2 * math.pi / count)) % count


@pytest.mark.parametrize(
    "scores",
    [
        [2.0, 3.0, None, 2.5, 3.1, 2.2, 1.8, 2.0, 2.9, 3.3],
        [None, 3.0, 2.0, 2.5, None, 2.2, 1.8, None, 2.9, 3.3],
        [None, 3.0, 2.0, 2.5, 3.1, 2.2, 1.8, 2.0, 2.9, None],
        [2.0] * 10,
    ],
)
def test_the_radar_line_never_crosses_a_missing_axis(scores):
    palette = charts.Palette()
    svg = charts.radar([f"d{i}" for i in range(10)], scores, [3] * 10, 5, palette)
    segments = stroked_segments(svg, palette.primary)
    for start, end in segments:
        a, b = axis_of(start, 10), axis_of(end, 10)
        assert (b - a) % 10 in (1, 9), (a, b)  # only neighbouring axes are joined
        assert scores[a] is not None and scores[b] is not None
    joined = sum(1 for i in range(10) if scores[i] is not None and scores[(i + 1) % 10] is not None)
    assert len(segments) == joined  # and every pair of neighbours with a score is
    assert svg.count("(geen gegevens)") == scores.count(None)


def test_the_report_charts_show_the_dimension_as_missing(report):
    data, _ = report
    position = [d.id for d in data.dimensies].index(MISSING)
    assert "Verbinding omgeving" in data.radar_svg and "(geen gegevens)" in data.radar_svg
    for start, end in stroked_segments(data.radar_svg, data.primair):
        assert position not in (axis_of(start, 10), axis_of(end, 10))
    ladder = next(d for d in data.dimensies if d.id == MISSING).ladder_svg
    assert "score: geen gegevens" in ladder and not re.search(r"score \d", ladder) and f'fill="{data.primair}"' not in ladder  # no bar
    assert "geen gegevens" in data.niveaus_svg
    heat_map = ElementTree.fromstring(data.heatmap_svg)
    column_x = {}
    for text in heat_map.iter(f"{SVG}text"):
        if text.text == "–":
            column_x.setdefault(float(text.get("x")), 0)
            column_x[float(text.get("x"))] += 1
    # one column, every organisation the chart shows; those with no cell shown are named under it instead
    assert list(column_x.values()) == [len(data.bijlage.per_organisatie) - len(data.samenvatting.niet_apart)]
    assert data.samenvatting.niet_apart and not any(name in data.heatmap_svg for name in data.samenvatting.niet_apart)
    assert "Streepje (–): geen gegevens op deze dimensie." in data.heatmap_svg


def test_no_dimension_is_marked_missing_when_every_dimension_has_data():
    data = build_report(Traject.open(EXAMPLE).assess())
    assert "geen gegevens" not in data.radar_svg + data.niveaus_svg + (data.heatmap_svg or "")
    assert all("geen gegevens" not in d.ladder_svg for d in data.dimensies)


def test_score_and_advies_in_the_terminal_say_no_data(folder):
    for command in ("score", "advies"):
        result = run(command, folder)
        assert result.exit_code == 0, result.output
        row = next(line for line in result.output.splitlines() if "Verbinding omgeving" in line)
        assert "geen gegevens" in row and "bereikt" not in row, row
        assert re.search(r"Geen gegevens voor Verbinding omgeving: niemand gaf daar genoeg antwoorden met een fase", result.output)
        assert "Alle dimensies zitten op of boven de doelfase" not in result.output


def test_advies_says_no_step_advice_without_claiming_every_dimension_reached(make_engagement):
    """Informatie is below its ambition but the set has no advice for it; tvb has no data."""
    people = [
        {"code": f"R{i}", "organisatie": "Politie", "antwoorden": {"v1": 4, "v2": 4, "t1": "weet_niet", "t2": "nvt", "t3": "weet_niet", "i1": 2}}
        for i in range(3)
    ]
    folder = make_engagement(people, ambition={"vertrouwen": 3, "tvb": 4, "informatie": 3})
    result = run("advies", folder)
    assert result.exit_code == 0, result.output
    assert "Alle dimensies zitten op of boven de doelfase" not in result.output
    assert "Geen stapadviezen." in result.output
    assert re.search(r"Taken en bevoegdheden\s+–\s+geen gegevens\s+4\s+–\s+–", result.output), result.output
