"""SVG charts for the report, drawn by hand: no plotting library, crisp in print.

Every chart also reads in black and white: current and ambition differ in line
style and marker shape, not only in colour. All text is escaped here, because
the report marks these SVG strings as safe.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from html import escape

from volwassenheid.core.dutch import NO_DATA, number
from volwassenheid.report.dashboard import DashRow

INK = "#222222"
GRID = "#b8b8b8"
MUTED = "#666666"


@dataclass(frozen=True)
class Palette:
    primary: str = "#1f4e79"
    accent: str = "#c0504d"


FONT = "Source Sans 3, sans-serif"
"""The font of the charts: SVG text ignores the report's CSS, so each chart names it itself."""


def _svg_root(width: float, height: float, kind: str, title: str, description: str | None = None) -> str:
    """The opening of a chart: its size, class, font, and a title with the figures (`description`):
    WeasyPrint makes the title the figure's alternative text, which a PDF/UA reader reads out."""
    text = f"{title}. {description}" if description else title
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" class="grafiek {kind}" '
        f'role="img" font-family="{FONT}"><title>{escape(text)}</title>'
    )


def _text(x: float, y: float, content: str, size: float = 9, anchor: str = "middle", weight: str = "normal", fill: str = INK) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" fill="{fill}">{escape(content)}</text>'


def estimated_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of a label's width in SVG units: wide enough for the sans-serif fonts
    the report may use (DejaVu Sans is the widest), so labels that do not overlap here do not on paper."""
    return len(text) * size * (0.66 if bold else 0.6)


def radar(
    labels: Sequence[str],
    current: Sequence[float | None],
    ambition: Sequence[int | None],
    phases: int,
    palette: Palette = Palette(),
    description: str | None = None,
) -> str:
    """Current (solid, dots) against ambition (dashed, squares) per dimension.

    A dimension without a score breaks the current line at its axis (the line never
    runs across it) and its label says 'geen gegevens'."""
    width, height, radius = 600, 400, 150
    centre_x, centre_y = width / 2, 200
    count = len(labels)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * value / phases
        return centre_x + r * math.cos(angle), centre_y + r * math.sin(angle)

    parts = [_svg_root(width, height + 24, "radar", "Radar: huidige score en doelfase per dimensie", description)]
    for ring in range(1, phases + 1):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="0.6"/>')
        x, y = point(0, ring)
        parts.append(_text(x + 4, y + 3, str(ring), size=7, anchor="start", fill="#666666"))
    for i, label in enumerate(labels):
        x, y = point(i, phases)
        parts.append(f'<line x1="{centre_x}" y1="{centre_y}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.6"/>')
        lx, ly = point(i, phases + 0.35)
        anchor = "middle" if abs(lx - centre_x) < 20 else ("start" if lx > centre_x else "end")
        ly += 10 if abs(lx - centre_x) < 20 and ly > centre_y else 3
        parts.append(_text(lx, ly, label, size=10, anchor=anchor))
        if current[i] is None:
            parts.append(_text(lx, ly + 10, f"({NO_DATA})", size=8, anchor=anchor, fill=MUTED))
    parts.append(_series(point, ambition, count, palette.accent, dashed=True, marker="square"))
    parts.append(_series(point, current, count, palette.primary, dashed=False, marker="circle"))
    legend_y, left = height + 14, width / 2 - 110
    parts.append(f'<line x1="{left}" y1="{legend_y}" x2="{left + 30}" y2="{legend_y}" stroke="{palette.primary}" stroke-width="2.2"/>')
    parts.append(f'<circle cx="{left + 15}" cy="{legend_y}" r="3.2" fill="{palette.primary}"/>')
    parts.append(_text(left + 36, legend_y + 3, "huidige score", size=10, anchor="start"))
    left += 140
    parts.append(
        f'<line x1="{left}" y1="{legend_y}" x2="{left + 30}" y2="{legend_y}" stroke="{palette.accent}" stroke-width="1.8" stroke-dasharray="5 3"/>'
    )
    parts.append(f'<rect x="{left + 12}" y="{legend_y - 3}" width="6" height="6" fill="white" stroke="{palette.accent}" stroke-width="1.4"/>')
    parts.append(_text(left + 36, legend_y + 3, "doelfase", size=10, anchor="start"))
    parts.append("</svg>")
    return "".join(parts)


def _series(point, values: Sequence[float | None], count: int, colour: str, dashed: bool, marker: str) -> str:
    """The line through the known values; a missing value breaks it (no line across its axis)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return ""
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    stroke = f'stroke="{colour}" stroke-width="{1.8 if dashed else 2.2}"{dash}'
    area = 'fill="none"' if dashed else f'fill="{colour}" fill-opacity="0.18"'

    def points(indices: Sequence[int]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, values[i]) for i in indices))

    parts = []
    if len(known) == count:
        parts.append(f'<polygon points="{points(range(count))}" {area} {stroke}/>')
    else:
        centre_x, centre_y = point(0, 0)
        for run in _runs(values):
            if len(run) < 2:
                continue
            if not dashed:  # the area between the centre and the run, with no outline across the gap
                parts.append(f'<polygon points="{centre_x:.1f},{centre_y:.1f} {points(run)}" {area} stroke="none"/>')
            parts.append(f'<polyline points="{points(run)}" fill="none" {stroke}/>')
    for i, v in known:
        x, y = point(i, v)
        if marker == "circle":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="{colour}"/>')
        else:
            parts.append(f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="white" stroke="{colour}" stroke-width="1.4"/>')
    return "".join(parts)


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """The runs of neighbouring axes with a value, going round (the last axis neighbours the first);
    only called when at least one value is missing."""
    count = len(values)
    start = next(i for i in range(count) if values[i] is None)
    runs: list[list[int]] = []
    current: list[int] = []
    for step in range(1, count + 1):
        i = (start + step) % count
        if values[i] is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(i)
    return runs  # the walk ends on the missing axis it started from, so the last run is in


def phase_ladder(
    score: float | None,
    ambition: int | None,
    phase_names: Sequence[str],
    palette: Palette = Palette(),
    interval: Sequence[float] | None = None,
    phase: int | None = None,
    title: str | None = None,
) -> str:
    """One step per phase; a bar up to the score, a whisker over its 95% interval, a dashed mark at the
    end of the ambition phase, and the phase reached (by the phase rule, which need not be the step the
    bar ends in) in bold with a frame. Without a score: no bar, and 'geen gegevens' where it would be."""
    width, left, step_width, top, height = 520, 10, 100, 30, 18  # two rows of labels above the ladder
    parts = [_svg_root(width, 74, "ladder", title or "Fase-ladder: score, interval, bereikte fase en doelfase")]
    for i, name in enumerate(phase_names):
        x = left + i * step_width
        parts.append(f'<rect x="{x}" y="{top}" width="{step_width}" height="{height}" fill="#f2f2f2" stroke="{GRID}" stroke-width="0.6"/>')
        reached = phase == i + 1
        parts.append(_text(x + step_width / 2, top + height + 12, f"{i + 1} {name}", size=8, weight="bold" if reached else "normal"))
        if reached:  # on a line of its own: beside a long phase name it would not fit the step
            parts.append(_text(x + step_width / 2, top + height + 21, "(bereikt)", size=8, weight="bold"))
    if phase is not None and score is not None:
        x = left + (phase - 1) * step_width
        parts.append(
            f'<rect x="{x + 1}" y="{top + 1}" width="{step_width - 2}" height="{height - 2}" fill="none" stroke="{INK}" stroke-width="1.4"/>'
        )
    if score is not None:
        end = left + score * step_width  # score 2,5 fills two and a half steps
        parts.append(f'<rect x="{left}" y="{top + 4}" width="{end - left:.1f}" height="{height - 8}" fill="{palette.primary}" fill-opacity="0.75"/>')
        if interval is not None:
            low, high = (left + value * step_width for value in interval)
            parts.append(_whisker(low, high, top + height / 2, 5))
        score_label = f"score {number(score)}"
        score_span = (end - 2 - estimated_width(score_label, 8.5, bold=True), end - 2)
        parts.append(_text(end - 2, top - 6, score_label, size=8.5, anchor="end", weight="bold", fill=palette.primary))
    else:
        score_label = f"score: {NO_DATA}"
        score_span = (left, left + estimated_width(score_label, 8.5, bold=True))
        parts.append(_text(left, top - 6, score_label, size=8.5, anchor="start", weight="bold", fill=MUTED))
    if ambition is not None:
        x = left + ambition * step_width
        parts.append(
            f'<line x1="{x}" y1="{top - 3}" x2="{x}" y2="{top + height + 3}" stroke="{palette.accent}" stroke-width="2" stroke-dasharray="3 2"/>'
        )
        target_label = f"doelfase {ambition}"
        start = min(x + 3, width - estimated_width(target_label, 8.5))
        span = (start, start + estimated_width(target_label, 8.5))
        # beside the score it would overlap: then it goes a row higher, over its own line
        row = top - 6 if span[1] < score_span[0] - 2 or span[0] > score_span[1] + 2 else top - 16
        parts.append(_text(start, row, target_label, size=8.5, anchor="start", fill=palette.accent))
    parts.append("</svg>")
    return "".join(parts)


def heat_map(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[float | None]],
    phases: int,
    palette: Palette = Palette(),
    without_data: Collection[int] = (),
    counts: Sequence[int | None] | None = None,
    description: str | None = None,
) -> str:
    """Rows (organisations, with their n when `counts` is given) x columns (dimensions); an empty
    cell (·) means a group too small to show, a cell with a dash a dimension without data (the
    columns in `without_data`). Long row labels wrap over two lines; the slanted column labels and
    a colour scale fit inside the chart."""
    label_width, n_width, cell_w, cell_h = 150, 28 if counts is not None else 0, 36, 24
    slant = math.radians(55)
    longest = max((estimated_width(column, 8) for column in columns), default=0)
    top = 12 + longest * math.sin(slant)
    grid_left = label_width + n_width
    grid_right = grid_left + cell_w * len(columns)
    legend = ["Leeg vak (·): groep te klein om apart te tonen; de antwoorden tellen wel mee in de scores."]
    if without_data:
        legend.append(f"Streepje (–): {NO_DATA} op deze dimensie.")
    widest_legend = max(estimated_width(line, 7.5) for line in legend)
    width = max(grid_right + cell_w / 2 + longest * math.cos(slant) + 4, grid_left + widest_legend + 4)
    legend_lines = len(legend)
    height = top + cell_h * len(rows) + 30 + 12 * legend_lines
    parts = [_svg_root(width, height, "heatmap", "Heatmap: score per organisatie en dimensie", description)]
    for j, column in enumerate(columns):
        x = grid_left + j * cell_w + cell_w / 2
        parts.append(
            f'<text x="{x:.1f}" y="{top - 6:.1f}" font-size="8" transform="rotate(-55 {x:.1f} {top - 6:.1f})" fill="{INK}">{escape(column)}</text>'
        )
    if counts is not None:
        parts.append(_text(label_width + n_width / 2, top - 6, "n", size=8, weight="bold"))
    for i, row in enumerate(rows):
        y = top + i * cell_h
        lines = wrapped(row, label_width - 8, 8.5)
        for k, line in enumerate(lines):
            parts.append(_text(label_width - 6, y + cell_h / 2 + 3 + 9 * (k - (len(lines) - 1) / 2), line, size=8.5, anchor="end"))
        if counts is not None:
            parts.append(_text(label_width + n_width / 2, y + cell_h / 2 + 3, "–" if counts[i] is None else str(counts[i]), size=8.5, fill="#555555"))
        for j, value in enumerate(cells[i]):
            x = grid_left + j * cell_w
            if value is None or j in without_data:
                parts.append(f'<rect x="{x}" y="{y:.1f}" width="{cell_w}" height="{cell_h}" fill="white" stroke="{GRID}" stroke-width="0.6"/>')
                parts.append(_text(x + cell_w / 2, y + cell_h / 2 + 3, "–" if j in without_data else "·", size=9, fill="#999999"))
                continue
            shade = (value - 1) / max(1, phases - 1)
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{cell_w}" height="{cell_h}" fill="{palette.primary}" '
                f'fill-opacity="{_opacity(shade):.2f}" stroke="white" stroke-width="1"/>'
            )
            parts.append(_text(x + cell_w / 2, y + cell_h / 2 + 3, number(value), size=8.5, fill="white" if shade > 0.55 else INK))
    scale_y = top + cell_h * len(rows) + 10
    parts.append(_text(grid_left, scale_y + 11, "Kleur:", size=7.5, anchor="start", fill="#555555"))
    for phase in range(1, phases + 1):
        x = grid_left + 32 + (phase - 1) * 30
        shade = (phase - 1) / max(1, phases - 1)
        parts.append(f'<rect x="{x}" y="{scale_y}" width="28" height="14" fill="{palette.primary}" fill-opacity="{_opacity(shade):.2f}"/>')
        parts.append(_text(x + 14, scale_y + 10.5, f"fase {phase}", size=6.5, fill="white" if shade > 0.55 else INK))
    for k, line in enumerate(legend):
        parts.append(_text(grid_left, scale_y + 28 + 12 * k, line, size=7.5, anchor="start", fill="#555555"))
    parts.append("</svg>")
    return "".join(parts)


def wrapped(text: str, width: float, size: float, most: int = 2) -> list[str]:
    """The text in at most `most` lines of at most `width` (estimated), broken between words; a
    line that still does not fit, or the last when words are left over, ends in '…'."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and estimated_width(f"{line} {words[0]}", size) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    for index, line in enumerate(lines):
        more = bool(words) and index == len(lines) - 1
        if more or estimated_width(line, size) > width:
            while line and estimated_width(line + "…", size) > width:
                line = line[:-1].rstrip()
            lines[index] = line + "…"
    return lines or [""]


LEVEL_MARKERS = {"strategisch": "circle", "tactisch": "diamond", "operationeel": "square"}


def level_dots(
    labels: Sequence[str],
    levels: dict[str, Sequence[float | None]],
    phases: int,
    palette: Palette = Palette(),
    without_data: Collection[int] = (),
    counts: dict[str, int] | None = None,
    description: str | None = None,
) -> str:
    """Per dimension a 1..N scale with one marker shape per level, each level on its own line within
    the row so that equal scores do not hide each other; the rows in `without_data` (dimensions
    without a score) say 'geen gegevens' instead. The legend, with n per level when `counts` is
    given, sits below the scale."""
    label_width, scale_width, row_h, top = 150, 420, 28, 22
    width = label_width + scale_width + 20
    height = top + row_h * len(labels) + 34
    offsets = dict(zip(LEVEL_MARKERS, (-8.5, 0, 8.5), strict=True))  # apart by more than two markers' half sizes

    def x_of(value: float) -> float:
        return label_width + (value - 1) / max(1, phases - 1) * scale_width

    parts = [_svg_root(width, height, "niveaus", "Score per niveau: strategisch, tactisch en operationeel", description)]
    bottom = top + row_h * len(labels)
    for phase in range(1, phases + 1):
        x = x_of(phase)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}" stroke-width="0.5"/>')
        parts.append(_text(x, top - 10, str(phase), size=8))
    legend_x = label_width
    for level, marker in LEVEL_MARKERS.items():
        parts.append(_marker(marker, legend_x, bottom + 18, palette))
        count = f" (n = {counts[level]})" if counts is not None and level in counts else ""
        parts.append(_text(legend_x + 8, bottom + 21, f"{level}{count}", size=8, anchor="start"))
        legend_x += 140
    for i, label in enumerate(labels):
        y = top + i * row_h + row_h / 2
        parts.append(_text(label_width - 8, y + 3, label, size=8.5, anchor="end"))
        parts.append(f'<line x1="{label_width}" y1="{y}" x2="{label_width + scale_width}" y2="{y}" stroke="#e2e2e2" stroke-width="0.6"/>')
        if i in without_data:
            parts.append(f'<rect x="{label_width + 4}" y="{y - 6}" width="66" height="12" fill="white"/>')
            parts.append(_text(label_width + 6, y + 3, NO_DATA, size=8, anchor="start", fill=MUTED))
            continue
        for level, marker in LEVEL_MARKERS.items():
            value = levels.get(level, [None] * len(labels))[i]
            if value is not None:
                parts.append(_marker(marker, x_of(value), y + offsets[level], palette))
    parts.append("</svg>")
    return "".join(parts)


def _marker(kind: str, x: float, y: float, palette: Palette) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" fill="{palette.primary}"/>'
    if kind == "diamond":
        return f'<polygon points="{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} {x - 4:.1f},{y:.1f}" fill="white" stroke="{INK}" stroke-width="1.1"/>'
    return f'<rect x="{x - 3.4:.1f}" y="{y - 3.4:.1f}" width="6.8" height="6.8" fill="{palette.accent}"/>'


def dimension_overview(rows: Sequence[DashRow], phase_names: Sequence[str], palette: Palette = Palette(), description: str | None = None) -> str:
    """The dashboard's chart: one row per dimension, in the given order, on a 1..N scale with tinted
    phase bands. A dot is the score, the line through it the 95% interval, an open diamond the
    doelfase, and a dashed open diamond the intermediate target of a doelfase too far up. Right of the
    scale: 'fase 3 · doel 4' and a borderline or indicative tag."""
    phases = len(phase_names)
    label_width, scale_width, info_width, tag_width = 140, 290, 108, 50
    spacing = scale_width / max(1, phases - 1)
    # names wider than the room between two phases go on two rows, every other one higher
    staggered = any(estimated_width(name, 8.5) > spacing - 4 for name in phase_names)
    top = 44 if staggered else 32
    row_h = 20 if len(rows) <= 11 else 17  # the dashboard stays one page with the modules and the flags too
    width = label_width + scale_width + 12 + info_width + tag_width
    bottom = top + row_h * len(rows)
    height = bottom + 30

    def x_of(value: float) -> float:
        return label_width + (value - 1) / max(1, phases - 1) * scale_width

    parts = [_svg_root(width, height, "overzicht", "Score per dimensie tegen de doelfase", description)]
    parts += _phase_bands(x_of, phases, top, bottom)
    for phase in range(1, phases + 1):
        x = x_of(phase)
        parts.append(_text(x, top - (31 if staggered else 19), str(phase), size=9, weight="bold"))
        name_y = top - 20 if staggered and phase % 2 else top - 8
        parts.append(_text(x, name_y, wrapped(phase_names[phase - 1], 2 * spacing - 6, 8.5, most=1)[0], size=8.5, fill=MUTED))
    for i, row in enumerate(rows):
        y = top + i * row_h + row_h / 2
        parts.append(_text(label_width - 8, y + 3, wrapped(row.kort, label_width - 12, 9.5, most=1)[0], size=9.5, anchor="end"))
        if row.score is None:
            parts.append(_text(label_width + 6, y + 3, NO_DATA, size=8, anchor="start", fill=MUTED))
            parts.append(_text(label_width + scale_width + 12, y + 3, f"doel {row.doelfase}" if row.doelfase else "", size=8.5, anchor="start"))
            continue
        if row.interval is not None:
            low, high = (x_of(value) for value in row.interval)
            parts.append(_whisker(low, high, y, 3))
        if row.doelfase is not None:
            parts.append(_diamond(x_of(row.doelfase), y, palette.accent, dashed=False))
        if row.tussendoel is not None:
            parts.append(_diamond(x_of(row.tussendoel), y, palette.accent, dashed=True))
        parts.append(f'<circle cx="{x_of(row.score):.1f}" cy="{y:.1f}" r="4.2" fill="{palette.primary}" stroke="white" stroke-width="0.8"/>')
        info = f"{number(row.score)} · fase {row.fase}" + (f" · doel {row.doelfase}" if row.doelfase is not None else "")
        parts.append(_text(label_width + scale_width + 12, y + 3, info, size=8.5, anchor="start"))
        tag = "grensgeval" if row.grensgeval else ("indicatief" if row.indicatief else "")
        if tag:
            parts.append(_text(width - 2, y + 3, tag, size=7.5, anchor="end", fill=MUTED))
    legend_y = bottom + 18
    x = label_width
    parts.append(f'<circle cx="{x + 4}" cy="{legend_y - 3}" r="4" fill="{palette.primary}"/>')
    parts.append(_text(x + 12, legend_y, "score", size=8.5, anchor="start"))
    x += 52
    parts.append(f'<line x1="{x}" y1="{legend_y - 3}" x2="{x + 22}" y2="{legend_y - 3}" stroke="{INK}" stroke-width="1.2"/>')
    parts.append(_text(x + 27, legend_y, "95%-interval", size=8.5, anchor="start"))
    x += 100
    parts.append(_diamond(x + 4, legend_y - 3, palette.accent, dashed=False))
    parts.append(_text(x + 12, legend_y, "doelfase", size=8.5, anchor="start"))
    if any(row.tussendoel is not None for row in rows):
        x += 66
        parts.append(_diamond(x + 4, legend_y - 3, palette.accent, dashed=True))
        parts.append(_text(x + 12, legend_y, "tussendoel", size=8.5, anchor="start"))
    parts.append("</svg>")
    return "".join(parts)


def _phase_bands(x_of: Callable[[float], float], phases: int, top: float, bottom: float) -> list[str]:
    """Tinted bands between the phases, every other one, and a thin line at each phase."""
    parts = []
    for phase in range(1, phases + 1):
        x = x_of(phase)
        if phase < phases:
            tint = "#f1f4f7" if phase % 2 else "#ffffff"
            parts.append(f'<rect x="{x:.1f}" y="{top - 4}" width="{x_of(phase + 1) - x:.1f}" height="{bottom - top + 4}" fill="{tint}"/>')
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}" stroke-width="0.5"/>')
    return parts


def _whisker(low: float, high: float, y: float, tick: float, colour: str = INK) -> str:
    """A 95% interval: a line from `low` to `high` with an end mark `tick` up and down at each side."""
    lines = [f'<line x1="{low:.1f}" y1="{y:.1f}" x2="{high:.1f}" y2="{y:.1f}" stroke="{colour}" stroke-width="1.2"/>']
    lines += [
        f'<line x1="{edge:.1f}" y1="{y - tick:.1f}" x2="{edge:.1f}" y2="{y + tick:.1f}" stroke="{colour}" stroke-width="1.2"/>'
        for edge in (low, high)
    ]
    return "".join(lines)


def _opacity(fraction: float) -> float:
    """The house colour's opacity for a place 0..1 on a scale (heat map, answer bar): never white, never solid."""
    return 0.12 + 0.78 * fraction


def _diamond(x: float, y: float, colour: str, dashed: bool) -> str:
    dash = ' stroke-dasharray="2 1.5"' if dashed else ""
    return (
        f'<polygon points="{x:.1f},{y - 5.5:.1f} {x + 5.5:.1f},{y:.1f} {x:.1f},{y + 5.5:.1f} {x - 5.5:.1f},{y:.1f}" '
        f'fill="white" fill-opacity="0.6" stroke="{colour}" stroke-width="1.6"{dash}/>'
    )


def distribution_bar(segments: Sequence[tuple[str, int]], palette: Palette = Palette(), description: str | None = None) -> str:
    """One stacked bar of the answers in whole percents, e.g. [('fase 1', 12), ('fase 2', 46), ...], each
    segment darker than the last, with its percent written in it where it fits, and a legend below."""
    width, height, left, bar_w, bar_h = 520, 44, 10, 500, 16
    parts = [_svg_root(width, height, "verdeling", "Verdeling van de antwoorden", description)]
    x: float = left
    count = max(1, len(segments) - 1)
    for k, (label, percent) in enumerate(segments):
        shade = _opacity(k / count)
        w = bar_w * percent / 100
        if w > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="{bar_h}" fill="{palette.primary}" fill-opacity="{shade:.2f}" stroke="white" stroke-width="0.8"/>'
            )
            text = f"{percent}%"
            if estimated_width(text, 8) < w - 4:
                parts.append(_text(x + w / 2, 15.5, text, size=8, fill="white" if shade > 0.55 else INK))
        legend_x = left + k * (bar_w / len(segments))
        parts.append(f'<rect x="{legend_x:.1f}" y="{bar_h + 14}" width="8" height="8" fill="{palette.primary}" fill-opacity="{shade:.2f}"/>')
        parts.append(_text(legend_x + 11, bar_h + 21.5, label, size=7.5, anchor="start"))
        x += w
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class ChangeRow:
    """One dimension then and now, for `development_chart`."""

    kort: str
    toen: float | None
    nu: float | None
    toen_interval: Sequence[float] | None
    nu_interval: Sequence[float] | None
    label: str
    """Right of the scale: '+1,0 · echt'."""


def development_chart(rows: Sequence[ChangeRow], phases: int, palette: Palette = Palette(), description: str | None = None) -> str:
    """Then against now, one row per dimension on a 1..N scale: an open circle with a grey interval
    above the row for then, a filled circle with its interval below it for now, and an arrow between.
    A row each instead of crossing lines: eleven slopes on one axis cannot be told apart."""
    label_width, scale_width, info_width = 140, 300, 110
    top, row_h = 24, 24
    width = label_width + scale_width + 12 + info_width
    bottom = top + row_h * len(rows)
    height = bottom + 30

    def x_of(value: float) -> float:
        return label_width + (value - 1) / max(1, phases - 1) * scale_width

    parts = [_svg_root(width, height, "ontwikkeling", "Score per dimensie bij de vorige meting en nu", description)]
    parts += _phase_bands(x_of, phases, top, bottom)
    parts += [_text(x_of(phase), top - 9, str(phase), size=9, weight="bold") for phase in range(1, phases + 1)]
    for i, row in enumerate(rows):
        y = top + i * row_h + row_h / 2
        parts.append(_text(label_width - 8, y + 3, wrapped(row.kort, label_width - 12, 9.5, most=1)[0], size=9.5, anchor="end"))
        if row.toen_interval is not None:
            low, high = (x_of(value) for value in row.toen_interval)
            parts.append(_whisker(low, high, y - 5, 2, colour=GRID))
        if row.nu_interval is not None:
            low, high = (x_of(value) for value in row.nu_interval)
            parts.append(_whisker(low, high, y + 5, 2))
        if row.toen is not None and row.nu is not None and abs(x_of(row.nu) - x_of(row.toen)) > 9:
            start, end = x_of(row.toen), x_of(row.nu)
            step = 5 if end > start else -5
            parts.append(
                f'<line x1="{start + step:.1f}" y1="{y:.1f}" x2="{end - step:.1f}" y2="{y:.1f}" stroke="{palette.primary}" stroke-width="1.2"/>'
            )
            parts.append(f'<path d="M{end - step:.1f},{y:.1f} l{-step:.1f},-3 l0,6 z" fill="{palette.primary}"/>')
        if row.toen is not None:
            parts.append(f'<circle cx="{x_of(row.toen):.1f}" cy="{y:.1f}" r="4" fill="white" stroke="{MUTED}" stroke-width="1.2"/>')
        if row.nu is not None:
            parts.append(f'<circle cx="{x_of(row.nu):.1f}" cy="{y:.1f}" r="4.2" fill="{palette.primary}" stroke="white" stroke-width="0.8"/>')
        parts.append(_text(label_width + scale_width + 12, y + 3, row.label, size=8.5, anchor="start"))
    legend_y = bottom + 18
    x = label_width
    parts.append(f'<circle cx="{x + 4}" cy="{legend_y - 3}" r="4" fill="white" stroke="{MUTED}" stroke-width="1.2"/>')
    parts.append(_text(x + 12, legend_y, "vorige meting", size=8.5, anchor="start"))
    x += 92
    parts.append(f'<circle cx="{x + 4}" cy="{legend_y - 3}" r="4" fill="{palette.primary}"/>')
    parts.append(_text(x + 12, legend_y, "nu", size=8.5, anchor="start"))
    x += 36
    parts.append(f'<line x1="{x}" y1="{legend_y - 3}" x2="{x + 22}" y2="{legend_y - 3}" stroke="{INK}" stroke-width="1.2"/>')
    parts.append(_text(x + 27, legend_y, "95%-interval (grijs: vorige meting)", size=8.5, anchor="start"))
    parts.append("</svg>")
    return "".join(parts)
