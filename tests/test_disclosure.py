"""Small-group privacy: nothing hidden can be worked out from what is published.

The attacker here is written out plainly and shares no code with
volwassenheid.core.disclosure: it takes every published sum (the total, each
visible organisation, each visible level; a mean with its n is a sum) as a
row over the organisation x level cells, and uses exact Gaussian elimination
in fractions. A set T of cells is exposed when some combination of the
published rows is zero outside T and not zero on T: then the attacker knows
a sum (or a difference) of the people in T, and one of them learns about the
others. T may not hold 1..threshold-1 respondents.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from volwassenheid.core.disclosure import hidden_groups, small_cut


def rank(rows: list[list[int]]) -> int:
    """Rank over the rationals, by plain Gaussian elimination."""
    matrix = [[Fraction(value) for value in row] for row in rows]
    found = 0
    columns = len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(found, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for r in range(len(matrix)):
            if r != found and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[found][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[found], strict=True)]
        found += 1
    return found


def published_rows(cells: dict, visible_organisations, visible_levels) -> tuple[list, list[list[int]]]:
    atoms = sorted(cell for cell, n in cells.items() if n > 0)
    rows = [[1] * len(atoms)]
    rows += [[int(o == organisation) for o, _ in atoms] for organisation in visible_organisations]
    rows += [[int(lv == level) for _, lv in atoms] for level in visible_levels]
    return atoms, rows


def exposed_sets(cells: dict, visible_organisations, visible_levels, threshold: int) -> list[tuple]:
    """Every set of cells with 1..threshold-1 respondents on which the published sums give something away."""
    atoms, rows = published_rows(cells, visible_organisations, visible_levels)
    full = rank(rows)
    exposed = []
    for size in range(1, threshold):
        for chosen in combinations(range(len(atoms)), size):
            people = sum(cells[atoms[i]] for i in chosen)
            if not 1 <= people < threshold:
                continue
            rest = [[value for j, value in enumerate(row) if j not in chosen] for row in rows]
            if rank(rest) < full:
                exposed.append(tuple(atoms[i] for i in chosen))
    return exposed


def visible(cells: dict, hidden) -> tuple[list[str], list[str]]:
    organisations = {o for (o, _), n in cells.items() if n > 0}
    levels = {lv for (_, lv), n in cells.items() if n > 0}
    return sorted(organisations - hidden.organisations), sorted(levels - hidden.levels)


def group_sizes(cells: dict) -> tuple[dict, dict]:
    organisations, levels = {}, {}
    for (o, lv), n in cells.items():
        if not n:
            continue
        organisations[o] = organisations.get(o, 0) + n
        levels[lv] = levels.get(lv, 0) + n
    return organisations, levels


# --- hand-computed cases --------------------------------------------------------------


def test_two_hidden_organisations_of_one_each_are_not_worked_out_from_the_total():
    # A (1) and B (1) hidden next to C (5) and D (5): the total minus C and D is A + B,
    # and A would learn B's score. One more organisation must go.
    cells = {("A", "tactisch"): 1, ("B", "tactisch"): 1, ("C", "tactisch"): 5, ("D", "tactisch"): 5}
    hidden = hidden_groups(cells, 3)
    assert hidden.organisations == {"A", "B", "C"}
    assert exposed_sets(cells, ["D"], ["tactisch"], 3) == []
    # The old rule (only the next-smallest when exactly one is hidden) left C and D visible:
    assert exposed_sets(cells, ["C", "D"], ["tactisch"], 3) == [(("A", "tactisch"), ("B", "tactisch"))]


def test_hidden_levels_together_hold_at_least_the_threshold():
    cells = {("X", "strategisch"): 1, ("X", "tactisch"): 1, ("X", "operationeel"): 8}
    hidden = hidden_groups(cells, 3)
    assert hidden.levels == {"strategisch", "tactisch", "operationeel"}
    assert hidden.organisations == frozenset()


def test_organisation_table_and_level_table_are_not_subtracted_from_each_other():
    # Organisation A has 3 respondents, all strategic; level strategisch has 4:
    # strategisch minus A is the one strategic respondent of B.
    cells = {("A", "strategisch"): 3, ("B", "strategisch"): 1, ("B", "tactisch"): 5}
    assert exposed_sets(cells, ["A", "B"], ["strategisch", "tactisch"], 3) == [(("B", "strategisch"),)]
    hidden = hidden_groups(cells, 3)
    shown_organisations, shown_levels = visible(cells, hidden)
    assert exposed_sets(cells, shown_organisations, shown_levels, 3) == []
    # Hiding A alone would not do (total - B - tactisch is still A's strategic cell, then
    # strategisch minus that is B's); hiding A and B leaves the level table, which is safe.
    assert (hidden.organisations, hidden.levels) == ({"A", "B"}, frozenset())


def test_a_difference_of_two_people_counts_as_given_away():
    # Every group holds 5, but A minus strategisch = (A tactisch) - (B strategisch):
    # the one person in A tactisch learns the score of the one in B strategisch.
    cells = {("A", "strategisch"): 4, ("A", "tactisch"): 1, ("B", "strategisch"): 1, ("B", "tactisch"): 4}
    assert exposed_sets(cells, ["A", "B"], ["strategisch", "tactisch"], 3) != []
    cut = small_cut(cells, set(), 3)
    assert cut is not None and sum(1 for _ in cut.edges) == 2
    hidden = hidden_groups(cells, 3)
    assert exposed_sets(cells, *visible(cells, hidden), 3) == []


def test_the_group_that_mends_the_cut_is_hidden_rather_than_every_small_one():
    """The bundled example's 'ambitie' dimension: strategisch (2) hidden alone would be the total
    minus tactisch and operationeel. Hiding tactisch (5) mends that; hiding the organisations of 3,
    one after the other, would not, and would empty the heat map."""
    cells = {
        ("Politie", "tactisch"): 1,
        ("Politie", "operationeel"): 2,
        ("OM", "strategisch"): 1,
        ("OM", "tactisch"): 1,
        ("OM", "operationeel"): 1,
        ("Gemeente", "strategisch"): 1,
        ("Gemeente", "tactisch"): 1,
        ("Gemeente", "operationeel"): 1,
        ("Reclassering", "tactisch"): 1,
        ("Reclassering", "operationeel"): 1,
        ("Jeugd", "tactisch"): 1,
        ("Jeugd", "operationeel"): 1,
        ("GGZ", "operationeel"): 1,
        ("Raad", "operationeel"): 1,
    }
    hidden = hidden_groups(cells, 3)
    assert hidden.levels == {"strategisch", "tactisch"}
    assert hidden.organisations == {"Reclassering", "Jeugd", "GGZ", "Raad"}
    assert exposed_sets(cells, *visible(cells, hidden), 3) == []


def test_large_enough_cells_hide_nothing():
    cells = {(o, lv): 3 for o in "ABC" for lv in ("strategisch", "tactisch")}
    hidden = hidden_groups(cells, 3)
    assert hidden.organisations == frozenset() and hidden.levels == frozenset()


def test_a_total_below_the_threshold_hides_every_group():
    hidden = hidden_groups({("A", "tactisch"): 1, ("B", "operationeel"): 1}, 3)
    assert hidden.organisations == {"A", "B"} and hidden.levels == {"tactisch", "operationeel"}


def test_threshold_one_hides_nothing():
    cells = {("A", "tactisch"): 1, ("B", "operationeel"): 1}
    assert hidden_groups(cells, 1) == hidden_groups({}, 1)
    assert hidden_groups(cells, 1).organisations == frozenset()


# --- the property ---------------------------------------------------------------------

ORGANISATIONS = ["Gemeente", "OM", "Politie", "Reclassering", "Zorg"]
LEVELS = ["strategisch", "tactisch", "operationeel"]

cell_tables = st.dictionaries(
    st.tuples(st.sampled_from(ORGANISATIONS), st.sampled_from(LEVELS)),
    st.integers(0, 6),
    max_size=15,
)


@settings(max_examples=400, deadline=None)
@given(cells=cell_tables, threshold=st.integers(1, 5))
def test_nothing_hidden_can_be_worked_out(cells, threshold):
    hidden = hidden_groups(cells, threshold)
    shown_organisations, shown_levels = visible(cells, hidden)
    organisation_sizes, level_sizes = group_sizes(cells)
    assert all(organisation_sizes[o] >= threshold for o in shown_organisations)
    assert all(level_sizes[lv] >= threshold for lv in shown_levels)
    if sum(cells.values()) >= threshold:
        assert exposed_sets(cells, shown_organisations, shown_levels, threshold) == []
    else:
        assert shown_organisations == [] and shown_levels == []


@settings(max_examples=200, deadline=None)
@given(cells=cell_tables, threshold=st.integers(1, 5))
def test_the_audit_finds_what_the_attacker_finds(cells, threshold):
    """With only the small groups hidden, the audit and the attacker agree on whether anything leaks."""
    hidden_small = {("organisatie", o) for o, n in group_sizes(cells)[0].items() if n < threshold}
    hidden_small |= {("niveau", lv) for lv, n in group_sizes(cells)[1].items() if n < threshold}
    shown_organisations = sorted(o for o, n in group_sizes(cells)[0].items() if n >= threshold)
    shown_levels = sorted(lv for lv, n in group_sizes(cells)[1].items() if n >= threshold)
    if sum(cells.values()) < threshold:
        return
    leaks = exposed_sets(cells, shown_organisations, shown_levels, threshold)
    assert (small_cut(cells, hidden_small, threshold) is not None) == bool(leaks)


# --- through scoring and advice: what the outputs publish, per dimension and per question ---

WN, NVT = "weet_niet", "nvt"
QUESTIONS = {"vertrouwen": ["v1", "v2"], "tvb": ["t1", "t2", "t3"], "informatie": ["i1"]}
people_strategy = st.lists(
    st.tuples(
        st.sampled_from(ORGANISATIONS[:4]),
        st.sampled_from(LEVELS),
        # Missing and 'weet niet' answers leave some respondents without a score on a dimension.
        st.dictionaries(st.sampled_from([q for qs in QUESTIONS.values() for q in qs]), st.one_of(st.integers(1, 5), st.just(WN))),
    ),
    max_size=30,
)


def plain_cells(people, questions, required):
    """Respondents with at least `required` phase answers on these questions, per cell."""
    cells = {}
    for organisation, level, answers in people:
        if sum(1 for q in questions if type(answers.get(q)) is int) >= required:
            cells[(organisation, level)] = cells.get((organisation, level), 0) + 1
    return cells


@settings(max_examples=150, deadline=None)
@given(people=people_strategy, threshold=st.integers(2, 4))
def test_published_group_scores_give_nobody_away(mini_set, people, threshold):
    from volwassenheid.core.advice import advise
    from volwassenheid.core.models import ScoringSettings
    from volwassenheid.core.scoring import Respondent, answer_table, score_engagement

    respondents = [Respondent(f"R{i}", o, lv, a) for i, (o, lv, a) in enumerate(people)]
    settings_ = ScoringSettings(minimale_groep=threshold)
    result = score_engagement(mini_set, respondents, settings=settings_)
    for d in result.dimensies:
        questions = QUESTIONS[d.id]
        cells = plain_cells(people, questions, max(1, -(-len(questions) // 2)))
        organisation_sizes, level_sizes = group_sizes(cells)
        shown_organisations = [g.naam for g in d.per_organisatie if not g.onderdrukt]
        shown_levels = [g.naam for g in d.per_niveau if not g.onderdrukt]
        if d.n < threshold:
            # Below the threshold no group at all: no names, no n.
            assert d.per_organisatie == d.per_niveau == [] and d.sd is None
            assert all(q.score is None for q in d.vragen)
        else:
            # Shown groups with their n; suppressed ones (every other group of the partnership) without.
            assert {g.naam: g.n for g in d.per_organisatie if not g.onderdrukt} == {o: organisation_sizes[o] for o in shown_organisations}
            # every group of the respondents who count: a score on some dimension
            counting = [(o, lv) for o, lv, a in people if any(plain_cells([(o, lv, a)], qs, max(1, -(-len(qs) // 2))) for qs in QUESTIONS.values())]
            assert {g.naam for g in d.per_organisatie} == {o for o, _ in counting}
            assert {g.naam for g in d.per_niveau} == {lv for _, lv in counting}
            assert all(g.n is None and g.score is None for g in d.per_organisatie + d.per_niveau if g.onderdrukt)
            assert exposed_sets(cells, shown_organisations, shown_levels, threshold) == []

    report = advise(mini_set, result, answer_table(mini_set, respondents), settings_)
    for point in report.gespreksonderwerpen:
        cells = plain_cells(people, [point.vraag], 1)
        assert sum(cells.values()) >= threshold
        shown = [point.hoogste.groep, point.laagste.groep]
        published = (shown, []) if point.soort == "organisatie" else ([], shown)
        assert exposed_sets(cells, *published, threshold) == []
        assert all(n >= threshold for n in (point.hoogste.n, point.laagste.n))


def test_discussion_points_are_audited_across_both_partitions(mini_set):
    """Per question, organisation A (3, all strategic) and level strategisch (4) may not both be
    compared: strategisch minus A is one person of B."""
    from volwassenheid.core.advice import advise
    from volwassenheid.core.models import ScoringSettings
    from volwassenheid.core.scoring import Respondent, answer_table, score_engagement

    def person(i, organisation, level, v1):
        return Respondent(f"R{i}", organisation, level, {"v1": v1, "v2": 3})

    people = [person(i, "A", "strategisch", 5) for i in range(3)]
    people += [person(3, "B", "strategisch", 1)]
    people += [person(4 + i, "B", "tactisch", 2) for i in range(5)]
    people += [person(9 + i, "C", "tactisch", 2) for i in range(3)]
    result = score_engagement(mini_set, people)
    report = advise(mini_set, result, answer_table(mini_set, people), ScoringSettings())
    for point in report.gespreksonderwerpen:
        cells = plain_cells([(p.organisation, p.level, p.answers) for p in people], [point.vraag], 1)
        shown = [point.hoogste.groep, point.laagste.groep]
        published = (shown, []) if point.soort == "organisatie" else ([], shown)
        assert exposed_sets(cells, *published, 3) == []
    for d in result.dimensies:
        if d.id == "vertrouwen":
            cells = plain_cells([(p.organisation, p.level, p.answers) for p in people], ["v1", "v2"], 1)
            shown = [g.naam for g in d.per_organisatie if not g.onderdrukt], [g.naam for g in d.per_niveau if not g.onderdrukt]
            assert exposed_sets(cells, *shown, 3) == []
            assert shown != (["A", "B", "C"], ["strategisch", "tactisch"])


def test_which_group_is_hidden_does_not_depend_on_string_hashing():
    # Found in a batch of small partnerships: two runs of the same file hid different organisations,
    # because the audit walked the cells in the order of a set, which follows PYTHONHASHSEED.
    import subprocess
    import sys

    program = (
        "from volwassenheid.core.disclosure import hidden_groups\n"
        "cells = {('Organisatie 1', 'strategisch'): 1, ('Organisatie 2', 'operationeel'): 1, ('Organisatie 3', 'tactisch'): 1,"
        " ('Organisatie 4', 'strategisch'): 4, ('Organisatie 8', 'strategisch'): 1}\n"
        "hidden = hidden_groups(cells, 3)\n"
        "print(sorted(hidden.organisations), sorted(hidden.levels))\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": str(seed)}).stdout
        for seed in range(8)
    }
    assert len(outputs) == 1, outputs
