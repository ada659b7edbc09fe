"""Item non-response (issue 13): shares of "weet niet" and "n.v.t." per dimension and per level.

SPEC13: over the counted respondents (also those without a score on the dimension) and the
dimension's questions, share = answers of that kind / answers given (phase + weet niet + n.v.t.);
flag above 0.20; a share is None unless the people who gave that kind of answer number 0 or at
least `minimale_groep` (per level: in every level).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, score_engagement

WN, NVT = "weet_niet", "nvt"
LEVELS = ("strategisch", "tactisch", "operationeel")
QUESTIONS = {"vertrouwen": ["v1", "v2"], "tvb": ["t1", "t2", "t3"], "informatie": ["i1"]}
ALL_QUESTIONS = [q for questions in QUESTIONS.values() for q in questions]
REQUIRED = {"vertrouwen": 1, "tvb": 2, "informatie": 1}
"""Phase answers needed for a score with minimaal_aandeel 0.5: ceil(0.5 * questions)."""


def dims(result):
    return {d.id: d for d in result.dimensies}


# --- the plain implementation ---------------------------------------------------


def counts(respondent: Respondent) -> bool:
    """A respondent counts with a score on at least one dimension."""
    return any(
        sum(1 for q in questions if type(respondent.answers.get(q)) is int) >= REQUIRED[dimension] for dimension, questions in QUESTIONS.items()
    )


def plain_shares(people: list[Respondent], questions: list[str], group: int, safe_people=None):
    """(weet niet share, n.v.t. share) over these people and questions; a share None when unsafe."""
    given_answers = sum(1 for r in people for q in questions if r.answers.get(q) is not None)
    shares = []
    for kind in (WN, NVT):
        answers = sum(1 for r in people for q in questions if r.answers.get(q) == kind)
        safe = safe_people(kind) if safe_people else _safe(sum(1 for r in people if any(r.answers.get(q) == kind for q in questions)), group)
        # nothing for a group below the threshold (even 0% describes its few people), nor without answers
        shown = safe and len(people) >= group and given_answers
        shares.append(float(Fraction(answers, given_answers)) if shown else None)
    return tuple(shares)


def _safe(people: int, group: int) -> bool:
    return people == 0 or people >= group


def plain_level_shares(people: list[Respondent], group: int) -> dict[str, tuple]:
    by_level = {level: [r for r in people if r.level == level] for level in LEVELS}
    by_level = {level: members for level, members in by_level.items() if members}
    if any(len(members) < group for members in by_level.values()):
        return {}  # a small level would decide by its own answers whether the others are shown

    def safe(kind):
        return all(_safe(sum(1 for r in members if any(r.answers.get(q) == kind for q in ALL_QUESTIONS)), group) for members in by_level.values())

    return {level: plain_shares(members, ALL_QUESTIONS, group, safe) for level, members in by_level.items()}


def question_counts_shown(people: list[Respondent], questions: list[str], group: int) -> bool:
    """Every question's counts of weet niet, n.v.t. and no answer are published (each 0 or >= group),
    in a partnership of at least `group`: only then may the dimension's shares be shown."""
    if len(people) < group:
        return False
    for q in questions:
        counts = [sum(1 for r in people if r.answers.get(q) == kind) for kind in (WN, NVT, None)]
        if any(0 < count < group for count in counts):
            return False
    return True


def flagged(share) -> bool:
    return share is not None and share > 0.2


# --- hand-computed cases -------------------------------------------------------


def example() -> list[Respondent]:
    return [
        Respondent("A", "Politie", "tactisch", {"t1": 2, "t2": 3, "t3": WN, "i1": 3}),
        # B has no score on tvb (one phase answer of three) but counts through i1.
        Respondent("B", "Politie", "tactisch", {"t1": 2, "t2": WN, "t3": NVT, "i1": 3}),
        Respondent("C", "OM", "operationeel", {"t1": 4, "t2": 4, "v1": 4}),
        Respondent("D", "OM", "operationeel", {"t1": NVT, "t2": 3, "t3": 3, "v2": NVT}),
        # E counts for nothing (no score anywhere): left out of every share.
        Respondent("E", "OM", "operationeel", {"t1": WN, "t2": WN, "t3": WN, "v1": WN}),
    ]


def test_dimension_shares_by_hand(mini_set):
    # tvb over A, B, C, D (E does not count): given 3 + 3 + 2 + 3 = 11; weet niet A, B = 2 -> 2/11;
    # n.v.t. B, D = 2 -> 2/11. minimale_groep 1: shown. Neither above 0.20.
    tvb = dims(score_engagement(mini_set, example(), settings=ScoringSettings(minimale_groep=1)))["tvb"]
    assert tvb.weet_niet_aandeel == pytest.approx(2 / 11)
    assert tvb.nvt_aandeel == pytest.approx(2 / 11)
    assert (tvb.weet_niet_hoog, tvb.nvt_hoog) == (False, False)
    # minimale_groep 2: a question's count of one "weet niet" is hidden, and the dimension's share with the
    # other questions' counts and n would give it back: no shares at all.
    tvb = dims(score_engagement(mini_set, example(), settings=ScoringSettings(minimale_groep=2)))["tvb"]
    assert any(q.weet_niet is None for q in tvb.vragen)
    assert (tvb.weet_niet_aandeel, tvb.nvt_aandeel) == (None, None)


def test_vertrouwen_shares_by_hand(mini_set):
    # vertrouwen: given C v1, D v2 = 2; weet niet 0 -> 0.0 (shown: nobody); n.v.t. 1 of 2 = 0.5 by
    # one person (D): hidden at minimale_groep 2, shown and flagged at minimale_groep 1.
    # (with the one n.v.t. hidden per question, no share of the dimension is shown at all)
    vertrouwen = dims(score_engagement(mini_set, example(), settings=ScoringSettings(minimale_groep=2)))["vertrouwen"]
    assert (vertrouwen.weet_niet_aandeel, vertrouwen.nvt_aandeel, vertrouwen.nvt_hoog) == (None, None, False)
    vertrouwen = dims(score_engagement(mini_set, example(), settings=ScoringSettings(minimale_groep=1)))["vertrouwen"]
    assert (vertrouwen.nvt_aandeel, vertrouwen.nvt_hoog) == (0.5, True)


def test_a_share_given_by_too_few_people_is_not_shown(mini_set):
    # minimale_groep 3: two people said weet niet on tvb and two n.v.t.: neither share is shown.
    tvb = dims(score_engagement(mini_set, example(), settings=ScoringSettings(minimale_groep=3)))["tvb"]
    assert (tvb.weet_niet_aandeel, tvb.nvt_aandeel) == (None, None)
    assert (tvb.weet_niet_hoog, tvb.nvt_hoog) == (False, False)


def test_the_flag_is_above_a_fifth(mini_set):
    # i1: five people, one "weet niet" of five answers = 0.20 exactly: not flagged; two of six: flagged.
    people = [Respondent(f"R{i}", "Politie", "tactisch", {"i1": 3, "v1": 3}) for i in range(4)]
    fifth = [*people, Respondent("W", "Politie", "tactisch", {"i1": WN, "v1": 3})]
    informatie = dims(score_engagement(mini_set, fifth, settings=ScoringSettings(minimale_groep=1)))["informatie"]
    assert (informatie.weet_niet_aandeel, informatie.weet_niet_hoog) == (0.2, False)
    third = [*fifth, Respondent("X", "Politie", "tactisch", {"i1": WN, "v1": 3})]
    informatie = dims(score_engagement(mini_set, third, settings=ScoringSettings(minimale_groep=1)))["informatie"]
    assert informatie.weet_niet_aandeel == pytest.approx(2 / 6)
    assert (informatie.weet_niet_hoog, informatie.nvt_hoog) == (True, False)


def test_blank_answers_are_not_given_answers(mini_set):
    # v1 weet niet, v2 blank -> 1 of 1 given is weet niet: share 1.0, not 0.5.
    people = [Respondent("A", "Politie", "tactisch", {"v1": WN, "i1": 2}), Respondent("B", "Politie", "tactisch", {"v1": 3, "v2": 3, "i1": 2})]
    vertrouwen = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1)))["vertrouwen"]
    assert vertrouwen.weet_niet_aandeel == pytest.approx(1 / 3)  # A: 1 given (weet niet), B: 2 given


def test_level_shares_by_hand(mini_set):
    # Over all six questions. tactisch (A, B): given A 4, B 4 = 8; weet niet A t3, B t2 = 2 -> 0.25
    # (flagged); n.v.t. B t3 = 1 -> 0.125. operationeel (C, D): given C 3, D 4 = 7; weet niet 0;
    # n.v.t. D t1, v2 = 2 -> 2/7. People with weet niet: tactisch 2, operationeel 0; n.v.t.: tactisch 1
    # (B), operationeel 1 (D).
    levels = score_engagement(mini_set, example(), settings=ScoringSettings(minimale_groep=2)).respons.item_nonrespons_per_niveau
    assert list(levels) == ["tactisch", "operationeel"]
    assert levels["tactisch"].weet_niet_aandeel == 0.25
    assert levels["tactisch"].weet_niet_hoog is True
    assert levels["operationeel"].weet_niet_aandeel == 0.0
    # One person per level said n.v.t.: with minimale_groep 2 no level's n.v.t. share is shown.
    assert [levels[name].nvt_aandeel for name in levels] == [None, None]
    levels = score_engagement(mini_set, example(), settings=ScoringSettings(minimale_groep=1)).respons.item_nonrespons_per_niveau
    assert levels["tactisch"].nvt_aandeel == 0.125
    assert levels["operationeel"].nvt_aandeel == pytest.approx(2 / 7)
    assert levels["operationeel"].nvt_hoog is True


def test_one_unsafe_level_hides_that_kind_in_every_level(mini_set):
    # strategisch: one person said weet niet; tactisch: three. minimale_groep 3: the strategisch
    # count (1) is unsafe, so no level shows its weet niet share (the others and the total would give it away).
    people = [Respondent(f"T{i}", "Politie", "tactisch", {"i1": WN, "v1": 3}) for i in range(3)]
    people += [Respondent("S1", "Politie", "strategisch", {"i1": WN, "v1": 3}), Respondent("S2", "Politie", "strategisch", {"v1": 3})]
    people += [Respondent("S3", "Politie", "strategisch", {"v1": 3})]
    levels = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3)).respons.item_nonrespons_per_niveau
    assert [levels[name].weet_niet_aandeel for name in ("strategisch", "tactisch")] == [None, None]
    # n.v.t.: nobody anywhere: 0.0 everywhere.
    assert [levels[name].nvt_aandeel for name in ("strategisch", "tactisch")] == [0.0, 0.0]


# --- properties against the plain implementation --------------------------------

ANSWER = st.sampled_from([None, 1, 3, 5, WN, NVT])
RESPONDENT = st.tuples(st.sampled_from(["Politie", "OM"]), st.sampled_from(LEVELS), st.fixed_dictionaries({q: ANSWER for q in ALL_QUESTIONS}))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(RESPONDENT, min_size=1, max_size=20), st.integers(1, 4))
def test_shares_match_the_plain_count(mini_set, raw, group):
    respondents = [Respondent(f"R{i}", o, lv, {q: a for q, a in answers.items() if a is not None}) for i, (o, lv, answers) in enumerate(raw)]
    result = score_engagement(mini_set, respondents, settings=ScoringSettings(minimale_groep=group))
    counted = [r for r in respondents if counts(r)]
    for d in result.dimensies:
        expected = plain_shares(counted, QUESTIONS[d.id], group) if question_counts_shown(counted, QUESTIONS[d.id], group) else (None, None)
        assert (d.weet_niet_aandeel, d.nvt_aandeel) == pytest.approx(expected, abs=1e-12)
        assert (d.weet_niet_hoog, d.nvt_hoog) == (flagged(expected[0]), flagged(expected[1]))
    levels = result.respons.item_nonrespons_per_niveau
    expected_levels = plain_level_shares(counted, group)
    assert list(levels) == list(expected_levels)
    for level, (dont_know, not_applicable) in expected_levels.items():
        assert (levels[level].weet_niet_aandeel, levels[level].nvt_aandeel) == pytest.approx((dont_know, not_applicable), abs=1e-12)
        assert (levels[level].weet_niet_hoog, levels[level].nvt_hoog) == (flagged(dont_know), flagged(not_applicable))


def test_a_level_below_minimale_groep_shows_no_shares(mini_set):
    # Three tactisch respondents and ONE strategisch one, nobody said weet niet or n.v.t.; minimale_groep 3.
    # per_niveau hides strategisch (1 < 3), yet its shares 0.0 / 0.0 describe that one person's answers.
    people = [Respondent(f"T{i}", "Politie", "tactisch", {"v1": 3, "i1": 3}) for i in range(3)]
    people.append(Respondent("S1", "OM", "strategisch", {"v1": 3, "i1": 3}))
    result = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=3))
    assert all(group.onderdrukt for group in result.dimensies[0].per_niveau if group.naam == "strategisch")
    strategic = result.respons.item_nonrespons_per_niveau.get("strategisch")
    assert strategic is None or (strategic.weet_niet_aandeel, strategic.nvt_aandeel) == (None, None)
