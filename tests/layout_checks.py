"""Layout checks for the report (issue 15, "done when"), shared by the real and the negative-control tests.

Every check returns a list of problems, one readable line each; an empty list means the check passed.

- `pages_of(document)` turns a laid-out WeasyPrint document into plain `Page`s. It is the only code that
  reads WeasyPrint internals (`Page._page_box`, the box classes, `PageBox.page_type`, `MarginBox.at_keyword`);
  when they are missing it raises `LayoutInternalsMissing`, and the tests skip with its reason.
- On `Page`s: `text_outside_printable_area`, `wrapped_running_headers`, `white_text_below_cover_band`,
  `underfilled_pages`.
- On the PDF: `ink_in_margins` (pixels from `pdftoppm`).
- On the report HTML: `chart_label_problems` (the SVG charts' text boxes).
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

TESTED_WEASYPRINT = "70"
"""The WeasyPrint major version whose internals `pages_of` was written against."""
CSS_PX_PER_MM = 96 / 25.4
EPS = 0.5
"""CSS px (about 0.13 mm) of slack for rounding in the layout."""


class LayoutInternalsMissing(Exception):
    """The WeasyPrint internals the box checks read are not there (another WeasyPrint version)."""


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Text(Box):
    text: str
    rgba: tuple[float, float, float, float]
    margin: str | None
    """The at-keyword of the page-margin box the text is in ('@top-left'), or None in the page's content."""
    in_h1: bool


@dataclass(frozen=True)
class Page:
    number: int
    name: str
    """The named page it is laid out on ('cover'), or ''."""
    width: float
    height: float
    content: Box
    """The page's content box; on a page without margins the whole sheet."""
    texts: tuple[Text, ...]
    lowest: float | None
    """The lowest bottom of any text or image in the content (not the running header or footer)."""
    band: Box | None
    """The topmost block with an opaque, non-white background that starts at the top of the page."""

    def first_text(self) -> Text | None:
        body = [t for t in self.texts if t.margin is None and t.rgba[3] > 0]
        return min(body, key=lambda t: (t.y0, t.x0), default=None)

    def fill(self) -> float:
        """How far down the content box the content reaches, from 0 to 1."""
        if self.lowest is None:
            return 0.0
        return (self.lowest - self.content.y0) / (self.content.y1 - self.content.y0)


# -- layout boxes ---------------------------------------------------------------------------------


def pages_of(document) -> list[Page]:
    """The pages of a rendered `weasyprint.Document`, as plain data."""
    try:
        from weasyprint.formatting_structure.boxes import MarginBox, ParentBox, ReplacedBox, TextBox  # noqa: F401 (used in _contents)
    except ImportError as error:
        raise LayoutInternalsMissing(
            f"weasyprint.formatting_structure.boxes has changed ({error}); the checks were written for WeasyPrint {TESTED_WEASYPRINT}"
        ) from None
    pages = []
    for number, page in enumerate(document.pages, 1):
        box = getattr(page, "_page_box", None)
        if box is None or not hasattr(box, "page_type") or not hasattr(box, "content_box_x"):
            raise LayoutInternalsMissing(f"Page._page_box or PageBox.page_type is gone; the checks were written for WeasyPrint {TESTED_WEASYPRINT}")
        left, top = box.content_box_x(), box.content_box_y()
        texts, bottoms, bands = _contents(box)
        pages.append(
            Page(
                number=number,
                name=box.page_type.name or "",
                width=page.width,
                height=page.height,
                content=Box(left, top, left + box.width, top + box.height),
                texts=tuple(texts),
                lowest=max(bottoms, default=None),
                band=bands[0] if bands else None,
            )
        )
    return pages


def _contents(page_box) -> tuple[list[Text], list[float], list[Box]]:
    """A page's texts, the bottoms of its content (texts and images, not in a page-margin box), and its top bands."""
    from weasyprint.formatting_structure.boxes import MarginBox, ParentBox, ReplacedBox, TextBox

    texts: list[Text] = []
    bottoms: list[float] = []
    bands: list[Box] = []

    def walk(child, margin: str | None, in_h1: bool) -> None:
        if isinstance(child, MarginBox):
            margin = child.at_keyword
        in_h1 = in_h1 or getattr(child, "element_tag", None) == "h1"
        if isinstance(child, TextBox) and child.text.strip():
            colour = child.style["color"]
            srgb = colour.to("srgb") if hasattr(colour, "to") else colour
            rgba = tuple(float(v) for v in tuple(srgb)[:4])
            x0, y0 = child.position_x, child.position_y
            texts.append(Text(x0, y0, x0 + child.width, y0 + child.height, child.text, rgba, margin, in_h1))
            if margin is None:
                bottoms.append(y0 + child.height)
        elif isinstance(child, ReplacedBox) and margin is None:
            bottoms.append(child.border_box_y() + child.border_height())
        background = child.style["background_color"]
        background = tuple(background.to("srgb") if hasattr(background, "to") else background)
        if margin is None and not isinstance(child, TextBox) and background[3] == 1 and background[:3] != (1, 1, 1) and child.border_box_y() <= EPS:
            bands.append(
                Box(
                    child.border_box_x(),
                    child.border_box_y(),
                    child.border_box_x() + child.border_width(),
                    child.border_box_y() + child.border_height(),
                )
            )
        if isinstance(child, ParentBox):
            for grandchild in child.children:
                walk(grandchild, margin, in_h1)

    walk(page_box, None, False)
    return texts, bottoms, bands


def _quote(text: str) -> str:
    return repr(text if len(text) <= 50 else text[:49] + "…")


def text_outside_printable_area(pages: list[Page]) -> list[str]:
    """Every text box lies in the page's content box, or in the top or bottom margin (running header
    and footer) above or below it, and never past the sheet."""
    problems = []
    for page in pages:
        c = page.content
        for t in page.texts:
            where = f"p{page.number}: {_quote(t.text)} at x {t.x0:.0f}..{t.x1:.0f} y {t.y0:.0f}..{t.y1:.0f}"
            if t.x0 < -EPS or t.y0 < -EPS or t.x1 > page.width + EPS or t.y1 > page.height + EPS:
                problems.append(f"{where}: off the sheet ({page.width:.0f} x {page.height:.0f})")
            elif t.x0 < c.x0 - EPS or t.x1 > c.x1 + EPS:
                problems.append(f"{where}: in the side margin (content x {c.x0:.0f}..{c.x1:.0f})")
            elif t.margin is None and (t.y0 < c.y0 - EPS or t.y1 > c.y1 + EPS):
                problems.append(f"{where}: in the top or bottom margin (content y {c.y0:.0f}..{c.y1:.0f})")
            elif t.margin is not None and not (t.y1 <= c.y0 + EPS or t.y0 >= c.y1 - EPS):
                problems.append(f"{where}: running {t.margin} reaches into the content (y {c.y0:.0f}..{c.y1:.0f})")
    return problems


def wrapped_running_headers(pages: list[Page], keywords: tuple[str, ...] = ("@top-left", "@top-right")) -> list[str]:
    """Each running header (page-margin box) is one line: all its text on one baseline."""
    problems = []
    for page in pages:
        for keyword in keywords:
            texts = [t for t in page.texts if t.margin == keyword]
            lines = sorted({round(t.y0) for t in texts})
            if len(lines) > 1:
                shown = " / ".join(" ".join(t.text for t in texts if round(t.y0) == y) for y in lines)
                problems.append(f"p{page.number}: running header {keyword} takes {len(lines)} lines: {_quote(shown)}")
    return problems


def white_text_below_cover_band(pages: list[Page], cover: str = "cover") -> list[str]:
    """On the cover, white text stays on the coloured band (below it, it is white on white paper)."""
    problems = []
    for page in pages:
        if page.name != cover:
            continue
        band_bottom = page.band.y1 if page.band is not None else 0.0
        for t in page.texts:
            if t.rgba[3] > 0 and t.rgba[:3] == (1.0, 1.0, 1.0) and t.y1 > band_bottom + EPS:
                problems.append(
                    f"p{page.number}: white text below the cover band (bottom y {band_bottom:.0f}): {_quote(t.text)} y {t.y0:.0f}..{t.y1:.0f}"
                )
    return problems


def underfilled_pages(pages: list[Page], minimum: float = 1 / 3) -> list[str]:
    """Every page but the cover (page 1) and the last page of a chapter (the next page starts with an
    h1, or there is no next page) is filled at least `minimum` of its content height."""
    problems = []
    for page, following in zip(pages, [*pages[1:], None], strict=True):
        if page.number == 1 or following is None:
            continue
        first = following.first_text()
        if first is not None and first.in_h1:
            continue
        if page.fill() < minimum:
            nxt = _quote(first.text) if first is not None else "nothing"
            problems.append(f"p{page.number}: {page.fill():.0%} full (next page starts with {nxt})")
    return problems


# -- pixels -----------------------------------------------------------------------------------------

EDGE_MM = 6
"""The strip along the sheet's edges that office printers cannot print."""
DARK = 200
"""Grey levels below this count as ink."""


def pdftoppm_missing() -> bool:
    return shutil.which("pdftoppm") is None


def ink_in_margins(pdf: bytes, pages: list[Page], dpi: int = 60) -> list[str]:
    """Dark pixels in a 6 mm strip along every edge, and in the side margins between running header
    and footer. On a page without margins (the full-bleed cover) only the edges below its band."""
    from PIL import Image

    problems = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source), f"{folder}/p"], check=True, capture_output=True)
        images = sorted(Path(folder).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        if len(images) != len(pages):
            return [f"pdftoppm made {len(images)} pages, the layout has {len(pages)}"]
        for page, path in zip(pages, images, strict=True):
            with Image.open(path) as opened:
                image = opened.convert("L")
            scale = image.width / page.width  # image pixels per CSS px
            w, h = image.size
            edge = round(EDGE_MM * CSS_PX_PER_MM * scale)
            regions = {
                "top edge": (0, 0, w, edge),
                "bottom edge": (0, h - edge, w, h),
                "left edge": (0, 0, edge, h),
                "right edge": (w - edge, 0, w, h),
            }
            c = page.content
            if c.x0 > EPS:
                rows = (math.ceil(c.y0 * scale), math.floor(c.y1 * scale))
                regions["left margin"] = (0, rows[0], math.floor(c.x0 * scale) - 1, rows[1])
                regions["right margin"] = (math.ceil(c.x1 * scale) + 1, rows[0], w, rows[1])
            else:  # full bleed: the band may run to the edges, the rest of the page may not
                below = math.ceil(page.band.y1 * scale) + 1 if page.band is not None else 0
                regions = {name: (x0, max(y0, below), x1, y1) for name, (x0, y0, x1, y1) in regions.items()}
            for name, (x0, y0, x1, y1) in regions.items():
                if x1 <= x0 or y1 <= y0:
                    continue
                dark = sum(image.crop((x0, y0, x1, y1)).histogram()[:DARK])
                if dark:
                    problems.append(f"p{page.number}: {dark} dark pixels in the {name} (at {dpi} dpi)")
    return problems


# -- SVG chart labels -------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
ASCENT, DESCENT = 0.76, 0.24
"""A label's box above and below its baseline, in font sizes."""
Width = Callable[[str, float, bool], float]
"""(text, font size, bold) -> advance width in SVG units."""


@dataclass(frozen=True)
class Label(Box):
    text: str
    rotated: bool


def chart_font_width(template_dir: Path) -> tuple[Width, str]:
    """The width of chart text in the font the template ships under fonts/ (its regular and bold
    instance, read with fontTools), else `charts.estimated_width`; and what it is, for messages."""
    folder = Path(template_dir) / "fonts"
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".ttf", ".otf") and "italic" not in p.stem.lower()) if folder.is_dir() else []
    if not files:
        from volwassenheid.report.charts import estimated_width

        return estimated_width, "charts.estimated_width (no font under fonts/)"
    regular, bold = _font_advances(files, 400), _font_advances(files, 700)

    def width(text: str, size: float, is_bold: bool = False) -> float:
        advances, units = bold if is_bold else regular
        fallback = advances.get("n", units / 2)
        return sum(advances.get(char, fallback) for char in text) * size / units

    return width, f"the advance widths of {', '.join(p.name for p in files)}"


def _font_advances(files: list[Path], weight: int) -> tuple[dict[str, float], int]:
    """Per character its advance width in font units, from the file (or variable instance) nearest `weight`."""
    from fontTools.ttLib import TTFont

    fonts = [TTFont(path) for path in files]
    variable = [font for font in fonts if "fvar" in font]
    if variable:
        from fontTools.varLib import instancer

        font = variable[0]
        axes = {axis.axisTag: (weight if axis.axisTag == "wght" else axis.defaultValue) for axis in font["fvar"].axes}
        font = instancer.instantiateVariableFont(font, axes)
    else:
        font = min(fonts, key=lambda f: abs(f["OS/2"].usWeightClass - weight))
    metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
    return {chr(code): metrics[glyph][0] for code, glyph in cmap.items() if glyph in metrics}, font["head"].unitsPerEm


def _number(value: str | None, default: float = 0.0) -> float:
    if value is None:
        return default
    match = re.match(r"\s*(-?[\d.]+(?:e-?\d+)?)", value)
    return float(match.group(1)) if match else default


def _style(element: ElementTree.Element, inherited: dict[str, str]) -> dict[str, str]:
    """Font size, weight and anchor, from attributes or a style attribute, inherited from the parents."""
    style = dict(inherited)
    for key in ("font-size", "font-weight", "text-anchor"):
        if element.get(key) is not None:
            style[key] = element.get(key, "")
    for declaration in (element.get("style") or "").split(";"):
        key, _, value = declaration.partition(":")
        if key.strip() in ("font-size", "font-weight", "text-anchor"):
            style[key.strip()] = value.strip()
    return style


def _is_bold(weight: str) -> bool:
    return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)


def _translation(element: ElementTree.Element) -> tuple[float, float]:
    match = re.search(r"translate\(\s*(-?[\d.]+)[\s,]*(-?[\d.]+)?", element.get("transform") or "")
    return (float(match.group(1)), float(match.group(2) or 0)) if match else (0.0, 0.0)


def svg_labels(svg: ElementTree.Element, width: Width) -> list[Label]:
    """The box of every run of text in an SVG: from x (shifted by text-anchor over the whole line) over
    the advance widths, from ASCENT above to DESCENT below the baseline. A <tspan> with an x or y starts
    a new line; dx and dy move on. A rotated <text> gets the bounding box of its rotated run."""
    labels: list[Label] = []

    def visit(element: ElementTree.Element, style: dict[str, str], offset: tuple[float, float]) -> None:
        style = _style(element, style)
        dx, dy = _translation(element)
        offset = (offset[0] + dx, offset[1] + dy)
        if element.tag == SVG + "text":
            labels.extend(_text_labels(element, style, offset, width))
            return
        for child in element:
            visit(child, style, offset)

    visit(svg, {"font-size": "16", "font-weight": "normal", "text-anchor": "start"}, (0.0, 0.0))
    return labels


def _text_labels(element: ElementTree.Element, style: dict[str, str], offset: tuple[float, float], width: Width) -> list[Label]:
    # Runs of one line: (text, size, bold, baseline); a line keeps its start x and anchor.
    lines: list[tuple[float, str, list[tuple[str, float, bool, float]]]] = []
    x, y = _number(element.get("x")), _number(element.get("y"))

    def add(text: str | None, run_style: dict[str, str], baseline: float) -> None:
        if text and text.strip():
            lines[-1][2].append((text, _number(run_style["font-size"], 16), _is_bold(run_style["font-weight"]), baseline))

    lines.append((x + _number(element.get("dx")), style["text-anchor"], []))
    y += _number(element.get("dy"))
    add(element.text, style, y)
    for tspan in element:
        if tspan.tag != SVG + "tspan":
            continue
        span_style = _style(tspan, style)
        if tspan.get("y") is not None:
            y = _number(tspan.get("y"))
        y += _number(tspan.get("dy"))
        if tspan.get("x") is not None or tspan.get("y") is not None:
            lines.append((_number(tspan.get("x"), x) + _number(tspan.get("dx")), span_style["text-anchor"], []))
        add("".join(tspan.itertext()), span_style, y)
        add(tspan.tail, style, y)
    rotation = re.search(r"rotate\(\s*(-?[\d.]+)(?:[\s,]+(-?[\d.]+)[\s,]+(-?[\d.]+))?", element.get("transform") or "")
    labels = []
    for start, anchor, runs in lines:
        total = sum(width(text, size, bold) for text, size, bold, _ in runs)
        left = start - {"middle": total / 2, "end": total}.get(anchor, 0.0)
        for text, size, bold, baseline in runs:
            run_width = width(text, size, bold)
            corners = [(left, baseline - ASCENT * size), (left + run_width, baseline + DESCENT * size)]
            if rotation:
                angle = math.radians(float(rotation.group(1)))
                cx, cy = (float(rotation.group(2)), float(rotation.group(3))) if rotation.group(2) else (0.0, 0.0)
                box = [(px, py) for px in (corners[0][0], corners[1][0]) for py in (corners[0][1], corners[1][1])]
                corners = [
                    (cx + (px - cx) * math.cos(angle) - (py - cy) * math.sin(angle), cy + (px - cx) * math.sin(angle) + (py - cy) * math.cos(angle))
                    for px, py in box
                ]
            xs, ys = [px + offset[0] for px, _ in corners], [py + offset[1] for _, py in corners]
            labels.append(Label(min(xs), min(ys), max(xs), max(ys), " ".join(text.split()), bool(rotation)))
            left += run_width
    return labels


def chart_label_problems(html: str, width: Width) -> list[str]:
    """In every <svg> of the report: no two (unrotated) text boxes intersect, and every text box stays
    inside the viewBox. Each problem names the chart by its <title> and the section it is in."""
    problems = []
    for match in re.finditer(r"<svg\b.*?</svg>", html, re.S):
        section = re.findall(r'<section\b[^>]*\bid="([^"]+)"', html[: match.start()])
        try:
            svg = ElementTree.fromstring(match.group(0))
        except ElementTree.ParseError as error:
            problems.append(f"an <svg> in {section[-1] if section else 'the report'} is not well-formed: {error}")
            continue
        name = f"{svg.findtext(SVG + 'title') or 'chart'} (in #{section[-1] if section else '?'})"
        problems.extend(f"{name}: {problem}" for problem in _chart_problems(svg, width))
    return problems


def _chart_problems(svg: ElementTree.Element, width: Width) -> Iterator[str]:
    view = [_number(v) for v in (svg.get("viewBox") or "").replace(",", " ").split()]
    labels = svg_labels(svg, width)
    if len(view) == 4:
        vx0, vy0, vx1, vy1 = view[0], view[1], view[0] + view[2], view[1] + view[3]
        for label in labels:
            if label.x0 < vx0 - 0.1 or label.y0 < vy0 - 0.1 or label.x1 > vx1 + 0.1 or label.y1 > vy1 + 0.1:
                yield (
                    f"{_quote(label.text)} leaves the viewBox: x {label.x0:.1f}..{label.x1:.1f} y {label.y0:.1f}..{label.y1:.1f} "
                    f"(viewBox x {vx0:g}..{vx1:g} y {vy0:g}..{vy1:g})"
                )
    else:
        yield "no viewBox"
    flat = [label for label in labels if not label.rotated]
    for i, a in enumerate(flat):
        for b in flat[i + 1 :]:
            across, down = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
            if across > 0 and down > 0:
                yield f"{_quote(a.text)} overlaps {_quote(b.text)} by {across:.1f} x {down:.1f} units"
