"""Many respondents take the numpy road (core.weighting.weighted_many and the normal approximation
from each group's moments); it must give what the road over respondent types gives."""

from __future__ import annotations

import random

import pytest

import volwassenheid.core.scoring as scoring
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, score_engagement
from volwassenheid.core.uncertainty import ANALYTIC_FROM


def crowd(size: int, seed: int) -> list[Respondent]:
    rng = random.Random(seed)
    organisations = ["Politie", "OM", "Gemeente", "GGZ", "Reclassering"]
    sizes = [0.45, 0.25, 0.15, 0.10, 0.05]  # Reclassering (about 45 of 900): hidden at minimale_groep 50
    answers = [1, 2, 3, 3, 4, 5, "weet_niet", "nvt", None]
    people = []
    for i in range(size):
        organisation = rng.choices(organisations, sizes)[0]
        given = {q: rng.choice(answers) for q in ("v1", "v2", "t1", "t2", "t3", "i1")}
        people.append(
            Respondent(f"R{i}", organisation, rng.choice(["strategisch", "tactisch", "operationeel"]), {q: a for q, a in given.items() if a})
        )
    return people


@pytest.mark.parametrize(("seed", "weging"), [(1, "organisatie"), (2, "respondent"), (3, "organisatie")])
def test_the_numpy_road_gives_what_the_type_road_gives(mini_set, monkeypatch, seed, weging):
    people = crowd(ANALYTIC_FROM + 400, seed)
    settings = ScoringSettings(weging=weging, minimale_groep=50)
    many = score_engagement(mini_set, people, settings=settings)
    hidden: set[str] = set()
    monkeypatch.setattr(scoring, "normal_approximation_fits", lambda sizes: False)  # every dimension over respondent types
    few = score_engagement(mini_set, people, settings=settings)
    for a, b in zip(many.dimensies, few.dimensies, strict=True):
        assert a.n >= ANALYTIC_FROM and a.interval_methode == "analytisch" == b.interval_methode
        hidden.update(g.naam for g in a.per_organisatie if g.onderdrukt)
        assert a.score == pytest.approx(b.score, abs=1e-12) and a.score_andere_weging == pytest.approx(b.score_andere_weging, abs=1e-12)
        assert a.fase == b.fase
        assert [a.verdeling[k] for k in a.verdeling] == pytest.approx([b.verdeling[k] for k in b.verdeling], abs=1e-12)
        assert a.interval == pytest.approx(b.interval, abs=1e-9)
        # other random draws (the seeds differ), the same normal distribution
        assert a.fase_zekerheid == pytest.approx(b.fase_zekerheid, abs=0.04)
    assert "Reclassering" in hidden  # the numpy road merged a hidden organisation too


def test_the_numpy_road_does_not_depend_on_the_order(mini_set):
    people = crowd(ANALYTIC_FROM + 50, 4)
    shuffled = people[:]
    random.Random(5).shuffle(shuffled)
    assert score_engagement(mini_set, people) == score_engagement(mini_set, shuffled)


def test_a_sort_key_too_large_for_63_bits_sorts_column_by_column():
    """Counts up to 2000 at 9 phases: 2001**9 is far beyond 63 bits, so the one-number key would overflow.
    The column sort gives the same figures as a narrow input of the same respondents scaled down."""
    import numpy as np

    from volwassenheid.core.weighting import weighted_many

    rng = np.random.default_rng(1)
    small = rng.integers(0, 3, size=(400, 9))
    small[small.sum(axis=1) == 0, 0] = 1  # everyone has a phase answer
    organisation_of = rng.integers(0, 3, size=400)
    names = ["A", "B", "C"]
    narrow = weighted_many(small, names, organisation_of, frozenset(), "organisatie", "x")
    wide = weighted_many(small * 1000, names, organisation_of, frozenset(), "organisatie", "x")  # the same shares
    order = rng.permutation(400)
    shuffled = weighted_many(small[order] * 1000, names, organisation_of[order], frozenset(), "organisatie", "x")
    assert wide.score == pytest.approx(narrow.score, abs=1e-12)
    assert wide.distribution == pytest.approx(narrow.distribution, abs=1e-12)
    assert (shuffled.score, shuffled.distribution, shuffled.seed) == (wide.score, wide.distribution, wide.seed)
