"""Scoring against hand-computed values, and properties that must always hold."""

from __future__ import annotations

import math
import random
from collections import Counter
from fractions import Fraction
from statistics import mean

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.core.answers import AnswerTable
from volwassenheid.core.dimension_scoring import DimensionScorer
from volwassenheid.core.disclosure import hidden_groups
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.phase_rule import phase_by_mean
from volwassenheid.core.scoring import (
    Respondent,
    answer_table,
    score_engagement,
    score_respondent,
)

WN, NVT = "weet_niet", "nvt"

# Worked example (mini set: vertrouwen v1 v2; tvb t1 t2 t3, weight 2; informatie i1).
R1 = Respondent("R1", "Politie", "operationeel", {"v1": 4, "v2": 5, "t1": 2, "t2": 3, "t3": WN, "i1": 3})
R2 = Respondent("R2", "Politie", "strategisch", {"v1": 4, "v2": 4, "t1": 2, "t2": NVT, "t3": WN, "i1": 2})
R3 = Respondent("R3", "Gemeente", "operationeel", {"v1": 3, "v2": WN, "t1": 1, "t2": 2, "t3": 3, "i1": WN})
R4 = Respondent("R4", "Politie", "tactisch", {"v1": 5, "v2": 4, "t1": 3, "t2": 3, "t3": 3, "i1": 4})
EXAMPLE = [R1, R2, R3, R4]
AMBITION = {"vertrouwen": 4, "tvb": 4, "informatie": 3}


def dims(result):
    return {d.id: d for d in result.dimensies}


def test_respondent_scores_by_hand(mini_set):
    assert score_respondent(mini_set, R1) == {"vertrouwen": 4.5, "tvb": 2.5, "informatie": 3.0}
    # R2 answered one of three tvb questions with a phase: below the minimum share of 0.5.
    assert score_respondent(mini_set, R2) == {"vertrouwen": 4.0, "tvb": None, "informatie": 2.0}
    assert score_respondent(mini_set, R3) == {"vertrouwen": 3.0, "tvb": 2.0, "informatie": None}


def test_minimum_share_is_configurable(mini_set):
    lenient = ScoringSettings(minimaal_aandeel=0.3)
    assert score_respondent(mini_set, R2, lenient)["tvb"] == 2.0
    strict = ScoringSettings(minimaal_aandeel=1.0)
    assert score_respondent(mini_set, R1, strict)["tvb"] is None


def test_partnership_scores_by_hand(mini_set):
    result = score_engagement(mini_set, EXAMPLE, AMBITION)
    d = dims(result)
    # vertrouwen: 4.5, 4, 3, 4.5 -> mean 4.0; deviations .5 0 -1 .5 -> var 1.5/3 -> sd sqrt(.5)
    assert d["vertrouwen"].score == 4.0
    assert d["vertrouwen"].sd == pytest.approx(math.sqrt(0.5))
    assert d["vertrouwen"].n == 4
    # No lowest or highest score: each is one person's score.
    assert not {"min", "max"} & set(d["vertrouwen"].model_dump())
    assert (d["vertrouwen"].fase, d["vertrouwen"].fase_naam) == (4, "Verbinden")
    assert d["vertrouwen"].verschil == 0.0
    # tvb: 2.5, 2, 3 (R2 missing) -> 2.5, sd .5, phase 2, gap 4 - 2.5
    assert (d["tvb"].score, d["tvb"].sd, d["tvb"].n) == (2.5, 0.5, 3)
    assert (d["tvb"].fase, d["tvb"].fase_naam, d["tvb"].verschil) == (2, "Afstemmen", 1.5)
    # informatie: 3, 2, 4 -> 3, sd 1; only 2 of 3 answers at phase 3 or higher (67% < 75%): phase 2
    assert (d["informatie"].score, d["informatie"].sd, d["informatie"].fase) == (3.0, 1.0, 2)
    total = result.totaal
    # weighted: (4*1 + 2.5*2 + 3*1) / 4 = 3.0; ambition (4 + 8 + 3) / 4; gap (0 + 3 + 0) / 4; no overall phase
    assert total.score == 3.0 and "fase" not in total.model_dump()
    assert total.doelfase == 3.75
    assert total.verschil == 0.75
    assert (total.respondenten, total.respondenten_met_score) == (4, 4)
    assert result.respons.per_organisatie == {"Gemeente": 1, "Politie": 3}
    assert result.respons.per_niveau == {"strategisch": 1, "tactisch": 1, "operationeel": 2}


def test_question_tallies_count_dont_know_and_not_applicable(mini_set):
    questions = {q.id: q for q in dims(score_engagement(mini_set, EXAMPLE))["tvb"].vragen}
    assert [q.id for q in questions.values()] == ["t1", "t2", "t3"]
    # R1 and R2 answered part of tvb: two people, below minimale_groep (3). The tvb total minus the mean
    # of the question totals would be a sum over just them, so no question scores for tvb.
    # One n.v.t. on t2 and two weet niet on t3 are below minimale_groep (3): no counts on those questions.
    assert (questions["t2"].n, questions["t2"].score, questions["t2"].nvt, questions["t2"].weet_niet) == (3, None, None, None)
    assert (questions["t3"].n, questions["t3"].score, questions["t3"].weet_niet, questions["t3"].geen_antwoord) == (2, None, None, None)
    # t1: four phase answers, every other count 0: shown.
    assert (questions["t1"].weet_niet, questions["t1"].nvt, questions["t1"].geen_antwoord) == (0, 0, 0)
    # With minimale_groep 2 still none: R1 alone answered two of the three, R2 alone one.
    lenient = {q.id: q for q in dims(score_engagement(mini_set, EXAMPLE, settings=ScoringSettings(minimale_groep=2)))["tvb"].vragen}
    assert (lenient["t2"].score, lenient["t3"].score) == (None, None)
    lenient = {q.id: q for q in dims(score_engagement(mini_set, EXAMPLE, settings=ScoringSettings(minimale_groep=1)))["tvb"].vragen}
    assert (lenient["t2"].score, lenient["t3"].score) == (pytest.approx(8 / 3), 3.0)
    assert (lenient["t2"].nvt, lenient["t3"].weet_niet, lenient["t3"].geen_antwoord) == (1, 2, 0)


def test_small_groups_are_suppressed_with_secondary_suppression(mini_set):
    d = dims(score_engagement(mini_set, EXAMPLE))
    organisations = {g.naam: g for g in d["vertrouwen"].per_organisatie}
    # Gemeente has 1 respondent: hidden. Politie alone would then reveal Gemeente
    # from the total, so Politie is hidden as well.
    assert organisations["Gemeente"].onderdrukt and organisations["Gemeente"].score is None
    assert organisations["Politie"].onderdrukt and organisations["Politie"].score is None
    assert [g.n for g in d["vertrouwen"].per_organisatie] == [None, None]  # a suppressed group shows no n
    assert all(g.onderdrukt for g in d["vertrouwen"].per_niveau)
    assert [g.naam for g in d["vertrouwen"].per_niveau] == ["strategisch", "tactisch", "operationeel"]


def test_groups_shown_when_large_enough(mini_set):
    result = score_engagement(mini_set, EXAMPLE, settings=ScoringSettings(minimale_groep=1))
    organisations = {g.naam: g for g in dims(result)["vertrouwen"].per_organisatie}
    assert organisations["Politie"].score == pytest.approx(13 / 3)
    assert organisations["Gemeente"].score == 3.0
    assert not organisations["Politie"].onderdrukt


def test_secondary_suppression_hides_only_the_next_smallest(mini_set):
    people = [Respondent(f"A{i}", "Politie", "tactisch", {"v1": 4}) for i in range(5)]
    people += [Respondent(f"B{i}", "OM", "tactisch", {"v1": 3}) for i in range(3)]
    people += [Respondent("C0", "Gemeente", "tactisch", {"v1": 2})]
    groups = {g.naam: g for g in dims(score_engagement(mini_set, people))["vertrouwen"].per_organisatie}
    assert groups["Gemeente"].onderdrukt and groups["OM"].onderdrukt
    assert not groups["Politie"].onderdrukt and groups["Politie"].score == 4.0


def test_no_respondents_gives_empty_scores(mini_set):
    result = score_engagement(mini_set, [], AMBITION)
    assert all(d.score is None and d.fase is None and d.verschil is None for d in result.dimensies)
    assert result.totaal.score is None and result.totaal.respondenten == 0
    assert result.totaal.doelfase is None  # the ambition only over dimensions with a score


def test_answers_to_unknown_questions_are_ignored(mini_set):
    stray = Respondent("X", "OM", "tactisch", {"v1": 2, "zz": 5})
    assert score_respondent(mini_set, stray)["vertrouwen"] == 2.0


@pytest.mark.parametrize(("score", "phase"), [(1.0, 1), (1.94, 1), (1.96, 2), (2.7, 2), (2.9999999999, 3), (4.94, 4), (5.0, 5)])
def test_mean_rule_takes_the_whole_number_below_the_score_as_shown(score, phase):
    # The score shows with one decimal (1.96 as "2,0"), so the phase never contradicts it.
    assert phase_by_mean(score, 5) == phase


def scorer_and_table(rows, share=0.5):
    scorer = DimensionScorer(["a", "b", "c"], 5, share)
    table = AnswerTable.from_answers(["a", "b", "c"], [("OM", "tactisch", answers) for answers in rows])
    return scorer, scorer.sums(table)


def stats_of(scorer, sums):
    from volwassenheid.core.cell_counts import CellCounts, CellIndex

    cells = CellIndex(cells=[("OM", "tactisch")], of_respondent=np.zeros(len(sums), dtype=np.int64))
    return CellCounts.of(cells, scorer, np.array(sums, dtype=np.int64)).stats()


def test_dimension_scorer_encodes_sum_and_count_and_describes_exactly():
    # 3 and 4 -> 3.5; one answer of three is too few (needs 2) -> no score; 5, 5, 5 -> 5.
    scorer, sums = scorer_and_table([{"a": 3, "b": 4}, {"a": 2, "c": "weet_niet"}, {"a": 5, "b": 5, "c": 5}])
    assert sums == [7 * 4 + 2, 2 * 4 + 1, 15 * 4 + 3]
    assert [scorer.score(s) for s in sums] == [3.5, None, 5.0]
    stats = stats_of(scorer, sums)
    assert (stats.n, stats.score) == (2, 4.25)
    assert stats.sd == math.sqrt(((3.5 - 4.25) ** 2 + (5.0 - 4.25) ** 2) / 1)


def test_dimension_scorer_single_score_has_no_spread():
    scorer, sums = scorer_and_table([{"a": 3}], share=0.3)
    stats = stats_of(scorer, sums)
    assert (stats.n, stats.score, stats.sd) == (1, 3.0, None)


def test_dimension_scorer_thirds_are_exact():
    # 1, 2, 2 -> 5/3; 2, 2, 2 -> 2: the mean 11/6 is rounded once, as Python's 11 / 6.
    scorer, sums = scorer_and_table([{"a": 1, "b": 2, "c": 2}, {"a": 2, "b": 2, "c": 2}])
    assert stats_of(scorer, sums).score == 11 / 6


# --- properties ------------------------------------------------------------------

QUESTIONS = ["v1", "v2", "t1", "t2", "t3", "i1"]
answer_value = st.one_of(st.integers(1, 5), st.sampled_from([WN, NVT]))
answers = st.dictionaries(st.sampled_from(QUESTIONS), answer_value)
respondent = st.builds(
    Respondent,
    code=st.text("ABCR0123456789", min_size=1, max_size=4),
    organisation=st.sampled_from(["Politie", "OM", "Gemeente", "Reclassering"]),
    level=st.sampled_from(["strategisch", "tactisch", "operationeel"]),
    answers=answers,
)
respondent_lists = st.lists(respondent, max_size=25)


@settings(max_examples=150, deadline=None)
@given(people=respondent_lists, seed=st.integers(0, 10_000))
def test_respondent_order_never_matters(mini_set, people, seed):
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    assert score_engagement(mini_set, people, AMBITION) == score_engagement(mini_set, shuffled, AMBITION)


@settings(max_examples=150, deadline=None)
@given(people=respondent_lists)
def test_scores_stay_within_phases(mini_set, people):
    result = score_engagement(mini_set, people, AMBITION)
    for d in result.dimensies:
        assert d.score is None or 1 <= d.score <= 5
        if d.score is not None and d.n < ScoringSettings().minimale_groep:
            # below the privacy threshold only the mean is published, and the phase follows from it
            assert d.fase == math.floor(round(d.score, 1))
        elif d.score is not None:
            # At least 75% of the answers at phase >= fase, less than 75% at each phase above it:
            # score = sum over k of (share at k or higher) lies in [1 + (fase-1) 0.75, fase + (5-fase) 0.75).
            assert 1 + (d.fase - 1) * 0.75 <= d.score + 1e-9 and (d.fase == 5 or d.score < d.fase + (5 - d.fase) * 0.75)
            assert d.verschil == pytest.approx(AMBITION[d.id] - d.score)
            assert d.sd is None or d.sd >= 0
            assert d.n == sum(1 for p in people if score_respondent(mini_set, p)[d.id] is not None)
    assert result.totaal.score is None or 1 <= result.totaal.score <= 5


@settings(max_examples=150, deadline=None)
@given(people=st.lists(respondent, min_size=1, max_size=15), data=st.data())
def test_dont_know_or_not_applicable_never_moves_a_score(mini_set, people, data):
    index = data.draw(st.integers(0, len(people) - 1))
    person = people[index]
    unanswered = [q for q in QUESTIONS if q not in person.answers]
    if not unanswered:
        return
    question = data.draw(st.sampled_from(unanswered))
    filler = data.draw(st.sampled_from([WN, NVT]))
    changed = list(people)
    changed[index] = Respondent(person.code, person.organisation, person.level, {**person.answers, question: filler})
    before = score_engagement(mini_set, people, AMBITION)
    after = score_engagement(mini_set, changed, AMBITION)
    assert [(d.score, d.n, d.sd) for d in before.dimensies] == [(d.score, d.n, d.sd) for d in after.dimensies]
    assert before.totaal == after.totaal


@settings(max_examples=150, deadline=None)
@given(people=st.lists(respondent, min_size=1, max_size=15), data=st.data())
def test_a_higher_answer_never_lowers_a_score(mini_set, people, data):
    index = data.draw(st.integers(0, len(people) - 1))
    person = people[index]
    raisable = [q for q, v in person.answers.items() if type(v) is int and v < 5]
    if not raisable:
        return
    question = data.draw(st.sampled_from(raisable))
    changed = list(people)
    changed[index] = Respondent(person.code, person.organisation, person.level, {**person.answers, question: person.answers[question] + 1})
    before = dims(score_engagement(mini_set, people))
    after = dims(score_engagement(mini_set, changed))
    for dimension_id, result in before.items():
        if result.score is not None:
            assert after[dimension_id].score >= result.score - 1e-12


@settings(max_examples=100, deadline=None)
@given(value=st.integers(1, 5), count=st.integers(1, 12))
def test_everyone_answering_the_same_scores_exactly_that(mini_set, value, count):
    people = [Respondent(f"R{i}", "OM", "tactisch", dict.fromkeys(QUESTIONS, value)) for i in range(count)]
    result = score_engagement(mini_set, people)
    for d in result.dimensies:
        assert d.score == value and d.fase == value
        assert d.sd == (0.0 if count >= 3 else None)  # no spread below minimale_groep (3)
    assert result.totaal.score == value


def test_worked_example_from_the_method_document():
    """docs/methode.md, section 5.12 ('Rekenvoorbeeld'): keep text and code in step."""
    from volwassenheid.core.questionset import QuestionSet

    question_set = QuestionSet.model_validate(
        {
            "id": "voorbeeld",
            "naam": "Rekenvoorbeeld",
            "versie": "1",
            "fasen": [
                {"nummer": i, "naam": n, "beschrijving": "-"}
                for i, n in enumerate(["Verkennen", "Afstemmen", "Samenwerken", "Verbinden", "Transformeren"], start=1)
            ],
            "dimensies": [{"id": "d", "naam": "D", "beschrijving": "-"}],
            "vragen": [{"id": f"q{i}", "dimensie": "d", "tekst": "?", "opties": list("abcde")} for i in range(1, 5)],
        }
    )
    people = [
        Respondent("A", "X", "tactisch", {"q1": 3, "q2": 3, "q3": 4, "q4": WN}),
        Respondent("B", "X", "tactisch", {"q1": 2, "q2": 3, "q3": NVT, "q4": NVT}),
        Respondent("C", "X", "tactisch", {"q1": 2, "q2": WN, "q3": WN, "q4": WN}),
    ]
    (d,) = score_engagement(question_set, people, {"d": 4}).dimensies
    assert round(d.score, 2) == 2.92 and d.n == 2
    # n = 2 is below minimale_groep (3): no spread; with a threshold of 2 it shows (scores 2.5 and 3.33).
    assert (d.sd, d.te_weinig_respondenten) == (None, True)
    (d2,) = score_engagement(question_set, people, {"d": 4}, ScoringSettings(minimale_groep=2)).dimensies
    assert round(d2.sd, 2) == round(math.sqrt(2) * (10 / 3 - 2.5) / 2, 2)
    # Profiles: A (3, 3, 4) -> 2/3 at 3, 1/3 at 4; B (2, 3) -> 1/2 at 2, 1/2 at 3; one organisation, so
    # each weighs 1/2: 25% at 2, 58.3% at 3, 16.7% at 4. At phase 3 or higher: 75%, the threshold: phase 3,
    # where two people may be shown apart (minimale_groep 2). Below minimale_groep (3) only the mean is
    # published, so the phase follows from it: 2.92 shows as 2,9, phase 2.
    assert (d2.fase, d2.fase_naam) == (3, "Samenwerken")
    assert (d.fase, d.fase_naam) == (2, "Afstemmen")
    assert round(d.verschil, 2) == 1.08


# --- the columnar engine against the rules written out plainly ----------------------


def plain_result(question_set, people, threshold, share):
    """Every rule of the module docstring, per respondent, in exact fractions."""
    people = [p for p in people if plain_counts(question_set, p, share)]
    expected = {}
    for dimension in question_set.dimensies:
        ids = [q.id for q in question_set.questions_of(dimension.id)]
        required = max(1, math.ceil(share * len(ids) - 1e-9))
        scored = []
        for person in people:
            phases = [person.answers[q] for q in ids if type(person.answers.get(q)) is int]
            if len(phases) >= required:
                scored.append((person, Fraction(sum(phases), len(phases))))
        groups = {}
        cells = {}
        for person, _ in scored:
            cells[(person.organisation, person.level)] = cells.get((person.organisation, person.level), 0) + 1
        hidden_of = hidden_groups(cells, threshold)
        for kind, key, hidden in (
            ("organisatie", lambda p: p.organisation, hidden_of.organisations),
            ("niveau", lambda p: p.level, hidden_of.levels),
        ):
            values = {}
            for person, value in scored:
                values.setdefault(key(person), []).append(value)
            everyone = {key(p) for p in people}
            groups[kind] = (
                {
                    name: (None, None, True) if name in hidden or name not in values else (len(values[name]), float(mean(values[name])), False)
                    for name in everyone
                }
                if len(scored) >= threshold
                else {}
            )
        questions = {}
        for q in ids:
            given = [p.answers.get(q) for p in people]
            phases = [v for v in given if type(v) is int]
            shown = len(phases) >= threshold and len(scored) >= threshold and plain_classes_safe(people, ids, threshold)
            counts = (given.count(WN), given.count(NVT), given.count(None))
            if any(0 < count < threshold for count in counts):
                counts = (None, None, None)
            questions[q] = (len(phases), float(Fraction(sum(phases), len(phases))) if shown else None, *counts)
        if len(people) < threshold:
            questions = {}
        values = [v for _, v in scored]
        enough = len(values) >= threshold
        expected[dimension.id] = {
            "n": len(values),
            "score": float(mean(values)) if values else None,
            "sd": plain_sd(values) if enough else None,
            "groups": groups,
            "questions": questions,
        }
    return expected


def plain_counts(question_set, person, share):
    """A respondent counts with enough phase answers on at least one dimension."""
    for dimension in question_set.dimensies:
        ids = [q.id for q in question_set.questions_of(dimension.id)]
        if sum(1 for q in ids if type(person.answers.get(q)) is int) >= max(1, math.ceil(share * len(ids) - 1e-9)):
            return True
    return False


def plain_classes_safe(people, ids, threshold):
    """Among the people with any phase answer in the dimension, every class of equal number
    of phase answers holds 0 or >= threshold people. (What the question totals give away
    together with the groups is tested in test_question_privacy.)"""
    answered = [sum(1 for x in ids if type(p.answers.get(x)) is int) for p in people]
    return all(size >= threshold for m, size in Counter(answered).items() if m)


def plain_sd(values):
    if len(values) < 2:
        return None
    centre = mean(values)
    return math.sqrt(float(sum((v - centre) ** 2 for v in values) / (len(values) - 1)))


@settings(max_examples=200, deadline=None)
@given(people=respondent_lists, threshold=st.integers(1, 4), share=st.sampled_from([0.3, 0.5, 0.75, 1.0]))
def test_columnar_scoring_matches_the_rules_written_out(mini_set, people, threshold, share):
    settings_ = ScoringSettings(minimale_groep=threshold, minimaal_aandeel=share, weging="respondent")
    result = score_engagement(mini_set, people, AMBITION, settings_)
    expected = plain_result(mini_set, people, threshold, share)
    for d in result.dimensies:
        want = expected[d.id]
        assert (d.n, d.score, d.sd) == (want["n"], want["score"], want["sd"])
        for kind, groups in (("organisatie", d.per_organisatie), ("niveau", d.per_niveau)):
            assert {g.naam: (g.n, g.score, g.onderdrukt) for g in groups} == want["groups"][kind]
        # A score the plain rules allow may still be hidden (groups, see test_question_privacy), never the reverse.
        got = {q.id: (q.n, q.score, q.weet_niet, q.nvt, q.geen_antwoord) for q in d.vragen}
        assert got.keys() == want["questions"].keys()
        for qid, (n, score, *counts) in got.items():
            plain_n, plain_score, *plain_counts = want["questions"][qid]
            assert (n, counts) == (plain_n, plain_counts)
            assert score is None or score == plain_score
    assert result.totaal.respondenten_met_score == sum(
        1 for p in people if any(v is not None for v in score_respondent(mini_set, p, settings_).values())
    )


@settings(max_examples=100, deadline=None)
@given(people=respondent_lists)
def test_cell_tallies_for_discussion_points_match_a_plain_count(mini_set, people):
    from volwassenheid.core.cell_counts import CellIndex, question_tallies

    table = answer_table(mini_set, people)
    plain = {}
    for person in people:
        for q, v in person.answers.items():
            if type(v) is int and q in table.columns:
                cell = (person.organisation, person.level)
                total, count = plain.setdefault(q, {}).get(cell, (0, 0))
                plain[q][cell] = (total + v, count + 1)
    questions = list(table.columns)
    for q, tallies in zip(questions, question_tallies(table, questions, CellIndex.of(table)), strict=True):
        assert tallies == plain.get(q, {}), q


def test_question_scores_hidden_when_few_answered_only_part_of_a_dimension(mini_set):
    """Five people answered all of tvb; X answered only t1 (too few for a tvb score). The question
    totals include X's answer and the tvb total does not, so tvb total minus the mean of the question
    totals is X's answer, worked out here by hand from what would be published."""
    full = [Respondent(f"F{i}", "OM", "tactisch", {"t1": 3, "t2": 2 + i % 2, "t3": 4}) for i in range(5)]
    lone = Respondent("X", "OM", "tactisch", {"t1": 5, "i1": 3})  # counts by i1, no tvb score
    (_, tvb, _) = score_engagement(mini_set, full + [lone]).dimensies
    assert all(q.score is None for q in tvb.vragen)
    # With threshold 1 the figures are shown, and the attack works: sum of question totals / 3 - tvb total.
    (_, shown, _) = score_engagement(mini_set, full + [lone], settings=ScoringSettings(minimale_groep=1)).dimensies
    question_totals = sum(q.score * q.n for q in shown.vragen)
    assert round(3 * (question_totals / 3 - shown.score * shown.n)) == 5  # X's answer to t1
    # Three partial answerers are enough people: then the question scores are shown.
    others = [Respondent(f"Y{i}", "OM", "tactisch", {"t1": 2, "i1": 3}) for i in range(2)]
    (_, tvb, _) = score_engagement(mini_set, full + [lone] + others).dimensies
    assert all(q.score is not None for q in tvb.vragen)


def test_an_interview_is_scored_like_the_worked_example(mini_set):
    from volwassenheid.core.models import Interview
    from volwassenheid.core.scoring import interview_scores

    def interview(person: Respondent) -> Interview:
        return Interview.model_validate(
            {
                "code": person.code,
                "organisatie": person.organisation,
                "niveau": person.level,
                "vragenlijst": {"id": "mini", "versie": "0.1"},
                "afgerond": True,
                "antwoorden": {qid: {"waarde": value} for qid, value in person.answers.items()},
            }
        )

    # R1: vertrouwen (4 + 5) / 2, tvb (2 + 3) / 2 with t3 'weet niet', informatie 3
    assert interview_scores(mini_set, interview(R1)) == {"vertrouwen": 4.5, "tvb": 2.5, "informatie": 3.0}
    assert interview_scores(mini_set, interview(R2)) == {"vertrouwen": 4.0, "tvb": None, "informatie": 2.0}
    assert interview_scores(mini_set, interview(R2), ScoringSettings(minimaal_aandeel=0.3))["tvb"] == 2.0


def test_the_program_scores_answers_in_columns_only():
    """One road from an answer to a score: interviews and survey rows become an AnswerTable.
    The hand-written Respondent and the functions taking it are for tests and the benchmark."""
    import ast
    from pathlib import Path

    import volwassenheid

    test_api = {"Respondent", "answer_table", "score_engagement", "score_respondent"}
    package = Path(volwassenheid.__file__).parent
    used = []
    for path in sorted(package.rglob("*.py")):
        if path == package / "core" / "scoring.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if isinstance(node, ast.ImportFrom):
                used += [f"{path.relative_to(package)}: {alias.name}" for alias in node.names if alias.name in test_api]
            elif name in test_api:
                used.append(f"{path.relative_to(package)}: {name}")
    assert used == []
