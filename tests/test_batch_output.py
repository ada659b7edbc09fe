"""Where batch writes, what it says, and who counts as the same respondent."""

from __future__ import annotations

import csv
import errno
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.partnerships import RESERVED_FOLDERS, slug
from volwassenheid.core.validation import control_characters

click_dutch.install()
HEADER = ["respondent", "organisatie", "niveau", "samenwerkingsverband", "v1", "v2"]


def run(*args, env=None):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid", env=env)


def write_export(path: Path, rows, header=HEADER) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- the output folder ------------------------------------------------------------


def test_an_output_folder_in_a_traject_is_refused(make_engagement, tmp_path, mini_set_path):
    folder = make_engagement([])
    before = files_under(folder)
    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Interviews", 3, 3]])
    for output in (folder, folder / "interviews", folder / "uit" / "diep"):
        result = run("batch", export, "-o", output, "--vragenlijst", mini_set_path)
        assert result.exit_code == 1 and "traject" in result.output and "Er is niets geschreven" in result.output
    assert files_under(folder) == before


def test_partnership_names_never_become_special_or_escaping_folders(tmp_path, mini_set_path):
    rows = [["r1", "OM", "tactisch", name, 3, 3] for name in ("Interviews", "../../buiten", "CON", "vertrouwelijk", "..")]
    export = write_export(tmp_path / "e.csv", rows)
    out = tmp_path / "uit"
    assert run("batch", export, "-o", out, "--vragenlijst", mini_set_path).exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["buiten", "con-2", "interviews-2", "samenwerkingsverband", "vertrouwelijk-2"]
    assert not (tmp_path / "buiten").exists()


awkward_names = st.sampled_from(["Interviews", "vertrouwelijk", "CON", "nul", "Lpt1", "..", "../x", "", "a" * 59 + " b", "Noord", "noord"])


@given(names=st.lists(st.one_of(awkward_names, st.text(max_size=70)), max_size=8))
def test_every_folder_name_is_plain_unique_and_never_reserved(names):
    taken: set[str] = set()
    slugs = [slug(name, taken) for name in names]
    assert len(set(slugs)) == len(slugs)
    for folder in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", folder) and folder not in RESERVED_FOLDERS


def test_results_of_an_earlier_run_are_replaced_as_a_whole_and_said_so(tmp_path, mini_set_path):
    out = tmp_path / "uit"
    first = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, 3], ["r2", "OM", "tactisch", "Zuid", 3, 3]])
    assert "eerdere batch" not in run("batch", first, "-o", out, "--vragenlijst", mini_set_path).output
    second = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 5, 5]])
    result = run("batch", second, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 0, result.output
    assert "De resultaten van de eerdere batch in deze map zijn vervangen" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["noord", "samenvatting.csv"]  # Zuid of the first run is gone
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_with_other_files_is_refused_and_kept(tmp_path, mini_set_path):
    out = tmp_path / "documenten"
    out.mkdir()
    (out / "notities.docx").write_text("van mij", encoding="utf-8")
    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, 3]])
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 1 and "niet leeg en bevat geen resultaten van een eerdere batch" in result.output
    assert files_under(out) == ["notities.docx"]


def test_the_output_folder_is_refused_before_the_export_is_read(tmp_path, mini_set_path, monkeypatch):
    """With a wrong -o the user hears so at once, not after a large export has been read."""
    from volwassenheid.storage import survey_files

    out = tmp_path / "documenten"
    out.mkdir()
    (out / "notities.docx").write_text("van mij", encoding="utf-8")
    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, "x"]])  # invalid too
    opened = []
    monkeypatch.setattr(survey_files, "read_table", lambda *args, **kwargs: opened.append(args) or pytest.fail("export read"))
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 1 and "niet leeg en bevat geen resultaten van een eerdere batch" in result.output
    assert opened == []


def test_an_empty_existing_folder_is_used(tmp_path, mini_set_path):
    out = tmp_path / "leeg"
    out.mkdir()
    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, 3]])
    assert run("batch", export, "-o", out, "--vragenlijst", mini_set_path).exit_code == 0
    assert (out / "noord" / "scores.json").is_file()


@pytest.mark.parametrize("failing_write", [1, 2, 3, 5])
def test_an_os_error_leaves_no_half_written_folder_and_names_the_file(tmp_path, mini_set_path, monkeypatch, failing_write):
    from volwassenheid.storage import atomic

    rows = [["r1", "OM", "tactisch", "Noord", 3, 3], ["r2", "OM", "tactisch", "Zuid", 3, 3]]
    export = write_export(tmp_path / "e.csv", rows)
    calls = []

    def disk_fills_up(real_write):
        def write(path, data):
            calls.append(path)
            if len(calls) == failing_write:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_write(path, data)

        return write

    # the partnerships' files are new files in the staging folder, the lists atomic writes
    monkeypatch.setattr(atomic, "write_new_file", disk_fills_up(atomic.write_new_file))
    monkeypatch.setattr(atomic, "write_text_atomic", disk_fills_up(atomic.write_text_atomic))
    out = tmp_path / "uit"
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    written = calls[-1]
    shown = out / written.parent.name / written.name if written.parent.parent != tmp_path else out / written.name
    assert f"Kan '{shown}' niet schrijven: de schijf is vol" in result.output
    assert "No space" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv"]  # no output, no hidden leftovers


def test_an_os_error_keeps_the_earlier_results(tmp_path, mini_set_path, monkeypatch):
    from volwassenheid.storage import atomic

    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, 3]])
    out = tmp_path / "uit"
    assert run("batch", export, "-o", out, "--vragenlijst", mini_set_path).exit_code == 0
    before = {name: (out / name).read_bytes() for name in files_under(out) if (out / name).is_file()}

    def read_only(path, text):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic, "write_text_atomic", read_only)
    result = run("batch", export, "-o", out, "--vragenlijst", mini_set_path)
    assert result.exit_code == 1 and "de map is alleen-lezen" in result.output
    assert {name: (out / name).read_bytes() for name in files_under(out) if (out / name).is_file()} == before


# --- what batch says -------------------------------------------------------------


def test_without_ambition_the_overview_says_so(tmp_path, mini_set_path):
    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, 3]])
    result = run("batch", export, "-o", tmp_path / "a", "--vragenlijst", mini_set_path)
    assert result.exit_code == 0 and "geen doelfase" in result.output
    ambition = tmp_path / "ambitie.csv"
    ambition.write_text("dimensie;fase\nvertrouwen;4\n", encoding="utf-8")
    result = run("batch", export, "-o", tmp_path / "b", "--vragenlijst", mini_set_path, "--ambitie", ambition)
    assert result.exit_code == 0 and "geen doelfase" not in result.output
    assert re.search(r"Noord\s+│?\s*1\s+3,0.*\s1\s*$", result.output, re.MULTILINE)  # one dimension below 4


user_text = st.one_of(
    st.sampled_from(["[bold]x", "[link=file:///etc/passwd]klik[/link]", "[/]", "a\\", ":smile:", "[red", "\\[x]"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=15),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(partnership=user_text, answer=user_text, column=user_text)
def test_user_text_is_printed_as_it_is(tmp_path_factory, mini_set_path, partnership, answer, column):
    assume(partnership.strip() and partnership.strip() == partnership)
    assume(not control_characters(partnership))  # such a name (U+2066, say) rejects every row: nothing left to print
    folder = tmp_path_factory.mktemp("markup")
    header = [*HEADER, f"Opmerking {column}"]
    export = write_export(
        folder / "e.csv", [["r1", "OM", "tactisch", partnership, 3, 3, ""], ["r2", "OM", "tactisch", partnership, f"?{answer}", 3, ""]], header
    )
    result = run("batch", export, "-o", folder / "uit", "--vragenlijst", mini_set_path, "--overslaan", env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert partnership in result.output
    assert f"onbekend antwoord '{f'?{answer}'.strip()}'" in result.output
    assert f"Opmerking {column}".strip() in result.output


# --- the same respondent ----------------------------------------------------------


def test_the_same_respondent_in_another_case_or_spacing_is_a_duplicate(tmp_path, mini_set_path):
    rows = [
        ["A.Jansen@Voorbeeld.nl", "OM", "tactisch", "Noord", 3, 3],
        [" a.jansen@voorbeeld.NL ", "OM", "tactisch", "Noord", 4, 4],
        ["a. jansen@voorbeeld.nl", "OM", "tactisch", "Noord", 4, 4],
    ]
    export = write_export(tmp_path / "e.csv", rows)
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path)
    assert result.exit_code == 1
    assert "rij 3, kolom 'respondent': dezelfde respondent staat ook in rij 2" in result.output
    assert "rij 4, kolom 'respondent': dezelfde respondent staat ook in rij 2" in result.output


def test_importeer_knows_an_earlier_id_in_another_case(make_engagement, tmp_path):
    folder = make_engagement([])
    name = "Veiligheidshuis Testland"
    first = write_export(tmp_path / "eerste.csv", [[f"e{n}@Voorbeeld.nl", "OM", "tactisch", name, 3, 3] for n in range(5, 9)])
    assert run("importeer", folder, first).exit_code == 0
    again = write_export(tmp_path / "tweede.csv", [[f" E{n}@voorbeeld.NL", "OM", "tactisch", name, 3, 3] for n in range(5, 9)])
    before = files_under(folder)
    result = run("importeer", folder, again)
    assert result.exit_code == 1 and "4 rijen al geïmporteerd" in result.output
    assert "rij 2, kolom 'respondent': al eerder geïmporteerd (als E01)" in result.output
    assert files_under(folder) == before
    mixed = write_export(
        tmp_path / "derde.csv", [["E5@VOORBEELD.NL", "OM", "tactisch", name, 3, 3], ["nieuw@voorbeeld.nl", "OM", "tactisch", name, 3, 3]]
    )
    result = run("importeer", folder, mixed, "--overslaan")
    assert result.exit_code == 0 and "1 respondent toegevoegd" in result.output and ": E05." in result.output
    assert json.loads((folder / "vertrouwelijk" / "E05.json").read_text(encoding="utf-8"))["bron_id"] == "nieuw@voorbeeld.nl"


def test_an_unreadable_export_is_named_in_dutch(tmp_path, mini_set_path, monkeypatch):
    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, 3]])

    def refused(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refused)
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path)
    assert result.exit_code == 1 and f"{export}: kan het bestand niet lezen: geen toestemming" in result.output


def test_importeer_says_in_dutch_what_was_added_before_an_os_error(make_engagement, tmp_path, monkeypatch):
    from volwassenheid.storage import respondents

    folder = make_engagement([])
    rows = [[f"p{n}", "OM", "tactisch", "Veiligheidshuis Testland", 3, 3] for n in range(3)]
    export = write_export(tmp_path / "e.csv", rows)
    real_claim, calls = respondents.claim_interview, []

    def disk_fills_up(folder, interview):  # importeer claims each code exclusively
        calls.append(interview.code)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(folder / "interviews" / "E03.json"))
        return real_claim(folder, interview)

    monkeypatch.setattr(respondents, "claim_interview", disk_fills_up)  # importeer claims each code
    result = run("importeer", folder, export)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Kan '{folder / 'interviews' / 'E03.json'}' niet schrijven: de schijf is vol" in result.output
    assert "E01 t/m E02 zijn toegevoegd" in result.output
    monkeypatch.setattr(respondents, "claim_interview", real_claim)
    again = run("importeer", folder, export, "--overslaan")
    assert again.exit_code == 0 and ": E03." in again.output and "al eerder geïmporteerd (als E01)" in again.output


def test_a_folder_that_cannot_be_made_is_named_in_dutch(tmp_path, mini_set_path, monkeypatch):
    import tempfile

    def refused(**kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, 3]])
    result = run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path)
    assert result.exit_code == 1 and f"Kan map '{tmp_path / 'uit'}' niet maken: geen toestemming" in result.output


def test_the_collector_is_paused_for_the_whole_command_and_on_again_after(tmp_path, mini_set_path, monkeypatch):
    """From before the survey modules load until the overview is printed (each pass of the
    collector over a read survey costs tens of milliseconds at 100,000 rows), and not after."""
    import gc

    from volwassenheid.app import survey

    seen: list[bool] = []
    real_read = survey.read_survey
    monkeypatch.setattr(survey, "read_survey", lambda *args, **kwargs: seen.append(gc.isenabled()) or real_read(*args, **kwargs))
    monkeypatch.setattr(survey, "question_set_of", lambda *args, real=survey.question_set_of: seen.append(gc.isenabled()) or real(*args))
    export = write_export(tmp_path / "e.csv", [["r1", "OM", "tactisch", "Noord", 3, 3]])
    assert gc.isenabled()
    assert run("batch", export, "-o", tmp_path / "uit", "--vragenlijst", mini_set_path).exit_code == 0
    assert len(seen) >= 2 and not any(seen) and gc.isenabled()
