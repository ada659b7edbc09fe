"""Issue 15, "done when": the report's layout on six cases, and a negative control for every check.

Each case (tests/report_cases.py) is rendered once per run, through the project's own `render_html` and
`render_document`, and the PDF is written from that same document. The checks live in
tests/layout_checks.py, so the negative controls below prove the very code the real tests run.

Under pytest-xdist the workers share the renders: a worker that needs a case another worker is still
rendering renders a case nobody has claimed yet meanwhile, so two workers render about half each.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from layout_checks import (
    LayoutInternalsMissing,
    Page,
    chart_font_width,
    chart_label_problems,
    ink_in_margins,
    pages_of,
    pdftoppm_missing,
    svg_labels,
    text_outside_printable_area,
    underfilled_pages,
    white_text_below_cover_band,
    wrapped_running_headers,
)
from report_cases import CASES, build_case, report_data

pytestmark = pytest.mark.traag  # renders PDFs

RENDER_WAIT_SECONDS = 300
"""How long a worker waits for a case another worker claimed, before it renders the case itself."""


@dataclass
class RenderedCase:
    name: str
    html: str
    pdf: bytes
    template_dir: Path
    pages: list[Page] | None
    internals_missing: str | None

    def layout(self) -> list[Page]:
        if self.pages is None:
            pytest.skip(f"WeasyPrint layout boxes not readable: {self.internals_missing}")
        return self.pages


def render_case(name: str, parent: Path) -> RenderedCase:
    """Case `name` built in `parent` and rendered: its HTML, its PDF, and the pages of the document the PDF was written from."""
    from volwassenheid.report.pdf import render_document, write_pdf
    from volwassenheid.report.render import render_html
    from volwassenheid.report.templates import default_template_dir

    template_dir = default_template_dir()
    data = report_data(build_case(name, parent))
    html = render_html(data, template_dir)
    document = render_document(data, template_dir, html=html)
    pdf = write_pdf(document, data, template_dir, None, html)
    try:
        pages, missing = pages_of(document), None
    except LayoutInternalsMissing as error:
        pages, missing = None, str(error)
    return RenderedCase(name, html, pdf, template_dir, pages, missing)


class CaseStore:
    """Rendered cases in a folder all workers of one run share; a case is claimed by creating its claim file."""

    def __init__(self, folder: Path, wanted: tuple[str, ...]) -> None:
        self.folder = folder
        self.wanted = wanted
        """The cases this run's selected tests use: the only ones rendered ahead of need."""
        folder.mkdir(parents=True, exist_ok=True)

    def get(self, name: str) -> RenderedCase:
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while True:
            done = self.folder / f"{name}.pickle"
            if done.exists():
                outcome = pickle.loads(done.read_bytes())
                if isinstance(outcome, BaseException):
                    raise outcome
                return outcome
            unclaimed = next((other for other in (name, *self.wanted) if self._claim(other)), None)
            if unclaimed is not None:
                self._render(unclaimed)
            elif time.monotonic() > deadline:  # the worker that claimed it is gone
                return render_case(name, self.folder / "late")
            else:
                time.sleep(0.1)

    def _claim(self, name: str) -> bool:
        try:
            os.close(os.open(self.folder / f"{name}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def _render(self, name: str) -> None:
        outcome: RenderedCase | BaseException
        try:
            outcome = render_case(name, self.folder / "cases")
        except Exception:  # every test of the case reports it, and no worker waits for a file that never comes
            outcome = RuntimeError(f"rendering case {name} failed:\n{traceback.format_exc()}")
        partial = self.folder / f"{name}.partial"
        partial.write_bytes(pickle.dumps(outcome))
        partial.replace(self.folder / f"{name}.pickle")


@pytest.fixture(scope="session")
def case_store(request, tmp_path_factory) -> CaseStore:
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # one run's workers share the parent
    used = {getattr(item, "callspec", None) and item.callspec.params.get("case") for item in request.session.items}
    return CaseStore(shared / "report-layout-cases", tuple(name for name in CASES if name in used))


@pytest.fixture(scope="module", params=CASES)
def case(request, case_store) -> RenderedCase:
    return case_store.get(request.param)


def _listed(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


# -- the six cases ------------------------------------------------------------------------------------


def test_text_stays_inside_the_printable_area(case):
    problems = text_outside_printable_area(case.layout())
    assert not problems, _listed(problems)


def test_running_headers_take_one_line(case):
    problems = wrapped_running_headers(case.layout())
    assert not problems, _listed(problems)


def test_cover_keeps_white_text_on_its_band(case):
    pages = case.layout()
    assert pages[0].name == "cover" and pages[0].band is not None, "page 1 is no cover with a coloured band"
    problems = white_text_below_cover_band(pages)
    assert not problems, _listed(problems)


@pytest.mark.skipif(pdftoppm_missing(), reason="pdftoppm (poppler-utils) is not installed")
def test_no_ink_in_the_margins(case):
    problems = ink_in_margins(case.pdf, case.layout())
    assert not problems, _listed(problems)


def test_chart_labels_neither_overlap_nor_leave_the_chart(case):
    width, source = chart_font_width(case.template_dir)
    assert case.html.count("<svg") >= 3, "the report has lost its charts"
    problems = chart_label_problems(case.html, width)
    assert not problems, f"widths from {source}; " + _listed(problems)


def test_pages_are_at_least_a_third_full(case):
    problems = underfilled_pages(case.layout())
    assert not problems, "pages under a third full (not the cover, not a chapter's last page): " + _listed(problems)


# -- negative controls: each check catches a deliberately broken input ---------------------------------

PAGE_CSS = """
@page { size: A4; margin: 24mm 20mm 22mm 22mm;
  @top-left { content: "Samenwerkingsverband"; font-size: 8pt; vertical-align: bottom; }
  @bottom-right { content: "pagina " counter(page); font-size: 8pt; } }
@page cover { margin: 0; @top-left { content: none; } @bottom-right { content: none; } }
.cover { page: cover; height: 297mm; }
.band { min-height: 110mm; padding: 26mm 22mm 10mm; background: #1f4e79; color: white; }
.chapter { break-before: page; }
body { margin: 0; font-family: sans-serif; font-size: 9.6pt; }
"""
UNBROKEN = "https://intranet.waalmonde.example/" + "casusregie_" * 14 + "x" * 190


def _document(body: str, css: str = PAGE_CSS):
    from weasyprint import HTML

    return HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").render()


def _pages(body: str, css: str = PAGE_CSS) -> list[Page]:
    try:
        return pages_of(_document(body, css))
    except LayoutInternalsMissing as error:
        pytest.skip(f"WeasyPrint layout boxes not readable: {error}")


def _overflowing_page() -> str:
    return (
        f'<p style="white-space: nowrap">Zie {UNBROKEN[:190]}</p>'
        f"<table><tr><td>Protocol</td><td>{UNBROKEN[:190]}</td></tr></table>"
        "<p>Een gewone alinea die netjes binnen de marges blijft.</p>"
    )


def test_control_text_outside_the_printable_area_is_caught():
    pages = _pages(_overflowing_page())
    problems = text_outside_printable_area(pages)
    assert any(p.startswith("p1: 'Zie https://intranet") and ("side margin" in p or "off the sheet" in p) for p in problems), problems
    assert any(p.startswith("p1: 'casusregie_casusregie") for p in problems), problems  # the table cell, broken after the last '/'
    assert not any("gewone alinea" in p for p in problems)
    assert text_outside_printable_area(_pages("<p>Een gewone alinea.</p>")) == []


def test_control_a_wrapping_running_header_is_caught():
    long_header = PAGE_CSS.replace('content: "Samenwerkingsverband"', 'content: "' + "Regionaal Samenwerkingsverband Zorg- en Veiligheid " * 3 + '"')
    problems = wrapped_running_headers(_pages("<p>Tekst.</p>", long_header))
    assert len(problems) == 1 and problems[0].startswith("p1: running header @top-left takes "), problems
    assert wrapped_running_headers(_pages("<p>Tekst.</p>")) == []


def test_control_white_text_below_the_cover_band_is_caught():
    cover = '<section class="cover"><div class="band"><div>Op de band</div></div><div style="color: white">Onder de band</div></section>'
    pages = _pages(cover + '<section class="chapter"><h1>Inhoud</h1></section>')
    assert pages[0].name == "cover" and pages[0].band is not None
    problems = white_text_below_cover_band(pages)
    assert len(problems) == 1 and "'Onder de band'" in problems[0], problems


@pytest.mark.skipif(pdftoppm_missing(), reason="pdftoppm (poppler-utils) is not installed")
def test_control_ink_in_the_margins_is_caught():
    document = _document(_overflowing_page())
    try:
        pages = pages_of(document)
    except LayoutInternalsMissing as error:
        pytest.skip(f"WeasyPrint layout boxes not readable: {error}")
    problems = ink_in_margins(document.write_pdf(), pages)
    assert any(p.startswith("p1: ") and "right margin" in p for p in problems), problems
    assert any(p.startswith("p1: ") and "right edge" in p for p in problems), problems
    clean = _document("<p>Een gewone alinea.</p>")
    assert ink_in_margins(clean.write_pdf(), pages_of(clean)) == []


def test_control_underfilled_pages_are_caught_with_their_fill():
    lines = "".join(f"<p>Regel {i} van een volle pagina.</p>" for i in range(30))
    body = (
        '<section class="cover"><div class="band">Omslag</div></section>'
        f'<section class="chapter"><h1>Hoofdstuk</h1>{lines}<p style="break-before: page">Eén regel.</p></section>'
        '<section class="chapter"><p>Zonder kop.</p><p style="break-before: page">Eén regel voor een hoofdstuk.</p></section>'
        '<section class="chapter"><h1>Laatste</h1><p>Eén regel op de laatste pagina.</p></section>'
    )
    pages = _pages(body)
    assert len(pages) == 6, [p.fill() for p in pages]
    problems = underfilled_pages(pages)
    # p3 (one line, then a page without h1) and p4 (one line, then again no h1) are caught; the cover,
    # p5 (the last page of a chapter: an h1 follows) and p6 (the last page) are not.
    assert [p.split(":")[0] for p in problems] == ["p3", "p4"], problems
    assert re.match(r"p3: \d% full \(next page starts with 'Zonder kop.'\)$", problems[0]), problems  # one line: a few per cent


def _svg(*texts: str, view: str = "0 0 200 50") -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}"><title>Proef</title>{"".join(texts)}</svg>'


def _width(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * 0.5


def test_control_overlapping_chart_labels_are_caught():
    overlapping = _svg('<text x="10" y="20" font-size="10">score 3,0</text>', '<text x="40" y="22" font-size="10">doelfase 3</text>')
    problems = chart_label_problems(f'<section id="dim-x">{overlapping}</section>', _width)
    assert problems == ["Proef (in #dim-x): 'score 3,0' overlaps 'doelfase 3' by 15.0 x 8.0 units"]
    side_by_side = _svg(
        '<text x="60" y="20" font-size="10" text-anchor="end">score 3,0</text>', '<text x="62" y="20" font-size="10">doelfase 3</text>'
    )
    assert chart_label_problems(side_by_side, _width) == []
    anchored = _svg(
        '<text x="60" y="20" font-size="10" text-anchor="middle">score 3,0</text>', '<text x="62" y="20" font-size="10">doelfase 3</text>'
    )
    assert len(chart_label_problems(anchored, _width)) == 1


def test_control_tspan_lines_get_boxes_of_their_own():
    from xml.etree import ElementTree

    two_lines = '<text x="100" y="20" font-size="10" text-anchor="middle">Raad voor de<tspan x="100" dy="10">Kinderbescherming</tspan></text>'
    labels = svg_labels(ElementTree.fromstring(_svg(two_lines)), _width)
    assert [(label.text, label.x0, label.y0) for label in labels] == [("Raad voor de", 70.0, 12.4), ("Kinderbescherming", 57.5, 22.4)]
    assert chart_label_problems(_svg(two_lines), _width) == []  # stacked lines do not overlap each other
    below = '<text x="60" y="30" font-size="10">n = 12</text>'
    problems = chart_label_problems(_svg(two_lines, below), _width)
    assert problems == ["Proef (in #?): 'Kinderbescherming' overlaps 'n = 12' by 30.0 x 10.0 units"]


def test_control_labels_leaving_the_chart_are_caught_rotated_ones_too():
    clipped = _svg('<text x="190" y="20" font-size="10">Zorg en veiligheid</text>')
    assert chart_label_problems(clipped, _width) == [
        "Proef (in #?): 'Zorg en veiligheid' leaves the viewBox: x 190.0..280.0 y 12.4..22.4 (viewBox x 0..200 y 0..50)"
    ]
    rotated = '<text x="150" y="45" font-size="8" transform="rotate(-55 150 45)">Zorg en veiligheid</text>'
    crossing = '<text x="150" y="30" font-size="8">3,4</text>'
    problems = chart_label_problems(_svg(rotated, crossing), _width)
    assert len(problems) == 1 and "'Zorg en veiligheid' leaves the viewBox" in problems[0], problems  # not an overlap
    inside = '<text x="20" y="48" font-size="8" transform="rotate(-55 20 48)">Zorg</text>'
    assert chart_label_problems(_svg(inside), _width) == []


def test_chart_widths_come_from_a_shipped_font(tmp_path):
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not (dejavu / "DejaVuSans.ttf").is_file():
        pytest.skip("DejaVu Sans is not installed here")
    from volwassenheid.report.charts import estimated_width

    assert chart_font_width(tmp_path)[0] is estimated_width  # no fonts/ folder: the project's estimate
    (tmp_path / "fonts").mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        if (dejavu / name).is_file():
            shutil.copy(dejavu / name, tmp_path / "fonts" / name)
    width, source = chart_font_width(tmp_path)
    assert "DejaVuSans.ttf" in source
    assert width("WW", 10, False) > 2 * width("ii", 10, False)  # real advance widths, not a count of characters
    assert width("score 3,0", 10, True) >= width("score 3,0", 10, False)


def test_missing_weasyprint_internals_give_a_reason_to_skip():
    from types import SimpleNamespace

    with pytest.raises(LayoutInternalsMissing, match="WeasyPrint 70"):
        pages_of(SimpleNamespace(pages=[SimpleNamespace(width=100, height=100)]))
