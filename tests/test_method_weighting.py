"""Weighting (issue 13): organisation or respondent weighting, hidden organisations as one group.

Each statistic is checked against a plain implementation written out below (loops over
respondents, exact fractions), and against hand-computed cases. The interval and the
phase certainty come from core.uncertainty and are not tested here.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, score_engagement

WN, NVT = "weet_niet", "nvt"
LEVELS = ("strategisch", "tactisch", "operationeel")
# The mini set: vertrouwen v1 v2; tvb t1 t2 t3 (weight 2); informatie i1; five phases.
QUESTIONS = {"vertrouwen": ["v1", "v2"], "tvb": ["t1", "t2", "t3"], "informatie": ["i1"]}
PHASES = 5


def dims(result):
    return {d.id: d for d in result.dimensies}


# --- the plain implementation ---------------------------------------------------


def phase_answers(respondent: Respondent, questions: list[str]) -> list[int]:
    return [value for q in questions if type(value := respondent.answers.get(q)) is int]


def required(questions: list[str], share: float = 0.5) -> int:
    """The number of phase answers a respondent needs for a score: ceil(share * questions), at least 1."""
    needed = Fraction(share).limit_denominator(1000) * len(questions)
    return max(1, -(-needed.numerator // needed.denominator))


def scored_respondents(respondents: list[Respondent], questions: list[str]) -> list[Respondent]:
    return [r for r in respondents if len(phase_answers(r, questions)) >= required(questions)]


def profile(respondent: Respondent, questions: list[str]) -> list[Fraction]:
    """Share of the respondent's phase answers at each phase 1..5."""
    given_phases = phase_answers(respondent, questions)
    return [Fraction(given_phases.count(k), len(given_phases)) for k in range(1, PHASES + 1)]


def plain_weighted(respondents: list[Respondent], questions: list[str], hidden: set[str], weighting: str):
    """(score, distribution) by hand: group by organisation, hidden ones in one group; weight per
    group: under organisatie 1 per visible organisation and 1 per hidden one (so the hidden group weighs
    as many as are hidden), normalised; under respondent n_g/N; spread evenly within the group."""
    people = scored_respondents(respondents, questions)
    if not people:
        return None, None
    groups: dict[object, list[Respondent]] = {}
    for r in people:
        key = "<hidden>" if r.organisation in hidden else r.organisation
        groups.setdefault(key, []).append(r)
    distribution = [Fraction(0)] * PHASES
    organisations = {key: len(hidden) if key == "<hidden>" else 1 for key in groups}
    for key, members in groups.items():
        group_weight = (
            Fraction(organisations[key], sum(organisations.values())) if weighting == "organisatie" else Fraction(len(members), len(people))
        )
        for r in members:
            for index, share in enumerate(profile(r, questions)):
                distribution[index] += group_weight / len(members) * share
    score = sum((k + 1) * share for k, share in enumerate(distribution))
    return score, distribution


def plain_mean_of_means(respondents: list[Respondent], questions: list[str], hidden: set[str]) -> Fraction:
    """Respondent scores averaged per organisation (hidden ones together), then the organisations averaged
    equally (the hidden group counting as many organisations as are hidden)."""
    groups: dict[object, list[Fraction]] = {}
    for r in scored_respondents(respondents, questions):
        answers = phase_answers(r, questions)
        key = "<hidden>" if r.organisation in hidden else r.organisation
        groups.setdefault(key, []).append(Fraction(sum(answers), len(answers)))
    weight = {key: len(hidden) if key == "<hidden>" else 1 for key in groups}
    means = {key: sum(scores) / len(scores) for key, scores in groups.items()}
    return sum(weight[key] * mean for key, mean in means.items()) / sum(weight.values())


def plain_respondent_mean(respondents: list[Respondent], questions: list[str]) -> Fraction:
    scores = [Fraction(sum(a), len(a)) for r in scored_respondents(respondents, questions) if (a := phase_answers(r, questions))]
    return sum(scores) / len(scores)


def hidden_organisations(dimension) -> set[str]:
    return {g.naam for g in dimension.per_organisatie if g.onderdrukt}


def everyone_hidden_when_too_few(dimension, respondents, questions) -> set[str]:
    """Below `minimale_groep` on a dimension no group is listed (per_organisatie is empty): all are hidden."""
    if dimension.per_organisatie:
        return hidden_organisations(dimension)
    return {r.organisation for r in respondents}


# --- hand-computed cases -------------------------------------------------------


def police_and_ggz() -> list[Respondent]:
    police = [Respondent(f"P{i}", "Politie", "operationeel", {"i1": 2}) for i in range(9)]
    return [*police, Respondent("G1", "GGZ", "operationeel", {"i1": 4})]


def test_nine_police_officers_and_one_ggz_worker_weigh_half_each(mini_set):
    # Organisation weighting: (mean Politie 2 + mean GGZ 4) / 2 = 3.0; each organisation half
    # of the distribution: phase 2 -> 0.5, phase 4 -> 0.5. Respondent weighting: (9*2 + 4) / 10 = 2.2.
    result = score_engagement(mini_set, police_and_ggz(), settings=ScoringSettings(minimale_groep=1, weging="organisatie"))
    informatie = dims(result)["informatie"]
    assert result.weging == "organisatie"
    assert informatie.score == 3.0
    assert informatie.score_andere_weging == pytest.approx(2.2)
    assert informatie.verdeling == {1: 0.0, 2: 0.5, 3: 0.0, 4: 0.5, 5: 0.0}


def test_respondent_weighting_lets_the_largest_partner_dominate(mini_set):
    # Respondent weighting: (9*2 + 4) / 10 = 2.2; distribution 0.9 at phase 2, 0.1 at 4; the other weighting 3.0.
    result = score_engagement(mini_set, police_and_ggz(), settings=ScoringSettings(minimale_groep=1, weging="respondent"))
    informatie = dims(result)["informatie"]
    assert result.weging == "respondent"
    assert informatie.score == pytest.approx(2.2)
    assert informatie.score_andere_weging == 3.0
    assert informatie.verdeling == pytest.approx({1: 0.0, 2: 0.9, 3: 0.0, 4: 0.1, 5: 0.0})


def test_organisatie_is_the_default_weighting(mini_set):
    result = score_engagement(mini_set, police_and_ggz(), settings=ScoringSettings(minimale_groep=1))
    assert result.weging == "organisatie"
    assert dims(result)["informatie"].score == 3.0


def hidden_example() -> list[Respondent]:
    """Politie 4 x 5, Gemeente 3 x 2, GGZ 1 x 1, OM 2 x 4 (all operationeel, on i1)."""
    people = [Respondent(f"P{i}", "Politie", "operationeel", {"i1": 5}) for i in range(4)]
    people += [Respondent(f"G{i}", "Gemeente", "operationeel", {"i1": 2}) for i in range(3)]
    people += [Respondent("Z1", "GGZ", "operationeel", {"i1": 1})]
    people += [Respondent(f"O{i}", "OM", "operationeel", {"i1": 4}) for i in range(2)]
    return people


def test_hidden_organisations_weigh_together_as_one_group(mini_set):
    # minimale_groep 3: GGZ (1) and OM (2) are hidden; together they hold 3 people, so the audit
    # lets Politie (4) and Gemeente (3) show. Groups: Politie 5, Gemeente 2, hidden (1 + 4 + 4) / 3 = 3.
    # Organisation weighting, the hidden group as two organisations: (5 + 2 + 2 x 3) / 4 = 13/4. Unmerged it
    # would be (5 + 2 + 1 + 4) / 4 = 3.0, which would give GGZ's one score away beside the total.
    # Respondent weighting: (20 + 6 + 1 + 8) / 10 = 3.5.
    result = score_engagement(mini_set, hidden_example(), settings=ScoringSettings(minimale_groep=3))
    informatie = dims(result)["informatie"]
    assert hidden_organisations(informatie) == {"GGZ", "OM"}
    assert informatie.score == pytest.approx(13 / 4)
    assert informatie.score_andere_weging == pytest.approx(3.5)
    # Distribution: one person (GGZ) answered at phase 1, fewer than 3: not published.
    assert informatie.verdeling is None
    # With minimale_groep 1 it would be: 1/4 at 5, 1/4 at 2, and 1/4 each for GGZ and OM apart.
    apart = dims(score_engagement(mini_set, hidden_example(), settings=ScoringSettings(minimale_groep=1)))["informatie"]
    assert apart.verdeling == pytest.approx({1: 1 / 4, 2: 1 / 4, 3: 0.0, 4: 1 / 4, 5: 1 / 4})


def test_visible_organisations_weigh_apart(mini_set):
    # minimale_groep 1: nothing hidden: (5 + 2 + 1 + 4) / 4 = 3.0.
    result = score_engagement(mini_set, hidden_example(), settings=ScoringSettings(minimale_groep=1))
    assert dims(result)["informatie"].score == 3.0


def test_a_respondent_profile_splits_over_the_phases_answered(mini_set):
    # A: v1 1, v2 3 -> profile 1/2 at 1, 1/2 at 3; B: v1 5, v2 blank -> all at 5 (one of two questions is enough).
    # Organisation weighting, two organisations: 1/4 at 1, 1/4 at 3, 1/2 at 5; score 0.25 + 0.75 + 2.5 = 3.5.
    people = [Respondent("A", "Politie", "tactisch", {"v1": 1, "v2": 3}), Respondent("B", "OM", "tactisch", {"v1": 5, "v2": WN})]
    vertrouwen = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1)))["vertrouwen"]
    assert vertrouwen.verdeling == {1: 0.25, 2: 0.0, 3: 0.25, 4: 0.0, 5: 0.5}
    assert vertrouwen.score == 3.5


def test_too_few_respondents_weigh_as_one_group(mini_set):
    # minimale_groep 4 with three respondents (2 x Politie at 2, 1 x GGZ at 5): every organisation is
    # hidden, so one group: (2 + 2 + 5) / 3 = 3.0 under both weightings (apart it would be (2 + 5) / 2 = 3.5).
    people = [Respondent("P1", "Politie", "tactisch", {"i1": 2}), Respondent("P2", "Politie", "tactisch", {"i1": 2})]
    people.append(Respondent("G1", "GGZ", "tactisch", {"i1": 5}))
    informatie = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=4)))["informatie"]
    assert informatie.score == 3.0
    assert informatie.score_andere_weging == 3.0


# --- properties against the plain implementation --------------------------------

ANSWER = st.sampled_from([None, 1, 2, 3, 4, 5, WN, NVT])
RESPONDENT = st.tuples(
    st.sampled_from(["Politie", "Gemeente", "OM", "GGZ"]),
    st.sampled_from(LEVELS),
    st.fixed_dictionaries({q: ANSWER for questions in QUESTIONS.values() for q in questions}),
)


def build(raw) -> list[Respondent]:
    return [
        Respondent(f"R{i}", organisation, level, {q: a for q, a in answers.items() if a is not None})
        for i, (organisation, level, answers) in enumerate(raw)
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(RESPONDENT, min_size=1, max_size=25), st.sampled_from(["organisatie", "respondent"]), st.integers(1, 4))
def test_scores_and_distributions_match_the_plain_implementation(mini_set, raw, weighting, group):
    respondents = build(raw)
    result = score_engagement(mini_set, respondents, settings=ScoringSettings(weging=weighting, minimale_groep=group))
    other = "respondent" if weighting == "organisatie" else "organisatie"
    for d in result.dimensies:
        questions = QUESTIONS[d.id]
        if not scored_respondents(respondents, questions):
            assert (d.score, d.score_andere_weging, d.verdeling) == (None, None, None)
            continue
        hidden = everyone_hidden_when_too_few(d, respondents, questions)
        score, distribution = plain_weighted(respondents, questions, hidden, weighting)
        other_score, _ = plain_weighted(respondents, questions, hidden, other)
        assert d.score == pytest.approx(float(score), abs=1e-12)
        assert d.score_andere_weging == pytest.approx(float(other_score), abs=1e-12)
        # The two readings of each weighting agree: the mean of organisation means, the mean of respondent scores.
        by_organisation = plain_mean_of_means(respondents, questions, hidden)
        by_respondent = plain_respondent_mean(respondents, questions)
        expected = (by_organisation, by_respondent) if weighting == "organisatie" else (by_respondent, by_organisation)
        assert (d.score, d.score_andere_weging) == pytest.approx(tuple(map(float, expected)), abs=1e-12)
        if d.verdeling is not None:
            assert list(d.verdeling) == [1, 2, 3, 4, 5]
            assert list(d.verdeling.values()) == pytest.approx([float(share) for share in distribution], abs=1e-12)
            assert sum(d.verdeling.values()) == pytest.approx(1.0, abs=1e-12)
            assert sum(k * share for k, share in d.verdeling.items()) == pytest.approx(d.score, abs=1e-12)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(RESPONDENT, min_size=1, max_size=25), st.integers(1, 4))
def test_every_organisation_visible_gives_the_mean_of_organisation_means(mini_set, raw, group):
    """Where the audit hides nothing, organisation weighting is the plain mean of the organisations' means."""
    respondents = build(raw)
    result = score_engagement(mini_set, respondents, settings=ScoringSettings(minimale_groep=group))
    for d in result.dimensies:
        questions = QUESTIONS[d.id]
        if d.score is None or not d.per_organisatie or hidden_organisations(d) - _without_score(d, respondents, questions):
            continue
        means = {}
        for r in scored_respondents(respondents, questions):
            answers = phase_answers(r, questions)
            means.setdefault(r.organisation, []).append(Fraction(sum(answers), len(answers)))
        expected = sum(sum(s) / len(s) for s in means.values()) / len(means)
        assert d.score == pytest.approx(float(expected), abs=1e-12)
        # ... and equals the published organisation scores averaged.
        shown = [g.score for g in d.per_organisatie if not g.onderdrukt]
        assert d.score == pytest.approx(sum(shown) / len(shown), abs=1e-12)


def _without_score(dimension, respondents, questions) -> set[str]:
    """Organisations listed as suppressed only because nobody of theirs has a score on the dimension."""
    with_score = {r.organisation for r in scored_respondents(respondents, questions)}
    return {g.naam for g in dimension.per_organisatie if g.naam not in with_score}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(RESPONDENT, min_size=1, max_size=20), st.sampled_from(["organisatie", "respondent"]), st.integers(1, 3), st.randoms())
def test_the_order_of_the_respondents_does_not_matter(mini_set, raw, weighting, group, rnd):
    respondents = build(raw)
    shuffled = list(respondents)
    rnd.shuffle(shuffled)
    options = ScoringSettings(weging=weighting, minimale_groep=group)
    fields = ("score", "score_andere_weging", "verdeling", "fase", "n", "sd", "indicatief", "per_organisatie", "per_niveau")
    fields += ("weet_niet_aandeel", "nvt_aandeel", "weet_niet_hoog", "nvt_hoog")
    first = [d.model_dump(include=set(fields)) for d in score_engagement(mini_set, respondents, settings=options).dimensies]
    second = [d.model_dump(include=set(fields)) for d in score_engagement(mini_set, shuffled, settings=options).dimensies]
    assert first == second


def test_order_does_not_change_a_score_in_the_last_bit(mini_set):
    """Thirds and sevenths: a float sum in a different order could differ in the last bit; fractions do not."""
    rnd = random.Random(13)
    people = [
        Respondent(
            f"R{i}", rnd.choice(["A", "B", "C"]), rnd.choice(LEVELS), {"t1": rnd.randint(1, 5), "t2": rnd.randint(1, 5), "t3": rnd.randint(1, 5)}
        )
        for i in range(40)
    ]
    baseline = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1)))["tvb"]
    for _ in range(5):
        rnd.shuffle(people)
        again = dims(score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=1)))["tvb"]
        assert (again.score, again.score_andere_weging, again.verdeling) == (baseline.score, baseline.score_andere_weging, baseline.verdeling)
