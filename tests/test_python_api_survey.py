"""The survey half of the Python API: what `batch` and `importeer` do, without the command line."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import json
import re
import shutil
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner

from volwassenheid import import_survey, read_ambition, read_survey, score_survey, write_batch
from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError

click_dutch.install()
ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "enquete-api.csv"
"""Shipped set 'samenwerking', every question answered. ZVH Noord: all 3, all 4, all 2.
ZVH Zuid: all 1, all 2, all 3, and all 5 with 'weet niet' for the four relaties questions."""
DAY = dt.date(2026, 10, 1)


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.write_text("\r\n".join(";".join(map(str, row)) for row in [header, *rows]) + "\r\n", encoding="utf-8")
    return path


def test_score_survey_in_memory_by_hand():
    survey = read_survey(FIXTURE)
    assert len(survey) == 7 and survey.partnerships == ["ZVH Noord", "ZVH Zuid"] and survey.problems == []
    noord, zuid = score_survey(survey, measured_on=DAY)
    assert (noord.job.name, zuid.job.name) == ("ZVH Noord", "ZVH Zuid")
    assert {d.id: d.score for d in noord.result.dimensies} == dict.fromkeys([d.id for d in noord.result.dimensies], 3.0)  # (3+4+2)/3
    assert noord.result.totaal.score == 3.0 and noord.result.totaal.respondenten == 3
    zuid_scores = {d.id: (d.score, d.n) for d in zuid.result.dimensies}
    assert zuid_scores.pop("relaties") == (2.0, 3)  # (1+2+3)/3: 'weet niet' does not count
    assert set(zuid_scores.values()) == {(2.75, 4)}  # (1+2+3+5)/4, nine dimensions
    assert zuid.result.totaal.score == pytest.approx((9 * 2.75 + 2.0) / 10)  # equal weights
    assert zuid.job.engagement.datum == DAY


def test_write_batch_writes_what_the_batch_command_writes_and_score_survey_returns(tmp_path):
    ambition = write_csv(tmp_path / "ambitie.csv", ["samenwerkingsverband", "dimensie", "fase"], [["*", "rollen", 4], ["ZVH Zuid", "relaties", 3]])
    command = run("batch", FIXTURE, "-o", tmp_path / "opdracht", "--ambitie", ambition, "--datum", "2026-10-01")
    assert command.exit_code == 0, command.output

    survey = read_survey(FIXTURE, "samenwerking")
    goals = read_ambition(ambition, survey.question_set)
    assert goals == {"*": {"rollen": 4}, "ZVH Zuid": {"relaties": 3}}
    progress: list[tuple[str, int, int]] = []
    result = write_batch(survey, tmp_path / "api", ambition=goals, measured_on=DAY, on_progress=lambda *call: progress.append(call))
    written = files_under(tmp_path / "api")
    assert written == files_under(tmp_path / "opdracht")
    assert sorted(written) == ["samenvatting.csv", "zvh-noord/advies.json", "zvh-noord/scores.json", "zvh-zuid/advies.json", "zvh-zuid/scores.json"]
    assert progress == [("ZVH Noord", 1, 2), ("ZVH Zuid", 2, 2)]
    assert (result.replaced_earlier, result.rejected_file, result.summary_file) == (False, None, tmp_path / "api" / "samenvatting.csv")
    assert [(s.name, s.slug, s.respondents, s.below_ambition) for s in result.summaries] == [
        ("ZVH Noord", "zvh-noord", 3, 1),
        ("ZVH Zuid", "zvh-zuid", 4, 2),
    ]

    for outcome in score_survey(survey, ambition=goals, measured_on=DAY):
        scores, advice = outcome.documents()
        assert json.loads(written[f"{outcome.job.slug}/scores.json"]) == scores
        assert json.loads(written[f"{outcome.job.slug}/advies.json"]) == advice
    again = write_batch(survey, tmp_path / "api", ambition=goals, measured_on=DAY)
    assert again.replaced_earlier and files_under(tmp_path / "api") == written


def test_rejected_rows_are_refused_or_skipped_and_listed(tmp_path):
    header = FIXTURE.read_text(encoding="utf-8").splitlines()[0].split(";")
    good = FIXTURE.read_text(encoding="utf-8").splitlines()[1].split(";")
    bad = ["x@y", "OM", "bestuur", "ZVH Noord", *good[4:]]
    export = write_csv(tmp_path / "e.csv", header, [good, bad])
    with pytest.raises(UserError) as refused:
        read_survey(export)
    assert "e.csv: 1 probleem; er is niets geschreven." in str(refused.value)
    assert "rij 3, kolom 'niveau': onbekend niveau 'bestuur'" in str(refused.value)
    survey = read_survey(export, skip_invalid=True)
    assert len(survey) == 1 and [(p.row, p.column) for p in survey.problems] == [(3, "niveau")]
    result = write_batch(survey, tmp_path / "uit", measured_on=DAY)
    assert result.rejected_file == tmp_path / "uit" / "afgewezen.csv"
    assert (
        result.rejected_file.read_text(encoding="utf-8-sig").splitlines()[1]
        == "3;niveau;\"onbekend niveau 'bestuur'; kies strategisch, tactisch of operationeel\""
    )


def test_import_survey_adds_e_codes_and_refuses_duplicates(make_engagement, tmp_path):
    folder = make_engagement([{"code": "R01", "organisatie": "Politie", "antwoorden": {"v1": 2, "v2": 2}}])
    header = ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2"]
    rows = [
        ["Anna Jansen", "OM", "tactisch", "Veiligheidshuis Testland", 4, 4],
        ["Bram de Wit", "OM", "operationeel", "veiligheidshuis  testland", 5, "wn"],
        ["Cor Smit", "OM", "operationeel", "Ander Huis", 1, 1],
    ]
    export = write_csv(tmp_path / "enquete.csv", header, rows)
    result = import_survey(folder, export)
    assert result.codes == ["E01", "E02"] and result.skipped_partnerships == 1 and result.problems == []
    assert result.source_id_folder == folder / "vertrouwelijk"
    saved = json.loads((folder / "interviews" / "E02.json").read_text(encoding="utf-8"))
    assert (saved["bron"], saved["niveau"], saved["antwoorden"]["v1"]["waarde"], saved["antwoorden"]["v2"]["waarde"]) == (
        "enquete",
        "operationeel",
        5,
        "weet_niet",
    )
    assert "Bram" not in json.dumps(saved)
    assert json.loads((folder / "vertrouwelijk" / "E02.json").read_text(encoding="utf-8"))["bron_id"] == "Bram de Wit"

    before = files_under(folder)
    with pytest.raises(UserError) as refused:
        import_survey(folder, export)
    assert "enquete.csv: 2 rijen al geïmporteerd; er is niets geschreven." in str(refused.value)
    assert "rij 2, kolom 'respondent': al eerder geïmporteerd (als E01)" in str(refused.value)
    assert files_under(folder) == before

    mixed = write_csv(
        tmp_path / "tweede.csv",
        header,
        [[" anna JANSEN", "OM", "tactisch", "Veiligheidshuis Testland", 3, 3], ["Dirk Bos", "OM", "tactisch", "Veiligheidshuis Testland", 3, 3]],
    )
    result = import_survey(folder, mixed, skip_invalid=True)
    assert result.codes == ["E03"] and result.skipped_partnerships == 0
    assert [str(p) for p in result.problems] == ["rij 2, kolom 'respondent': al eerder geïmporteerd (als E01)"]


def test_import_survey_writes_what_importeer_writes(make_engagement, tmp_path):
    header = ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2"]
    export = write_csv(
        tmp_path / "enquete.csv",
        header,
        [["p1", "OM", "tactisch", "Veiligheidshuis Testland", 4, 4], ["p2", "Politie", "strategisch", "Veiligheidshuis Testland", "n.v.t.", 2]],
    )
    by_command, by_api = make_engagement([], name="opdracht"), make_engagement([], name="api")
    assert run("importeer", by_command, export).exit_code == 0
    import_survey(by_api, export)
    assert files_under(by_api) == files_under(by_command)


def test_the_survey_api_needs_no_command_line_modules():
    code = (
        "import sys, volwassenheid.app.survey, volwassenheid.app.survey_import, volwassenheid.app.batch_workers\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'rich') or m.startswith('volwassenheid.cli')))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert shown.strip() == "[]"


def test_the_collector_stays_paused_while_a_survey_is_read_and_scored(tmp_path, monkeypatch):
    """Python's cycle collector would scan the survey's cells again and again (a third of the run
    time at 100,000 rows): it is paused while they are read and scored, and the table of cells is
    gone before it runs again."""
    from volwassenheid.app import batch_workers
    from volwassenheid.app import survey as survey_api

    tables: list[weakref.ref] = []
    collector_on: dict[str, list[bool]] = {"reading": [], "scoring": []}
    real_read, real_score, real_enable = survey_api.read_table, batch_workers.score_partnership, gc.enable

    def reading(*args):
        table = real_read(*args)
        tables.append(weakref.ref(table))
        collector_on["reading"].append(gc.isenabled())
        return table

    def scoring(*args):
        collector_on["scoring"].append(gc.isenabled())
        return real_score(*args)

    table_alive_when_collector_resumed: list[bool] = []

    def enable():
        table_alive_when_collector_resumed.append(any(table() is not None for table in tables))
        real_enable()

    monkeypatch.setattr(survey_api, "read_table", reading)
    monkeypatch.setattr(batch_workers, "score_partnership", scoring)
    monkeypatch.setattr(gc, "enable", enable)
    assert gc.isenabled()
    survey = read_survey(FIXTURE)
    write_batch(survey, tmp_path / "uit", measured_on=DAY)
    assert gc.isenabled()
    assert collector_on == {"reading": [False], "scoring": [False, False]}
    assert table_alive_when_collector_resumed and not any(table_alive_when_collector_resumed)


def test_the_documented_example_runs(tmp_path, monkeypatch):
    text = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    example = next(block for block in blocks if "# test: enquete\n" in block)
    shown = re.search(r"Uitvoer:\n\n```text\n(.*?)```", text, re.DOTALL)
    assert shown is not None
    shutil.copy(FIXTURE, tmp_path / "enquete.csv")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "docs/python-api.md", "exec"), {"__name__": "voorbeeld"})  # our own docs
    assert printed.getvalue() == shown.group(1)
    assert files_under(tmp_path / "resultaten").keys() == {
        "samenvatting.csv",
        "zvh-noord/scores.json",
        "zvh-noord/advies.json",
        "zvh-zuid/scores.json",
        "zvh-zuid/advies.json",
    }


def test_worker_processes_get_the_question_set_once_and_jobs_only_their_answers(tmp_path, monkeypatch):
    """The shared context travels to each worker process once (the pool's initializer);
    what is sent per partnership holds its answers, never the question set's texts."""
    import concurrent.futures
    import pickle

    from volwassenheid.app import batch_workers

    sent: dict[str, list] = {"initargs": [], "jobs": []}

    class WatchedPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            sent["initargs"].append(kwargs.get("initargs"))
            super().__init__(*args, **kwargs)

        def submit(self, fn, /, *args, **kwargs):
            sent["jobs"].append(pickle.dumps((fn, args, kwargs)))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", WatchedPool)
    monkeypatch.setattr(batch_workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(batch_workers, "PARALLEL_FROM_ROWS", 1)
    survey = read_survey(FIXTURE)
    write_batch(survey, tmp_path / "parallel", measured_on=DAY)
    [(context,)] = sent["initargs"]
    assert context.question_set is survey.question_set and context.shown == tmp_path / "parallel"
    question_text = survey.question_set.vragen[0].tekst.encode()
    assert question_text in pickle.dumps(context)
    assert len(sent["jobs"]) == 2 and not any(question_text in job for job in sent["jobs"])
    monkeypatch.setattr(batch_workers, "PARALLEL_FROM_ROWS", 10**9)
    write_batch(survey, tmp_path / "serieel", measured_on=DAY)
    assert files_under(tmp_path / "parallel") == files_under(tmp_path / "serieel")
