"""Benchmarks: measured here, never asserted in the test suite.

    python bench/bench.py            # all
    python bench/bench.py --snel     # fewer repetitions
    python bench/bench.py --zonder-pdf   # without the minute of batch --pdf
    python bench/bench.py --alleen-batch --zonder-pdf   # only the batch command

Prints the wall time of `volwassenheid --help`, which heavy modules the light
commands import, the scoring throughput on synthetic data (10,000 respondents
x 40 questions), and the report's render time for the bundled example and for
a traject of 200 respondents, with WeasyPrint's share, and the batch command
on 100,000 survey rows beside pandas reading the same file.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from volwassenheid.core.questionset import QuestionSet
from volwassenheid.core.scoring import Respondent, score_engagement

HEAVY = ("weasyprint", "pydantic", "rich", "questionary")


def cli_wall_times(args: list[str], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "volwassenheid", *args], capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def heavy_imports(args: list[str]) -> list[str]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "volwassenheid", *args], capture_output=True, text=True, cwd=ROOT)
    names = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    return [name for name in HEAVY if name in names]


def synthetic_set(dimensions: int = 10, per_dimension: int = 4, phases: int = 5) -> QuestionSet:
    return QuestionSet.model_validate(
        {
            "id": "synthetisch",
            "naam": "Synthetisch",
            "versie": "1",
            "fasen": [{"nummer": i, "naam": f"F{i}", "beschrijving": "-"} for i in range(1, phases + 1)],
            "dimensies": [{"id": f"d{d}", "naam": f"D{d}", "beschrijving": "-"} for d in range(dimensions)],
            "vragen": [
                {"id": f"d{d}q{q}", "dimensie": f"d{d}", "tekst": "?", "opties": ["-"] * phases}
                for d in range(dimensions)
                for q in range(per_dimension)
            ],
        }
    )


def synthetic_respondents(question_set: QuestionSet, count: int, seed: int = 1) -> list[Respondent]:
    rng = random.Random(seed)
    organisations = [f"Organisatie {i}" for i in range(9)]
    levels = ["strategisch", "tactisch", "operationeel"]
    ids = question_set.question_ids()
    choices = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, "weet_niet", "nvt"]
    return [Respondent(f"R{i:05d}", rng.choice(organisations), rng.choice(levels), {q: rng.choice(choices) for q in ids}) for i in range(count)]


def report_timing(label: str, engagement, question_set, interviews) -> None:
    """Our part (scores, advice, report data, HTML) against WeasyPrint's (layout, PDF)."""
    from volwassenheid.core.assessment import assess_interviews
    from volwassenheid.report.data import build_report
    from volwassenheid.report.pdf import render_pdf
    from volwassenheid.report.render import render_html
    from volwassenheid.report.templates import default_template_dir

    start = time.perf_counter()
    data = build_report(assess_interviews(question_set, engagement, interviews))
    html = render_html(data, default_template_dir())
    ours = time.perf_counter() - start
    start = time.perf_counter()
    rendered = render_pdf(data, default_template_dir(), html=html)
    weasy = time.perf_counter() - start
    total = ours + weasy
    print(
        f"rapport {label}: {total:.2f} s ({rendered.pages} pagina's, {len(rendered.pdf) // 1024} KB); "
        f"eigen code {ours:.2f} s, WeasyPrint {weasy:.2f} s ({weasy / total:.0%})"
    )


def synthetic_engagement(count: int):
    """The example traject with `count` synthetic respondents in place of its own."""
    from volwassenheid.core.models import Answer, Interview, QuestionSetRef
    from volwassenheid.storage.resources import data_dir
    from volwassenheid.storage.traject_folder import load_engagement

    loaded = load_engagement(data_dir("voorbeelden") / "zorg-en-veiligheidshuis")
    question_set = loaded.question_set
    ref = QuestionSetRef(id=question_set.id, versie=question_set.versie)
    interviews = [
        Interview(
            code=r.code,
            organisatie=r.organisation,
            niveau=r.level,
            vragenlijst=ref,
            afgerond=True,
            antwoorden={q: Answer(waarde=v) for q, v in r.answers.items()},
        )
        for r in synthetic_respondents(question_set, count, seed=7)
    ]
    return loaded.engagement, question_set, interviews


BATCH_SET = "samenwerking@1.0"


def write_big_export(path: Path, rows: int = 100_000, partnerships: int = 50) -> None:
    """A survey export like the real ones: ';', 40 questions, some weet niet and blanks.
    On set 1.0 (BATCH_SET), so the figures stay comparable with those measured before 2.0."""
    from volwassenheid.storage.question_sets import find_question_set

    ids = find_question_set(BATCH_SET).question_ids()
    rng = random.Random(3)
    values = ["1", "2", "3", "4", "5", "2", "3", "4", "wn", "nvt", ""]
    organisations = [f"Organisatie {i}" for i in range(9)]
    levels = ["strategisch", "tactisch", "operationeel"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(";".join(["respondent", "organisatie", "niveau", "samenwerkingsverband", *ids]) + "\r\n")
        for i in range(rows):
            answers = ";".join(rng.choice(values) for _ in ids)
            handle.write(f"r{i};{rng.choice(organisations)};{rng.choice(levels)};Veiligheidshuis {i % partnerships:02d};{answers}\r\n")


def batch_timing(with_pdf: bool = True) -> None:
    """The whole `batch` command against pandas reading the same file, both ways:
    as commands (interpreter start and imports included) and in one process."""
    import resource

    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "groot.csv"
        write_big_export(export)
        size = export.stat().st_size // (1024 * 1024)
        command = [sys.executable, "-m", "volwassenheid", "batch", str(export), "-o", str(Path(folder) / "uit"), "--vragenlijst", BATCH_SET]
        reading = pandas_command(export)
        # in turn, so that a machine that speeds up or slows down meanwhile weighs on both alike
        ours, theirs = [], []
        for _ in range(5):
            ours.append(run_seconds(command))
            if reading:
                theirs.append(run_seconds(reading))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(
            f"batch 100.000 rijen x 40 vragen, 50 samenwerkingsverbanden ({size} MB): min {min(ours):.2f} s van 5, "
            f"piekgeheugen {peak} MB (doel < 5 s, < 500 MB)"
        )
        inside = min(batch_in_process(export, Path(folder) / f"binnen{i}") for i in range(3))
        pandas_comparison(export, ours, theirs, inside)
        spreadsheet_timing(export, Path(folder))
        if with_pdf:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = run_seconds([*command[:-1], str(Path(folder) / "pdf"), "--pdf"])
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            print(f"batch --pdf, 50 rapporten: {wall:.1f} s wandtijd, {cpu:.1f} s processortijd ({cpu / wall:.1f} kernen bezet)")


def weasyprint_command_seconds(html: Path, pdf: Path) -> float:
    """WeasyPrint's own command on the report's HTML, with the template folder as base (its CSS and font)."""
    from volwassenheid.report.templates import default_template_dir

    command = [str(Path(sys.executable).with_name("weasyprint")), "-q", "-u", f"{default_template_dir()}/", str(html), str(pdf)]
    return run_seconds(command)


def run_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def pandas_command(export: Path) -> list[str] | None:
    """pandas (import and read_csv of the same file) as a command; None without pandas."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-c", f"import pandas; pandas.read_csv({str(export)!r}, sep=';', dtype=str)"]


def pandas_comparison(export: Path, ours: list[float], theirs: list[float], inside: float) -> None:
    if not theirs:
        print("  pandas niet geïnstalleerd: pip install '.[bench]' voor de vergelijking")
        return
    import pandas

    reads = []
    for _ in range(3):
        start = time.perf_counter()
        pandas.read_csv(export, sep=";", dtype=str)
        reads.append(time.perf_counter() - start)
    ratios = sorted(a / b for a, b in zip(ours, theirs, strict=True))
    print(
        f"  als opdracht, om de beurt: pandas (import + read_csv) min {min(theirs):.2f} s; batch is {min(ours) / min(theirs):.1f}x zo lang "
        f"(mediaan per beurt {statistics.median(ratios):.2f}x, van {ratios[0]:.2f}x tot {ratios[-1]:.2f}x; doel <= 3x)"
    )
    print(f"  in één proces: read_csv {min(reads):.2f} s, batch {inside:.2f} s; batch is {inside / min(reads):.1f}x zo lang")


def spreadsheet_timing(export: Path, folder: Path, rows: int = 20_000) -> None:
    """The same survey's first rows as .xlsx, as Microsoft Forms exports it."""
    try:
        from openpyxl import Workbook
    except ImportError:
        print("  openpyxl niet geïnstalleerd (pip install '.[test]'): geen meting voor .xlsx")
        return
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Antwoorden")
    with export.open(encoding="utf-8") as lines:
        for line in islice(lines, rows + 1):
            sheet.append([int(cell) if cell.isdigit() else cell for cell in line.rstrip("\r\n").split(";")])
    spreadsheet = folder / "groot.xlsx"
    workbook.save(spreadsheet)
    seconds = run_seconds([sys.executable, "-m", "volwassenheid", "batch", str(spreadsheet), "-o", str(folder / "xlsx")])
    print(f"batch {rows:,} rijen als .xlsx ({spreadsheet.stat().st_size // 1024} KB): {seconds:.2f} s".replace(",", "."))


def batch_in_process(export: Path, output: Path) -> float:
    """The batch command run in this process (the first of several runs also imports its modules)."""
    import contextlib
    import io

    from volwassenheid.cli.main import cli

    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(["batch", str(export), "-o", str(output), "--vragenlijst", BATCH_SET], standalone_mode=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--snel", action="store_true", help="minder herhalingen")
    parser.add_argument("--zonder-pdf", action="store_true", help="sla batch --pdf over (50 rapporten, ongeveer een minuut)")
    parser.add_argument("--alleen-batch", action="store_true", help="meet alleen de batch-opdracht")
    options = parser.parse_args()
    repeats = 3 if options.snel else 10
    if options.alleen_batch:
        batch_timing(with_pdf=not options.zonder_pdf)
        return

    help_times = cli_wall_times(["--help"], repeats)
    print(f"volwassenheid --help: mediaan {statistics.median(help_times):.3f} s, min {min(help_times):.3f} s ({repeats}x; doel < 0,25 s)")
    for args in (["--help"], ["vragen", "lijst"], ["score", "--help"]):
        print(f"  zware imports bij {' '.join(args)}: {', '.join(heavy_imports(args)) or 'geen'}")

    question_set = synthetic_set()
    people = synthetic_respondents(question_set, 10_000)
    runs = []
    for _ in range(max(3, repeats // 2)):
        start = time.perf_counter()
        score_engagement(question_set, people, {f"d{d}": 4 for d in range(10)})
        runs.append(time.perf_counter() - start)
    best = min(runs)
    rate = f"{10_000 / best:,.0f}".replace(",", ".")
    print(f"scoren 10.000 respondenten x 40 vragen: mediaan {statistics.median(runs):.3f} s, min {best:.3f} s ({rate} respondenten/s; doel < 1 s)")

    from volwassenheid.storage.resources import data_dir
    from volwassenheid.storage.traject_folder import load_engagement

    start = time.perf_counter()
    import weasyprint  # noqa: F401  (imported once here, so the timings below are the rendering itself)

    print(f"import weasyprint: {time.perf_counter() - start:.2f} s")
    example = load_engagement(data_dir("voorbeelden") / "zorg-en-veiligheidshuis")
    report_timing("voorbeeld (16 respondenten)", example.engagement, example.question_set, example.interviews)
    report_timing("200 respondenten", *synthetic_engagement(200))
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo"
        times = cli_wall_times(["demo", "--map", str(demo)], 1)
        cli_wall_times(["rapport", str(demo), "--html", str(Path(folder) / "r.html")], 1)
        ours, theirs = [], []
        for _ in range(3):  # in turns, so that a busy moment of the machine falls on both
            ours += cli_wall_times(["rapport", str(demo), "-o", str(Path(folder) / "r.pdf")], 1)
            theirs.append(weasyprint_command_seconds(Path(folder) / "r.html", Path(folder) / "w.pdf"))
    print(f"volwassenheid rapport (hele opdracht, voorbeeld): min {min(ours):.2f} s; demo: {times[0]:.2f} s")
    print(f"weasyprint (hele opdracht, dezelfde HTML): min {min(theirs):.2f} s; verhouding {min(ours) / min(theirs):.2f}x (doel <= 1,2x)")
    batch_timing(with_pdf=not options.zonder_pdf)


if __name__ == "__main__":
    main()
