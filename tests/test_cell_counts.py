"""The per-cell tables in numpy against a plain count, respondent by respondent."""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.core.answers import AnswerTable
from volwassenheid.core.cell_counts import CellCounts, CellIndex
from volwassenheid.core.dimension_scoring import DimensionScorer

ORGANISATIONS = ["Politie", "OM", "Gemeente", "Reclassering"]
LEVELS = ["strategisch", "tactisch", "operationeel"]
answer = st.one_of(st.none(), st.integers(1, 5), st.sampled_from(["weet_niet", "nvt"]))


def people_with(questions: int):
    person = st.tuples(st.sampled_from(ORGANISATIONS), st.sampled_from(LEVELS), st.lists(answer, min_size=questions, max_size=questions))
    return st.lists(person, max_size=40)


def plain_scores(people, questions, required):
    """Per person (organisation, level, number of phase answers, score or None), worked out directly."""
    found = []
    for organisation, level, given_answers in people:
        phases = [a for a in given_answers if type(a) is int]
        score = Fraction(sum(phases), len(phases)) if len(phases) >= required else None
        found.append((organisation, level, len(phases), score))
    return found


def plain_stats(scores):
    scores = [s for s in scores if s is not None]
    if not scores:
        return 0, None, None
    mean = sum(scores, Fraction(0)) / len(scores)
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / (len(scores) - 1)) if len(scores) > 1 else None
    return len(scores), float(mean), sd


@settings(max_examples=200, deadline=None)
@given(questions=st.integers(1, 7), share=st.sampled_from([0.3, 0.5, 1.0]), data=st.data())
def test_cell_counts_agree_with_a_plain_count(questions, share, data):
    people = data.draw(people_with(questions))
    ids = [f"q{i}" for i in range(questions)]
    table = AnswerTable.from_answers(ids, [(o, lv, dict(zip(ids, a, strict=True))) for o, lv, a in people])
    scorer = DimensionScorer(ids, 5, share)
    counts = CellCounts.of(CellIndex.of(table), scorer, np.asarray(scorer.sums(table), dtype=np.int64))
    plain = plain_scores(people, questions, scorer.required)

    assert counts.scored_per_cell() == dict(Counter((o, lv) for o, lv, _, s in plain if s is not None))
    assert counts.classes() == Counter(((o, lv), m) for o, lv, m, _ in plain if m)
    n, score, sd = plain_stats([s for *_, s in plain])
    stats = counts.stats()
    assert (stats.n, stats.score) == (n, score)
    assert (stats.sd is None, sd is None) == (True, True) or math.isclose(stats.sd, sd, rel_tol=1e-12, abs_tol=1e-12)
    for place in (0, 1):
        per_group = counts.group_stats(place)
        assert set(per_group) == {person[place] for person in people}
        for name, found in per_group.items():
            n, score, sd = plain_stats([s for person, (*_, s) in zip(people, plain, strict=True) if person[place] == name])
            assert (found.n, found.score) == (n, score)
            assert (found.sd is None) == (sd is None)
            if sd is not None:
                assert math.isclose(found.sd, sd, rel_tol=1e-12, abs_tol=1e-12)


def test_cell_counts_by_hand():
    # Politie/tactisch: (3, 4) -> 3.5 and (5, -, 5) -> 5; OM/strategisch: (2, weet niet) has one answer of three, no score.
    ids = ["a", "b", "c"]
    table = AnswerTable.from_answers(
        ids,
        [
            ("Politie", "tactisch", {"a": 3, "b": 4}),
            ("OM", "strategisch", {"a": 2, "b": "weet_niet"}),
            ("Politie", "tactisch", {"a": 5, "c": 5}),
        ],
    )
    scorer = DimensionScorer(ids, 5, 0.5)
    counts = CellCounts.of(CellIndex.of(table), scorer, np.asarray(scorer.sums(table), dtype=np.int64))
    assert counts.scored_per_cell() == {("Politie", "tactisch"): 2}
    assert counts.classes() == Counter({(("Politie", "tactisch"), 2): 2, (("OM", "strategisch"), 1): 1})
    assert (counts.stats().n, counts.stats().score, counts.stats().sd) == (2, 4.25, math.sqrt(2 * 0.75**2))
    groups = counts.group_stats(0)
    assert (groups["OM"].n, groups["OM"].score) == (0, None)
    assert (groups["Politie"].n, groups["Politie"].score) == (2, 4.25)


@settings(max_examples=150, deadline=None)
@given(questions=st.integers(1, 5), data=st.data())
def test_dimension_answers_count_like_a_plain_loop(questions, data):
    from volwassenheid.core.answers import encode
    from volwassenheid.core.dimension_answers import DimensionAnswers

    people = data.draw(st.lists(st.lists(answer, min_size=questions, max_size=questions), max_size=30))
    scored = data.draw(st.lists(st.booleans(), min_size=len(people), max_size=len(people)))
    codes = np.array([[encode(person[q]) for person in people] for q in range(questions)], dtype=np.uint8).reshape(questions, len(people))
    found = DimensionAnswers(codes, np.array(scored, dtype=bool), 5)
    kept = [person for person, keep in zip(people, scored, strict=True) if keep]
    phases_of = [{a for a in person if type(a) is int} for person in kept]
    for phase in range(1, 6):
        assert found.people_at(phase) == sum(1 for phases in phases_of if phase in phases)
        assert found.people_at_or_above(phase) == sum(1 for phases in phases_of if any(p >= phase for p in phases))
        assert found.people_below(phase) == sum(1 for phases in phases_of if any(p < phase for p in phases))
    assert found.phase_counts.tolist() == [[sum(1 for a in person if a == phase) for phase in range(1, 6)] for person in kept]
    assert found.answer_counts() == [
        {phase: n for phase in range(1, 6) if (n := sum(1 for person in kept if person[q] == phase))} for q in range(questions)
    ]
    complete = [person for person in people if all(type(a) is int for a in person)]
    assert found.complete_cases().tolist() == [list(person) for person in complete]
