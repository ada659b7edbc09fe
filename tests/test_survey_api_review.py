"""Findings of the review of the survey API (read_survey, write_batch, import_survey), each reproduced."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from volwassenheid import read_survey, write_batch
from volwassenheid.core.errors import UserError
from volwassenheid.storage import atomic

FIXTURE = Path(__file__).parent / "fixtures" / "enquete-api.csv"
DAY = dt.date(2026, 10, 1)


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- one atomic write that refuses in Dutch; the staged swap leaves nothing behind ---------------


def test_write_or_refuse_names_the_file_as_shown_and_the_untouched_folder(tmp_path, monkeypatch):
    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(atomic, "_write_and_rename", disk_full)
    with pytest.raises(UserError) as refused:
        atomic.write_or_refuse(tmp_path / ".staging" / "a.json", b"{}", tmp_path / "uit" / "a.json", untouched=tmp_path / "uit")
    assert str(refused.value) == (
        f"Kan '{tmp_path / 'uit' / 'a.json'}' niet schrijven: de schijf is vol; maak ruimte vrij en probeer het opnieuw. Er is niets in {tmp_path / 'uit'} gezet."
    )
    with pytest.raises(UserError, match=r"^Kan '.*b\.txt' niet schrijven: de schijf is vol; maak ruimte vrij en probeer het opnieuw\.$"):
        atomic.write_or_refuse(tmp_path / "b.txt", "tekst")


@pytest.mark.parametrize("failing_rename", ["aside", "in"])
def test_a_failed_swap_keeps_the_earlier_results_and_leaves_no_hidden_folder(tmp_path, monkeypatch, failing_rename):
    survey = read_survey(FIXTURE)
    out = tmp_path / "uit"
    write_batch(survey, out, measured_on=DAY)
    before = files_under(out)
    real_replace = os.replace

    def refused(source, target):
        moving_aside = Path(source) == out.absolute()
        moving_in = Path(target) == out.absolute() and ".vorige." not in str(source)
        if (failing_rename == "aside" and moving_aside) or (failing_rename == "in" and moving_in):
            raise OSError(errno.EBUSY, "Device or resource busy", str(source))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(UserError, match="het bestand of de map is in gebruik"):
        write_batch(survey, out, measured_on=dt.date(2027, 1, 1))
    monkeypatch.setattr(os, "replace", real_replace)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit"]  # no '.uit.vorige.*.tmp' and no staging folder
    assert files_under(out) == before


# --- an existing path of the wrong kind is named for what it is -----------------------------------


def test_a_folder_or_fifo_given_as_survey_is_named_for_what_it_is(tmp_path):
    with pytest.raises(UserError) as folder:
        read_survey(tmp_path)  # a folder is read as filled Excel forms (test_excel_form.py): an empty one holds none
    assert str(folder.value) == f"{tmp_path}: de map bevat geen ingevulde Excel-formulieren (.xlsx)."
    fifo = tmp_path / "enquete.csv"
    os.mkfifo(fifo)
    with pytest.raises(UserError) as pipe:
        read_survey(fifo)  # refused, never waited on
    assert str(pipe.value).startswith(f"{fifo}: is geen gewoon bestand maar een named pipe (FIFO)")
    with pytest.raises(UserError, match="bestand bestaat niet"):
        read_survey(tmp_path / "nergens.csv")


def test_a_file_where_the_output_folder_should_be_is_named_as_a_file(tmp_path):
    survey = read_survey(FIXTURE)
    a_file = tmp_path / "uitvoer"
    a_file.write_text("van iemand anders", encoding="utf-8")
    with pytest.raises(UserError) as under_a_file:
        write_batch(survey, a_file / "x", measured_on=DAY)
    assert str(under_a_file.value) == f"Kan map '{a_file / 'x'}' niet maken: '{a_file}' is een bestand, geen map. Er is niets geschreven."
    with pytest.raises(UserError) as is_a_file:
        write_batch(survey, a_file, measured_on=DAY)
    assert str(is_a_file.value).startswith(f"{a_file}: is een bestand, geen map;")
    assert a_file.read_text(encoding="utf-8") == "van iemand anders"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uitvoer"]


# --- two imports at the same moment take turns -------------------------------------------------

SMALL_HEADER = ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2"]
OURS = "Veiligheidshuis Testland"


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.write_text("\r\n".join(";".join(map(str, row)) for row in [header, *rows]) + "\r\n", encoding="utf-8")
    return path


def people(first: int, last: int) -> list[list[object]]:
    return [[f"p{n}@voorbeeld.nl", "OM", "tactisch", OURS, 1 + n % 5, 3] for n in range(first, last + 1)]


def _import_meeting_the_other(folder: Path, export: Path, skip_invalid: bool, barrier, results) -> None:
    """In a child process: import, but after the look for earlier imports wait (at most a second)
    for the other process to have looked too. Without a lock both look before either writes."""
    import threading

    from volwassenheid import import_survey
    from volwassenheid.storage import respondents

    real_look = respondents.imported_ids

    def look_and_meet(folder):
        found = real_look(folder)
        with contextlib.suppress(threading.BrokenBarrierError):  # the other one waits for the lock, or has finished
            barrier.wait(timeout=1)
        return found

    respondents.imported_ids = look_and_meet
    try:
        results.put(("toegevoegd", import_survey(folder, export, skip_invalid=skip_invalid).codes))
    except UserError as error:
        results.put(("geweigerd", str(error)))


@pytest.mark.parametrize("round_number", range(3))
def test_two_imports_at_the_same_moment_import_everyone_once(make_engagement, tmp_path, round_number):
    import json
    import multiprocessing

    folder = make_engagement([])
    first = write_csv(tmp_path / "eerste.csv", SMALL_HEADER, people(1, 20))
    second = write_csv(tmp_path / "tweede.csv", SMALL_HEADER, people(1, 20) if round_number == 0 else people(1, 25))
    skip_invalid = round_number > 0  # then the second file's new rows go on
    fork = multiprocessing.get_context("fork")
    barrier, results = fork.Barrier(2), fork.Queue()
    children = [fork.Process(target=_import_meeting_the_other, args=(folder, export, skip_invalid, barrier, results)) for export in (first, second)]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=60)
    expected = 20 if round_number == 0 else 25
    interviews = sorted(p.stem for p in (folder / "interviews").glob("*.json"))
    source_ids = [json.loads(p.read_text(encoding="utf-8"))["bron_id"] for p in (folder / "vertrouwelijk").glob("*.json")]
    assert len(interviews) == expected and sorted(source_ids) == sorted({f"p{n}@voorbeeld.nl" for n in range(1, expected + 1)}), outcomes
    assert interviews == [f"E{n:02d}" for n in range(1, expected + 1)]
    assert sum(len(codes) for kind, codes in outcomes if kind == "toegevoegd") == expected
    assert any(kind == "geweigerd" and "al geïmporteerd; er is niets geschreven" in text for kind, text in outcomes) or skip_invalid


def test_without_flock_a_second_import_is_refused_naming_the_lock_file(make_engagement, tmp_path, monkeypatch):
    from volwassenheid import import_survey
    from volwassenheid.storage import respondents

    monkeypatch.setattr(respondents, "_lock_exclusively", None)
    folder = make_engagement([])
    export = write_csv(tmp_path / "e.csv", SMALL_HEADER, people(1, 2))
    lock = folder / "vertrouwelijk" / ".importeer.lock"
    with respondents.import_lock(folder):
        with pytest.raises(UserError) as refused:
            import_survey(folder, export)
        assert str(refused.value).startswith(f"{lock}: er loopt al een import in dit traject")
    assert not lock.exists()
    assert import_survey(folder, export).codes == ["E01", "E02"]


# --- an ambition or a date given in Python is checked as a file is -----------------------------


@pytest.mark.parametrize(
    ("ambition", "fault"),
    [
        ({"*": {"rollen": 9}}, "alle samenwerkingsverbanden ('*'), dimensie 'rollen': fase moet een geheel getal 1 t/m 5 zijn (gegeven: 9)"),
        ({"ZVH Noord": {"rollen": 0}}, "'ZVH Noord', dimensie 'rollen': fase moet een geheel getal 1 t/m 5 zijn (gegeven: 0)"),
        ({"ZVH Noord": {"rollen": "4"}}, "'ZVH Noord', dimensie 'rollen': fase moet een geheel getal 1 t/m 5 zijn (gegeven: '4')"),
        ({"ZVH Noord": {"rollen": True}}, "'ZVH Noord', dimensie 'rollen': fase moet een geheel getal 1 t/m 5 zijn (gegeven: True)"),
        ({"ZVH Zuid": {"relatis": 3}}, "'ZVH Zuid': onbekende dimensie 'relatis'; bekend zijn: doel, relaties, rollen,"),
        ({"ZVH Zuid": 3}, "'ZVH Zuid': verwacht {dimensie: fase}, gegeven: 3"),
    ],
)
def test_a_bad_ambition_is_a_dutch_user_error_naming_partnership_and_dimension(tmp_path, ambition, fault):
    survey = read_survey(FIXTURE)
    from volwassenheid import score_survey

    for attempt in (
        lambda: score_survey(survey, ambition=ambition, measured_on=DAY),
        lambda: write_batch(survey, tmp_path / "uit", ambition=ambition),
    ):
        with pytest.raises(UserError) as refused:
            attempt()
        assert refused.value.message == "Ongeldige doelfase; er is niets geschreven."
        assert len(refused.value.details) == 1 and refused.value.details[0].startswith(fault)
    assert not (tmp_path / "uit").exists()


def test_an_ambition_in_python_works_as_the_same_ambition_read_from_a_file(tmp_path):
    from volwassenheid import read_ambition, score_survey

    survey = read_survey(FIXTURE)
    ambition_file = write_csv(tmp_path / "a.csv", ["samenwerkingsverband", "dimensie", "fase"], [["*", "ROLLEN", 4], ["zvh zuid", "Relaties", 3]])
    from_file = read_ambition(ambition_file)
    by_hand = {"*": {"ROLLEN": 4}, "zvh zuid": {"Relaties": 3}}  # dimensions in any case, as in a file
    summaries = [(o.job.name, o.job.engagement.doelfase) for o in score_survey(survey, ambition=by_hand, measured_on=DAY)]
    assert summaries == [("ZVH Noord", {"rollen": 4}), ("ZVH Zuid", {"rollen": 4, "relaties": 3})]
    assert summaries == [(o.job.name, o.job.engagement.doelfase) for o in score_survey(survey, ambition=from_file, measured_on=DAY)]
    summary = write_batch(survey, tmp_path / "uit", ambition=by_hand, measured_on=DAY).summaries
    assert [(s.name, s.has_ambition, s.below_ambition) for s in summary] == [("ZVH Noord", True, 1), ("ZVH Zuid", True, 2)]


def test_a_measurement_moment_counts_by_its_day_and_anything_else_is_refused_in_dutch():
    from volwassenheid import score_survey

    survey = read_survey(FIXTURE)
    at_half_past_two = score_survey(survey, measured_on=dt.datetime(2026, 10, 1, 14, 30))
    assert [o.job.engagement.datum for o in at_half_past_two] == [DAY, DAY]
    assert [o.documents() for o in at_half_past_two] == [o.documents() for o in score_survey(survey, measured_on=DAY)]
    with pytest.raises(UserError, match=r"^measured_on moet een datum zijn \(datetime\.date\), niet str '2026-10-01'\.$"):
        score_survey(survey, measured_on="2026-10-01")  # type: ignore[arg-type]
    with pytest.raises(UserError) as out_of_range:
        score_survey(survey, measured_on=dt.date(1800, 1, 1))
    assert out_of_range.value.message == f"{FIXTURE}: kan niet gescoord worden." and out_of_range.value.details[0].startswith("datum: ")


# --- the API names its own parameter; the command line its option -------------------------------


def test_the_api_names_skip_invalid_and_the_commands_name_overslaan(make_engagement, tmp_path):
    from click.testing import CliRunner

    from volwassenheid import import_survey
    from volwassenheid.cli import click_dutch
    from volwassenheid.cli.main import cli

    click_dutch.install()
    folder = make_engagement([])
    export = write_csv(tmp_path / "e.csv", SMALL_HEADER, [*people(1, 2), ["p3", "OM", "bestuur", OURS, 3, 3]])
    for call in (lambda: read_survey(export, folder / "mini.yaml"), lambda: import_survey(folder, export)):
        with pytest.raises(UserError) as refused:
            call()
        assert refused.value.message == f"{export}: 1 probleem; er is niets geschreven. Met skip_invalid=True gaan de geldige rijen door."
    for command in (["batch", export, "-o", tmp_path / "uit", "--vragenlijst", folder / "mini.yaml"], ["importeer", folder, export]):
        result = CliRunner().invoke(cli, list(map(str, command)))
        assert result.exit_code == 1 and f"{export}: 1 probleem; er is niets geschreven. Met --overslaan gaan de geldige rijen door." in result.output
        assert "skip_invalid" not in result.output and "rij 4, kolom 'niveau': onbekend niveau 'bestuur'" in result.output


# --- what is given but not used is said ---------------------------------------------------------


def test_a_partnership_name_the_file_overrules_is_noted(tmp_path):
    with_column = read_survey(FIXTURE, partnership="Mijn Naam")
    assert with_column.partnerships == ["ZVH Noord", "ZVH Zuid"]
    assert "de naam 'Mijn Naam' is niet gebruikt: het bestand heeft een kolom samenwerkingsverband, en die geldt" in with_column.notes
    assert not any("Mijn Naam" in note for note in read_survey(FIXTURE).notes)
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    without = tmp_path / "zonder.csv"
    without.write_text("\n".join(";".join(c for i, c in enumerate(line.split(";")) if i != 3) for line in lines) + "\n", encoding="utf-8")
    named = read_survey(without, partnership="Mijn Naam")
    assert named.partnerships == ["Mijn Naam"] and not any("Mijn Naam" in note for note in named.notes)


def test_an_ambition_for_a_partnership_not_in_the_survey_is_noted(tmp_path):
    from click.testing import CliRunner

    from volwassenheid.cli.main import cli

    survey = read_survey(FIXTURE)
    result = write_batch(
        survey, tmp_path / "uit", ambition={"*": {"rollen": 4}, "zvh  NOORD": {"rollen": 3}, "ZVH Tset": {"rollen": 2}}, measured_on=DAY
    )
    assert result.notes == ["de doelfase voor 'ZVH Tset' is niet gebruikt: dat samenwerkingsverband staat niet in de enquête"]
    two = write_batch(survey, tmp_path / "uit", ambition={"ZVH Tset": {"rollen": 2}, "Oost": {"rollen": 2}}, measured_on=DAY)
    assert two.notes == ["de doelfase voor 'ZVH Tset' en 'Oost' is niet gebruikt: die samenwerkingsverbanden staan niet in de enquête"]
    assert write_batch(survey, tmp_path / "uit", ambition={"*": {"rollen": 4}}, measured_on=DAY).notes == []
    ambition = write_csv(tmp_path / "a.csv", ["samenwerkingsverband", "dimensie", "fase"], [["ZVH Tset", "rollen", 4]])
    printed = CliRunner().invoke(cli, ["batch", str(FIXTURE), "-o", str(tmp_path / "cli"), "--ambitie", str(ambition)], env={"COLUMNS": "300"})
    assert (
        printed.exit_code == 0
        and "Let op: de doelfase voor 'ZVH Tset' is niet gebruikt: dat samenwerkingsverband staat niet in de enquête." in printed.output
    )


# --- only this partnership's rows count for importeer -------------------------------------------


def test_a_bad_row_of_another_partnership_neither_blocks_nor_is_listed(make_engagement, tmp_path):
    from volwassenheid import import_survey

    folder = make_engagement([])
    others = [["q1", "OM", "bestuur", "Ander Huis", 3, 3], ["q2", "OM", "tactisch", "Ander Huis", 9, 3]]
    export = write_csv(tmp_path / "e.csv", SMALL_HEADER, [*people(1, 2), *others])
    result = import_survey(folder, export)
    assert result.codes == ["E01", "E02"] and result.problems == [] and result.skipped_partnerships == 1  # 'Ander Huis' is still named
    ours_bad = write_csv(tmp_path / "f.csv", SMALL_HEADER, [*people(3, 4), *others, ["p5", "OM", "tactisch", " veiligheidshuis testland", 9, 3]])
    with pytest.raises(UserError) as refused:
        import_survey(folder, ours_bad)
    assert refused.value.details == ["rij 6, kolom 'v1': fase 9 bestaat niet; kies 1 t/m 5, wn of nvt"]  # not rows 4 and 5
    skipped = import_survey(folder, ours_bad, skip_invalid=True)
    assert skipped.codes == ["E03", "E04"] and [p.row for p in skipped.problems] == [6]


def test_a_row_whose_partnership_cannot_be_read_still_counts(make_engagement, tmp_path):
    from volwassenheid import import_survey

    folder = make_engagement([])
    export = tmp_path / "e.csv"
    lines = [
        ";".join(SMALL_HEADER),
        *(";".join(map(str, row)) for row in people(1, 2)),
        'q1;OM;tactisch;"Ander Huis;3;3',
        "q2;OM;tactisch;Ander\x07Huis;3;3",
    ]
    export.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        import_survey(folder, export)
    assert [d.split(":")[0] for d in refused.value.details] == ["rij 4", "rij 5, kolom 'samenwerkingsverband'"]
    assert [p.row for p in import_survey(folder, export, skip_invalid=True).problems] == [4, 5]


def test_no_hint_to_skip_when_no_valid_row_would_be_left(tmp_path):
    export = write_csv(tmp_path / "e.csv", ["respondent", "organisatie", "v1"], [["p1", "OM", 3]])  # no column niveau
    with pytest.raises(UserError) as refused:
        read_survey(export, str(Path(__file__).parent / "fixtures" / "mini.yaml"))
    assert refused.value.message == f"{export}: 1 probleem; er is niets geschreven."
