"""Per-question scores may not let anyone work out the scores of fewer than `minimale_groep` people.

The attacker, written out here: every published sum is a linear equation in the people's
values (a scored person's dimension score s; for someone without a score, their phase
total p, which enters the question totals only). The dimension total is the sum of s over
the scored people, the question totals together the sum of m x s (m = that person's number
of phase answers) plus the p's, a visible group's total the sum of s over its members.
Some combination of the equations reveals a sum or difference over a set S of people
exactly when it is zero outside S: when dropping S's columns lowers the rank."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, score_engagement

WN = "weet_niet"
TVB = ("t1", "t2", "t3")


def rank(rows: list[list[Fraction]]) -> int:
    """Gaussian elimination in fractions."""
    rows = [list(row) for row in rows if any(row)]
    found = 0
    columns = len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column] != 0:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found], strict=True)]
        found += 1
    return found


def small_sets_revealed(rows: list[list[Fraction]], threshold: int) -> list[tuple[int, ...]]:
    """Sets of 1..threshold-1 people (columns) on which some combination of the rows is all there is."""
    people = len(rows[0]) if rows else 0
    full = rank(rows)
    revealed = []
    for size in range(1, threshold):
        for chosen in combinations(range(people), size):
            rest = [[row[c] for c in range(people) if c not in chosen] for row in rows]
            if rank(rest) < full:
                revealed.append(chosen)
    return revealed


def published_equations(result, people: list[Respondent], required: int) -> list[list[Fraction]]:
    """The rows the attacker has for tvb: its total, the question totals when all are shown, visible groups."""
    (_, tvb, _) = result.dimensies
    contributors = [p for p in people if answered(p)]
    scored = [answered(p) >= required for p in contributors]
    rows = []
    if tvb.score is not None:
        rows.append([Fraction(1 if s else 0) for s in scored])
    if tvb.vragen and all(q.score is not None for q in tvb.vragen):
        rows.append([Fraction(answered(p) if s else 1) for p, s in zip(contributors, scored, strict=True)])
    for groups, key in ((tvb.per_organisatie, lambda p: p.organisation), (tvb.per_niveau, lambda p: p.level)):
        for group in groups:
            if not group.onderdrukt and group.score is not None:
                rows.append([Fraction(1 if s and key(p) == group.naam else 0) for p, s in zip(contributors, scored, strict=True)])
    return rows


def answered(person: Respondent) -> int:
    return sum(1 for q in TVB if type(person.answers.get(q)) is int)


answer = st.sampled_from([1, 2, 3, 4, 5, WN, None])
person = st.builds(
    # i1 answered: everyone counts as a respondent, with or without a tvb score
    lambda org, level, t1, t2, t3: (org, level, {"i1": 3, **{q: v for q, v in zip(TVB, (t1, t2, t3), strict=True) if v is not None}}),
    st.sampled_from(["A", "B"]),
    st.sampled_from(["strategisch", "tactisch"]),
    answer,
    answer,
    answer,
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(person, max_size=10), threshold=st.integers(2, 4), share=st.sampled_from([0.3, 0.5, 1.0]))
def test_no_published_combination_gives_away_fewer_than_minimale_groep(mini_set, rows, threshold, share):
    people = [Respondent(f"R{i}", org, level, answers) for i, (org, level, answers) in enumerate(rows)]
    result = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=threshold, minimaal_aandeel=share, weging="respondent"))
    required = max(1, math.ceil(share * len(TVB) - 1e-9))
    equations = published_equations(result, people, required)
    # Below the threshold the dimension's mean is published on purpose (flagged as too few):
    # nothing else may add to what it gives away.
    by_design = small_sets_revealed(equations[:1], threshold) if result.dimensies[1].n < threshold else []
    assert small_sets_revealed(equations, threshold) == by_design


def review_case() -> list[Respondent]:
    """Six answered two of the three tvb questions, one (the only Gemeente person) all three."""

    def p(code, org, level, t):
        return Respondent(code, org, level, {"v1": 3, "v2": 3, "t1": t[0], "t2": t[1], "t3": t[2], "i1": 3})

    return [
        p("P1", "Politie", "operationeel", (4, 2, WN)),
        p("P2", "Politie", "operationeel", (WN, 3, 5)),
        p("P3", "Politie", "tactisch", (2, WN, 2)),
        p("O1", "OM", "operationeel", (5, 4, WN)),
        p("O2", "OM", "tactisch", (WN, 1, 3)),
        p("O3", "OM", "operationeel", (3, WN, 4)),
        p("G1", "Gemeente", "strategisch", (1, 2, 1)),
    ]


def test_review_case_the_one_full_answerer_stays_hidden(mini_set):
    people = review_case()
    (_, tvb, _) = score_engagement(mini_set, people).dimensies
    assert [q.score for q in tvb.vragen] == [None, None, None]
    # Without the rule (minimale_groep 1) the attack works: sum of question totals - 2 x tvb total.
    (_, shown, _) = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1, weging="respondent")).dimensies
    question_totals = sum(Fraction(q.score).limit_denominator(100) * q.n for q in shown.vragen)
    total = Fraction(shown.score).limit_denominator(100) * shown.n
    assert question_totals - 2 * total == Fraction(4, 3)  # G1's tvb score: (1 + 2 + 1) / 3


def test_two_full_answerers_among_six_partial_are_still_too_few(mini_set):
    people = review_case() + [Respondent("G2", "Gemeente", "strategisch", {"t1": 3, "t2": 3, "t3": 3})]
    (_, tvb, _) = score_engagement(mini_set, people).dimensies
    assert all(q.score is None for q in tvb.vragen)
    people += [Respondent("G3", "Gemeente", "strategisch", {"t1": 2, "t2": 3, "t3": 4})]
    (_, tvb, _) = score_engagement(mini_set, people).dimensies
    assert all(q.score is not None for q in tvb.vragen)


def test_question_totals_with_visible_groups_isolate_one_person(mini_set):
    """Politie: five answered all three tvb questions; OM: five answered two, one all three.
    Every class of equal answer count is big enough (six and five), but with Politie's and
    OM's totals shown: question totals - 3 x Politie - 2 x OM = the one OM person's score."""
    from volwassenheid.core.disclosure import Hidden, question_totals_reveal

    nothing = Hidden(frozenset(), frozenset())
    cells = {("Politie", "tactisch", 3): 5, ("OM", "tactisch", 2): 5, ("OM", "tactisch", 3): 1}
    assert question_totals_reveal(cells, 0, nothing, 3)
    people = [Respondent(f"P{i}", "Politie", "tactisch", {"t1": 3, "t2": 4, "t3": 2 + i % 2}) for i in range(5)]
    people += [Respondent(f"O{i}", "OM", "tactisch", {"t1": 2, "t2": 3, "t3": WN}) for i in range(5)]
    people += [Respondent("X", "OM", "tactisch", {"t1": 5, "t2": 5, "t3": 1})]
    (_, tvb, _) = score_engagement(mini_set, people).dimensies
    assert {g.naam for g in tvb.per_organisatie if not g.onderdrukt} == {"Politie", "OM"}
    assert all(q.score is None for q in tvb.vragen)
    # The same people all in one organisation: no group total to subtract, the scores are shown.
    same = [Respondent(p.code, "OM", p.level, p.answers) for p in people]
    (_, tvb, _) = score_engagement(mini_set, same).dimensies
    assert all(q.score is not None for q in tvb.vragen)
