"""What is published per dimension and question: nothing that is one person's value."""

from __future__ import annotations

from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.scoring import Respondent, score_engagement

WN, NVT = "weet_niet", "nvt"


def person(code, org, level, tvb, i1=3):
    return Respondent(code, org, level, {"v1": 3, "v2": 3, "t1": tvb[0], "t2": tvb[1], "t3": tvb[2], "i1": i1})


def review_case():
    """The review's case: Gemeente's one respondent answered 'weet niet' on all of tvb."""
    return [
        person("P1", "Politie", "operationeel", (3, 3, 3), WN),
        person("P2", "Politie", "operationeel", (2, 3, 3), WN),
        person("P3", "Politie", "operationeel", (3, 4, 3), WN),
        person("O1", "OM", "operationeel", (3, 1, 3), NVT),
        person("O2", "OM", "operationeel", (3, 4, 3), WN),
        person("O3", "OM", "operationeel", (2, 4, 2), WN),
        person("G1", "Gemeente", "strategisch", (WN, WN, WN), 2),
    ]


def test_no_sd_per_group_and_no_min_or_max(mini_set):
    """Total n, mean and sd minus the visible groups' would give the hidden groups' sum of squares."""
    result = score_engagement(mini_set, review_case())
    for d in result.dimensies:
        assert not {"min", "max"} & set(d.model_dump())
        for group in d.per_organisatie + d.per_niveau:
            assert set(group.model_dump()) == {"naam", "n", "score", "onderdrukt"}
    assert any(not g.onderdrukt for d in result.dimensies for g in d.per_organisatie)  # the test shows groups


def test_a_hidden_group_shows_no_n_and_is_listed_whether_or_not_it_has_a_score(mini_set):
    """Gemeente (1 respondent) has no tvb score. Were it missing from tvb's list, or listed with
    its n, one could tell; and weet_niet 1 on t1..t3 would then be its answers."""
    (vertrouwen, tvb, informatie) = score_engagement(mini_set, review_case()).dimensies
    for d in (vertrouwen, tvb):
        groups = {g.naam: g for g in d.per_organisatie}
        assert set(groups) == {"Gemeente", "OM", "Politie"}
        assert (groups["Gemeente"].n, groups["Gemeente"].score, groups["Gemeente"].onderdrukt) == (None, None, True)
    assert [(q.weet_niet, q.nvt, q.geen_antwoord) for q in tvb.vragen] == [(None, None, None)] * 3
    # i1: five weet niet, one n.v.t.: the n.v.t. is one person's answer, so no counts at all.
    assert [(q.weet_niet, q.nvt, q.geen_antwoord) for q in informatie.vragen] == [(None, None, None)]
    # v1: everyone gave a phase: the counts are 0 and shown.
    assert [(q.weet_niet, q.nvt, q.geen_antwoord) for q in vertrouwen.vragen][0] == (0, 0, 0)


def test_answer_type_counts_shown_when_each_is_zero_or_enough(mini_set):
    people = review_case() + [person(f"G{i}", "Gemeente", "strategisch", (WN, WN, WN)) for i in range(2, 4)]
    (_, tvb, _) = score_engagement(mini_set, people).dimensies
    assert [(q.weet_niet, q.nvt, q.geen_antwoord) for q in tvb.vragen] == [(3, 0, 0)] * 3
    (_, tvb, _) = score_engagement(mini_set, people, settings=ScoringSettings(minimale_groep=4)).dimensies
    assert [(q.weet_niet, q.nvt, q.geen_antwoord) for q in tvb.vragen] == [(None, None, None)] * 3
