"""A traject folder on disk: loading, refusing bad files by name, atomic writes."""

from __future__ import annotations

import json
import os

import pytest

from volwassenheid.core.errors import UserError
from volwassenheid.core.models import Answer, Interview, QuestionSetRef
from volwassenheid.storage.atomic import write_text_atomic
from volwassenheid.storage.traject_folder import (
    load_engagement,
    read_engagement,
    write_engagement,
    write_interview,
)

GOOD = {"code": "R01", "antwoorden": {"v1": 4, "v2": 3, "t1": 2, "t2": 2, "i1": "weet_niet"}}


def test_loads_engagement_set_and_interviews(make_engagement):
    folder = make_engagement([GOOD, {**GOOD, "code": "R02", "organisatie": "OM"}])
    loaded = load_engagement(folder)
    assert loaded.engagement.samenwerkingsverband == "Veiligheidshuis Testland"
    assert loaded.question_set.id == "mini"
    assert [i.code for i in loaded.interviews] == ["R01", "R02"]
    assert loaded.interviews[0].antwoorden["i1"].waarde == "weet_niet"


def test_folder_without_traject_yaml_is_refused(tmp_path):
    with pytest.raises(UserError, match="geen traject: traject.yaml ontbreekt"):
        load_engagement(tmp_path)


def test_corrupt_interview_file_is_named_not_skipped(make_engagement):
    folder = make_engagement([GOOD])
    broken = folder / "interviews" / "R02.json"
    broken.write_text('{"code": "R02", "antwo', encoding="utf-8")
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert str(broken) in error.value.message and "beschadigd" in error.value.message


def test_foreign_json_file_is_named(make_engagement):
    folder = make_engagement([GOOD])
    (folder / "interviews" / "export.json").write_text(json.dumps({"rows": [1, 2]}), encoding="utf-8")
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert "export.json" in error.value.message
    assert any("rows: onbekende sleutel" in line for line in error.value.details)
    assert any("code: ontbreekt" in line for line in error.value.details)


def test_interview_of_another_question_set_is_refused(make_engagement):
    folder = make_engagement([GOOD])
    path = folder / "interviews" / "R01.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["vragenlijst"] = {"id": "quickscan", "versie": "1.0"}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert "R01.json" in error.value.message
    assert "afgenomen met 'quickscan' versie 1.0" in error.value.details[0]


def test_unknown_question_and_phase_out_of_range_are_listed(make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"zz9": 3, "v1": 7}}])
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert error.value.details == [
        "antwoorden.zz9: onbekende vraag-id",
        "antwoorden.v1: fase 7 bestaat niet (1 t/m 5)",
    ]


def test_duplicate_respondent_code_is_refused(make_engagement):
    folder = make_engagement([GOOD])
    (folder / "interviews" / "kopie.json").write_text((folder / "interviews" / "R01.json").read_text(), encoding="utf-8")
    with pytest.raises(UserError, match="'R01' komt in twee bestanden voor"):
        load_engagement(folder)


def test_unknown_ambition_dimension_and_phase(make_engagement):
    folder = make_engagement([GOOD], ambition={"vertrouwen": 9, "sfeer": 3})
    with pytest.raises(UserError) as error:
        load_engagement(folder)
    assert "fase 9 bestaat niet; kies 1 t/m 5" in error.value.details[0]
    assert "ambitie.sfeer: onbekende dimensie" in error.value.details[1]


def test_version_mismatch_between_traject_and_set(make_engagement):
    folder = make_engagement([GOOD])
    text = (folder / "mini.yaml").read_text(encoding="utf-8").replace('versie: "0.1"', 'versie: "0.2"')
    (folder / "mini.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match="versie 0.1, maar gevonden is 'mini' versie 0.2"):
        load_engagement(folder)


def test_invalid_traject_yaml_names_line_and_key(make_engagement):
    folder = make_engagement([GOOD])
    path = folder / "traject.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("datum: 2026-10-01", "datum: gisteren"), encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_engagement(folder)
    assert "regel 4, datum: moet een datum zijn" in error.value.details[0]


def test_engagement_and_interview_round_trip(make_engagement, tmp_path):
    folder = make_engagement([GOOD])
    loaded = load_engagement(folder)
    write_engagement(folder, loaded.engagement)
    interview = Interview(
        code="R03",
        organisatie="Reclassering",
        niveau="tactisch",
        vragenlijst=QuestionSetRef(id="mini", versie="0.1"),
        antwoorden={"v1": Answer(waarde=3, toelichting="Korte lijnen, maar <b>wisselend</b>.")},
    )
    write_interview(folder, interview)
    again = load_engagement(folder)
    assert again.engagement == loaded.engagement
    assert again.interviews[-1] == interview


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "a.json"
    write_text_atomic(target, "een")
    write_text_atomic(target, "twee")
    assert target.read_text(encoding="utf-8") == "twee"
    assert os.listdir(tmp_path) == ["a.json"]


def test_failed_atomic_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.json"
    write_text_atomic(target, "bewaard")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_text_atomic(target, "half")
    assert target.read_text(encoding="utf-8") == "bewaard"
    assert os.listdir(tmp_path) == ["a.json"]


def test_atomic_write_gives_normal_permissions_and_keeps_existing_ones(tmp_path):
    old_umask = os.umask(0o022)
    try:
        fresh = tmp_path / "nieuw.json"
        write_text_atomic(fresh, "x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        shared = tmp_path / "gedeeld.json"
        shared.write_text("x", encoding="utf-8")
        shared.chmod(0o664)
        write_text_atomic(shared, "y")
        assert shared.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old_umask)
