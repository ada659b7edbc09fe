"""Answers in columns: one byte per answer, groups as runs of rows."""

from __future__ import annotations

import pytest

from volwassenheid.core.answers import (
    DONT_KNOW_CODE,
    NO_ANSWER,
    NOT_APPLICABLE_CODE,
    AnswerTable,
    decode,
    encode,
    phase_tally,
    run_length,
    runs_by,
)

PEOPLE = [
    ("OM", "tactisch", {"q1": 3, "q2": "weet_niet"}),
    ("Politie", "tactisch", {"q1": 5, "q2": "nvt"}),
    ("OM", "strategisch", {"q2": 2}),
]


def test_codes_round_trip():
    for value, code in ((None, NO_ANSWER), (1, 1), (9, 9), ("weet_niet", DONT_KNOW_CODE), ("nvt", NOT_APPLICABLE_CODE)):
        assert encode(value) == code and decode(code) == value
    for wrong in (0, 10, -1):
        with pytest.raises(ValueError):
            encode(wrong)


def test_table_from_answers_has_a_column_per_question_and_gives_the_answers_back():
    table = AnswerTable.from_answers(["q1", "q2", "q3"], PEOPLE)
    assert table.columns == {"q1": bytes([3, 5, 0]), "q2": bytes([254, 255, 2]), "q3": bytes(3)}
    assert [table.answers_of(i) for i in range(3)] == [answers for _, _, answers in PEOPLE]
    assert len(table) == 3


def test_take_keeps_organisation_level_and_answers_together():
    table = AnswerTable.from_answers(["q1", "q2"], PEOPLE).take([2, 0])
    assert (table.organisations, table.levels) == (["OM", "OM"], ["strategisch", "tactisch"])
    assert table.answers_of(0) == {"q2": 2} and table.answers_of(1) == {"q1": 3, "q2": "weet_niet"}
    assert len(AnswerTable.from_answers(["q1"], PEOPLE).take([1])) == 1
    assert len(AnswerTable.from_answers(["q1"], PEOPLE).take([])) == 0


def test_groups_are_runs_of_rows_in_any_order():
    assert runs_by(["OM", "OM", "Politie", "OM"]) == {"OM": [slice(0, 2), slice(3, 4)], "Politie": [slice(2, 3)]}
    assert run_length([slice(0, 2), slice(3, 4)]) == 3
    assert runs_by([]) == {}


def test_tallies_count_phases_dont_know_and_not_applicable():
    assert phase_tally(bytes([3, 5, 0, 254, 255, 1])) == (9, 3)
    tally = AnswerTable.from_answers(["q2"], PEOPLE).tally("q2")
    assert (tally.phase_total, tally.phases, tally.dont_know, tally.not_applicable) == (2, 1, 1, 1)


@pytest.mark.parametrize("wrong", ["x", "weet niet", True, False, ""])
def test_encoding_anything_but_a_phase_or_non_score_is_a_clear_value_error(wrong):
    """Not a KeyError from the code table (which callers catching ValueError would let through)."""
    with pytest.raises(ValueError, match="is not a phase number"):
        encode(wrong)
