"""OS errors that reach the top are Dutch and name the file; dates are written and checked the Dutch way."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from volwassenheid.cli import click_dutch
from volwassenheid.cli.common import measurement_date_problem
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import os_error_sentence
from volwassenheid.storage.atomic import write_text_atomic

click_dutch.install()


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def new_traject(folder, *extra):
    return run("nieuw", folder, "--niet-interactief", "--samenwerkingsverband", "Testland", *extra)


@pytest.mark.parametrize(
    ("number", "dutch"),
    [
        (errno.ENOSPC, "de schijf is vol"),
        (errno.EACCES, "geen toestemming"),
        (errno.EPERM, "geen toestemming"),
        (errno.EROFS, "alleen-lezen"),
        (errno.EIO, "lees- of schrijffout van de schijf"),
        (errno.EDQUOT, "schijfruimte (quotum) is op"),
    ],
)
def test_os_error_at_the_top_is_dutch_and_names_the_file(tmp_path, monkeypatch, number, dutch):
    def failing_fsync(fd):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    folder = tmp_path / "traject"
    result = new_traject(folder)
    assert result.exit_code == 1
    assert result.output.startswith(f"Fout: '{folder / 'traject.yaml'}': ")
    assert dutch in result.output
    assert "onverwachte fout" not in result.output and os.strerror(number) not in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in folder.iterdir()] == ["interviews"]  # no half-written traject.yaml


def test_os_error_with_debug_shows_the_traceback(tmp_path, monkeypatch):
    def failing_fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    result = run("--debug", "nieuw", tmp_path / "t", "--niet-interactief", "--samenwerkingsverband", "X")
    assert isinstance(result.exception, OSError) and result.exception.errno == errno.ENOSPC


def test_real_write_failure_in_a_child_process(tmp_path):
    """A real OS refusal, no monkeypatch: the file size limit (RLIMIT_FSIZE) makes the write fail with EFBIG."""
    import resource
    import signal

    def tiny_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (10, 10))

    target = tmp_path / "sjabloon.csv"
    result = subprocess.run(
        [sys.executable, "-m", "volwassenheid", "vragen", "sjabloon", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=tiny_files,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert f"'{target}'" in result.stderr and "het bestand wordt te groot" in result.stderr
    assert "Traceback" not in result.stderr and "File too large" not in result.stderr
    assert os.listdir(tmp_path) == []


def test_atomic_write_error_names_the_target_not_the_temporary_file(tmp_path, monkeypatch):
    def failing_fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError) as error:
        write_text_atomic(tmp_path / "R01.json", "{}")
    assert error.value.filename == str(tmp_path / "R01.json")
    assert os.listdir(tmp_path) == []


def test_os_error_sentence_for_unlisted_numbers_and_two_files():
    assert os_error_sentence(OSError(errno.ECONNRESET, "x")) == "Een bestand of map: fout van het besturingssysteem (ECONNRESET)."
    assert os_error_sentence(FileExistsError(errno.EEXIST, "x", "a", None, "b")) == "'a' en 'b': bestaat al."


# --- dates ---------------------------------------------------------------------------------------


def test_date_formats_in_help_are_dutch():
    for command in ("nieuw", "batch"):
        result = run(command, "--help")
        assert "[JJJJ-MM-DD|DD-MM-JJJJ]" in result.output
        assert "%Y" not in result.output and "%d" not in result.output


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("gisteren", "'gisteren' is geen datum. Schrijf de datum als JJJJ-MM-DD of DD-MM-JJJJ"),
        ("2026-13-01", "is geen datum. Schrijf de datum als JJJJ-MM-DD of DD-MM-JJJJ"),
        ("1850-01-01", "De datum moet tussen 01-01-1990 en 31-12-2099 liggen (gegeven: 01-01-1850)"),
        ("31-12-1903", "De datum moet tussen 01-01-1990 en 31-12-2099 liggen"),
        ("01-01-2100", "De datum moet tussen 01-01-1990 en 31-12-2099 liggen"),
    ],
)
def test_bad_date_option_is_refused_before_anything_is_written(tmp_path, given, expected):
    folder = tmp_path / "t"
    result = new_traject(folder, "--datum", given)
    assert result.exit_code == 2
    assert "Ongeldige waarde voor '--datum': " in result.output and expected in result.output
    assert "%Y" not in result.output and "does not match" not in result.output
    assert not folder.exists()


def test_bad_batch_date_is_refused_before_the_survey_is_read(tmp_path):
    result = run("batch", tmp_path / "bestaat-niet.csv", "-o", tmp_path / "uit", "--datum", "1899-12-31")
    assert result.exit_code == 2
    assert "De datum moet tussen 01-01-1990 en 31-12-2099 liggen" in result.output
    assert not (tmp_path / "uit").exists()


@pytest.mark.parametrize(("given", "date"), [("2026-10-12", "2026-10-12"), ("12-10-2026", "2026-10-12"), ("1990-01-01", "1990-01-01")])
def test_good_dates_in_both_formats(tmp_path, given, date):
    folder = tmp_path / "t"
    result = new_traject(folder, "--datum", given)
    assert result.exit_code == 0, result.output
    assert f"datum: {date}\n" in (folder / "traject.yaml").read_text(encoding="utf-8")


def test_date_prompt_uses_the_same_check():
    assert measurement_date_problem("12-10-2026") is None
    assert measurement_date_problem("1850-01-01").startswith("De datum moet tussen 01-01-1990 en 31-12-2099")
    assert "JJJJ-MM-DD of DD-MM-JJJJ" in measurement_date_problem("morgen")


@pytest.mark.traag  # a real terminal (pexpect)
def test_date_prompt_in_a_terminal_refuses_an_old_date_and_keeps_asking(tmp_path):
    import pexpect

    env = {**os.environ, "COLUMNS": "120", "LINES": "40", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    folder = tmp_path / "proef"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "volwassenheid", "nieuw", str(folder)],
        env=env,
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=20,
    )
    for prompt, keys in [("Naam van het samenwerkingsverband", "Proefstad"), ("Opdrachtgever", ""), ("Adviseur", "")]:
        child.expect_exact(prompt)
        child.send(keys + "\r")
    child.expect_exact("Datum van de meting")
    child.send("\x15")  # clear the suggested date (today)
    child.send("31-12-1903\r")
    child.expect_exact("31-12-2099")  # "De datum moet tussen 01-01-1990 en 31-12-2099 liggen"
    child.send("\x15")
    child.send("12-10-2026\r")
    child.expect_exact("Meting")  # accepted: the next question
    child.sendintr()
    child.expect(pexpect.EOF)
    assert not (folder / "traject.yaml").exists()


def test_traject_folder_that_cannot_be_made_is_dutch(tmp_path):
    (tmp_path / "notities.txt").write_text("x", encoding="utf-8")
    result = new_traject(tmp_path / "notities.txt" / "traject")
    assert result.exit_code == 1
    assert "niet maken: een deel van het pad is geen map." in result.output
    assert "Not a directory" not in result.output


def test_a_library_oserror_without_a_number_is_not_called_a_disk_problem(tmp_path, monkeypatch):
    import volwassenheid.storage.traject_folder as store

    def broken(*args, **kwargs):
        raise OSError("cannot identify image file")  # as Pillow's UnidentifiedImageError: no errno

    monkeypatch.setattr(store, "write_engagement", broken)
    result = new_traject(tmp_path / "t")
    assert result.exit_code == 1
    assert "onverwachte fout (OSError: cannot identify image file)" in result.output


class UncheckedTextPrompter:
    """Gives typed lines without running the prompt's check (a scripted or pasted answer)."""

    def __init__(self, lines):
        self.lines = list(lines)
        self.asked = 0

    def text(self, message, default="", validate=None):
        self.asked += 1
        return self.lines.pop(0)


def test_a_refused_date_at_the_prompt_is_asked_again_never_taken_as_none():
    """_ask_date returned None for a line the prompt's check had not run on; `nieuw` then wrote today's date."""
    import datetime as dt

    from volwassenheid.cli.nieuw import _ask_date

    prompter = UncheckedTextPrompter(["gisteren", "1850-01-01", "12-10-2026"])
    assert _ask_date(prompter) == dt.date(2026, 10, 12)
    assert prompter.asked == 3
