"""Findings of the review of the survey API (read_survey, write_batch, import_survey), each reproduced."""

from __future__ import annotations

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
        read_survey(tmp_path)
    assert str(folder.value) == f"{tmp_path}: is een map, geen bestand."
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
