"""Discussion points prefer dimensions with low agreement (issue 13, point 6)."""

from __future__ import annotations

from volwassenheid.core.advice import _low_agreement, discussion_points
from volwassenheid.core.models import ScoringSettings
from volwassenheid.core.results import Agreement
from volwassenheid.core.scoring import Respondent, answer_table, score_engagement


def split_partnership() -> list[Respondent]:
    """Politie (3) and OM (3), all tactisch. i1: 5 against 1 (spread 4); t1: 4 against 3 (spread 1);
    v1: 4 against 3 (spread 1); the other questions alike."""
    people = [Respondent(f"P{i}", "Politie", "tactisch", {"v1": 4, "v2": 3, "t1": 4, "t2": 3, "t3": 3, "i1": 5}) for i in range(3)]
    people += [Respondent(f"O{i}", "OM", "tactisch", {"v1": 3, "v2": 3, "t1": 3, "t2": 3, "t3": 3, "i1": 1}) for i in range(3)]
    return people


def test_without_low_agreement_the_widest_difference_comes_first(mini_set):
    points = discussion_points(mini_set, answer_table(mini_set, split_partnership()), 3)
    assert [p.vraag for p in points] == ["i1", "v1", "t1"]  # spread 4, then 1 and 1 in the set's order
    assert not any(p.lage_overeenstemming for p in points)


def test_questions_of_a_low_agreement_dimension_come_first(mini_set):
    # tvb's t1 differs by 1 only, but its dimension has low agreement: it leads, flagged.
    points = discussion_points(mini_set, answer_table(mini_set, split_partnership()), 3, low_agreement=frozenset({"tvb"}))
    assert [p.vraag for p in points] == ["t1", "i1", "v1"]
    assert [p.lage_overeenstemming for p in points] == [True, False, False]
    assert points[0].verschil == 1.0


def test_low_agreement_of_an_indicative_dimension_is_not_preferred(mini_set):
    result = score_engagement(mini_set, split_partnership(), settings=ScoringSettings(minimale_groep=3))
    low = Agreement(rwg=0.4, ad=1.0, laag=True)
    dimensions = [d.model_copy(update={"overeenstemming": low if d.id in ("tvb", "vertrouwen") else None}) for d in result.dimensies]
    # n = 6 >= minimale_n 5: both low-agreement dimensions count; once tvb is indicative, it drops out.
    marked = result.model_copy(update={"dimensies": dimensions})
    assert _low_agreement(marked) == frozenset({"tvb", "vertrouwen"})
    dimensions = [d.model_copy(update={"indicatief": d.id == "tvb"}) for d in dimensions]
    assert _low_agreement(result.model_copy(update={"dimensies": dimensions})) == frozenset({"vertrouwen"})
    # High agreement (laag False) is never preferred.
    high = [d.model_copy(update={"overeenstemming": Agreement(rwg=0.9, ad=0.1, laag=False)}) for d in result.dimensies]
    assert _low_agreement(result.model_copy(update={"dimensies": high})) == frozenset()
