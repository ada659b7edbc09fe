"""One reader for input files: one check of type and size, worded by the caller; one byte-order-mark table."""

from __future__ import annotations

import codecs
import os

import pytest

from volwassenheid.core.errors import UserError
from volwassenheid.storage.input_files import BYTE_ORDER_MARKS, FileWording, read_regular_file, read_text
from volwassenheid.storage.survey_csv import decode

WORDING = FileWording(
    missing=lambda path, error: f"weg: {path.name}",
    unreadable=lambda path, error: f"onleesbaar: {path.name}",
    not_regular=lambda path, mode: f"geen bestand: {path.name}",
    too_large=lambda path, size, limit: f"te groot: {path.name} {size} > {limit}",
    more_than_one_name=lambda path: f"twee namen: {path.name}",
)


def test_each_refusal_is_said_in_the_callers_words(tmp_path):
    with pytest.raises(UserError, match="^weg: nergens.txt$"):
        read_regular_file(tmp_path / "nergens.txt", 10, WORDING)
    (tmp_path / "map").mkdir()
    with pytest.raises(UserError, match="^geen bestand: map$"):
        read_regular_file(tmp_path / "map", 10, WORDING)
    (tmp_path / "groot.txt").write_bytes(b"x" * 11)
    with pytest.raises(UserError, match="^te groot: groot.txt 11 > 10$"):
        read_regular_file(tmp_path / "groot.txt", 10, WORDING)
    (tmp_path / "een.txt").write_bytes(b"inhoud")
    os.link(tmp_path / "een.txt", tmp_path / "twee.txt")
    with pytest.raises(UserError, match="^twee namen: twee.txt$"):
        read_regular_file(tmp_path / "twee.txt", 10, WORDING)
    assert read_regular_file(tmp_path / "twee.txt", 10) == b"inhoud"  # without the hook a second name is fine


def test_without_wording_the_general_messages_name_the_file(tmp_path):
    (tmp_path / "groot.txt").write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(UserError, match=r"groot\.txt: het bestand is groter dan 1 MB en wordt niet gelezen"):
        read_regular_file(tmp_path / "groot.txt", 1024 * 1024)


def test_a_logo_and_a_question_set_keep_their_own_words_for_the_one_check(tmp_path):
    from volwassenheid.storage.branding import _read_logo
    from volwassenheid.storage.question_sets import MAX_SET_BYTES, read_set_file

    (tmp_path / "logo.png").write_bytes(b"\0" * (2 * 1024 * 1024 + 1))
    with pytest.raises(UserError, match=r"^Logo '.*logo\.png' is groter dan 2 MB\.$"):
        _read_logo(tmp_path / "logo.png")
    (tmp_path / "set.yaml").write_bytes(b"#" * (MAX_SET_BYTES + 2048))
    with pytest.raises(UserError, match=r"set\.yaml: 1026 kB is te groot voor een vragenlijst; hoogstens 1 MB\.$"):
        read_set_file(tmp_path / "set.yaml", is_base=False)


BODY_CODEC = {
    codecs.BOM_UTF32_LE: "utf-32-le",
    codecs.BOM_UTF32_BE: "utf-32-be",
    codecs.BOM_UTF8: "utf-8",
    codecs.BOM_UTF16_LE: "utf-16-le",
    codecs.BOM_UTF16_BE: "utf-16-be",
}


@pytest.mark.parametrize("mark", [mark for mark, _ in BYTE_ORDER_MARKS])
def test_interview_files_and_surveys_read_every_marked_encoding_alike(tmp_path, mark):
    text = "respondent;organisatie\nR1;Gemeente Één\n"
    data = mark + text.encode(BODY_CODEC[mark])
    (tmp_path / "f.csv").write_bytes(data)
    assert read_text(tmp_path / "f.csv") == decode(data, "f.csv") == text


def test_the_one_table_knows_every_mark():
    assert {mark for mark, _ in BYTE_ORDER_MARKS} == set(BODY_CODEC)
