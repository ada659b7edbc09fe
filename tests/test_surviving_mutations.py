"""Tests for five guards that once survived a mutation (issue 12): each test
fails when its guard is taken out of the source.

- json_documents.rounded turns -0.0 into 0.0;
- pattern rules compare round(value, 9), so 4.1 - 3.1 counts as 1.0;
- the CSV fast path is only taken by files without quotes;
- a discussion point needs a spread of at least 0.5 (not more);
- atomic writes fsync the file before the rename and the folder after it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import stat
from pathlib import Path

import pytest
from conftest import MINI_SET
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.core.advice import advise
from volwassenheid.core.errors import UserError
from volwassenheid.core.json_documents import rounded, score_document
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.patterns import evaluate_patterns
from volwassenheid.core.scoring import Respondent, answer_table, score_engagement
from volwassenheid.storage.atomic import write_bytes_atomic, write_new_files, write_text_atomic
from volwassenheid.storage.question_sets import load_question_set
from volwassenheid.storage.survey_files import read_table
from volwassenheid.storage.traject_folder import read_engagement

# --- a. no -0.0 in JSON output -------------------------------------------------


def test_rounded_never_gives_negative_zero():
    assert json.dumps(rounded({"verschil": -0.001, "scores": [-0.004, -1e-16, 0.006]})) == '{"verschil": 0.0, "scores": [0.0, 0.0, 0.01]}'


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_rounded_is_round_without_its_sign_on_zero(value):
    result = rounded(value)
    assert result == round(value, 2)
    assert math.copysign(1.0, result) == (1.0 if result == 0 else math.copysign(1.0, round(value, 2)))


def test_score_json_prints_a_tiny_negative_gap_as_zero(make_engagement, mini_set):
    """A score a hair above the ambition (4.000000000000001, say, from float sums)
    leaves a gap of -0.0 after rounding; what score --json prints says 0.0."""
    engagement = read_engagement(make_engagement([]))
    people = [Respondent(f"R{i}", "Politie", "operationeel", {"v1": 4, "v2": 4}) for i in range(3)]
    result = score_engagement(mini_set, people, {"vertrouwen": 4})
    vertrouwen, *others = result.dimensies
    assert vertrouwen.verschil == 0.0
    nudged = result.model_copy(
        update={
            "dimensies": [vertrouwen.model_copy(update={"verschil": -0.001}), *others],
            "totaal": result.totaal.model_copy(update={"verschil": -4.440892098500626e-16}),
        }
    )
    text = json.dumps(score_document(engagement, nudged))
    assert "-0.0" not in text
    document = json.loads(text)
    assert (document["dimensies"][0]["verschil"], document["totaal"]["verschil"]) == (0.0, 0.0)


# --- b. pattern rules and float noise ------------------------------------------


def _rule_set(tmp_path: Path, mini_set_path: Path, conditions: str):
    text = mini_set_path.read_text(encoding="utf-8").split("patronen:")[0]
    text += "patronen:\n  - id: p\n    naam: P\n    uitleg: U\n    voorwaarden:\n" + conditions
    text += "    advies: {titel: T, toelichting: T, horizon: kort, actor: bestuur}\n"
    path = tmp_path / "regels.yaml"
    path.write_text(text, encoding="utf-8")
    return load_question_set(path)


def _ten_people():
    """vertrouwen: nine score 4 and one 5 (41/10 = 4.1); tvb: nine 3 and one 4 (31/10 = 3.1)."""
    people = [Respondent(f"R{i}", "Politie", "tactisch", {"v1": 4, "v2": 4, "t1": 3, "t2": 3}) for i in range(9)]
    return people + [Respondent("R9", "Politie", "tactisch", {"v1": 5, "v2": 5, "t1": 4, "t2": 4})]


def test_a_difference_of_4_1_minus_3_1_counts_as_1(tmp_path, mini_set_path):
    question_set = _rule_set(
        tmp_path, mini_set_path, '      - {soort: verschil, dimensie: vertrouwen, ten_opzichte_van: tvb, operator: ">=", waarde: 1.0}\n'
    )
    result = score_engagement(question_set, _ten_people())
    vertrouwen, tvb, _ = result.dimensies
    assert (vertrouwen.score, tvb.score) == (4.1, 3.1)
    assert vertrouwen.score - tvb.score < 1.0  # 0.9999999999999996: the noise the rule must ignore
    (match,) = evaluate_patterns(question_set, result)
    assert match.onderbouwing[0].omschrijving == "Vertrouwen en relaties min Taken en bevoegdheden: 1,00 (grens: minstens 1,00)"


def test_a_gap_of_4_minus_3_1_counts_as_0_9(tmp_path, mini_set_path):
    question_set = _rule_set(tmp_path, mini_set_path, '      - {soort: aantal_kloven, minimale_kloof: 0.9, operator: ">=", waarde: 1}\n')
    result = score_engagement(question_set, _ten_people(), {"tvb": 4})
    tvb = result.dimensies[1]
    assert tvb.verschil is not None and tvb.verschil < 0.9  # 4 - 3.1 = 0.8999999999999999
    (match,) = evaluate_patterns(question_set, result)
    assert match.onderbouwing[0].waarde == 1.0


@settings(deadline=None, max_examples=60)
@given(high=st.integers(10, 50), low=st.integers(10, 50))
def test_a_difference_rule_compares_as_decimal_arithmetic_would(tmp_path_factory, high, low):
    """Scores of one decimal (high/10, low/10) and a threshold of exactly their difference:
    on paper the difference equals the threshold, so a '>=' rule holds, whatever float makes of it."""
    threshold = (high - low) / 10
    question_set = _rule_set(
        tmp_path_factory.mktemp("regels"),
        MINI_SET,
        f'      - {{soort: verschil, dimensie: vertrouwen, ten_opzichte_van: tvb, operator: ">=", waarde: {threshold}}}\n',
    )
    result = score_engagement(question_set, _ten_people())
    vertrouwen, tvb, informatie = result.dimensies
    result = result.model_copy(
        update={"dimensies": [vertrouwen.model_copy(update={"score": high / 10}), tvb.model_copy(update={"score": low / 10}), informatie]}
    )
    assert len(evaluate_patterns(question_set, result)) == 1


# --- c. the CSV fast path and quotes ---------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def _as_csv_reader_reads(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_quoted_cells_are_read_by_the_csv_rules_even_when_the_lines_look_plain(tmp_path):
    """Every line has the same number of ';' and no lone CR, so only the quotes keep
    this file off the one-split fast path: a quoted ';' and a doubled quote."""
    text = 'respondent;"organisatie; naam";niveau;opmerking\nr1;"OM; Arnhem";tactisch;"zei ""ja"""\nr2;"Politie; Noord";strategisch;"""nee"""\n'
    assert len({line.count(";") for line in text.splitlines()}) == 1
    table = read_table(_write(tmp_path, text))
    assert table.header == ["respondent", "organisatie; naam", "niveau", "opmerking"]
    assert table.columns == [["r1", "r2"], ["OM; Arnhem", "Politie; Noord"], ["tactisch", "strategisch"], ['zei "ja"', '"nee"']]


cell = st.text(alphabet='ab ;"é', max_size=6)


@given(st.lists(st.tuples(st.from_regex(r"r[0-9]{1,3}", fullmatch=True), cell, cell), min_size=1, max_size=6))
def test_csv_with_quotes_reads_like_csv_reader(tmp_path_factory, rows):
    """Rows start with a respondent code, so none is blank; quoting is csv.writer's."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows([["a", "b", "c"], *rows])
    text = buffer.getvalue()
    table = read_table(_write(tmp_path_factory.mktemp("csv"), text))
    assert [list(row) for row in table.rows()] == _as_csv_reader_reads(text)[1:] == [list(row) for row in rows]


# --- d. the discussion threshold ---------------------------------------------------


def _two_organisations(politie_t1: list[int], om_t1: list[int]):
    same = {"t2": 3, "t3": 3, "v1": 3, "v2": 3}
    people = [Respondent(f"P{i}", "Politie", "tactisch", {"t1": a, **same}) for i, a in enumerate(politie_t1)]
    return people + [Respondent(f"O{i}", "OM", "tactisch", {"t1": a, **same}) for i, a in enumerate(om_t1)]


def _discussion(question_set, people):
    settings = ScoringSettings(minimale_groep=3)
    result = score_engagement(question_set, people, settings=settings)
    return advise(question_set, result, answer_table(question_set, people), settings).gespreksonderwerpen


def test_a_spread_of_exactly_half_a_phase_is_a_discussion_point(mini_set):
    # Politie t1: (4 + 4 + 3 + 3) / 4 = 3.5; OM t1: 3.0; spread 0.5, the threshold itself
    (point,) = _discussion(mini_set, _two_organisations([4, 4, 3, 3], [3, 3, 3, 3]))
    assert (point.vraag, point.soort, point.verschil) == ("t1", "organisatie", 0.5)
    assert (point.hoogste.groep, point.hoogste.score, point.laagste.groep, point.laagste.score) == ("Politie", 3.5, "OM", 3.0)


@pytest.mark.parametrize(
    ("politie_t1", "spread"),
    [
        ([4, 3, 3, 3], 0.25),  # (4 + 3 + 3 + 3) / 4 = 3.25 against OM's 3.0
        ([4, 4, 3, 3, 3], 0.4),  # (4 + 4 + 3 + 3 + 3) / 5 = 3.4: just under the threshold
    ],
)
def test_a_spread_below_half_a_phase_is_no_discussion_point(mini_set, politie_t1, spread):
    assert _discussion(mini_set, _two_organisations(politie_t1, [3, 3, 3, 3])) == []


# --- e. fsync ----------------------------------------------------------------------


def _spy_on_durability(monkeypatch) -> list[tuple]:
    """Record each fsync (of a file, by inode, or of a folder) and each rename, in order."""
    events: list[tuple] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        info = os.fstat(fd)
        events.append(("fsync", "map" if stat.S_ISDIR(info.st_mode) else "bestand", info.st_ino))
        real_fsync(fd)

    def replace(source, target, *args, **kwargs):
        events.append(("replace", Path(target).name))
        real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return events


def test_write_bytes_atomic_fsyncs_the_file_then_renames_then_fsyncs_the_folder(tmp_path, monkeypatch):
    events = _spy_on_durability(monkeypatch)
    target = tmp_path / "antwoorden.json"
    write_bytes_atomic(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert events == [
        ("fsync", "bestand", target.stat().st_ino),
        ("replace", "antwoorden.json"),
        ("fsync", "map", tmp_path.stat().st_ino),
    ]


def test_write_new_files_fsyncs_each_file_then_the_folder_once_and_never_overwrites(tmp_path, monkeypatch):
    events = _spy_on_durability(monkeypatch)
    write_new_files(tmp_path, {"scores.json": "{}\n", "advies.json": b"[]"}, tmp_path, untouched=tmp_path)
    assert (tmp_path / "scores.json").read_text(encoding="utf-8") == "{}\n" and (tmp_path / "advies.json").read_bytes() == b"[]"
    assert events == [
        ("fsync", "bestand", (tmp_path / "scores.json").stat().st_ino),
        ("fsync", "bestand", (tmp_path / "advies.json").stat().st_ino),
        ("fsync", "map", tmp_path.stat().st_ino),
    ]
    with pytest.raises(UserError, match=r"Kan '.*scores.json' niet schrijven: .* Er is niets in .* gezet."):
        write_new_files(tmp_path, {"scores.json": "nieuw"}, tmp_path, untouched=tmp_path)
    assert (tmp_path / "scores.json").read_text(encoding="utf-8") == "{}\n"


def test_write_text_atomic_fsyncs_too_when_replacing_a_file(tmp_path, monkeypatch):
    target = tmp_path / "traject.yaml"
    target.write_text("oud\n", encoding="utf-8")
    events = _spy_on_durability(monkeypatch)
    write_text_atomic(target, "nieuw ë\n")
    assert target.read_text(encoding="utf-8") == "nieuw ë\n"
    assert events == [
        ("fsync", "bestand", target.stat().st_ino),
        ("replace", "traject.yaml"),
        ("fsync", "map", tmp_path.stat().st_ino),
    ]
